/* The export workbook (docs/export.md): sheets Summary, Invoices, Line Items, Cost Lines, Aging and
 * Charts, each set up to print (landscape, one page wide, header row repeated), written with
 * libxlsxwriter in constant_memory mode so memory stays flat however many invoices there are.
 *
 * Invoices stream in with xlsx_export_add (each sheet's rows go to its own temporary file in order;
 * rows of different sheets may interleave).  xlsx_export_finish then writes what needs the whole
 * data: the Summary sheet, the totals rows per currency, the Aging and Charts sheets (exact sums
 * held in memory: customers x currencies, small), column widths (tracked while streaming;
 * libxlsxwriter writes <cols> when the sheet is assembled at close), the autofilter ranges, and
 * closes the workbook.
 *
 * Ownership: xlsx_export_open returns a writer the caller ends with exactly one of
 * xlsx_export_finish or xlsx_export_abort, which free it.  The invoice given to xlsx_export_add is
 * borrowed for the call.  Options' strings are copied.
 */
#ifndef INVOICECTL_FORMATS_XLSX_EXPORT_H
#define INVOICECTL_FORMATS_XLSX_EXPORT_H

#include "model/invoice.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct xlsx_export_opts {
    const char *path; /* the file libxlsxwriter creates (usually an atomic_file's temporary name) */
    int64_t as_of_day;   /* days since 1970-01-01 of the as-of date (days past due, aging) */
    const char *zone;    /* time zone of dates, NULL: UTC */
    int64_t created;     /* document creation time, unix seconds (SOURCE_DATE_EPOCH); 0: now */
    const char *title;   /* document properties; NULL: "Invoices" */
    const char *subject; /* NULL: "Invoices and open balances as of YYYY-MM-DD" */
    const char *tmpdir;  /* folder for libxlsxwriter's temporary files; NULL: the system default */
    const char *store;   /* the store or target exported from (Summary, page headers); NULL: none */
    const char *filters; /* the filters used, as the user gave them (Summary); NULL or "": none */
} xlsx_export_opts;

typedef struct xlsx_export xlsx_export;

/* Column headings of the Invoices sheet (also the CSV columns); XLSX_INVOICE_NCOLS of them. */
#define XLSX_INVOICE_NCOLS 14
extern const char *const xlsx_invoice_columns[XLSX_INVOICE_NCOLS];

/* The issue date an export shows: issuedAt when the invoice has it, else its creation time (B2B
 * Edition keeps the issuedAt of a create as the invoice's createdAt and answers with that).  False
 * when neither is known. */
bool export_issued_at(const ic_invoice *inv, int64_t *t);

/* NULL with err set (IC_EXIT_IO) when the workbook cannot be created. */
xlsx_export *xlsx_export_open(const xlsx_export_opts *o, ic_err *err);
/* Writes one invoice's rows on the three data sheets and adds it to the totals and the aging.
 * Returns 0 or IC_EXIT_IO (a sheet is full, a library error) / IC_EXIT_INVALID (a sum overflows)
 * with err set. */
int xlsx_export_add(xlsx_export *x, const ic_invoice *inv, ic_err *err);
/* Writes the totals, the Aging sheet and the widths, then closes the workbook and frees x.  Returns
 * 0 or IC_EXIT_IO with err set ("cannot write the workbook 'x.xlsx': …"). */
int xlsx_export_finish(xlsx_export *x, ic_err *err);
/* Frees x without writing the workbook (the caller removes whatever file exists). */
void xlsx_export_abort(xlsx_export *x);

/* Counts, for progress and summaries. */
size_t xlsx_export_invoices(const xlsx_export *x);

#endif
