/* Inside undo's plan (import/undo_plan.c, import/undo_removed.c): the comparisons both use.  Not
 * for other callers: import/undo_plan.h is the interface. */
#ifndef INVOICECTL_IMPORT_UNDO_PLAN_INTERNAL_H
#define INVOICECTL_IMPORT_UNDO_PLAN_INTERNAL_H

#include "import/undo_plan.h"

/* Does the store hold what `said` says (a create body)?  The import plan's "unchanged" test;
 * ch and n (may be NULL) get the differences, stored -> said. */
bool undo_holds(const ic_connector *c, const cJSON *stored, const cJSON *said, merge_change **ch,
                size_t *n);
/* A canonical invoice's create body, from a stored document; NULL when it cannot be read. */
cJSON *undo_said_by(const ic_connector *c, const cJSON *doc);
/* Classifies it "refused", with reason (owned by the item from then on). */
void undo_refuse(undo_item *it, char *reason);

/* The run removed the invoice (its "before" line holds the stored document, and no "after"):
 * stored is what the store holds under its id, else under its number (NULL: nothing);
 * attempted: an earlier undo sent its request without recording the outcome. */
void undo_classify_removed(undo_item *it, const ic_connector *c, const journal_rec *r,
                           const cJSON *stored, bool attempted);
/* The invoice number of an invoice the run removed, in buf; NULL for one it did not remove. */
const char *undo_removed_number(const ic_connector *c, const journal_rec *r, char *buf, size_t n);

#endif
