/* util/idset: membership across growth, and duplicates reported once each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/idset.h"

static void test_add_and_duplicates(void **state)
{
    (void)state;
    idset s = {0};
    for (int64_t id = 1; id <= 100000; id++)
        assert_true(idset_add(&s, id * 7919));
    assert_int_equal(s.n, 100000);
    for (int64_t id = 1; id <= 100000; id += 997)
        assert_false(idset_add(&s, id * 7919));
    assert_true(idset_add(&s, 3)); /* not a multiple of 7919 */
    assert_false(idset_add(&s, 3));
    assert_int_equal(s.n, 100001);
    idset_release(&s);
    assert_int_equal(s.n, 0);
    assert_true(idset_add(&s, 42)); /* usable again after free */
    idset_release(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_add_and_duplicates)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
