/* The parts of the workbook reader (formats/xlsx_*.c); nothing outside formats/ includes this.
 *
 *   xlsx_zip.c    the zip container, with the zip-bomb limits
 *   xlsx_xml.c    expat over one zip entry, DOCTYPEs (and so entity declarations) refused
 *   xlsx_book.c   workbook.xml and its relationships: the sheets, the 1904 date system
 *   xlsx_styles.c styles.xml: which cell styles show a date
 *   xlsx_sst.c    the shared strings
 *   xlsx_value.c  cell references, numbers as text, day numbers to dates
 *   xlsx_merge.c  the merged ranges of a sheet, found before its rows are read
 *   xlsx_sheet.c  one sheet's rows, streamed
 *   xlsx_header.c a sheet's header, and the combined header of joined sheets
 *   xlsx_join.c   sheets joined to the first on a column
 *   xlsx_read.c   the public reader (formats/xlsx_read.h)
 *
 * Ownership: an xlsx_book owns everything in it; xlsx_book_release empties it.
 */
#ifndef INVOICECTL_FORMATS_XLSX_INTERNAL_H
#define INVOICECTL_FORMATS_XLSX_INTERNAL_H

#include "formats/xlsx_read.h"
#include "formats/xlsx_zip.h"
#include "util/err.h"
#include "util/sbuf.h"

#include <expat.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- xlsx_xml.c ---- */
typedef struct xlsx_xml {
    void *ud; /* handed to the handlers */
    XML_StartElementHandler start;
    XML_EndElementHandler end;
    XML_CharacterDataHandler text;
    /* set by xlsx_xml_parse */
    XML_Parser p;
    int stop;
} xlsx_xml;

/* Parses entry `entry` of the archive with x's handlers.  Returns 0, the value a handler gave
 * xlsx_xml_stop (with err set by it when that is an error), or IC_EXIT_USAGE for malformed XML or
 * a DOCTYPE. */
int xlsx_xml_parse(xlsx_zip *z, const char *shown, const char *entry, xlsx_xml *x, ic_err *err);
/* From a handler: ends the parse, which returns rc. */
void xlsx_xml_stop(xlsx_xml *x, int rc);
/* An element or attribute name without its namespace prefix ("x:row" is "row"). */
const char *xlsx_local(const char *name);
/* An attribute's value by local name, or NULL. */
const char *xlsx_attr(const char **atts, const char *name);

/* ---- the book: xlsx_book.c, xlsx_styles.c, xlsx_sst.c ---- */
typedef struct xlsx_book {
    xlsx_zip *z;
    char *shown;
    char **sheet_names, **sheet_rids; /* in workbook order */
    size_t nsheets;
    char **rel_ids, **rel_types, **rel_targets; /* targets resolved to entry names */
    size_t nrels;
    bool date1904;
    uint8_t *xf_date; /* per cell style (the s attribute): 1 when its number format shows a date */
    size_t nxf;
    char *sst;       /* the shared strings, each NUL-terminated */
    size_t *sst_off; /* start of string i in sst */
    size_t sst_len;  /* bytes in sst (each string's NUL included) */
    size_t nsst;
} xlsx_book;

int xlsx_book_open(xlsx_book *b, const char *path, const char *shown, ic_err *err);
/* The entry of the sheet named `sheet` (NULL: the first); *name gets the sheet's own name. */
int xlsx_book_sheet(xlsx_book *b, const char *sheet, const char **entry, const char **name,
                    ic_err *err);
/* The entry a relationship of the given type ends with ("/styles"), or NULL. */
const char *xlsx_book_rel_of_type(const xlsx_book *b, const char *type_suffix);
void xlsx_book_release(xlsx_book *b);

int xlsx_styles_load(xlsx_book *b, const char *entry, ic_err *err);
/* True when an Excel number format code shows a date or a time. */
bool xlsx_format_is_date(const char *code);
bool xlsx_builtin_is_date(long id);
int xlsx_sst_load(xlsx_book *b, const char *entry, ic_err *err);

/* ---- xlsx_value.c ---- */
/* "C14" to column 2 (0-based) and row 14; false when it is no cell reference. */
bool xlsx_ref_parse(const char *ref, long *col, long *row);
/* Column 2 to "C" (buf of at least 4 bytes). */
void xlsx_col_name(long col, char *buf);
/* A number as the file stores it ("0.30000000000000004", "1.5E-3") to plain decimal text cut to
 * Excel's 15 significant digits ("0.3", "0.0015"), with decimal arithmetic on the digits.  False
 * when it is no number. */
bool xlsx_number_text(const char *s, size_t len, sbuf *out);
enum xlsx_day {
    XLSX_DAY_OK = 0,
    XLSX_DAY_NOT_NUMBER,
    XLSX_DAY_NEGATIVE,
    XLSX_DAY_1900_02_29,
    XLSX_DAY_RANGE
};
/* A day number (with a fraction for the time of day) to "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" or,
 * below 1, "HH:MM:SS". */
enum xlsx_day xlsx_day_text(const char *s, size_t len, bool date1904, sbuf *out);
/* "_x000D_" escapes of OOXML strings decoded in place; returns the new length. */
size_t xlsx_unescape(char *s, size_t len);

/* ---- xlsx_merge.c ---- */
typedef struct xlsx_merge {
    long r1, c1, r2, c2; /* rows 1-based, columns 0-based, inclusive */
    char *val;           /* the top-left cell's value once its row was read */
} xlsx_merge;
/* The merged ranges of a sheet, sorted by first row (*out NULL when none; the caller frees). */
int xlsx_merges_load(xlsx_book *b, const char *entry, xlsx_merge **out, size_t *n, ic_err *err);

/* ---- xlsx_read.c, xlsx_join.c: the reader ---- */
typedef struct xlsx_kid {
    char *name;        /* a sheet joined to the first */
    const char *entry; /* in the book */
    long join;         /* its join column */
    size_t ncols;      /* its header's columns */
    size_t off;        /* where its columns start in the combined header */
} xlsx_kid;

struct xlsx_reader {
    xlsx_book book;
    char *path;
    char *sheet;
    const char *entry; /* in book */
    long header_row;
    size_t max_bytes;
    char **header; /* the combined header: the first sheet's, then "_sheet" and the others' */
    char **refs;   /* per column: "Sheet!C" */
    size_t ncols;
    size_t nmain;       /* the first sheet's columns */
    xlsx_merge *merges; /* sorted by first row */
    size_t nmerges;
    size_t next_merge; /* the first merge whose rows are not reached yet */
    size_t *active;    /* merges over the current row (indexes) */
    size_t nactive;
    /* joined sheets (xlsx_join.c) */
    long join; /* the first sheet's join column, -1 none */
    xlsx_kid *kids;
    size_t nkids, kid; /* kid: the one being read */
    void *keys;        /* join value -> kept row of the first sheet */
    char **kept;       /* per kept row: its nmain cells, each NUL-terminated, one after another */
    size_t nkept;
    /* run */
    const char **fields;
    size_t *lens;
    size_t index;
    csv_record_fn fn;
    void *ctx;
    ic_err *err;
    int cb_rc;
};

int xlsx_read_header(xlsx_reader *r, const char *entry, const char *sheet, char ***names, size_t *n,
                     ic_err *err);
void xlsx_add_column(xlsx_reader *r, char *name, const char *sheet, long col);
/* After the first sheet's header: the joined sheets' headers, into the combined one. */
int xlsx_join_open(xlsx_reader *r, const xlsx_options *opt, ic_err *err);
/* A row of the first sheet, kept by its join value (a value twice stops with err set). */
int xlsx_join_keep(xlsx_reader *r, long row);
/* After the first sheet: the joined sheets' rows, as records. */
int xlsx_join_run(xlsx_reader *r, ic_err *err);
void xlsx_join_release(xlsx_reader *r);

/* ---- xlsx_sheet.c ---- */
typedef struct xlsx_cell {
    long col;      /* 0-based */
    const char *s; /* the value as text, NUL-terminated */
    size_t len;
} xlsx_cell;

/* Called with each row that holds a value, in sheet order; non-zero stops the stream and is
 * returned.  Cells are in column order, borrowed for the call. */
typedef int (*xlsx_row_fn)(void *ctx, long row, const xlsx_cell *cells, size_t n);

/* Streams sheet entry `entry` (named `sheet` in messages).  Returns 0, fn's value, or an ic_exit
 * code with err set: a cell holding an error value (#N/A), a formula without a computed value, a
 * day Excel counts that never was, a row over max_row_bytes. */
int xlsx_sheet_stream(xlsx_book *b, const char *entry, const char *sheet, size_t max_row_bytes,
                      xlsx_row_fn fn, void *ctx, ic_err *err);

#endif
