/* The import's progress on stderr: on a terminal one line redrawn in place ("created 120  updated 4
 * unchanged 800  failed 1  |  148 req/min  |  ETA 3m10s"); otherwise a plain line at most every 10
 * seconds, and only when something changed, with no escape codes; nothing with -q.
 *
 * While the run waits it says for what and how much longer ("waiting for the rate window, 41 s",
 * "waiting to retry, 2 s") instead of a rate and an ETA; with no rate measured and no budget that
 * bounds the time it says "no rate measured yet".  It never shows "ETA 0s" while work remains.
 *
 * The rate is measured over a sliding window of the last PROGRESS_RATE_WINDOW_S seconds and shown
 * as "–" until PROGRESS_RATE_MIN_S seconds of sending were seen (a rate over the first second of a
 * run says nothing).  The ETA comes from the request budget the API announces: what remains of the
 * current window is spent at X-Requests-Remaining over the seconds until the window resets (the
 * governor spreads it evenly), then whole windows of X-Requests-Allocated, each as long as the
 * window the API announces; it is never shorter than the measured rate allows.  When what is left
 * fits in the current window, the client's own speed decides: then, as without budget headers, it
 * comes from the measured rate alone and is unknown until that is measured.
 *
 * Ownership: a plain struct the caller owns; nothing allocated.
 */
#ifndef INVOICECTL_IMPORT_PROGRESS_H
#define INVOICECTL_IMPORT_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define PROGRESS_RATE_WINDOW_S 10.0
#define PROGRESS_RATE_MIN_S 5.0
#define PROGRESS_SAMPLES 32

typedef struct progress_counts {
    size_t created, updated, unchanged, failed;
    size_t deleted;         /* removed (delete mode); shown only once there are some */
    size_t todo;            /* requests still to send (roughly one per invoice left) */
    unsigned long requests; /* sent so far */
    double elapsed_s;       /* since sending began */
    long remaining;         /* requests left in the current window, -1 unknown */
    long allocated;         /* per window, -1 unknown */
    double window_resets_in_s;
    double window_length_s; /* 60 for B2B Edition; <= 0 unknown (60 assumed) */
    enum progress_wait {
        PROGRESS_SENDING,
        PROGRESS_WAIT_WINDOW, /* the budget is spent until the window resets */
        PROGRESS_WAIT_RETRY   /* every request left waits out a backoff */
    } waiting;
    double wait_s; /* how much longer, when waiting */
} progress_counts;

typedef struct progress_sample {
    double t;
    unsigned long requests;
} progress_sample;

typedef struct progress {
    FILE *out;
    bool tty, quiet, drawn;
    double last_plain_s;
    double plain_every_s;
    progress_counts last; /* what the last plain line showed */
    /* (time, requests) at each update, oldest first in a ring, for the sliding-window rate */
    progress_sample samples[PROGRESS_SAMPLES];
    size_t first, n;
} progress;

void progress_init(progress *p, FILE *out, bool tty, bool quiet);
/* Records a sample, and redraws (terminal) or prints when due (not a terminal).  now_s: a monotonic
 * clock in seconds. */
void progress_update(progress *p, const progress_counts *c, double now_s);
/* Ends the redrawn line (so later messages start on their own line). */
void progress_finish(progress *p);

/* Records (now_s, requests) for the rate without printing (progress_update does it too). */
void progress_sample_add(progress *p, double now_s, unsigned long requests);
/* Requests per minute over the sliding window ending at now_s; negative until PROGRESS_RATE_MIN_S
 * seconds of samples exist. */
double progress_rate_per_min(const progress *p, double now_s);
/* The estimate in seconds; negative when unknown.  rate_per_min: the measured rate, or negative. */
double progress_eta_s(const progress_counts *c, double rate_per_min);
/* "3m10s", "1h02m", "45s", "–" (unknown) into buf. */
const char *progress_duration(double s, char *buf, size_t bufsize);
/* The line itself, as progress_update prints it, for the samples recorded so far. */
void progress_line(const progress *p, const progress_counts *c, double now_s, char *buf,
                   size_t bufsize);

#endif
