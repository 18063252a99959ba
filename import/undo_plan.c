/* The plan of `invoicectl undo` (import/undo_plan.h): the store listed once, then one class per
 * invoice the run touched. */
#include "import/undo_plan_internal.h"

#include "model/money.h"
#include "util/common.h"
#include "util/log.h"
#include "util/strmap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *undo_class_name(enum undo_class c)
{
    static const char *const names[UNDO_NCLASSES] = {"delete", "restore",   "recreate", "refused",
                                                     "gone",   "untouched", "undone"};
    return c < UNDO_NCLASSES ? names[c] : "?";
}

/* Does the store hold the document recorded before the update (in canonical terms: its invoice as
 * a create body, laid over what is stored, changes nothing)? */
static bool holds_doc(const ic_connector *c, const cJSON *stored, const cJSON *doc)
{
    cJSON *said = undo_said_by(c, doc);
    bool same = said && undo_holds(c, stored, said, NULL, NULL);
    cJSON_Delete(said);
    return same;
}

/* The update that puts `before` back over `stored`.  Laid over the stored document by the target's
 * merge rule, as an import's update is, so that what the target keeps of the stored lines stays
 * valid (BILL: a line the run's update replaced has a new id, and the old one would be refused).
 * The document before the update is sent whole instead when the merge gives back its lines as they
 * were (B2B Edition: then the store gets back its own text, "0" and not "0.0000"), and when the
 * merge would keep a field the run added and `before` lacked (the file set it, the store had not:
 * a difference, outside the lines, from nothing to something). */
static cJSON *restore_body(const ic_connector *c, const cJSON *stored, const cJSON *before)
{
    cJSON *want = undo_said_by(c, before);
    cJSON *merged = want ? c->merge(stored, want) : NULL;
    merge_change *ch = NULL;
    size_t n = merged ? c->diff(before, merged, &ch) : 0;
    bool lines = false, added = false;
    for (size_t k = 0; k < n; k++) {
        bool in_list = strchr(ch[k].path, '[') != NULL;
        lines |= in_list;
        added |= !in_list && !ch[k].old_value && ch[k].new_value;
    }
    bool use_merged = lines && !added;
    merge_changes_free(ch, n);
    cJSON *body = use_merged ? c->update_body(merged, stored) : c->update_body(before, stored);
    cJSON_Delete(want);
    cJSON_Delete(merged);
    return body;
}

/* The amount paid on a stored invoice: original - open balance (0 when it gives neither). */
static bool paid(const ic_connector *c, const cJSON *doc, money_t *out, ic_err *err)
{
    ic_invoice inv;
    invoice_init(&inv);
    int rc = c->read_doc(doc, &inv, err);
    *out = rc == 0 && inv.has_original_balance && inv.has_open_balance
               ? inv.original_balance - inv.open_balance
               : 0;
    invoice_release(&inv);
    return rc == 0;
}

/* "changed since the run: dueDate 1790726400 -> 1790812800, …" (the first three). */
static char *changes_reason(const undo_item *it)
{
    char buf[512];
    size_t used =
        (size_t)snprintf(buf, sizeof buf, "changed in the store since the run (%zu field%s",
                         it->n_changes, it->n_changes == 1 ? "" : "s");
    for (size_t k = 0; k < it->n_changes && k < 3 && used < sizeof buf; k++) {
        const merge_change *ch = &it->changes[k];
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s %s: %s, the run left %s",
                                 k ? ";" : ":", ch->path, ch->old_value ? ch->old_value : "(none)",
                                 ch->new_value ? ch->new_value : "(none)");
    }
    if (used < sizeof buf)
        snprintf(buf + used, sizeof buf - used, "%s)", it->n_changes > 3 ? "; …" : "");
    return xstrdup(buf);
}

static void classify_created(undo_item *it, const ic_connector *c, const journal_rec *r,
                             const cJSON *stored, bool attempted)
{
    if (!stored) {
        it->cls = attempted ? UNDO_UNDONE : UNDO_GONE;
        it->confirm = attempted;
        it->reason = xstrdup(attempted ? "the earlier undo's request went through"
                                       : "no longer in the store");
        return;
    }
    char why[256] = "";
    bool removable = !c->can_delete || c->can_delete(stored, why, sizeof why);
    if (attempted && !removable) {
        /* an earlier undo's archive went through (BILL: "archived already") */
        it->cls = UNDO_UNDONE;
        it->confirm = true;
        it->reason = xasprintf("the earlier undo's request went through (%s)", why);
        return;
    }
    if (!removable) {
        undo_refuse(it, xasprintf("cannot be removed now: %s", why));
        return;
    }
    if (!undo_holds(c, stored, r->before_after, &it->changes, &it->n_changes)) {
        undo_refuse(it, changes_reason(it));
        return;
    }
    it->cls = UNDO_DELETE;
    it->again = attempted;
    it->current = cJSON_Duplicate(stored, 1);
}

static void classify_updated(undo_item *it, const ic_connector *c, const journal_rec *r,
                             const cJSON *stored, bool attempted, bool outcome_unknown)
{
    if (!stored) {
        undo_refuse(it, xstrdup("no longer in the store (removed since the run)"));
        return;
    }
    if (attempted && holds_doc(c, stored, r->before_doc)) {
        it->cls = UNDO_UNDONE;
        it->confirm = true;
        it->reason = xstrdup("the earlier undo's request went through");
        return;
    }
    bool said = undo_holds(c, stored, r->before_after, &it->changes, &it->n_changes);
    if (!said && holds_doc(c, stored, r->before_doc)) {
        it->cls = UNDO_UNTOUCHED;
        it->reason = xstrdup(outcome_unknown ? "the run's update did not reach the store"
                                             : "the store holds it as before the update already");
        merge_changes_free(it->changes, it->n_changes);
        it->changes = NULL;
        it->n_changes = 0;
        return;
    }
    money_t now = 0, then = 0;
    ic_err err = {0};
    if (!paid(c, stored, &now, &err) || !paid(c, r->before_doc, &then, &err)) {
        undo_refuse(it, xasprintf("cannot be read: %s", err.msg));
        return;
    }
    if (now != then) {
        char a[MONEY_MAX_TEXT], b[MONEY_MAX_TEXT];
        money_format(now, 2, a, sizeof a);
        money_format(then, 2, b, sizeof b);
        undo_refuse(it, xasprintf("paid since the run: %s paid now, %s before the update", a, b));
        return;
    }
    if (!said) {
        undo_refuse(it, changes_reason(it));
        return;
    }
    merge_changes_free(it->changes, it->n_changes);
    it->changes = NULL;
    it->n_changes = 0;
    it->cls = UNDO_RESTORE;
    it->again = attempted;
    it->current = cJSON_Duplicate(stored, 1);
    it->body = restore_body(c, stored, r->before_doc);
}

/* What the run did to the invoice, as the plan shows it ("created?" when its outcome is not
 * known); static text, or the journal's own action (borrowed). */
static const char *what_run_did(const journal_rec *r)
{
    if (r->state == JOURNAL_DONE)
        return r->action ? r->action : "?";
    if (r->state == JOURNAL_FAILED)
        return "failed";
    if (r->has_before && r->before_after_outcome)
        return r->before_doc ? "updated?" : "created?";
    return "nothing";
}

void undo_classify(undo_item *it, const ic_connector *c, const journal_rec *r, const cJSON *stored,
                   const journal_rec *u)
{
    it->key = r->key;
    snprintf(it->id, sizeof it->id, "%s", r->id);
    if (stored && !c->doc_id(stored, it->id, sizeof it->id))
        snprintf(it->id, sizeof it->id, "%s", r->id);
    it->was = what_run_did(r);
    if (u && u->state == JOURNAL_DONE) {
        it->cls = UNDO_UNDONE;
        it->reason = xasprintf("%s by an earlier undo", u->action ? u->action : "undone");
        return;
    }
    /* an earlier undo wrote its "before" and sent the request, but no outcome came back */
    bool attempted = u && u->has_before && u->before_after_outcome;
    bool done = r->state == JOURNAL_DONE;
    const char *action = done && r->action ? r->action : "";
    bool creates = r->has_before && !r->before_doc && r->before_after;
    bool updates = r->has_before && r->before_doc && r->before_after;
    bool removes = r->has_before && r->before_doc && !r->before_after;
    if (done && strcmp(action, "created") == 0) {
        if (!creates)
            undo_refuse(it, xstrdup("the journal does not record what the file said (written by an "
                                    "older invoicectl)"));
        else
            classify_created(it, c, r, stored, attempted);
    } else if (done && strcmp(action, "updated") == 0) {
        if (!updates || r->before_after_outcome)
            undo_refuse(it, xstrdup("the journal does not record the invoice before the update "
                                    "(written by an older invoicectl)"));
        else
            classify_updated(it, c, r, stored, attempted, false);
    } else if (done && strcmp(action, c->delete_done) == 0) {
        if (!removes)
            undo_refuse(it, xstrdup("the journal does not record the invoice before its removal "
                                    "(written by an older invoicectl)"));
        else
            undo_classify_removed(it, c, r, stored, attempted);
    } else if (done) {
        undo_refuse(it, xasprintf("the run %s it; undo cannot reverse that", it->was));
    } else if (removes && r->before_after_outcome) {
        /* killed while removing: the store says whether the removal went through */
        char sid[CONN_ID_MAX] = "";
        if (stored && c->doc_id(stored, sid, sizeof sid) && strcmp(sid, r->id) == 0) {
            it->cls = UNDO_UNTOUCHED;
            it->reason = xstrdup("the run's removal did not reach the store");
        } else {
            it->was = c->delete_done;
            undo_classify_removed(it, c, r, stored, attempted);
        }
    } else if (r->state == JOURNAL_INTENT && creates) {
        /* killed while creating: the store says whether the create went through */
        if (!stored) {
            it->cls = attempted ? UNDO_UNDONE : UNDO_UNTOUCHED;
            it->confirm = attempted;
            it->reason = xstrdup(attempted ? "the earlier undo's request went through"
                                           : "the run's create did not reach the store");
        } else {
            classify_created(it, c, r, stored, attempted);
        }
    } else if (updates && r->before_after_outcome) {
        classify_updated(it, c, r, stored, attempted, true);
    } else {
        it->cls = UNDO_UNTOUCHED;
        it->reason = xstrdup(r->state == JOURNAL_FAILED ? "the API refused the run's request"
                                                        : "the run sent nothing for it");
    }
}

/* --- the store, listed once
 * ----------------------------------------------------------------------------------------- */

typedef struct store_ctx {
    const ic_connector *c;
    strmap want_id, want_number; /* what the run's journal names */
    cJSON *kept;                 /* the stored documents of those (owned) */
    strmap by_id, by_number;     /* -> position in kept */
    size_t listed;
} store_ctx;

static int on_page(void *ctx, const cJSON *docs, size_t offset, size_t total)
{
    (void)offset;
    (void)total;
    store_ctx *s = ctx;
    const cJSON *d;
    cJSON_ArrayForEach(d, docs)
    {
        s->listed++;
        char id[CONN_ID_MAX] = "", number[256] = "";
        size_t ignored;
        bool by_id = s->c->doc_id(d, id, sizeof id) && strmap_get(&s->want_id, id, &ignored);
        bool by_number = s->c->doc_key(d, "invoiceNumber", number, sizeof number) &&
                         strmap_get(&s->want_number, number, &ignored);
        if (!by_id && !by_number)
            continue;
        size_t at = (size_t)cJSON_GetArraySize(s->kept);
        cJSON_AddItemToArray(s->kept, cJSON_Duplicate(d, 1));
        if (id[0])
            strmap_put(&s->by_id, id, at);
        if (number[0])
            strmap_put(&s->by_number, number, at);
    }
    return 0;
}

static const cJSON *stored_of(const store_ctx *s, const journal_rec *r)
{
    size_t at;
    char buf[256];
    const char *gone = undo_removed_number(s->c, r, buf, sizeof buf);
    if (r->id[0] && strmap_get(&s->by_id, r->id, &at))
        return cJSON_GetArrayItem(s->kept, (int)at);
    if (r->id[0] && !gone)
        return NULL;
    const char *number = gone ? gone : r->number ? r->number : r->key;
    return strmap_get(&s->by_number, number, &at) ? cJSON_GetArrayItem(s->kept, (int)at) : NULL;
}

int undo_plan_build(http_engine *e, const ic_connector *c, const journal_log *run,
                    const journal_log *done, undo_plan *out, ic_err *err)
{
    memset(out, 0, sizeof *out);
    out->conn = c;
    store_ctx s = {.c = c, .kept = cJSON_CreateArray()};
    strmap_init(&s.want_id);
    strmap_init(&s.want_number);
    strmap_init(&s.by_id);
    strmap_init(&s.by_number);
    for (size_t i = 0; i < run->n; i++) {
        const journal_rec *r = &run->recs[i];
        char buf[256];
        const char *gone = undo_removed_number(c, r, buf, sizeof buf);
        if (r->id[0])
            strmap_put(&s.want_id, r->id, i);
        if (gone) /* the store may hold an invoice with its number again */
            strmap_put(&s.want_number, gone, i);
        else if (!r->id[0])
            strmap_put(&s.want_number, r->number ? r->number : r->key, i);
    }
    conn_filter f;
    conn_filter_init(&f);
    f.include_extra_fields = true; /* as import compares: extra fields included */
    ic_verbose("listing the store's invoices");
    int rc = c->list(e, &f, on_page, &s, err);
    if (rc == 0) {
        out->store_listed = s.listed;
        out->items = xcalloc(run->n ? run->n : 1, sizeof *out->items);
        for (size_t i = 0; i < run->n; i++) {
            const journal_rec *r = &run->recs[i];
            undo_item *it = &out->items[out->n++];
            undo_classify(it, c, r, stored_of(&s, r), done ? journal_log_get(done, r->key) : NULL);
            out->counts[it->cls]++;
        }
    }
    strmap_release(&s.want_id);
    strmap_release(&s.want_number);
    strmap_release(&s.by_id);
    strmap_release(&s.by_number);
    cJSON_Delete(s.kept);
    return rc;
}

void undo_plan_release(undo_plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        undo_item *it = &p->items[i];
        cJSON_Delete(it->current);
        cJSON_Delete(it->body);
        merge_changes_free(it->changes, it->n_changes);
        free(it->reason);
    }
    free(p->items);
    memset(p, 0, sizeof *p);
}
