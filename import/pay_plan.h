/* The plan of `invoicectl pay`: what becomes of each row of a payments file before anything is
 * sent.  Each row is one of:
 *
 *  - record: to be recorded (the invoice is in the store, open, in the payment's currency, and the
 *    payment fits in what is left of its open balance once the rows above it that pay the same
 *    invoice are counted);
 *  - recorded: recorded already, by an earlier run (the journal says so) or found in the store by
 *    its payment key (the target's payment lookup): never sent again;
 *  - refused: the invoice is not in the store, is paid already (completed), is in another
 *    currency, the payment is more than what is left of its open balance, or the row repeats an
 *    earlier row (same invoice, amount, date and reference: the same payment key);
 *  - invalid: the row itself is wrong (model/payment.h: its error and column);
 *  - unknown: an earlier run sent it and got no answer, and the target offers no way to find a
 *    payment again (BILL): it may be recorded, so it is not sent again unless retry_unknown.
 *
 * pay_plan_read_store fills what the store holds (the invoices the file names, and the payment
 * keys already recorded against them); pay_plan_classify decides, without the network.
 *
 * Ownership: the plan borrows the batch's payments (the batch must outlive it) and owns the rest;
 * pay_plan_release empties it.
 */
#ifndef INVOICECTL_IMPORT_PAY_PLAN_H
#define INVOICECTL_IMPORT_PAY_PLAN_H

#include "api/connector.h"
#include "api/http.h"
#include "import/journal.h"
#include "model/payment.h"
#include "util/err.h"
#include "util/strmap.h"

#include <stdbool.h>
#include <stddef.h>

enum pay_class { PAY_RECORD = 0, PAY_RECORDED, PAY_REFUSED, PAY_INVALID, PAY_UNKNOWN, PAY_NCLASS };

/* "record", "recorded", "refused", "invalid", "unknown". */
const char *pay_class_name(enum pay_class c);

/* A stored invoice the file pays (one per distinct invoice key of its valid rows). */
typedef struct pay_invoice {
    char *key;  /* as the file names it (number or external id) */
    bool found; /* in the store */
    cJSON *doc; /* the stored document (owned); NULL when not found */
    char id[CONN_ID_MAX];
    char *number;  /* its invoice number (for the journal and messages) */
    bool has_open; /* the store told its open balance */
    money_t open;  /* open balance */
    int status;    /* 0 open, 1 partially paid, 2 completed; -1 unknown */
    char currency[4];
    bool lookup;         /* the store is asked for its payments (pay_plan_mark_lookups) */
    strmap recorded;     /* payment keys already recorded against it -> index in recorded_ids */
    char **recorded_ids; /* their payment ids ("" unknown) */
    size_t n_recorded;
    money_t pending;   /* classify: what the rows planned so far take of the open balance */
    long pending_line; /* the first such row */
} pay_invoice;

typedef struct pay_item {
    ic_payment *p; /* borrowed from the batch */
    enum pay_class cls;
    char *reason;         /* refused, invalid, unknown: why (owned) */
    size_t inv;           /* index into invs; (size_t)-1 for an invalid row */
    char id[CONN_ID_MAX]; /* recorded: the payment's id when known */
    bool by_journal, by_lookup;
} pay_item;

typedef struct pay_plan {
    const ic_connector *conn;
    pay_item *items; /* one per row of the batch, in file order */
    size_t n;
    pay_invoice *invs;
    size_t n_invs;
    strmap inv_index; /* key -> index in invs */
    size_t counts[PAY_NCLASS];
    size_t store_listed; /* invoices the store listed */
} pay_plan;

/* One item per payment of the batch, one pay_invoice per distinct invoice of its valid rows (all
 * "not found" until pay_plan_read_store or a test fills them). */
void pay_plan_init(pay_plan *p, const ic_connector *c, pay_batch *b);
void pay_plan_release(pay_plan *p);

/* Fills invs from the store: lists it (the connector's list, synchronous), keeps the invoices
 * whose match_field value the file names, reads their balances, and asks the target which
 * payment keys are recorded against each invoice pay_plan_mark_lookups marks (payment_find,
 * when it has one).  j may be NULL (no earlier runs).  0 or an exit code with err. */
int pay_plan_read_store(pay_plan *p, http_engine *e, const char *match_field, const journal *j,
                        ic_err *err);
/* Sets each invoice's "lookup": whether the store must be asked for its payments, that is whether
 * some valid row paying it is not recorded by the journal ("done").  A row the journal does not
 * know, whose intent is open, or that failed (known not recorded then, so sent again) may have
 * been recorded since by a run with another journal: only the store's payments keep it from being
 * recorded twice.  A row the journal says is recorded is recorded whatever the store says, so
 * asking would change nothing.  j may be NULL.  Returns how many invoices need the lookup. */
size_t pay_plan_mark_lookups(pay_plan *p, const journal *j);
/* Sets an invoice's facts from a stored document (read_doc of the plan's connector). */
int pay_plan_set_invoice(pay_plan *p, size_t i, const cJSON *doc, ic_err *err);
/* Notes a payment key recorded against invoice i (payment_id "" unknown). */
void pay_plan_add_recorded(pay_plan *p, size_t i, const char *key, const char *payment_id);

/* Classifies every row, in file order (see above).  j may be NULL (no earlier runs); title names
 * the target in the "unknown" reason. */
void pay_plan_classify(pay_plan *p, const journal *j, bool retry_unknown);

#endif
