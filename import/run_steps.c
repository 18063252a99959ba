/* The steps every request of the sending loop goes through (import/run.c, import/run_delete.c):
 * outcomes, the journal's failures, the places of errors, stops, the gate of journaled requests. */
#include "import/run_internal.h"

#include "util/common.h"
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a removal's error happened: "line 4, DELETE /invoices/12, HTTP 409". */
char *run_delete_place(const run *r, const plan_item *it, long status)
{
    conn_request req = {0};
    r->c->delete_request(it->id, &req);
    char *place = status ? xasprintf("line %ld, %s /%s, HTTP %ld", it->inv->first_line, req.method,
                                     req.path[0] == '/' ? req.path + 1 : req.path, status)
                         : xasprintf("line %ld, %s /%s", it->inv->first_line, req.method,
                                     req.path[0] == '/' ? req.path + 1 : req.path);
    conn_request_release(&req);
    return place;
}

bool run_aborting(const run *r)
{
    return r->o->stop && *r->o->stop >= 2;
}

bool run_stopping(const run *r)
{
    return r->o->stop && *r->o->stop != 0;
}

void run_set_outcome(run *r, size_t i, enum import_result res, const char *id, char *error,
                     char *place)
{
    import_outcome *oc = &r->out[i];
    free(oc->error);
    free(oc->error_place);
    oc->result = res;
    if (id && id[0])
        snprintf(oc->id, sizeof oc->id, "%s", id);
    oc->error = error;
    oc->error_place = place;
}

char *run_api_place(const run *r, const plan_item *it, const char *method, long status)
{
    if (strcmp(method, "DELETE") == 0) /* the removal's own request (BILL: POST …/archive) */
        return run_delete_place(r, it, status);
    if (status)
        return xasprintf("line %ld, %s %s, HTTP %ld", it->inv->first_line, method, r->create_path,
                         status);
    return xasprintf("line %ld, %s %s", it->inv->first_line, method, r->create_path);
}

/* What a request does, for messages: "create", "update", "delete" ("archive" for BILL). */
static const char *verb_of(const run *r, const char *method)
{
    if (strcmp(method, "POST") == 0)
        return "create";
    if (strcmp(method, "DELETE") == 0)
        return r->c->delete_verb ? r->c->delete_verb : "delete";
    return "update";
}

void run_journal_or_fatal(run *r, int rc)
{
    if (rc != 0 && !r->fatal) {
        r->fatal = rc;
        ic_error("%s; stopping (the invoices in flight finish)", r->err->msg);
    }
}

void run_finish(job *j)
{
    run *r = j->r;
    free(j->body);
    free(j);
    r->inflight--;
    r->feed(r); /* (a pointer: the steps do not call back into run.c) */
}

void run_failed(job *j, enum import_result res, char *error, char *place, bool journal_it)
{
    run *r = j->r;
    plan_item *it = &r->plan->items[j->i];
    if (journal_it && r->o->journal)
        run_journal_or_fatal(r, journal_failed(r->o->journal, it->key, error, r->err));
    run_set_outcome(r, j->i, res, NULL, error, place);
}

/* A write refused for the credentials (CONN_FORBIDDEN: B2B Edition answers 403 when the API
 * account lacks the scope; CONN_AUTH: wrong credentials).  Every other write would get the same
 * answer, so the run stops at the first one instead of sending them all to be refused one by one.
 * The connector says what is wrong and how to fix it. */
void run_forbidden(job *j, const char *method, long status, const char *msg, bool auth)
{
    run *r = j->r;
    plan_item *it = &r->plan->items[j->i];
    const char *why = auth ? "the credentials were refused"
                           : (r->c->forbidden_why ? r->c->forbidden_why
                                                  : "the credentials are not allowed to change "
                                                    "invoices");
    if (!r->fatal) {
        r->fatal = IC_EXIT_USAGE;
        ic_err_set(r->err, IC_EXIT_USAGE,
                   "the API refused to %s invoice '%s' (HTTP %ld: \"%s\"): %s%s%s.  Stopped "
                   "there: nothing more was sent",
                   verb_of(r, method), it->key, status, msg, why,
                   !auth && r->c->forbidden_fix ? "; " : "",
                   !auth && r->c->forbidden_fix ? r->c->forbidden_fix : "");
    }
    run_failed(j, RES_REJECTED, xasprintf("HTTP %ld: %s (%s)", status, msg, why),
               run_api_place(r, it, method, status), true);
}

/* The API's budget is spent for a long while (CONN_BUDGET: BILL's hourly BDC_1144, after which it
 * accepts nothing until the top of the hour).  The request was refused unprocessed, so the invoice
 * stays to be sent (not journaled as failed) and the run stops: exit 3, the connector's message
 * saying when to resume; the same command then resumes from the journal. */
void run_budget_spent(job *j, const char *method, const char *msg)
{
    run *r = j->r;
    plan_item *it = &r->plan->items[j->i];
    if (!r->fatal) {
        r->fatal = IC_EXIT_IO;
        ic_err_set(r->err, IC_EXIT_IO,
                   "the API refused to %s invoice '%s': %s.  Stopped there: nothing more was sent",
                   verb_of(r, method), it->key, msg);
    }
    run_failed(j, RES_NOT_SENT, xasprintf("not sent: %s", msg), run_api_place(r, it, method, 429),
               false);
}

/* A create's POST leaves only once its intent is on disk (the journal's syncer says when, and
 * wakes the engine); the engine sends other requests meanwhile.  A journal that cannot be written
 * any more, or a stop, keeps it from leaving at all. */
enum http_gate run_intent_gate(void *ctx)
{
    job *j = ctx;
    run *r = j->r;
    if (r->fatal || run_stopping(r))
        return HTTP_GATE_CANCEL;
    int d = journal_durable(r->o->journal, j->intent_at);
    if (d < 0) {
        run_journal_or_fatal(r, journal_check(r->o->journal, r->err));
        return HTTP_GATE_CANCEL;
    }
    return d ? HTTP_GATE_OPEN : HTTP_GATE_WAIT;
}

char *run_not_sent_why(const run *r)
{
    return xstrdup(r->fatal == IC_EXIT_IO ? "not sent: the journal could not be written"
                   : r->fatal             ? "not sent: the run stopped at an earlier error"
                                          : "not sent: the run was interrupted; resume with the "
                                            "same command");
}
