/* Rate limiting as B2B Edition does it: N requests per 60-second window per
 * store, 429 past it, and the window's state reported in headers on every
 * answer.  The window starts with the first request after the previous one
 * ended (a fixed window, like the API's "resets after" countdown).
 *
 * Ownership: a plain struct the caller owns; sb_rate_init/destroy manage its
 * mutex.
 */
#ifndef INVOICECTL_SANDBOX_RATE_H
#define INVOICECTL_SANDBOX_RATE_H

#include <pthread.h>
#include <stdbool.h>

#define SB_RATE_WINDOW_S 60
/* What the headers report when no limit is set: generous, so clients never slow
 * down for it. */
#define SB_RATE_UNLIMITED 1000000L

typedef struct sb_rate {
    pthread_mutex_t mu;
    long limit;          /* 0: off */
    double window_start; /* monotonic seconds; < 0 before the first request */
    long used;
    unsigned long rejected;
} sb_rate;

typedef struct sb_rate_view {
    long allocated;      /* X-Requests-Allocated */
    long remaining;      /* X-Requests-Remaining */
    long used;           /* X-Requests-Window-Length: requests counted in the current window
                          */
    double resets_after; /* X-Request-Window-Resets-After, seconds */
} sb_rate_view;

void sb_rate_init(sb_rate *r, long limit);
void sb_rate_destroy(sb_rate *r);
/* Counts one request at `now` (monotonic seconds); false (not counted) when the
 * window is spent. */
bool sb_rate_take(sb_rate *r, double now, sb_rate_view *v);
/* The state at `now` without counting anything. */
void sb_rate_peek(sb_rate *r, double now, sb_rate_view *v);

#endif
