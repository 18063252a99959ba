/* What one row gives an invoice: a line item or a cost line (read.c calls these as rows come,
 * finish.c when it replays the rows it kept), and the invoice key messages show.  On their own so
 * that reading and finishing both use them and neither calls the other back. */
#include "mapping/read_internal.h"
#include "util/common.h"

#include <stdlib.h>
#include <string.h>

/* The invoice key for messages: group_by values joined by " / ". */
const char *display_key(rctx *r, const group *g)
{
    if (r->m->n_group == 1)
        return g->gkey;
    sbuf_reset(&r->dkey);
    for (uint32_t i = 0; i < g->gkeylen; i++) {
        if (g->gkey[i] == '\x1f')
            sbuf_add(&r->dkey, " / ", 3);
        else
            sbuf_add(&r->dkey, &g->gkey[i], 1);
    }
    if (!r->dkey.data)
        sbuf_add(&r->dkey, "", 0);
    return r->dkey.data;
}

static char *dup_value(const fvalue *v, enum ev e)
{
    return e == EV_OK ? xstrndup(v->s, v->len) : NULL;
}

void item_row(rctx *r, group *g, ic_invoice *inv, const cellsrc *src, reporter *rp)
{
    const mapping *m = r->m;
    fvalue v;
    ic_line_item li;
    memset(&li, 0, sizeof li);
    li.line = src->line;
    bool ok = true;
    enum ev e;

    e = eval_field(m, &m->item[LF_QUANTITY], src, &r->scratch, rp, &v);
    ok &= e == EV_OK;
    li.quantity = v.money;
    e = eval_field(m, &m->item[LF_UNIT_PRICE], src, &r->scratch, rp, &v);
    ok &= e == EV_OK;
    li.unit_price = v.money;
    if (m->item[LF_UNIT_DISCOUNT].percent) {
        e = amounts_percent(r, &m->item[LF_UNIT_DISCOUNT], src, li.unit_price, ok, rp,
                            &li.unit_discount);
        ok &= e != EV_ERR;
        li.has_discount = e == EV_OK;
    } else if (m->item[LF_UNIT_DISCOUNT].src != SRC_NONE) {
        e = eval_field(m, &m->item[LF_UNIT_DISCOUNT], src, &r->scratch, rp, &v);
        ok &= e != EV_ERR;
        li.has_discount = e == EV_OK;
        li.unit_discount = v.money;
    }
    /* Text fields: copied only when the invoices are kept. */
    static const int texts[] = {LF_SKU, LF_DESCRIPTION, LF_TYPE, LF_COMMENTS};
    char **slots[] = {&li.sku, &li.description, &li.type, &li.comments};
    for (size_t i = 0; i < IC_ARRAY_LEN(texts); i++) {
        const fspec *f = &m->item[texts[i]];
        /* Constants were checked at load; when only checking there is nothing to learn from them
         * per row. */
        if (f->src == SRC_NONE || (!inv && f->src == SRC_VALUE))
            continue;
        e = eval_field(m, f, src, &r->scratch, rp, &v);
        ok &= e != EV_ERR;
        if (inv)
            *slots[i] = dup_value(&v, e);
    }
    g->n_items++;
    if (ok) {
        money_t net = li.unit_price, total;
        if ((li.has_discount && !money_sub(li.unit_price, li.unit_discount, &net)) ||
            !money_mul(li.quantity, net, &total) || !money_add(g->subtotal, total, &g->subtotal) ||
            !amounts_add_line(r, g, total)) {
            report(rp, SEV_ERROR, src->line, NULL,
                   "lineItems: the line total overflows the amount range");
            g->overflow = true;
            ok = false;
        }
    }
    if (inv && ok) {
        *invoice_add_line_item(inv) = li;
        return;
    }
    free(li.sku);
    free(li.description);
    free(li.type);
    free(li.comments);
}

void cost_row(rctx *r, group *g, ic_invoice *inv, const cellsrc *src, reporter *rp)
{
    const mapping *m = r->m;
    fvalue d, a;
    enum ev ed = eval_field(m, &m->cost_row.description, src, &r->scratch, rp, &d);
    char *desc = inv && ed == EV_OK ? xstrndup(d.s, d.len) : NULL;
    enum ev ea = eval_field(m, &m->cost_row.amount, src, &r->scratch, rp, &a);
    if (ed == EV_OK && ea == EV_OK) {
        g->n_row_costs++;
        if (!money_add(g->row_costs, a.money, &g->row_costs)) {
            report(rp, SEV_ERROR, src->line, a.col,
                   "costLines: the sum of the cost lines overflows");
            g->overflow = true;
        } else if (inv) {
            ic_cost_line *cl = invoice_add_cost_line(inv);
            cl->description = desc;
            cl->amount = a.money;
            cl->line = src->line;
            return;
        }
    }
    free(desc);
}
