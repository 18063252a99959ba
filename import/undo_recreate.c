/* Recreating an invoice the run deleted (import/undo_run.h), for a target whose delete is for good
 * (B2B Edition, Rebillia): a POST of the create body made from the document recorded before the
 * removal, sent exactly once as import's creates are (import/run.c):
 *
 *  - a "before" line (the document, and the body as "after") and an intent (number, body hash)
 * are on disk before the POST leaves (undo_gate);
 *  - the POST is not idempotent: the engine never resends it (api/http.h);
 *  - after an outcome that is not known (no answer, a 5xx, a success without an id, a "duplicate")
 * the invoice is looked up by its number before anything is sent again: found with the values of
 * the body, it was recreated (by this POST, or an earlier one whose answer was lost); not found,
 * the POST is sent again;
 *  - a lookup that fails leaves the intent open: the next undo lists the store, which settles it
 * the same way (import/undo_plan.c).
 *
 * The new id is journaled ("done", action "recreated") and reported; the old id is gone for good.
 */
#include "import/undo_run_internal.h"

#include "api/merge.h"
#include "util/common.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* POSTs after which a recreate whose outcome stays unknown is left for the next undo. */
#define RECREATE_MAX_POSTS 3

static void on_post(void *ctx, const http_result *res);

static void post(ujob *j)
{
    urun *r = j->r;
    conn_request req = {0};
    r->p->conn->create_request(j->body, &req);
    j->posts++;
    /* not idempotent: a second POST would make a second invoice */
    http_submit_gated(r->e, req.method, req.path, req.body, false, undo_gate, on_post, j);
    conn_request_release(&req);
}

int undo_recreate_send(urun *r, ujob *j)
{
    undo_item *it = &r->p->items[j->i];
    char *text = cJSON_PrintUnformatted(it->body);
    j->body = xstrdup(text ? text : "{}");
    cJSON_free(text);
    char sha[SHA256_HEX_LEN + 1];
    sha256_hex(j->body, strlen(j->body), sha);
    /* the intent's durability covers the "before" line written just ahead of it */
    int rc = journal_before_write(r->o->journal, it->key, it->was_id, it->current, it->body, &j->at,
                                  r->err);
    if (rc == 0)
        rc = journal_intent_write(r->o->journal, it->key, it->number, sha, &j->at, r->err);
    if (rc == 0)
        post(j);
    return rc;
}

static void recreated(ujob *j, const char *id)
{
    urun *r = j->r;
    undo_item *it = &r->p->items[j->i];
    undo_journal_or_fatal(r, journal_done(r->o->journal, it->key, "recreated", id, r->err));
    snprintf(it->id, sizeof it->id, "%s", id);
    undo_set_out(
        r, j->i, UR_RECREATED,
        xasprintf("recreated as invoice %s (invoice %s is gone for good)", id, it->was_id));
}

/* The outcome is not known and nothing more is sent now: the intent stays open, and the next undo
 * looks the invoice up in the store before sending anything for it. */
static void unknown(ujob *j, const char *why)
{
    urun *r = j->r;
    undo_set_out(r, j->i, undo_stopping(r) ? UR_NOT_SENT : UR_UNREACHABLE,
                 xasprintf("%s: whether it was recreated is unknown; the next undo looks it up "
                           "first",
                           why));
}

static void on_found(void *ctx, const cJSON *found, int rc, const ic_err *lerr)
{
    ujob *j = ctx;
    urun *r = j->r;
    undo_item *it = &r->p->items[j->i];
    const ic_connector *c = r->p->conn;
    if (rc != 0) {
        unknown(j, lerr && lerr->msg[0] ? lerr->msg : "the lookup failed");
    } else if (found) {
        char id[CONN_ID_MAX] = "";
        cJSON *merged = c->merge(found, it->body);
        bool same = merge_equal(found, merged);
        cJSON_Delete(merged);
        if (!c->doc_id(found, id, sizeof id)) {
            unknown(j, "the API does not give the found invoice's id");
        } else if (same) {
            ic_verbose("invoice '%s': the recreate of unknown outcome went through (invoice %s)",
                       it->key, id);
            recreated(j, id);
        } else {
            char *why = xasprintf("an invoice numbered %s is in the store again (invoice %s) with "
                                  "other values: not recreated",
                                  it->number, id);
            undo_journal_or_fatal(r, journal_failed(r->o->journal, it->key, why, r->err));
            undo_set_out(r, j->i, UR_REJECTED, why);
        }
    } else if (r->fatal || undo_stopping(r) || j->posts >= RECREATE_MAX_POSTS) {
        unknown(j, "not in the store after the POST");
    } else {
        /* not in the store: the POST did not make it, so sending it again cannot make a second */
        ic_verbose("invoice '%s': not in the store after an unknown outcome; sending it again",
                   it->key);
        post(j);
        return;
    }
    undo_job_end(j);
}

static void lookup(ujob *j)
{
    urun *r = j->r;
    if (r->fatal || undo_stopping(r)) {
        unknown(j, "interrupted while in flight");
        undo_job_end(j);
        return;
    }
    undo_item *it = &r->p->items[j->i];
    r->p->conn->find(r->e, "invoiceNumber", it->number, 0, on_found, j);
}

static void on_post(void *ctx, const http_result *res)
{
    ujob *j = ctx;
    urun *r = j->r;
    undo_item *it = &r->p->items[j->i];
    const ic_connector *c = r->p->conn;
    char msg[512];
    if (res->outcome == HTTP_FAILED && res->attempts == 0) {
        /* never left; a first POST's intent stays open, and the next undo lists the store */
        if (j->posts > 1)
            unknown(j, "not sent again");
        else
            undo_set_out(r, j->i, UR_NOT_SENT,
                         xstrdup(r->fatal ? "not sent: the undo stopped at an earlier error"
                                          : "not sent: interrupted; resume with the same command"));
        undo_job_end(j);
        return;
    }
    if (res->outcome != HTTP_ANSWERED) {
        if (res->outcome == HTTP_UNKNOWN) {
            lookup(j);
        } else {
            unknown(j, res->error[0] ? res->error : "no answer");
            undo_job_end(j);
        }
        return;
    }
    enum conn_verdict v = c->verdict(res, msg, sizeof msg);
    char id[CONN_ID_MAX];
    if (v == CONN_OK && c->answer_id(res, id, sizeof id)) {
        recreated(j, id);
    } else if (v == CONN_OK || v == CONN_DUPLICATE ||
               (v == CONN_UNAVAILABLE && res->status >= 500)) {
        /* stored, or perhaps stored (a 5xx after the write; our own earlier POST whose answer
         * was lost): the store says */
        lookup(j);
        return;
    } else if (v == CONN_FORBIDDEN || v == CONN_AUTH || v == CONN_BUDGET) {
        undo_refused_fatal(r, it, "recreate", v, res->status, msg);
        undo_set_out(r, j->i, UR_NOT_SENT, xasprintf("HTTP %ld: %s", res->status, msg));
    } else if (v == CONN_UNAVAILABLE) {
        unknown(j, msg);
    } else {
        char *why = xasprintf("HTTP %ld: %s", res->status, msg);
        undo_journal_or_fatal(r, journal_failed(r->o->journal, it->key, why, r->err));
        undo_set_out(r, j->i, UR_REJECTED, why);
    }
    undo_job_end(j);
}
