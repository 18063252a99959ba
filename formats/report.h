/* Validation reports: the files `invoicectl validate --report FILE` writes (JSON, CSV or XLSX,
 * chosen by the file's extension) and the text it prints on the terminal.  The shapes are
 * documented in docs/validate.md and are stable: fields are only ever added.
 *
 * Ownership: nothing here keeps a pointer to the batch or the strings it is given.  report_write
 * opens, writes and commits the file itself (util/atomic_file: the file appears whole or not at
 * all); the report_write_json / _csv functions write to a FILE the caller owns and closes.
 */
#ifndef INVOICECTL_FORMATS_REPORT_H
#define INVOICECTL_FORMATS_REPORT_H

#include "model/batch.h"
#include "model/invoice.h"
#include "model/money.h"
#include "util/atomic_file.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum report_format { REPORT_JSON = 0, REPORT_CSV, REPORT_XLSX };

/* The format for a file name by its extension (".json", ".csv", ".xlsx", any case); "-" (standard
 * output) is JSON.  -1 when the extension is not one of these. */
int report_format_from_path(const char *path);

/* What a report says about one invoice. */
enum report_status { REPORT_VALID = 0, REPORT_INVALID, REPORT_WARNING };
const char *report_status_word(enum report_status s); /* "valid", "invalid", "warning" */

/* The status of every invoice of the batch, in batch order: invalid when an error was reported
 * against it, warning when it is valid but a warning names its key, else valid.  Returns a heap
 * array of b->n_invoices elements (NULL when there are none) that the caller frees. */
enum report_status *report_statuses(const ic_batch *b);

/* The money figures of an invoice as the reports show them.  subtotal: Σ quantity × unit price
 * (less discounts) of the line items; total: the original balance that will be sent (when it has
 * one); costs: total − subtotal, i.e. freight, tax and every other cost beyond the line items.  A
 * false has_* means the figure is unknown (no balance, or an overflow in an invalid invoice). */
typedef struct report_figures {
    bool has_subtotal, has_costs, has_total;
    money_t subtotal, costs, total;
} report_figures;
void report_invoice_figures(const ic_invoice *inv, report_figures *f);

/* How many invoices the batch holds to list: n_invoices, or 0 when it was read without keeping
 * them. */
size_t report_listed_invoices(const ic_batch *b);

/* Problems beyond the kept ones (the --max-problems cap): counted but not listed. */
size_t report_omitted(const ic_batch *b);

/* An output file of validate (report or bodies).  A new name or a regular file is written
 * atomically (util/atomic_file); an existing special file such as /dev/null or a FIFO cannot be
 * replaced by a rename and is written in place; "-" is standard output.  End with exactly one of
 * report_out_commit or report_out_abort, which release everything. */
typedef struct report_out {
    FILE *fp;        /* write here */
    atomic_file *af; /* NULL when written in place */
    char *path;      /* for messages */
    bool close_fp;   /* in place: fp is ours to close */
} report_out;
int report_out_open(report_out *o, const char *path, ic_err *err);
int report_out_commit(report_out *o, ic_err *err);
void report_out_abort(report_out *o);

/* Writes the report for the batch to `path` in the format of its extension.  map_path names the
 * mapping used (shown in the report; may be NULL).  Returns 0, IC_EXIT_USAGE for an unknown
 * extension, or IC_EXIT_IO with err naming the file. */
int report_write(const char *path, const ic_batch *b, const char *map_path, ic_err *err);

/* The JSON report (docs/validate.md): one invoice and one problem per line, money as exact strings.
 */
int report_write_json(FILE *fp, const ic_batch *b, const char *map_path, ic_err *err);
/* The CSV report: a header, then one row per problem (severity,file,line,column,invoice,message),
 * text cells neutralised against spreadsheet formulas. */
int report_write_csv(FILE *fp, const ic_batch *b, ic_err *err);
/* The XLSX report written to the file `xlsx_path` (libxlsxwriter creates it): sheets Summary,
 * Problems and Invoices.  SOURCE_DATE_EPOCH, when set, fixes the document's creation time. */
int report_write_xlsx(const char *xlsx_path, const ic_batch *b, const char *map_path, ic_err *err);

/* The terminal text.  report_print_problems lists the first `limit` problems (0: all kept), or only
 * the errors when errors_only, one per line: "x.csv:14: error: column 'Due Date', invoice INV-3:
 * expected …", then "… and N more in the report" (report_path may be NULL when no report is
 * written). */
void report_print_problems(FILE *fp, const ic_batch *b, size_t limit, bool errors_only,
                           const char *report_path);
/* One problem's line, without the newline, into buf (truncated to bufsize). */
void report_format_problem(const ic_problem *p, char *buf, size_t bufsize);
/* The summary block: rows, the row accounting ("rows: 120 read = 112 used + 6 skipped + 2 in
 * error"), invoices, valid, invalid, warnings, errors. */
void report_print_summary(FILE *fp, const ic_batch *b);
/* The skipped rows, one per line ("x.csv:14: skipped: skip[1]: column 'Customer' matches
 * '^Total'"), for -v. */
void report_print_skipped(FILE *fp, const ic_batch *b);

#endif
