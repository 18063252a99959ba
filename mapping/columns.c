/* mapping_columns_used: how many of the bound header's columns the mapping reads (for `mapping
 * check`). */
#include "mapping/mapping_internal.h"
#include "util/common.h"

#include <stdlib.h>

typedef struct used_ctx {
    bool *used;
    size_t ncols;
} used_ctx;

static void mark(used_ctx *u, int col)
{
    if (col >= 0 && (size_t)col < u->ncols)
        u->used[col] = true;
}

static int mark_fspec(void *ctx, fspec *f, int level)
{
    (void)level;
    used_ctx *u = ctx;
    if (f->column)
        mark(u, f->col);
    for (size_t i = 0; i < f->nparts; i++)
        if (f->parts[i].is_col)
            mark(u, f->parts[i].col);
    return 0;
}

size_t mapping_columns_used(mapping *m)
{
    if (!m->bound || m->ncols == 0)
        return 0;
    used_ctx u = {xcalloc(m->ncols, sizeof(bool)), m->ncols};
    mapping_each_fspec(m, mark_fspec, &u);
    for (size_t i = 0; i < m->n_group; i++)
        mark(&u, m->group_cols[i]);
    if (m->cost_when.present)
        mark(&u, m->cost_when.col);
    if (m->item_when.present)
        mark(&u, m->item_when.col);
    for (size_t i = 0; i < m->n_skip; i++)
        mark(&u, m->skip[i].col);
    for (size_t i = 0; i < m->n_fill; i++)
        mark(&u, m->fill_cols[i]);
    size_t n = 0;
    for (size_t i = 0; i < m->ncols; i++)
        n += u.used[i];
    free(u.used);
    return n;
}
