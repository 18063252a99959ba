/* BILL's documents both ways: the create body from a canonical invoice (customer by id or by name
 * and email, lines with exact amounts, cost lines as lines, days, no email unless asked) and a
 * stored invoice read back strictly (wrong types name the field, inexact numbers refused). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/bill/bill.h"
#include "api/bill/bill_internal.h"
#include "model/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *text_of(const cJSON *j)
{
    char *p = cJSON_PrintUnformatted(j);
    assert_non_null(p);
    return p;
}

static void sample(ic_invoice *inv)
{
    invoice_init(inv);
    invoice_set_str(&inv->invoice_number, "INV-1001");
    invoice_set_str(&inv->customer_id, "0cu02TXNTXPYFNI16n6b");
    int64_t t;
    assert_int_equal(date_parse("2026-03-01", 10, "%Y-%m-%d", "Europe/Berlin", &t), DATE_OK);
    inv->issued_at = t;
    inv->has_issued_at = true;
    assert_int_equal(date_parse("2026-03-31", 10, "%Y-%m-%d", "America/New_York", &t), DATE_OK);
    inv->due_date = t;
    inv->has_due_date = true;
    ic_line_item *li = invoice_add_line_item(inv);
    invoice_set_str(&li->description, "Widget");
    li->quantity = 20000;    /* 2 */
    li->unit_price = 399900; /* 39.99 */
    li = invoice_add_line_item(inv);
    invoice_set_str(&li->sku, "GADGET-7");
    li->quantity = 5000;   /* 0.5 */
    li->unit_price = 3000; /* 0.3 */
}

static void test_create_body(void **state)
{
    (void)state;
    ic_invoice inv;
    sample(&inv);
    ic_cost_line *cl = invoice_add_cost_line(&inv);
    invoice_set_str(&cl->description, "Freight");
    cl->amount = 125000;
    cJSON *body = bill_connector.create_body(&inv);
    char *t = text_of(body);
    assert_string_equal(
        t, "{\"customer\":{\"id\":\"0cu02TXNTXPYFNI16n6b\"},\"invoiceNumber\":\"INV-1001\","
           "\"invoiceDate\":\"2026-03-01\",\"dueDate\":\"2026-03-31\",\"invoiceLineItems\":["
           "{\"description\":\"Widget\",\"quantity\":2,\"price\":39.99},"
           "{\"description\":\"GADGET-7\",\"quantity\":0.5,\"price\":0.3},"
           "{\"description\":\"Freight\",\"quantity\":1,\"price\":12.5}],"
           "\"processingOptions\":{\"sendEmail\":false}}");
    cJSON_free(t);
    cJSON_Delete(body);

    /* email only when asked */
    body = bill_create_body_email(&inv, true);
    assert_true(cJSON_IsTrue(
        cJSON_GetObjectItem(cJSON_GetObjectItem(body, "processingOptions"), "sendEmail")));
    cJSON_Delete(body);
    invoice_release(&inv);
}

static void test_create_body_customer_by_name(void **state)
{
    (void)state;
    ic_invoice inv;
    sample(&inv);
    invoice_set_str(&inv.customer_id, "1236"); /* a B2B company id: not BILL's */
    invoice_set_str(&inv.customer_name, "Acme Ltd");
    invoice_set_str(&inv.customer_email, "ap@acme.example");
    inv.line_items[0].has_discount = true;
    inv.line_items[0].unit_discount = 99900; /* 9.99 off 39.99 */
    cJSON *body = bill_create_body(&inv);
    char *t = text_of(cJSON_GetObjectItem(body, "customer"));
    assert_string_equal(t, "{\"name\":\"Acme Ltd\",\"email\":\"ap@acme.example\"}");
    cJSON_free(t);
    t = text_of(cJSON_GetArrayItem(cJSON_GetObjectItem(body, "invoiceLineItems"), 0));
    assert_string_equal(t, "{\"description\":\"Widget\",\"quantity\":2,\"price\":30}");
    cJSON_free(t);
    /* server-computed fields never go out */
    assert_null(cJSON_GetObjectItem(body, "totalAmount"));
    assert_null(cJSON_GetObjectItem(body, "customerId"));
    cJSON_Delete(body);
    invoice_release(&inv);
}

static const char *stored =
    "{\"id\":\"00e02BZTBEBDFDESw5ko\",\"customerId\":\"0cu02TXNTXPYFNI16n6b\","
    "\"invoiceNumber\":\"202502\",\"invoiceDate\":\"2026-01-15\",\"dueDate\":\"2026-02-15\","
    "\"totalAmount\":79.98,\"dueAmount\":19.98,\"status\":\"PARTIAL_PAYMENT\",\"archived\":false,"
    "\"recordStatus\":\"ACTIVE\",\"invoiceLineItems\":[{\"id\":\"00f01\",\"quantity\":2,"
    "\"price\":39.99,\"amount\":79.98,\"description\":\"Widget\",\"taxable\":false}],"
    "\"createdTime\":\"2026-01-15T10:30:00.000+00:00\","
    "\"updatedTime\":\"2026-01-16T10:30:00.000+00:00\"}";

static int read_json(const char *text, ic_invoice *inv, ic_err *err)
{
    cJSON *j = cJSON_Parse(text);
    assert_non_null(j);
    invoice_init(inv);
    ic_err_clear(err);
    int rc = bill_connector.read_doc(j, inv, err);
    cJSON_Delete(j);
    return rc;
}

static void test_read_doc(void **state)
{
    (void)state;
    ic_invoice inv;
    ic_err err;
    assert_int_equal(read_json(stored, &inv, &err), 0);
    assert_string_equal(inv.invoice_number, "202502");
    assert_string_equal(inv.customer_id, "0cu02TXNTXPYFNI16n6b");
    assert_true(inv.has_original_balance && inv.original_balance == 799800);
    assert_true(inv.has_open_balance && inv.open_balance == 199800);
    assert_true(inv.has_status && inv.status == 1);
    char day[11];
    assert_true(inv.has_due_date);
    date_format_ymd(inv.due_date, "America/Los_Angeles", day, sizeof day);
    assert_string_equal(day, "2026-02-15");
    date_format_ymd(inv.issued_at, "Asia/Tokyo", day, sizeof day);
    assert_string_equal(day, "2026-01-15");
    assert_true(inv.created_at == 1768473000);
    assert_int_equal(inv.n_line_items, 1);
    assert_string_equal(inv.line_items[0].description, "Widget");
    assert_true(inv.line_items[0].quantity == 20000);
    assert_true(inv.line_items[0].unit_price == 399900);
    invoice_release(&inv);

    /* statuses */
    static const struct {
        const char *word;
        int status;
    } st[] = {{"OPEN", 0}, {"SCHEDULED", 0}, {"PARTIAL_PAYMENT", 1}, {"PAID_IN_FULL", 2}};
    for (size_t i = 0; i < 4; i++) {
        char doc[128];
        snprintf(doc, sizeof doc, "{\"id\":\"00e1\",\"status\":\"%s\"}", st[i].word);
        assert_int_equal(read_json(doc, &inv, &err), 0);
        assert_true(inv.has_status);
        assert_int_equal(inv.status, st[i].status);
        invoice_release(&inv);
    }
    assert_int_equal(read_json("{\"id\":\"00e1\",\"status\":\"UNDEFINED\"}", &inv, &err), 0);
    assert_false(inv.has_status);
    invoice_release(&inv);
}

static void expect_read_error(const char *doc, const char *want)
{
    ic_invoice inv;
    ic_err err;
    int rc = read_json(doc, &inv, &err);
    invoice_release(&inv);
    assert_int_equal(rc, IC_EXIT_IO);
    if (!strstr(err.msg, want))
        fail_msg("'%s' does not contain '%s'", err.msg, want);
}

static void test_read_doc_strict(void **state)
{
    (void)state;
    expect_read_error("[]", "not a JSON object");
    expect_read_error("{\"invoiceNumber\":\"A\"}", "invoice 'A': 'id' is missing");
    expect_read_error("{\"id\":7}", "'id' is not a string");
    expect_read_error("{\"id\":\"00e1\",\"totalAmount\":\"79.98\"}",
                      "invoice 00e1: 'totalAmount' is not a number");
    expect_read_error("{\"id\":\"00e1\",\"dueAmount\":0.30000000000000004}",
                      "'dueAmount' is a number that is not an exact amount");
    expect_read_error("{\"id\":\"00e1\",\"invoiceNumber\":12}", "'invoiceNumber' is not a string");
    expect_read_error("{\"id\":\"00e1\",\"customerId\":false}", "'customerId' is not a string");
    expect_read_error("{\"id\":\"00e1\",\"dueDate\":\"15/02/2026\"}",
                      "'dueDate' is not a date like 2026-03-31: '15/02/2026'");
    expect_read_error("{\"id\":\"00e1\",\"dueDate\":20260215}", "'dueDate' is not a string");
    expect_read_error("{\"id\":\"00e1\",\"status\":2}", "'status' is not a string");
    expect_read_error("{\"id\":\"00e1\",\"status\":\"LOST\"}", "'status' is 'LOST'");
    expect_read_error("{\"id\":\"00e1\",\"archived\":\"no\"}", "'archived' is not true or false");
    expect_read_error("{\"id\":\"00e1\",\"createdTime\":\"soon\"}", "'createdTime' is not a time");
    expect_read_error("{\"id\":\"00e1\",\"invoiceLineItems\":{}}",
                      "'invoiceLineItems' is not an array");
    expect_read_error("{\"id\":\"00e1\",\"invoiceLineItems\":[3]}",
                      "'invoiceLineItems[0]' is not an object");
    expect_read_error("{\"id\":\"00e1\",\"invoiceLineItems\":[{\"quantity\":1}]}",
                      "'invoiceLineItems[0].price' is missing");
    expect_read_error("{\"id\":\"00e1\",\"invoiceLineItems\":[{\"quantity\":1,\"price\":0.1,"
                      "\"description\":4}]}",
                      "'invoiceLineItems[0].description' is not a string");
    expect_read_error("{\"id\":\"00e1\",\"invoiceLineItems\":[{\"quantity\":1,"
                      "\"price\":0.30000000000000004}]}",
                      "'invoiceLineItems[0].price' is a number that is not an exact amount");
}

static void test_keys_and_ids(void **state)
{
    (void)state;
    cJSON *j = cJSON_Parse(stored);
    char buf[CONN_ID_MAX];
    assert_true(bill_connector.doc_key(j, "invoiceNumber", buf, sizeof buf));
    assert_string_equal(buf, "202502");
    assert_false(bill_connector.doc_key(j, "externalId", buf, sizeof buf));
    assert_true(bill_connector.doc_id(j, buf, sizeof buf));
    assert_string_equal(buf, "00e02BZTBEBDFDESw5ko");
    cJSON_Delete(j);
    j = cJSON_Parse("{\"id\":\"00e 1\"}");
    assert_false(bill_connector.doc_id(j, buf, sizeof buf));
    cJSON_Delete(j);
    j = cJSON_Parse("{\"id\":12}");
    assert_false(bill_connector.doc_id(j, buf, sizeof buf));
    cJSON_Delete(j);
}

/* The create body read back (as BILL would store it) is the same invoice. */
static void test_round_trip(void **state)
{
    (void)state;
    ic_invoice inv, back;
    sample(&inv);
    cJSON *body = bill_create_body(&inv);
    cJSON_AddStringToObject(body, "id", "00e9");
    char *t = text_of(body);
    ic_err err;
    assert_int_equal(read_json(t, &back, &err), 0);
    cJSON_free(t);
    char a[11], b[11];
    bill_format_day(back.due_date, a);
    bill_format_day(inv.due_date, b);
    assert_string_equal(a, b);
    assert_int_equal(back.n_line_items, 2);
    assert_true(back.line_items[1].quantity == 5000 && back.line_items[1].unit_price == 3000);
    invoice_release(&back);
    cJSON_Delete(body);
    invoice_release(&inv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_body),  cmocka_unit_test(test_create_body_customer_by_name),
        cmocka_unit_test(test_read_doc),     cmocka_unit_test(test_read_doc_strict),
        cmocka_unit_test(test_keys_and_ids), cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
