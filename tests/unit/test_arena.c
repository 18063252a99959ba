/* The arena and the records a large file keeps per invoice and per row: their sizes are what
 * validate's peak memory is made of (docs/benchmarks.md: at most 1.5x the file with --emit), so a
 * field added to them is a decision, not an accident. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mapping/read_internal.h"
#include "util/arena.h"

#include <string.h>

/* Strings are packed end to end (a NUL apart), not each rounded up to eight bytes. */
static void test_strings_packed(void **state)
{
    (void)state;
    arena a = {0};
    const char *vals[] = {"USD", "2026-10-18", "1559", "", "PO-7935", "379.15", "US"};
    char *prev = NULL;
    size_t prev_len = 0;
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        char *p = arena_strndup(&a, vals[i], strlen(vals[i]));
        assert_string_equal(p, vals[i]);
        if (prev)
            assert_ptr_equal(p, prev + prev_len + 1);
        prev = p;
        prev_len = strlen(vals[i]);
    }
    /* and what arena_alloc hands out stays aligned for any struct after them */
    void *q = arena_alloc(&a, 24);
    assert_int_equal((uintptr_t)q % 8, 0);
    memset(q, 0xAB, 24);
    arena_release(&a);
}

/* Past 8 MiB an arena takes 8 MiB chunks: every byte handed out is usable, large requests too,
 * and values from earlier chunks stay as written. */
static void test_big_arena(void **state)
{
    (void)state;
    arena a = {0};
    char *first = arena_strndup(&a, "first", 5);
    size_t n = 40000; /* 40 MB */
    for (size_t i = 0; i < n; i++) {
        char *p = arena_alloc(&a, 1000);
        memset(p, (int)(i & 0xFF), 1000);
    }
    char *big = arena_alloc(&a, (size_t)9 << 20); /* more than a chunk */
    memset(big, 1, (size_t)9 << 20);
    assert_string_equal(first, "first");
    assert_true(a.total >= n * 1000 + ((size_t)9 << 20));
    arena_reset(&a);
    assert_int_equal(a.total, 0);
    char *again = arena_strndup(&a, "again", 5);
    assert_string_equal(again, "again");
    arena_release(&a);
    assert_null(a.head);
}

/* Per invoice and per row of a million-row file: 120 bytes a group (it was 152, which with the
 * look-alike table put --emit past 1.5x the file), 16 bytes of header a kept row. */
static void test_record_sizes(void **state)
{
    (void)state;
    assert_true(sizeof(group) <= 120);
    assert_int_equal(sizeof(rowrec), 16);
    assert_int_equal(sizeof(alike_slot), 8);
    assert_int_equal(sizeof(ilcell), 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings_packed),
        cmocka_unit_test(test_big_arena),
        cmocka_unit_test(test_record_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
