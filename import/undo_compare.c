/* What undo's plan compares (import/undo_plan_internal.h). */
#include "import/undo_plan_internal.h"

/* Does the store hold what `said` says (a create body)?  The import plan's "unchanged" test;
 * ch and n (may be NULL) get the differences, stored -> said. */
bool undo_holds(const ic_connector *c, const cJSON *stored, const cJSON *said, merge_change **ch,
                size_t *n)
{
    cJSON *merged = c->merge(stored, said);
    merge_change *changes = NULL;
    size_t k = c->diff(stored, merged, &changes);
    cJSON_Delete(merged);
    if (ch) {
        *ch = changes;
        *n = k;
    } else {
        merge_changes_free(changes, k);
    }
    return k == 0;
}

/* A canonical invoice's create body, from a stored document; NULL when it cannot be read. */
cJSON *undo_said_by(const ic_connector *c, const cJSON *doc)
{
    ic_invoice inv;
    ic_err err = {0};
    invoice_init(&inv);
    cJSON *body = c->read_doc(doc, &inv, &err) == 0 ? c->create_body(&inv) : NULL;
    invoice_release(&inv);
    return body;
}

void undo_refuse(undo_item *it, char *reason)
{
    it->cls = UNDO_REFUSED;
    it->reason = reason;
}
