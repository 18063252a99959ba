/* Rounding helpers for amounts as ERPs compute them: a percentage of an amount (one rounding, half
 * away from zero, at 4 places) and an amount rounded to a currency's minor unit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/money.h"

static money_t pct(money_t a, money_t p)
{
    money_t r = 12345; /* a sentinel no case expects */
    assert_true(money_percent_of(a, p, &r));
    return r;
}

static money_t rnd(money_t a, int places)
{
    money_t r = 12345;
    assert_true(money_round_places(a, places, &r));
    return r;
}

static void test_percent_of(void **state)
{
    (void)state;
    assert_int_equal(pct(199900, 100000), 19990);         /* 10 % of 19.99 = 1.999 */
    assert_int_equal(pct(199900, 125000), 24988);         /* 12.5 % of 19.99 = 2.49875 */
    assert_int_equal(pct(-199900, 125000), -24988);       /* half away from zero, both signs */
    assert_int_equal(pct(3, 500000), 2);                  /* 50 % of 0.0003 = 0.00015 */
    assert_int_equal(pct(1, 490000), 0);                  /* 0.000049 */
    assert_int_equal(pct(123456789, 1000000), 123456789); /* 100 % */
    assert_int_equal(pct(123456789, 0), 0);
    /* 33.3333 % of 100: exact product, one rounding */
    assert_int_equal(pct(1000000, 333333), 333333);
    /* The largest amount, 100 %: no overflow in the product */
    assert_int_equal(pct(INT64_MAX, 1000000), INT64_MAX);
    money_t r;
    assert_false(money_percent_of(INT64_MAX, 2000000, &r)); /* 200 % overflows */
}

static void test_round_places(void **state)
{
    (void)state;
    assert_int_equal(rnd(614350, 2), 614400);   /* 61.435 -> 61.44 */
    assert_int_equal(rnd(614349, 2), 614300);   /* 61.4349 -> 61.43 */
    assert_int_equal(rnd(-1250, 2), -1300);     /* -0.125 -> -0.13 */
    assert_int_equal(rnd(1005000, 0), 1010000); /* 100.5 yen -> 101 */
    assert_int_equal(rnd(-1005000, 0), -1010000);
    assert_int_equal(rnd(12345, 3), 12350); /* 1.2345 dinar -> 1.235 */
    assert_int_equal(rnd(12345, 4), 12345);
    assert_int_equal(rnd(12345, 1), 12000);
    assert_int_equal(rnd(0, 2), 0);
    money_t r;
    assert_false(money_round_places(INT64_MAX, 0, &r)); /* rounds up past the range */
    assert_true(money_round_places(INT64_MAX, 4, &r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percent_of),
        cmocka_unit_test(test_round_places),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
