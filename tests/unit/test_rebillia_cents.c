/* Rebillia's money: canonical decimals to integer minor units and back, exactly, refusing what a
 * currency's minor unit cannot hold; and the JSON numbers that carry them, up to 2^53. */
#include "rebillia_testlib.h"

#include "model/target.h"

static void test_usd_cents(void **state)
{
    (void)state;
    int64_t c;
    assert_int_equal(rebillia_to_minor(410000, "USD", &c), REBILLIA_CENTS_OK); /* 41.00 */
    assert_int_equal(c, 4100);
    assert_int_equal(rebillia_to_minor(-5000, "USD", &c), REBILLIA_CENTS_OK); /* -0.50 */
    assert_int_equal(c, -50);
    assert_int_equal(rebillia_to_minor(123450, "USD", &c), REBILLIA_CENTS_PRECISION); /* 12.345 */
    assert_int_equal(rebillia_to_minor(1, "USD", &c), REBILLIA_CENTS_PRECISION);      /* 0.0001 */
    /* Without a currency yet: 2 decimals. */
    assert_int_equal(rebillia_to_minor(123450, "", &c), REBILLIA_CENTS_PRECISION);
    assert_int_equal(rebillia_to_minor(123400, NULL, &c), REBILLIA_CENTS_OK);
    assert_int_equal(c, 1234);
}

static void test_other_minor_units(void **state)
{
    (void)state;
    int64_t c;
    /* JPY has no minor unit: 1500 yen is 1500, and half a yen cannot be written. */
    assert_int_equal(rebillia_to_minor(1500 * MONEY_SCALE, "JPY", &c), REBILLIA_CENTS_OK);
    assert_int_equal(c, 1500);
    assert_int_equal(rebillia_to_minor(15005000, "JPY", &c), REBILLIA_CENTS_PRECISION);
    /* KWD has three: 1.234 is 1234 fils, 1.2345 is refused. */
    assert_int_equal(rebillia_to_minor(12340, "KWD", &c), REBILLIA_CENTS_OK);
    assert_int_equal(c, 1234);
    assert_int_equal(rebillia_to_minor(12345, "KWD", &c), REBILLIA_CENTS_PRECISION);
    money_t m;
    assert_true(rebillia_from_minor(1500, "JPY", &m));
    assert_int_equal(m, 1500 * MONEY_SCALE);
    assert_true(rebillia_from_minor(1234, "KWD", &m));
    assert_int_equal(m, 12340);
}

static void test_range_is_10_pow_15(void **state)
{
    (void)state;
    int64_t c;
    money_t max = TARGET_REBILLIA_MAX_AMOUNT;
    assert_int_equal(target_max_amount("rebillia"), max);
    assert_int_equal(rebillia_to_minor(max, "USD", &c), REBILLIA_CENTS_OK);
    assert_int_equal(c, REBILLIA_MAX_MINOR);
    assert_int_equal(rebillia_to_minor(-max, "USD", &c), REBILLIA_CENTS_OK);
    assert_int_equal(rebillia_to_minor(max + 100, "USD", &c), REBILLIA_CENTS_RANGE);
    assert_true(target_amount_too_large("rebillia", max + 100));
    assert_false(target_amount_too_large("rebillia", max));
    /* In a 4-decimal currency (CLF) the limit in minor units comes sooner than the money range. */
    assert_int_equal(rebillia_to_minor((REBILLIA_MAX_MINOR + 1), "CLF", &c), REBILLIA_CENTS_RANGE);
    /* Reading goes up to 2^53, what a double holds exactly; past it, refused. */
    money_t m;
    assert_true(rebillia_from_minor(REBILLIA_READ_MAX, "USD", &m));
    assert_int_equal(m, REBILLIA_READ_MAX * 100);
    assert_false(rebillia_from_minor(REBILLIA_READ_MAX + 1, "USD", &m));
    /* 2^53 yen would be 2^53 x 10^4 money units: beyond the money range, refused, not wrapped. */
    assert_false(rebillia_from_minor(REBILLIA_READ_MAX, "JPY", &m));
}

/* Why writing stops at 10^15 - 1 and not at 2^53: cJSON prints 2^53 - 1 with 15 significant
 * digits, one cent short, while every integer below 10^15 comes out digit for digit. */
static void test_cjson_prints_16_digits_lossily(void **state)
{
    (void)state;
    cJSON *n = cJSON_CreateNumber(9007199254740991.0);
    char *text = cJSON_PrintUnformatted(n);
    assert_string_not_equal(text, "9007199254740991");
    cJSON_free(text);
    cJSON_Delete(n);
    int64_t c;
    assert_int_equal(rebillia_to_minor((money_t)9007199254740991 * 100, "USD", &c),
                     REBILLIA_CENTS_RANGE);
}

/* Every amount goes out as a JSON number and comes back through a JSON parser: exact up to the
 * limit. */
static void test_json_round_trip_exact(void **state)
{
    (void)state;
    static const int64_t cents[] = {0,
                                    1,
                                    -1,
                                    4100,
                                    99,
                                    -99,
                                    123456789,
                                    900719925474099,
                                    (int64_t)1 << 49,
                                    REBILLIA_MAX_MINOR - 1,
                                    REBILLIA_MAX_MINOR,
                                    -REBILLIA_MAX_MINOR};
    for (size_t i = 0; i < sizeof cents / sizeof cents[0]; i++) {
        money_t m;
        assert_true(rebillia_from_minor(cents[i], "USD", &m));
        int64_t out;
        assert_int_equal(rebillia_to_minor(m, "USD", &out), REBILLIA_CENTS_OK);
        cJSON *n = cJSON_CreateNumber((double)out);
        char *text = cJSON_PrintUnformatted(n);
        char want[32];
        snprintf(want, sizeof want, "%lld", (long long)cents[i]);
        assert_string_equal(text, want); /* written as the integer, no exponent, no fraction */
        cJSON *back = cJSON_Parse(text);
        int64_t read;
        assert_true(rebillia_json_minor(back, &read));
        assert_int_equal(read, cents[i]);
        money_t m2;
        assert_true(rebillia_from_minor(read, "USD", &m2));
        assert_int_equal(m2, m);
        cJSON_free(text);
        cJSON_Delete(n);
        cJSON_Delete(back);
    }
    /* Every 4-decimal amount from -10.0000 to 10.0000 is either exact in cents or refused, never
     * rounded. */
    for (money_t m = -100000; m <= 100000; m++) {
        int64_t c;
        enum rebillia_cents st = rebillia_to_minor(m, "USD", &c);
        if (m % 100 == 0) {
            assert_int_equal(st, REBILLIA_CENTS_OK);
            money_t back;
            assert_true(rebillia_from_minor(c, "USD", &back));
            assert_int_equal(back, m);
        } else {
            assert_int_equal(st, REBILLIA_CENTS_PRECISION);
        }
    }
}

static void test_json_minor_refuses(void **state)
{
    (void)state;
    const char *bad[] = {"41.5", "\"4100\"", "9007199254740994", "-9007199254740994", "1e300",
                         "null", "true"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cJSON *j = J(bad[i]);
        int64_t v;
        assert_false(rebillia_json_minor(j, &v));
        cJSON_Delete(j);
    }
    cJSON *j = J("4100.0");
    int64_t v;
    assert_true(rebillia_json_minor(j, &v));
    assert_int_equal(v, 4100);
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usd_cents),
        cmocka_unit_test(test_other_minor_units),
        cmocka_unit_test(test_range_is_10_pow_15),
        cmocka_unit_test(test_cjson_prints_16_digits_lossily),
        cmocka_unit_test(test_json_round_trip_exact),
        cmocka_unit_test(test_json_minor_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
