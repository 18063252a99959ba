/* BILL's amounts, days and list queries: amounts go out as the exact decimal text and come back
 * only when the number is exact; days are written and read back as the same calendar day. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/bill/bill.h"
#include "api/bill/bill_internal.h"
#include "model/date.h"
#include "model/target.h"

#include <stdlib.h>
#include <string.h>

static money_t num(const char *text, enum money_status want)
{
    cJSON *j = cJSON_Parse(text);
    assert_non_null(j);
    money_t m = -1;
    enum money_status st = bill_number_amount(j, &m);
    cJSON_Delete(j);
    if (st != want)
        fail_msg("%s: status %d, expected %d", text, st, want);
    return m;
}

static void test_numbers_read_exactly(void **state)
{
    (void)state;
    assert_true(num("39.99", MONEY_OK) == 399900);
    assert_true(num("0.1", MONEY_OK) == 1000);
    assert_true(num("0.3", MONEY_OK) == 3000);
    assert_true(num("2", MONEY_OK) == 20000);
    assert_true(num("-12.5", MONEY_OK) == -125000);
    assert_true(num("1.2345", MONEY_OK) == 12345);
    assert_true(num("9999999999999.99", MONEY_OK) == 99999999999999900);
    assert_true(num("123456789012.34", MONEY_OK) == 1234567890123400);
    /* a double's noise is not an amount: 0.1 + 0.2 as a double */
    num("0.30000000000000004", MONEY_PRECISION);
    num("0.12345", MONEY_PRECISION);
    num("1e300", MONEY_PRECISION);
    num("\"12.00\"", MONEY_SYNTAX);
    num("true", MONEY_SYNTAX);
}

static void test_amounts_written_as_exact_text(void **state)
{
    (void)state;
    cJSON *o = cJSON_CreateObject();
    bill_put_amount(o, "a", 3000);              /* 0.3 */
    bill_put_amount(o, "b", 99999999999999900); /* the largest BILL keeps */
    bill_put_amount(o, "c", -5);                /* -0.0005 */
    bill_put_amount(o, "d", 20000);
    char *text = cJSON_PrintUnformatted(o);
    assert_string_equal(text, "{\"a\":0.3,\"b\":9999999999999.99,\"c\":-0.0005,\"d\":2}");
    /* and what was written reads back as the same amount, raw or parsed */
    money_t m;
    assert_int_equal(bill_number_amount(cJSON_GetObjectItem(o, "b"), &m), MONEY_OK);
    assert_true(m == 99999999999999900);
    cJSON *back = cJSON_Parse(text);
    assert_int_equal(bill_number_amount(cJSON_GetObjectItem(back, "a"), &m), MONEY_OK);
    assert_true(m == 3000);
    cJSON_Delete(back);
    cJSON_free(text);
    cJSON_Delete(o);
    assert_true(bill_amount_fits(399900));
    assert_false(bill_amount_fits(399950)); /* 39.995 */
}

static void test_target_limit(void **state)
{
    (void)state;
    assert_true(target_max_amount("bill-v3") == 99999999999999900);
    assert_false(target_amount_too_large("bill-v3", 99999999999999900));
    assert_true(target_amount_too_large("bill-v3", 99999999999999900 + 100));
    assert_true(target_amount_too_large("bill-v3", -99999999999999900 - 100));
    assert_true(bill_connector.max_amount == target_max_amount("bill-v3"));
}

static void test_days(void **state)
{
    (void)state;
    char buf[11];
    int64_t t;
    /* midnight of 2026-03-31 in zones from UTC-10 to UTC+13 is that day */
    const char *zones[] = {"UTC",        "Pacific/Honolulu", "America/New_York", "Europe/Berlin",
                           "Asia/Tokyo", "Pacific/Auckland", "Pacific/Tongatapu"};
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        assert_int_equal(date_parse("2026-03-31", 10, "%Y-%m-%d", zones[i], &t), DATE_OK);
        bill_format_day(t, buf);
        if (strcmp(buf, "2026-03-31") != 0)
            fail_msg("%s: %s", zones[i], buf);
    }
    /* read back: the same day in those zones, and written again as it was */
    assert_true(bill_parse_day("2026-03-31", &t));
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        date_format_ymd(t, zones[i], buf, sizeof buf);
        if (strcmp(buf, "2026-03-31") != 0)
            fail_msg("read in %s: %s", zones[i], buf);
    }
    bill_format_day(t, buf);
    assert_string_equal(buf, "2026-03-31");
    assert_false(bill_parse_day("2026-02-31", &t));
    assert_false(bill_parse_day("2026-3-31", &t));
    assert_false(bill_parse_day("31/03/2026", &t));
    assert_false(bill_parse_day("2026-03-31T00:00:00Z", &t));
    assert_true(bill_parse_time("2026-01-15T10:30:00.000+00:00", &t));
    assert_true(t == 1768473000);
    assert_true(bill_parse_time("2026-01-15T10:30:00.000Z", &t));
    assert_false(bill_parse_time("yesterday", &t));
}

static char *path_of(const conn_filter *f, const char *page)
{
    char *p = NULL;
    ic_err err = {0};
    if (bill_list_path(f, page, &p, &err) != 0)
        fail_msg("%s", err.msg);
    return p;
}

static void test_list_query(void **state)
{
    (void)state;
    conn_filter f = {.status = -1};
    char *p = path_of(&f, NULL);
    assert_string_equal(p, "/v3/invoices?max=100&filters=archived:eq:false");
    free(p);
    f.customer_id = "0cuABC";
    f.created_from = 1772323200; /* 2026-03-01 */
    f.created_to = 1772409599;
    f.status = 1;
    f.sort_field = "createdAt";
    f.sort_dir = "desc";
    f.page_limit = 20;
    p = path_of(&f, "tok+en/=");
    assert_string_equal(p, "/v3/invoices?max=20&filters=archived:eq:false,customerId:eq:0cuABC,"
                           "createdTime:gte:%222026-03-01T00:00:00.000Z%22,"
                           "createdTime:lte:%222026-03-01T23:59:59.999Z%22,"
                           "status:eq:PARTIAL_PAYMENT&sort=createdTime:desc&page=tok%2Ben%2F%3D");
    free(p);
    /* open is OPEN or SCHEDULED: narrowed page by page, not in the query */
    conn_filter o = {.status = 0};
    p = path_of(&o, NULL);
    assert_null(strstr(p, "status"));
    free(p);
    /* what BILL cannot do is refused, naming it */
    ic_err err = {0};
    conn_filter s = {.status = -1, .search = "INV", .search_field = "invoiceNumber"};
    assert_int_equal(bill_list_path(&s, NULL, &p, &err), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "--search"));
    conn_filter so = {.status = -1, .sort_field = "customerId"};
    assert_int_equal(bill_list_path(&so, NULL, &p, &err), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "'customerId'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_read_exactly),
        cmocka_unit_test(test_amounts_written_as_exact_text),
        cmocka_unit_test(test_target_limit),
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_list_query),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
