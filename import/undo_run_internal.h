/* Inside import/undo_run.c, import/undo_job.c and import/undo_recreate.c: one undo run's state and
 * its jobs (one per request in flight).  Not for other callers: import/undo_run.h is the interface.
 */
#ifndef INVOICECTL_IMPORT_UNDO_RUN_INTERNAL_H
#define INVOICECTL_IMPORT_UNDO_RUN_INTERNAL_H

#include "import/undo_run.h"
#include "util/sha256.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct urun {
    http_engine *e;
    undo_plan *p;
    const undo_run_opts *o;
    undo_outcome *out;
    size_t *queue, nq, next;
    int inflight;
    int fatal;
    ic_err *err;
    void (*feed)(struct urun *r); /* sends what comes next (undo_run.c), called by undo_job_end */
} urun;

typedef struct ujob {
    urun *r;
    size_t i;
    uint64_t at; /* the "before" (and intent) line is on disk once the journal has synced up to
                    here */
    char *body;  /* a recreate's POST body (owned) */
    int posts;   /* a recreate's POSTs sent */
} ujob;

bool undo_stopping(const urun *r);
void undo_set_out(urun *r, size_t i, enum undo_result res, char *error);
void undo_journal_or_fatal(urun *r, int rc);
/* The API refused the credentials or the budget is spent: the run stops there (r->fatal). */
void undo_refused_fatal(urun *r, const undo_item *it, const char *verb, enum conn_verdict v,
                        long status, const char *msg);
/* The gate of a job's request: open once its journal line is on disk. */
enum http_gate undo_gate(void *ctx);
/* A job is over: frees it and sends what comes next. */
void undo_job_end(ujob *j);

/* Writes a recreate's "before" and intent lines and sends its POST (import/undo_recreate.c).  0
 * or the journal's error (nothing sent). */
int undo_recreate_send(urun *r, ujob *j);

#endif
