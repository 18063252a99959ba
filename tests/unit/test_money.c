/* Exact money: every accepted spelling, refusals, rounding, overflow, formatting, the ISO 4217
 * table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../model/currency.c"
#include "model/money.h"
#include "model/target.h"

#include <stdio.h>
#include <string.h>

static enum money_status parse(const char *s, char decimal, money_t *out)
{
    return money_parse(s, strlen(s), decimal, out);
}

static void expect_ok(const char *s, char decimal, money_t want)
{
    money_t got = 12345; /* a sentinel no case expects */
    enum money_status st = parse(s, decimal, &got);
    if (st != MONEY_OK || got != want)
        fail_msg("'%s' (decimal '%c'): status %d value %lld, want %lld", s, decimal, (int)st,
                 (long long)got, (long long)want);
}

static void expect_st(const char *s, char decimal, enum money_status want)
{
    money_t got = 777;
    enum money_status st = parse(s, decimal, &got);
    if (st != want)
        fail_msg("'%s' (decimal '%c'): status %d, want %d", s, decimal, (int)st, (int)want);
    assert_int_equal(got, 777); /* refusals leave *out alone */
}

static void test_plain_spellings(void **state)
{
    (void)state;
    expect_ok("1234.5", '.', 12345000);
    expect_ok("0", '.', 0);
    expect_ok("-0", '.', 0);
    expect_ok("12", '.', 120000);
    expect_ok("0.0001", '.', 1);
    expect_ok("-0.0001", '.', -1);
    expect_ok(".5", '.', 5000);
    expect_ok("5.", '.', 50000);
    expect_ok("+3", '.', 30000);
    expect_ok("-12.00", '.', -120000);
    expect_ok("007.50", '.', 75000);
    expect_ok("  42  ", '.', 420000);
    expect_ok("\t42\t", '.', 420000);
    /* Zeros past the 4th place lose nothing, so they are exact, not rounding. */
    expect_ok("1.250000", '.', 12500);
}

static void test_grouping(void **state)
{
    (void)state;
    expect_ok("1,234.50", '.', 12345000);
    expect_ok("1,234,567.8901", '.', 12345678901);
    expect_ok("123,456", '.', 1234560000);
    expect_ok("1 234.50", '.', 12345000);
    expect_ok("1\xC2\xA0"
              "234.50",
              '.', 12345000); /* U+00A0 */
    expect_ok("1\xE2\x80\xAF"
              "234\xE2\x80\xAF"
              "567",
              '.', 12345670000); /* U+202F */
    expect_ok("-1,000", '.', -10000000);
}

static void test_decimal_comma(void **state)
{
    (void)state;
    expect_ok("1.234,50", ',', 12345000);
    expect_ok("1234,5", ',', 12345000);
    expect_ok("1 234,50", ',', 12345000);
    expect_ok("1\xC2\xA0"
              "234,50 \xE2\x82\xAC",
              ',', 12345000);
    expect_ok("1\xE2\x80\xAF"
              "234,5",
              ',', 12345000);
    expect_ok("-0,01", ',', -100);
    expect_ok("1.000.000", ',', 10000000000);
    expect_ok("EUR 12,5", ',', 125000);
    /* With ',' as decimal, '.' only groups: "12.50" is neither. */
    expect_st("12.50", ',', MONEY_SYNTAX);
    expect_st("1.234.5", ',', MONEY_SYNTAX);
}

static void test_currency_marks(void **state)
{
    (void)state;
    expect_ok("$1,234.50", '.', 12345000);
    expect_ok("$ 1,234.50", '.', 12345000);
    expect_ok("-$12", '.', -120000);
    expect_ok("$-12", '.', -120000);
    expect_ok("\xE2\x82\xAC 12", '.', 120000); /* € 12 */
    expect_ok("12\xE2\x82\xAC", '.', 120000);  /* 12€ */
    expect_ok("\xC2\xA3"
              "3.50",
              '.', 35000); /* £3.50 */
    expect_ok("\xC2\xA5"
              "500",
              '.', 5000000); /* ¥500 */
    expect_ok("USD 12.50", '.', 125000);
    expect_ok("USD12.50", '.', 125000);
    expect_ok("12.50 USD", '.', 125000);
    expect_ok("12.50USD", '.', 125000);
    expect_ok("eur 3", '.', 30000);
    expect_ok("-EUR 3", '.', -30000);
    expect_ok("EUR -3", '.', -30000);
    expect_ok("12.50\xC2\xA0"
              "EUR",
              '.', 125000);
    /* Not an ISO code, two marks, or a mark alone. */
    expect_st("ABC 12", '.', MONEY_SYNTAX);
    expect_st("$12 USD", '.', MONEY_SYNTAX);
    expect_st("$$12", '.', MONEY_SYNTAX);
    expect_st("USDX 12", '.', MONEY_SYNTAX);
    expect_st("$", '.', MONEY_SYNTAX);
    expect_st("USD", '.', MONEY_SYNTAX);
}

static void test_parentheses(void **state)
{
    (void)state;
    expect_ok("(12.00)", '.', -120000);
    expect_ok("($1,234.50)", '.', -12345000);
    expect_ok("$(12)", '.', -120000);
    expect_ok("(12.00 EUR)", '.', -120000);
    expect_ok("(12.00) EUR", '.', -120000);
    expect_ok("( 12 )", '.', -120000);
    expect_st("(12.00", '.', MONEY_SYNTAX);
    expect_st("12.00)", '.', MONEY_SYNTAX);
    expect_st("(-12)", '.', MONEY_SYNTAX);
    expect_st("-(12)", '.', MONEY_SYNTAX);
    expect_st("((12))", '.', MONEY_SYNTAX);
}

static void test_refusals(void **state)
{
    (void)state;
    expect_st("", '.', MONEY_EMPTY);
    expect_st("   ", '.', MONEY_EMPTY);
    expect_st("\xC2\xA0", '.', MONEY_EMPTY);
    expect_st("+", '.', MONEY_SYNTAX);
    expect_st(".", '.', MONEY_SYNTAX);
    expect_st("--12", '.', MONEY_SYNTAX);
    expect_st("+-12", '.', MONEY_SYNTAX);
    expect_st("1.2.3", '.', MONEY_SYNTAX);
    expect_st("abc", '.', MONEY_SYNTAX);
    expect_st("12abc", '.', MONEY_SYNTAX);
    expect_st("1e5", '.', MONEY_SYNTAX);
    expect_st("0x10", '.', MONEY_SYNTAX);
    expect_st("1 2", '.', MONEY_SYNTAX);
    expect_st("12,34", '.', MONEY_SYNTAX); /* grouping needs three digits */
    expect_st("1,2345", '.', MONEY_SYNTAX);
    expect_st("1234,567", '.', MONEY_SYNTAX);  /* a first group has at most three */
    expect_st("1,234 567", '.', MONEY_SYNTAX); /* one kind of separator */
    expect_st(",123", '.', MONEY_SYNTAX);
    expect_st("1,234,", '.', MONEY_SYNTAX);
    /* A first group starting with 0 is no thousands grouping but a decimal written with the
     * other separator: "0,125" is never 125. */
    expect_st("0,125", '.', MONEY_SYNTAX);
    expect_st("00,125", '.', MONEY_SYNTAX);
    expect_st("(0,125 USD)", '.', MONEY_SYNTAX);
    expect_st("0.125", ',', MONEY_SYNTAX);
    expect_st("0 125", '.', MONEY_SYNTAX);
    expect_ok("0.125", '.', 1250);
    expect_ok("0,125", ',', 1250);
    expect_st("nan", '.', MONEY_SYNTAX);
    expect_st("1.00001", '.', MONEY_PRECISION);
    expect_st("0.12345", '.', MONEY_PRECISION);
    expect_st("1,00001", ',', MONEY_PRECISION);
    expect_st("1.000010", '.', MONEY_PRECISION);
}

/* SAP FBL5N writes credits with a trailing minus; the minus is taken only when no other sign or
 * parenthesis was given. */
static void test_trailing_minus(void **state)
{
    (void)state;
    expect_ok("580.20-", '.', -5802000);
    expect_ok("1,234.50-", '.', -12345000);
    expect_ok("1.234,50-", ',', -12345000);
    expect_ok(" 580.20- ", '.', -5802000);
    expect_ok("580.20- USD", '.', -5802000);
    expect_ok("580.20 USD-", '.', -5802000);
    expect_ok("$580.20-", '.', -5802000);
    expect_ok("0.00-", '.', 0);
    expect_st("-580.20-", '.', MONEY_SYNTAX);
    expect_st("+580.20-", '.', MONEY_SYNTAX);
    expect_st("(580.20)-", '.', MONEY_SYNTAX);
    expect_st("(580.20-)", '.', MONEY_SYNTAX);
    expect_st("580.20--", '.', MONEY_SYNTAX);
    expect_st("580.20-+", '.', MONEY_SYNTAX);
    expect_st("580.20-3", '.', MONEY_SYNTAX);
    expect_st("0,125-", '.', MONEY_SYNTAX);
    expect_st("1.00001-", '.', MONEY_PRECISION);
}

/* Excel's accounting number format shows zero as a dash between the currency sign and padding. */
static void test_accounting_zero(void **state)
{
    (void)state;
    expect_ok("-", '.', 0);
    expect_ok("$-", '.', 0);
    expect_ok(" $-   ", '.', 0);
    expect_ok(" $ -   ", '.', 0);
    expect_ok("-$", '.', 0);
    expect_ok("\xE2\x82\xAC -", ',', 0); /* € - */
    expect_ok("USD -", '.', 0);
    expect_ok("- ", ',', 0);
    expect_st("+", '.', MONEY_SYNTAX);
    expect_st("$+", '.', MONEY_SYNTAX);
    expect_st("--", '.', MONEY_SYNTAX);
    expect_st("(-)", '.', MONEY_SYNTAX);
    expect_st("$-$", '.', MONEY_SYNTAX);
    expect_st("(", '.', MONEY_SYNTAX);
}

static void expect_where(const char *s, char decimal, const char *part)
{
    money_t m = 0;
    size_t off = 99, n = 99;
    enum money_status st = money_parse_where(s, strlen(s), decimal, &m, &off, &n);
    if (st != MONEY_SYNTAX || n != strlen(part) || off + n > strlen(s) ||
        memcmp(s + off, part, n) != 0)
        fail_msg("'%s': got status %d, part '%.*s' (offset %zu), wanted '%s'", s, (int)st,
                 st == MONEY_SYNTAX && off + n <= strlen(s) ? (int)n : 0, s + off, off, part);
}

/* A refused amount names the part that was not understood. */
static void test_refusal_part(void **state)
{
    (void)state;
    expect_where("12.3x", '.', "x");
    expect_where("12abc", '.', "abc");
    expect_where("ten", '.', "ten");
    expect_where("12.5O", '.', "O");
    expect_where("ABC 12", '.', "ABC");
    expect_where("12 ABC", '.', "ABC");
    expect_where("$12 USD", '.', "USD");
    expect_where("$$12", '.', "$");
    expect_where("1e5", '.', "e5");
    expect_where("1 2", '.', "2");
    expect_where("12,50", '.', ",");
    expect_where("12.50", ',', ".");
    expect_where("0,125", '.', ",");
    expect_where("1,234 567", '.', " ");
    expect_where("--12", '.', "-");
    expect_where("-12-", '.', "-");
    expect_where("(12.00", '.', "(");
    expect_where("12.00)", '.', ")");
    expect_where("$", '.', "$");
    expect_where("USD", '.', "USD");
    expect_where("12 \xE2\x82\xBD", '.', "\xE2\x82\xBD"); /* ₽ is not a mark money_parse knows */
}

/* Every code of the ISO 4217 table has an English name, but the two whose ISO name is their
 * successor's (SLL "Leone" is SLE's, VED "Bolívar Soberano" is VES's). */
static void test_every_code_named(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof currencies / sizeof currencies[0]; i++) {
        const char *code = currencies[i].code;
        if (strcmp(code, "SLL") == 0 || strcmp(code, "VED") == 0)
            continue;
        bool named = false;
        for (size_t k = 0; k < sizeof currency_names / sizeof currency_names[0] && !named; k++)
            named = strcmp(currency_names[k].code, code) == 0;
        if (!named)
            fail_msg("%s has no name in currency_names", code);
    }
    char code[4];
    assert_true(currency_from_name("Leone", 5, code));
    assert_string_equal(code, "SLE");
}

static void test_not_nul_terminated(void **state)
{
    (void)state;
    const char buf[] = {'1', '2', '.', '5', '9', '9'};
    money_t m = 0;
    assert_int_equal(money_parse(buf, 4, '.', &m), MONEY_OK);
    assert_int_equal(m, 125000);
    assert_int_equal(money_parse(buf, 0, '.', &m), MONEY_EMPTY);
    /* An embedded NUL is not a terminator: it is garbage. */
    assert_int_equal(money_parse("12\0"
                                 "5",
                                 4, '.', &m),
                     MONEY_SYNTAX);
}

static void test_parse_range(void **state)
{
    (void)state;
    expect_ok("922337203685477.5807", '.', INT64_MAX);
    expect_ok("-922337203685477.5808", '.', INT64_MIN);
    expect_ok("922,337,203,685,477.5807", '.', INT64_MAX);
    expect_ok("(922337203685477.5808)", '.', INT64_MIN);
    expect_st("922337203685477.5808", '.', MONEY_OVERFLOW);
    expect_st("-922337203685477.5809", '.', MONEY_OVERFLOW);
    expect_st("922337203685478", '.', MONEY_OVERFLOW);
    expect_st("99999999999999999999999999999", '.', MONEY_OVERFLOW);
    expect_st("18446744073709551616", '.', MONEY_OVERFLOW);
    expect_st("1844674407370955.1616", '.', MONEY_OVERFLOW);
    expect_ok("00000000000000000000000001", '.', 10000);
}

static void test_add_sub(void **state)
{
    (void)state;
    money_t r = 5;
    assert_true(money_add(10000, 25000, &r));
    assert_int_equal(r, 35000);
    assert_true(money_sub(10000, 25000, &r));
    assert_int_equal(r, -15000);
    assert_true(money_add(INT64_MAX, 0, &r));
    r = 5;
    assert_false(money_add(INT64_MAX, 1, &r));
    assert_int_equal(r, 5);
    assert_false(money_add(INT64_MIN, -1, &r));
    assert_false(money_sub(INT64_MIN, 1, &r));
    assert_false(money_sub(0, INT64_MIN, &r));
    assert_false(money_sub(INT64_MAX, -1, &r));
    assert_int_equal(r, 5);
    assert_true(money_sub(-1, INT64_MAX, &r));
    assert_int_equal(r, INT64_MIN);
}

static void test_mul_rounding(void **state)
{
    (void)state;
    money_t r = 0;
    assert_true(money_mul(20000, 400000, &r)); /* 2 × 40 */
    assert_int_equal(r, 800000);
    assert_true(money_mul(3 * MONEY_SCALE, 3333, &r)); /* 3 × 0.3333 */
    assert_int_equal(r, 9999);
    /* 0.0001 × 0.5 = 0.00005: half goes away from zero. */
    assert_true(money_mul(1, 5000, &r));
    assert_int_equal(r, 1);
    assert_true(money_mul(-1, 5000, &r));
    assert_int_equal(r, -1);
    assert_true(money_mul(1, -5000, &r));
    assert_int_equal(r, -1);
    /* 0.0001 × 0.4999 = 0.00004999: down. */
    assert_true(money_mul(1, 4999, &r));
    assert_int_equal(r, 0);
    assert_true(money_mul(-1, 4999, &r));
    assert_int_equal(r, 0);
    /* 1.5 × 0.0003 = 0.00045 → 0.0005; negative → -0.0005. */
    assert_true(money_mul(15000, 3, &r));
    assert_int_equal(r, 5);
    assert_true(money_mul(-15000, 3, &r));
    assert_int_equal(r, -5);
    /* 0.3333 × 0.3333 = 0.11108889 → 0.1111 */
    assert_true(money_mul(3333, 3333, &r));
    assert_int_equal(r, 1111);
    assert_true(money_mul(-3333, -3333, &r));
    assert_int_equal(r, 1111);
    /* 2.5 × 19.99 = 49.975 exactly */
    assert_true(money_mul(25000, 199900, &r));
    assert_int_equal(r, 499750);
    assert_true(money_mul(0, INT64_MIN, &r));
    assert_int_equal(r, 0);
    assert_true(money_mul(MONEY_SCALE, INT64_MIN, &r));
    assert_int_equal(r, INT64_MIN);
    assert_true(money_mul(-MONEY_SCALE, INT64_MAX, &r));
    assert_int_equal(r, -INT64_MAX);
}

static void test_mul_overflow(void **state)
{
    (void)state;
    money_t r = 9;
    assert_false(money_mul(INT64_MAX, 2 * MONEY_SCALE, &r));
    assert_false(money_mul(INT64_MIN, INT64_MIN, &r));
    assert_false(money_mul(INT64_MIN, -MONEY_SCALE, &r));
    assert_false(money_mul(INT64_MAX, INT64_MAX, &r));
    /* 10^8 × 10^8 = 10^16 > 9.2 × 10^14 */
    assert_false(money_mul(100000000LL * MONEY_SCALE, 100000000LL * MONEY_SCALE, &r));
    assert_int_equal(r, 9);
    /* Just inside: 30,000,000 × 30,000,000 = 9 × 10^14 */
    assert_true(money_mul(30000000LL * MONEY_SCALE, 30000000LL * MONEY_SCALE, &r));
    assert_int_equal(r, 900000000000000LL * MONEY_SCALE);
}

static void expect_fmt(money_t m, int places, const char *want)
{
    char buf[MONEY_MAX_TEXT];
    size_t n = money_format(m, places, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void test_format(void **state)
{
    (void)state;
    expect_fmt(12345000, 4, "1234.5000");
    expect_fmt(12345000, 2, "1234.50");
    expect_fmt(12345000, 0, "1235"); /* 1234.5 → away from zero */
    expect_fmt(-12345000, 0, "-1235");
    expect_fmt(12344999, 0, "1234");
    expect_fmt(125, 2, "0.01"); /* 0.0125 → 0.01 */
    expect_fmt(150, 2, "0.02"); /* 0.0150 → 0.02 */
    expect_fmt(-150, 2, "-0.02");
    expect_fmt(-149, 2, "-0.01");
    expect_fmt(-49, 2, "0.00"); /* no negative zero */
    expect_fmt(-50, 2, "-0.01");
    expect_fmt(5, 3, "0.001");
    expect_fmt(-5, 3, "-0.001");
    expect_fmt(4, 3, "0.000");
    expect_fmt(0, 4, "0.0000");
    expect_fmt(0, 0, "0");
    expect_fmt(1, 1, "0.0");
    expect_fmt(INT64_MAX, 4, "922337203685477.5807");
    expect_fmt(INT64_MIN, 4, "-922337203685477.5808");
    expect_fmt(INT64_MAX, 0, "922337203685478");
    expect_fmt(INT64_MIN, 2, "-922337203685477.58");
    expect_fmt(INT64_MIN, 0, "-922337203685478");
    /* A short buffer is truncated and terminated, never overrun. */
    char small[5];
    money_format(12345000, 4, small, sizeof small);
    assert_string_equal(small, "1234");
}

static void expect_min(money_t m, const char *want)
{
    char buf[MONEY_MAX_TEXT];
    size_t n = money_format_min(m, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
    money_t back = 0;
    assert_int_equal(money_parse(buf, n, '.', &back), MONEY_OK);
    assert_int_equal(back, m);
}

static void test_format_min(void **state)
{
    (void)state;
    expect_min(12345000, "1234.5");
    expect_min(120000, "12");
    expect_min(100000, "10");
    expect_min(-1, "-0.0001");
    expect_min(0, "0");
    expect_min(1000000, "100");
    expect_min(12340, "1.234");
    expect_min(INT64_MAX, "922337203685477.5807");
    expect_min(INT64_MIN, "-922337203685477.5808");
}

static void test_to_double(void **state)
{
    (void)state;
    assert_true(money_to_double(12345000) == 1234.5);
    assert_true(money_to_double(-1) == -0.0001);
    assert_true(money_to_double(0) == 0.0);
}

static void test_strerror(void **state)
{
    (void)state;
    assert_string_equal(money_strerror(MONEY_PRECISION), "more than 4 decimal places");
    for (int st = MONEY_OK; st <= MONEY_OVERFLOW; st++)
        assert_non_null(money_strerror((enum money_status)st));
}

static void test_iso4217(void **state)
{
    (void)state;
    /* The table must stay sorted and unique for the binary search. */
    for (size_t i = 1; i < sizeof currencies / sizeof currencies[0]; i++)
        if (memcmp(currencies[i - 1].code, currencies[i].code, 3) >= 0)
            fail_msg("currency table out of order at '%s'", currencies[i].code);
    const char *active[] = {"USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "CNY", "INR",
                            "BRL", "MXN", "ZAR", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "KWD",
                            "BHD", "OMR", "JOD", "TND", "LYD", "IQD", "CLF", "UYW", "VES", "VED",
                            "SLE", "ZWG", "XCG", "MRU", "STN", "XOF", "XAF", "XPF", "XAU", "XXX"};
    for (size_t i = 0; i < sizeof active / sizeof active[0]; i++)
        if (!currency_is_iso4217(active[i]))
            fail_msg("'%s' should be ISO 4217", active[i]);
    const char *not_codes[] = {"usd", "US",  "USDD", "",    "XYZ", "HRK", "DEM",
                               "FRF", "VEF", "MRO",  "STD", "LTL", "EEK", "BTC"};
    for (size_t i = 0; i < sizeof not_codes / sizeof not_codes[0]; i++)
        if (currency_is_iso4217(not_codes[i]))
            fail_msg("'%s' should not be ISO 4217", not_codes[i]);
    assert_false(currency_is_iso4217(NULL));
    assert_true(sizeof currencies / sizeof currencies[0] >= 175);
}

static void test_minor_units(void **state)
{
    (void)state;
    assert_int_equal(currency_decimals("USD"), 2);
    assert_int_equal(currency_decimals("EUR"), 2);
    assert_int_equal(currency_decimals("JPY"), 0);
    assert_int_equal(currency_decimals("KRW"), 0);
    assert_int_equal(currency_decimals("ISK"), 0);
    assert_int_equal(currency_decimals("VND"), 0);
    assert_int_equal(currency_decimals("KWD"), 3);
    assert_int_equal(currency_decimals("BHD"), 3);
    assert_int_equal(currency_decimals("TND"), 3);
    assert_int_equal(currency_decimals("CLF"), 4);
    assert_int_equal(currency_decimals("UYW"), 4);
    assert_int_equal(currency_decimals("XAU"), 4); /* no minor unit: keep full precision */
    assert_int_equal(currency_decimals("ZZZ"), 2);
    assert_int_equal(currency_decimals(NULL), 2);
}

/* B2B Edition keeps amounts exactly up to 15 significant digits with 4 decimals: the limit itself
 * goes through a double and back unchanged, the next amount up may not. */
static void test_target_limit(void **state)
{
    (void)state;
    assert_true(target_max_amount("bigcommerce-b2b") == 999999999999999);
    assert_true(target_max_amount("elsewhere") == INT64_MAX);
    assert_true(target_max_amount(NULL) == INT64_MAX);
    assert_false(target_amount_too_large("bigcommerce-b2b", 999999999999999));
    assert_false(target_amount_too_large("bigcommerce-b2b", -999999999999999));
    assert_true(target_amount_too_large("bigcommerce-b2b", 1000000000000000));
    assert_true(target_amount_too_large("bigcommerce-b2b", -1000000000000000));
    assert_false(target_amount_too_large(NULL, INT64_MAX));
    char buf[64];
    snprintf(buf, sizeof buf, "%.4f", 99999999999.9999);
    assert_string_equal(buf, "99999999999.9999");
    snprintf(buf, sizeof buf, "%.4f", 12345678901234.5678);
    assert_string_equal(buf, "12345678901234.5684"); /* what a double makes of it */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_spellings),
        cmocka_unit_test(test_grouping),
        cmocka_unit_test(test_decimal_comma),
        cmocka_unit_test(test_currency_marks),
        cmocka_unit_test(test_parentheses),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_trailing_minus),
        cmocka_unit_test(test_accounting_zero),
        cmocka_unit_test(test_refusal_part),
        cmocka_unit_test(test_every_code_named),
        cmocka_unit_test(test_not_nul_terminated),
        cmocka_unit_test(test_parse_range),
        cmocka_unit_test(test_add_sub),
        cmocka_unit_test(test_mul_rounding),
        cmocka_unit_test(test_mul_overflow),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_min),
        cmocka_unit_test(test_to_double),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_iso4217),
        cmocka_unit_test(test_minor_units),
        cmocka_unit_test(test_target_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
