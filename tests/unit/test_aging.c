/* Aging: bucket boundaries, days past due in a zone, exact sums per customer and currency. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "formats/aging.h"
#include "model/date.h"

#include <stdio.h>
#include <string.h>

static void test_bucket_boundaries(void **state)
{
    (void)state;
    assert_int_equal(aging_bucket_of(-5), AGING_CURRENT);
    assert_int_equal(aging_bucket_of(0), AGING_CURRENT);
    assert_int_equal(aging_bucket_of(1), AGING_1_30);
    assert_int_equal(aging_bucket_of(30), AGING_1_30);
    assert_int_equal(aging_bucket_of(31), AGING_31_60);
    assert_int_equal(aging_bucket_of(60), AGING_31_60);
    assert_int_equal(aging_bucket_of(61), AGING_61_90);
    assert_int_equal(aging_bucket_of(90), AGING_61_90);
    assert_int_equal(aging_bucket_of(91), AGING_OVER_90);
    assert_int_equal(aging_bucket_of(10000), AGING_OVER_90);
    assert_string_equal(aging_bucket_name(AGING_OVER_90), "Over 90");
}

static int64_t day(int y, int m, int d)
{
    return date_days_from_civil(y, m, d);
}

static void test_days_past_due(void **state)
{
    (void)state;
    ic_invoice inv;
    invoice_init(&inv);
    int64_t as_of = day(2026, 3, 31);
    /* No due date: current, and no days shown. */
    assert_int_equal(aging_days_past_due(&inv, as_of, "UTC"), 0);
    int64_t shown = -1;
    assert_false(aging_days_shown(&inv, as_of, "UTC", &shown));

    inv.has_due_date = true;
    inv.due_date =
        day(2026, 3, 1) * 86400 + 3600 * 23; /* late in the day still counts as that day */
    assert_int_equal(aging_days_past_due(&inv, as_of, "UTC"), 30);
    assert_int_equal(aging_bucket_of(aging_days_past_due(&inv, as_of, "UTC")), AGING_1_30);
    assert_true(aging_days_shown(&inv, as_of, "UTC", &shown));
    assert_int_equal(shown, 30);

    /* 23:00 UTC on 1 March is 2 March in Berlin: one day fewer past due there. */
    assert_int_equal(aging_days_past_due(&inv, as_of, "Europe/Berlin"), 29);

    /* Not yet due: negative, shown as 0. */
    inv.due_date = day(2026, 4, 10) * 86400;
    assert_int_equal(aging_days_past_due(&inv, as_of, "UTC"), -10);
    assert_true(aging_days_shown(&inv, as_of, "UTC", &shown));
    assert_int_equal(shown, 0);

    /* Completed invoices show no days and do not count. */
    inv.has_status = true;
    inv.status = 2;
    assert_false(aging_days_shown(&inv, as_of, "UTC", &shown));
    assert_false(aging_counts(&inv));
    inv.status = 1;
    assert_true(aging_counts(&inv));
    invoice_release(&inv);

    /* Before 1970 the day still floors. */
    assert_int_equal(aging_day_of(-1, "UTC"), -1);
    assert_int_equal(aging_day_of(-86400, NULL), -1);
    assert_int_equal(aging_day_of(-86401, NULL), -2);
}

static void test_sums_exact(void **state)
{
    (void)state;
    aging a;
    aging_init(&a);
    ic_err err = {0};
    /* Each boundary day once, for one customer in USD: 0.1 + 0.2 must be exactly 0.3. */
    const int64_t days[] = {0, 1, 30, 31, 60, 61, 90, 91};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
        assert_int_equal(aging_add(&a, "10", "Acme", "USD", days[i], 1000 * (money_t)(i + 1), &err),
                         0);
    assert_int_equal(aging_add(&a, "9", "", "USD", 5, 1000, &err), 0);
    assert_int_equal(aging_add(&a, "9", "Beta", "USD", 5, 2000, &err), 0);
    assert_int_equal(aging_add(&a, "10", "Acme", "JPY", 100, 50000000, &err), 0);
    size_t n;
    const aging_row *r = aging_rows(&a, &n);
    assert_int_equal(n, 3);
    /* Sorted by currency, then customer id as a number. */
    assert_string_equal(r[0].currency, "JPY");
    assert_string_equal(r[1].customer_id, "9");
    assert_string_equal(r[1].customer_name, "Beta");
    assert_int_equal(r[1].bucket[AGING_1_30], 3000);
    assert_string_equal(r[2].customer_id, "10");
    assert_int_equal(r[2].bucket[AGING_CURRENT], 1000);
    assert_int_equal(r[2].bucket[AGING_1_30], 2000 + 3000);
    assert_int_equal(r[2].bucket[AGING_31_60], 4000 + 5000);
    assert_int_equal(r[2].bucket[AGING_61_90], 6000 + 7000);
    assert_int_equal(r[2].bucket[AGING_OVER_90], 8000);
    assert_int_equal(r[2].total, 36000);
    assert_int_equal(r[2].invoices, 8);

    const aging_row *t;
    size_t nt;
    assert_int_equal(aging_totals(&a, &t, &nt, &err), 0);
    assert_int_equal(nt, 2);
    assert_string_equal(t[1].currency, "USD");
    assert_int_equal(t[1].total, 36000 + 3000);
    assert_int_equal(t[1].bucket[AGING_1_30], 8000);
    assert_int_equal(t[0].bucket[AGING_OVER_90], 50000000);

    /* Adding after reading the rows keeps the index right. */
    assert_int_equal(aging_add(&a, "10", "Acme", "USD", 0, 1, &err), 0);
    r = aging_rows(&a, &n);
    assert_int_equal(n, 3);
    assert_int_equal(r[2].bucket[AGING_CURRENT], 1001);

    /* Overflow is an error, never a wrap. */
    assert_int_equal(aging_add(&a, "1", "", "EUR", 0, INT64_MAX, &err), 0);
    assert_int_equal(aging_add(&a, "1", "", "EUR", 0, 1, &err), IC_EXIT_INVALID);
    assert_non_null(strstr(err.msg, "'1'"));
    aging_release(&a);
}

static void test_many_customers(void **state)
{
    (void)state;
    aging a;
    aging_init(&a);
    ic_err err = {0};
    char id[16];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 5000; i++) {
            snprintf(id, sizeof id, "%d", i);
            assert_int_equal(aging_add(&a, id, NULL, i % 2 ? "EUR" : "USD", i % 120, 10000, &err),
                             0);
        }
    size_t n;
    const aging_row *r = aging_rows(&a, &n);
    assert_int_equal(n, 5000);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(r[i].total, 20000);
    aging_release(&a);
}

static void test_add_invoice(void **state)
{
    (void)state;
    aging a;
    aging_init(&a);
    ic_err err = {0};
    ic_invoice inv;
    invoice_init(&inv);
    invoice_set_str(&inv.customer_id, "7");
    invoice_set_str(&inv.customer_name, "Gamma");
    memcpy(inv.currency, "EUR", 4);
    inv.has_open_balance = true;
    inv.open_balance = 123450;
    inv.has_due_date = true;
    inv.due_date = day(2026, 1, 1) * 86400;
    inv.has_status = true;
    inv.status = 1;
    assert_int_equal(aging_add_invoice(&a, &inv, day(2026, 4, 1), "UTC", &err), 0); /* 90 days */
    inv.status = 2;
    assert_int_equal(aging_add_invoice(&a, &inv, day(2026, 4, 1), "UTC", &err), 0); /* skipped */
    size_t n;
    const aging_row *r = aging_rows(&a, &n);
    assert_int_equal(n, 1);
    assert_int_equal(r[0].bucket[AGING_61_90], 123450);
    assert_int_equal(r[0].invoices, 1);
    invoice_release(&inv);
    aging_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bucket_boundaries), cmocka_unit_test(test_days_past_due),
        cmocka_unit_test(test_sums_exact),        cmocka_unit_test(test_many_customers),
        cmocka_unit_test(test_add_invoice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
