/* The parts of the sending loop (import/run.c) that the removals (import/run_delete.c) share: one
 * run's state, one request's, and the steps every outcome goes through.  Nothing outside
 * import/run*.c includes it.
 *
 * Ownership: as import/run.h; a job is heap-allocated by the feeder and freed by run_finish.
 */
#ifndef INVOICECTL_IMPORT_RUN_INTERNAL_H
#define INVOICECTL_IMPORT_RUN_INTERNAL_H

#include "import/run.h"
#include "util/sha256.h"
#include "util/strmap.h"

typedef struct run {
    http_engine *e;
    ic_batch *batch;
    import_plan *plan;
    const import_run_opts *o;
    import_outcome *out;
    import_totals *tot;
    size_t *queue; /* plan items to send */
    size_t nq, next;
    int inflight;
    int fatal; /* IC_EXIT_IO once the journal cannot be written, IC_EXIT_USAGE after a 403 */
    ic_err *err;
    double t0;
    unsigned long requests0;     /* the engine's count when sending began (the list came before) */
    const ic_connector *c;       /* the target (the plan's) */
    char *create_path;           /* the create request's path, for the places of errors */
    int64_t created_since;       /* an invoice this run creates cannot be older (unix seconds) */
    void (*feed)(struct run *r); /* starts what the window allows (run.c); run_finish calls it */
} run;

typedef struct job {
    run *r;
    size_t i;
    char *body; /* request text */
    char sha[SHA256_HEX_LEN + 1];
    int unknowns;           /* outcomes that were unknown so far */
    int lookups_for_exists; /* lookups made after "already exists" */
    int resends;
    uint64_t intent_at; /* a create's intent is durable once the journal has synced up to here */
} job;

/* ---- run_steps.c ---- */
/* The run was told to abandon what is in flight (a second signal). */
bool run_aborting(const run *r);
/* The run was told to start nothing new (a signal). */
bool run_stopping(const run *r);
/* Sets an invoice's outcome; error and place are taken (owned) and may be NULL. */
void run_set_outcome(run *r, size_t i, enum import_result res, const char *id, char *error,
                     char *place);
/* A journal write's rc: the first failure stops the run (IC_EXIT_IO). */
void run_journal_or_fatal(run *r, int rc);
/* Where an error happened: "line 12, POST /invoices, HTTP 422" (status 0: none); a DELETE names
 * the removal's own request (run_delete_place). */
char *run_api_place(const run *r, const plan_item *it, const char *method, long status);
/* Where a removal's error happened: "line 4, DELETE /invoices/12, HTTP 409" (status 0: none). */
char *run_delete_place(const run *r, const plan_item *it, long status);
/* The job is over: frees it and feeds the next invoice (r->feed). */
void run_finish(job *j);
/* An outcome that is not a success (error and place taken), journaled as failed when asked. */
/* Why a request that never left was not sent (the journal failed, an earlier error, a stop), as a
 * new string for run_failed. */
char *run_not_sent_why(const run *r);
void run_failed(job *j, enum import_result res, char *error, char *place, bool journal_it);
/* A write refused for the credentials (403, bad credentials): the run stops (exit 2). */
void run_forbidden(job *j, const char *method, long status, const char *msg, bool auth);
/* The API's budget is spent for a long while: the invoice stays to be sent; the run stops. */
void run_budget_spent(job *j, const char *method, const char *msg);
/* The gate of a journaled request: open once its line is on disk (import/journal.h). */
enum http_gate run_intent_gate(void *ctx);

/* ---- run_delete.c: removals (delete mode) ---- */

/* Sends a PLAN_DELETE item: its "before" line first, the request once that is on disk.  The job is
 * freed here when the journal cannot be written (r->fatal is then set). */
void run_feed_delete(run *r, job *j, plan_item *it);

typedef struct removal_scan {
    bool scanned;
    strmap keys;
} removal_scan;

/* A delete whose invoice the store no longer holds: true, with the outcome set, when this command
 * removed it in an earlier run (the journal's "done", or its removal's "before" line: killed with
 * the request in flight); *rc gets a journal write's error.  The scan is made once, on the first
 * call that needs it; release it with run_removal_scan_release. */
bool run_earlier_removal(run *r, plan_item *it, const journal_entry *je, import_outcome *oc,
                         removal_scan *scan, ic_err *err, int *rc);
void run_removal_scan_release(removal_scan *scan);

#endif
