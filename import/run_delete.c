/* Removals (import's delete mode; BILL archives): the request through the connector's
 * delete_request after the journal's "before" line, its answer, and what an earlier run of the same
 * command removed (import/journal_scan.h). */
#include "import/run_internal.h"

#include "import/journal_scan.h"
#include "util/common.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void on_delete(void *ctx, const http_result *res)
{
    job *j = ctx;
    run *r = j->r;
    plan_item *it = &r->plan->items[j->i];
    char msg[512];
    if (res->outcome == HTTP_FAILED && res->attempts == 0) {
        /* never left: its "before" line was not on disk when the run stopped */
        run_failed(j, RES_NOT_SENT, run_not_sent_why(r), run_delete_place(r, it, 0), false);
        run_finish(j);
        return;
    }
    enum conn_verdict v = r->c->verdict(res, msg, sizeof msg);
    /* Removing is idempotent, and a DELETE whose answer was lost is sent again: by the engine
     * (attempts > 1), or by libcurl itself when a reused connection closed without an answer
     * (attempts stays 1).  The 404 that answers the resend means the lost attempt removed it.
     * Which of the two happened cannot be told from a single attempt's 404, nor from someone
     * removing it after the plan: the invoice is gone either way, as the row asks; summary.json
     * says "already_gone" for it. */
    if (v == CONN_OK || v == CONN_NOT_FOUND) {
        if (r->o->journal)
            run_journal_or_fatal(
                r, journal_done(r->o->journal, it->key, r->c->delete_done, it->id, r->err));
        run_set_outcome(r, j->i, RES_DELETED, it->id, NULL, NULL);
        r->out[j->i].already_gone = v == CONN_NOT_FOUND && res->attempts == 1;
    } else if (res->outcome != HTTP_ANSWERED) {
        /* the next run finds it gone (then its "before" line says this command removed it) or
         * there, and sends again */
        if (run_aborting(r))
            run_failed(j, RES_NOT_SENT,
                       xstrdup("interrupted while in flight; resume with the same command"),
                       run_delete_place(r, it, 0), false);
        else
            run_failed(j, RES_UNREACHABLE, xstrdup(msg), run_delete_place(r, it, 0), true);
    } else if (v == CONN_BUDGET) {
        run_budget_spent(j, "DELETE", msg);
    } else if (v == CONN_FORBIDDEN || v == CONN_AUTH) {
        run_forbidden(j, "DELETE", res->status, msg, v == CONN_AUTH);
    } else {
        run_failed(j, v == CONN_UNAVAILABLE ? RES_UNREACHABLE : RES_REJECTED, xstrdup(msg),
                   run_delete_place(r, it, res->status), true);
    }
    run_finish(j);
}

/* A removal: undo's "before" line (the stored document) on disk before the request leaves. */
void run_feed_delete(run *r, job *j, plan_item *it)
{
    if (r->o->journal) {
        int rc = journal_before_write(r->o->journal, it->key, it->id, it->stored, NULL,
                                      &j->intent_at, r->err);
        if (rc != 0) {
            run_journal_or_fatal(r, rc); /* not sent: it stays "not sent" */
            free(j->body);
            free(j);
            return;
        }
    }
    r->inflight++;
    conn_request req = {0};
    r->c->delete_request(it->id, &req);
    if (r->o->journal)
        http_submit_gated(r->e, req.method, req.path, req.body, true, run_intent_gate, on_delete,
                          j);
    else
        http_submit(r->e, req.method, req.path, req.body, true, on_delete, j);
    conn_request_release(&req);
}

/* A delete whose invoice the store no longer holds: this command removed it in an earlier run
 * when the journal says so ("done"), or holds its removal's "before" line (killed with the
 * request in flight).  Then it counts as that earlier outcome, and true; else the refusal
 * stands. */
bool run_earlier_removal(run *r, plan_item *it, const journal_entry *je, import_outcome *oc,
                         removal_scan *scan, ic_err *err, int *rc)
{
    if (!r->o->journal)
        return false;
    if (je && je->state == JOURNAL_DONE && je->action &&
        strcmp(je->action, r->c->delete_done) == 0) {
        oc->result = RES_DELETED;
        snprintf(oc->id, sizeof oc->id, "%s", je->id);
        oc->earlier = true;
        return true;
    }
    if (!scan->scanned) {
        scan->scanned = true;
        strmap_init(&scan->keys);
        ic_err serr = {0};
        if (journal_scan_removals(journal_path(r->o->journal), &scan->keys, &serr) != 0)
            ic_warn("%s", serr.msg); /* then the refusal stands: nothing is sent for it */
    }
    size_t unused;
    if (!strmap_get(&scan->keys, it->key, &unused))
        return false;
    oc->result = RES_DELETED;
    oc->earlier = oc->by_lookup = true;
    *rc = journal_done(r->o->journal, it->key, r->c->delete_done, "", err);
    return true;
}

void run_removal_scan_release(removal_scan *scan)
{
    if (scan->scanned)
        strmap_release(&scan->keys);
    scan->scanned = false;
}
