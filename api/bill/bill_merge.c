/* Updates of BILL invoices: PUT /v3/invoices/{id} replaces the whole invoice, so the body is the
 * stored invoice with the file's fields laid over it.
 *
 * Merge rule:
 *  - invoiceNumber, invoiceDate, dueDate in the body replace the stored ones; what the body does
 *    not name is kept;
 *  - customer {"id"} replaces customerId; customer {"name","email"} keeps the stored customer
 *    (BILL would create a new customer on every update: moving an invoice to another customer
 *    takes its id);
 *  - invoiceLineItems: the body's lines in the body's order; a body line equal to a stored line
 *    (description, quantity and price, as exact amounts) is that stored line, id and all, so BILL
 *    keeps its history; other body lines are new (no id); stored lines the body does not have are
 *    dropped, and BILL removes them;
 *  - processingOptions is an instruction, not stored: it never enters the merged document.
 * The update body keeps only what BILL accepts: never id, amount, totalAmount, dueAmount, status,
 * createdTime or the other fields BILL computes.  creditAmount is not re-sent (it applies credit
 * memos: doing it again on each update is not a replace). */
#include "api/bill/bill_internal.h"

#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cJSON *must(cJSON *j)
{
    if (!j) {
        fputs("invoicectl: error: out of memory\n", stderr);
        exit(IC_EXIT_INTERNAL);
    }
    return j;
}

static cJSON *dup(const cJSON *j)
{
    return must(cJSON_Duplicate(j, true));
}

static const char *str_of(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool same_amount(const cJSON *a, const cJSON *b)
{
    money_t x, y;
    if (!a || !b)
        return !a && !b;
    return bill_number_amount(a, &x) == MONEY_OK && bill_number_amount(b, &y) == MONEY_OK && x == y;
}

/* The same line for BILL's history: description (absent is ""), quantity and price. */
static bool same_line(const cJSON *stored, const cJSON *body)
{
    const char *a = str_of(stored, "description"), *b = str_of(body, "description");
    if (strcmp(a ? a : "", b ? b : "") != 0)
        return false;
    return same_amount(cJSON_GetObjectItemCaseSensitive(stored, "quantity"),
                       cJSON_GetObjectItemCaseSensitive(body, "quantity")) &&
           same_amount(cJSON_GetObjectItemCaseSensitive(stored, "price"),
                       cJSON_GetObjectItemCaseSensitive(body, "price"));
}

static cJSON *merge_lines(const cJSON *stored, const cJSON *body)
{
    cJSON *out = must(cJSON_CreateArray());
    int n = cJSON_IsArray(stored) ? cJSON_GetArraySize(stored) : 0;
    bool *used = xcalloc(n ? (size_t)n : 1, sizeof *used);
    const cJSON *b;
    cJSON_ArrayForEach(b, body)
    {
        const cJSON *match = NULL;
        int i = 0;
        for (const cJSON *s = n ? stored->child : NULL; s; s = s->next, i++) {
            if (!used[i] && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(s, "id")) &&
                same_line(s, b)) {
                used[i] = true;
                match = s;
                break;
            }
        }
        cJSON_AddItemToArray(out, dup(match ? match : b));
    }
    free(used);
    return out;
}

static void set(cJSON *obj, const char *key, cJSON *item)
{
    if (cJSON_GetObjectItemCaseSensitive(obj, key))
        cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item);
    else
        cJSON_AddItemToObject(obj, key, item);
}

cJSON *bill_merge(const cJSON *stored, const cJSON *body)
{
    cJSON *out = cJSON_IsObject(stored) ? dup(stored) : must(cJSON_CreateObject());
    const cJSON *v, *fields = cJSON_IsObject(body) ? body : NULL; /* a body is an object */
    cJSON_ArrayForEach(v, fields)
    {
        const char *k = v->string;
        if (strcmp(k, "processingOptions") == 0)
            continue;
        if (strcmp(k, "customer") == 0) {
            const char *id = str_of(v, "id");
            if (id) {
                set(out, "customerId", must(cJSON_CreateString(id)));
                cJSON_DeleteItemFromObjectCaseSensitive(out, "customer");
            } else if (!cJSON_GetObjectItemCaseSensitive(out, "customerId")) {
                set(out, "customer", dup(v));
            }
            continue;
        }
        if (strcmp(k, "invoiceLineItems") == 0) {
            set(out, k,
                merge_lines(cJSON_GetObjectItemCaseSensitive(stored, "invoiceLineItems"), v));
            continue;
        }
        set(out, k, dup(v));
    }
    return out;
}

/* An amount as exact text again (a stored number becomes the decimal it means). */
static void copy_amount(cJSON *to, const char *key, const cJSON *v)
{
    money_t m;
    if (!v)
        return;
    if (bill_number_amount(v, &m) == MONEY_OK)
        bill_put_amount(to, key, m);
    else
        cJSON_AddItemToObject(to, key, dup(v)); /* BILL's own error will name it */
}

static void copy_key(cJSON *to, const cJSON *from, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(from, key);
    if (v && !cJSON_IsNull(v))
        cJSON_AddItemToObject(to, key, dup(v));
}

cJSON *bill_update_body(const cJSON *merged, const cJSON *stored)
{
    (void)stored; /* the merged document already holds the stored lines' ids */
    cJSON *o = must(cJSON_CreateObject());
    const char *cid = str_of(merged, "customerId");
    if (cid) {
        cJSON *c = must(cJSON_CreateObject());
        cJSON_AddItemToObject(c, "id", must(cJSON_CreateString(cid)));
        cJSON_AddItemToObject(o, "customer", c);
    } else {
        copy_key(o, merged, "customer");
    }
    static const char *const top[] = {"invoiceNumber", "invoiceDate", "dueDate"};
    for (size_t i = 0; i < IC_ARRAY_LEN(top); i++)
        copy_key(o, merged, top[i]);
    cJSON *lines = must(cJSON_CreateArray());
    cJSON_AddItemToObject(o, "invoiceLineItems", lines);
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(merged, "invoiceLineItems"))
    {
        cJSON *x = must(cJSON_CreateObject());
        cJSON_AddItemToArray(lines, x);
        copy_key(x, l, "id");
        copy_key(x, l, "description");
        copy_amount(x, "quantity", cJSON_GetObjectItemCaseSensitive(l, "quantity"));
        copy_amount(x, "price", cJSON_GetObjectItemCaseSensitive(l, "price"));
        copy_key(x, l, "taxable");
        copy_key(x, l, "classifications");
    }
    /* What BILL keeps that the file never sets: a full replace would clear it. */
    static const char *const kept[] = {"payToChartOfAccountId", "classifications",
                                       "enableCardPayment",     "convenienceFee",
                                       "salesTaxItemId",        "invoicePdfId"};
    for (size_t i = 0; i < IC_ARRAY_LEN(kept); i++)
        copy_key(o, merged, kept[i]);
    cJSON *po = must(cJSON_CreateObject());
    cJSON_AddItemToObject(po, "sendEmail", must(cJSON_CreateFalse()));
    cJSON_AddItemToObject(o, "processingOptions", po);
    return o;
}

/* ---- diff ---- */

typedef struct changes {
    merge_change *items;
    size_t n, cap;
} changes;

static void push(changes *c, const char *path, const cJSON *before, const cJSON *after)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->items = xrealloc(c->items, c->cap * sizeof *c->items);
    }
    merge_change *m = &c->items[c->n++];
    m->path = xstrdup(path);
    m->old_value = NULL;
    m->new_value = NULL;
    const cJSON *v[2] = {before, after};
    char **slot[2] = {&m->old_value, &m->new_value};
    for (int k = 0; k < 2; k++) {
        if (!v[k])
            continue;
        char *p = cJSON_PrintUnformatted(v[k]);
        if (!p) {
            fputs("invoicectl: error: out of memory\n", stderr);
            exit(IC_EXIT_INTERNAL);
        }
        *slot[k] = xstrdup(p);
        cJSON_free(p);
    }
}

static void take(changes *c, const char *prefix, merge_change *got, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 8;
            c->items = xrealloc(c->items, c->cap * sizeof *c->items);
        }
        size_t len = strlen(prefix) + strlen(got[i].path) + 2;
        char *path = xmalloc(len);
        snprintf(path, len, "%s.%s", prefix, got[i].path);
        free(got[i].path);
        c->items[c->n] = got[i];
        c->items[c->n++].path = path;
    }
    free(got);
}

static const cJSON *line_by_id(const cJSON *lines, const char *id)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, lines)
    {
        const char *x = str_of(l, "id");
        if (x && id && strcmp(x, id) == 0)
            return l;
    }
    return NULL;
}

size_t bill_diff(const cJSON *before, const cJSON *after, merge_change **out)
{
    changes c = {0};
    /* Everything but the lines compares as api/merge.h compares (amounts as decimals). */
    cJSON *a = before ? dup(before) : must(cJSON_CreateObject());
    cJSON *b = after ? dup(after) : must(cJSON_CreateObject());
    cJSON_DeleteItemFromObjectCaseSensitive(a, "invoiceLineItems");
    cJSON_DeleteItemFromObjectCaseSensitive(b, "invoiceLineItems");
    merge_change *top;
    size_t n = merge_diff(a, b, &top);
    for (size_t i = 0; i < n; i++) {
        if (c.n == c.cap) {
            c.cap = c.cap ? c.cap * 2 : 8;
            c.items = xrealloc(c.items, c.cap * sizeof *c.items);
        }
        c.items[c.n++] = top[i];
    }
    free(top);
    cJSON_Delete(a);
    cJSON_Delete(b);

    /* Lines by id: a kept line is compared with itself, a line without id is added, a stored
     * line whose id is gone is removed (its new value absent). */
    const cJSON *la = before ? cJSON_GetObjectItemCaseSensitive(before, "invoiceLineItems") : NULL;
    const cJSON *lb = after ? cJSON_GetObjectItemCaseSensitive(after, "invoiceLineItems") : NULL;
    const cJSON *l;
    long i = 0;
    char path[64];
    cJSON_ArrayForEach(l, lb)
    {
        snprintf(path, sizeof path, "invoiceLineItems[%ld]", i++);
        const char *id = str_of(l, "id");
        const cJSON *was = id ? line_by_id(la, id) : NULL;
        if (!was) {
            push(&c, path, NULL, l);
            continue;
        }
        merge_change *got;
        size_t k = merge_diff(was, l, &got);
        take(&c, path, got, k);
    }
    i = 0;
    cJSON_ArrayForEach(l, la)
    {
        snprintf(path, sizeof path, "invoiceLineItems[%ld]", i++);
        const char *id = str_of(l, "id");
        if (!id || !line_by_id(lb, id))
            push(&c, path, l, NULL);
    }
    *out = c.items;
    return c.n;
}
