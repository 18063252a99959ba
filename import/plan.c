/* Classifying the CSV's invoices against what the store holds. */
#include "import/plan.h"

#include "model/money.h"
#include "util/common.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int import_mode_parse(const char *s)
{
    return ic_mode_parse(s, strlen(s));
}

const char *import_mode_name(enum import_mode m)
{
    return ic_mode_name((int)m);
}

const char *plan_class_name(enum plan_class c)
{
    static const char *const names[PLAN_NCLASSES] = {"create",  "update", "unchanged", "refused",
                                                     "invalid", "delete", "skip"};
    return c < PLAN_NCLASSES ? names[c] : "?";
}

const char *plan_invoice_key(const ic_invoice *inv, const char *match_field)
{
    const char *k = strcmp(match_field, "externalId") == 0 ? inv->external_id : inv->invoice_number;
    return k && k[0] ? k : NULL;
}

void store_index_init(store_index *s, const ic_connector *conn, const char *match_field,
                      const ic_batch *b)
{
    memset(s, 0, sizeof *s);
    s->conn = conn;
    s->match_field = match_field;
    strmap_init(&s->wanted);
    strmap_init(&s->by_key);
    s->kept = cJSON_CreateArray();
    for (size_t i = 0; i < b->n_invoices; i++) {
        const char *k = plan_invoice_key(&b->invoices[i], match_field);
        if (k)
            strmap_put(&s->wanted, k, i);
    }
}

void store_index_release(store_index *s)
{
    strmap_release(&s->wanted);
    strmap_release(&s->by_key);
    cJSON_Delete(s->kept);
    s->kept = NULL;
}

int store_index_add_page(store_index *s, const cJSON *invoices, size_t offset, ic_err *err)
{
    const cJSON *inv;
    size_t at = offset;
    cJSON_ArrayForEach(inv, invoices)
    {
        size_t pos = at++;
        s->listed++;
        char key[512];
        size_t unused;
        if (!s->conn->doc_key(inv, s->match_field, key, sizeof key) ||
            !strmap_get(&s->wanted, key, &unused))
            continue;
        ic_invoice check;
        invoice_init(&check);
        int rc = s->conn->read_doc(inv, &check, err);
        invoice_release(&check);
        if (rc != 0) {
            ic_err_prefix(err, "the store's list, invoice at offset %zu", pos);
            return rc;
        }
        size_t have;
        if (strmap_get(&s->by_key, key, &have)) {
            strmap_put(&s->by_key, key, STORE_DUPLICATE);
            continue;
        }
        cJSON_AddItemToArray(s->kept, cJSON_Duplicate(inv, 1));
        strmap_put(&s->by_key, key, (size_t)cJSON_GetArraySize(s->kept) - 1);
    }
    return 0;
}

const cJSON *store_index_find(const store_index *s, const char *key, bool *duplicate)
{
    size_t i;
    *duplicate = false;
    if (!key || !strmap_get(&s->by_key, key, &i))
        return NULL;
    if (i == STORE_DUPLICATE) {
        *duplicate = true;
        return NULL;
    }
    return cJSON_GetArrayItem(s->kept, (int)i);
}

static void item_reset(plan_item *it)
{
    cJSON_Delete(it->body);
    it->body = NULL;
    cJSON_Delete(it->stored);
    it->stored = NULL;
    merge_changes_free(it->changes, it->n_changes);
    it->changes = NULL;
    it->n_changes = 0;
    free(it->reason);
    it->reason = NULL;
    free(it->reason_column);
    it->reason_column = NULL;
    it->reason_line = 0;
    it->id[0] = 0;
    it->not_in_store = false;
}

/* Delete mode: the stored invoice, if the target may remove it. */
static void classify_delete(plan_item *it, const ic_connector *conn, const cJSON *stored)
{
    char why[256] = "";
    if (!stored) {
        it->cls = PLAN_REFUSED;
        it->reason = xstrdup("not in the store (nothing to delete)");
        it->not_in_store = true;
    } else if (!conn->delete_request) {
        it->cls = PLAN_REFUSED;
        it->reason = xasprintf("%s cannot remove invoices", conn->title);
    } else if (conn->can_delete && !conn->can_delete(stored, why, sizeof why)) {
        it->cls = PLAN_REFUSED;
        it->reason = xasprintf("invoice %s cannot be %s: %s", it->id, conn->delete_done, why);
    } else {
        it->cls = PLAN_DELETE;
        it->stored = cJSON_Duplicate(stored, 1);
    }
}

cJSON *plan_file_body(const ic_connector *conn, const ic_invoice *inv, const cJSON *stored)
{
    if (!stored || !inv->open_balance_computed || !inv->has_original_balance)
        return conn->create_body(inv);
    ic_invoice st;
    ic_err err = {0};
    invoice_init(&st);
    money_t paid = 0;
    bool keep = conn->read_doc(stored, &st, &err) == 0 && st.has_open_balance &&
                st.has_original_balance && money_sub(st.original_balance, st.open_balance, &paid) &&
                paid != 0;
    invoice_release(&st);
    ic_invoice adjusted = *inv; /* a shallow copy: create_body only reads it */
    if (keep && money_sub(inv->original_balance, paid, &adjusted.open_balance))
        return conn->create_body(&adjusted);
    return conn->create_body(inv);
}

void plan_classify_item(plan_item *it, const ic_connector *conn, const cJSON *stored,
                        enum import_mode mode)
{
    item_reset(it);
    it->mode = mode;
    if (mode == IMPORT_SKIP) {
        it->cls = PLAN_SKIP;
        if (stored && !conn->doc_id(stored, it->id, sizeof it->id))
            it->id[0] = 0;
        return;
    }
    if (stored && !conn->doc_id(stored, it->id, sizeof it->id))
        it->id[0] = 0;
    if (mode == IMPORT_DELETE) {
        classify_delete(it, conn, stored);
        return;
    }
    if (mode == IMPORT_REPLACE && !conn->replace) {
        it->cls = PLAN_REFUSED;
        it->reason =
            xasprintf("%s cannot replace an invoice whole (replace mode); use update, which "
                      "keeps what the file does not say",
                      conn->title);
        return;
    }
    cJSON *body = plan_file_body(conn, it->inv, stored);
    if (!stored) {
        if (mode == IMPORT_UPDATE || mode == IMPORT_REPLACE) {
            it->cls = PLAN_REFUSED;
            it->reason =
                xasprintf("not in the store (%s mode creates nothing)", import_mode_name(mode));
            cJSON_Delete(body);
            return;
        }
        it->cls = PLAN_CREATE;
        it->body = body;
        return;
    }
    cJSON *merged =
        mode == IMPORT_REPLACE ? conn->replace(stored, body) : conn->merge(stored, body);
    cJSON_Delete(body);
    it->n_changes = conn->diff(stored, merged, &it->changes);
    char why[256] = "";
    if (it->n_changes == 0) {
        it->cls = PLAN_UNCHANGED;
    } else if (mode == IMPORT_CREATE) {
        it->cls = PLAN_REFUSED;
        it->reason = xasprintf("already in the store as invoice %s, with other values (create mode "
                               "changes nothing)",
                               it->id);
    } else if (conn->can_update && !conn->can_update(stored, why, sizeof why)) {
        it->cls = PLAN_REFUSED;
        it->reason = xasprintf("invoice %s cannot be updated: %s", it->id, why);
    } else {
        it->cls = PLAN_UPDATE;
        it->body = conn->update_body(merged, stored);
        it->stored = cJSON_Duplicate(stored, 1);
    }
    cJSON_Delete(merged);
}

int plan_build(ic_batch *b, const store_index *store, enum import_mode mode, import_plan *out,
               ic_err *err)
{
    (void)err;
    memset(out, 0, sizeof *out);
    out->conn = store->conn;
    out->mode = mode;
    out->match_field = store->match_field;
    out->store_listed = store->listed;
    out->n = b->n_invoices;
    out->items = xcalloc(out->n ? out->n : 1, sizeof *out->items);

    /* the first error of each invoice, for the reason of an invalid one */
    strmap first_error;
    strmap_init(&first_error);
    for (size_t i = b->problems.n; i-- > 0;) {
        const ic_problem *p = &b->problems.items[i];
        if (p->severity == SEV_ERROR && p->invoice)
            strmap_put(&first_error, p->invoice, i);
    }
    strmap seen; /* match keys already planned: a second invoice with the same key is refused */
    strmap_init(&seen);

    for (size_t i = 0; i < b->n_invoices; i++) {
        plan_item *it = &out->items[i];
        it->inv = &b->invoices[i];
        it->index = i;
        const char *key = plan_invoice_key(it->inv, store->match_field);
        it->key = key ? key : (it->inv->key ? it->inv->key : "");
        it->mode = it->inv->has_mode ? (enum import_mode)it->inv->mode : mode;
        size_t pi, other;
        if (!it->inv->valid) {
            it->cls = PLAN_INVALID;
            if (it->inv->key && strmap_get(&first_error, it->inv->key, &pi)) {
                const ic_problem *p = &b->problems.items[pi];
                it->reason = xstrdup(p->message ? p->message : "invalid");
                it->reason_line = p->line;
                it->reason_column = p->column ? xstrdup(p->column) : NULL;
            } else {
                it->reason = xstrdup("invalid (see the validation report)");
                it->reason_line = it->inv->first_line;
            }
        } else if (!key) {
            it->cls = PLAN_INVALID;
            it->reason = xasprintf("no %s to match the store on", store->match_field);
            it->reason_line = it->inv->first_line;
        } else if (strmap_get(&seen, key, &other)) {
            it->cls = PLAN_REFUSED;
            it->reason = xasprintf("same %s as the invoice on line %ld", store->match_field,
                                   b->invoices[other].first_line);
        } else {
            strmap_put(&seen, key, i);
            bool dup;
            const cJSON *stored = store_index_find(store, key, &dup);
            if (dup) {
                it->cls = PLAN_REFUSED;
                it->reason = xasprintf("several invoices in the store have %s '%s'",
                                       store->match_field, key);
            } else {
                plan_classify_item(it, store->conn, stored, it->mode);
            }
        }
        out->counts[it->cls]++;
    }
    strmap_release(&seen);
    strmap_release(&first_error);
    return 0;
}

void plan_release(import_plan *p)
{
    for (size_t i = 0; i < p->n; i++)
        item_reset(&p->items[i]);
    free(p->items);
    memset(p, 0, sizeof *p);
}
