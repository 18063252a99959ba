/* Sending the plan of `invoicectl pay`, a window of payments at a time, with the journal around
 * each: see pay_run.h. */
#include "import/pay_run.h"

#include "util/common.h"
#include "util/log.h"
#include "util/sha256.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FOUND_IT 1000 /* payment_find's "stop: it is there"; never an exit code */

const char *pay_result_name(enum pay_result r)
{
    static const char *const names[PR_NCODES] = {"not sent", "recorded",    "already recorded",
                                                 "rejected", "unreachable", "unknown",
                                                 "refused",  "invalid"};
    return r < PR_NCODES ? names[r] : "?";
}

void pay_outcomes_release(pay_outcome *out, size_t n)
{
    for (size_t i = 0; out && i < n; i++) {
        free(out[i].error);
        out[i].error = NULL;
    }
}

typedef struct run {
    http_engine *e;
    const pay_plan *plan;
    const ic_connector *c;
    const pay_run_opts *o;
    pay_outcome *out;
    pay_totals *tot;
    int fatal; /* the run stops: IC_EXIT_IO (journal, budget), IC_EXIT_USAGE (credentials) */
    ic_err *err;
    char *path;         /* the payment request's path, for messages */
    struct pjob **jobs; /* per row: the payment started and not settled yet */
    size_t next;        /* the next row feed looks at */
    int inflight;
} run;

/* What one POST got. */
typedef struct answer {
    const ic_connector *c;
    bool got;
    enum http_outcome outcome;
    long status;
    int attempts;
    enum conn_verdict v;
    char msg[512];
    char id[CONN_ID_MAX];
} answer;

static void on_answer(void *ctx, const http_result *res)
{
    answer *a = ctx;
    a->got = true;
    a->outcome = res->outcome;
    a->status = res->status;
    a->attempts = res->attempts;
    a->v = a->c->verdict(res, a->msg, sizeof a->msg);
    if (a->v != CONN_OK || !a->c->payment_answer_id(res, a->id, sizeof a->id))
        a->id[0] = '\0';
}

static bool stopping(const run *r)
{
    return r->o->stop && *r->o->stop != 0;
}

static void set(run *r, size_t i, enum pay_result res, const char *id, char *error)
{
    pay_outcome *oc = &r->out[i];
    free(oc->error);
    oc->result = res;
    snprintf(oc->id, sizeof oc->id, "%s", id ? id : "");
    oc->error = error;
}

static void journal_or_fatal(run *r, int rc)
{
    if (rc != 0 && !r->fatal) {
        r->fatal = rc;
        ic_error("%s; stopping", r->err->msg);
    }
}

static void recorded(run *r, size_t i, const char *id, bool by_lookup)
{
    const ic_payment *pm = r->plan->items[i].p;
    journal_or_fatal(r, journal_done(r->o->journal, pm->key, "recorded", id, r->err));
    set(r, i, PR_RECORDED, id, NULL);
    r->out[i].by_lookup = by_lookup;
    ic_verbose("line %ld: %s recorded against invoice '%s'%s%s", pm->line, pm->key, pm->invoice,
               id && id[0] ? " as payment " : "", id ? id : "");
}

/* Known not recorded: the journal says so, so that no later run takes it for unknown. */
static void not_recorded(run *r, size_t i, enum pay_result res, char *error)
{
    const ic_payment *pm = r->plan->items[i].p;
    journal_or_fatal(r, journal_failed(r->o->journal, pm->key, error, r->err));
    set(r, i, res, NULL, error);
}

typedef struct look {
    const char *key;
    char id[CONN_ID_MAX];
} look;

static int on_recorded(void *ctx, const char *key, const char *payment_id)
{
    look *l = ctx;
    if (strcmp(key, l->key) != 0)
        return 0;
    snprintf(l->id, sizeof l->id, "%s", payment_id ? payment_id : "");
    return FOUND_IT;
}

/* After an unknown outcome: 1 found (id in l), 0 not there, or an exit code with lerr. */
static int lookup(run *r, size_t i, look *l, ic_err *lerr)
{
    const pay_item *it = &r->plan->items[i];
    l->key = it->p->key;
    l->id[0] = '\0';
    r->tot->lookups++;
    int rc = r->c->payment_find(r->e, r->plan->invs[it->inv].doc, on_recorded, l, lerr);
    return rc == FOUND_IT ? 1 : rc;
}

static int send_once(run *r, const char *body, answer *a)
{
    conn_request req = {0};
    r->c->payment_request(body, &req);
    memset(a, 0, sizeof *a);
    a->c = r->c;
    http_submit(r->e, req.method, req.path, req.body, false, on_answer, a);
    conn_request_release(&req);
    return http_run(r->e);
}

/* Why a payment was not sent: a stop, or an error that stopped the run. */
static const char *not_sent_why(const run *r)
{
    return r->fatal ? "not sent: the run stopped at an earlier error; run the same command again "
                      "once it is fixed"
                    : "not sent: the run was interrupted; resume with the same command";
}

/* An answer whose outcome is unknown (none, or a 5xx: the server may have recorded it). */
static bool outcome_unknown(const answer *a)
{
    if (!a->got || a->outcome == HTTP_UNKNOWN)
        return true;
    if (a->outcome == HTTP_FAILED)
        return a->attempts > 0;
    return a->v == CONN_UNAVAILABLE && a->status >= 500;
}

/* Settles an answer; true when the payment should be sent again (looked up: not there). */
static bool settle(run *r, size_t i, const answer *a, int resends)
{
    const ic_payment *pm = r->plan->items[i].p;
    if (a->got && a->outcome == HTTP_ANSWERED && a->v == CONN_OK) {
        recorded(r, i, a->id, resends > 0);
        return false;
    }
    if (a->got && a->outcome == HTTP_FAILED && a->attempts == 0) {
        not_recorded(r, i, PR_NOT_SENT, xstrdup(not_sent_why(r)));
        return false;
    }
    if (outcome_unknown(a)) {
        const char *why = a->got && a->msg[0] ? a->msg : "no answer";
        if (!r->c->payment_find) {
            /* the intent stays open: the next plan refuses to send it again by itself */
            set(r, i, PR_UNKNOWN, NULL,
                xasprintf(
                    "POST %s: %s: whether the payment was recorded is unknown and %s offers no "
                    "way to look it up; check invoice '%s' there before sending it again "
                    "(--retry-unknown)",
                    r->path, why, r->c->title, pm->invoice));
            return false;
        }
        look l;
        ic_err lerr = {0};
        int lr = lookup(r, i, &l, &lerr);
        if (lr == 1) {
            ic_verbose("line %ld: the payment whose answer was lost is recorded (payment %s)",
                       pm->line, l.id);
            recorded(r, i, l.id, true);
            return false;
        }
        if (lr != 0) {
            set(r, i, PR_UNKNOWN, NULL,
                xasprintf(
                    "POST %s: %s, and the lookup failed (%s): whether the payment was recorded "
                    "is unknown; the next run looks it up first",
                    r->path, why, lerr.msg));
            return false;
        }
        if (stopping(r) || r->fatal) {
            not_recorded(r, i, PR_NOT_SENT, xstrdup(not_sent_why(r)));
            return false;
        }
        if (resends >= r->o->max_resends) {
            not_recorded(r, i, PR_UNREACHABLE,
                         xasprintf("POST %s: %s after %d sends (the payment is not recorded)",
                                   r->path, why, resends + 1));
            return false;
        }
        r->tot->resends++;
        ic_verbose("line %ld: not recorded after an unknown outcome; sending it again", pm->line);
        return true;
    }
    char *msg = xasprintf("POST %s: HTTP %ld: %s", r->path, a->status, a->msg);
    if (a->v == CONN_FORBIDDEN || a->v == CONN_AUTH || a->v == CONN_BUDGET) {
        if (!r->fatal) {
            r->fatal = a->v == CONN_BUDGET ? IC_EXIT_IO : IC_EXIT_USAGE;
            ic_err_set(r->err, r->fatal,
                       "the API refused to record the payment of line %ld (%s).  Stopped there: "
                       "nothing more was sent",
                       pm->line, msg);
        }
        not_recorded(r, i, a->v == CONN_BUDGET ? PR_NOT_SENT : PR_REJECTED, msg);
        return false;
    }
    not_recorded(r, i, a->v == CONN_UNAVAILABLE ? PR_UNREACHABLE : PR_REJECTED, msg);
    return false;
}

/* One payment to record: its POST body, the offset its intent is durable at, its answer.  An
 * answer whose outcome is unknown is kept ("later") and settled once the window is empty, so that
 * its lookup (synchronous) runs on an idle engine. */
typedef struct pjob {
    run *r;
    size_t i;
    char *text;
    uint64_t at;
    answer a;
    bool later;
} pjob;

static char *payment_text(const run *r, size_t i)
{
    const pay_item *it = &r->plan->items[i];
    const pay_invoice *pi = &r->plan->invs[it->inv];
    const ic_payment *pm = it->p;
    conn_payment cp = {.key = pm->key,
                       .amount = pm->amount,
                       .date = pm->date_ymd,
                       .currency = pi->currency[0] ? pi->currency : pm->currency,
                       .method = pm->method,
                       .reference = pm->reference,
                       .payer = pm->payer};
    cJSON *body = r->c->payment_body(pi->doc, &cp);
    char *text = body ? cJSON_PrintUnformatted(body) : NULL;
    cJSON_Delete(body);
    if (!text) {
        fputs("invoicectl: out of memory\n", stderr);
        exit(IC_EXIT_INTERNAL);
    }
    char *own = xstrdup(text);
    cJSON_free(text);
    return own;
}

static void job_free(pjob *j)
{
    free(j->text);
    free(j);
}

/* A POST leaves only once its intent is on disk (the journal's syncer says when, and wakes the
 * engine); a stop, or a journal that cannot be written any more, keeps it from leaving at all. */
static enum http_gate gate(void *ctx)
{
    pjob *j = ctx;
    run *r = j->r;
    if (r->fatal || stopping(r))
        return HTTP_GATE_CANCEL;
    int d = journal_durable(r->o->journal, j->at);
    if (d < 0) {
        journal_or_fatal(r, journal_check(r->o->journal, r->err));
        return HTTP_GATE_CANCEL;
    }
    return d ? HTTP_GATE_OPEN : HTTP_GATE_WAIT;
}

static void feed(run *r);

static void on_window_answer(void *ctx, const http_result *res)
{
    pjob *j = ctx;
    run *r = j->r;
    on_answer(&j->a, res);
    r->inflight--;
    if (outcome_unknown(&j->a))
        j->later = true; /* looked up once the window is empty */
    else {
        settle(r, j->i, &j->a, 0); /* a known outcome never asks for a resend */
        r->jobs[j->i] = NULL;
        job_free(j);
    }
    feed(r);
}

/* Starts payments in file order while the window has room: each one's intent is written first,
 * and its POST waits at the gate until the intent is on disk.  Payments of one invoice may be in
 * flight together: the plan checked that all of them fit in its open balance together. */
static void feed(run *r)
{
    int window = r->o->window > 0 ? r->o->window : 1;
    while (!r->fatal && !stopping(r) && r->inflight < window && r->next < r->plan->n) {
        size_t i = r->next++;
        if (r->plan->items[i].cls != PAY_RECORD)
            continue;
        pjob *j = xcalloc(1, sizeof *j);
        j->r = r;
        j->i = i;
        j->text = payment_text(r, i);
        j->a.c = r->c;
        char sha[SHA256_HEX_LEN + 1];
        sha256_hex(j->text, strlen(j->text), sha);
        const pay_item *it = &r->plan->items[i];
        /* on disk before the POST leaves: a kill after this line is resolved by the next run */
        int rc = journal_intent_write(r->o->journal, it->p->key, r->plan->invs[it->inv].number, sha,
                                      &j->at, r->err);
        if (rc != 0) {
            journal_or_fatal(r, rc);
            job_free(j);
            return;
        }
        r->jobs[i] = j;
        r->inflight++;
        conn_request req = {0};
        r->c->payment_request(j->text, &req);
        http_submit_gated(r->e, req.method, req.path, req.body, false, gate, on_window_answer, j);
        conn_request_release(&req);
    }
}

static void wake(void *ctx)
{
    http_engine_wakeup(ctx);
}

/* The payments whose answer was unknown, in file order, one at a time: looked up, and sent again
 * when not there (the intent written before the first send covers the resends). */
static void settle_later(run *r)
{
    for (size_t i = 0; i < r->plan->n; i++) {
        pjob *j = r->jobs[i];
        if (!j)
            continue;
        if (j->later)
            for (int resends = 0; settle(r, i, &j->a, resends); resends++)
                send_once(r, j->text, &j->a);
        r->jobs[i] = NULL;
        job_free(j);
    }
}

int pay_run(http_engine *e, const pay_plan *plan, const pay_run_opts *o, pay_outcome *out,
            pay_totals *tot, ic_err *err)
{
    run r = {.e = e, .plan = plan, .c = plan->conn, .o = o, .out = out, .tot = tot, .err = err};
    memset(tot, 0, sizeof *tot);
    conn_request req = {0};
    r.c->payment_request(NULL, &req);
    r.path = req.path;
    req.path = NULL;
    conn_request_release(&req);
    for (size_t i = 0; i < plan->n; i++) {
        const pay_item *it = &plan->items[i];
        switch (it->cls) {
        case PAY_RECORDED:
            set(&r, i, PR_EARLIER, it->id, NULL);
            break;
        case PAY_REFUSED:
            set(&r, i, PR_REFUSED, NULL, xstrdup(it->reason ? it->reason : "refused"));
            break;
        case PAY_INVALID:
            set(&r, i, PR_INVALID, NULL, xstrdup(it->reason ? it->reason : "invalid"));
            break;
        case PAY_UNKNOWN:
            set(&r, i, PR_UNKNOWN, NULL, xstrdup(it->reason ? it->reason : "unknown"));
            break;
        default:
            break;
        }
    }
    r.jobs = xcalloc(plan->n ? plan->n : 1, sizeof *r.jobs);
    journal_set_notify(o->journal, wake, e);
    feed(&r);
    int hr = r.inflight > 0 ? http_run(e) : 0; /* every request is answered: see the outcomes */
    journal_set_notify(o->journal, NULL, NULL);
    if (hr != 0 && hr != IC_EXIT_INTERRUPTED && !r.fatal) {
        const ic_err *ee = http_engine_error(e);
        r.fatal = ic_err_set(err, hr, "%s", ee ? ee->msg : "the API could not be reached");
    }
    settle_later(&r);
    free(r.jobs);
    for (size_t i = 0; i < plan->n; i++) {
        if (out[i].result == PR_NOT_SENT && !out[i].error)
            out[i].error = xstrdup(r.fatal ? "not sent: the run stopped at an earlier error; run "
                                             "the same command again once it is fixed"
                                           : "not sent: the run was interrupted; resume with the "
                                             "same command");
        tot->by_result[out[i].result]++;
    }
    free(r.path);
    int rc = r.fatal;
    if (rc == 0 && stopping(&r) && tot->by_result[PR_NOT_SENT])
        rc = IC_EXIT_INTERRUPTED;
    if (rc == 0)
        rc = journal_sync(o->journal, err);
    return rc;
}
