/* A batch: what reading one input file gave, the invoices with every row accounted for and the
 * problems found.  Mapping fills it (mapping_read_invoices); reports, plans and writers read it.
 *
 * Ownership: an ic_batch owns its invoices, row notes, problems and csv_path; batch_release()
 * releases them all and leaves the batch empty (zeroed), so it may be freed twice.
 */
#ifndef INVOICECTL_MODEL_BATCH_H
#define INVOICECTL_MODEL_BATCH_H

#include "model/invoice.h"
#include "model/problem.h"

#include <stddef.h>

/* A row that is not part of an invoice: skipped by a rule, or in error with no invoice to hold it.
 */
typedef struct ic_row_note {
    size_t record; /* 0-based data-record index */
    long line;     /* physical line */
    char *why;     /* the rule ("column 'Customer' matches '^Total'") or the error */
} ic_row_note;

typedef struct ic_batch {
    char *csv_path;
    /* Every data row is accounted for: rows = rows_used + rows_skipped + rows_error.  Used: a row
     * of a valid invoice; skipped: a blank row or one a "skip" rule matched; in error: a row of an
     * invalid invoice or one that belongs to no invoice. */
    size_t rows; /* data rows read */
    size_t rows_used, rows_skipped, rows_error;
    ic_row_note *skipped; /* the first MAPPING_MAX_PROBLEMS skipped rows, in file order */
    size_t n_skipped;
    ic_row_note *orphans; /* rows in error outside any invoice (kept with the invoices only) */
    size_t n_orphans;
    ic_invoice *invoices; /* in order of first appearance */
    size_t n_invoices;
    size_t n_valid, n_invalid, n_warned; /* n_warned: invoices with at least one warning */
    problem_list problems;
    /* Workbook input: the (first) sheet read, and each header column's name and place (2 × n
     * entries: name, "Sheet!C"), so that places read book.xlsx:Sheet!C14; NULL and 0 for CSV. */
    char *sheet;
    char **sheet_cols;
    size_t n_sheet_cols;
} ic_batch;

void batch_release(ic_batch *b);

#endif
