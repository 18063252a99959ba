/* Streaming reading of one sheet of an xlsx workbook, handing each row to the same callback the
 * CSV reader uses (formats/csv_read.h), so that whatever reads CSV rows reads a sheet's.
 *
 * The header is the row `header_row` (1 by default); rows above it are ignored, and each later row
 * that holds a value is a record, its `line` the sheet's row number (rows Excel stores without a
 * value, such as empty trailing rows, are not records).  Cells become text from what the file
 * stores (formats/xlsx_sheet.c): numbers as their decimal digits cut to Excel's 15 significant
 * digits (never through a double), dates (cells whose number format shows one, 1900 and 1904
 * systems) as ISO 8601, booleans TRUE/FALSE, a formula's cached value.  Hidden rows are read like
 * any other.  Places in messages read "book.xlsx:Sheet!C14".
 *
 * With join_sheets, the other sheets' rows follow (see xlsx_options); a row whose join value is on
 * no row of the first sheet, or a value twice in the first sheet, stops the read with the place.
 *
 * Hostile files are refused with a message naming what was wrong, IC_EXIT_USAGE: not a zip (a CSV
 * named .xlsx, an old .xls), a zip bomb, entries outside the archive, a DOCTYPE in any part, a
 * missing sheet; a cell holding an error (#N/A) or a formula without a cached value stops the read
 * with the cell named.
 *
 * Ownership: the reader owns the header and every record it hands out (valid during the
 * callback); the caller frees it with xlsx_reader_free.  Strings in the options are copied.
 */
#ifndef INVOICECTL_FORMATS_XLSX_READ_H
#define INVOICECTL_FORMATS_XLSX_READ_H

#include "formats/csv_read.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct xlsx_options {
    const char *sheet;       /* the sheet's name; NULL for the first */
    long header_row;         /* 1-based row of the header (of every sheet read); 0 for 1 */
    size_t max_record_bytes; /* a longer row is an error (0: 1 MiB) */
    /* Sheets joined to the first (a sheet per section, as Shift's invoice workbook): each row of
     * sheet join_sheets[k] is a record holding the cells of the first sheet's row with the same
     * value in column join_col, its own cells as columns "SHEET/COLUMN", and "_sheet" naming the
     * sheet it came from; the first sheet's rows come first, "_sheet" its name.  njoin 0: none. */
    const char *join_col;
    const char *const *join_sheets;
    size_t njoin;
} xlsx_options;

typedef struct xlsx_reader xlsx_reader;

/* What a file's first bytes say it is. */
enum xlsx_kind { XLSX_KIND_OTHER = 0, XLSX_KIND_ZIP, XLSX_KIND_OLE, XLSX_KIND_UNREADABLE };
enum xlsx_kind xlsx_sniff(const char *path);
/* True when the name ends in .xlsx or .xlsm (any case). */
bool xlsx_path_is_workbook(const char *path);

/* Opens the workbook and reads the chosen sheet's header.  NULL with err set: IC_EXIT_IO when the
 * file cannot be opened, IC_EXIT_USAGE when it is not a workbook, is refused, has no such sheet
 * or no header. */
xlsx_reader *xlsx_reader_open(const char *path, const xlsx_options *opt, ic_err *err);

size_t xlsx_reader_ncols(const xlsx_reader *r);
const char *const *xlsx_reader_header(const xlsx_reader *r);
const char *xlsx_reader_path(const xlsx_reader *r);
/* The sheet's name as the workbook spells it. */
const char *xlsx_reader_sheet(const xlsx_reader *r);
/* Where header column i is: its sheet and letters ("Invoices!C"), or NULL past the header. */
const char *xlsx_reader_col_ref(const xlsx_reader *r, size_t i);

/* Reads every record after the header, as csv_reader_run does (same callback and return values);
 * a value right of the header's last column is an error naming its cell. */
int xlsx_reader_run(xlsx_reader *r, csv_record_fn fn, void *ctx, ic_err *err);

void xlsx_reader_free(xlsx_reader *r);

#endif
