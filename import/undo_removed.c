/* undo's plan for the invoices an import run removed (import's delete mode): brought back while the
 * store holds nothing under their id or number again (import/undo_plan.h). */
#include "import/undo_plan_internal.h"

#include "util/common.h"

#include <stdio.h>
#include <string.h>

/* The number an invoice the run removed had (what a recreate would give it again), in buf; NULL
 * for an invoice the run did not remove. */
const char *undo_removed_number(const ic_connector *c, const journal_rec *r, char *buf, size_t n)
{
    if (!r->has_before || !r->before_doc || r->before_after)
        return NULL;
    if (!c->doc_key(r->before_doc, "invoiceNumber", buf, n))
        snprintf(buf, n, "%s", r->number ? r->number : r->key);
    return buf;
}

/* The run removed the invoice (import's delete mode, its "before" line holding the stored
 * document): bring it back while the store has nothing under its id or number again.  stored: what
 * the store holds under its id, else under its number. */
void undo_classify_removed(undo_item *it, const ic_connector *c, const journal_rec *r,
                           const cJSON *stored, bool attempted)
{
    it->removed = true;
    snprintf(it->was_id, sizeof it->was_id, "%s", r->id);
    if (!it->was_id[0])
        c->doc_id(r->before_doc, it->was_id, sizeof it->was_id);
    if (!c->doc_key(r->before_doc, "invoiceNumber", it->number, sizeof it->number))
        snprintf(it->number, sizeof it->number, "%s", r->number ? r->number : r->key);
    bool same_id = stored && strcmp(it->id, it->was_id) == 0;
    cJSON *body = c->undelete_request ? NULL : undo_said_by(c, r->before_doc);
    if (!c->undelete_request && !body) {
        undo_refuse(it, xstrdup("the document recorded before its removal cannot be read"));
        return;
    }
    if (stored) {
        /* an earlier undo's request went through: BILL's invoice is listed under its id again,
         * a recreated one holds what the document before its removal says */
        bool back = c->undelete_request ? same_id : undo_holds(c, stored, body, NULL, NULL);
        cJSON_Delete(body);
        if (attempted && back) {
            it->cls = UNDO_UNDONE;
            it->confirm = true;
            it->reason = xstrdup("the earlier undo's request went through");
        } else if (same_id) {
            it->cls = UNDO_UNTOUCHED;
            it->reason = xstrdup("it is in the store again (brought back since the run)");
        } else {
            undo_refuse(it,
                        xasprintf("an invoice numbered %s is in the store again (invoice %s): not "
                                  "%s",
                                  it->number, it->id,
                                  c->undelete_done ? c->undelete_done : "recreated"));
        }
        return;
    }
    snprintf(it->id, sizeof it->id, "%s", it->was_id);
    it->cls = UNDO_RECREATE;
    it->again = attempted;
    it->current = cJSON_Duplicate(r->before_doc, 1);
    it->body = body;
    if (!c->undelete_request)
        it->reason =
            xasprintf("invoice %s is gone for good: created anew, under a new id", it->was_id);
}
