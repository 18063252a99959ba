/* After the last row: each group's agreed invoice-level values become the invoice's fields,
 * computed amounts are filled in, and the invoice-level rules run (currency, totals, balances,
 * duplicate numbers). */
#include "mapping/keyfold.h"
#include "mapping/read_internal.h"
#include "model/mode.h"
#include "model/target.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies a value into the invoice; nothing when only checking (keep false), so that validating a
 * large file allocates nothing per invoice beyond its group. */
static void set_text(const rctx *r, char **slot, const fvalue *v)
{
    if (!r->build)
        return;
    free(*slot);
    *slot = xstrndup(v->s, v->len);
}

static void fill_address(rctx *r, const addr_spec *as, const cellsrc *src, reporter *rp,
                         ic_address *a)
{
    if (!r->build) {
        /* Checking only: evaluate for the problems, keep nothing. */
        fvalue v;
        for (int i = 0; i < AF__COUNT; i++)
            eval_field(r->m, &as->f[i], src, &r->scratch, rp, &v);
        return;
    }
    char **slots[AF__COUNT] = {
        [AF_FIRST_NAME] = &a->first_name,
        [AF_LAST_NAME] = &a->last_name,
        [AF_STREET1] = &a->street1,
        [AF_STREET2] = &a->street2,
        [AF_CITY] = &a->city,
        [AF_STATE] = &a->state,
        [AF_ZIP] = &a->zip_code,
        [AF_COUNTRY] = &a->country,
    };
    bool any = false;
    for (int i = 0; i < AF__COUNT; i++) {
        fvalue v;
        if (eval_field(r->m, &as->f[i], src, &r->scratch, rp, &v) == EV_OK) {
            set_text(r, slots[i], &v);
            any |= v.len > 0;
        } else {
            invoice_set_str(slots[i], "");
        }
    }
    /* An address whose every field is empty is not sent at all. */
    a->present = any;
}

/* A computed amount beyond what the target keeps exactly (model/target.h): the first one, in the
 * mapping's order, is reported (the others follow from the same lines).  `computed` holds the
 * subtotal, costs and total. */
static void check_computed_range(const mapping *m, const ic_invoice *inv, const money_t *computed,
                                 reporter *rp, long line)
{
    static const char *const names[] = {
        [CMP_SUBTOTAL] = "subtotal", [CMP_COSTS] = "costs", [CMP_TOTAL] = "total"};
    char field[64], amount[MONEY_MAX_TEXT], lim[MONEY_MAX_TEXT];
    const fspec *beyond = NULL;
    for (size_t k = 0; k < m->n_costs && !beyond; k++) {
        const fspec *f = &m->costs[k].amount;
        if (f->src == SRC_COMPUTE && target_amount_too_large(m->target, computed[f->compute])) {
            snprintf(field, sizeof field, "costLines[%zu].amount", k);
            beyond = f;
        }
    }
    static const int bal[] = {IF_ORIGINAL_BALANCE, IF_OPEN_BALANCE};
    for (size_t k = 0; k < 2 && !beyond; k++) {
        const fspec *f = &m->inv[bal[k]];
        if (f->src == SRC_COMPUTE && target_amount_too_large(m->target, computed[f->compute])) {
            snprintf(field, sizeof field, "%s", f->name);
            beyond = f;
        }
    }
    if (!beyond)
        return;
    money_text(computed[beyond->compute], inv->currency, '.', amount, sizeof amount);
    money_format(target_max_amount(m->target), 4, lim, sizeof lim);
    report(rp, SEV_ERROR, line, NULL,
           "the computed %s %s (%s) is more than %s keeps exactly (amounts up to %s)", field,
           amount, names[beyond->compute], m->target, lim);
}

/* Identifiers that must be unique across the file: open addressing over r->ncap slots. */
static uint32_t seen_check(rctx *r, seen_id *tab, const char *s, size_t len, uint32_t gi)
{
    uint64_t h = hash_bytes(s, len, 7);
    size_t mask = r->ncap - 1, at = (size_t)h & mask;
    while (tab[at].s) {
        if (tab[at].hash == h && tab[at].len == len && memcmp(tab[at].s, s, len) == 0)
            return tab[at].group;
        at = (at + 1) & mask;
    }
    tab[at] = (seen_id){h, arena_strndup(&r->ar, s, len), (uint32_t)len, gi};
    return gi;
}

/* Identifiers shared between groups, found by the check before finishing: an error on each side. */
static void report_dups(rctx *r, const group *g, int k, const char *field, const fvalue *v,
                        const char *column, reporter *rp)
{
    char other[256];
    if (g->dup_of[k]) {
        const group *fg = group_at(r, g->dup_of[k] - 1);
        snprintf(other, sizeof other, "%s", display_key(r, fg));
        report(rp, SEV_ERROR, g->id_line[k], column,
               "%s '%.*s' is also used by invoice '%s' (line %ld); rows with different group_by "
               "values make "
               "different invoices",
               field, (int)v->len, v->s, other, (long)fg->id_line[k]);
    }
    if (g->dup_by[k]) {
        const group *lg = group_at(r, g->dup_by[k] - 1);
        snprintf(other, sizeof other, "%s", display_key(r, lg));
        report(rp, SEV_ERROR, g->id_line[k], column,
               "%s '%.*s' is used again by invoice '%s' (line %ld)", field, (int)v->len, v->s,
               other, (long)lg->id_line[k]);
    }
}

/* The agreed invoice-level values of a group as a cellsrc. */
static cellsrc group_cells(rctx *r, const group *g)
{
    const mapping *m = r->m;
    for (size_t j = 0; j < m->n_il; j++) {
        int col = m->il_cols[j];
        r->ivals[col] = g->cells[j].s;
        r->ilens[col] = g->cells[j].len;
        r->ilines[col] = g->cells[j].line;
    }
    return (cellsrc){r->ivals, r->ilens, r->ilines, g->first_line, m->ncols};
}

/* The identifier (k 0: invoiceNumber, 1: externalId) of a group, copied into out; false when it
 * has none that is valid.  Its problems go to a scratch list: they are found again while
 * finishing. */
static bool group_id(rctx *r, const group *g, int k, sbuf *out, long *line)
{
    const fspec *f = &r->m->inv[k == 0 ? IF_INVOICE_NUMBER : IF_EXTERNAL_ID];
    ic_batch quiet;
    memset(&quiet, 0, sizeof quiet);
    problem_list_init(&quiet.problems, 1);
    reporter qrp = {&quiet, NULL, NULL, 0, 0};
    cellsrc src = group_cells(r, g);
    fvalue v;
    bool ok = eval_field(r->m, f, &src, &r->scratch, &qrp, &v) == EV_OK;
    if (ok) {
        sbuf_reset(out);
        sbuf_add(out, v.s, v.len);
        *line = v.line;
    }
    problem_list_release(&quiet.problems);
    return ok;
}

/* Folds id (n bytes) into fold (grown to fit). */
static void fold_into(sbuf *fold, const char *id, size_t n)
{
    sbuf_reset(fold);
    sbuf_add(fold, id, n); /* room: a fold is never longer */
    fold->len = keyfold(id, n, fold->data);
}

/* Whether an earlier group's identifier folds like this one's (id, n bytes) while differing from
 * it: then g->alike_of[k] names it.  Otherwise this one is recorded.  The earlier text is evaluated
 * again on a hash match only, so the table holds no strings.  Only earlier groups are in the
 * table, so this runs as each group is finished; it evaluates the earlier group's cells, so it
 * comes after everything else that reads this group's. */
static void check_alike(rctx *r, uint32_t gi, int k, const char *id, size_t n)
{
    alike_slot *tab = r->alikes[k];
    sbuf *fold = &r->fold, *other = &r->other, *ofold = &r->ofold;
    fold_into(fold, id, n);
    uint32_t h = (uint32_t)hash_bytes(fold->data, fold->len, 11);
    size_t mask = r->ncap - 1, at = (size_t)h & mask;
    for (; tab[at].group; at = (at + 1) & mask) {
        if (tab[at].hash != h)
            continue;
        long line;
        if (!group_id(r, group_at(r, tab[at].group - 1), k, other, &line))
            continue;
        fold_into(ofold, other->data, other->len);
        if (ofold->len != fold->len || memcmp(ofold->data, fold->data, fold->len) != 0)
            continue;
        /* Equal bytes are a plain duplicate, an error reported on its own. */
        if (other->len != n || memcmp(other->data, id, n) != 0)
            group_at(r, gi)->alike_of[k] = tab[at].group;
        return;
    }
    tab[at] = (alike_slot){h, gi + 1};
}

/* Before any invoice is finished (and, when streaming, handed over), finds the invoice numbers (and
 * external ids when they identify invoices) used by more than one group, so both sides can be
 * told.  (Look-alikes need no pass of their own: check_alike.)
 */
static void find_duplicates(rctx *r)
{
    seen_id *tabs[2] = {r->numbers, r->extids};
    if (!(tabs[0] && r->alikes[0]) && !(tabs[1] && r->alikes[1]))
        return;
    sbuf id = {0};
    for (size_t gi = 0; gi < r->ngroups; gi++) {
        group *g = group_at(r, gi);
        for (int k = 0; k < 2; k++) {
            long line;
            if (!tabs[k] || !r->alikes[k] || !group_id(r, g, k, &id, &line))
                continue;
            g->id_line[k] = (uint32_t)line;
            uint32_t first = seen_check(r, tabs[k], id.data, id.len, (uint32_t)gi);
            if (first == gi)
                continue;
            g->dup_of[k] = first + 1;
            if (!group_at(r, first)->dup_by[k])
                group_at(r, first)->dup_by[k] = (uint32_t)gi + 1;
        }
    }
    sbuf_release(&id);
}

/* One character at s (of n bytes) for a message: 'c' when printable ASCII, else U+XXXX; its length
 * in bytes goes to *len. */
static void describe_char(const char *s, size_t n, char *buf, size_t size, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n == 0) {
        snprintf(buf, size, "the end");
        *len = 0;
        return;
    }
    if (p[0] >= 0x20 && p[0] < 0x7F) {
        snprintf(buf, size, "'%c'", p[0]);
        *len = 1;
        return;
    }
    size_t k = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 1;
    uint32_t c = k == 1 ? p[0] : (uint32_t)(p[0] & (0x7F >> k));
    size_t i = 1;
    for (; i < k && i < n && (p[i] & 0xC0) == 0x80; i++)
        c = (c << 6) | (p[i] & 0x3Fu);
    snprintf(buf, size, "U+%04X", (unsigned)c);
    *len = i;
}

/* The warning for an identifier that an earlier invoice's differs from only by case or look-alike
 * characters: most stores would take the two for one invoice.  It names both and the first
 * characters that differ (a U+2010 hyphen looks like '-').  Evaluates the earlier group's cells, so
 * it comes after everything else that reads this group's. */
static void report_alike(rctx *r, const group *g, int k, const fvalue *v, const char *column,
                         reporter *rp)
{
    const group *fg = group_at(r, g->alike_of[k] - 1);
    sbuf other = {0};
    long line = fg->first_line;
    if (group_id(r, fg, k, &other, &line)) {
        /* The first difference, character by character. */
        size_t i = 0, j = 0, la = 1, lb = 1;
        char a[16], b[16];
        while (la && lb) {
            describe_char(v->s + i, v->len - i, a, sizeof a, &la);
            describe_char(other.data + j, other.len - j, b, sizeof b, &lb);
            if (la != lb || memcmp(v->s + i, other.data + j, la) != 0)
                break;
            i += la;
            j += lb;
        }
        char where[300] = "";
        const char *key = display_key(r, fg);
        if (strcmp(key, other.data) != 0)
            snprintf(where, sizeof where, "invoice '%s', ", key);
        report(rp, SEV_WARNING, g->id_line[k], column,
               "%s '%.*s' differs from '%s' (%sline %ld) only by case or look-alike characters "
               "(%s against %s); most stores treat them as one %s",
               k == 0 ? "invoiceNumber" : "externalId", (int)v->len, v->s, other.data, where, line,
               a, b, k == 0 ? "number" : "id");
    }
    sbuf_release(&other);
}

/* A {"sum": C} field's value: each cell was checked against the target's range as it was read,
 * their sum is checked here. */
static enum ev sum_value(const rctx *r, const group *g, const fspec *f, const char *currency,
                         reporter *rp, fvalue *out)
{
    enum ev ev = amounts_sum_value(r, g, f, out);
    if (ev != EV_OK || !target_amount_too_large(r->m->target, out->money))
        return ev;
    char amount[MONEY_MAX_TEXT], lim[MONEY_MAX_TEXT];
    money_text(out->money, currency, '.', amount, sizeof amount);
    money_format(target_max_amount(r->m->target), 4, lim, sizeof lim);
    report(rp, SEV_ERROR, g->first_line, f->column,
           "%s: the sum of column '%s', %s, is more than %s keeps exactly (amounts up to %s)",
           f->name, f->column, amount, r->m->target, lim);
    return EV_ERR;
}

/* A column-form cost line's amount: a {"sum": C} is the group's, anything else is evaluated. */
static enum ev cost_amount(rctx *r, const group *g, const cost_spec *cs, const cellsrc *src,
                           const char *currency, reporter *rp, fvalue *out)
{
    if (cs->amount.src == SRC_SUM)
        return sum_value(r, g, &cs->amount, currency, rp, out);
    return eval_field(r->m, &cs->amount, src, &r->scratch, rp, out);
}

/* checks.tolerance: |a − b| at most tol (0: exactly equal). */
static bool within_tolerance(money_t a, money_t b, money_t tol)
{
    money_t d;
    if (!money_sub(a, b, &d))
        return false;
    if (d < 0 && !money_sub(0, d, &d))
        return false;
    return d <= tol;
}

/* Streaming mode: the group's kept rows become its line items and cost lines. */
static void replay_rows(rctx *r, group *g, ic_invoice *inv, reporter *rp)
{
    const mapping *m = r->m;
    for (const rowrec *rr = g->rows; rr; rr = rr->next) {
        /* Every row-level column, however many a mapping reads (templates of up to 64 columns
         * on each line-item field): the lengths first, then the bytes. */
        const unsigned char *lp = (const unsigned char *)(rr + 1);
        int kind = *lp++;
        for (size_t k = 0; k < m->n_rl; k++) {
            size_t v = 0;
            int shift = 0;
            for (;;) {
                unsigned char b = *lp++;
                v |= (size_t)(b & 0x7f) << shift;
                shift += 7;
                if (!(b & 0x80))
                    break;
            }
            r->rlens[m->rl_cols[k]] = v;
        }
        const char *dp = (const char *)lp;
        for (size_t k = 0; k < m->n_rl; k++) {
            int col = m->rl_cols[k];
            r->rvals[col] = dp;
            dp += r->rlens[col];
        }
        cellsrc src = {r->rvals, r->rlens, NULL, rr->line, m->ncols};
        invoice_add_record(inv, rr->index);
        if (kind == ROW_ITEM)
            item_row(r, g, inv, &src, rp);
        else if (kind == ROW_COST)
            cost_row(r, g, inv, &src, rp);
    }
}

static int finish_one(rctx *r, uint32_t gi, size_t *pend)
{
    const mapping *m = r->m;
    group *g = group_at(r, gi);
    cellsrc src = group_cells(r, g);
    ic_invoice tmp;
    ic_invoice *inv = r->keep ? &r->invs[gi] : &tmp;
    if (!r->keep)
        invoice_init(&tmp);
    char key[1024];
    snprintf(key, sizeof key, "%s", display_key(r, g));
    reporter rp = {r->b, r->file, key, 0, 0};
    if (r->stream)
        replay_rows(r, g, inv, &rp);
    bool row_errors = g->n_err + rp.n_err > 0;
    inv->first_line = g->first_line;
    if (r->build)
        invoice_set_str(&inv->key, key);
    /* A delete or skip invoice needs only its key (invoiceNumber, externalId): nothing else is
     * read, so nothing else can make it invalid. */
    inv->mode = mode_of_group(r, g, &inv->has_mode);
    bool key_only = ic_mode_key_only(inv->mode);

    long bal_line[2] = {g->first_line, g->first_line};
    const char *bal_col[2] = {NULL, NULL};
    long number_line = g->first_line, extid_line = g->first_line;
    fvalue number, extid;
    bool has_number = false, has_extid = false;
    char *number_copy = NULL, *extid_copy = NULL;
    enum ev currency_ev = EV_BLANK;
    for (int i = 0; i < IF__COUNT; i++) {
        const fspec *f = &m->inv[i];
        if (f->src == SRC_NONE || f->src == SRC_COMPUTE)
            continue;
        if (key_only && i != IF_INVOICE_NUMBER && i != IF_EXTERNAL_ID)
            continue;
        fvalue v;
        /* (A sum's message may show it in locale.currency's decimals: the invoice's currency
         * is only known once this loop has run.) */
        enum ev ev = f->src == SRC_SUM ? sum_value(r, g, f, inv->currency, &rp, &v)
                                       : eval_field(m, f, &src, &r->scratch, &rp, &v);
        if (i == IF_CURRENCY)
            currency_ev = ev;
        if (ev != EV_OK)
            continue;
        switch ((enum inv_field)i) {
        case IF_INVOICE_NUMBER:
            set_text(r, &inv->invoice_number, &v);
            number_line = v.line;
            number = v;
            has_number = true;
            if (f->src == SRC_TEMPLATE) {
                /* The template's text lives in the shared scratch buffer: keep a copy for the
                 * check. */
                number_copy = xstrndup(v.s, v.len);
                number.s = number_copy;
            }
            break;
        case IF_CUSTOMER_ID:
            set_text(r, &inv->customer_id, &v);
            break;
        case IF_EXTERNAL_ID:
            set_text(r, &inv->external_id, &v);
            extid_line = v.line;
            extid = v;
            has_extid = true;
            if (f->src == SRC_TEMPLATE) {
                extid_copy = xstrndup(v.s, v.len);
                extid.s = extid_copy;
            }
            break;
        case IF_EXTERNAL_CUSTOMER_ID:
            set_text(r, &inv->external_customer_id, &v);
            break;
        case IF_TYPE:
            set_text(r, &inv->type, &v);
            break;
        case IF_STATUS:
            inv->has_status = true;
            inv->status = (int)v.num;
            break;
        case IF_SOURCE:
            inv->has_source = true;
            inv->source = (int)v.num;
            break;
        case IF_ORDER_NUMBER:
            set_text(r, &inv->order_number, &v);
            break;
        case IF_PO_NUMBER:
            set_text(r, &inv->purchase_order_number, &v);
            break;
        case IF_TERMS:
            set_text(r, &inv->terms_conditions, &v);
            break;
        case IF_PDF_URL:
            set_text(r, &inv->external_pdf_url, &v);
            break;
        case IF_CHANNEL_ID:
            set_text(r, &inv->channel_id, &v);
            break;
        case IF_CURRENCY:
            memcpy(inv->currency, v.cur, 4);
            break;
        case IF_ORIGINAL_BALANCE:
            inv->has_original_balance = true;
            inv->original_balance = v.money;
            bal_line[0] = v.line;
            bal_col[0] = v.col;
            break;
        case IF_OPEN_BALANCE:
            inv->has_open_balance = true;
            inv->open_balance = v.money;
            bal_line[1] = v.line;
            bal_col[1] = v.col;
            break;
        case IF_DUE_DATE:
            inv->has_due_date = true;
            inv->due_date = v.num;
            break;
        case IF_ISSUED_AT:
            inv->has_issued_at = true;
            inv->issued_at = v.num;
            break;
        case IF_CUSTOMER_NAME:
            set_text(r, &inv->customer_name, &v);
            break;
        case IF_CUSTOMER_EMAIL:
            set_text(r, &inv->customer_email, &v);
            break;
        case IF__COUNT:
            break;
        }
    }
    if (key_only)
        goto identifiers; /* (what lies between reads the invoice's content) */
    /* Only a currency that is absent (not mapped, or an optional cell left blank) falls back to
     * locale.currency.  A cell in error (an unknown code such as 'UDS', a required cell left
     * blank) leaves the invoice without a currency: the reports then show it blank rather than
     * a code the file never said. */
    if (!inv->currency[0] && currency_ev == EV_BLANK)
        memcpy(inv->currency, m->currency, 4);
    if (!inv->currency[0] && m->inv[IF_CURRENCY].src != SRC_NONE && rp.n_err == 0)
        report(&rp, SEV_ERROR, g->first_line, m->inv[IF_CURRENCY].column,
               "currency: no currency for this invoice (the column is blank and locale.currency is "
               "not set)");

    if (m->billing.present)
        fill_address(r, &m->billing, &src, &rp, &inv->billing);
    for (size_t s = 0; s < m->n_shipping; s++) {
        ic_address a;
        memset(&a, 0, sizeof a);
        fill_address(r, &m->shipping[s], &src, &rp, &a);
        if (a.present)
            *invoice_add_shipping(inv) = a;
        else
            address_release(&a);
    }
    for (size_t i = 0; i < m->n_extra; i++) {
        fvalue v;
        if (eval_field(m, &m->extra[i].f, &src, &r->scratch, &rp, &v) != EV_OK || !r->build)
            continue;
        char *val = xstrndup(v.s, v.len);
        invoice_add_extra_field(inv, m->extra[i].name, val);
        free(val);
    }

    /* Cost lines from columns, in the mapping's order; computed ones are filled in below. */
    money_t costs = g->row_costs;
    bool overflow = g->overflow;
    size_t npend = 0;
    for (size_t k = 0; k < m->n_costs; k++) {
        const cost_spec *cs = &m->costs[k];
        fvalue d, a;
        if (eval_field(m, &cs->description, &src, &r->scratch, &rp, &d) != EV_OK)
            continue;
        if (!r->build) {
            if (cs->amount.src != SRC_COMPUTE &&
                cost_amount(r, g, cs, &src, inv->currency, &rp, &a) == EV_OK &&
                !money_add(costs, a.money, &costs))
                overflow = true;
            continue;
        }
        char *desc = xstrndup(d.s, d.len);
        if (cs->amount.src == SRC_COMPUTE) {
            ic_cost_line *cl = invoice_add_cost_line(inv);
            cl->description = desc;
            pend[2 * npend] = inv->n_cost_lines - 1;
            pend[2 * npend + 1] = cs->amount.compute;
            npend++;
            continue;
        }
        if (cost_amount(r, g, cs, &src, inv->currency, &rp, &a) != EV_OK) {
            free(desc);
            continue;
        }
        if (!money_add(costs, a.money, &costs))
            overflow = true;
        ic_cost_line *cl = invoice_add_cost_line(inv);
        cl->description = desc;
        cl->amount = a.money;
    }
    money_t subtotal = amounts_subtotal(r, g, inv->currency), total = 0;
    if (!overflow && !money_add(subtotal, costs, &total))
        overflow = true;
    if (overflow && !g->overflow)
        report(&rp, SEV_ERROR, g->first_line, NULL,
               "the invoice's amounts overflow the amount range");
    money_t computed[3] = {[CMP_SUBTOTAL] = subtotal, [CMP_COSTS] = costs, [CMP_TOTAL] = total};
    for (size_t k = 0; k < npend; k++)
        inv->cost_lines[pend[2 * k]].amount = computed[pend[2 * k + 1]];
    if (m->inv[IF_ORIGINAL_BALANCE].src == SRC_COMPUTE) {
        inv->has_original_balance = true;
        inv->original_balance = computed[m->inv[IF_ORIGINAL_BALANCE].compute];
    }
    if (m->inv[IF_OPEN_BALANCE].src == SRC_COMPUTE) {
        inv->has_open_balance = true;
        inv->open_balance = computed[m->inv[IF_OPEN_BALANCE].compute];
        inv->open_balance_computed = true;
    }
    if (!overflow)
        check_computed_range(m, inv, computed, &rp, g->first_line);

    /* The balance from a column against the lines' total, when the invoice has lines to add up and
     * they were read without error (a bad line would make the comparison misleading). */
    char a1[MONEY_MAX_TEXT], a2[MONEY_MAX_TEXT], a3[MONEY_MAX_TEXT], a4[MONEY_MAX_TEXT];
    if (m->totals != TOTALS_OFF && m->inv[IF_ORIGINAL_BALANCE].src != SRC_COMPUTE &&
        inv->has_original_balance && (m->has_items || m->cost_rows) &&
        g->n_items + g->n_row_costs > 0 && !row_errors && !overflow &&
        !within_tolerance(inv->original_balance, total, m->tolerance)) {
        money_text(inv->original_balance, inv->currency, '.', a1, sizeof a1);
        money_text(total, inv->currency, '.', a2, sizeof a2);
        money_text(subtotal, inv->currency, '.', a3, sizeof a3);
        money_text(costs, inv->currency, '.', a4, sizeof a4);
        enum severity sev = m->totals == TOTALS_ERROR ? SEV_ERROR : SEV_WARNING;
        if (costs != 0)
            report(&rp, sev, bal_line[0], bal_col[0],
                   "originalBalance %s differs from the lines' total %s (line items %s + costs %s)",
                   a1, a2, a3, a4);
        else
            report(&rp, sev, bal_line[0], bal_col[0],
                   "originalBalance %s differs from the lines' total %s", a1, a2);
    }
    /* Magnitudes, with the original's sign: a credit note (-40.00) may have -15.00 open, and
     * is over-open at -50.00. */
    if (inv->has_open_balance && inv->has_original_balance &&
        (inv->original_balance < 0 ? inv->open_balance < inv->original_balance
                                   : inv->open_balance > inv->original_balance)) {
        money_text(inv->open_balance, inv->currency, '.', a1, sizeof a1);
        money_text(inv->original_balance, inv->currency, '.', a2, sizeof a2);
        report(&rp, SEV_WARNING, bal_line[1], bal_col[1],
               "openBalance %s is more than originalBalance %s", a1, a2);
    }
identifiers:
    if (has_number)
        report_dups(r, g, 0, "invoiceNumber", &number, m->inv[IF_INVOICE_NUMBER].column, &rp);
    if (has_extid)
        report_dups(r, g, 1, "externalId", &extid, m->inv[IF_EXTERNAL_ID].column, &rp);
    if (has_number && r->alikes[0]) {
        g->id_line[0] = (uint32_t)number.line;
        check_alike(r, gi, 0, number.s, number.len);
    }
    if (has_extid && r->alikes[1]) {
        g->id_line[1] = (uint32_t)extid.line;
        check_alike(r, gi, 1, extid.s, extid.len);
    }
    if (has_number && g->alike_of[0])
        report_alike(r, g, 0, &number, m->inv[IF_INVOICE_NUMBER].column, &rp);
    if (has_extid && g->alike_of[1])
        report_alike(r, g, 1, &extid, m->inv[IF_EXTERNAL_ID].column, &rp);
    free(number_copy);
    free(extid_copy);
    (void)number_line;
    (void)extid_line;

    g->n_err += rp.n_err;
    g->n_warn += rp.n_warn;
    inv->valid = g->n_err == 0;
    int rc = 0;
    if (r->stream)
        rc = r->on_invoice(r->cb_ctx, inv, r->err);
    if (!r->keep)
        invoice_release(&tmp);
    return rc;
}

int finish_groups(rctx *r)
{
    const mapping *m = r->m;
    size_t ncols = m->ncols ? m->ncols : 1;
    r->ivals = xcalloc(ncols, sizeof *r->ivals);
    r->ilens = xcalloc(ncols, sizeof *r->ilens);
    r->ilines = xcalloc(ncols, sizeof *r->ilines);
    r->ncap = 16;
    while (r->ncap < r->ngroups * 2 + 2)
        r->ncap *= 2;
    /* Equal numbers always fall in one group when the number is the only group_by column: no check
     * needed. */
    const fspec *num = &m->inv[IF_INVOICE_NUMBER];
    if (!(num->src == SRC_COLUMN && m->n_group == 1 && num->col == m->group_cols[0])) {
        r->numbers = xmalloc_huge(r->ncap * sizeof *r->numbers);
        memset(r->numbers, 0, r->ncap * sizeof *r->numbers);
    }
    if (strcmp(m->match, "externalId") == 0) {
        r->extids = xmalloc_huge(r->ncap * sizeof *r->extids);
        memset(r->extids, 0, r->ncap * sizeof *r->extids);
    }
    if (num->src != SRC_NONE) {
        r->alikes[0] = xmalloc_huge(r->ncap * sizeof *r->alikes[0]);
        memset(r->alikes[0], 0, r->ncap * sizeof *r->alikes[0]);
    }
    if (r->extids) {
        r->alikes[1] = xmalloc_huge(r->ncap * sizeof *r->alikes[1]);
        memset(r->alikes[1], 0, r->ncap * sizeof *r->alikes[1]);
    }
    if (r->stream) {
        r->rvals = xcalloc(ncols, sizeof *r->rvals);
        r->rlens = xcalloc(ncols, sizeof *r->rlens);
    }
    find_duplicates(r);
    size_t *pend = xmalloc(2 * (m->n_costs + 1) * sizeof *pend);
    int rc = 0;
    for (size_t i = 0; i < r->ngroups && rc == 0; i++)
        rc = finish_one(r, (uint32_t)i, pend);
    free(pend);
    if (rc)
        return rc;

    ic_batch *b = r->b;
    b->n_invoices = r->ngroups;
    for (size_t i = 0; i < r->ngroups; i++) {
        const group *g = group_at(r, i);
        if (g->n_err) {
            b->n_invalid++;
            b->rows_error += g->n_rows;
        } else {
            b->n_valid++;
            b->rows_used += g->n_rows;
        }
        if (g->n_warn)
            b->n_warned++;
        if (r->keep)
            r->invs[i].valid = g->n_err == 0;
    }
    return 0;
}
