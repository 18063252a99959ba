/* Sending an undo plan (import/undo_run.h). */
#include "import/undo_run.h"

#include "util/common.h"
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *undo_result_name(enum undo_result r)
{
    static const char *const names[UR_NCODES] = {"not sent",       "removed",       "restored",
                                                 "undone earlier", "nothing to do", "refused",
                                                 "rejected",       "unreachable"};
    return r < UR_NCODES ? names[r] : "?";
}

void undo_outcomes_release(undo_outcome *out, size_t n)
{
    for (size_t i = 0; out && i < n; i++) {
        free(out[i].error);
        out[i].error = NULL;
    }
}

typedef struct urun {
    http_engine *e;
    undo_plan *p;
    const undo_run_opts *o;
    undo_outcome *out;
    size_t *queue, nq, next;
    int inflight;
    int fatal;
    ic_err *err;
} urun;

typedef struct ujob {
    urun *r;
    size_t i;
    uint64_t at; /* the "before" line is on disk once the journal has synced up to here */
} ujob;

static void feed(urun *r);

static bool stopping(const urun *r)
{
    return r->o->stop && *r->o->stop != 0;
}

static void set_out(urun *r, size_t i, enum undo_result res, char *error)
{
    free(r->out[i].error);
    r->out[i].result = res;
    r->out[i].error = error;
}

static void journal_or_fatal(urun *r, int rc)
{
    if (rc != 0 && !r->fatal) {
        r->fatal = rc;
        ic_error("%s; stopping (the requests in flight finish)", r->err->msg);
    }
}

static const char *done_word(const urun *r, const undo_item *it)
{
    return it->cls == UNDO_RESTORE || strncmp(it->was ? it->was : "", "updated", 7) == 0
               ? "restored"
               : r->p->conn->delete_done;
}

static void on_answer(void *ctx, const http_result *res)
{
    ujob *j = ctx;
    urun *r = j->r;
    undo_item *it = &r->p->items[j->i];
    bool removing = it->cls == UNDO_DELETE;
    char msg[512];
    if (res->outcome == HTTP_FAILED && res->attempts == 0) {
        set_out(r, j->i, UR_NOT_SENT,
                xstrdup(r->fatal ? "not sent: the undo stopped at an earlier error"
                                 : "not sent: interrupted; resume with the same command"));
    } else {
        enum conn_verdict v = r->p->conn->verdict(res, msg, sizeof msg);
        if (v == CONN_OK || (removing && v == CONN_NOT_FOUND)) {
            journal_or_fatal(
                r, journal_done(r->o->journal, it->key, done_word(r, it), it->id, r->err));
            set_out(r, j->i, removing ? UR_REMOVED : UR_RESTORED, NULL);
        } else if (res->outcome != HTTP_ANSWERED || v == CONN_UNAVAILABLE) {
            /* its "before" line stays without an outcome: the next undo settles it */
            set_out(r, j->i, stopping(r) ? UR_NOT_SENT : UR_UNREACHABLE, xstrdup(msg));
        } else if (v == CONN_FORBIDDEN || v == CONN_AUTH || v == CONN_BUDGET) {
            if (!r->fatal) {
                r->fatal = v == CONN_BUDGET ? IC_EXIT_IO : IC_EXIT_USAGE;
                ic_err_set(r->err, r->fatal,
                           "the API refused to %s invoice '%s' (HTTP %ld: \"%s\"); stopped there: "
                           "nothing more was sent",
                           removing ? r->p->conn->delete_verb : "restore", it->key, res->status,
                           msg);
            }
            set_out(r, j->i, UR_NOT_SENT, xasprintf("HTTP %ld: %s", res->status, msg));
        } else {
            char *why =
                v == CONN_NOT_FOUND
                    ? xasprintf("invoice %s is no longer in the store (removed after the plan "
                                "was made)",
                                it->id)
                    : xasprintf("HTTP %ld: %s", res->status, msg);
            journal_or_fatal(r, journal_failed(r->o->journal, it->key, why, r->err));
            set_out(r, j->i, UR_REJECTED, why);
        }
    }
    free(j);
    r->inflight--;
    feed(r);
}

static enum http_gate gate(void *ctx)
{
    ujob *j = ctx;
    urun *r = j->r;
    if (r->fatal || stopping(r))
        return HTTP_GATE_CANCEL;
    int d = journal_durable(r->o->journal, j->at);
    if (d < 0) {
        journal_or_fatal(r, journal_check(r->o->journal, r->err));
        return HTTP_GATE_CANCEL;
    }
    return d ? HTTP_GATE_OPEN : HTTP_GATE_WAIT;
}

static void feed(urun *r)
{
    int window = r->o->window > 0 ? r->o->window : 1;
    while (!r->fatal && !stopping(r) && r->inflight < window && r->next < r->nq) {
        size_t i = r->queue[r->next++];
        undo_item *it = &r->p->items[i];
        ujob *j = xcalloc(1, sizeof *j);
        j->r = r;
        j->i = i;
        /* what the store held before this request, on disk before it leaves */
        int rc = journal_before_write(r->o->journal, it->key, it->id, it->current, it->body, &j->at,
                                      r->err);
        if (rc != 0) {
            journal_or_fatal(r, rc);
            free(j);
            return;
        }
        conn_request req = {0};
        char *body = NULL;
        if (it->cls == UNDO_DELETE) {
            r->p->conn->delete_request(it->id, &req);
        } else {
            char *text = cJSON_PrintUnformatted(it->body);
            body = xstrdup(text ? text : "{}");
            cJSON_free(text);
            r->p->conn->update_request(it->id, body, &req);
        }
        r->inflight++;
        /* DELETE, PUT and BILL's archive are idempotent: the engine may retry them */
        http_submit_gated(r->e, req.method, req.path, req.body, true, gate, on_answer, j);
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
        journal_or_fatal(r, journal_check(r->o->journal, r->err));
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
            r->out[i].result = UR_NOT_SENT;
            r->queue[r->nq++] = i;
            break;
        case UNDO_REFUSED:
            set_out(r, i, UR_REFUSED, xstrdup(it->reason ? it->reason : "refused"));
            break;
        case UNDO_UNDONE:
            set_out(r, i, UR_EARLIER, NULL);
            if (it->confirm) {
                int rc = journal_done(r->o->journal, it->key, done_word(r, it), it->id, r->err);
                if (rc != 0)
                    return rc;
            }
            break;
        default:
            set_out(r, i, UR_NOTHING, NULL);
            break;
        }
    }
    return 0;
}

int undo_run(http_engine *e, undo_plan *p, const undo_run_opts *o, undo_outcome *out,
             size_t by_result[UR_NCODES], ic_err *err)
{
    urun r = {.e = e, .p = p, .o = o, .out = out, .err = err};
    r.queue = xmalloc((p->n ? p->n : 1) * sizeof *r.queue);
    int rc = settle(&r);
    if (rc == 0 && r.nq > 0 && !stopping(&r)) {
        http_set_tick(e, tick, &r);
        journal_set_notify(o->journal, wake, e);
        feed(&r);
        int hr = r.inflight > 0 ? http_run(e) : 0;
        journal_set_notify(o->journal, NULL, NULL);
        http_set_tick(e, NULL, NULL);
        if (r.fatal)
            rc = r.fatal;
        else if (hr == IC_EXIT_INTERRUPTED || stopping(&r))
            rc = IC_EXIT_INTERRUPTED;
        else if (hr != 0)
            rc = ic_err_set(err, hr, "%s", http_engine_error(e) ? http_engine_error(e)->msg : "");
    } else if (rc == 0 && stopping(&r)) {
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
