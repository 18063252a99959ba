/* The sending loop of an import, on the HTTP engine, with the journal around every create. */
#include "import/run.h"

#include "api/connector.h"
#include "api/merge.h"
#include "import/run_internal.h"
#include "util/clock.h"
#include "util/common.h"
#include "util/log.h"
#include "util/sha256.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *import_result_name(enum import_result r)
{
    static const char *const names[RES_NCODES] = {"not sent", "created",     "updated", "unchanged",
                                                  "rejected", "unreachable", "invalid", "refused",
                                                  "unknown",  "deleted",     "skipped"};
    return r < RES_NCODES ? names[r] : "?";
}

void import_body_hash(const char *body, char *hex)
{
    sha256_hex(body, strlen(body), hex);
}

void import_outcomes_release(import_outcome *outcomes, size_t n)
{
    for (size_t i = 0; outcomes && i < n; i++) {
        free(outcomes[i].error);
        free(outcomes[i].error_place);
        outcomes[i].error = outcomes[i].error_place = NULL;
    }
}

static void feed(run *r);

static void created(job *j, const char *id, bool by_lookup)
{
    run *r = j->r;
    plan_item *it = &r->plan->items[j->i];
    if (r->o->journal)
        run_journal_or_fatal(r, journal_done(r->o->journal, it->key, "created", id, r->err));
    run_set_outcome(r, j->i, RES_CREATED, id, NULL, NULL);
    r->out[j->i].by_lookup = by_lookup;
}

/* A create abandoned in flight may have been carried out: its intent stays open, and the next run
 * looks it up before sending anything for it. */
static void not_sent_in_flight(job *j)
{
    run_failed(
        j, RES_UNKNOWN,
        xstrdup("interrupted while in flight: whether it was created is unknown; the next run "
                "looks it up first (resume with the same command)"),
        run_api_place(j->r, &j->r->plan->items[j->i], "POST", 0), false);
}

static void on_post(void *ctx, const http_result *res);

static void submit_post(job *j)
{
    conn_request req = {0};
    j->r->c->create_request(j->body, &req);
    http_submit(j->r->e, req.method, req.path, req.body, false, on_post, j);
    conn_request_release(&req);
}

static void on_found(void *ctx, const cJSON *found, int rc, const ic_err *lerr)
{
    job *j = ctx;
    run *r = j->r;
    plan_item *it = &r->plan->items[j->i];
    if (rc != 0) {
        if (run_aborting(r))
            not_sent_in_flight(j);
        else /* the intent stays open: the next run looks it up again */
            run_failed(
                j, RES_UNKNOWN,
                xasprintf(
                    "the answer to the create was lost and the lookup failed (%s): whether it "
                    "was created is unknown; the next run looks it up first",
                    lerr ? lerr->msg : "no answer"),
                run_api_place(r, it, "GET", 0), false);
        run_finish(j);
        return;
    }
    const char *number = it->inv->invoice_number ? it->inv->invoice_number : "";
    if (found) {
        char fid[CONN_ID_MAX];
        if (!r->c->doc_id(found, fid, sizeof fid)) {
            /* the intent stays open: a later run looks it up again */
            run_failed(
                j, RES_UNKNOWN,
                xasprintf(
                    "invoice number '%s' is in the store but the API does not give its id as a "
                    "positive integer; run the same command again to resolve it",
                    number),
                run_api_place(r, it, "GET", 0), false);
            run_finish(j);
            return;
        }
        cJSON *merged = r->c->merge(found, it->body);
        bool same = merge_equal(found, merged);
        cJSON_Delete(merged);
        if (same) {
            ic_verbose("invoice '%s': the create of unknown outcome went through (invoice %s)",
                       it->key, fid);
            created(j, fid, true);
            /* Found after a "duplicate" answer: another run creating the same invoices at the same
             * time made it (this run's own POST leaves once: api/http.h), or an earlier send of
             * this run whose answer was lost; nothing tells which. */
            r->out[j->i].maker_unknown = j->lookups_for_exists > 0;
        } else {
            run_failed(
                j, RES_REJECTED,
                xasprintf("invoice number '%s' is already in the store (invoice %s) with other "
                          "values; it was created outside this import after the plan was made",
                          number, fid),
                run_api_place(r, it, "POST", 400), true);
        }
        run_finish(j);
        return;
    }
    /* Not in the store: the create did not happen, so sending it again cannot make a second one. */
    if (run_stopping(r)) {
        run_failed(j, RES_NOT_SENT,
                   xstrdup("not sent: the run was interrupted; resume with the same command"),
                   run_api_place(r, it, "POST", 0), false);
        run_finish(j);
        return;
    }
    if (j->resends >= r->o->max_resends) {
        run_failed(
            j, RES_UNREACHABLE,
            xasprintf("no answer to the create after %d sends (the invoice is not in the store)",
                      j->resends + 1),
            run_api_place(r, it, "POST", 0), true);
        run_finish(j);
        return;
    }
    j->resends++;
    r->tot->resends++;
    ic_verbose("invoice '%s': not in the store after an unknown outcome; sending it again",
               it->key);
    submit_post(j);
}

/* Looks the invoice up by its number (every target can find an invoice by number). */
static void lookup(job *j)
{
    run *r = j->r;
    plan_item *it = &r->plan->items[j->i];
    j->unknowns++;
    r->tot->lookups++;
    r->c->find(r->e, "invoiceNumber", it->inv->invoice_number ? it->inv->invoice_number : "",
               r->created_since, on_found, j);
}

static void on_post(void *ctx, const http_result *res)
{
    job *j = ctx;
    run *r = j->r;
    plan_item *it = &r->plan->items[j->i];
    char msg[512];
    if (res->outcome == HTTP_FAILED && res->attempts == 0) {
        /* never left (a stop, or the journal failed before its intent was on disk); the intent
         * stays open and the next run looks it up */
        run_failed(j, RES_NOT_SENT, run_not_sent_why(r), run_api_place(r, it, "POST", 0), false);
        run_finish(j);
        return;
    }
    enum conn_verdict v = r->c->verdict(res, msg, sizeof msg);
    if (res->outcome == HTTP_ANSWERED) {
        if (v == CONN_OK) {
            char id[CONN_ID_MAX];
            if (r->c->answer_id(res, id, sizeof id)) {
                created(j, id, j->unknowns > 0);
                run_finish(j);
                return;
            }
            /* a success that gives no usable id: the lookup tells whether it was stored, and as
             * what */
            ic_verbose("invoice '%s': the create was answered without a usable invoice id; "
                       "looking it up",
                       it->key);
            if (run_aborting(r)) {
                not_sent_in_flight(j);
                run_finish(j);
                return;
            }
            lookup(j);
            return;
        }
        if (v == CONN_UNAVAILABLE && res->status >= 500) {
            /* The server may have stored it before failing: look before resending. */
            if (run_aborting(r)) {
                not_sent_in_flight(j);
                run_finish(j);
                return;
            }
            lookup(j);
            return;
        }
        if (v == CONN_DUPLICATE && j->lookups_for_exists == 0) {
            /* After an unknown outcome this is usually our own earlier send (whose answer was
             * lost); or another run creating the same invoices.  The engine never resends a POST
             * by itself (api/http.h).  The lookup compares the stored invoice with the body. */
            j->lookups_for_exists++;
            r->tot->lookups_after_exists++;
            ic_verbose("invoice '%s': \"%s\" (HTTP %ld); looking it up: the number may be this "
                       "import's own earlier create, whose answer was lost",
                       it->key, msg, res->status);
            lookup(j);
            return;
        }
        if (v == CONN_BUDGET)
            run_budget_spent(j, "POST", msg);
        else if (v == CONN_FORBIDDEN || v == CONN_AUTH)
            run_forbidden(j, "POST", res->status, msg, v == CONN_AUTH);
        else
            run_failed(j, v == CONN_UNAVAILABLE ? RES_UNREACHABLE : RES_REJECTED, xstrdup(msg),
                       run_api_place(r, it, "POST", res->status), true);
        run_finish(j);
        return;
    }
    if (run_aborting(r)) {
        not_sent_in_flight(j);
        run_finish(j);
        return;
    }
    if (res->outcome == HTTP_UNKNOWN) {
        lookup(j);
        return;
    }
    /* FAILED: gave up without an answer, and the engine says nothing was sent by this attempt
     * (a refused connection, or a reused connection that closed before the request could be sent
     * again: api/http.h).  An earlier attempt of this invoice may still have been stored (its
     * answer lost), so the outcome is unknown: the intent stays open, and the next run looks the
     * invoice up before sending it again. */
    run_failed(j, RES_UNKNOWN,
               xasprintf("%s: whether it was created is unknown; the next run looks it up first",
                         res->error[0] ? res->error : "no answer"),
               run_api_place(r, it, "POST", 0), false);
    run_finish(j);
}

static void on_put(void *ctx, const http_result *res)
{
    job *j = ctx;
    run *r = j->r;
    plan_item *it = &r->plan->items[j->i];
    char msg[512];
    if (res->outcome == HTTP_FAILED && res->attempts == 0) {
        /* never left: its "before" line was not on disk when the run stopped */
        run_failed(j, RES_NOT_SENT, run_not_sent_why(r), run_api_place(r, it, "PUT", 0), false);
        run_finish(j);
        return;
    }
    enum conn_verdict v = r->c->verdict(res, msg, sizeof msg);
    if (v == CONN_OK) {
        if (r->o->journal)
            run_journal_or_fatal(r,
                                 journal_done(r->o->journal, it->key, "updated", it->id, r->err));
        run_set_outcome(r, j->i, RES_UPDATED, it->id, NULL, NULL);
    } else if (res->outcome != HTTP_ANSWERED) {
        if (run_aborting(r))
            run_failed(j, RES_NOT_SENT,
                       xstrdup("interrupted while in flight; resume with the same command"),
                       run_api_place(r, it, "PUT", 0), false);
        else
            run_failed(j, RES_UNREACHABLE, xstrdup(msg), run_api_place(r, it, "PUT", 0), true);
    } else if (v == CONN_BUDGET) {
        run_budget_spent(j, "PUT", msg);
    } else if (v == CONN_FORBIDDEN || v == CONN_AUTH) {
        run_forbidden(j, "PUT", res->status, msg, v == CONN_AUTH);
    } else if (v == CONN_NOT_FOUND) {
        run_failed(
            j, RES_REJECTED,
            xasprintf("invoice %s is no longer in the store (deleted after the plan was made)",
                      it->id),
            run_api_place(r, it, "PUT", res->status), true);
    } else {
        run_failed(j, v == CONN_UNAVAILABLE ? RES_UNREACHABLE : RES_REJECTED, xstrdup(msg),
                   run_api_place(r, it, "PUT", res->status), true);
    }
    run_finish(j);
}

static char *body_text(const plan_item *it)
{
    char *text = cJSON_PrintUnformatted(it->body);
    char *out = xstrdup(text ? text : "{}");
    cJSON_free(text);
    return out;
}

static void feed(run *r)
{
    int window = r->o->window > 0 ? r->o->window : 1;
    while (!r->fatal && !run_stopping(r) && r->inflight < window && r->next < r->nq) {
        size_t i = r->queue[r->next++];
        plan_item *it = &r->plan->items[i];
        job *j = xcalloc(1, sizeof *j);
        j->r = r;
        j->i = i;
        j->body = body_text(it);
        if (it->cls == PLAN_DELETE) {
            run_feed_delete(r, j, it);
            if (r->fatal)
                return;
        } else if (it->cls == PLAN_CREATE) {
            import_body_hash(j->body, j->sha);
            if (r->o->journal) {
                /* undo's record first: the intent's durability covers both lines */
                int rc = journal_before_write(r->o->journal, it->key, "", NULL, it->body,
                                              &j->intent_at, r->err);
                if (rc == 0)
                    rc = journal_intent_write(r->o->journal, it->key, it->inv->invoice_number,
                                              j->sha, &j->intent_at, r->err);
                if (rc != 0) {
                    run_journal_or_fatal(r, rc); /* not sent: it stays "not sent" */
                    free(j->body);
                    free(j);
                    return;
                }
            }
            r->inflight++;
            if (r->o->journal) {
                conn_request req = {0};
                r->c->create_request(j->body, &req);
                http_submit_gated(r->e, req.method, req.path, req.body, false, run_intent_gate,
                                  on_post, j);
                conn_request_release(&req);
            } else {
                submit_post(j);
            }
        } else {
            /* undo puts the stored document back: it is on disk before the PUT leaves */
            if (r->o->journal) {
                cJSON *said = plan_file_body(r->c, it->inv, it->stored);
                int rc = journal_before_write(r->o->journal, it->key, it->id, it->stored, said,
                                              &j->intent_at, r->err);
                cJSON_Delete(said);
                if (rc != 0) {
                    run_journal_or_fatal(r, rc); /* not sent: it stays "not sent" */
                    free(j->body);
                    free(j);
                    return;
                }
            }
            r->inflight++;
            conn_request req = {0};
            r->c->update_request(it->id, j->body, &req);
            if (r->o->journal)
                http_submit_gated(r->e, req.method, req.path, req.body, true, run_intent_gate,
                                  on_put, j);
            else
                http_submit(r->e, req.method, req.path, req.body, true, on_put, j);
            conn_request_release(&req);
        }
    }
}

static void wake_engine(void *ctx)
{
    http_engine_wakeup(ctx);
}

static void tick(void *ctx)
{
    run *r = ctx;
    /* the syncer makes every line durable as it comes; stop when it cannot */
    if (r->o->journal && !r->fatal)
        run_journal_or_fatal(r, journal_check(r->o->journal, r->err));
    if (!r->o->progress)
        return;
    http_stats st;
    http_get_stats(r->e, &st);
    progress_counts c = {
        .todo = (r->nq - r->next) + (size_t)r->inflight,
        .requests = st.requests - r->requests0,
        .elapsed_s = mono_now() - r->t0,
        .remaining = st.remaining,
        .allocated = st.allocated,
        .window_resets_in_s = st.window_resets_in_s,
        .window_length_s = st.window_s,
        .waiting = st.waiting == HTTP_WAIT_WINDOW  ? PROGRESS_WAIT_WINDOW
                   : st.waiting == HTTP_WAIT_RETRY ? PROGRESS_WAIT_RETRY
                                                   : PROGRESS_SENDING,
        .wait_s = st.wait_s,
    };
    /* totals->by_result is only tallied at the end: count the outcomes so far */
    size_t counts[RES_NCODES] = {0};
    for (size_t i = 0; i < r->plan->n; i++)
        counts[r->out[i].result]++;
    c.created = counts[RES_CREATED];
    c.updated = counts[RES_UPDATED];
    c.unchanged = counts[RES_UNCHANGED];
    c.deleted = counts[RES_DELETED];
    c.failed = counts[RES_REJECTED] + counts[RES_UNREACHABLE] + counts[RES_UNKNOWN];
    progress_update(r->o->progress, &c, mono_now());
}

/* An intent an earlier run left open, for an invoice the plan would create: look it up first. */
static int resolve_open_intent(run *r, size_t i, ic_err *err)
{
    plan_item *it = &r->plan->items[i];
    cJSON *found = NULL;
    r->tot->lookups++;
    int rc =
        connector_find_sync(r->c, r->e, "invoiceNumber",
                            it->inv->invoice_number ? it->inv->invoice_number : "", 0, &found, err);
    if (rc != 0)
        return rc;
    if (found) {
        plan_classify_item(it, r->c, found, it->mode);
        cJSON_Delete(found);
    }
    return 0;
}

int import_run(http_engine *e, ic_batch *batch, import_plan *plan, const import_run_opts *o,
               import_outcome *outcomes, import_totals *totals, ic_err *err)
{
    run r = {.e = e,
             .batch = batch,
             .plan = plan,
             .o = o,
             .out = outcomes,
             .tot = totals,
             .err = err,
             .c = plan->conn,
             .feed = feed};
    /* A lookup after a lost answer only needs invoices made since this run began; the margin
     * allows for the server's clock being behind ours. */
    r.created_since = (int64_t)time(NULL) - 3600;
    conn_request creq = {0};
    r.c->create_request(NULL, &creq);
    r.create_path = creq.path;
    creq.path = NULL;
    conn_request_release(&creq);
    int rc = 0;
    size_t stale = 0;
    removal_scan removals = {0};
    memset(totals, 0, sizeof *totals);
    r.queue = xmalloc((plan->n ? plan->n : 1) * sizeof *r.queue);

    for (size_t i = 0; i < plan->n && rc == 0; i++) {
        plan_item *it = &plan->items[i];
        import_outcome *oc = &outcomes[i];
        if (it->cls == PLAN_INVALID) {
            oc->result = RES_INVALID;
            oc->error = xstrdup(it->reason ? it->reason : "invalid");
            oc->error_place = it->reason_column ? xasprintf("line %ld, column '%s'",
                                                            it->reason_line, it->reason_column)
                                                : xasprintf("line %ld", it->reason_line);
            continue;
        }
        if (it->cls == PLAN_SKIP) { /* whatever an earlier run did: this one leaves it alone */
            oc->result = RES_SKIPPED;
            snprintf(oc->id, sizeof oc->id, "%s", it->id);
            continue;
        }
        const journal_entry *je = o->journal ? journal_get(o->journal, it->key) : NULL;
        if (it->not_in_store && run_earlier_removal(&r, it, je, oc, &removals, err, &rc))
            continue;
        /* A delete of an invoice an earlier run created or updated, or an invoice an earlier run
         * deleted that is back in the store: that outcome says nothing of this run's. */
        if (je && je->state == JOURNAL_DONE &&
            (it->mode == IMPORT_DELETE ||
             (je->action && r.c->delete_done && strcmp(je->action, r.c->delete_done) == 0)))
            je = NULL;
        /* The store has the last word: an earlier run's outcome counts only when the plan finds
         * the invoice there as the CSV says.  A journal that says "done" for an invoice the store
         * lacks or holds otherwise (deleted or changed since, or another store at the same
         * address) is out of date, and the invoice is sent as the plan says. */
        if (je && je->state == JOURNAL_DONE && it->cls != PLAN_UNCHANGED) {
            stale++;
            je = NULL;
        }
        if (je && je->state == JOURNAL_DONE) {
            oc->result =
                strcmp(je->action ? je->action : "", "updated") == 0 ? RES_UPDATED : RES_CREATED;
            snprintf(oc->id, sizeof oc->id, "%s", je->id);
            oc->earlier = true;
            continue;
        }
        bool open_intent = je && je->state == JOURNAL_INTENT;
        if (open_intent && it->cls == PLAN_CREATE) {
            rc = resolve_open_intent(&r, i, err);
            if (rc != 0)
                break;
        }
        if (open_intent && it->cls == PLAN_UNCHANGED) {
            /* the earlier run's create went through: count it once, as created */
            oc->result = RES_CREATED;
            snprintf(oc->id, sizeof oc->id, "%s", it->id);
            oc->earlier = oc->by_lookup = true;
            rc = journal_done(o->journal, it->key, "created", it->id, err);
            continue;
        }
        switch (it->cls) {
        case PLAN_UNCHANGED:
            oc->result = RES_UNCHANGED;
            snprintf(oc->id, sizeof oc->id, "%s", it->id);
            break;
        case PLAN_CREATE:
        case PLAN_UPDATE:
        case PLAN_DELETE:
            oc->result = RES_NOT_SENT;
            snprintf(oc->id, sizeof oc->id, "%s", it->id);
            r.queue[r.nq++] = i;
            break;
        default:
            oc->result = RES_REFUSED;
            oc->error = xstrdup(it->reason ? it->reason : "refused");
            oc->error_place = xasprintf("line %ld", it->inv->first_line);
            break;
        }
    }

    if (stale)
        ic_warn(
            "the journal '%s' records %zu invoice%s as done that the store does not hold as the "
            "CSV says (deleted or changed since, or another store at the same address); %s "
            "sent as the plan says",
            journal_path(o->journal), stale, stale == 1 ? "" : "s",
            stale == 1 ? "it is" : "they are");
    if (rc == 0 && r.nq > 0) {
        r.t0 = mono_now();
        http_stats st0;
        http_get_stats(e, &st0);
        r.requests0 = st0.requests;
        http_set_tick(e, tick, &r);
        if (o->journal)
            journal_set_notify(o->journal, wake_engine, e);
        feed(&r);
        int hr = r.inflight > 0 ? http_run(e) : 0;
        if (o->journal)
            journal_set_notify(o->journal, NULL, NULL);
        http_set_tick(e, NULL, NULL);
        totals->send_elapsed_s = mono_now() - r.t0;
        if (o->progress) {
            tick(&r);
            progress_finish(o->progress);
        }
        if (r.fatal)
            rc = r.fatal;
        else if (hr == IC_EXIT_INTERRUPTED || run_stopping(&r))
            rc = IC_EXIT_INTERRUPTED;
    } else if (rc == IC_EXIT_INTERRUPTED || run_stopping(&r)) {
        rc = IC_EXIT_INTERRUPTED;
    }
    for (size_t i = 0; i < plan->n; i++) {
        import_outcome *oc = &outcomes[i];
        if (oc->result == RES_NOT_SENT && !oc->error) {
            oc->error = xstrdup(r.fatal ? "not sent: the run stopped at an earlier error; run the "
                                          "same command again once it is fixed"
                                        : "not sent: the run was interrupted; resume with the "
                                          "same command");
            oc->error_place = xasprintf("line %ld", plan->items[i].inv->first_line);
        }
        totals->by_result[oc->result]++;
    }
    run_removal_scan_release(&removals);
    free(r.queue);
    free(r.create_path);
    if (rc == 0 && o->journal)
        rc = journal_sync(o->journal, err);
    return rc;
}
