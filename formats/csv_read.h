/* Streaming CSV reading with libcsv: one callback per record, memory bounded by the longest record.
 *
 * Handles a UTF-8 byte-order mark, CRLF and LF, quoted delimiters, doubled quotes and embedded
 * newlines; converts windows-1252 and latin-1 to UTF-8; reports invalid UTF-8 with its line and
 * column.  Line numbers are physical lines of the file (1-based), correct across embedded newlines.
 *
 * Ownership: the reader owns everything it hands to callbacks; a csv_record and its strings are
 * valid only during the callback.  The caller frees the reader with csv_reader_free().
 */
#ifndef INVOICECTL_FORMATS_CSV_READ_H
#define INVOICECTL_FORMATS_CSV_READ_H

#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum csv_encoding { CSV_ENC_UTF8 = 0, CSV_ENC_WINDOWS_1252, CSV_ENC_LATIN1 };

typedef struct csv_options {
    char delimiter; /* ',' ';' '\t' '|', or 0 for auto-detection from the header line */
    enum csv_encoding encoding;
    size_t max_record_bytes; /* a longer record is an error (0: 1 MiB) */
} csv_options;

typedef struct csv_record {
    size_t nfields;
    const char *const *fields; /* UTF-8, NUL-terminated, untrimmed */
    const size_t *lens;
    long line;     /* physical line where the record starts */
    long end_line; /* physical line where it ends (differs when a field holds newlines) */
    size_t index;  /* 0-based data-record index (the header is not counted) */
} csv_record;

/* Return 0 to go on, non-zero to stop reading (csv_reader_run then returns that value). */
typedef int (*csv_record_fn)(void *ctx, const csv_record *rec);

typedef struct csv_reader csv_reader;

/* Opens `path` ("-" for standard input) and reads the header record.  Errors (exit class in
 * err->code): cannot open (IO), empty file, invalid UTF-8, empty or duplicate header names (USAGE).
 * NULL on error. */
csv_reader *csv_reader_open(const char *path, const csv_options *opt, ic_err *err);

/* The header: names (UTF-8, BOM removed, trimmed) and their count.  Owned by the reader. */
size_t csv_reader_ncols(const csv_reader *r);
const char *const *csv_reader_header(const csv_reader *r);
/* Index of a header name, or -1. */
int csv_reader_col(const csv_reader *r, const char *name);
/* The delimiter in use (the detected one when auto). */
char csv_reader_delimiter(const csv_reader *r);
/* The name used in messages: the path as given, "<stdin>" for "-". */
const char *csv_reader_path(const csv_reader *r);

/* Reads every data record, calling fn for each.  A record whose field count differs from the
 * header's, a record over the size limit, invalid UTF-8, a read error: err is set with "FILE:LINE:
 * …" and the return is the err->code.  A file with only a header calls fn zero times and returns 0
 * (the caller decides). Returns 0, the callback's non-zero value, or an ic_exit code with err set.
 * Exit classes: bad input (field count, size limit, encoding, an unclosed quote) is IC_EXIT_USAGE,
 * a read error IC_EXIT_IO.  A blank line (nothing, or one field of only spaces) is skipped, not an
 * error. A regular file that is replaced, rewritten or appended to while it is read is IC_EXIT_IO
 * ("'x.csv' changed while it was being read"), noticed at the end of input and every few MiB;
 * records already handed to fn may then come from either version, so the caller must discard what
 * it gathered.  Pipes and stdin are not checked. */
int csv_reader_run(csv_reader *r, csv_record_fn fn, void *ctx, ic_err *err);

/* Bytes read so far (for progress) and the file size when known (0 for pipes). */
size_t csv_reader_bytes_read(const csv_reader *r);
size_t csv_reader_size(const csv_reader *r);

void csv_reader_free(csv_reader *r);

/* Parses an encoding name: "utf-8", "utf8", "windows-1252", "cp1252", "latin-1", "iso-8859-1".  -1
 * unknown. */
int csv_encoding_from_name(const char *name);

#endif
