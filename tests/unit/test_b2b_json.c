/* B2B Edition JSON: request bodies byte for byte, the spec's example bodies, round trips, and
 * hostile answers (wrong types, missing fields, huge numbers) that must give errors naming the
 * field, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "api/b2b/b2b_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every request body built here; with B2B_JSON_DUMP=FILE they are also appended to FILE as JSON
 * Lines, for tests/tools/check_request_schema.py to check against the official schema. */
static char *body(const ic_invoice *inv)
{
    cJSON *j = b2b_invoice_to_json(inv);
    assert_non_null(j);
    char *s = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    assert_non_null(s);
    const char *dump = getenv("B2B_JSON_DUMP");
    if (dump && *dump) {
        FILE *f = fopen(dump, "a");
        assert_non_null(f);
        fprintf(f, "%s\n", s);
        assert_int_equal(fclose(f), 0);
    }
    return s;
}

static void expect_body(const ic_invoice *inv, const char *want)
{
    char *s = body(inv);
    if (strcmp(s, want) != 0) {
        fprintf(stderr, "got:  %s\nwant: %s\n", s, want);
        cJSON_free(s);
        fail();
    }
    cJSON_free(s);
}

static void set_address(ic_address *a, const char *city)
{
    a->present = true;
    invoice_set_str(&a->first_name, "B2B");
    invoice_set_str(&a->last_name, "Test");
    invoice_set_str(&a->street1, "TianFuWuJie");
    invoice_set_str(&a->street2, "");
    invoice_set_str(&a->city, city);
    invoice_set_str(&a->state, "Sichuan");
    invoice_set_str(&a->zip_code, "12345");
    invoice_set_str(&a->country, "China");
}

/* The spec's "Invoice body with details info" example, as the canonical invoice. */
static void spec_invoice(ic_invoice *inv)
{
    invoice_init(inv);
    invoice_set_str(&inv->invoice_number, "0000001");
    invoice_set_str(&inv->customer_id, "12345");
    memcpy(inv->currency, "USD", 4);
    inv->has_original_balance = inv->has_open_balance = true;
    inv->original_balance = inv->open_balance = 100 * MONEY_SCALE;
    inv->has_due_date = inv->has_issued_at = inv->has_status = true;
    inv->due_date = inv->issued_at = 1619161808;
    inv->status = 0;
    invoice_set_str(&inv->channel_id, "1");
    const char *desc[] = {"Subtotal", "Freight", "Sales Tax"};
    money_t amt[] = {90 * MONEY_SCALE, 10 * MONEY_SCALE, 0};
    for (int i = 0; i < 3; i++) {
        ic_cost_line *cl = invoice_add_cost_line(inv);
        invoice_set_str(&cl->description, desc[i]);
        cl->amount = amt[i];
    }
    set_address(&inv->billing, "Chengdu");
    set_address(invoice_add_shipping(inv), "Chengdu");
    ic_line_item *li = invoice_add_line_item(inv);
    invoice_set_str(&li->sku, "Test-1");
    li->quantity = 2 * MONEY_SCALE;
    li->unit_price = 40 * MONEY_SCALE;
    invoice_set_str(&li->description, "A custom product requires a description.");
}

static const char spec_addr[] =
    "{\"firstName\":\"B2B\",\"lastName\":\"Test\",\"street1\":\"TianFuWuJie\","
    "\"street2\":\"\",\"city\":\"Chengdu\",\"state\":\"Sichuan\","
    "\"zipCode\":\"12345\",\"country\":\"China\"}";

static void test_spec_request_body(void **state)
{
    (void)state;
    ic_invoice inv;
    spec_invoice(&inv);
    char want[2048];
    snprintf(want, sizeof want,
             "{\"invoiceNumber\":\"0000001\",\"customerId\":\"12345\","
             "\"originalBalance\":{\"code\":\"USD\",\"value\":100},"
             "\"openBalance\":{\"code\":\"USD\",\"value\":100},"
             "\"dueDate\":1619161808,\"issuedAt\":1619161808,\"status\":0,\"channelId\":1,"
             "\"details\":{\"header\":{\"costLines\":["
             "{\"amount\":{\"code\":\"USD\",\"value\":\"90.0000\"},\"description\":\"Subtotal\"},"
             "{\"amount\":{\"code\":\"USD\",\"value\":\"10.0000\"},\"description\":\"Freight\"},"
             "{\"amount\":{\"code\":\"USD\",\"value\":\"0.0000\"},\"description\":\"Sales Tax\"}],"
             "\"billingAddress\":%s,\"shippingAddresses\":[%s]},"
             "\"details\":{\"lineItems\":[{\"sku\":\"Test-1\",\"quantity\":\"2\","
             "\"unitPrice\":{\"code\":\"USD\",\"value\":\"40.0000\"},"
             "\"description\":\"A custom product requires a description.\"}]}}}",
             spec_addr, spec_addr);
    expect_body(&inv, want);
    invoice_release(&inv);
}

static void test_minimal_body(void **state)
{
    (void)state;
    ic_invoice inv;
    invoice_init(&inv);
    invoice_set_str(&inv.invoice_number, "0000001");
    invoice_set_str(&inv.customer_id, "12345");
    memcpy(inv.currency, "USD", 4);
    inv.has_original_balance = inv.has_open_balance = true;
    inv.original_balance = 1000; /* 0.1: exact text, not 0.10000000000000001 */
    inv.open_balance = -1;       /* -0.0001 */
    invoice_set_str(&inv.channel_id, "1");
    expect_body(&inv, "{\"invoiceNumber\":\"0000001\",\"customerId\":\"12345\","
                      "\"originalBalance\":{\"code\":\"USD\",\"value\":0.1},"
                      "\"openBalance\":{\"code\":\"USD\",\"value\":-0.0001},\"channelId\":1}");
    inv.original_balance = INT64_MAX;
    inv.has_open_balance = false;
    invoice_set_str(&inv.channel_id, NULL);
    expect_body(&inv, "{\"invoiceNumber\":\"0000001\",\"customerId\":\"12345\","
                      "\"originalBalance\":{\"code\":\"USD\",\"value\":922337203685477.5807}}");
    invoice_release(&inv);
}

static void test_all_fields_body(void **state)
{
    (void)state;
    ic_invoice inv;
    invoice_init(&inv);
    invoice_set_str(&inv.invoice_number, "INV-1");
    invoice_set_str(&inv.customer_id, "7");
    memcpy(inv.currency, "EUR", 4);
    inv.has_original_balance = inv.has_open_balance = true;
    inv.original_balance = 12345;
    inv.open_balance = 0;
    inv.has_due_date = true;
    inv.due_date = 253402214400; /* 9999-12-31: beyond 32 bits */
    inv.has_status = inv.has_source = true;
    inv.status = 1;
    inv.source = 1;
    invoice_set_str(&inv.type, "Invoice");
    invoice_set_str(&inv.order_number, "132");
    invoice_set_str(&inv.purchase_order_number, "PO \"7\"");
    invoice_set_str(&inv.external_id, "E1");
    invoice_set_str(&inv.external_customer_id, "C1");
    invoice_set_str(&inv.channel_id,
                    "x1"); /* not an integer: sent as given for the API to refuse */
    invoice_set_str(&inv.external_pdf_url, "https://example.com/a.pdf");
    invoice_set_str(&inv.terms_conditions, "Net 30");
    invoice_add_extra_field(&inv, "Region", "Nord");
    invoice_add_extra_field(&inv, "Empty", NULL);
    ic_line_item *li = invoice_add_line_item(&inv);
    invoice_set_str(&li->sku, "S");
    li->quantity = 12500; /* 1.25 */
    li->unit_price = 199900;
    li->has_discount = true;
    li->unit_discount = 5;
    invoice_set_str(&li->type, "physical");
    invoice_set_str(&li->comments, "c");
    expect_body(&inv,
                "{\"invoiceNumber\":\"INV-1\",\"customerId\":\"7\","
                "\"originalBalance\":{\"code\":\"EUR\",\"value\":1.2345},"
                "\"openBalance\":{\"code\":\"EUR\",\"value\":0},\"dueDate\":253402214400,"
                "\"status\":1,\"source\":1,\"type\":\"Invoice\",\"orderNumber\":\"132\","
                "\"purchaseOrderNumber\":\"PO \\\"7\\\"\",\"externalId\":\"E1\","
                "\"externalCustomerId\":\"C1\",\"channelId\":\"x1\","
                "\"externalPdfUrl\":\"https://example.com/a.pdf\",\"termsConditions\":\"Net 30\","
                "\"extraFields\":[{\"fieldName\":\"Region\",\"fieldValue\":\"Nord\"},"
                "{\"fieldName\":\"Empty\",\"fieldValue\":\"\"}],"
                "\"details\":{\"details\":{\"lineItems\":[{\"sku\":\"S\",\"quantity\":\"1.25\","
                "\"unitPrice\":{\"code\":\"EUR\",\"value\":\"19.9900\"},\"type\":\"physical\","
                "\"comments\":\"c\",\"unitDiscount\":{\"code\":\"EUR\",\"value\":\"0.0005\"}}]}}}");
    invoice_release(&inv);
}

static int from_text(const char *json, ic_invoice *inv, ic_err *err)
{
    cJSON *j = cJSON_Parse(json);
    invoice_init(inv);
    ic_err_clear(err);
    int rc = b2b_invoice_from_json(j, inv, err);
    cJSON_Delete(j);
    return rc;
}

/* The list example of GET /invoices (one element of data[]). */
static const char list_example[] =
    "{\"id\":33,\"customerId\":\"3\",\"externalId\":\"123\",\"externalCustomerId\":\"123\","
    "\"invoiceNumber\":\"00000033\",\"type\":\"Invoice on Shipment\",\"dueDate\":1619826907,"
    "\"status\":0,\"orderNumber\":\"132\",\"purchaseOrderNumber\":\"123\",\"details\":{\"type\":"
    "\"StandardInvoiceDetails\",\"header\":{\"costLines\":[{\"amount\":{\"code\":\"USD\",\"value\":"
    "\"400.0000\"},\"description\":\"Subtotal\"},{\"amount\":{\"code\":\"USD\",\"value\":\"0."
    "0000\"},"
    "\"description\":\"Freight\"},{\"amount\":{\"code\":\"USD\",\"value\":\"0.0000\"},"
    "\"description\":"
    "\"Sales Tax\"}],\"orderDate\":1618246864,\"billingAddress\":{\"city\":\"montreal\",\"state\":"
    "\"California\",\"country\":\"United States\",\"street1\":\"123 Main Street\",\"street2\":"
    "\"Suite 200\",\"zipCode\":\"111111\",\"lastName\":\"Doe\",\"firstName\":\"John\","
    "\"customFields\":{}},\"customerFields\":{},\"shippingAddresses\":[{\"city\":\"Montreal\","
    "\"state\":\"California\",\"country\":\"United States\",\"street1\":\"123 Main Street\","
    "\"street2\":\"Suite 200\",\"zipCode\":\"111111\",\"lastName\":\"Doe\",\"firstName\":\"John\","
    "\"customFields\":{}}]},\"details\":{\"lineItems\":[{\"sku\":\"CLC\",\"type\":\"physical\","
    "\"comments\":\"item comments\",\"quantity\":\"2\",\"unitPrice\":{\"code\":\"USD\",\"value\":"
    "\"200.0000\"},\"description\":\"[Sample] Canvas Laundry Cart\",\"customFields\":{},"
    "\"unitDiscount\":{\"code\":\"USD\",\"value\":\"0\"}}],\"shipments\":[{\"addressIndex\":"
    "\"string\",\"shipDate\":\"string\",\"shipVia\":\"string\",\"trackingNumber\":\"string\","
    "\"comments\":\"string\",\"customFields\":{}}]}},\"isPendingPayment\":1,\"source\":0,"
    "\"originalBalance\":{\"code\":\"USD\",\"value\":\"400.0000\"},\"openBalance\":{\"code\":"
    "\"USD\",\"value\":\"400.0000\"},\"customerName\":\"ABC123\",\"channelId\":\"1\","
    "\"channelName\":\"string\"}";

static void test_spec_list_example(void **state)
{
    (void)state;
    ic_invoice inv;
    ic_err err;
    assert_int_equal(from_text(list_example, &inv, &err), 0);
    assert_int_equal(inv.id, 33);
    assert_string_equal(inv.invoice_number, "00000033");
    assert_string_equal(inv.customer_id, "3");
    assert_string_equal(inv.customer_name, "ABC123");
    assert_string_equal(inv.type, "Invoice on Shipment");
    assert_string_equal(inv.channel_id, "1");
    assert_string_equal(inv.currency, "USD");
    assert_true(inv.has_original_balance && inv.has_open_balance);
    assert_int_equal(inv.original_balance, 400 * MONEY_SCALE);
    assert_int_equal(inv.open_balance, 400 * MONEY_SCALE);
    assert_true(inv.has_due_date);
    assert_int_equal(inv.due_date, 1619826907);
    assert_true(inv.has_status && inv.has_source);
    assert_int_equal(inv.status, 0);
    assert_int_equal(inv.n_cost_lines, 3);
    assert_int_equal(inv.cost_lines[0].amount, 400 * MONEY_SCALE);
    assert_string_equal(inv.cost_lines[2].description, "Sales Tax");
    assert_true(inv.billing.present);
    assert_string_equal(inv.billing.city, "montreal");
    assert_string_equal(inv.billing.zip_code, "111111");
    assert_int_equal(inv.n_shipping, 1);
    assert_string_equal(inv.shipping[0].city, "Montreal");
    assert_int_equal(inv.n_line_items, 1);
    assert_string_equal(inv.line_items[0].sku, "CLC");
    assert_int_equal(inv.line_items[0].quantity, 2 * MONEY_SCALE);
    assert_int_equal(inv.line_items[0].unit_price, 200 * MONEY_SCALE);
    assert_true(inv.line_items[0].has_discount);
    assert_int_equal(inv.line_items[0].unit_discount, 0);
    assert_string_equal(inv.line_items[0].comments, "item comments");
    invoice_release(&inv);
}

static void test_round_trip(void **state)
{
    (void)state;
    ic_invoice a, b;
    ic_err err;
    spec_invoice(&a);
    /* Answers' JSON numbers pass through a double, so this stays below 10^11 (see number_amount).
     */
    a.original_balance = -987654321098765LL;
    a.open_balance = 1;
    a.line_items[0].quantity = 3;
    a.line_items[0].has_discount = true;
    a.line_items[0].unit_discount = 99999;
    invoice_add_extra_field(&a, "k", "v");
    cJSON *j = b2b_invoice_to_json(&a);
    cJSON_AddNumberToObject(j, "id", 77);
    char *text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    assert_int_equal(from_text(text, &b, &err), 0);
    cJSON_free(text);
    assert_int_equal(b.id, 77);
    assert_string_equal(b.invoice_number, a.invoice_number);
    assert_string_equal(b.customer_id, a.customer_id);
    assert_string_equal(b.currency, "USD");
    assert_string_equal(b.channel_id, "1");
    assert_int_equal(b.original_balance, a.original_balance);
    assert_int_equal(b.open_balance, a.open_balance);
    assert_int_equal(b.due_date, a.due_date);
    assert_int_equal(b.issued_at, a.issued_at);
    assert_true(b.has_status && b.status == 0);
    assert_false(b.has_source);
    assert_int_equal(b.n_cost_lines, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(b.cost_lines[i].amount, a.cost_lines[i].amount);
        assert_string_equal(b.cost_lines[i].description, a.cost_lines[i].description);
    }
    assert_true(b.billing.present);
    assert_string_equal(b.billing.street2, "");
    assert_int_equal(b.n_shipping, 1);
    assert_int_equal(b.n_line_items, 1);
    assert_int_equal(b.line_items[0].quantity, 3);
    assert_int_equal(b.line_items[0].unit_price, a.line_items[0].unit_price);
    assert_int_equal(b.line_items[0].unit_discount, 99999);
    assert_null(b.line_items[0].type);
    assert_int_equal(b.n_extra_fields, 1);
    assert_string_equal(b.extra_fields[0].value, "v");
    /* And back again: the same bytes. */
    b.id = 0;
    char *t1 = body(&a), *t2 = body(&b);
    assert_string_equal(t1, t2);
    cJSON_free(t1);
    cJSON_free(t2);
    invoice_release(&a);
    invoice_release(&b);
}

static void test_numbers_in_answers(void **state)
{
    (void)state;
    ic_invoice inv;
    ic_err err;
    /* Short decimals and integers as JSON numbers are exact; times as strings or numbers. */
    assert_int_equal(
        from_text("{\"id\":5,\"originalBalance\":{\"code\":\"USD\",\"value\":100},"
                  "\"openBalance\":{\"code\":\"USD\",\"value\":0.1},\"createdAt\":\"1700000000\","
                  "\"updatedAt\":1700000001,\"channelId\":3,\"extraFields\":[{\"fieldName\":\"n\","
                  "\"fieldValue\":2.5},{\"fieldName\":\"z\",\"fieldValue\":null}]}",
                  &inv, &err),
        0);
    assert_int_equal(inv.original_balance, 100 * MONEY_SCALE);
    assert_int_equal(inv.open_balance, 1000);
    assert_int_equal(inv.created_at, 1700000000);
    assert_int_equal(inv.updated_at, 1700000001);
    assert_string_equal(inv.channel_id, "3");
    assert_string_equal(inv.extra_fields[0].value, "2.5");
    assert_string_equal(inv.extra_fields[1].value, "");
    invoice_release(&inv);
    assert_int_equal(
        from_text("{\"id\":5,\"openBalance\":{\"code\":\"USD\",\"value\":-12345678.9876},"
                  "\"createdAt\":\"2024-01-02T03:04:05Z\"}",
                  &inv, &err),
        0);
    assert_int_equal(inv.open_balance, -123456789876LL);
    assert_int_equal(inv.created_at, 1704164645);
    invoice_release(&inv);
    /* Nulls are absent values. */
    assert_int_equal(
        from_text("{\"id\":5,\"externalId\":null,\"dueDate\":null,\"details\":null}", &inv, &err),
        0);
    assert_null(inv.external_id);
    assert_false(inv.has_due_date);
    invoice_release(&inv);
}

static void expect_error(const char *json, const char *want_in_msg)
{
    ic_invoice inv;
    ic_err err;
    int rc = from_text(json, &inv, &err);
    if (rc != IC_EXIT_IO || err.code != IC_EXIT_IO || !strstr(err.msg, want_in_msg))
        fail_msg("%s: rc %d, message '%s', want one containing '%s'", json, rc, err.msg,
                 want_in_msg);
    invoice_release(&inv);
}

static void test_wrong_types(void **state)
{
    (void)state;
    expect_error("[]", "invoice: not a JSON object");
    expect_error("{}", "'id' is missing");
    expect_error("{\"id\":\"abc\"}", "'id' is not a number");
    expect_error("{\"id\":\"12\",\"invoiceNumber\":\"INV-9\"}",
                 "invoice 'INV-9': 'id' is not a number");
    expect_error("{\"id\":1.5}", "'id' is not a positive integer");
    expect_error("{\"id\":-3}", "'id' is not a positive integer");
    expect_error("{\"id\":1e300}", "'id' is not a positive integer");
    expect_error("{\"id\":12,\"invoiceNumber\":7}", "invoice 12: 'invoiceNumber' is not a string");
    expect_error("{\"id\":12,\"customerId\":3}", "invoice 12: 'customerId' is not a string");
    expect_error("{\"id\":12,\"openBalance\":{\"code\":\"USD\",\"value\":\"abc\"}}",
                 "invoice 12: 'openBalance.value' is not an amount: 'abc'");
    expect_error("{\"id\":12,\"openBalance\":{\"code\":\"USD\",\"value\":true}}",
                 "invoice 12: 'openBalance.value' is not a number");
    expect_error("{\"id\":12,\"openBalance\":{\"code\":\"USD\",\"value\":{}}}",
                 "'openBalance.value' is not a number");
    expect_error("{\"id\":12,\"openBalance\":{\"code\":\"USD\"}}",
                 "'openBalance.value' is missing");
    expect_error("{\"id\":12,\"openBalance\":\"400\"}", "'openBalance' is not an object");
    expect_error("{\"id\":12,\"openBalance\":{\"code\":1,\"value\":\"1\"}}",
                 "'openBalance.code' is not a string");
    expect_error("{\"id\":12,\"originalBalance\":{\"code\":\"USD\",\"value\":0.12345}}",
                 "'originalBalance.value' is a number that is not an exact amount");
    expect_error("{\"id\":12,\"originalBalance\":{\"code\":\"USD\",\"value\":\"0.12345\"}}",
                 "more than 4 decimal places");
    expect_error("{\"id\":12,\"originalBalance\":{\"code\":\"USD\",\"value\":1e20}}",
                 "'originalBalance.value' is a number that is not an exact amount");
    expect_error("{\"id\":12,\"originalBalance\":{\"code\":\"USD\",\"value\":1e15}}",
                 "'originalBalance.value' is not an amount (outside the range");
    expect_error("{\"id\":12,\"originalBalance\":{\"code\":\"USD\",\"value\":"
                 "\"99999999999999999999\"}}",
                 "outside the range");
    expect_error("{\"id\":12,\"dueDate\":\"1619826907\"}", "invoice 12: 'dueDate' is not a number");
    expect_error("{\"id\":12,\"dueDate\":1.5}", "'dueDate' is not an integer");
    expect_error("{\"id\":12,\"status\":\"0\"}", "'status' is not a number");
    expect_error("{\"id\":12,\"status\":7}", "'status' is 7, not one of 0 to 2");
    expect_error("{\"id\":12,\"source\":2}", "'source' is 2, not one of 0 to 1");
    expect_error("{\"id\":12,\"channelId\":[]}", "'channelId' is neither a string nor a number");
    expect_error("{\"id\":12,\"createdAt\":{}}", "'createdAt' is neither a number nor a string");
    expect_error("{\"id\":12,\"createdAt\":\"yesterday\"}",
                 "'createdAt' is not a time: 'yesterday'");
    expect_error("{\"id\":12,\"details\":[]}", "'details' is not an object");
    expect_error("{\"id\":12,\"details\":{\"header\":\"x\"}}", "'details.header' is not an object");
    expect_error("{\"id\":12,\"details\":{\"header\":{\"costLines\":{}}}}",
                 "'details.header.costLines' is not an array");
    expect_error("{\"id\":12,\"details\":{\"header\":{\"costLines\":[\"x\"]}}}",
                 "'details.header.costLines[0]' is not an object");
    expect_error("{\"id\":12,\"details\":{\"header\":{\"costLines\":[{\"amount\":{\"code\":\"USD\","
                 "\"value\":\"1\"},\"description\":\"a\"},{\"description\":\"b\"}]}}}",
                 "'details.header.costLines[1].amount' is missing");
    expect_error("{\"id\":12,\"details\":{\"header\":{\"costLines\":[{\"amount\":{\"code\":\"USD\","
                 "\"value\":\"1\"},\"description\":5}]}}}",
                 "'details.header.costLines[0].description' is not a string");
    expect_error("{\"id\":12,\"details\":{\"header\":{\"billingAddress\":{\"city\":1}}}}",
                 "'details.header.billingAddress.city' is not a string");
    expect_error("{\"id\":12,\"details\":{\"header\":{\"shippingAddresses\":[{},3]}}}",
                 "'details.header.shippingAddresses[1]' is not an object");
    expect_error("{\"id\":12,\"details\":{\"details\":{\"lineItems\":[{\"sku\":\"a\"}]}}}",
                 "'details.details.lineItems[0].quantity' is missing");
    expect_error("{\"id\":12,\"details\":{\"details\":{\"lineItems\":[{\"sku\":\"a\",\"quantity\":"
                 "\"2\"}]}}}",
                 "'details.details.lineItems[0].unitPrice' is missing");
    expect_error("{\"id\":12,\"details\":{\"details\":{\"lineItems\":[{\"sku\":\"a\",\"quantity\":"
                 "\"2\",\"unitPrice\":{\"code\":\"USD\",\"value\":\"1\"},\"unitDiscount\":5}]}}}",
                 "'details.details.lineItems[0].unitDiscount' is not an object");
    expect_error(
        "{\"id\":12,\"details\":{\"details\":{\"lineItems\":[{\"sku\":[],\"quantity\":\"2\"}]}}}",
        "'details.details.lineItems[0].sku' is not a string");
    expect_error("{\"id\":12,\"details\":{\"details\":{\"lineItems\":7}}}",
                 "'details.details.lineItems' is not an array");
    expect_error("{\"id\":12,\"extraFields\":{}}", "'extraFields' is not an array");
    expect_error("{\"id\":12,\"extraFields\":[{\"fieldName\":1}]}",
                 "'extraFields[0].fieldName' is not a string");
    expect_error("{\"id\":12,\"extraFields\":[{\"fieldName\":\"a\",\"fieldValue\":[]}]}",
                 "'extraFields[0].fieldValue' is not a string");
    expect_error(NULL, "not a JSON object");
}

/* Every single-byte corruption of a real answer either parses or fails cleanly: no crash, no leak.
 */
static void test_mutations(void **state)
{
    (void)state;
    const char subst[] = {'"', '{', '}', '[', ']', ',', ':', '0', '-', 'e', 'n', '\\', ' ', '9'};
    size_t n = strlen(list_example), ok = 0, bad = 0;
    char *buf = malloc(n + 1);
    assert_non_null(buf);
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof subst; k++) {
            memcpy(buf, list_example, n + 1);
            buf[i] = subst[k];
            ic_invoice inv;
            ic_err err;
            if (from_text(buf, &inv, &err) == 0)
                ok++;
            else
                bad++;
            invoice_release(&inv);
        }
    }
    free(buf);
    assert_true(ok > 0 && bad > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_request_body), cmocka_unit_test(test_minimal_body),
        cmocka_unit_test(test_all_fields_body),   cmocka_unit_test(test_spec_list_example),
        cmocka_unit_test(test_round_trip),        cmocka_unit_test(test_numbers_in_answers),
        cmocka_unit_test(test_wrong_types),       cmocka_unit_test(test_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
