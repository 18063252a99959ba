/* The plan of `invoicectl undo`: for every invoice a finished or interrupted import run created or
 * updated (its journal, import/journal_read.h), what undo will do, decided against what the store
 * holds now:
 *
 *  - created by the run: "delete" (the connector's delete_verb: BILL "archive") while the store
 * still holds what the file said (the import plan's "unchanged" test: merge(current, after) differs
 * in nothing) and the connector's can_delete allows it; "gone" when the store lacks it; else
 * "refused", naming the fields changed since the run or can_delete's reason (payments).
 *  - updated by the run: "restore" (PUT the document the journal recorded before the update) while
 * the store still holds what the file said and the amount paid (original - open balance) is the
 * one before the update; else "refused" with the reason.
 *  - an intent without an outcome (the run was killed while creating): looked up by its number in
 * the store's list; not there: "untouched" (it was never created).  An update whose outcome was
 * never written: "untouched" when the store holds the document before the update.
 *  - removed by the run (import's delete mode): "recreate" (the connector's undelete_verb: BILL
 * "unarchive", the same id back) while no invoice with its number is in the store again; else
 * "refused" ("an invoice numbered INV-7 is in the store again (invoice 61)").  A target without
 * undelete_request gets the invoice created anew from the document recorded before the removal
 * (create_body of read_doc), under a new id.  A removal whose outcome the run never wrote counts
 * when the store lacks the invoice's id, else it is "untouched".
 *  - done by an earlier undo (its own journal): "undone"; a request an earlier undo sent without
 * recording its outcome is confirmed from the store ("undone") or sent again (idempotent).
 *
 * Ownership: an undo_plan owns its items' documents, bodies, reasons and diffs (undo_plan_release);
 * keys and numbers are borrowed from the run's journal_log, which must outlive the plan.
 */
#ifndef INVOICECTL_IMPORT_UNDO_PLAN_H
#define INVOICECTL_IMPORT_UNDO_PLAN_H

#include "api/connector.h"
#include "api/http.h"
#include "api/merge.h"
#include "import/journal_read.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

enum undo_class {
    UNDO_DELETE = 0, /* take out what the run created */
    UNDO_RESTORE,    /* put back what the run updated */
    UNDO_RECREATE,   /* bring back what the run removed: unarchived under its id (BILL,
                        undelete_request), else created anew from the document before */
    UNDO_REFUSED,    /* changed or paid since the run, or not undoable: left as it is */
    UNDO_GONE,       /* created by the run, no longer in the store: nothing to do */
    UNDO_UNTOUCHED,  /* the run's request did not change the store: nothing to do */
    UNDO_UNDONE,     /* undone by an earlier undo: nothing to do */
    UNDO_NCLASSES
};

/* "delete", "restore", "recreate", "refused", "gone", "untouched", "undone". */
const char *undo_class_name(enum undo_class c);

typedef struct undo_item {
    const char *key; /* the invoice's match value (borrowed from the run's log) */
    const char *was; /* what the run did: "created", "updated", … (static or borrowed) */
    enum undo_class cls;
    char id[CONN_ID_MAX]; /* the store's id; "" unknown */
    cJSON *current; /* DELETE / RESTORE: the stored document now; RECREATE: the document before
                       the removal (owned) */
    cJSON *body;    /* RESTORE: the update body; RECREATE without undelete_request: the
                       create body (owned) */
    bool removed;   /* the run removed it (import's delete mode) */
    char was_id[CONN_ID_MAX]; /* removed: its id before the removal */
    char number[256];         /* removed: its invoice number (the recreate's lookup) */
    bool confirm;             /* UNDONE: an earlier undo's request went through (seen in the store);
                                 its outcome is to be journaled */
    bool again; /* DELETE / RESTORE / RECREATE: an earlier undo sent it without an outcome */
    merge_change *changes; /* REFUSED for a change: stored now -> what the file said */
    size_t n_changes;
    char *reason; /* REFUSED / GONE / UNTOUCHED / UNDONE: why (owned) */
} undo_item;

typedef struct undo_plan {
    const ic_connector *conn;
    undo_item *items; /* in the run's journal order */
    size_t n;
    size_t counts[UNDO_NCLASSES];
    size_t store_listed;
} undo_plan;

/* Lists the store through the engine and classifies every invoice of run (its journal) against
 * it; done: undo's own journal of that run, NULL when none yet.  0, or an exit code with err set
 * (the list failed; IC_EXIT_INTERRUPTED). */
int undo_plan_build(http_engine *e, const ic_connector *c, const journal_log *run,
                    const journal_log *done, undo_plan *out, ic_err *err);
void undo_plan_release(undo_plan *p);

/* Classifies one invoice of the run against the stored document (NULL: not in the store) and
 * what an earlier undo recorded (NULL: nothing).  For an invoice the run removed, `stored` is the
 * one the store holds under its id, else under its invoice number.  Exposed for tests. */
void undo_classify(undo_item *it, const ic_connector *c, const journal_rec *r, const cJSON *stored,
                   const journal_rec *u);

#endif
