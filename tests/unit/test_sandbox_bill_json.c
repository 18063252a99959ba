/* sandbox/bill's exact JSON numbers and BILL's date-times: a number's decimal text survives parse
 * and print untouched (no binary floating point on the way), strings can never pass for numbers,
 * malformed numbers are refused, and the date-time forms list filters accept map to the right
 * instant. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sandbox/bill/bill.h"

#include <stdlib.h>
#include <string.h>

static cJSON *parse(const char *s)
{
    return bill_json_parse(s, strlen(s));
}

static void test_numbers_keep_their_text(void **state)
{
    (void)state;
    const char *text =
        "{\"a\":0.1,\"b\":[39.99,-2,1.50,12345678901234.5678],\"c\":\"0.1\",\"d\":true}";
    cJSON *doc = parse(text);
    assert_non_null(doc);
    const char *lit;
    assert_true(bill_json_number(cJSON_GetObjectItem(doc, "a"), &lit));
    assert_string_equal(lit, "0.1");
    assert_false(bill_json_number(cJSON_GetObjectItem(doc, "c"), &lit)); /* a string stays one */
    money_t m;
    assert_true(bill_json_money_value(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "b"), 3), &m));
    assert_true(m == 123456789012345678LL);
    assert_false(bill_json_money_value(cJSON_GetObjectItem(doc, "c"), &m));
    char *out = bill_json_print(doc);
    assert_string_equal(out, text);
    free(out);
    cJSON_Delete(doc);
}

static void test_money_out(void **state)
{
    (void)state;
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "t", bill_json_money(1102700)); /* 110.27 */
    cJSON_AddItemToObject(doc, "u", bill_json_money(-1));
    char *out = bill_json_print(doc);
    assert_string_equal(out, "{\"t\":110.27,\"u\":-0.0001}");
    free(out);
    cJSON_Delete(doc);
}

static void test_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":--1}",
        "{\"a\":.5}",
        "{\"a\":1e}",
        "{\"a\":\"\x01"
        "1\"}",
        "{\"a\":\"\\u0001"
        "1\"}",
        "{\"a\":",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cJSON *doc = parse(bad[i]);
        if (doc)
            fail_msg("accepted: %s", bad[i]);
    }
    cJSON *doc = parse("{\"a\":1e2}"); /* JSON, but not an amount the sandbox takes */
    money_t m;
    assert_non_null(doc);
    assert_false(bill_json_money_value(cJSON_GetObjectItem(doc, "a"), &m));
    cJSON_Delete(doc);
}

static void test_times(void **state)
{
    (void)state;
    int64_t ms;
    assert_true(bill_time_parse("2026-03-01", &ms));
    assert_true(ms == 1772323200000LL);
    assert_true(bill_time_parse("2026-03-01T10:30:00.123+00:00", &ms));
    assert_true(ms == 1772323200000LL + 37800123LL);
    assert_true(bill_time_parse("2026-03-01T10:30:00.123Z", &ms));
    assert_true(ms == 1772323200000LL + 37800123LL);
    assert_true(bill_time_parse("2026-03-01T12:30:00+0200", &ms));
    assert_true(ms == 1772323200000LL + 37800000LL);
    assert_true(bill_time_parse("2026-03-01T10:30", &ms));
    assert_false(bill_time_parse("2026-02-29", &ms));
    assert_false(bill_time_parse("2026-03-01 10:30", &ms));
    assert_false(bill_time_parse("2026-03-01T25:00", &ms));
    char buf[40];
    bill_time_text(1772323200000LL + 37800123LL, buf, sizeof buf);
    assert_string_equal(buf, "2026-03-01T10:30:00.123+00:00");
    assert_true(bill_date_ok("2024-02-29"));
    assert_false(bill_date_ok("2026-02-29"));
    assert_false(bill_date_ok("2026-3-01"));
    assert_false(bill_date_ok("2026-03-01T00:00"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_keep_their_text),
        cmocka_unit_test(test_money_out),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
