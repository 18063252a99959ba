/* Helpers shared by the mapping unit tests: temporary files, loading a mapping from text, reading a
 * CSV through it, and finding problems.  Header-only (static functions) so each test program stays
 * one file. */
#ifndef INVOICECTL_TESTS_MAPPING_TESTLIB_H
#define INVOICECTL_TESTS_MAPPING_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mapping/mapping.h"
#include "model/date.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TMP_MAX_FILES 64
static char tmp_paths[TMP_MAX_FILES][64];
static size_t tmp_count;

/* Writes text to a new temporary file ending in `suffix`; removed by tmp_cleanup. */
static __attribute__((unused)) const char *tmp_write(const char *text, const char *suffix)
{
    assert_true(tmp_count < TMP_MAX_FILES);
    char *p = tmp_paths[tmp_count++];
    snprintf(p, 64, "/tmp/ictest-mapXXXXXX%s", suffix);
    int fd = mkstemps(p, (int)strlen(suffix));
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    return p;
}

static __attribute__((unused)) int tmp_cleanup(void **state)
{
    (void)state;
    for (size_t i = 0; i < tmp_count; i++)
        unlink(tmp_paths[i]);
    tmp_count = 0;
    return 0;
}

/* The directory of the fixtures, from this source file's place (tests run from the repository
 * root). */
static __attribute__((unused)) const char *fixture(const char *name)
{
    static char buf[4][512];
    static int k;
    char *out = buf[k++ % 4];
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    int dirlen = slash ? (int)(slash - file) : 1;
    snprintf(out, 512, "%.*s/../data/mapping/%s", dirlen, slash ? file : ".", name);
    return out;
}

static __attribute__((unused)) mapping *load_text(const char *json, ic_err *err)
{
    ic_err_clear(err);
    return mapping_load(tmp_write(json, ".json"), err);
}

/* Loads `json`, expecting failure with a message containing `want`. */
static __attribute__((unused)) void expect_load_error(const char *json, const char *want)
{
    ic_err err;
    mapping *m = load_text(json, &err);
    if (m) {
        mapping_free(m);
        fail_msg("mapping loaded, expected an error containing \"%s\"", want);
    }
    assert_int_equal(err.code, IC_EXIT_USAGE);
    if (!strstr(err.msg, want))
        fail_msg("error \"%s\" does not contain \"%s\"", err.msg, want);
}

/* Reads csv text through the mapping text; fails the test when either cannot be read. */
static __attribute__((unused)) void read_text(const char *json, const char *csv, bool keep,
                                              ic_batch *b)
{
    ic_err err;
    mapping *m = load_text(json, &err);
    if (!m)
        fail_msg("mapping failed to load: %s", err.msg);
    mapping_read_options o = {.keep_invoices = keep};
    int rc = mapping_read_invoices_opt(m, tmp_write(csv, ".csv"), &o, b, &err);
    mapping_free(m);
    if (rc)
        fail_msg("read failed (%d): %s", rc, err.msg);
}

/* The first problem whose message contains `want` (and at `line`, unless 0), or NULL. */
static __attribute__((unused)) const ic_problem *find_problem(const ic_batch *b, const char *want,
                                                              long line)
{
    for (size_t i = 0; i < b->problems.n; i++) {
        const ic_problem *p = &b->problems.items[i];
        if (strstr(p->message, want) && (line == 0 || p->line == line))
            return p;
    }
    return NULL;
}

static __attribute__((unused)) void dump_problems(const ic_batch *b)
{
    for (size_t i = 0; i < b->problems.n; i++) {
        const ic_problem *p = &b->problems.items[i];
        print_message("  line %ld [%s] {%s} %s: %s\n", p->line, p->column ? p->column : "-",
                      p->invoice ? p->invoice : "-", severity_word(p->severity), p->message);
    }
}

static __attribute__((unused)) const ic_problem *expect_problem(const ic_batch *b, const char *want,
                                                                long line)
{
    const ic_problem *p = find_problem(b, want, line);
    if (!p) {
        dump_problems(b);
        fail_msg("no problem containing \"%s\" at line %ld", want, line);
    }
    return p;
}

static __attribute__((unused)) void expect_no_problems(const ic_batch *b)
{
    if (b->problems.n_errors || b->problems.n_warnings) {
        dump_problems(b);
        fail_msg("expected no problems, got %zu errors and %zu warnings", b->problems.n_errors,
                 b->problems.n_warnings);
    }
}

/* A mapping for the small test CSVs: Inv,Cust,Due,Cur,SKU,Qty,Price (+ whatever `extra` adds inside
 * "invoice"; `tail` is appended at the top level). */
#define BASE_MAP_HEAD                                                                              \
    "{\"locale\": {\"currency\": \"USD\"}, \"group_by\": [\"Inv\"], \"invoice\": {"                \
    "\"invoiceNumber\": \"Inv\", \"customerId\": \"Cust\", "                                       \
    "\"originalBalance\": {\"compute\": \"total\"}, \"openBalance\": {\"compute\": \"total\"}"
#define BASE_MAP_ITEMS                                                                             \
    "\"lineItems\": {\"sku\": \"SKU\", \"quantity\": \"Qty\", \"unitPrice\": \"Price\"}"

#endif
