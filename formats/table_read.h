/* One reader for the inputs rows come from: a CSV file (formats/csv_read.h) or one sheet of an
 * xlsx workbook (formats/xlsx_read.h), chosen once when the file is opened: a name ending in .xlsx
 * or .xlsm, or a file that starts as a zip archive (or an old .xls, to say so) is a workbook;
 * anything else, standard input included, is CSV.  Records reach the callback exactly as the chosen
 * reader hands them, so reading CSV through here costs nothing per row.
 *
 * Ownership: as the readers underneath: the reader owns its header and records; the caller frees
 * it with table_reader_free.  Option strings are copied.
 */
#ifndef INVOICECTL_FORMATS_TABLE_READ_H
#define INVOICECTL_FORMATS_TABLE_READ_H

#include "formats/csv_read.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct table_options {
    csv_options csv;   /* for CSV input */
    const char *sheet; /* for a workbook: the sheet (NULL: the first) */
    long header_row;   /* for a workbook: the header's row (0: 1) */
    /* for a workbook: sheets joined to the first on column join_col (formats/xlsx_read.h) */
    const char *join_col;
    const char *const *join_sheets;
    size_t njoin;
} table_options;

typedef struct table_reader table_reader;

/* True when `path` is read as a workbook. */
bool table_path_is_workbook(const char *path);

table_reader *table_reader_open(const char *path, const table_options *opt, ic_err *err);
size_t table_reader_ncols(const table_reader *r);
const char *const *table_reader_header(const table_reader *r);
const char *table_reader_path(const table_reader *r);
/* CSV: the delimiter in use; a workbook: ','. */
char table_reader_delimiter(const table_reader *r);
/* A workbook: the (first) sheet's name, and where header column i is ("Invoices!C"); NULL for
 * CSV. */
const char *table_reader_sheet(const table_reader *r);
const char *table_reader_col_ref(const table_reader *r, size_t i);
int table_reader_run(table_reader *r, csv_record_fn fn, void *ctx, ic_err *err);
void table_reader_free(table_reader *r);

#endif
