#include "model/batch.h"

#include <stdlib.h>
#include <string.h>

void batch_release(ic_batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; b->invoices && i < b->n_invoices; i++)
        invoice_release(&b->invoices[i]);
    free(b->invoices);
    for (size_t i = 0; i < b->n_skipped; i++)
        free(b->skipped[i].why);
    free(b->skipped);
    for (size_t i = 0; i < b->n_orphans; i++)
        free(b->orphans[i].why);
    free(b->orphans);
    free(b->csv_path);
    free(b->sheet);
    for (size_t i = 0; i < 2 * b->n_sheet_cols; i++)
        free(b->sheet_cols[i]);
    free(b->sheet_cols);
    problem_list_release(&b->problems);
    memset(b, 0, sizeof *b);
}
