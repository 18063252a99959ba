/* The import plan: what the store already holds (one paged list, indexed by the mapping's match
 * field), and for every invoice of the CSV one class: create, update (with its field-level diff),
 * unchanged, refused by the mode, or invalid.
 *
 * Target-neutral: every question about a stored document (its key, its id, whether it reads as an
 * invoice, the merge, the diff, the update body) goes to the target's connector (api/connector.h).
 *
 * Ownership: a store_index owns the stored invoices it keeps (copies of the listed ones whose key
 * the batch names; the others are not kept).  An import_plan owns its items' bodies and diffs;
 * plan_release releases them. Items point at the batch's invoices (borrowed: the batch must outlive
 * the plan).
 */
#ifndef INVOICECTL_IMPORT_PLAN_H
#define INVOICECTL_IMPORT_PLAN_H

#include "api/connector.h"
#include "api/merge.h"
#include "mapping/mapping.h"
#include "model/mode.h"
#include "util/err.h"
#include "util/strmap.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The modes of model/mode.h: the command's --mode, and each invoice's own (ic_invoice.mode when
 * has_mode). */
enum import_mode {
    IMPORT_UPSERT = IC_MODE_UPSERT,
    IMPORT_CREATE = IC_MODE_CREATE,
    IMPORT_UPDATE = IC_MODE_UPDATE,
    IMPORT_REPLACE = IC_MODE_REPLACE,
    IMPORT_DELETE = IC_MODE_DELETE,
    IMPORT_SKIP = IC_MODE_SKIP
};

/* "upsert", "create", "update", "replace", "delete", "skip" (any case) to a mode; -1 when
 * unknown. */
int import_mode_parse(const char *s);
const char *import_mode_name(enum import_mode m);

/* New classes go before PLAN_NCLASSES: plan files list the classes in this order. */
enum plan_class {
    PLAN_CREATE = 0,
    PLAN_UPDATE,
    PLAN_UNCHANGED,
    PLAN_REFUSED,
    PLAN_INVALID,
    PLAN_DELETE, /* in the store, and the target may remove it (delete mode) */
    PLAN_SKIP,   /* skip mode: read, never sent */
    PLAN_NCLASSES
};

/* "create", "update", "unchanged", "refused", "invalid", "delete", "skip". */
const char *plan_class_name(enum plan_class c);

/* --- the store, indexed
 * ---------------------------------------------------------------------------- */

typedef struct store_index {
    const ic_connector *conn; /* the target */
    const char *match_field;  /* "invoiceNumber" or "externalId" (borrowed) */
    strmap wanted;            /* the batch's keys: only those are kept */
    cJSON *kept;              /* array of stored invoices (owned) */
    strmap by_key;            /* key -> position in kept; STORE_DUPLICATE when two share it */
    size_t listed;            /* invoices seen in the list */
} store_index;

#define STORE_DUPLICATE ((size_t)-1)

/* Prepares an index of the target's store for the keys of the batch's invoices. */
void store_index_init(store_index *s, const ic_connector *conn, const char *match_field,
                      const ic_batch *b);
void store_index_release(store_index *s);
/* Adds one page of the list (an array of stored documents; borrowed) that starts at offset.  Every
 * listed invoice the batch names must read as one (the connector's read_doc: an id, amounts,
 * dates…): a plan made from an answer that cannot be read would act on guesses.  0, or IC_EXIT_IO
 * with err naming the invoice and its offset. */
int store_index_add_page(store_index *s, const cJSON *invoices, size_t offset, ic_err *err);
/* The stored invoice with this key: NULL when none; *duplicate set when several share it. */
const cJSON *store_index_find(const store_index *s, const char *key, bool *duplicate);

/* The match value of a canonical invoice (NULL when it has none); a stored document's is the
 * connector's doc_key. */
const char *plan_invoice_key(const ic_invoice *inv, const char *match_field);

/* --- the plan
 * ---------------------------------------------------------------------------------------- */

typedef struct plan_item {
    ic_invoice *inv; /* borrowed from the batch */
    size_t index;    /* position in the batch */
    const char *key; /* match value (borrowed from inv; the group key when the invoice has none) */
    enum plan_class cls;
    enum import_mode mode; /* the invoice's own mode, else the plan's */
    cJSON *body;           /* CREATE: the create body; UPDATE: the update body (stored merged with
                              the CSV; replace mode: the CSV's details whole) */
    char id[CONN_ID_MAX];  /* UPDATE / UNCHANGED / DELETE (and REFUSED in create mode): the stored
                              invoice's id as text; "" none */
    cJSON *stored;         /* UPDATE / DELETE: a copy of the stored document (the journal's
                              "before") */
    bool not_in_store;     /* delete mode, REFUSED: the store does not hold it (the run counts it
                              deleted when the journal shows this command's earlier removal) */
    merge_change *changes; /* UPDATE: the field-level diff, stored -> merged */
    size_t n_changes;
    char *reason;        /* REFUSED / INVALID: why (owned) */
    long reason_line;    /* INVALID: the line of the first error, 0 when none */
    char *reason_column; /* INVALID: its column (owned), NULL when none */
} plan_item;

typedef struct import_plan {
    const ic_connector *conn; /* the target (the store index's) */
    enum import_mode mode;
    const char *match_field;
    plan_item *items; /* one per batch invoice, in batch order */
    size_t n;
    size_t counts[PLAN_NCLASSES];
    size_t store_listed; /* invoices the list returned */
} import_plan;

/* Classifies every invoice of the batch against the store, each in its own mode (the invoice's
 * has_mode/mode, else `mode`).  Returns 0 (never fails but for memory). */
int plan_build(ic_batch *b, const store_index *store, enum import_mode mode, import_plan *out,
               ic_err *err);
void plan_release(import_plan *p);

/* The body the file's invoice means for this target, laid over a stored document or not (NULL).
 * When the mapping computed the open balance from the lines and the store holds payments against
 * the invoice (its open balance differs from its original balance), the body keeps what was paid:
 * open balance = the file's original balance - (stored original - stored open).  A computed open
 * balance says nothing about payments; sending it would set a paid invoice back to unpaid.  An
 * open balance read from a column (the ERP's own "Amount Due") is sent as the file says.  A new
 * tree (caller cJSON_Deletes); NULL only when out of memory. */
cJSON *plan_file_body(const ic_connector *conn, const ic_invoice *inv, const cJSON *stored);

/* Classifies (again) one item against a stored document of the target (NULL: none), as plan_build
 * does; also for one found later (a lookup).  `mode` is the item's (it->mode). */
void plan_classify_item(plan_item *it, const ic_connector *conn, const cJSON *stored,
                        enum import_mode mode);

#endif
