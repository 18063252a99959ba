/* formats/csv_write.c: RFC 4180 quoting, CRLF, and formula neutralisation, compared byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "formats/csv_read.h"
#include "formats/csv_write.h"
#include "formats/export_csv.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    FILE *fp;
    char *buf;
    size_t len;
} memout;

static void mem_open(memout *m)
{
    m->buf = NULL;
    m->len = 0;
    m->fp = open_memstream(&m->buf, &m->len);
    assert_non_null(m->fp);
}

/* Closes the stream and compares what was written. */
static void mem_check(memout *m, const char *want)
{
    assert_int_equal(fclose(m->fp), 0);
    assert_string_equal(m->buf, want);
    free(m->buf);
}

static void test_quoting(void **state)
{
    (void)state;
    memout m;
    mem_open(&m);
    csv_writer w;
    csv_writer_init(&w, m.fp, ',');
    csv_put_text(&w, "plain");
    csv_put_text(&w, "a,b");
    csv_put_text(&w, "say \"hi\"");
    csv_put_text(&w, "two\nlines");
    csv_put_text(&w, "cr\rhere");
    csv_put_text(&w, NULL);
    csv_put_text(&w, "");
    csv_put_text(&w, " spaced ");
    csv_put_text(&w, "caf\xC3\xA9;|");
    csv_end_row(&w);
    csv_put_text(&w, "\"");
    csv_end_row(&w);
    mem_check(
        &m,
        "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",,, spaced ,caf\xC3\xA9;|\r\n"
        "\"\"\"\"\r\n");
}

static void test_other_delimiter(void **state)
{
    (void)state;
    memout m;
    mem_open(&m);
    csv_writer w;
    csv_writer_init(&w, m.fp, ';');
    const char *row[] = {"a;b", "c,d", "e"};
    csv_put_row(&w, row, 3);
    csv_put_row(&w, row, 1);
    mem_check(&m, "\"a;b\";c,d;e\r\n\"a;b\"\r\n");
}

static void test_neutralisation(void **state)
{
    (void)state;
    memout m;
    mem_open(&m);
    csv_writer w;
    csv_writer_init(&w, m.fp, ',');
    assert_true(w.neutralise);
    csv_put_text(&w, "=SUM(A1:A3)");
    csv_put_text(&w, "+1");
    csv_put_text(&w, "-2");
    csv_put_text(&w, "@cmd");
    csv_put_text(&w, "\ttab");
    csv_put_text(&w, "\rcr");
    csv_put_text(&w, "=HYPERLINK(\"x\",\"y\")");
    csv_put_text(&w, "a=b");
    csv_end_row(&w);
    /* Numbers and raw cells are never touched. */
    csv_put_number(&w, "-12.50");
    csv_put_number(&w, "+3");
    csv_put_raw(&w, "=1+1");
    csv_put_raw(&w, "-x,y");
    csv_end_row(&w);
    w.neutralise = false;
    csv_put_text(&w, "=1");
    csv_end_row(&w);
    mem_check(
        &m,
        "'=SUM(A1:A3),'+1,'-2,'@cmd,'\ttab,\"'\rcr\",\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\",a=b\r\n"
        "-12.50,+3,=1+1,\"-x,y\"\r\n"
        "=1\r\n");
    assert_true(csv_text_is_formula_like("=x"));
    assert_true(csv_text_is_formula_like("\t"));
    assert_false(csv_text_is_formula_like("x="));
    assert_false(csv_text_is_formula_like(""));
    assert_false(csv_text_is_formula_like(NULL));
}

/* What the writer writes, the reader reads back unchanged. */
static int collect(void *ctx, const csv_record *rec)
{
    char **got = ctx;
    for (size_t i = 0; i < rec->nfields; i++)
        got[i] = strdup(rec->fields[i]);
    return 0;
}

static void test_round_trip(void **state)
{
    (void)state;
    char path[] = "/tmp/test_csv_write.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    csv_writer w;
    csv_writer_init(&w, fp, ',');
    const char *head[] = {"a", "b", "c", "d"};
    const char *row[] = {"x,\"y\"", "line\r\nbreak", "", "caf\xC3\xA9"};
    csv_put_row(&w, head, 4);
    for (int i = 0; i < 4; i++)
        csv_put_raw(&w, row[i]);
    csv_end_row(&w);
    assert_int_equal(fclose(fp), 0);

    ic_err err;
    csv_reader *r = csv_reader_open(path, NULL, &err);
    assert_non_null(r);
    char *got[4] = {0};
    assert_int_equal(csv_reader_run(r, collect, got, &err), 0);
    csv_reader_free(r);
    for (int i = 0; i < 4; i++) {
        assert_non_null(got[i]);
        assert_string_equal(got[i], row[i]);
        free(got[i]);
    }
    unlink(path);
}

/* export --map writes in the mapping's encoding: UTF-8 to windows-1252 / latin-1 and back is the
 * identity for every character those have, and a character they lack is named by its offset. */
static void test_to_8bit(void **state)
{
    (void)state;
    char out[64], back[192];
    size_t bad = 99;
    /* "Fällig – 25 € Straße": ä ß are latin-1; – € are windows-1252's 0x96 and 0x80. */
    const char *s = "F\xC3\xA4llig \xE2\x80\x93 25 \xE2\x82\xAC Stra\xC3\x9F"
                    "e";
    size_t n = utf8_to_8bit(out, s, strlen(s), true, &bad);
    assert_int_equal(n, 20);
    assert_memory_equal(out,
                        "F\xE4llig \x96 25 \x80 Stra\xDF"
                        "e",
                        n);
    size_t m = utf8_from_8bit(back, out, n, true, &bad);
    assert_int_equal(m, strlen(s));
    assert_memory_equal(back, s, m);
    /* latin-1 has neither the dash nor the euro sign: the offset of the first, the '–'. */
    assert_int_equal(utf8_to_8bit(out, s, strlen(s), false, &bad), (size_t)-1);
    assert_int_equal(bad, 8);
    assert_int_equal(utf8_to_8bit(out, s + 12, strlen(s + 12), false, &bad), (size_t)-1);
    assert_int_equal(bad, 3); /* "25 €": the '€' */
    /* Neither has 'Ł' (U+0141); windows-1252 has no U+0081 (latin-1 does). */
    assert_int_equal(utf8_to_8bit(out,
                                  "\xC5\x81"
                                  "odz",
                                  5, true, &bad),
                     (size_t)-1);
    assert_int_equal(bad, 0);
    assert_int_equal(utf8_to_8bit(out, "a\xC2\x81", 3, true, &bad), (size_t)-1);
    assert_int_equal(bad, 1);
    assert_int_equal(utf8_to_8bit(out, "a\xC2\x81", 3, false, &bad), 2);
    assert_memory_equal(out, "a\x81", 2);
    /* A sequence cut short at the end is refused, never read past. */
    assert_int_equal(utf8_to_8bit(out, "ab\xE2\x82", 4, true, &bad), (size_t)-1);
    assert_int_equal(bad, 2);
}

/* A number in the mapping's own spelling is a number: "-25,29" with a decimal comma is written as
 * is, never neutralised. */
static void test_numbers_in_spelling(void **state)
{
    (void)state;
    assert_true(export_text_is_number_in("-25,29", ','));
    assert_true(export_text_is_number_in("1048,00", ','));
    assert_true(export_text_is_number_in("-3", ','));
    assert_false(export_text_is_number_in("-25.29", ','));
    assert_false(export_text_is_number_in("-25,", ','));
    assert_false(export_text_is_number_in("-,5", ','));
    assert_false(export_text_is_number_in("-1.048,00", ','));
    assert_false(export_text_is_number_in("-25,29", '.'));
    assert_true(export_text_is_number("-12.50"));
    assert_false(export_text_is_number("-R\xC3\xBC"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting),        cmocka_unit_test(test_other_delimiter),
        cmocka_unit_test(test_neutralisation), cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_to_8bit),        cmocka_unit_test(test_numbers_in_spelling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
