/* The rate governor and backoff on a simulated clock: no network, no real time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>

#include "api/governor.h"

static gov_headers hdr(double allocated, double remaining, double resets_after)
{
    gov_headers h = {allocated, remaining, resets_after, -1, -1};
    return h;
}

static void test_header_number(void **state)
{
    (void)state;
    assert_true(gov_header_number("150 times/60 s") == 150);
    assert_true(fabs(gov_header_number("0.3973509933774834 s") - 0.3973509933774834) < 1e-12);
    assert_true(gov_header_number(" 12") == 12);
    assert_true(gov_header_number("0 times") == 0);
    assert_true(gov_header_number(NULL) < 0);
    assert_true(gov_header_number("") < 0);
    assert_true(gov_header_number("abc") < 0);
    assert_true(gov_header_number("-3") < 0);
    assert_true(gov_header_number("nan") < 0);
}

/* Before the first answer only one request may be in flight: it learns the budget. */
static void test_probe_first(void **state)
{
    (void)state;
    governor g;
    gov_init(&g, 4);
    assert_true(gov_wait(&g, 0) == 0);
    gov_on_send(&g, 0);
    assert_true(gov_wait(&g, 0.01) == GOV_WAIT_ANSWER);
    gov_headers h = hdr(150, 149, 60);
    gov_on_answer(&g, 0.1, 200, &h, 1);
    assert_false(g.probing);
    assert_true(g.have_budget);
    assert_true(gov_wait(&g, 0.1) >= 0);
}

/* Answers without rate headers: concurrency is the only bound. */
static void test_no_headers_full_concurrency(void **state)
{
    (void)state;
    governor g;
    gov_init(&g, 3);
    gov_on_send(&g, 0);
    gov_on_answer(&g, 0.1, 200, NULL, 1);
    for (int i = 0; i < 3; i++) {
        assert_true(gov_wait(&g, 0.1) == 0);
        gov_on_send(&g, 0.1);
    }
    assert_true(gov_wait(&g, 0.1) == GOV_WAIT_ANSWER);
    gov_on_no_answer(&g);
    assert_true(gov_wait(&g, 0.2) == 0);
}

/* remaining minus in-flight never goes below zero; when spent, wait until the reset. */
static void test_in_flight_counts_as_spent(void **state)
{
    (void)state;
    governor g;
    gov_init(&g, 8);
    gov_on_send(&g, 0);
    gov_headers h = hdr(150, 3, 10);
    gov_on_answer(&g, 1, 200, &h, 1);
    int sent = 0;
    double t = 1;
    /* Sending at whatever pace it allows, without answers: exactly 3 may start in this window. */
    for (int i = 0; i < 100; i++) {
        double w = gov_wait(&g, t);
        if (w != 0) {
            assert_true(w > 0);
            if (t + w >= 11) /* the reset */
                break;
            t += w;
            continue;
        }
        gov_on_send(&g, t);
        sent++;
    }
    assert_int_equal(sent, 3);
    /* Spent: the wait ends at the reset (answer time + resets_after) plus the margin. */
    double w = gov_wait(&g, 5);
    assert_true(fabs((5 + w) - (11 + GOV_RESET_MARGIN_S)) < 1e-9);
}

/* After the window ends the governor probes with one request before spending the new window. */
static void test_reset_then_probe(void **state)
{
    (void)state;
    governor g;
    gov_init(&g, 4);
    gov_on_send(&g, 0);
    gov_headers h = hdr(10, 0, 2);
    gov_on_answer(&g, 0.5, 200, &h, 1);
    assert_true(gov_wait(&g, 1) > 1.4);
    assert_true(gov_wait(&g, 2.6) == 0);
    assert_true(g.probing);
    gov_on_send(&g, 2.6);
    assert_true(gov_wait(&g, 2.6) == GOV_WAIT_ANSWER);
    h = hdr(10, 9, 60);
    gov_on_answer(&g, 2.7, 200, &h, 1);
    assert_false(g.probing);
    /* Paced: 9 left over 60 s, so the next one waits a few seconds, not a whole window. */
    double w = gov_wait(&g, 2.7);
    assert_true(w > 0 && w < 60.0 / 9);
}

/* A 429 that says the budget is spent pauses every send exactly until the window resets (not a
 * backoff), then probes. */
static void test_429_pauses_all(void **state)
{
    (void)state;
    governor g;
    gov_init(&g, 4);
    gov_on_send(&g, 0);
    gov_on_answer(&g, 0.1, 200, NULL, 1);
    gov_on_send(&g, 0.1);
    gov_on_send(&g, 0.1);
    gov_headers h = hdr(30, 0, 7.5);
    double mine = gov_on_answer(&g, 0.2, 429, &h, 1);
    assert_true(fabs(mine - (7.5 + GOV_RESET_MARGIN_S)) < 1e-9);
    double until = 0;
    assert_int_equal(gov_holding(&g, 0.2, &until), GOV_HOLD_WINDOW);
    assert_true(fabs(until - (7.7 + GOV_RESET_MARGIN_S)) < 1e-9);
    assert_int_equal(g.cap, 4); /* not a matter of concurrency */
    double w = gov_wait(&g, 0.2);
    assert_true(fabs(w - (7.5 + GOV_RESET_MARGIN_S)) < 1e-9);
    assert_true(gov_wait(&g, 3) > 4);
    /* The other request in flight still answers; the pause holds. */
    gov_on_answer(&g, 3, 200, NULL, 1);
    assert_true(gov_wait(&g, 3) > 4);
    assert_true(gov_wait(&g, 7.8) == 0);
}

/* A 429 without headers: that request backs off as given; the others go on, one at a time until an
 * answer says more. */
static void test_429_without_headers(void **state)
{
    (void)state;
    governor g;
    gov_init(&g, 2);
    gov_on_send(&g, 0);
    assert_true(fabs(gov_on_answer(&g, 1, 429, NULL, 2.5) - 2.5) < 1e-9);
    assert_int_equal(g.cap, 1);
    assert_true(gov_wait(&g, 1) == 0);
    double until;
    assert_int_equal(gov_holding(&g, 1, &until), GOV_HOLD_NONE);
    gov_on_send(&g, 1);
    assert_true(gov_wait(&g, 1) == GOV_WAIT_ANSWER);
}

/* A 429 while budget remains (a concurrency limit): a short pause and half the concurrency,
 * growing back. */
static void test_429_concurrency(void **state)
{
    (void)state;
    governor g;
    gov_init(&g, 4);
    gov_on_send(&g, 0);
    gov_headers h = hdr(1000000, 999990, 50);
    gov_on_answer(&g, 0.1, 200, &h, 1);
    for (int i = 0; i < 4; i++) {
        assert_true(gov_wait(&g, 10 + i * 0.01) == 0);
        gov_on_send(&g, 10 + i * 0.01);
    }
    h = hdr(1000000, 999985, 40);
    double mine = gov_on_answer(&g, 10.1, 429, &h, 0.5);
    assert_true(fabs(mine - 0.5) < 1e-9); /* not the 40 s to the reset */
    assert_int_equal(g.cap, 2);
    double until;
    assert_int_equal(gov_holding(&g, 10.1, &until), GOV_HOLD_NONE);
    /* Three still in flight, cap 2: only answers let more go. */
    assert_true(gov_wait(&g, 10.1) == GOV_WAIT_ANSWER);
    gov_on_answer(&g, 10.2, 200, &h, 1);
    gov_on_answer(&g, 10.2, 200, &h, 1);
    assert_int_equal(g.cap, 3); /* grows back by one per cap answers */
    /* The 429's backoff (until 10.6) holds back that request only: others start at once. */
    assert_true(gov_wait(&g, 10.2) == 0);
    gov_on_send(&g, 10.2);
    gov_on_send(&g, 10.2);
    assert_true(gov_wait(&g, 10.2) == GOV_WAIT_ANSWER); /* 3 in flight, cap 3 */
    gov_on_answer(&g, 10.8, 200, &h, 1);
    gov_on_answer(&g, 10.8, 200, &h, 1);
    gov_on_answer(&g, 10.8, 200, &h, 1);
    for (int i = 0; i < 4; i++) {
        gov_on_send(&g, 10.9);
        gov_on_answer(&g, 10.9, 200, NULL, 1);
    }
    assert_int_equal(g.cap, 4);
}

/* Out-of-order answers in one window: the smallest remaining wins. */
static void test_out_of_order_answers(void **state)
{
    (void)state;
    governor g;
    gov_init(&g, 4);
    gov_on_send(&g, 0);
    gov_headers h = hdr(100, 50, 30);
    gov_on_answer(&g, 0.1, 200, &h, 1);
    gov_on_send(&g, 0.1);
    gov_on_send(&g, 0.1);
    h = hdr(100, 40, 29.8);
    gov_on_answer(&g, 0.3, 200, &h, 1);
    h = hdr(100, 45, 29.7);
    gov_on_answer(&g, 0.4, 200, &h, 1);
    assert_true(g.remaining == 40);
    /* A new window (reset much later) replaces the figure. */
    gov_on_send(&g, 31);
    h = hdr(100, 99, 60);
    gov_on_answer(&g, 31, 200, &h, 1);
    assert_true(g.remaining == 99);
}

/* Pacing: a budget of 150 in a 60 s window is spread out, not burnt in the first second. */
static void test_small_budget_is_paced(void **state)
{
    (void)state;
    governor g;
    gov_init(&g, 4);
    gov_on_send(&g, 0);
    gov_headers h = hdr(150, 149, 60);
    gov_on_answer(&g, 0, 200, &h, 1);
    int sent = 0;
    double t = 0;
    while (t < 1.0) {
        double w = gov_wait(&g, t);
        if (w == 0) {
            gov_on_send(&g, t);
            gov_on_answer(&g, t, 200, NULL, 1); /* instant answers, no new headers */
            sent++;
        } else {
            t += w > 0 ? w : 0.001;
        }
    }
    assert_in_range(sent, 2, 4); /* about 149/60 per second */
}

/* Simulated server: a fixed window of `budget` per `window_s`; every answer after `latency`.
 * Reports the requests done and the 429s over `duration` seconds. */
typedef struct sim_result {
    long ok, rejected;
} sim_result;

static sim_result simulate(int budget, double window_s, double latency, int concurrency,
                           double duration)
{
    governor g;
    gov_init(&g, concurrency);
    double done_at[64];
    int n_inflight = 0;
    double server_window_start = 0;
    int server_used = 0;
    sim_result r = {0, 0};
    double t = 0;
    /* Each request is judged by the server at send + latency/2, answered at send + latency. */
    double judged_at[64];
    while (t < duration) {
        /* Deliver answers due by now, earliest first. */
        for (;;) {
            int best = -1;
            for (int i = 0; i < n_inflight; i++)
                if (done_at[i] <= t && (best < 0 || done_at[i] < done_at[best]))
                    best = i;
            if (best < 0)
                break;
            double jt = judged_at[best];
            while (jt >= server_window_start + window_s)
                server_window_start += window_s, server_used = 0;
            long status;
            if (server_used < budget) {
                server_used++;
                status = 200;
                r.ok++;
            } else {
                status = 429;
                r.rejected++;
            }
            gov_headers h = hdr(budget, budget - server_used, server_window_start + window_s - jt);
            gov_on_answer(&g, done_at[best], status, &h, 1.0);
            done_at[best] = done_at[n_inflight - 1];
            judged_at[best] = judged_at[n_inflight - 1];
            n_inflight--;
        }
        double w = gov_wait(&g, t);
        if (w == 0 && n_inflight < 64) {
            done_at[n_inflight] = t + latency;
            judged_at[n_inflight] = t + latency / 2;
            n_inflight++;
            gov_on_send(&g, t);
            continue;
        }
        /* Advance to the next event: an answer or the governor's wait. */
        double next = t + 1.0;
        for (int i = 0; i < n_inflight; i++)
            if (done_at[i] < next)
                next = done_at[i];
        if (w > 0 && t + w < next)
            next = t + w;
        t = next > t ? next : t + 1e-6;
    }
    return r;
}

/* 6000/min with 20 ms latency: at least 95 % of the allowed rate, at most 1 % 429s. */
static void test_sim_fast_budget(void **state)
{
    (void)state;
    sim_result r = simulate(6000, 60, 0.020, 4, 180);
    long allowed = 6000 * 3;
    print_message(
        "# 6000/min, 20 ms, 4 in flight, 180 s: %ld done (%.1f %% of allowed), %ld 429s\n", r.ok,
        100.0 * (double)r.ok / (double)allowed, r.rejected);
    assert_true(r.ok >= allowed * 95 / 100);
    assert_true(r.rejected * 100 <= r.ok);
}

/* The real budget: 150/min never produces a 429 and still uses most of it. */
static void test_sim_real_budget(void **state)
{
    (void)state;
    sim_result r = simulate(150, 60, 0.200, 4, 300);
    print_message("# 150/min, 200 ms, 4 in flight, 300 s: %ld done, %ld 429s\n", r.ok, r.rejected);
    assert_int_equal(r.rejected, 0);
    assert_true(r.ok >= 150 * 5 * 95 / 100);
}

/* Repeated 429s with budget left halve the cap down to one, never below; then it grows back to the
 * full concurrency, and none of it pauses the sends. */
static void test_429_halving_floor_and_growth(void **state)
{
    (void)state;
    governor g;
    gov_init(&g, 8);
    gov_on_send(&g, 0);
    gov_on_answer(&g, 0.1, 200, NULL, 1);
    for (int i = 0; i < 8; i++) {
        assert_true(gov_wait(&g, 1) == 0);
        gov_on_send(&g, 1);
    }
    const int want[5] = {4, 2, 1, 1, 1};
    for (int i = 0; i < 5; i++) {
        assert_true(fabs(gov_on_answer(&g, 1.1, 429, NULL, 0.3) - 0.3) < 1e-9);
        assert_int_equal(g.cap, want[i]);
    }
    for (int i = 0; i < 3; i++)
        gov_on_answer(&g, 1.2, 200, NULL, 1);
    assert_int_equal(g.cap, 3); /* 1 → 2 after one answer, → 3 after two more */
    /* nothing paused: the next request may start at once, not 0.3 s after the 429s */
    double until;
    assert_int_equal(gov_holding(&g, 1.2, &until), GOV_HOLD_NONE);
    assert_true(gov_wait(&g, 1.2) == 0);
    int answers = 0;
    while (g.cap < 8 && answers < 100) {
        gov_on_send(&g, 2);
        gov_on_answer(&g, 2, 200, NULL, 1);
        answers++;
    }
    assert_int_equal(g.cap, 8);
    assert_int_equal(answers, 3 + 4 + 5 + 6 + 7);
}

static void test_header_window(void **state)
{
    (void)state;
    assert_true(gov_header_window("150 times/60 s") == 60);
    assert_true(gov_header_window("10 times/1.5 s") == 1.5);
    assert_true(gov_header_window("150 times/2 min") == 120);
    assert_true(gov_header_window("150/s") == 1);
    assert_true(gov_header_window("150 times") < 0);
    assert_true(gov_header_window("150 times/") < 0);
    assert_true(gov_header_window("150 times/0 s") < 0);
    assert_true(gov_header_window("150 times/60 ms") < 0);
    assert_true(gov_header_window(NULL) < 0);
}

/* A known budget spent by pacing (no 429): the governor says it waits for the window. */
static void test_holding_for_window(void **state)
{
    (void)state;
    governor g;
    gov_init(&g, 4);
    gov_on_send(&g, 0);
    gov_headers h = hdr(10, 0, 30);
    gov_on_answer(&g, 1, 200, &h, 1);
    double until = 0;
    assert_int_equal(gov_holding(&g, 2, &until), GOV_HOLD_WINDOW);
    assert_true(fabs(until - (31 + GOV_RESET_MARGIN_S)) < 1e-9);
    assert_int_equal(gov_holding(&g, 32, &until), GOV_HOLD_NONE);
}

static void test_backoff(void **state)
{
    (void)state;
    assert_true(gov_backoff(1, 0.5, 30, 0.999999) < 0.5);
    assert_true(gov_backoff(1, 0.5, 30, 0.0) == 0);
    assert_true(fabs(gov_backoff(3, 0.5, 30, 0.5) - 1.0) < 1e-12); /* 0.5 * 2^2 * 0.5 */
    assert_true(gov_backoff(20, 0.5, 30, 0.999999) <= 30);
    assert_true(gov_backoff(1000, 0.5, 30, 0.5) == 15);
    assert_true(gov_backoff(0, 0.5, 30, 0.5) == 0.25);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_number),
        cmocka_unit_test(test_probe_first),
        cmocka_unit_test(test_no_headers_full_concurrency),
        cmocka_unit_test(test_in_flight_counts_as_spent),
        cmocka_unit_test(test_reset_then_probe),
        cmocka_unit_test(test_429_pauses_all),
        cmocka_unit_test(test_429_without_headers),
        cmocka_unit_test(test_429_concurrency),
        cmocka_unit_test(test_out_of_order_answers),
        cmocka_unit_test(test_small_budget_is_paced),
        cmocka_unit_test(test_sim_fast_budget),
        cmocka_unit_test(test_sim_real_budget),
        cmocka_unit_test(test_429_halving_floor_and_growth),
        cmocka_unit_test(test_header_window),
        cmocka_unit_test(test_holding_for_window),
        cmocka_unit_test(test_backoff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
