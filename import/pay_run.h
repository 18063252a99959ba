/* Sending the plan of `invoicectl pay`: one request per payment to record, up to opts.window in
 * flight at once, started in file order, with the journal written around each so that a payment
 * is never recorded twice:
 *
 *  - an "intent" line (key: the payment key; number: the invoice) is on disk before the POST
 *    leaves (the request waits at a gate until the journal's syncer says so); "done" (action
 *    "recorded", the payment's id) or "failed" once the answer says;
 *  - payments of one invoice may be in flight together: the plan checked that all of them fit in
 *    its open balance together, so no order among them matters;
 *  - the POST is never resent by the engine nor by libcurl (api/http.h);
 *  - an unknown outcome (no answer, a 5xx) is resolved once nothing is in flight any more, in
 *    file order, by the target's payment lookup (payment_find) before anything is sent again:
 *    found, it counts as recorded (once); not found, it is sent again (at most max_resends
 *    times).  A target without a lookup (BILL) reports it "unknown" and leaves its intent open:
 *    the next run's plan refuses to send it again unless told (--retry-unknown);
 *  - stop: once *stop is non-zero no new payment is started.
 *
 * Ownership: outcomes[] is caller-allocated (plan->n entries, zeroed); pay_outcomes_release frees
 * the strings inside.
 */
#ifndef INVOICECTL_IMPORT_PAY_RUN_H
#define INVOICECTL_IMPORT_PAY_RUN_H

#include "api/http.h"
#include "import/journal.h"
#include "import/pay_plan.h"
#include "util/err.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

enum pay_result {
    PR_NOT_SENT = 0, /* not attempted (interrupted, or the run stopped at an error) */
    PR_RECORDED,     /* recorded by this run */
    PR_EARLIER,      /* recorded already (an earlier run, or found in the store) */
    PR_REJECTED,     /* the API refused it: exit 1 */
    PR_UNREACHABLE,  /* known not recorded, no answer after the resends: exit 3 */
    PR_UNKNOWN,      /* sent, no answer, no way to know: it may be recorded: exit 3 */
    PR_REFUSED,      /* refused by the plan: exit 1 */
    PR_INVALID,      /* the row is wrong: exit 1 */
    PR_NCODES
};

/* "not sent", "recorded", "already recorded", "rejected", "unreachable", "unknown", "refused",
 * "invalid". */
const char *pay_result_name(enum pay_result r);

typedef struct pay_outcome {
    enum pay_result result;
    char id[CONN_ID_MAX]; /* the payment's id; "" unknown */
    char *error;          /* owned; NULL on success */
    bool by_lookup;       /* recorded, learnt by the lookup after an unknown outcome */
} pay_outcome;

typedef struct pay_totals {
    size_t by_result[PR_NCODES];
    unsigned long lookups, resends;
} pay_totals;

typedef struct pay_run_opts {
    journal *journal;
    volatile sig_atomic_t *stop;
    int max_resends;
    int window; /* payments in flight at most (the connection's concurrency); <= 1 one at a time */
} pay_run_opts;

/* Records what the plan says to record.  0 when the run went through (see the outcomes),
 * IC_EXIT_INTERRUPTED when stopped, IC_EXIT_USAGE when the credentials were refused, IC_EXIT_IO
 * when the journal could not be written or the API's budget is spent (err set then). */
int pay_run(http_engine *e, const pay_plan *plan, const pay_run_opts *o, pay_outcome *out,
            pay_totals *tot, ic_err *err);
void pay_outcomes_release(pay_outcome *out, size_t n);

#endif
