/* mapping_each_fspec: every field spec of a loaded mapping, in a fixed order.  Loading, binding,
 * lookups and the reverse direction all walk the specs; the walk lives on its own so that none of
 * them depends on the loader that calls them. */
#include "mapping/mapping_internal.h"

int mapping_each_fspec(mapping *m, int (*fn)(void *ctx, fspec *f, int level), void *ctx)
{
    int rc;
#define VISIT(f, level)                                                                            \
    do {                                                                                           \
        if ((f)->src != SRC_NONE && (rc = fn(ctx, (f), (level))))                                  \
            return rc;                                                                             \
    } while (0)
    for (int i = 0; i < IF__COUNT; i++)
        VISIT(&m->inv[i], 0);
    if (m->billing.present)
        for (int i = 0; i < AF__COUNT; i++)
            VISIT(&m->billing.f[i], 0);
    for (size_t s = 0; s < m->n_shipping; s++)
        for (int i = 0; i < AF__COUNT; i++)
            VISIT(&m->shipping[s].f[i], 0);
    for (size_t i = 0; i < m->n_extra; i++)
        VISIT(&m->extra[i].f, 0);
    for (size_t i = 0; i < m->n_costs; i++) {
        VISIT(&m->costs[i].description, 0);
        VISIT(&m->costs[i].amount, 0);
    }
    if (m->cost_rows) {
        VISIT(&m->cost_row.description, 1);
        VISIT(&m->cost_row.amount, 1);
    }
    if (m->has_items)
        for (int i = 0; i < LF__COUNT; i++)
            VISIT(&m->item[i], 1);
#undef VISIT
    return 0;
}
