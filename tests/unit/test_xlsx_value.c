/* formats/xlsx_value.c and xlsx_styles.c: cell references, numbers as the file stores them to
 * decimal text (Excel's 15 digits, no double), day numbers to dates in both date systems with the
 * 1900-02-29 quirk, and which number formats show a date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "formats/xlsx_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_refs(void **state)
{
    (void)state;
    long c, r;
    assert_true(xlsx_ref_parse("A1", &c, &r));
    assert_int_equal(c, 0);
    assert_int_equal(r, 1);
    assert_true(xlsx_ref_parse("AB1048576", &c, &r));
    assert_int_equal(c, 27);
    assert_int_equal(r, 1048576);
    assert_true(xlsx_ref_parse("XFD3", &c, &r));
    assert_int_equal(c, 16383);
    assert_false(xlsx_ref_parse("XFE3", &c, &r));
    assert_false(xlsx_ref_parse("A0", &c, &r));
    assert_false(xlsx_ref_parse("1A", &c, &r));
    assert_false(xlsx_ref_parse("A1048577", &c, &r));
    assert_false(xlsx_ref_parse("a1", &c, &r));
    char buf[4];
    static const struct {
        long col;
        const char *name;
    } names[] = {{0, "A"},   {25, "Z"},   {26, "AA"},   {51, "AZ"},
                 {52, "BA"}, {701, "ZZ"}, {702, "AAA"}, {16383, "XFD"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        xlsx_col_name(names[i].col, buf);
        assert_string_equal(buf, names[i].name);
    }
}

static void number_is(const char *in, const char *want)
{
    sbuf out = {0};
    assert_true(xlsx_number_text(in, strlen(in), &out));
    assert_string_equal(out.data, want);
    sbuf_release(&out);
}

static void test_numbers(void **state)
{
    (void)state;
    number_is("0.30000000000000004", "0.3"); /* 0.1 + 0.2 printed in full */
    number_is("0.1", "0.1");
    number_is("703.39", "703.39");
    number_is("4488.1499999999996", "4488.15"); /* 17 digits of a double */
    number_is("-12.5", "-12.5");
    number_is("45", "45");
    number_is("4.5E1", "45");
    number_is("1.5e-3", "0.0015");
    number_is("1E+20", "100000000000000000000");
    number_is("123456789012345678", "123456789012346000"); /* past 15 digits, as Excel keeps it */
    number_is("0.99999999999999999", "1");                 /* the carry runs through every 9 */
    number_is("999999999999999.95", "1000000000000000");
    number_is("0", "0");
    number_is("-0.0", "0");
    number_is("00012", "12");
    number_is(".5", "0.5");
    number_is("2.50", "2.5");
    sbuf out = {0};
    assert_false(xlsx_number_text("abc", 3, &out));
    assert_false(xlsx_number_text("1.2.3", 5, &out));
    assert_false(xlsx_number_text("1e", 2, &out));
    assert_false(xlsx_number_text("", 0, &out));
    assert_false(xlsx_number_text("12 ", 3, &out));
    sbuf_release(&out);
}

/* Numbers already in plain form are passed through as they are; the same number with an exponent
 * of zero takes the full conversion, and the two must agree. */
static void test_numbers_plain_fast(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789.-";
    unsigned seed = 12345;
    char in[24], slow_in[32];
    for (int n = 0; n < 200000; n++) {
        size_t len = 1 + (seed = seed * 1103515245u + 12345u) / 65536 % 18;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed / 65536 % 40;
            in[i] = r < 30 ? alphabet[r % 10] : alphabet[10 + r % 2];
        }
        in[len] = '\0';
        snprintf(slow_in, sizeof slow_in, "%se0", in);
        sbuf fast = {0}, slow = {0};
        bool ok = xlsx_number_text(in, len, &fast);
        assert_int_equal(ok, xlsx_number_text(slow_in, len + 2, &slow));
        if (ok)
            assert_string_equal(fast.data, slow.data);
        sbuf_release(&fast);
        sbuf_release(&slow);
    }
    static const char *const plain[] = {"1559", "24.66", "0.5", "-0.05", "123456789012345"};
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        sbuf out = {0};
        assert_true(xlsx_number_text(plain[i], strlen(plain[i]), &out));
        assert_string_equal(out.data, plain[i]);
        sbuf_release(&out);
    }
}

static void day_is(const char *in, bool d1904, const char *want)
{
    sbuf out = {0};
    assert_int_equal(xlsx_day_text(in, strlen(in), d1904, &out), XLSX_DAY_OK);
    assert_string_equal(out.data, want);
    sbuf_release(&out);
}

static void test_days(void **state)
{
    (void)state;
    day_is("1", false, "1900-01-01");
    day_is("59", false, "1900-02-28");
    day_is("61", false, "1900-03-01");
    day_is("45000", false, "2023-03-15");
    day_is("46296", false, "2026-10-01");
    day_is("46296.5", false, "2026-10-01T12:00:00");
    day_is("46296.999999999", false, "2026-10-02"); /* rounds to the next midnight */
    day_is("0.75", false, "18:00:00");
    day_is("0", true, "1904-01-01");
    day_is("44834", true, "2026-10-01"); /* 1904 system: 1462 days fewer */
    day_is("2958465", false, "9999-12-31");
    day_is("046296", false, "2026-10-01");  /* leading zero: still the digits-only path */
    day_is("46296e0", false, "2026-10-01"); /* not plain digits: through the decimal text */
    day_is("100", false, "1900-04-09");
    sbuf out = {0};
    assert_int_equal(xlsx_day_text("60", 2, false, &out), XLSX_DAY_1900_02_29);
    assert_int_equal(xlsx_day_text("60", 2, true, &out), XLSX_DAY_OK); /* 1904-03-01 */
    assert_int_equal(xlsx_day_text("-1", 2, false, &out), XLSX_DAY_NEGATIVE);
    assert_int_equal(xlsx_day_text("2958466", 7, false, &out), XLSX_DAY_RANGE);
    assert_int_equal(xlsx_day_text("x", 1, false, &out), XLSX_DAY_NOT_NUMBER);
    sbuf_release(&out);
}

static void test_formats(void **state)
{
    (void)state;
    assert_true(xlsx_format_is_date("yyyy-mm-dd"));
    assert_true(xlsx_format_is_date("dd/mm/yyyy"));
    assert_true(xlsx_format_is_date("[$-409]mmmm d, yyyy;@"));
    assert_true(xlsx_format_is_date("[h]:mm:ss"));
    assert_true(xlsx_format_is_date("m/d/yy h:mm"));
    assert_false(xlsx_format_is_date("General"));
    assert_false(xlsx_format_is_date("0.00"));
    assert_false(xlsx_format_is_date("#,##0.00 [$EUR]"));
    assert_false(xlsx_format_is_date("[Red]#,##0;[Blue]-#,##0"));
    assert_false(xlsx_format_is_date("0.00 \"days\""));
    assert_false(xlsx_format_is_date("_(* #,##0.00_);_(* \\(#,##0.00\\)"));
    assert_false(xlsx_format_is_date("@"));
    assert_true(xlsx_builtin_is_date(14));
    assert_true(xlsx_builtin_is_date(22));
    assert_true(xlsx_builtin_is_date(47));
    assert_false(xlsx_builtin_is_date(0));
    assert_false(xlsx_builtin_is_date(4));
    assert_false(xlsx_builtin_is_date(49));
}

static void test_unescape(void **state)
{
    (void)state;
    char s[] = "a_x000D_b_x005F_c_x00e9_ _x12";
    size_t n = xlsx_unescape(s, strlen(s));
    assert_string_equal(s, "a\rb_c_x00e9_ _x12"); /* only ASCII escapes; broken ones stay */
    assert_int_equal(n, strlen(s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refs),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_numbers_plain_fast),
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_unescape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
