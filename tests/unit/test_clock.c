/* util/clock: the monotonic clock never goes back and counts a sleep; the thread's CPU clock
 * counts work, not sleep. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/clock.h"

#include <time.h>

static void test_mono_counts_sleep(void **state)
{
    (void)state;
    double prev = mono_now();
    for (int i = 0; i < 100000; i++) {
        double t = mono_now();
        assert_true(t >= prev);
        prev = t;
    }
    double t0 = mono_now(), c0 = thread_cpu_now();
    struct timespec d = {0, 50 * 1000000L};
    nanosleep(&d, NULL);
    double slept = mono_now() - t0, cpu = thread_cpu_now() - c0;
    assert_true(slept >= 0.049);
    assert_true(cpu < slept / 2);
}

static void test_cpu_counts_work(void **state)
{
    (void)state;
    double c0 = thread_cpu_now();
    volatile uint64_t x = 1;
    while (thread_cpu_now() - c0 < 0.02)
        x = x * 6364136223846793005u + 1;
    assert_true(thread_cpu_now() - c0 >= 0.02);
    (void)x;
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_mono_counts_sleep),
                                       cmocka_unit_test(test_cpu_counts_work)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
