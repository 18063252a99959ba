/* undo's plan, one invoice at a time (undo_classify): what the run created is deleted only while
 * the store holds what the file said and it has no payments; what it updated is restored only while
 * the store holds what the file said and nothing was paid since; what it removed is brought back
 * while nothing holds its number again; an earlier undo's work is recognised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/b2b/b2b_json.h"
#include "api/merge.h"
#include "import/undo_plan.h"
#include "mapping/mapping.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/test_undo_plan.XXXXXX";
static char csv[256], map[256];
static mapping *m;
static ic_batch batch;

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(csv, sizeof csv, "%s/a.csv", dir);
    snprintf(map, sizeof map, "%s/m.json", dir);
    write_file(csv, "Invoice Number,Company ID,Due Date,SKU,Quantity,Unit Price\n"
                    "INV-1,1236,2026-11-30,A,4,100\n"
                    "INV-2,1236,2026-11-30,B,1,5.50\n"
                    "INV-3,1240,2026-12-01,C,2,10\n"
                    "INV-3,1240,2026-12-01,D,1,1\n");
    write_file(
        map,
        "{\"target\":\"bigcommerce-b2b\",\"locale\":{\"decimal\":\".\",\"date\":\"%Y-%m-%d\","
        "\"timezone\":\"UTC\",\"currency\":\"USD\"},\"group_by\":[\"Invoice Number\"],"
        "\"match\":\"invoiceNumber\",\"invoice\":{\"invoiceNumber\":\"Invoice Number\","
        "\"customerId\":\"Company ID\",\"dueDate\":{\"column\":\"Due Date\",\"type\":\"date\"},"
        "\"originalBalance\":{\"compute\":\"total\"},\"openBalance\":{\"compute\":\"total\"}},"
        "\"lineItems\":{\"sku\":\"SKU\",\"quantity\":{\"column\":\"Quantity\",\"type\":"
        "\"decimal\"},\"unitPrice\":{\"column\":\"Unit Price\",\"type\":\"money\"}}}");
    ic_err err = {0};
    m = mapping_load(map, &err);
    if (!m)
        fprintf(stderr, "%s\n", err.msg);
    assert_non_null(m);
    int rc = mapping_read_invoices(m, csv, &batch, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(batch.n_invoices, 3);
    assert_int_equal(batch.n_invalid, 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    batch_release(&batch);
    mapping_free(m);
    unlink(csv);
    unlink(map);
    rmdir(dir);
    return 0;
}

/* What the API would answer for an invoice created from this body: an id, balances as strings with
 * four decimals, and details it adds or that were set through the API (a billing address). */
static cJSON *as_stored(const ic_invoice *inv, int id)
{
    cJSON *o = b2b_invoice_to_json(inv);
    cJSON_AddNumberToObject(o, "id", id);
    cJSON_AddStringToObject(o, "customerName", "silk");
    const char *bal[] = {"originalBalance", "openBalance"};
    for (int i = 0; i < 2; i++) {
        cJSON *b = cJSON_GetObjectItem(o, bal[i]);
        cJSON *v = cJSON_GetObjectItem(b, "value");
        char text[64];
        snprintf(text, sizeof text, "%s%s", v->valuestring,
                 strchr(v->valuestring, '.') ? "00" : ".0000");
        cJSON_ReplaceItemInObject(b, "value", cJSON_CreateString(text));
    }
    cJSON *details = cJSON_GetObjectItem(o, "details");
    if (!details)
        details = cJSON_AddObjectToObject(o, "details");
    cJSON *header = cJSON_GetObjectItem(details, "header");
    if (!header)
        header = cJSON_AddObjectToObject(details, "header");
    cJSON *ba = cJSON_AddObjectToObject(header, "billingAddress");
    cJSON_AddStringToObject(ba, "city", "Austin");
    cJSON_AddStringToObject(ba, "country", "US");
    /* as parsed from an answer: raw numbers become numbers */
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    o = cJSON_Parse(text);
    cJSON_free(text);
    assert_non_null(o);
    return o;
}

/* A journal record as journal_log_read makes it. */
static journal_rec rec(const char *key, enum journal_state st, const char *action, const char *id,
                       cJSON *before, cJSON *after, bool open)
{
    journal_rec r;
    memset(&r, 0, sizeof r);
    r.key = (char *)key;
    r.state = st;
    r.action = (char *)action;
    snprintf(r.id, sizeof r.id, "%s", id);
    r.has_before = true;
    r.before_after_outcome = open;
    r.before_doc = before;
    r.before_after = after;
    return r;
}

static void item_release(undo_item *it)
{
    undo_plan p = {.items = xcalloc(1, sizeof *it), .n = 1};
    p.items[0] = *it;
    undo_plan_release(&p);
    memset(it, 0, sizeof *it);
}

static void set_balance(cJSON *doc, const char *which, const char *value)
{
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(doc, which), "value", cJSON_CreateString(value));
}

static void test_created(void **state)
{
    (void)state;
    const ic_connector *c = connector_default();
    const ic_invoice *inv = &batch.invoices[0];
    cJSON *after = c->create_body(inv);
    journal_rec r = rec("INV-1", JOURNAL_DONE, "created", "11", NULL, after, false);
    undo_item it = {0};

    cJSON *stored = as_stored(inv, 11); /* as the run left it (a billing address set since) */
    undo_classify(&it, c, &r, stored, NULL);
    assert_int_equal(it.cls, UNDO_DELETE);
    assert_string_equal(it.id, "11");
    assert_string_equal(it.was, "created");
    assert_false(it.again);
    item_release(&it);

    cJSON_ReplaceItemInObject(stored, "dueDate", cJSON_CreateNumber(1800000000));
    undo_classify(&it, c, &r, stored, NULL);
    assert_int_equal(it.cls, UNDO_REFUSED);
    assert_non_null(
        strstr(it.reason, "changed in the store since the run (1 field: dueDate: 1800000000"));
    assert_int_equal(it.n_changes, 1);
    item_release(&it);
    cJSON_Delete(stored);

    stored = as_stored(inv, 11);
    set_balance(stored, "openBalance", "300.0000"); /* 100 paid of 400 */
    undo_classify(&it, c, &r, stored, NULL);
    assert_int_equal(it.cls, UNDO_REFUSED);
    assert_non_null(strstr(it.reason, "it has payments: open balance 300.00 of 400.00"));
    item_release(&it);
    cJSON_Delete(stored);

    undo_classify(&it, c, &r, NULL, NULL);
    assert_int_equal(it.cls, UNDO_GONE);
    item_release(&it);

    /* an earlier undo sent its DELETE and was killed before the outcome: gone means done */
    journal_rec u = rec("INV-1", 0, NULL, "11", NULL, NULL, true);
    undo_classify(&it, c, &r, NULL, &u);
    assert_int_equal(it.cls, UNDO_UNDONE);
    assert_true(it.confirm);
    item_release(&it);
    stored = as_stored(inv, 11); /* ... and still there: sent again */
    undo_classify(&it, c, &r, stored, &u);
    assert_int_equal(it.cls, UNDO_DELETE);
    assert_true(it.again);
    item_release(&it);

    /* recorded as done by an earlier undo: nothing, whatever the store says */
    journal_rec d = rec("INV-1", JOURNAL_DONE, "deleted", "11", NULL, NULL, false);
    undo_classify(&it, c, &r, stored, &d);
    assert_int_equal(it.cls, UNDO_UNDONE);
    assert_string_equal(it.reason, "deleted by an earlier undo");
    item_release(&it);

    /* killed while creating: found in the store, it was created; not found, it was not */
    journal_rec open = rec("INV-1", JOURNAL_INTENT, NULL, "", NULL, after, true);
    undo_classify(&it, c, &open, stored, NULL);
    assert_int_equal(it.cls, UNDO_DELETE);
    assert_string_equal(it.id, "11");
    assert_string_equal(it.was, "created?");
    item_release(&it);
    undo_classify(&it, c, &open, NULL, NULL);
    assert_int_equal(it.cls, UNDO_UNTOUCHED);
    item_release(&it);
    cJSON_Delete(stored);
    cJSON_Delete(after);
}

static void test_updated(void **state)
{
    (void)state;
    const ic_connector *c = connector_default();
    const ic_invoice *inv = &batch.invoices[1];
    cJSON *after = c->create_body(inv);
    cJSON *before = as_stored(inv, 12);
    cJSON_ReplaceItemInObject(before, "dueDate", cJSON_CreateNumber(1790000000));
    journal_rec r = rec("INV-2", JOURNAL_DONE, "updated", "12", before, after, false);
    undo_item it = {0};

    cJSON *stored = as_stored(inv, 12); /* as the run left it */
    undo_classify(&it, c, &r, stored, NULL);
    assert_int_equal(it.cls, UNDO_RESTORE);
    assert_non_null(it.body);
    assert_int_equal(cJSON_GetObjectItem(it.body, "dueDate")->valuedouble, 1790000000);
    assert_null(cJSON_GetObjectItem(it.body, "id")); /* read-only keys are not sent */
    item_release(&it);

    set_balance(stored, "openBalance", "4.5000"); /* 1.00 paid since */
    undo_classify(&it, c, &r, stored, NULL);
    assert_int_equal(it.cls, UNDO_REFUSED);
    assert_string_equal(it.reason, "paid since the run: 1.00 paid now, 0.00 before the update");
    item_release(&it);
    cJSON_Delete(stored);

    stored = as_stored(inv, 12);
    cJSON_ReplaceItemInObject(stored, "customerId", cJSON_CreateString("999"));
    undo_classify(&it, c, &r, stored, NULL);
    assert_int_equal(it.cls, UNDO_REFUSED);
    assert_non_null(strstr(it.reason, "customerId: 999, the run left 1236"));
    item_release(&it);

    /* the store holds the document before the update already */
    undo_classify(&it, c, &r, before, NULL);
    assert_int_equal(it.cls, UNDO_UNTOUCHED);
    item_release(&it);
    /* ... after an earlier undo's PUT whose outcome was not written */
    journal_rec u = rec("INV-2", 0, NULL, "12", before, NULL, true);
    undo_classify(&it, c, &r, before, &u);
    assert_int_equal(it.cls, UNDO_UNDONE);
    assert_true(it.confirm);
    item_release(&it);

    undo_classify(&it, c, &r, NULL, NULL);
    assert_int_equal(it.cls, UNDO_REFUSED);
    assert_non_null(strstr(it.reason, "no longer in the store"));
    item_release(&it);

    cJSON_Delete(stored);
    cJSON_Delete(before);
    cJSON_Delete(after);
}

static void undelete(const char *id, conn_request *out)
{
    (void)id;
    out->method = "POST";
    out->path = xstrdup("/restore");
}

/* Removed by the run (import's delete mode): brought back while nothing holds its number again;
 * created anew from the document before the removal (B2B Edition), or unarchived under its own id
 * by a target with undelete_request (BILL). */
static void test_removed(void **state)
{
    (void)state;
    const ic_connector *c = connector_default();
    const ic_invoice *inv = &batch.invoices[1];
    cJSON *before = as_stored(inv, 12);
    journal_rec del = rec("INV-2", JOURNAL_DONE, "deleted", "12", before, NULL, false);
    undo_item it = {0};

    undo_classify(&it, c, &del, NULL, NULL);
    assert_int_equal(it.cls, UNDO_RECREATE);
    assert_true(it.removed);
    assert_false(it.again);
    assert_string_equal(it.id, "12");
    assert_string_equal(it.was_id, "12");
    assert_string_equal(it.number, "INV-2");
    assert_string_equal(it.reason, "invoice 12 is gone for good: created anew, under a new id");
    assert_non_null(it.body); /* the create body of the document before the removal */
    assert_null(cJSON_GetObjectItem(it.body, "id"));
    assert_string_equal(cJSON_GetObjectItem(it.body, "invoiceNumber")->valuestring, "INV-2");
    cJSON *again = c->merge(before, it.body);
    assert_true(merge_equal(before, again)); /* it says what the store held */
    cJSON_Delete(again);
    assert_string_equal(undo_class_name(it.cls), "recreate");
    item_release(&it);

    /* another invoice holds its number now: not recreated */
    cJSON *other = as_stored(inv, 61);
    undo_classify(&it, c, &del, other, NULL);
    assert_int_equal(it.cls, UNDO_REFUSED);
    assert_string_equal(it.reason,
                        "an invoice numbered INV-2 is in the store again (invoice 61): not "
                        "recreated");
    item_release(&it);

    /* an earlier undo's POST whose outcome was not written: found by number, it went through */
    journal_rec u = rec("INV-2", JOURNAL_INTENT, NULL, "12", before, NULL, true);
    undo_classify(&it, c, &del, other, &u);
    assert_int_equal(it.cls, UNDO_UNDONE);
    assert_true(it.confirm);
    assert_string_equal(it.id, "61");
    item_release(&it);
    /* ... with other values: someone else's invoice, refused */
    cJSON_ReplaceItemInObject(other, "dueDate", cJSON_CreateNumber(1800000000));
    undo_classify(&it, c, &del, other, &u);
    assert_int_equal(it.cls, UNDO_REFUSED);
    item_release(&it);
    /* ... not in the store: it did not go through, sent again */
    undo_classify(&it, c, &del, NULL, &u);
    assert_int_equal(it.cls, UNDO_RECREATE);
    assert_true(it.again);
    item_release(&it);
    /* recorded as done by an earlier undo */
    journal_rec d = rec("INV-2", JOURNAL_DONE, "recreated", "61", NULL, NULL, false);
    undo_classify(&it, c, &del, other, &d);
    assert_int_equal(it.cls, UNDO_UNDONE);
    assert_string_equal(it.reason, "recreated by an earlier undo");
    item_release(&it);

    /* the run was killed while removing: still there under its id, the removal did not happen */
    journal_rec open = rec("INV-2", 0, NULL, "12", before, NULL, true);
    undo_classify(&it, c, &open, before, NULL);
    assert_int_equal(it.cls, UNDO_UNTOUCHED);
    item_release(&it);
    undo_classify(&it, c, &open, NULL, NULL);
    assert_int_equal(it.cls, UNDO_RECREATE);
    assert_string_equal(it.was, "deleted");
    item_release(&it);

    /* a journal without the document before the removal */
    journal_rec bare = del;
    bare.has_before = false;
    bare.before_doc = NULL;
    undo_classify(&it, c, &bare, NULL, NULL);
    assert_int_equal(it.cls, UNDO_REFUSED);
    assert_non_null(strstr(it.reason, "does not record the invoice before its removal"));
    item_release(&it);

    /* a target that brings it back under its own id (BILL's unarchive) */
    ic_connector bill_like = *c;
    bill_like.undelete_request = undelete;
    bill_like.undelete_verb = "unarchive";
    bill_like.undelete_done = "unarchived";
    undo_classify(&it, &bill_like, &del, NULL, NULL);
    assert_int_equal(it.cls, UNDO_RECREATE);
    assert_string_equal(it.id, "12");
    assert_null(it.body);
    assert_null(it.reason);
    item_release(&it);
    undo_classify(&it, &bill_like, &del, before, NULL); /* listed again: unarchived since */
    assert_int_equal(it.cls, UNDO_UNTOUCHED);
    item_release(&it);
    undo_classify(&it, &bill_like, &del, before, &u); /* an earlier undo's request went through */
    assert_int_equal(it.cls, UNDO_UNDONE);
    assert_true(it.confirm);
    item_release(&it);
    undo_classify(&it, &bill_like, &del, other, NULL);
    assert_int_equal(it.cls, UNDO_REFUSED);
    assert_string_equal(it.reason,
                        "an invoice numbered INV-2 is in the store again (invoice 61): not "
                        "unarchived");
    item_release(&it);

    cJSON_Delete(other);
    cJSON_Delete(before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_created),
        cmocka_unit_test(test_updated),
        cmocka_unit_test(test_removed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
