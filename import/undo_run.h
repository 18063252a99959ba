/* Carrying out an undo plan (import/undo_plan.h) through the HTTP engine, with undo's own journal
 * around every request, so that a killed undo resumes by running the same command and each
 * removal and restore happens once:
 *
 *  - before each request a "before" line (the stored document now, and the update body sent for a
 * restore) is written, and the request leaves once it is on disk (journal_durable gates it);
 *  - after the answer a "done" line (action: the connector's delete_done, "deleted" or "archived",
 * or "restored"), or "failed" when the API refused it;
 *  - DELETE and PUT are idempotent, and so is BILL's archive (an archived invoice archived again
 * stays archived): the engine retries them after a lost answer, and a 404 to a delete counts as
 * done (the invoice is gone: this undo's earlier attempt, or someone else, removed it);
 *  - a request an earlier undo sent without an outcome is settled by the plan: confirmed from the
 * store (journaled as done without a request) or sent again;
 *  - an invoice the run removed comes back: BILL's unarchive is idempotent like the above; a
 * recreate (import/undo_recreate.c) is a POST, sent once as import's creates are: an intent line
 * durable before it leaves, never resent by the engine, and after an unknown outcome a lookup by
 * its number before anything is sent again.
 *
 * Ownership: outcomes[] is caller-allocated (plan->n entries, zeroed); undo_outcomes_release
 * frees the strings inside.
 */
#ifndef INVOICECTL_IMPORT_UNDO_RUN_H
#define INVOICECTL_IMPORT_UNDO_RUN_H

#include "api/http.h"
#include "import/journal.h"
#include "import/undo_plan.h"
#include "util/err.h"

#include <signal.h>
#include <stddef.h>

enum undo_result {
    UR_NOT_SENT = 0, /* interrupted before it was sent, or abandoned in flight */
    UR_REMOVED,      /* deleted (or archived) by this undo */
    UR_RESTORED,     /* put back by this undo */
    UR_RECREATED,    /* created anew by this undo (the run had deleted it), under a new id */
    UR_UNARCHIVED,   /* unarchived by this undo (the run had archived it), under its own id */
    UR_EARLIER,      /* undone by an earlier undo of the same run */
    UR_NOTHING,      /* nothing to undo (gone, untouched) */
    UR_REFUSED,      /* changed or paid since the run: left as it is */
    UR_REJECTED,     /* the API refused the request */
    UR_UNREACHABLE,  /* no answer after the retries */
    UR_NCODES
};

/* "not sent", "removed", "restored", "recreated", "unarchived", "undone earlier", "nothing to do",
 * "refused", "rejected", "unreachable". */
const char *undo_result_name(enum undo_result r);

typedef struct undo_outcome {
    enum undo_result result;
    char *error; /* owned; NULL when none */
} undo_outcome;

typedef struct undo_run_opts {
    journal *journal;            /* undo's own journal (required) */
    volatile sig_atomic_t *stop; /* non-zero: start nothing new */
    int window;                  /* requests in flight at once */
} undo_run_opts;

/* Sends the plan's removals and restores.  by_result[] gets the counts.  0, IC_EXIT_INTERRUPTED
 * when stopped, IC_EXIT_IO when the journal could not be written, IC_EXIT_USAGE when the API
 * refused the credentials (the run stops at the first such answer), with err set. */
int undo_run(http_engine *e, undo_plan *p, const undo_run_opts *o, undo_outcome *out,
             size_t by_result[UR_NCODES], ic_err *err);
void undo_outcomes_release(undo_outcome *out, size_t n);

#endif
