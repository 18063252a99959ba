/* util/sbuf, the one growable string: appends across growth, reset keeps the room for the next
 * row (as the mapping's per-row scratch buffers use it), take hands the text over. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/sbuf.h"

#include <stdlib.h>
#include <string.h>

static void test_add_grows(void **state)
{
    (void)state;
    sbuf b = SBUF_INIT;
    for (int i = 0; i < 1000; i++)
        sbuf_add(&b, "ab", 2);
    assert_int_equal(b.len, 2000);
    assert_int_equal(strlen(b.data), 2000);
    sbuf_addf(&b, "-%d", 42);
    assert_string_equal(b.data + 2000, "-42");
    sbuf_release(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
}

static void test_reset_keeps_room(void **state)
{
    (void)state;
    sbuf b = SBUF_INIT;
    sbuf_reset(&b); /* an empty buffer can be reset */
    assert_null(b.data);
    sbuf_adds(&b, "Invoice Number");
    char *room = b.data;
    size_t cap = b.cap;
    sbuf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    assert_ptr_equal(b.data, room);
    assert_int_equal(b.cap, cap);
    sbuf_add(&b, "INV-1", 5);
    assert_string_equal(b.data, "INV-1");
    assert_ptr_equal(b.data, room);
    sbuf_release(&b);
}

static void test_take(void **state)
{
    (void)state;
    sbuf b = SBUF_INIT;
    size_t len = 1;
    char *empty = sbuf_take(&b, &len);
    assert_string_equal(empty, "");
    assert_int_equal(len, 0);
    free(empty);
    sbuf_add_json_string(&b, "a\"b");
    char *s = sbuf_take(&b, &len);
    assert_string_equal(s, "\"a\\\"b\"");
    assert_int_equal(len, 6);
    assert_null(b.data);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_add_grows),
                                       cmocka_unit_test(test_reset_keeps_room),
                                       cmocka_unit_test(test_take)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
