/* The one way a problem found while reading rows is reported (a row's cells are read by the inline
 * cell_get of mapping_internal.h).  Below both the field evaluation (eval.c) and the lookup tables
 * (lookup.c), which each use it, so neither depends on the other. */
#include "mapping/mapping_internal.h"
#include "util/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A workbook's place: the column's sheet and letters and the row ("Invoices!C14"); the first
 * sheet and the row alone ("Invoices!14") when the problem names no column of the workbook. */
static char *sheet_cell(const ic_batch *b, long row, const char *column)
{
    for (size_t i = 0; column && i < b->n_sheet_cols; i++)
        if (strcmp(b->sheet_cols[2 * i], column) == 0) {
            size_t len = strlen(b->sheet_cols[2 * i + 1]) + 24;
            char *s = xmalloc(len);
            snprintf(s, len, "%s%ld", b->sheet_cols[2 * i + 1], row);
            return s;
        }
    size_t len = strlen(b->sheet) + 24;
    char *s = xmalloc(len);
    snprintf(s, len, "%s!%ld", b->sheet, row);
    return s;
}

void report(reporter *rp, enum severity sev, long line, const char *column, const char *fmt, ...)
{
    problem_list *pl = &rp->batch->problems;
    if (sev == SEV_ERROR)
        rp->n_err++;
    else
        rp->n_warn++;
    if (pl->cap_limit && pl->n >= pl->cap_limit) {
        /* Past the cap only the count matters: skip formatting. */
        problem_add(pl, sev, NULL, 0, NULL, NULL, "%s", "");
        return;
    }
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t before = pl->n;
    problem_add(pl, sev, rp->file, line, column, rp->invoice, "%s", msg);
    if (rp->batch->sheet && line > 0 && pl->n > before)
        pl->items[before].cell = sheet_cell(rp->batch, line, column);
}
