/* Merging mapped fields onto stored invoices, and the normalised comparison. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/b2b/b2b_merge.h"
#include "api/merge.h"

#include <stdlib.h>
#include <string.h>

static cJSON *J(const char *text)
{
    cJSON *j = cJSON_Parse(text);
    assert_non_null(j);
    return j;
}

static const char *stored_text =
    "{\"id\":7,\"invoiceNumber\":\"INV-1\",\"customerId\":\"1236\",\"customerName\":\"silk\","
    "\"createdAt\":1700000000,\"dueDate\":1763596800,"
    "\"originalBalance\":{\"code\":\"USD\",\"value\":\"400.0000\"},"
    "\"openBalance\":{\"code\":\"USD\",\"value\":\"400.0000\"},"
    "\"details\":{\"type\":\"StandardInvoiceDetails\",\"header\":{"
    "\"billingAddress\":{\"city\":\"Austin\",\"state\":\"TX\",\"country\":\"US\",\"street1\":\"1 "
    "Main\","
    "\"street2\":\"\",\"zipCode\":\"78701\",\"firstName\":\"Ann\",\"lastName\":\"Lee\","
    "\"customFields\":{}},"
    "\"costLines\":[{\"amount\":{\"code\":\"USD\",\"value\":\"400.0000\"},\"description\":"
    "\"Subtotal\"}]},"
    "\"details\":{\"shipments\":[{\"shipVia\":\"UPS\"}],\"lineItems\":[{\"sku\":\"A\",\"quantity\":"
    "\"4.0000\","
    "\"unitPrice\":{\"code\":\"USD\",\"value\":\"100.0000\"},\"customFields\":{}}]}}}";

static const char *body_same =
    "{\"invoiceNumber\":\"INV-1\",\"customerId\":\"1236\",\"dueDate\":1763596800,"
    "\"originalBalance\":{\"code\":\"USD\",\"value\":400},"
    "\"openBalance\":{\"code\":\"USD\",\"value\":400.0},"
    "\"details\":{\"header\":{\"costLines\":[{\"amount\":{\"code\":\"USD\",\"value\":\"400.00\"},"
    "\"description\":\"Subtotal\"}]},"
    "\"details\":{\"lineItems\":[{\"sku\":\"A\",\"quantity\":\"4\","
    "\"unitPrice\":{\"code\":\"USD\",\"value\":\"100.0000\"}}]}}}";

static void test_decimal_canon(void **state)
{
    (void)state;
    char b[64];
    assert_true(merge_decimal_canon("400.0000", b, sizeof b));
    assert_string_equal(b, "400");
    assert_true(merge_decimal_canon("-0.50", b, sizeof b));
    assert_string_equal(b, "-0.5");
    assert_true(merge_decimal_canon("007", b, sizeof b));
    assert_string_equal(b, "7");
    assert_true(merge_decimal_canon("-0.000", b, sizeof b));
    assert_string_equal(b, "0");
    assert_true(merge_decimal_canon(".5", b, sizeof b));
    assert_string_equal(b, "0.5");
    assert_false(merge_decimal_canon("1e5", b, sizeof b));
    assert_false(merge_decimal_canon("", b, sizeof b));
    assert_false(merge_decimal_canon("-", b, sizeof b));
    assert_false(merge_decimal_canon("12a", b, sizeof b));
}

static void test_same_invoice_is_unchanged(void **state)
{
    (void)state;
    cJSON *stored = J(stored_text), *body = J(body_same);
    assert_true(b2b_body_matches(stored, body));
    cJSON_Delete(stored);
    cJSON_Delete(body);
}

static void test_merge_keeps_unmapped(void **state)
{
    (void)state;
    cJSON *stored = J(stored_text);
    cJSON *body = J("{\"dueDate\":1764000000,\"details\":{\"header\":{\"costLines\":[{\"amount\":{"
                    "\"code\":\"USD\",\"value\":\"401.5\"},\"description\":\"Subtotal\"}]}}}");
    cJSON *m = b2b_merge_invoice(stored, body);
    /* billing address, shipments, line items: kept */
    const cJSON *city = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "details"), "header"),
                            "billingAddress"),
        "city");
    assert_string_equal(cJSON_GetStringValue(city), "Austin");
    const cJSON *dd = cJSON_GetObjectItem(cJSON_GetObjectItem(m, "details"), "details");
    assert_non_null(cJSON_GetObjectItem(dd, "shipments"));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(dd, "lineItems")), 1);
    assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(m, "dueDate")), 1764000000L);

    merge_change *ch = NULL;
    size_t n = merge_diff(stored, m, &ch);
    assert_int_equal(n, 2);
    assert_string_equal(ch[0].path, "dueDate");
    assert_string_equal(ch[0].old_value, "1763596800");
    assert_string_equal(ch[0].new_value, "1764000000");
    assert_string_equal(ch[1].path, "details.header.costLines[0].amount.value");
    assert_string_equal(ch[1].old_value, "400.0000");
    assert_string_equal(ch[1].new_value, "401.5");
    merge_changes_free(ch, n);

    /* the stored invoice is untouched */
    assert_false(b2b_body_matches(stored, body));
    cJSON *put = b2b_put_body(m);
    assert_null(cJSON_GetObjectItem(put, "id"));
    assert_null(cJSON_GetObjectItem(put, "customerName"));
    assert_null(cJSON_GetObjectItem(put, "createdAt"));
    assert_non_null(cJSON_GetObjectItem(put, "invoiceNumber"));
    cJSON_Delete(put);
    cJSON_Delete(m);
    cJSON_Delete(stored);
    cJSON_Delete(body);
}

static void test_arrays_replaced(void **state)
{
    (void)state;
    cJSON *stored = J(stored_text);
    cJSON *body =
        J("{\"details\":{\"details\":{\"lineItems\":[{\"sku\":\"A\",\"quantity\":\"4\","
          "\"unitPrice\":{\"code\":\"USD\",\"value\":\"100\"}},{\"sku\":\"B\",\"quantity\":\"1\","
          "\"unitPrice\":{\"code\":\"USD\",\"value\":\"5\"}}]}}}");
    cJSON *m = b2b_merge_invoice(stored, body);
    merge_change *ch = NULL;
    size_t n = merge_diff(stored, m, &ch);
    assert_int_equal(n, 1);
    assert_string_equal(ch[0].path, "details.details.lineItems[1]");
    assert_null(ch[0].old_value);
    assert_non_null(strstr(ch[0].new_value, "\"sku\":\"B\""));
    merge_changes_free(ch, n);
    cJSON_Delete(m);

    /* a shorter array drops the stored tail */
    cJSON_Delete(body);
    body = J("{\"details\":{\"details\":{\"lineItems\":[]}}}");
    assert_false(b2b_body_matches(stored, body));
    cJSON_Delete(stored);
    cJSON_Delete(body);
}

/* extraFields merge by name: the CSV's replace, the others stay; the same values are unchanged. */
static void test_extra_fields_by_name(void **state)
{
    (void)state;
    cJSON *stored = J("{\"id\":7,\"invoiceNumber\":\"INV-1\",\"extraFields\":["
                      "{\"fieldName\":\"Region\",\"fieldValue\":\"North\"},"
                      "{\"fieldName\":\"Cost Center\",\"fieldValue\":\"CC-1\"}]}");
    cJSON *same = J("{\"invoiceNumber\":\"INV-1\",\"extraFields\":["
                    "{\"fieldName\":\"Cost Center\",\"fieldValue\":\"CC-1\"}]}");
    assert_true(b2b_body_matches(stored, same));
    cJSON *changed = J("{\"invoiceNumber\":\"INV-1\",\"extraFields\":["
                       "{\"fieldName\":\"Cost Center\",\"fieldValue\":\"CC-2\"},"
                       "{\"fieldName\":\"Notes\",\"fieldValue\":\"rush\"}]}");
    cJSON *m = b2b_merge_invoice(stored, changed);
    merge_change *ch = NULL;
    size_t n = merge_diff(stored, m, &ch);
    assert_int_equal(n, 2);
    assert_string_equal(ch[0].path, "extraFields[1].fieldValue");
    assert_string_equal(ch[0].old_value, "CC-1");
    assert_string_equal(ch[0].new_value, "CC-2");
    assert_string_equal(ch[1].path, "extraFields[2]");
    merge_changes_free(ch, n);
    /* Region, which the CSV does not name, is kept */
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(m, "extraFields");
    assert_int_equal(cJSON_GetArraySize(x), 3);
    assert_string_equal(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(x, 0), "fieldValue")->valuestring,
        "North");
    cJSON_Delete(m);
    cJSON_Delete(changed);
    cJSON_Delete(same);
    cJSON_Delete(stored);
}

static void test_strings_are_exact_outside_amounts(void **state)
{
    (void)state;
    cJSON *a = J("{\"invoiceNumber\":\"00000009\",\"x\":{\"value\":\"1.10\"},\"n\":\"5\"}");
    cJSON *b = J("{\"invoiceNumber\":\"9\",\"x\":{\"value\":\"1.1\"},\"n\":5}");
    merge_change *ch = NULL;
    size_t n = merge_diff(a, b, &ch);
    assert_int_equal(n, 1);
    assert_string_equal(ch[0].path, "invoiceNumber");
    merge_changes_free(ch, n);
    cJSON_Delete(a);
    cJSON_Delete(b);
}

static void test_empty_is_absent(void **state)
{
    (void)state;
    cJSON *a = J("{\"a\":null,\"b\":{},\"c\":[],\"d\":\"\",\"e\":1}");
    cJSON *b = J("{\"e\":1.0,\"f\":null}");
    assert_true(merge_equal(a, b));
    assert_true(merge_equal(b, a));
    /* the API answers an absent discount as a zero amount */
    cJSON *z = J("{\"d\":{\"code\":\"USD\",\"value\":\"0.0000\"},\"e\":1}");
    cJSON *nz = J("{\"d\":{\"code\":\"USD\",\"value\":\"0.01\"},\"e\":1}");
    assert_true(merge_equal(b, z));
    assert_false(merge_equal(b, nz));
    cJSON_Delete(z);
    cJSON_Delete(nz);
    cJSON *c = J("{\"e\":1,\"d\":\"x\"}");
    assert_false(merge_equal(a, c));
    cJSON_Delete(a);
    cJSON_Delete(b);
    cJSON_Delete(c);
}

static void test_number_precision(void **state)
{
    (void)state;
    /* 703.39 as a double must compare equal to the exact text */
    cJSON *a = J("{\"v\":{\"value\":703.39}}");
    cJSON *b = J("{\"v\":{\"value\":\"703.3900\"}}");
    cJSON *c = J("{\"v\":{\"value\":\"703.3901\"}}");
    assert_true(merge_equal(a, b));
    assert_false(merge_equal(a, c));
    cJSON_Delete(a);
    cJSON_Delete(b);
    cJSON_Delete(c);
}

static void test_issued_at_is_creation_time(void **state)
{
    (void)state;
    cJSON *stored = J("{\"id\":1,\"createdAt\":1790812800,\"dueDate\":5}");
    cJSON *body = J("{\"issuedAt\":1790000000,\"dueDate\":5}");
    assert_true(b2b_body_matches(stored, body));
    cJSON *m = b2b_merge_invoice(stored, body);
    assert_null(cJSON_GetObjectItem(m, "issuedAt"));
    cJSON_Delete(m);
    cJSON_Delete(stored);
    stored = J("{\"id\":1,\"issuedAt\":1790812800,\"dueDate\":5}"); /* an API that echoes it */
    assert_false(b2b_body_matches(stored, body));
    cJSON_Delete(stored);
    cJSON_Delete(body);
}

static void test_raw_numbers(void **state)
{
    (void)state;
    /* b2b_json writes amounts and dates as raw JSON numbers (exact text) */
    cJSON *stored =
        J("{\"dueDate\":1763596800,\"originalBalance\":{\"code\":\"USD\",\"value\":\"0.1000\"}}");
    cJSON *body = cJSON_CreateObject();
    cJSON_AddRawToObject(body, "dueDate", "1763596800");
    cJSON *bal = cJSON_AddObjectToObject(body, "originalBalance");
    cJSON_AddStringToObject(bal, "code", "USD");
    cJSON_AddRawToObject(bal, "value", "0.1");
    assert_true(b2b_body_matches(stored, body));
    cJSON_ReplaceItemInObject(bal, "value", cJSON_CreateRaw("0.2"));
    assert_false(b2b_body_matches(stored, body));

    /* a balance goes back as the Update schema's string, with the API's 4 decimals */
    cJSON *put = b2b_put_body(stored);
    const cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(put, "originalBalance"), "value");
    assert_true(cJSON_IsString(v));
    assert_string_equal(v->valuestring, "0.1000");
    cJSON_Delete(put);
    cJSON_Delete(stored);
    cJSON_Delete(body);
}

/* The PUT body follows the Update schema: balances' values are strings with 4 decimals (the
 * CSV's raw numbers and the store's strings alike), and top-level strings the store holds empty
 * are left out (the schema wants at least one character); inside details, what the API answered
 * goes back as it was. */
static void test_put_body_follows_update_schema(void **state)
{
    (void)state;
    cJSON *stored =
        J("{\"id\":7,\"invoiceNumber\":\"INV-1\",\"customerId\":\"1236\","
          "\"externalId\":\"\",\"externalCustomerId\":\"\",\"orderNumber\":\"\","
          "\"purchaseOrderNumber\":\"\",\"termsConditions\":\"\",\"externalPdfUrl\":\"\","
          "\"type\":\"Invoice\",\"channelId\":\"1\",\"details\":{\"header\":{"
          "\"billingAddress\":{\"city\":\"\",\"street2\":\"\"}}},"
          "\"originalBalance\":{\"code\":\"USD\",\"value\":\"433\"},"
          "\"openBalance\":{\"code\":\"USD\",\"value\":\"12.0000\"}}");
    cJSON *body = cJSON_CreateObject();
    cJSON *bal = cJSON_AddObjectToObject(body, "originalBalance");
    cJSON_AddStringToObject(bal, "code", "USD");
    cJSON_AddRawToObject(bal, "value", "19.5");
    cJSON_AddStringToObject(body, "purchaseOrderNumber", "PO-9");
    cJSON *m = b2b_merge_invoice(stored, body);
    cJSON *put = b2b_put_body(m);
    const cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(put, "originalBalance"), "value");
    assert_true(cJSON_IsString(v));
    assert_string_equal(v->valuestring, "19.5000");
    v = cJSON_GetObjectItem(cJSON_GetObjectItem(put, "openBalance"), "value");
    assert_true(cJSON_IsString(v));
    assert_string_equal(v->valuestring, "12.0000");
    static const char *const gone[] = {"externalId", "externalCustomerId", "orderNumber",
                                       "termsConditions", "externalPdfUrl"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        assert_null(cJSON_GetObjectItem(put, gone[i]));
    assert_string_equal(cJSON_GetObjectItem(put, "purchaseOrderNumber")->valuestring, "PO-9");
    assert_string_equal(cJSON_GetObjectItem(put, "type")->valuestring, "Invoice");
    const cJSON *ch = cJSON_GetObjectItem(put, "channelId"); /* an integer, as exact text */
    assert_true(cJSON_IsRaw(ch));
    assert_string_equal(ch->valuestring, "1");
    /* details: echoed as answered, empty strings included */
    const cJSON *b = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(put, "details"), "header"), "billingAddress");
    assert_string_equal(cJSON_GetObjectItem(b, "street2")->valuestring, "");
    cJSON_Delete(put);
    cJSON_Delete(m);
    cJSON_Delete(body);
    cJSON_Delete(stored);
}

/* Stored amounts are compared at the API's precision, 4 decimals: a JSON number the API answers
 * with binary noise equals the decimal it stands for. */
static void test_compare_at_four_decimals(void **state)
{
    (void)state;
    cJSON *a = J("{\"v\":{\"value\":0.30000000000000004},\"q\":{\"quantity\":\"2.00004\"}}");
    cJSON *b = J("{\"v\":{\"value\":\"0.3000\"},\"q\":{\"quantity\":\"2\"}}");
    assert_true(merge_equal(a, b));
    cJSON *c = J("{\"v\":{\"value\":\"0.30005\"},\"q\":{\"quantity\":\"2\"}}");
    assert_false(merge_equal(b, c)); /* 0.30005 is 0.3001 at 4 places */
    cJSON_Delete(a);
    cJSON_Delete(b);
    cJSON_Delete(c);
    char buf[64];
    assert_true(merge_decimal_at4("12", buf, sizeof buf));
    assert_string_equal(buf, "12.0000");
    assert_true(merge_decimal_at4("-0.00005", buf, sizeof buf));
    assert_string_equal(buf, "-0.0001");
    assert_true(merge_decimal_at4("0.99995", buf, sizeof buf));
    assert_string_equal(buf, "1.0000");
    assert_true(merge_decimal_at4("400.0000", buf, sizeof buf));
    assert_string_equal(buf, "400.0000");
    assert_false(merge_decimal_at4("1e5", buf, sizeof buf));
    assert_false(merge_decimal_at4("99999999999999999999", buf, sizeof buf));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decimal_canon),
        cmocka_unit_test(test_same_invoice_is_unchanged),
        cmocka_unit_test(test_merge_keeps_unmapped),
        cmocka_unit_test(test_arrays_replaced),
        cmocka_unit_test(test_extra_fields_by_name),
        cmocka_unit_test(test_strings_are_exact_outside_amounts),
        cmocka_unit_test(test_empty_is_absent),
        cmocka_unit_test(test_number_precision),
        cmocka_unit_test(test_raw_numbers),
        cmocka_unit_test(test_issued_at_is_creation_time),
        cmocka_unit_test(test_put_body_follows_update_schema),
        cmocka_unit_test(test_compare_at_four_decimals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
