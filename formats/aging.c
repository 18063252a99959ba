#include "formats/aging.h"
#include "model/date.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const bucket_names[AGING_NBUCKETS] = {"Current", "1-30", "31-60", "61-90",
                                                         "Over 90"};

const char *aging_bucket_name(enum aging_bucket b)
{
    return (unsigned)b < AGING_NBUCKETS ? bucket_names[b] : "?";
}

enum aging_bucket aging_bucket_of(int64_t days)
{
    if (days <= 0)
        return AGING_CURRENT;
    if (days <= 30)
        return AGING_1_30;
    if (days <= 60)
        return AGING_31_60;
    if (days <= 90)
        return AGING_61_90;
    return AGING_OVER_90;
}

static bool zone_is_utc(const char *zone)
{
    return !zone || !*zone || strcmp(zone, "UTC") == 0 || strcmp(zone, "Etc/UTC") == 0;
}

int64_t aging_day_of(int64_t t, const char *zone)
{
    /* UTC needs no zone database: floor division keeps dates before 1970 right too. */
    if (zone_is_utc(zone))
        return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int y, m, d;
    date_civil(t, zone, &y, &m, &d);
    return date_days_from_civil(y, m, d);
}

int64_t aging_days_past_due(const ic_invoice *inv, int64_t as_of_day, const char *zone)
{
    if (!inv->has_due_date)
        return 0;
    return as_of_day - aging_day_of(inv->due_date, zone);
}

bool aging_counts(const ic_invoice *inv)
{
    return !(inv->has_status && inv->status == 2);
}

bool aging_days_shown(const ic_invoice *inv, int64_t as_of_day, const char *zone, int64_t *days)
{
    if (!inv->has_due_date || !aging_counts(inv))
        return false;
    int64_t d = aging_days_past_due(inv, as_of_day, zone);
    *days = d > 0 ? d : 0;
    return true;
}

void aging_init(aging *a)
{
    memset(a, 0, sizeof *a);
}

static void row_release(aging_row *r)
{
    free(r->customer_id);
    free(r->customer_name);
}

void aging_release(aging *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++)
        row_release(&a->rows[i]);
    free(a->rows);
    free(a->slots);
    for (size_t i = 0; i < a->ntotals; i++)
        row_release(&a->totals[i]);
    free(a->totals);
    aging_init(a);
}

static uint64_t key_hash(const char *id, const char *cur)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;
    for (const unsigned char *p = (const unsigned char *)cur; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

static void reindex(aging *a, size_t nslots)
{
    free(a->slots);
    a->slots = xcalloc(nslots, sizeof *a->slots);
    a->nslots = nslots;
    for (size_t i = 0; i < a->n; i++) {
        size_t s = (size_t)(key_hash(a->rows[i].customer_id, a->rows[i].currency) & (nslots - 1));
        while (a->slots[s])
            s = (s + 1) & (nslots - 1);
        a->slots[s] = i + 1;
    }
}

static aging_row *find_or_add(aging *a, const char *id, const char *cur)
{
    if (!a->slots || (a->n + 1) * 2 > a->nslots)
        reindex(a, a->nslots ? a->nslots * 2 : 64);
    size_t s = (size_t)(key_hash(id, cur) & (a->nslots - 1));
    while (a->slots[s]) {
        aging_row *r = &a->rows[a->slots[s] - 1];
        if (strcmp(r->customer_id, id) == 0 && strcmp(r->currency, cur) == 0)
            return r;
        s = (s + 1) & (a->nslots - 1);
    }
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 32;
        a->rows = xrealloc(a->rows, a->cap * sizeof *a->rows);
    }
    aging_row *r = &a->rows[a->n++];
    memset(r, 0, sizeof *r);
    r->customer_id = xstrdup(id);
    r->customer_name = xstrdup("");
    snprintf(r->currency, sizeof r->currency, "%s", cur);
    a->slots[s] = a->n;
    return r;
}

static int add_to_row(aging_row *r, enum aging_bucket b, money_t amount, ic_err *err)
{
    money_t nb, nt;
    if (!money_add(r->bucket[b], amount, &nb) || !money_add(r->total, amount, &nt))
        return ic_err_set(err, IC_EXIT_INVALID,
                          "aging: the sum for customer '%s' in '%s' is too large to hold exactly",
                          r->customer_id, r->currency[0] ? r->currency : "(no currency)");
    r->bucket[b] = nb;
    r->total = nt;
    return 0;
}

int aging_add(aging *a, const char *customer_id, const char *customer_name, const char *currency,
              int64_t days_past_due, money_t open_balance, ic_err *err)
{
    char cur[4];
    snprintf(cur, sizeof cur, "%s", currency ? currency : "");
    aging_row *r = find_or_add(a, customer_id ? customer_id : "", cur);
    if (!r->customer_name[0] && customer_name && customer_name[0]) {
        free(r->customer_name);
        r->customer_name = xstrdup(customer_name);
    }
    int rc = add_to_row(r, aging_bucket_of(days_past_due), open_balance, err);
    if (rc == 0)
        r->invoices++;
    return rc;
}

int aging_add_invoice(aging *a, const ic_invoice *inv, int64_t as_of_day, const char *zone,
                      ic_err *err)
{
    if (!aging_counts(inv))
        return 0;
    money_t open = inv->has_open_balance ? inv->open_balance : 0;
    return aging_add(a, inv->customer_id, inv->customer_name, inv->currency,
                     aging_days_past_due(inv, as_of_day, zone), open, err);
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* Customer ids are usually numbers held as text: "9" sorts before "10". */
static int id_cmp(const char *x, const char *y)
{
    if (all_digits(x) && all_digits(y)) {
        while (*x == '0' && x[1])
            x++;
        while (*y == '0' && y[1])
            y++;
        size_t lx = strlen(x), ly = strlen(y);
        if (lx != ly)
            return lx < ly ? -1 : 1;
    }
    return strcmp(x, y);
}

static int row_cmp(const void *pa, const void *pb)
{
    const aging_row *a = pa, *b = pb;
    int c = strcmp(a->currency, b->currency);
    return c ? c : id_cmp(a->customer_id, b->customer_id);
}

const aging_row *aging_rows(aging *a, size_t *n)
{
    if (a->n > 1)
        qsort(a->rows, a->n, sizeof *a->rows, row_cmp);
    if (a->slots)
        reindex(a, a->nslots);
    *n = a->n;
    return a->rows;
}

int aging_totals(aging *a, const aging_row **rows, size_t *n, ic_err *err)
{
    for (size_t i = 0; i < a->ntotals; i++)
        row_release(&a->totals[i]);
    free(a->totals);
    a->totals = NULL;
    a->ntotals = 0;
    size_t nr;
    const aging_row *r = aging_rows(a, &nr);
    size_t cap = 0;
    for (size_t i = 0; i < nr; i++) {
        aging_row *t = a->ntotals ? &a->totals[a->ntotals - 1] : NULL;
        if (!t || strcmp(t->currency, r[i].currency) != 0) {
            if (a->ntotals == cap) {
                cap = cap ? cap * 2 : 4;
                a->totals = xrealloc(a->totals, cap * sizeof *a->totals);
            }
            t = &a->totals[a->ntotals++];
            memset(t, 0, sizeof *t);
            t->customer_id = xstrdup("");
            t->customer_name = xstrdup("");
            memcpy(t->currency, r[i].currency, sizeof t->currency);
        }
        for (int b = 0; b < AGING_NBUCKETS; b++) {
            money_t s;
            if (!money_add(t->bucket[b], r[i].bucket[b], &s))
                return ic_err_set(err, IC_EXIT_INVALID,
                                  "aging: the total in '%s' is too large to hold exactly",
                                  t->currency);
            t->bucket[b] = s;
        }
        money_t s;
        if (!money_add(t->total, r[i].total, &s))
            return ic_err_set(err, IC_EXIT_INVALID,
                              "aging: the total in '%s' is too large to hold exactly", t->currency);
        t->total = s;
        t->invoices += r[i].invoices;
    }
    *rows = a->totals;
    *n = a->ntotals;
    return 0;
}
