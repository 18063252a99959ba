/* formats/csv_read.c: a file that is replaced, rewritten or appended to while it is read is
 * reported ("'x.csv' changed while it was being read", IC_EXIT_IO) instead of mixing two versions
 * into one run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "formats/csv_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static char path[128];
static char other[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/test_csv_replaced.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/in.csv", dir);
    snprintf(other, sizeof other, "%s/other.csv", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    unlink(other);
    rmdir(dir);
    return 0;
}

/* A header and `rows` records of about 50 bytes each. */
static void write_rows(const char *p, size_t rows)
{
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs("Invoice Number,Customer,Amount\n", f);
    for (size_t i = 0; i < rows; i++)
        fprintf(f, "INV-%08zu,Customer number %08zu,%zu.50\n", i, i, i);
    assert_int_equal(fclose(f), 0);
}

enum action { NOTHING, RENAME_OVER, APPEND, REWRITE_SHORTER, REMOVE };

typedef struct {
    enum action act;
    size_t at;   /* act when this record index is seen */
    size_t seen; /* records delivered */
} ctx_t;

static int on_record(void *vctx, const csv_record *rec)
{
    ctx_t *c = vctx;
    c->seen++;
    if (rec->index != c->at)
        return 0;
    switch (c->act) {
    case NOTHING:
        break;
    case RENAME_OVER:
        write_rows(other, 3);
        assert_int_equal(rename(other, path), 0);
        break;
    case APPEND: {
        FILE *f = fopen(path, "ab");
        assert_non_null(f);
        fputs("INV-LATE,Late customer,1.00\n", f);
        assert_int_equal(fclose(f), 0);
        break;
    }
    case REWRITE_SHORTER:
        write_rows(path, 2);
        break;
    case REMOVE:
        assert_int_equal(unlink(path), 0);
        break;
    }
    return 0;
}

/* Reads `path` through, acting at record `at`; returns csv_reader_run's value. */
static int read_through(enum action act, size_t at, ctx_t *c, ic_err *err)
{
    c->act = act;
    c->at = at;
    c->seen = 0;
    csv_reader *r = csv_reader_open(path, NULL, err);
    assert_non_null(r);
    int rc = csv_reader_run(r, on_record, c, err);
    csv_reader_free(r);
    return rc;
}

static void expect_changed(int rc, const ic_err *err)
{
    char want[256];
    snprintf(want, sizeof want, "'%s' changed while it was being read", path);
    assert_int_equal(rc, IC_EXIT_IO);
    assert_int_equal(err->code, IC_EXIT_IO);
    assert_string_equal(err->msg, want);
}

static void test_unchanged_file_reads_cleanly(void **state)
{
    (void)state;
    write_rows(path, 5000);
    ctx_t c = {0};
    ic_err err = {0};
    assert_int_equal(read_through(NOTHING, 0, &c, &err), 0);
    assert_int_equal(err.code, 0);
    assert_int_equal(c.seen, 5000);
}

/* The reader keeps reading the old file through its descriptor; the path now names another file. */
static void test_renamed_over_mid_read(void **state)
{
    (void)state;
    write_rows(path, 5000); /* ~250 KB: several chunks, the rename happens in the first */
    ctx_t c = {0};
    ic_err err = {0};
    expect_changed(read_through(RENAME_OVER, 10, &c, &err), &err);
}

static void test_renamed_over_small_file(void **state)
{
    (void)state;
    write_rows(path, 20); /* one chunk: only the check at the end can see it */
    ctx_t c = {0};
    ic_err err = {0};
    expect_changed(read_through(RENAME_OVER, 3, &c, &err), &err);
}

static void test_appended_mid_read(void **state)
{
    (void)state;
    write_rows(path, 5000);
    ctx_t c = {0};
    ic_err err = {0};
    expect_changed(read_through(APPEND, 10, &c, &err), &err);
}

static void test_rewritten_in_place(void **state)
{
    (void)state;
    write_rows(path, 5000);
    ctx_t c = {0};
    ic_err err = {0};
    expect_changed(read_through(REWRITE_SHORTER, 10, &c, &err), &err);
}

static void test_removed_mid_read(void **state)
{
    (void)state;
    write_rows(path, 5000);
    ctx_t c = {0};
    ic_err err = {0};
    expect_changed(read_through(REMOVE, 10, &c, &err), &err);
}

/* In a big file the change is seen within a few MB, long before the end. */
static void test_big_file_checked_on_the_way(void **state)
{
    (void)state;
    size_t rows = 240000; /* ~12 MB */
    write_rows(path, rows);
    ctx_t c = {0};
    ic_err err = {0};
    expect_changed(read_through(RENAME_OVER, 10, &c, &err), &err);
    assert_true(c.seen < rows / 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unchanged_file_reads_cleanly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_renamed_over_mid_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_renamed_over_small_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_appended_mid_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rewritten_in_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removed_mid_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_big_file_checked_on_the_way, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
