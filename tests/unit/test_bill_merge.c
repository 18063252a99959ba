/* Updates of BILL invoices: the merged document keeps the id of every stored line the file still
 * has (so BILL keeps its history), the PUT body holds only what BILL accepts, and the diff says
 * which lines are added and which are removed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/bill/bill.h"
#include "api/bill/bill_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cJSON *J(const char *text)
{
    cJSON *j = cJSON_Parse(text);
    assert_non_null(j);
    return j;
}

static const char *stored_text =
    "{\"id\":\"00e02BZ\",\"customerId\":\"0cuA\",\"invoiceNumber\":\"INV-1\","
    "\"invoiceDate\":\"2026-01-15\",\"dueDate\":\"2026-02-15\",\"totalAmount\":92.48,"
    "\"dueAmount\":92.48,\"status\":\"OPEN\",\"archived\":false,\"salesTaxItemId\":\"0iiT\","
    "\"createdTime\":\"2026-01-15T10:30:00.000+00:00\",\"invoiceLineItems\":["
    "{\"id\":\"00f1\",\"quantity\":2,\"price\":39.99,\"amount\":79.98,\"description\":\"Widget\","
    "\"taxable\":true},"
    "{\"id\":\"00f2\",\"quantity\":1,\"price\":12.5,\"amount\":12.5,\"description\":\"Freight\"}]}";

/* What the file says, as bill_create_body writes it (raw exact numbers). */
static cJSON *body_from(const char *lines_json, const char *customer)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"customer\":%s,\"invoiceNumber\":\"INV-1\",\"dueDate\":\"2026-02-15\","
             "\"invoiceLineItems\":%s,\"processingOptions\":{\"sendEmail\":false}}",
             customer, lines_json);
    return J(text);
}

static void test_unchanged_costs_nothing(void **state)
{
    (void)state;
    cJSON *stored = J(stored_text);
    cJSON *body = body_from("[{\"description\":\"Widget\",\"quantity\":2,\"price\":39.99},"
                            "{\"description\":\"Freight\",\"quantity\":1,\"price\":12.50}]",
                            "{\"id\":\"0cuA\"}");
    cJSON *merged = bill_connector.merge(stored, body);
    merge_change *ch;
    size_t n = bill_connector.diff(stored, merged, &ch);
    for (size_t i = 0; i < n; i++)
        print_message("%s: %s -> %s\n", ch[i].path, ch[i].old_value ? ch[i].old_value : "-",
                      ch[i].new_value ? ch[i].new_value : "-");
    assert_int_equal(n, 0);
    merge_changes_free(ch, n);
    cJSON_Delete(merged);
    cJSON_Delete(body);

    /* a customer by name and email keeps the stored customer: no new customer per update */
    body = body_from("[{\"description\":\"Widget\",\"quantity\":2,\"price\":39.99},"
                     "{\"description\":\"Freight\",\"quantity\":1,\"price\":12.5}]",
                     "{\"name\":\"Acme\",\"email\":\"ap@acme.example\"}");
    merged = bill_merge(stored, body);
    n = bill_diff(stored, merged, &ch);
    assert_int_equal(n, 0);
    merge_changes_free(ch, n);
    cJSON_Delete(merged);
    cJSON_Delete(body);
    cJSON_Delete(stored);
}

static void test_lines_keep_their_ids(void **state)
{
    (void)state;
    cJSON *stored = J(stored_text);
    /* Widget unchanged, Freight's price changed, a new line added */
    cJSON *body = body_from("[{\"description\":\"Widget\",\"quantity\":2,\"price\":39.99},"
                            "{\"description\":\"Freight\",\"quantity\":1,\"price\":15},"
                            "{\"description\":\"Setup\",\"quantity\":1,\"price\":0.3}]",
                            "{\"id\":\"0cuB\"}");
    cJSON *merged = bill_merge(stored, body);
    assert_string_equal(cJSON_GetObjectItem(merged, "customerId")->valuestring, "0cuB");
    assert_null(cJSON_GetObjectItem(merged, "processingOptions"));
    cJSON *lines = cJSON_GetObjectItem(merged, "invoiceLineItems");
    assert_int_equal(cJSON_GetArraySize(lines), 3);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(lines, 0), "id")->valuestring,
                        "00f1");
    assert_null(cJSON_GetObjectItem(cJSON_GetArrayItem(lines, 1), "id"));
    assert_null(cJSON_GetObjectItem(cJSON_GetArrayItem(lines, 2), "id"));

    merge_change *ch;
    size_t n = bill_diff(stored, merged, &ch);
    assert_int_equal(n, 4);
    assert_string_equal(ch[0].path, "customerId");
    assert_string_equal(ch[0].old_value, "0cuA");
    assert_string_equal(ch[0].new_value, "0cuB");
    assert_string_equal(ch[1].path, "invoiceLineItems[1]");
    assert_null(ch[1].old_value);
    assert_string_equal(ch[1].new_value,
                        "{\"description\":\"Freight\",\"quantity\":1,\"price\":15}");
    assert_string_equal(ch[2].path, "invoiceLineItems[2]");
    assert_null(ch[2].old_value);
    /* the stored Freight line is removed: said with its old value and no new one */
    assert_string_equal(ch[3].path, "invoiceLineItems[1]");
    assert_non_null(strstr(ch[3].old_value, "\"id\":\"00f2\""));
    assert_null(ch[3].new_value);
    merge_changes_free(ch, n);

    /* the PUT body: full replace with the kept line's id, BILL's own fields left out */
    cJSON *put = bill_connector.update_body(merged, stored);
    char *t = cJSON_PrintUnformatted(put);
    assert_string_equal(
        t, "{\"customer\":{\"id\":\"0cuB\"},\"invoiceNumber\":\"INV-1\",\"invoiceDate\":"
           "\"2026-01-15\",\"dueDate\":\"2026-02-15\",\"invoiceLineItems\":["
           "{\"id\":\"00f1\",\"description\":\"Widget\",\"quantity\":2,\"price\":39.99,"
           "\"taxable\":true},"
           "{\"description\":\"Freight\",\"quantity\":1,\"price\":15},"
           "{\"description\":\"Setup\",\"quantity\":1,\"price\":0.3}],"
           "\"salesTaxItemId\":\"0iiT\",\"processingOptions\":{\"sendEmail\":false}}");
    cJSON_free(t);
    cJSON_Delete(put);
    cJSON_Delete(merged);
    cJSON_Delete(body);
    cJSON_Delete(stored);
}

static void test_same_lines_twice(void **state)
{
    (void)state;
    /* two equal stored lines: each file line takes one id, a third equal line is new */
    cJSON *stored = J("{\"id\":\"00e1\",\"customerId\":\"0cuA\",\"invoiceLineItems\":["
                      "{\"id\":\"00fA\",\"quantity\":1,\"price\":5,\"description\":\"X\"},"
                      "{\"id\":\"00fB\",\"quantity\":1,\"price\":5,\"description\":\"X\"}]}");
    cJSON *body = body_from("[{\"description\":\"X\",\"quantity\":1,\"price\":5},"
                            "{\"description\":\"X\",\"quantity\":1,\"price\":5},"
                            "{\"description\":\"X\",\"quantity\":1,\"price\":5}]",
                            "{\"id\":\"0cuA\"}");
    cJSON *merged = bill_merge(stored, body);
    cJSON *lines = cJSON_GetObjectItem(merged, "invoiceLineItems");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(lines, 0), "id")->valuestring,
                        "00fA");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(lines, 1), "id")->valuestring,
                        "00fB");
    assert_null(cJSON_GetObjectItem(cJSON_GetArrayItem(lines, 2), "id"));
    /* a line whose only difference is a double's noise is not the same line */
    cJSON_Delete(body);
    body = body_from("[{\"description\":\"X\",\"quantity\":1,\"price\":5.000000000000001}]",
                     "{\"id\":\"0cuA\"}");
    cJSON_Delete(merged);
    merged = bill_merge(stored, body);
    lines = cJSON_GetObjectItem(merged, "invoiceLineItems");
    assert_null(cJSON_GetObjectItem(cJSON_GetArrayItem(lines, 0), "id"));
    merge_change *ch;
    size_t n = bill_diff(stored, merged, &ch);
    assert_int_equal(n, 5); /* invoiceNumber and dueDate set, one line added, two removed */
    merge_changes_free(ch, n);
    cJSON_Delete(merged);
    cJSON_Delete(body);
    cJSON_Delete(stored);
}

static void test_update_body_amounts_exact(void **state)
{
    (void)state;
    /* stored numbers go back as the decimals they are, never through a double's text */
    cJSON *merged = J("{\"id\":\"00e1\",\"customerId\":\"0cuA\",\"totalAmount\":0.3,"
                      "\"dueAmount\":0.3,\"status\":\"OPEN\",\"creditAmount\":5,"
                      "\"createdTime\":\"2026-01-15T10:30:00.000Z\",\"invoiceLineItems\":["
                      "{\"id\":\"00fA\",\"quantity\":3,\"price\":0.1,\"amount\":0.3}]}");
    cJSON *put = bill_update_body(merged, merged);
    char *t = cJSON_PrintUnformatted(put);
    assert_string_equal(t, "{\"customer\":{\"id\":\"0cuA\"},\"invoiceLineItems\":[{\"id\":\"00fA\","
                           "\"quantity\":3,\"price\":0.1}],\"processingOptions\":{\"sendEmail\":"
                           "false}}");
    assert_true(cJSON_IsRaw(cJSON_GetObjectItem(
        cJSON_GetArrayItem(cJSON_GetObjectItem(put, "invoiceLineItems"), 0), "price")));
    cJSON_free(t);
    cJSON_Delete(put);
    cJSON_Delete(merged);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unchanged_costs_nothing),
        cmocka_unit_test(test_lines_keep_their_ids),
        cmocka_unit_test(test_same_lines_twice),
        cmocka_unit_test(test_update_body_amounts_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
