/* Fault injection for the sandbox: a spec such as
 *   500=0.05,502=0.01,503=0.01,reset=0.01,drop-after-commit=0.02,slow=0.01:35000,latency=0.1:200,burst429=0.01:20
 * (and, for the BILL emulation, session-expire=0.01)
 * gives each kind a probability per API request (docs/sandbox.md has the full
 * syntax).  The draws come from the sandbox's own PRNG (splitmix64) seeded by
 * --seed, one draw per request in arrival order, so a sequential client sees
 * the same faults on every run with the same seed.
 *
 * A 429 burst is a span of time, as real rate limits are windows of time: a
 * request count would keep a client that slows down inside the burst for as
 * long as it keeps slowing.  Requests that arrive during a burst are not drawn
 * for (sb_faults_in_burst answers them).
 *
 * Ownership: an sb_faults is a plain struct the caller owns;
 * sb_faults_init/destroy manage its mutex.
 */
#ifndef INVOICECTL_SANDBOX_FAULTS_H
#define INVOICECTL_SANDBOX_FAULTS_H

#include "util/err.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Exclusive kinds: at most one per request (their probabilities add up to at
 * most 1). */
enum sb_fault {
    SB_FAULT_NONE = 0,
    SB_FAULT_500,
    SB_FAULT_502,
    SB_FAULT_503,
    SB_FAULT_RESET,    /* close the connection before any answer */
    SB_FAULT_DROP,     /* do the work (commit), then close with no answer */
    SB_FAULT_SLOW,     /* answer after slow_ms */
    SB_FAULT_BURST429, /* every API request answers 429 for burst_s seconds */
    SB_FAULT_KINDS_
};

typedef struct sb_faults {
    double p[SB_FAULT_KINDS_];
    int slow_ms;
    double burst_s;
    double latency_p; /* independent of the kinds above: added delay */
    int latency_ms;
    /* session-expire=P (BILL only): a request finds its session expired.  Drawn from its own
     * sequence (expire_state), so that giving it never shifts the draws of the kinds above. */
    double session_expire_p;
    uint64_t expire_state;
    unsigned long sessions_expired;

    pthread_mutex_t mu;
    uint64_t state; /* PRNG */
    uint64_t seed;
    double burst_until;                      /* monotonic seconds; a burst runs while now < this */
    unsigned long injected[SB_FAULT_KINDS_]; /* [SB_FAULT_BURST429] counts every
                                                429 of a burst */
    unsigned long bursts;
    unsigned long latency_added;
    unsigned long draws;
} sb_faults;

/* What one request gets. */
typedef struct sb_fault_draw {
    enum sb_fault kind;
    int delay_ms;        /* slow or added latency, 0 when none */
    double burst_left_s; /* SB_FAULT_BURST429: seconds until the burst ends */
} sb_fault_draw;

void sb_faults_init(sb_faults *f, uint64_t seed);
/* Parses SPEC (NULL or "" for none) into f.  Returns 0 or IC_EXIT_USAGE with
 * err naming the bad item. */
int sb_faults_parse(sb_faults *f, const char *spec, ic_err *err);
/* True while a 429 burst runs at `now` (monotonic seconds), with *left_s the
 * seconds until it ends; the request is then counted as one 429 of the burst
 * and nothing is drawn for it (thread-safe). */
bool sb_faults_in_burst(sb_faults *f, double now, double *left_s);
/* Draws for one API request arriving at `now` (thread-safe); a burst429 draw
 * starts a burst there. */
void sb_faults_draw(sb_faults *f, double now, sb_fault_draw *out);
/* True when this request's session is to be found expired (session-expire=P; false when P is
 * 0, without drawing).  Thread-safe. */
bool sb_faults_session_expire(sb_faults *f);
/* The name used in specs and summaries: "500", "reset", "drop-after-commit"… */
const char *sb_fault_name(enum sb_fault k);
/* One line: "injected faults: 500=2 502=0 … latency=4 (seed 42, 120 API
 * requests)". */
void sb_faults_summary(sb_faults *f, FILE *out);
void sb_faults_destroy(sb_faults *f);

#endif
