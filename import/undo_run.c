/* Sending an undo plan (import/undo_run.h). */
#include "import/undo_run_internal.h"

#include "util/common.h"
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *undo_result_name(enum undo_result r)
{
    static const char *const names[UR_NCODES] = {
        "not sent",       "removed",       "restored", "recreated", "unarchived",
        "undone earlier", "nothing to do", "refused",  "rejected",  "unreachable"};
    return r < UR_NCODES ? names[r] : "?";
}

void undo_outcomes_release(undo_outcome *out, size_t n)
{
    for (size_t i = 0; out && i < n; i++) {
        free(out[i].error);
        out[i].error = NULL;
    }
}

static void feed(urun *r);

static const char *done_word(const urun *r, const undo_item *it)
{
    if (it->removed)
        return r->p->conn->undelete_done ? r->p->conn->undelete_done : "recreated";
    return it->cls == UNDO_RESTORE || strncmp(it->was ? it->was : "", "updated", 7) == 0
               ? "restored"
               : r->p->conn->delete_done;
}

/* The answer to a delete, a restore or an unarchive (all idempotent). */
static void on_answer(void *ctx, const http_result *res)
{
    ujob *j = ctx;
    urun *r = j->r;
    undo_item *it = &r->p->items[j->i];
    const ic_connector *c = r->p->conn;
    bool removing = it->cls == UNDO_DELETE;
    const char *verb = removing                   ? c->delete_verb
                       : it->cls == UNDO_RECREATE ? c->undelete_verb
                                                  : "restore";
    enum undo_result good = removing                   ? UR_REMOVED
                            : it->cls == UNDO_RECREATE ? UR_UNARCHIVED
                                                       : UR_RESTORED;
    char msg[512];
    if (res->outcome == HTTP_FAILED && res->attempts == 0) {
        undo_set_out(r, j->i, UR_NOT_SENT,
                     xstrdup(r->fatal ? "not sent: the undo stopped at an earlier error"
                                      : "not sent: interrupted; resume with the same command"));
    } else {
        enum conn_verdict v = c->verdict(res, msg, sizeof msg);
        if (v == CONN_OK || (removing && v == CONN_NOT_FOUND)) {
            undo_journal_or_fatal(
                r, journal_done(r->o->journal, it->key, done_word(r, it), it->id, r->err));
            undo_set_out(r, j->i, good, NULL);
        } else if (res->outcome != HTTP_ANSWERED || v == CONN_UNAVAILABLE) {
            /* its "before" line stays without an outcome: the next undo settles it */
            undo_set_out(r, j->i, undo_stopping(r) ? UR_NOT_SENT : UR_UNREACHABLE, xstrdup(msg));
        } else if (v == CONN_FORBIDDEN || v == CONN_AUTH || v == CONN_BUDGET) {
            undo_refused_fatal(r, it, verb, v, res->status, msg);
            undo_set_out(r, j->i, UR_NOT_SENT, xasprintf("HTTP %ld: %s", res->status, msg));
        } else {
            char *why =
                v == CONN_NOT_FOUND
                    ? xasprintf("invoice %s is no longer in the store (removed after the plan "
                                "was made)",
                                it->id)
                    : xasprintf("HTTP %ld: %s", res->status, msg);
            undo_journal_or_fatal(r, journal_failed(r->o->journal, it->key, why, r->err));
            undo_set_out(r, j->i, UR_REJECTED, why);
        }
    }
    undo_job_end(j);
}

static void feed(urun *r)
{
    int window = r->o->window > 0 ? r->o->window : 1;
    const ic_connector *c = r->p->conn;
    while (!r->fatal && !undo_stopping(r) && r->inflight < window && r->next < r->nq) {
        size_t i = r->queue[r->next++];
        undo_item *it = &r->p->items[i];
        ujob *j = xcalloc(1, sizeof *j);
        j->r = r;
        j->i = i;
        if (it->cls == UNDO_RECREATE && !c->undelete_request) {
            r->inflight++;
            int rc = undo_recreate_send(r, j);
            if (rc != 0) {
                undo_journal_or_fatal(r, rc);
                r->inflight--;
                free(j->body);
                free(j);
                return;
            }
            continue;
        }
        /* what the store held before this request, on disk before it leaves */
        int rc = journal_before_write(r->o->journal, it->key, it->id, it->current, it->body, &j->at,
                                      r->err);
        if (rc != 0) {
            undo_journal_or_fatal(r, rc);
            free(j);
            return;
        }
        conn_request req = {0};
        char *body = NULL;
        if (it->cls == UNDO_DELETE) {
            c->delete_request(it->id, &req);
        } else if (it->cls == UNDO_RECREATE) {
            c->undelete_request(it->id, &req);
        } else {
            char *text = cJSON_PrintUnformatted(it->body);
            body = xstrdup(text ? text : "{}");
            cJSON_free(text);
            c->update_request(it->id, body, &req);
        }
        r->inflight++;
        /* DELETE, PUT, BILL's archive and its restore are idempotent: the engine may retry them */
        http_submit_gated(r->e, req.method, req.path, req.body, true, undo_gate, on_answer, j);
        conn_request_release(&req);
        free(body);
    }
}

static void wake(void *ctx)
{
    http_engine_wakeup(ctx);
}

static void tick(void *ctx)
{
    urun *r = ctx;
    if (!r->fatal)
        undo_journal_or_fatal(r, journal_check(r->o->journal, r->err));
}

/* What needs no request: refused, nothing to do, and earlier undos' requests the store confirms
 * (journaled now, so the next undo need not look again). */
static int settle(urun *r)
{
    for (size_t i = 0; i < r->p->n; i++) {
        undo_item *it = &r->p->items[i];
        switch (it->cls) {
        case UNDO_DELETE:
        case UNDO_RESTORE:
        case UNDO_RECREATE:
            r->out[i].result = UR_NOT_SENT;
            r->queue[r->nq++] = i;
            break;
        case UNDO_REFUSED:
            undo_set_out(r, i, UR_REFUSED, xstrdup(it->reason ? it->reason : "refused"));
            break;
        case UNDO_UNDONE:
            undo_set_out(r, i, UR_EARLIER, NULL);
            if (it->confirm) {
                int rc = journal_done(r->o->journal, it->key, done_word(r, it), it->id, r->err);
                if (rc != 0)
                    return rc;
            }
            break;
        default:
            undo_set_out(r, i, UR_NOTHING, NULL);
            break;
        }
    }
    return 0;
}

int undo_run(http_engine *e, undo_plan *p, const undo_run_opts *o, undo_outcome *out,
             size_t by_result[UR_NCODES], ic_err *err)
{
    urun r = {.e = e, .p = p, .o = o, .out = out, .err = err, .feed = feed};
    r.queue = xmalloc((p->n ? p->n : 1) * sizeof *r.queue);
    int rc = settle(&r);
    if (rc == 0 && r.nq > 0 && !undo_stopping(&r)) {
        http_set_tick(e, tick, &r);
        journal_set_notify(o->journal, wake, e);
        feed(&r);
        int hr = r.inflight > 0 ? http_run(e) : 0;
        journal_set_notify(o->journal, NULL, NULL);
        http_set_tick(e, NULL, NULL);
        if (r.fatal)
            rc = r.fatal;
        else if (hr == IC_EXIT_INTERRUPTED || undo_stopping(&r))
            rc = IC_EXIT_INTERRUPTED;
        else if (hr != 0)
            rc = ic_err_set(err, hr, "%s", http_engine_error(e) ? http_engine_error(e)->msg : "");
    } else if (rc == 0 && undo_stopping(&r)) {
        rc = IC_EXIT_INTERRUPTED;
    }
    for (size_t i = 0; i < p->n; i++) {
        if (out[i].result == UR_NOT_SENT && !out[i].error)
            out[i].error = xstrdup("not sent: the undo was interrupted; resume with the same "
                                   "command");
        by_result[out[i].result]++;
    }
    free(r.queue);
    if (rc == 0)
        rc = journal_sync(o->journal, err);
    return rc;
}
