/* The import plan: classification against the store, per mode, with diffs; and the plan files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/b2b/b2b_json.h"
#include "import/plan.h"
#include "import/plan_write.h"
#include "mapping/mapping.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/test_plan.XXXXXX";
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
    char p[300];
    snprintf(p, sizeof p, "%s/plan.json", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/plan.xlsx", dir);
    unlink(p);
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

static void test_classes_upsert(void **state)
{
    (void)state;
    store_index idx;
    store_index_init(&idx, connector_default(), mapping_match_field(m), &batch);
    cJSON *page = cJSON_CreateArray();
    cJSON_AddItemToArray(page, as_stored(&batch.invoices[0], 11)); /* INV-1 as in the CSV */
    cJSON *inv2 = as_stored(&batch.invoices[1], 12);               /* INV-2 with another due date */
    cJSON_ReplaceItemInObject(inv2, "dueDate", cJSON_CreateNumber(1700000000));
    cJSON_AddItemToArray(page, inv2);
    cJSON *other = cJSON_CreateObject(); /* an invoice the CSV does not name: not kept */
    cJSON_AddStringToObject(other, "invoiceNumber", "ELSEWHERE-1");
    cJSON_AddItemToArray(page, other);
    ic_err err = {0};
    assert_int_equal(store_index_add_page(&idx, page, 0, &err), 0);
    cJSON_Delete(page);
    assert_int_equal(idx.listed, 3);
    assert_int_equal(cJSON_GetArraySize(idx.kept), 2);

    import_plan p;
    assert_int_equal(plan_build(&batch, &idx, IMPORT_UPSERT, &p, &err), 0);
    assert_int_equal(p.n, 3);
    assert_int_equal(p.items[0].cls, PLAN_UNCHANGED);
    assert_string_equal(p.items[0].id, "11");
    assert_int_equal(p.items[1].cls, PLAN_UPDATE);
    assert_string_equal(p.items[1].id, "12");
    assert_int_equal(p.items[1].n_changes, 1);
    assert_string_equal(p.items[1].changes[0].path, "dueDate");
    assert_string_equal(p.items[1].changes[0].old_value, "1700000000");
    /* the PUT body keeps the billing address the CSV does not map, and leaves out read-only fields
     */
    const cJSON *ba = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(p.items[1].body, "details"), "header"),
        "billingAddress");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ba, "city")), "Austin");
    assert_null(cJSON_GetObjectItem(p.items[1].body, "id"));
    assert_null(cJSON_GetObjectItem(p.items[1].body, "customerName"));
    assert_int_equal(p.items[2].cls, PLAN_CREATE);
    assert_non_null(p.items[2].body);
    assert_string_equal(p.items[2].key, "INV-3");
    assert_int_equal(p.counts[PLAN_CREATE], 1);
    assert_int_equal(p.counts[PLAN_UPDATE], 1);
    assert_int_equal(p.counts[PLAN_UNCHANGED], 1);

    /* the plan files */
    assert_int_equal(plan_write_files(&p, csv, dir, &err), 0);
    char path[300];
    snprintf(path, sizeof path, "%s/plan.json", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    cJSON *doc = cJSON_Parse(buf);
    assert_non_null(doc);
    assert_int_equal(
        cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "counts"), "update")), 1);
    const cJSON *second = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "invoices"), 1);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(second, "class")), "update");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
                            cJSON_GetArrayItem(cJSON_GetObjectItem(second, "changes"), 0), "path")),
                        "dueDate");
    cJSON_Delete(doc);
    snprintf(path, sizeof path, "%s/plan.xlsx", dir);
    assert_int_equal(access(path, R_OK), 0);

    plan_release(&p);

    /* create mode: an existing invoice with other values is refused; an equal one is unchanged */
    assert_int_equal(plan_build(&batch, &idx, IMPORT_CREATE, &p, &err), 0);
    assert_int_equal(p.items[0].cls, PLAN_UNCHANGED);
    assert_int_equal(p.items[1].cls, PLAN_REFUSED);
    assert_non_null(strstr(p.items[1].reason, "create mode"));
    assert_int_equal(p.items[2].cls, PLAN_CREATE);
    plan_release(&p);

    /* update mode: a missing invoice is refused */
    assert_int_equal(plan_build(&batch, &idx, IMPORT_UPDATE, &p, &err), 0);
    assert_int_equal(p.items[1].cls, PLAN_UPDATE);
    assert_int_equal(p.items[2].cls, PLAN_REFUSED);
    assert_non_null(strstr(p.items[2].reason, "not in the store"));
    plan_release(&p);
    store_index_release(&idx);
}

static void test_duplicates_and_invalid(void **state)
{
    (void)state;
    store_index idx;
    store_index_init(&idx, connector_default(), mapping_match_field(m), &batch);
    cJSON *page = cJSON_CreateArray();
    cJSON_AddItemToArray(page, as_stored(&batch.invoices[0], 11));
    cJSON_AddItemToArray(page, as_stored(&batch.invoices[0], 21)); /* the same number twice */
    ic_err err = {0};
    assert_int_equal(store_index_add_page(&idx, page, 0, &err), 0);
    cJSON_Delete(page);

    /* a listed invoice the CSV names that cannot be read stops the plan */
    cJSON *bad = cJSON_CreateArray();
    cJSON *inv = as_stored(&batch.invoices[1], 12);
    cJSON_ReplaceItemInObject(inv, "id", cJSON_CreateString("abc"));
    cJSON_AddItemToArray(bad, inv);
    store_index idx2;
    store_index_init(&idx2, connector_default(), mapping_match_field(m), &batch);
    assert_int_equal(store_index_add_page(&idx2, bad, 250, &err), IC_EXIT_IO);
    assert_non_null(strstr(err.msg, "'id' is not a number"));
    assert_non_null(strstr(err.msg, "offset 250"));
    store_index_release(&idx2);
    cJSON_Delete(bad);
    ic_err_clear(&err);

    batch.invoices[2].valid = false; /* as if validation had found an error */
    import_plan p;
    assert_int_equal(plan_build(&batch, &idx, IMPORT_UPSERT, &p, &err), 0);
    assert_int_equal(p.items[0].cls, PLAN_REFUSED);
    assert_non_null(strstr(p.items[0].reason, "several invoices"));
    assert_int_equal(p.items[1].cls, PLAN_CREATE);
    assert_int_equal(p.items[2].cls, PLAN_INVALID);
    assert_int_equal(p.counts[PLAN_INVALID], 1);
    plan_release(&p);
    batch.invoices[2].valid = true;
    store_index_release(&idx);
}

/* The API sets status 2 whenever the open balance is <= 0: a credit note the mapping sends with
 * status 0 is stored with 2, and is unchanged when the file is imported again. */
static void test_credit_note_status_rule(void **state)
{
    (void)state;
    ic_invoice cn = batch.invoices[0]; /* borrowed strings and lines: never freed here */
    cn.has_status = true;
    cn.status = 0;
    cn.has_original_balance = cn.has_open_balance = true;
    cn.original_balance = -4000000; /* -400.00 */
    cn.open_balance = -4000000;
    cJSON *stored = as_stored(&cn, 21);
    cJSON_ReplaceItemInObject(stored, "status", cJSON_CreateNumber(2));

    import_plan p = {0};
    p.n = 1;
    p.items = calloc(1, sizeof *p.items);
    p.items[0].inv = &cn;
    plan_classify_item(&p.items[0], connector_default(), stored, IMPORT_UPSERT);
    assert_int_equal(p.items[0].cls, PLAN_UNCHANGED);
    assert_int_equal(p.items[0].n_changes, 0);

    /* A fully paid invoice (open 0) too. */
    cn.original_balance = 4000000;
    cn.open_balance = 0;
    cJSON_Delete(stored);
    stored = as_stored(&cn, 21);
    cJSON_ReplaceItemInObject(stored, "status", cJSON_CreateNumber(2));
    plan_classify_item(&p.items[0], connector_default(), stored, IMPORT_UPSERT);
    assert_int_equal(p.items[0].cls, PLAN_UNCHANGED);

    /* A real change is an update, and its body carries the status the API would set. */
    cn.original_balance = -4000000;
    cn.open_balance = -1500000;
    plan_classify_item(&p.items[0], connector_default(), stored, IMPORT_UPSERT);
    assert_int_equal(p.items[0].cls, PLAN_UPDATE);
    assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(p.items[0].body, "status")), 2);

    /* An open balance above 0: the status the mapping sends is compared as it is. */
    cn.original_balance = 4000000;
    cn.open_balance = 4000000;
    cJSON_Delete(stored);
    stored = as_stored(&cn, 21);
    cJSON_ReplaceItemInObject(stored, "status", cJSON_CreateNumber(2));
    plan_classify_item(&p.items[0], connector_default(), stored, IMPORT_UPSERT);
    assert_int_equal(p.items[0].cls, PLAN_UPDATE);
    assert_int_equal(p.items[0].n_changes, 1);
    assert_string_equal(p.items[0].changes[0].path, "status");
    cJSON_Delete(stored);
    plan_release(&p);
}

/* Per-invoice modes: delete (found, gone, paid), skip, replace (B2B drops the stored lists the
 * file lacks; a target without replace refuses), and each invoice's own mode over the plan's. */
static void test_modes(void **state)
{
    (void)state;
    const ic_connector *b2b = connector_default();
    ic_invoice inv = batch.invoices[0]; /* borrowed strings and lines: never freed here */
    cJSON *stored = as_stored(&inv, 31);
    import_plan p = {0};
    p.n = 1;
    p.items = calloc(1, sizeof *p.items);
    plan_item *it = &p.items[0];
    it->inv = &inv;

    plan_classify_item(it, b2b, stored, IMPORT_DELETE);
    assert_int_equal(it->cls, PLAN_DELETE);
    assert_int_equal(it->mode, IMPORT_DELETE);
    assert_string_equal(it->id, "31");
    assert_non_null(it->stored);
    assert_null(it->body);

    plan_classify_item(it, b2b, NULL, IMPORT_DELETE);
    assert_int_equal(it->cls, PLAN_REFUSED);
    assert_string_equal(it->reason, "not in the store (nothing to delete)");
    assert_true(it->not_in_store);

    /* paid: the connector's can_delete refuses, with its reason */
    cJSON *paid = as_stored(&inv, 32);
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(paid, "openBalance"), "value",
                              cJSON_CreateString("1.0000"));
    plan_classify_item(it, b2b, paid, IMPORT_DELETE);
    assert_int_equal(it->cls, PLAN_REFUSED);
    assert_false(it->not_in_store);
    assert_non_null(strstr(it->reason, "invoice 32 cannot be deleted: it has payments"));
    cJSON_Delete(paid);

    plan_classify_item(it, b2b, stored, IMPORT_SKIP);
    assert_int_equal(it->cls, PLAN_SKIP);
    assert_string_equal(it->id, "31");
    assert_null(it->body);
    plan_classify_item(it, b2b, NULL, IMPORT_SKIP);
    assert_int_equal(it->cls, PLAN_SKIP);

    /* the store has an extra field and a shipping address the file does not say */
    cJSON *extra = cJSON_AddArrayToObject(stored, "extraFields");
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "fieldName", "Region");
    cJSON_AddStringToObject(f, "fieldValue", "North");
    cJSON_AddItemToArray(extra, f);
    cJSON *header = cJSON_GetObjectItem(cJSON_GetObjectItem(stored, "details"), "header");
    cJSON *ship = cJSON_AddArrayToObject(header, "shippingAddresses");
    cJSON *addr = cJSON_CreateObject();
    cJSON_AddStringToObject(addr, "city", "Dallas");
    cJSON_AddItemToArray(ship, addr);
    plan_classify_item(it, b2b, stored, IMPORT_UPDATE);
    assert_int_equal(it->cls, PLAN_UNCHANGED); /* update keeps what the file does not say */
    plan_classify_item(it, b2b, stored, IMPORT_REPLACE);
    assert_int_equal(it->cls, PLAN_UPDATE);
    assert_int_equal(it->mode, IMPORT_REPLACE);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(it->body, "extraFields")), 0);
    const cJSON *bh = cJSON_GetObjectItem(cJSON_GetObjectItem(it->body, "details"), "header");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(bh, "shippingAddresses")), 0);
    /* what the API keeps of its own (the billing address it answered) stays */
    assert_string_equal(cJSON_GetStringValue(
                            cJSON_GetObjectItem(cJSON_GetObjectItem(bh, "billingAddress"), "city")),
                        "Austin");
    assert_int_equal(
        cJSON_GetArraySize(cJSON_GetObjectItem(
            cJSON_GetObjectItem(cJSON_GetObjectItem(it->body, "details"), "details"), "lineItems")),
        1);
    plan_classify_item(it, b2b, NULL, IMPORT_REPLACE);
    assert_int_equal(it->cls, PLAN_REFUSED);
    assert_string_equal(it->reason, "not in the store (replace mode creates nothing)");

    /* Rebillia cannot replace an invoice whole: refused, naming it (before reading the store) */
    const ic_connector *reb = connector_find("rebillia");
    assert_non_null(reb);
    assert_null(reb->replace);
    plan_classify_item(it, reb, NULL, IMPORT_REPLACE);
    assert_int_equal(it->cls, PLAN_REFUSED);
    assert_non_null(strstr(it->reason, "Rebillia cannot replace an invoice whole"));
    assert_non_null(connector_find("bill-v3")->replace);
    cJSON_Delete(stored);
    plan_release(&p);

    /* plan_build: an invoice's own mode wins over the plan's */
    store_index idx;
    store_index_init(&idx, b2b, mapping_match_field(m), &batch);
    cJSON *page = cJSON_CreateArray();
    cJSON_AddItemToArray(page, as_stored(&batch.invoices[0], 11));
    cJSON_AddItemToArray(page, as_stored(&batch.invoices[1], 12));
    ic_err err = {0};
    assert_int_equal(store_index_add_page(&idx, page, 0, &err), 0);
    cJSON_Delete(page);
    batch.invoices[0].has_mode = true;
    batch.invoices[0].mode = IC_MODE_DELETE;
    batch.invoices[2].has_mode = true;
    batch.invoices[2].mode = IC_MODE_SKIP;
    import_plan q;
    assert_int_equal(plan_build(&batch, &idx, IMPORT_UPSERT, &q, &err), 0);
    assert_int_equal(q.items[0].cls, PLAN_DELETE);
    assert_int_equal(q.items[0].mode, IMPORT_DELETE);
    assert_int_equal(q.items[1].cls, PLAN_UNCHANGED);
    assert_int_equal(q.items[1].mode, IMPORT_UPSERT);
    assert_int_equal(q.items[2].cls, PLAN_SKIP);
    assert_int_equal(q.counts[PLAN_DELETE], 1);
    assert_int_equal(q.counts[PLAN_SKIP], 1);
    assert_string_equal(plan_class_name(PLAN_DELETE), "delete");
    assert_string_equal(plan_class_name(PLAN_SKIP), "skip");
    /* plan.json: each invoice's mode and class */
    cJSON *doc = plan_to_json(&q, csv);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "invoices"), 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "mode")), "delete");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "class")), "delete");
    assert_int_equal(
        cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "counts"), "skip")), 1);
    cJSON_Delete(doc);
    plan_release(&q);
    batch.invoices[0].has_mode = batch.invoices[2].has_mode = false;
    batch.invoices[0].mode = batch.invoices[2].mode = IC_MODE_UPSERT;
    store_index_release(&idx);

    assert_int_equal(import_mode_parse("Replace"), IMPORT_REPLACE);
    assert_int_equal(import_mode_parse("erase"), -1);
    assert_string_equal(import_mode_name(IMPORT_SKIP), "skip");
}

/* A computed open balance says nothing of payments: an invoice paid in part in the store is
 * unchanged when the file is, and a changed line moves both balances by the same amount (what was
 * paid is kept); an open balance from a column is sent as the file says. */
static void test_payments_kept(void **state)
{
    (void)state;
    ic_invoice *inv = &batch.invoices[0]; /* INV-1: 4 x 100 = 400.00 */
    cJSON *stored = as_stored(inv, 11);
    cJSON *open = cJSON_GetObjectItem(stored, "openBalance");
    cJSON_ReplaceItemInObject(open, "value", cJSON_CreateString("150.0000")); /* 250.00 paid */
    cJSON_DeleteItemFromObject(stored, "status");
    cJSON_AddNumberToObject(stored, "status", 1);
    const ic_connector *c = connector_default();
    assert_true(inv->open_balance_computed);

    plan_item it = {.inv = inv, .key = "INV-1"};
    plan_classify_item(&it, c, stored, IMPORT_UPSERT);
    assert_int_equal(it.cls, PLAN_UNCHANGED);

    money_t was = inv->original_balance, was_open = inv->open_balance;
    inv->original_balance = inv->open_balance = 40000000; /* 4,000.0000: a line changed */
    plan_classify_item(&it, c, stored, IMPORT_UPSERT);
    assert_int_equal(it.cls, PLAN_UPDATE);
    char *body = cJSON_PrintUnformatted(it.body);
    assert_non_null(strstr(body, "\"openBalance\":{\"code\":\"USD\",\"value\":\"3750.0000\"}"));
    cJSON_free(body);

    inv->open_balance_computed = false; /* "Amount Due" from a column: the file's word */
    plan_classify_item(&it, c, stored, IMPORT_UPSERT);
    assert_int_equal(it.cls, PLAN_UPDATE);
    body = cJSON_PrintUnformatted(it.body);
    assert_non_null(strstr(body, "\"openBalance\":{\"code\":\"USD\",\"value\":\"4000.0000\"}"));
    cJSON_free(body);

    inv->open_balance_computed = true;
    inv->original_balance = was;
    inv->open_balance = was_open;
    plan_classify_item(&it, c, NULL, IMPORT_UPSERT); /* releases the item's parts */
    cJSON_Delete(it.body);
    it.body = NULL;
    cJSON_Delete(stored);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes_upsert),
        cmocka_unit_test(test_duplicates_and_invalid),
        cmocka_unit_test(test_credit_note_status_rule),
        cmocka_unit_test(test_modes),
        cmocka_unit_test(test_payments_kept),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
