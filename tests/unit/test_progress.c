/* The import's progress line: the rate over a sliding window ("–" until a few seconds were seen),
 * the ETA from the announced budget, and the durations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "import/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static progress_counts counts(size_t todo, long remaining, long allocated, double resets_in)
{
    progress_counts c;
    memset(&c, 0, sizeof c);
    c.created = 3;
    c.updated = 1;
    c.todo = todo;
    c.remaining = remaining;
    c.allocated = allocated;
    c.window_resets_in_s = resets_in;
    c.window_length_s = 60;
    return c;
}

/* A short run (12 invoices in a fraction of a second) shows no rate at all, not 230,000 a minute.
 */
static void test_rate_unknown_at_first(void **state)
{
    (void)state;
    progress p;
    progress_init(&p, NULL, false, true);
    assert_true(progress_rate_per_min(&p, 0) < 0);
    progress_sample_add(&p, 100.0, 0);
    progress_sample_add(&p, 100.05, 12);
    assert_true(progress_rate_per_min(&p, 100.05) < 0);
    progress_counts c = counts(0, -1, -1, 0);
    char line[256];
    progress_line(&p, &c, 100.05, line, sizeof line);
    assert_non_null(strstr(line, "|  \xe2\x80\x93 req/min"));
    assert_non_null(strstr(line, "created 3  updated 1"));
    assert_null(strstr(line, "240"));
}

/* Once a few seconds were seen: requests over the last window, not since the start. */
static void test_rate_sliding_window(void **state)
{
    (void)state;
    progress p;
    progress_init(&p, NULL, false, true);
    /* 4 s at 10 a second: still unknown */
    for (int s = 0; s <= 4; s++)
        progress_sample_add(&p, (double)s, (unsigned long)(10 * s));
    assert_true(progress_rate_per_min(&p, 4) < 0);
    /* then 6 s more: 60 s window not reached, 600 a minute */
    for (int s = 5; s <= 10; s++)
        progress_sample_add(&p, (double)s, (unsigned long)(10 * s));
    assert_float_equal(progress_rate_per_min(&p, 10), 600.0, 0.001);
    /* then 20 s at 1 a second: the window forgets the fast start */
    for (int s = 11; s <= 30; s++)
        progress_sample_add(&p, (double)s, (unsigned long)(100 + (s - 10)));
    assert_float_equal(progress_rate_per_min(&p, 30), 60.0, 0.001);
    progress_counts c = counts(5, -1, -1, 0);
    char line[256];
    progress_line(&p, &c, 30, line, sizeof line);
    assert_non_null(strstr(line, "|  60 req/min  |"));
    assert_non_null(strstr(line, "ETA 5s")); /* 5 left at 1 a second */
    /* more samples than the ring holds: still the window's rate */
    for (int s = 31; s <= 200; s++)
        progress_sample_add(&p, (double)s, (unsigned long)(120 + 2 * (s - 30)));
    assert_float_equal(progress_rate_per_min(&p, 200), 120.0, 0.001);
}

/* The ETA follows the budget: the rest of this window spread until its reset, then whole windows.
 */
static void test_eta_from_budget(void **state)
{
    (void)state;
    /* 150 a minute; 30 left in this window, which resets in 20 s; 330 to do: 20 s, then 300 at 150
     * a minute = 120 s */
    progress_counts c = counts(330, 30, 150, 20);
    assert_float_equal(progress_eta_s(&c, -1), 140.0, 0.001);
    /* the same with a 120-second window, as X-Requests-Allocated may say: 300 at 150 per 2 minutes
     */
    c.window_length_s = 120;
    assert_float_equal(progress_eta_s(&c, -1), 260.0, 0.001);
    /* 10 to do out of 30 left over 20 s: the governor paces them, 10 * 20 / 30, once a rate says
     * the client keeps up */
    c = counts(10, 30, 150, 20);
    assert_float_equal(progress_eta_s(&c, 600), 20.0 / 3.0, 0.001);
    /* without a measured rate the budget does not bound it: unknown */
    assert_true(progress_eta_s(&c, -1) < 0);
    /* never faster than measured: 10 at 6 a minute take 100 s */
    assert_float_equal(progress_eta_s(&c, 6), 100.0, 0.001);
    /* no budget headers: the measured rate, or unknown */
    c = counts(10, -1, -1, 0);
    assert_float_equal(progress_eta_s(&c, 60), 10.0, 0.001);
    assert_true(progress_eta_s(&c, -1) < 0);
    c = counts(0, 30, 150, 20);
    assert_float_equal(progress_eta_s(&c, -1), 0.0, 0.001);
    /* 10,000 new invoices at 150 a minute: at least 66 minutes */
    c = counts(10000, 150, 150, 60);
    char buf[32];
    assert_string_equal(progress_duration(progress_eta_s(&c, -1), buf, sizeof buf), "1h06m");
}

/* Work left never shows "ETA 0s": no budget limit (the sandbox's 1,000,000) and no rate measured
 * says so; a measured rate that finishes within a second says 1s. */
static void test_never_eta_zero(void **state)
{
    (void)state;
    progress p;
    progress_init(&p, NULL, false, true);
    progress_counts c = counts(500, 1000000, 1000000, 59);
    char line[256];
    progress_line(&p, &c, 1, line, sizeof line);
    assert_null(strstr(line, "ETA 0s"));
    assert_non_null(strstr(line, "|  no rate measured yet"));
    for (int s = 0; s <= 10; s++)
        progress_sample_add(&p, (double)s, (unsigned long)(100 * s));
    c = counts(5, 1000000, 1000000, 49);
    progress_line(&p, &c, 10, line, sizeof line);
    assert_non_null(strstr(line, "|  6000 req/min  |  ETA 1s"));
    c = counts(0, 1000000, 1000000, 49);
    progress_line(&p, &c, 10, line, sizeof line);
    assert_non_null(strstr(line, "ETA 0s")); /* done is done */
}

/* While the run waits it says for what and how long, rounded up. */
static void test_waiting(void **state)
{
    (void)state;
    progress p;
    progress_init(&p, NULL, false, true);
    progress_counts c = counts(40, 0, 150, 40.2);
    c.waiting = PROGRESS_WAIT_WINDOW;
    c.wait_s = 40.2;
    char line[256];
    progress_line(&p, &c, 1, line, sizeof line);
    assert_string_equal(line,
                        "created 3  updated 1  unchanged 0  failed 0  |  waiting for the rate "
                        "window, 41 s");
    c.waiting = PROGRESS_WAIT_RETRY;
    c.wait_s = 0.3;
    progress_line(&p, &c, 1, line, sizeof line);
    assert_non_null(strstr(line, "|  waiting to retry, 1 s"));
    /* deletes, once there are some */
    c.deleted = 2;
    progress_line(&p, &c, 1, line, sizeof line);
    assert_non_null(strstr(line, "created 3  updated 1  unchanged 0  deleted 2  failed 0  |"));
}

/* Off a terminal: a plain line at most every 10 s, only when something changed, no escape codes. */
static void test_plain_lines(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    progress p;
    progress_init(&p, f, false, false);
    progress_counts c = counts(40, -1, -1, 0);
    progress_update(&p, &c, 0); /* the first: printed */
    c.created = 4;
    progress_update(&p, &c, 5);    /* changed, but too soon */
    progress_update(&p, &c, 10.5); /* changed since the last line: printed */
    progress_update(&p, &c, 21);   /* nothing new: not printed */
    c.waiting = PROGRESS_WAIT_WINDOW;
    c.wait_s = 30;
    progress_update(&p, &c, 22); /* new, but too soon after the last line */
    progress_update(&p, &c, 30); /* printed */
    c.wait_s = 20;
    progress_update(&p, &c, 41); /* the same wait, counting down: not printed */
    progress_finish(&p);
    fclose(f);
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    assert_int_equal(lines, 3);
    assert_null(strchr(text, '\033'));
    assert_null(strchr(text, '\r'));
    assert_non_null(strstr(text,
                           "invoicectl: created 4  updated 1  unchanged 0  failed 0  |  waiting "
                           "for the rate window, 30 s\n"));
    free(text);
}

static void test_durations(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(progress_duration(45, buf, sizeof buf), "45s");
    assert_string_equal(progress_duration(190, buf, sizeof buf), "3m10s");
    assert_string_equal(progress_duration(3720, buf, sizeof buf), "1h02m");
    assert_string_equal(progress_duration(-1, buf, sizeof buf), "\xe2\x80\x93");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_unknown_at_first),
        cmocka_unit_test(test_rate_sliding_window),
        cmocka_unit_test(test_eta_from_budget),
        cmocka_unit_test(test_never_eta_zero),
        cmocka_unit_test(test_waiting),
        cmocka_unit_test(test_plain_lines),
        cmocka_unit_test(test_durations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
