/* The rate governor: decides when the next request may start so that the store's shared budget
 * (X-Requests-Allocated per window, X-Requests-Remaining, X-Request-Window-Resets-After) is spent
 * fully and evenly without 429s, and the retry backoff.  Pure logic on a clock the caller passes in
 * (seconds, any monotonic origin), so it is unit-tested without a network or real time.
 *
 * Policy:
 *  - until the first answer (and again after a window ended or a 429), one request at a time: the
 * answer's headers tell the budget;
 *  - with a known budget, never start a request when remaining minus requests in flight would go
 * below zero; the remaining budget is spread evenly over the time left in the window (pacing), so a
 * small budget is not burnt in a burst and the window ends with the budget used;
 *  - when the budget is spent, wait until the window resets (measured from the answer that told
 * it);
 *  - a 429 that says the budget is spent (remaining 0) pauses every send until
 *    X-Request-Window-Resets-After, exactly as long as it says;
 *  - a 429 while budget remains (too many concurrent requests, a passing limit) or without rate
 *    headers halves the concurrency, which then grows back by one per `cap` answers, and only the
 *    request that drew it waits (a short backoff the caller chooses): one request's backoff never
 *    holds the others back;
 *  - answers without rate headers leave the governor at full concurrency.
 *
 * Ownership: a governor is a plain struct the caller owns; nothing in it is heap-allocated.
 */
#ifndef INVOICECTL_API_GOVERNOR_H
#define INVOICECTL_API_GOVERNOR_H

#include <stdbool.h>

/* Slack added after a window's reset time before probing it: the answer's "resets after" was
 * measured at the server before the answer travelled here, so the true reset is earlier; this only
 * absorbs rounding. */
#define GOV_RESET_MARGIN_S 0.05
/* gov_wait's answer when only an answer (a request finishing) can allow the next send. */
#define GOV_WAIT_ANSWER (-1.0)

/* Rate headers of one answer; a field is negative when the header was absent or unreadable. */
typedef struct gov_headers {
    double allocated;    /* X-Requests-Allocated ("150 times/60 s" → 150) */
    double remaining;    /* X-Requests-Remaining */
    double resets_after; /* X-Request-Window-Resets-After, seconds */
    double window_len;   /* X-Requests-Window-Length */
    double window_s;     /* the "/60 s" of X-Requests-Allocated, seconds */
} gov_headers;

typedef struct governor {
    int concurrency; /* most requests in flight */
    int in_flight;
    bool probing;        /* one request at a time until an answer tells the budget */
    bool have_budget;    /* remaining/reset_at are known for the current window */
    double allocated;    /* -1 unknown */
    double remaining;    /* as last told, for the window ending at reset_at */
    double reset_at;     /* when the current window ends */
    double paused_until; /* a 429 or backoff pause of all sends */
    double last_send;    /* when the last request started (pacing); -1 none */
    double window_len;   /* X-Requests-Window-Length as told; -1 unknown */
    double window_s;     /* the window's length from X-Requests-Allocated; -1 unknown */
    int cap;          /* concurrency after 429s for too many concurrent requests (<= concurrency) */
    int ok_since_cut; /* answers since cap last changed: cap grows back one per cap answers */
} governor;

void gov_init(governor *g, int concurrency);

/* How long to wait before the next request may start: 0 now, > 0 seconds, or GOV_WAIT_ANSWER when
 * only a finishing request can change it.  Moves to probing when the known window has ended. */
double gov_wait(governor *g, double now);

/* A request started (call only when gov_wait said 0). */
void gov_on_send(governor *g, double now);

/* A request finished with an HTTP answer (status) carrying headers h (NULL: none).  Returns how
 * long that request should wait before it is sent again (for a 429; 0 otherwise): until the
 * window resets when the headers say the budget is spent (every send waits as long), else
 * backoff_s, which holds back that request alone. */
double gov_on_answer(governor *g, double now, long status, const gov_headers *h, double backoff_s);

/* What holds sends back at `now` for a while, for progress lines: GOV_HOLD_WINDOW while a spent
 * budget waits for its window to reset (*until_s gets the time it resets), else GOV_HOLD_NONE. */
enum gov_hold { GOV_HOLD_NONE, GOV_HOLD_WINDOW };
enum gov_hold gov_holding(const governor *g, double now, double *until_s);

/* The window's length from X-Requests-Allocated ("150 times/60 s" → 60, "/2 min" → 120); -1 when
 * the value does not say. */
double gov_header_window(const char *value);

/* A request finished without an answer (timeout, reset, refused). */
void gov_on_no_answer(governor *g);

/* Exponential backoff with full jitter for retry number `attempt` (1 = first retry):
 * u * min(cap, base * 2^(attempt-1)), u uniform in [0, 1). */
double gov_backoff(int attempt, double base, double cap, double u);

/* Reads the leading number of a header value ("150 times/60 s", "0.397 s", "12").  Returns -1 when
 * the value does not start with a non-negative number. */
double gov_header_number(const char *value);

#endif
