/* keyfold: keys a store would take for one number fold alike; keys that differ stay different. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mapping/keyfold.h"

#include <string.h>

static void expect_fold(const char *in, const char *want)
{
    char out[256];
    size_t n = keyfold(in, strlen(in), out);
    if (strcmp(out, want) != 0 || n != strlen(want))
        fail_msg("keyfold('%s') gave '%s' (%zu bytes), want '%s'", in, out, n, want);
    assert_true(n <= strlen(in));
}

static void expect_same(const char *a, const char *b)
{
    char fa[256], fb[256];
    keyfold(a, strlen(a), fa);
    keyfold(b, strlen(b), fb);
    if (strcmp(fa, fb) != 0)
        fail_msg("'%s' and '%s' fold to '%s' and '%s'", a, b, fa, fb);
}

static void expect_different(const char *a, const char *b)
{
    char fa[256], fb[256];
    keyfold(a, strlen(a), fa);
    keyfold(b, strlen(b), fb);
    if (strcmp(fa, fb) == 0)
        fail_msg("'%s' and '%s' both fold to '%s'", a, b, fa);
}

static void test_case(void **state)
{
    (void)state;
    expect_fold("INV-A", "inv-a");
    expect_same("INV-A", "inv-a");
    expect_same("Inv-10041", "INV-10041");
    expect_fold("ÀÉÎÕÜÇÑÝ", "aeioucny");
    expect_fold("àéîõüçñýÿ", "aeioucnyy");
    expect_fold("ĄĆĘŁŃŚŹŻ", "acelnszz");
    expect_fold("ąćęłńśźż", "acelnszz");
    expect_fold("ŠšŽžŘřŮů", "sszzrruu");
    expect_same("STRASSE", "Straße");
    expect_same("ÆON", "aeon");
    expect_same("Œuvre", "oeuvre");
    expect_same("Ĳssel", "ijssel");
    expect_fold("\u212A1", "k1"); /* Kelvin sign */
}

static void test_dashes(void **state)
{
    (void)state;
    expect_same("INV-D", "INV\u2010D"); /* hyphen */
    expect_same("INV-D", "INV\u2011D"); /* non-breaking hyphen */
    expect_same("INV-D", "INV\u2012D"); /* figure dash */
    expect_same("INV-D", "INV\u2013D"); /* en dash */
    expect_same("INV-D", "INV\u2014D"); /* em dash */
    expect_same("INV-D", "INV\u2015D"); /* horizontal bar */
    expect_same("INV-D", "INV\u2212D"); /* minus sign */
    expect_same("INV-D", "INV\uFE63D"); /* small hyphen-minus */
    expect_same("INV-D", "INV\uFF0DD"); /* fullwidth hyphen-minus */
    expect_fold("INV\u2010D", "inv-d");
}

static void test_composed_and_decomposed(void **state)
{
    (void)state;
    expect_same("FACT-\u00C9", "FACT-E\u0301");                 /* É precomposed and decomposed */
    expect_same("FACT-\u00E9", "FACT-e\u0301");                 /* é */
    expect_same("N\u0303O", "\u00D1O");                         /* Ñ */
    expect_fold("A\u0301\u0308B", "ab");                        /* two marks on one letter */
    expect_same("R\u00C9F", "ref");                             /* accents do not count */
    expect_fold("\xEF\xBC\xA9\xEF\xBC\xAE\xEF\xBC\xB6", "inv"); /* fullwidth ＩＮＶ */
}

static void test_spaces_and_invisibles(void **state)
{
    (void)state;
    expect_same("INV 1", "INV\u00A01");
    expect_same("INV 1", "INV\u20071");
    expect_same("INV 1", "INV\u30001");
    expect_same("INV1", "INV\u200B1");
    expect_same("INV1", "IN\u00ADV1");
    expect_same("INV1", "\uFEFFINV1");
}

static void test_kept_apart(void **state)
{
    (void)state;
    expect_different("INV-A", "INV-B");
    expect_different("INV-1", "INV1");
    expect_different("INV-A", "INV A");
    expect_different("\u0410", "A"); /* Cyrillic А is another letter, not a fold */
    expect_different("INV-10", "INV-01");
    expect_fold("\u0416", "\u0416"); /* other scripts as they are */
    expect_fold("\u4E2D\u6587", "\u4E2D\u6587");
    expect_fold("\u00D7\u00F7", "\u00D7\u00F7"); /* signs, not letters */
    expect_fold("\u00DE\u014A", "\u00FE\u014B"); /* Þ, Ŋ: their lower case */
}

static void test_not_utf8(void **state)
{
    (void)state;
    /* Invalid bytes stay as they are, one by one, and never run past the end. */
    expect_fold("A\xFF"
                "B",
                "a\xFF"
                "b");
    expect_fold("\xC3", "\xC3");                 /* cut sequence */
    expect_fold("\xC0\xAD", "\xC0\xAD");         /* overlong '-' is not a dash */
    expect_fold("\xE0\x80\xAD", "\xE0\x80\xAD"); /* overlong too */
    expect_fold("\xED\xA0\x80", "\xED\xA0\x80"); /* a surrogate */
    char out[8];
    assert_int_equal(keyfold("AB\0CD", 5, out), 5); /* a NUL inside is kept, length given */
    assert_memory_equal(out, "ab\0cd", 6);
    assert_int_equal(keyfold("", 0, out), 0);
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case),
        cmocka_unit_test(test_dashes),
        cmocka_unit_test(test_composed_and_decomposed),
        cmocka_unit_test(test_spaces_and_invisibles),
        cmocka_unit_test(test_kept_apart),
        cmocka_unit_test(test_not_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
