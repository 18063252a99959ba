#include "model/problem.h"
#include "util/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void problem_list_init(problem_list *pl, size_t cap_limit)
{
    memset(pl, 0, sizeof *pl);
    pl->cap_limit = cap_limit;
}

void problem_list_release(problem_list *pl)
{
    for (size_t i = 0; i < pl->n; i++) {
        free(pl->items[i].file);
        free(pl->items[i].column);
        free(pl->items[i].invoice);
        free(pl->items[i].message);
        free(pl->items[i].cell);
    }
    free(pl->items);
    problem_list_init(pl, pl->cap_limit);
}

void problem_add(problem_list *pl, enum severity sev, const char *file, long line,
                 const char *column, const char *invoice, const char *fmt, ...)
{
    if (sev == SEV_ERROR)
        pl->n_errors++;
    else
        pl->n_warnings++;
    if (pl->cap_limit && pl->n >= pl->cap_limit)
        return;
    if (pl->n == pl->cap) {
        pl->cap = pl->cap ? pl->cap * 2 : 16;
        pl->items = xrealloc(pl->items, pl->cap * sizeof *pl->items);
    }
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ic_problem *p = &pl->items[pl->n++];
    p->severity = sev;
    p->file = file ? xstrdup(file) : NULL;
    p->line = line;
    p->column = column ? xstrdup(column) : NULL;
    p->invoice = invoice ? xstrdup(invoice) : NULL;
    p->message = xstrdup(msg);
    p->cell = NULL;
}

const char *severity_word(enum severity s)
{
    return s == SEV_ERROR ? "error" : "warning";
}
