/* The plan of `invoicectl pay`: see pay_plan.h. */
#include "import/pay_plan.h"

#include "model/invoice.h"
#include "util/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pay_class_name(enum pay_class c)
{
    static const char *const names[PAY_NCLASS] = {"record", "recorded", "refused", "invalid",
                                                  "unknown"};
    return c < PAY_NCLASS ? names[c] : "?";
}

void pay_plan_init(pay_plan *p, const ic_connector *c, pay_batch *b)
{
    memset(p, 0, sizeof *p);
    p->conn = c;
    strmap_init(&p->inv_index);
    p->items = xcalloc(b->n ? b->n : 1, sizeof *p->items);
    p->invs = xcalloc(b->n ? b->n : 1, sizeof *p->invs);
    p->n = b->n;
    for (size_t i = 0; i < b->n; i++) {
        pay_item *it = &p->items[i];
        it->p = &b->items[i];
        it->inv = (size_t)-1;
        if (!it->p->valid)
            continue;
        size_t k;
        if (!strmap_get(&p->inv_index, it->p->invoice, &k)) {
            k = p->n_invs++;
            pay_invoice *pi = &p->invs[k];
            pi->key = xstrdup(it->p->invoice);
            pi->status = -1;
            strmap_init(&pi->recorded);
            strmap_put(&p->inv_index, pi->key, k);
        }
        it->inv = k;
    }
}

void pay_plan_release(pay_plan *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i].reason);
    for (size_t i = 0; i < p->n_invs; i++) {
        pay_invoice *pi = &p->invs[i];
        free(pi->key);
        free(pi->number);
        cJSON_Delete(pi->doc);
        strmap_release(&pi->recorded);
        for (size_t k = 0; k < pi->n_recorded; k++)
            free(pi->recorded_ids[k]);
        free(pi->recorded_ids);
    }
    free(p->items);
    free(p->invs);
    strmap_release(&p->inv_index);
    memset(p, 0, sizeof *p);
}

int pay_plan_set_invoice(pay_plan *p, size_t i, const cJSON *doc, ic_err *err)
{
    pay_invoice *pi = &p->invs[i];
    ic_invoice inv;
    invoice_init(&inv);
    int rc = p->conn->read_doc(doc, &inv, err);
    if (rc == 0) {
        cJSON_Delete(pi->doc);
        pi->doc = cJSON_Duplicate(doc, 1);
        pi->found = true;
        if (!p->conn->doc_id(doc, pi->id, sizeof pi->id))
            pi->id[0] = '\0';
        free(pi->number);
        pi->number = xstrdup(inv.invoice_number ? inv.invoice_number : pi->key);
        pi->has_open = inv.has_open_balance;
        pi->open = inv.open_balance;
        pi->status = inv.has_status ? inv.status : -1;
        memcpy(pi->currency, inv.currency, sizeof pi->currency);
    }
    invoice_release(&inv);
    return rc;
}

void pay_plan_add_recorded(pay_plan *p, size_t i, const char *key, const char *payment_id)
{
    pay_invoice *pi = &p->invs[i];
    size_t k;
    if (strmap_get(&pi->recorded, key, &k))
        return;
    pi->recorded_ids = xrealloc(pi->recorded_ids, (pi->n_recorded + 1) * sizeof *pi->recorded_ids);
    pi->recorded_ids[pi->n_recorded] = xstrdup(payment_id ? payment_id : "");
    strmap_put(&pi->recorded, key, pi->n_recorded++);
}

/* ---- reading the store ---- */

typedef struct list_ctx {
    pay_plan *p;
    const char *match_field;
    ic_err *err;
} list_ctx;

static int on_page(void *ctx, const cJSON *docs, size_t offset, size_t total)
{
    (void)offset;
    (void)total;
    list_ctx *lc = ctx;
    const cJSON *doc;
    cJSON_ArrayForEach(doc, docs)
    {
        lc->p->store_listed++;
        char key[1024];
        size_t k;
        if (!lc->p->conn->doc_key(doc, lc->match_field, key, sizeof key) ||
            !strmap_get(&lc->p->inv_index, key, &k))
            continue;
        int rc = pay_plan_set_invoice(lc->p, k, doc, lc->err);
        if (rc != 0)
            return rc;
    }
    return 0;
}

typedef struct found_ctx {
    pay_plan *p;
    size_t i;
} found_ctx;

static int on_recorded(void *ctx, const char *key, const char *payment_id)
{
    found_ctx *fc = ctx;
    pay_plan_add_recorded(fc->p, fc->i, key, payment_id);
    return 0;
}

size_t pay_plan_mark_lookups(pay_plan *p, const journal *j)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_invs; i++)
        p->invs[i].lookup = false;
    for (size_t k = 0; k < p->n; k++) {
        const pay_item *it = &p->items[k];
        if (!it->p->valid || p->invs[it->inv].lookup)
            continue;
        const journal_entry *je = j ? journal_get(j, it->p->key) : NULL;
        if (!je || je->state != JOURNAL_DONE) {
            p->invs[it->inv].lookup = true;
            n++;
        }
    }
    return n;
}

int pay_plan_read_store(pay_plan *p, http_engine *e, const char *match_field, const journal *j,
                        ic_err *err)
{
    conn_filter f;
    conn_filter_init(&f);
    list_ctx lc = {p, match_field, err};
    int rc = p->conn->list(e, &f, on_page, &lc, err);
    if (rc != 0 || !p->conn->payment_find)
        return rc;
    pay_plan_mark_lookups(p, j);
    for (size_t i = 0; i < p->n_invs && rc == 0; i++) {
        if (!p->invs[i].found || !p->invs[i].lookup)
            continue;
        found_ctx fc = {p, i};
        rc = p->conn->payment_find(e, p->invs[i].doc, on_recorded, &fc, err);
    }
    return rc;
}

/* ---- classifying ---- */

static void refuse(pay_item *it, enum pay_class cls, char *reason)
{
    it->cls = cls;
    free(it->reason);
    it->reason = reason;
}

/* The checks of a payment against its invoice, with the rows above counted; true when it fits. */
static bool fits(pay_plan *p, pay_item *it)
{
    const ic_payment *pm = it->p;
    pay_invoice *pi = &p->invs[it->inv];
    char a[MONEY_MAX_TEXT], o[MONEY_MAX_TEXT + 8], t[MONEY_MAX_TEXT];
    int places = currency_decimals(pi->currency);
    if (!pi->found) {
        refuse(it, PAY_REFUSED, xasprintf("invoice '%s' is not in the store", pm->invoice));
        return false;
    }
    if (pi->status == 2 || (pi->has_open && pi->open <= 0)) {
        refuse(it, PAY_REFUSED,
               xasprintf("invoice '%s' is paid already (completed, open balance %s)", pm->invoice,
                         (money_format(pi->open, places, o, sizeof o), o)));
        return false;
    }
    if (pm->currency[0] && pi->currency[0] && strcmp(pm->currency, pi->currency) != 0) {
        refuse(it, PAY_REFUSED,
               xasprintf("the payment is in %s but invoice '%s' is in %s", pm->currency,
                         pm->invoice, pi->currency));
        return false;
    }
    money_t left = pi->open, after;
    if (!pi->has_open) {
        refuse(it, PAY_REFUSED,
               xasprintf("the store does not tell the open balance of invoice '%s'", pm->invoice));
        return false;
    }
    money_format(pm->amount, places, a, sizeof a);
    money_format(pi->open, places, o, sizeof o);
    if (pi->currency[0]) { /* "129.03 USD"; BILL's invoices name no currency */
        size_t used = strlen(o);
        snprintf(o + used, sizeof o - used, " %s", pi->currency);
    }
    if (!money_sub(pi->open, pi->pending, &left) || !money_sub(left, pm->amount, &after) ||
        after < 0) {
        if (pi->pending) {
            money_format(pi->pending, places, t, sizeof t);
            refuse(it, PAY_REFUSED,
                   xasprintf("the payment of %s is more than the open balance of invoice '%s' (%s) "
                             "less the %s the rows from line %ld take",
                             a, pm->invoice, o, t, pi->pending_line));
        } else {
            refuse(it, PAY_REFUSED,
                   xasprintf("the payment of %s is more than the open balance of invoice '%s' (%s)",
                             a, pm->invoice, o));
        }
        return false;
    }
    return true;
}

void pay_plan_classify(pay_plan *p, const journal *j, bool retry_unknown)
{
    strmap first; /* payment key -> the first row that has it */
    strmap_init(&first);
    memset(p->counts, 0, sizeof p->counts);
    for (size_t i = 0; i < p->n_invs; i++) {
        p->invs[i].pending = 0;
        p->invs[i].pending_line = 0;
    }
    for (size_t i = 0; i < p->n; i++) {
        pay_item *it = &p->items[i];
        const ic_payment *pm = it->p;
        it->cls = PAY_RECORD;
        it->by_journal = it->by_lookup = false;
        it->id[0] = '\0';
        free(it->reason);
        it->reason = NULL;
        size_t k;
        if (!pm->valid) {
            refuse(it, PAY_INVALID, xstrdup(pm->error ? pm->error : "invalid"));
        } else if (strmap_get(&first, pm->key, &k)) {
            refuse(it, PAY_REFUSED,
                   xasprintf("the same payment as line %ld (same invoice, amount, date and "
                             "reference): recorded once",
                             p->items[k].p->line));
        } else {
            strmap_put(&first, pm->key, i);
            pay_invoice *pi = &p->invs[it->inv];
            const journal_entry *je = j ? journal_get(j, pm->key) : NULL;
            if (je && je->state == JOURNAL_DONE) {
                it->cls = PAY_RECORDED;
                it->by_journal = true;
                snprintf(it->id, sizeof it->id, "%s", je->id);
            } else if (strmap_get(&pi->recorded, pm->key, &k)) {
                it->cls = PAY_RECORDED;
                it->by_lookup = true;
                snprintf(it->id, sizeof it->id, "%s", pi->recorded_ids[k]);
            } else if (je && je->state == JOURNAL_INTENT && !p->conn->payment_find &&
                       !retry_unknown) {
                refuse(
                    it, PAY_UNKNOWN,
                    xasprintf("an earlier run sent it and got no answer, and %s offers no way to "
                              "look a payment up: it may be recorded.  Check invoice '%s' in %s; "
                              "if the payment is not there, run again with --retry-unknown",
                              p->conn->title, pm->invoice, p->conn->title));
            } else if (fits(p, it)) {
                /* an intent whose lookup found nothing was never recorded: sent again */
                if (!pi->pending)
                    pi->pending_line = pm->line;
                money_add(pi->pending, pm->amount, &pi->pending);
            }
        }
        p->counts[it->cls]++;
    }
    strmap_release(&first);
}
