/* The import's progress on stderr: on a terminal one line redrawn in place ("created 120  updated 4
 * unchanged 800  failed 1  |  148 req/min  |  ETA 3m10s"); otherwise a plain line every ~10
 * seconds; nothing with -q.  The ETA comes from the work left and the request budget (what remains
 * in the current window, then whole windows at the allocated rate), or the observed rate when the
 * API sends no budget headers.
 *
 * Ownership: a plain struct the caller owns; nothing allocated.
 */
#ifndef INVOICECTL_API_PROGRESS_H
#define INVOICECTL_API_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct progress_counts {
    size_t created, updated, unchanged, failed;
    size_t todo;            /* requests still to send (roughly one per invoice left) */
    unsigned long requests; /* sent so far */
    double elapsed_s;       /* since sending began */
    long remaining;         /* requests left in the current window, -1 unknown */
    long allocated;         /* per window, -1 unknown */
    double window_resets_in_s;
    double window_length_s; /* 60 for B2B Edition */
} progress_counts;

typedef struct progress {
    FILE *out;
    bool tty, quiet, drawn;
    double last_plain_s;
    double plain_every_s;
} progress;

void progress_init(progress *p, FILE *out, bool tty, bool quiet);
/* Redraws (terminal) or prints when due (not a terminal).  now_s: a monotonic clock in seconds. */
void progress_update(progress *p, const progress_counts *c, double now_s);
/* Ends the redrawn line (so later messages start on their own line). */
void progress_finish(progress *p);

/* The estimate in seconds; negative when unknown.  Exposed for tests. */
double progress_eta_s(const progress_counts *c);
/* "3m10s", "1h02m", "45s", "?" into buf. */
const char *progress_duration(double s, char *buf, size_t bufsize);

#endif
