/* CSV output of `export`: either the Invoices sheet's columns (one row per invoice), or another
 * layout the caller describes (export_csv_layout: with `export --map`, the mapping's own layout,
 * one row per line item, invoice fields repeated; export/map_layout.h) so that `import -m MAP`
 * reads the file back as the same invoices.  This writer knows invoices, not mappings.
 *
 * RFC 4180, UTF-8 (with a mapping: its encoding), CRLF (formats/csv_write).  Text cells that could
 * run as a formula are neutralised unless the caller turns it off; numbers and amounts (with a
 * mapping: in its decimal separator) are never touched.  Amounts are
 * exact: the currency's decimals, more when the stored value has them ("12.50", "0.1234").  Dates
 * are YYYY-MM-DD in the export's zone.
 *
 * Ownership: export_csv_open returns a writer the caller frees with export_csv_finish (or
 * export_csv_free on failure paths).  The FILE and the layout's header and source are borrowed and
 * must outlive the writer.
 */
#ifndef INVOICECTL_FORMATS_EXPORT_CSV_H
#define INVOICECTL_FORMATS_EXPORT_CSV_H

#include "formats/csv_read.h"
#include "model/invoice.h"
#include "util/err.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct export_csv export_csv;

/* One row of a layout: ncols cells (NULL: an empty one), valid during the call; non-zero stops. */
typedef int (*export_csv_row_fn)(void *ctx, const char *const *cells, size_t ncols);

/* A layout other than the Invoices sheet's columns.  rows(src, inv, zone, fn, ctx) hands each row
 * of one invoice to fn and returns 0, or fn's non-zero return, or an ic_exit code when the invoice
 * cannot be written in the layout. */
typedef struct export_csv_layout {
    const char *const *header; /* the column names, ncols of them */
    size_t ncols;
    char delimiter;             /* 0: a comma */
    enum csv_encoding encoding; /* what UTF-8 text is converted to */
    char decimal;               /* the decimal separator numbers are written with */
    int (*rows)(const void *src, const ic_invoice *inv, const char *zone, export_csv_row_fn fn,
                void *ctx);
    const void *src;
} export_csv_layout;

/* layout NULL: the Invoices sheet's columns.  Writes the header row at once.  With a layout, the
 * file has its delimiter, its encoding (UTF-8 text converted to windows-1252 or latin-1; a
 * character that has no byte there is an error naming it, the column and the invoice,
 * IC_EXIT_USAGE), its decimal separator, dates in `zone`.  NULL with err set when the layout's own
 * column names cannot be written in its encoding.  The layout is copied. */
export_csv *export_csv_open(FILE *fp, int64_t as_of_day, const char *zone,
                            const export_csv_layout *layout, bool neutralise, ic_err *err);
/* One invoice's row(s).  Returns 0 or an ic_exit code with err set. */
int export_csv_add(export_csv *w, const ic_invoice *inv, ic_err *err);
/* Checks that everything reached the stream and frees w.  Returns 0 or IC_EXIT_IO. */
int export_csv_finish(export_csv *w, ic_err *err);
void export_csv_free(export_csv *w);

/* An amount as exact text with at least the currency's decimals: 1250000 in "USD" is "125.00", 1234
 * in "JPY" is "0.1234".  buf holds MONEY_MAX_TEXT. Returns the length. */
size_t export_amount_text(money_t m, const char *currency, char *buf, size_t bufsize);

/* True when a cell text is a plain decimal number ("-12.50", "3"): written as a number, never
 * neutralised. */
bool export_text_is_number(const char *s);
/* The same with another decimal separator: "-25,29" is a number when decimal is ','. */
bool export_text_is_number_in(const char *s, char decimal);

#endif
