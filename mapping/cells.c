/* The one way a problem found while reading rows is reported (a row's cells are read by the inline
 * cell_get of mapping_internal.h).  Below both the field evaluation (eval.c) and the lookup tables
 * (lookup.c), which each use it, so neither depends on the other. */
#include "mapping/mapping_internal.h"
#include "util/common.h"

#include <stdarg.h>
#include <stdio.h>

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
    problem_add(pl, sev, rp->file, line, column, rp->invoice, "%s", msg);
}
