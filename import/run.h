/* Sending an import plan: one request per invoice to create or change, through the HTTP engine,
 * with the journal written around each one so that nothing is ever created twice.
 *
 *  - POST (create): an "intent" line is written to the journal and the POST is handed to the
 * engine behind a gate that opens once the journal's syncer has made the intent durable (the
 * engine goes on with other requests meanwhile).  When its outcome is unknown (no answer, a 5xx
 * answer) the invoice is looked up by number before anything is resent; a "duplicate" answer (B2B
 * Edition's 400 "The invoice number already exists.") is looked up the same way (another run may
 * have made it at the same time), and when the stored invoice is the one sent, it counts as created
 * (once).  The engine never resends a POST by itself, and neither does libcurl (api/http.h).
 *  - PUT (update): idempotent; the engine retries it itself.
 *  - DELETE (delete mode; BILL's archive): idempotent too, retried by the engine, after a "before"
 * line holding the stored document is on disk.  A 404 counts as deleted (the answer to a resend
 * after a lost answer; import_outcome.already_gone when the engine sent it once); a delete the plan
 * finds already gone counts as deleted when the journal holds this command's removal "before" line
 * for it (an earlier run killed with the request in flight, import/journal_scan.h).
 *  - Resume: invoices the journal records as done are not sent again; intents without an outcome
 * are resolved by lookup before the sending starts.
 *  - Stop: when *stop becomes non-zero no new invoice is started; those in flight finish.  A second
 * signal (the caller calls http_engine_stop) abandons them; their intents stay open for the next
 * run.
 *
 * Ownership: outcomes[] is caller-allocated (plan->n entries, zeroed); import_outcomes_release
 * releases the strings inside.  The plan's items may be re-classified (a lookup found the invoice).
 */
#ifndef INVOICECTL_IMPORT_RUN_H
#define INVOICECTL_IMPORT_RUN_H

#include "api/connector.h"
#include "api/http.h"
#include "import/journal.h"
#include "import/plan.h"
#include "import/progress.h"
#include "util/err.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum import_result {
    RES_NOT_SENT = 0, /* not attempted (interrupted), or abandoned in flight */
    RES_CREATED,
    RES_UPDATED,
    RES_UNCHANGED,
    RES_REJECTED,    /* the API refused it (4xx): exit 1 */
    RES_UNREACHABLE, /* known not to be done: an update without an answer after the retries, 429s
                        past the retries, a create not in the store after every resend: exit 3 */
    RES_INVALID,     /* failed validation: never sent */
    RES_REFUSED,     /* refused by the mode, or ambiguous */
    RES_UNKNOWN, /* a create whose outcome could not be learnt (no answer, and no lookup): it may
                    be in the store; its intent stays open and the next run looks it up: exit 3 */
    RES_DELETED, /* removed from the store (delete mode; BILL archives) */
    RES_SKIPPED, /* skip mode: read, never sent */
    RES_NCODES
};

/* "not sent", "created", "updated", "unchanged", "rejected", "unreachable", "invalid", "refused",
 * "unknown", "deleted", "skipped". */
const char *import_result_name(enum import_result r);

typedef struct import_outcome {
    enum import_result result;
    char id[CONN_ID_MAX]; /* the store's invoice id as text; "" unknown */
    char *error;          /* owned; NULL on success */
    char *error_place;    /* owned; NULL on success */
    bool earlier;         /* the outcome of an earlier run (read from the journal) */
    bool by_lookup;       /* confirmed by looking the invoice up after an unknown outcome */
    bool already_gone;    /* deleted: the DELETE's only attempt was answered 404 (a resend by
                             libcurl of a send whose answer was lost, or a removal by someone else
                             after the plan: which, cannot be told) */
    bool maker_unknown;   /* created, found with the values sent after a "duplicate" answer: an
                             earlier send of this run whose answer was lost, or another run at the
                             same time made it */
} import_outcome;

typedef struct import_totals {
    size_t by_result[RES_NCODES];
    unsigned long lookups;              /* GETs made to resolve unknown outcomes */
    unsigned long resends;              /* POSTs sent again after a lookup found nothing */
    unsigned long lookups_after_exists; /* of the lookups: after a POST answered "already exists" */
    double send_elapsed_s;              /* time spent sending */
} import_totals;

typedef struct import_run_opts {
    journal *journal;            /* NULL: no journal (dry runs only) */
    progress *progress;          /* NULL: silent */
    volatile sig_atomic_t *stop; /* non-zero: start nothing new */
    int window;                  /* invoices in flight at once (the engine's concurrency) */
    int max_resends;             /* POSTs resent after "not found" lookups, per invoice */
} import_run_opts;

/* Settles what an earlier run left (journal) and what the plan says needs nothing, then sends the
 * rest. Returns 0 when the run went through (see the outcomes for rejections), IC_EXIT_INTERRUPTED
 * when stopped, or IC_EXIT_IO with err set when the journal could not be written (the run stops at
 * once). */
int import_run(http_engine *e, ic_batch *batch, import_plan *plan, const import_run_opts *o,
               import_outcome *outcomes, import_totals *totals, ic_err *err);

void import_outcomes_release(import_outcome *outcomes, size_t n);

/* The SHA-256 of a request body's text, as the journal records it. */
void import_body_hash(const char *body, char *hex);

#endif
