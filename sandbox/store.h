/* The sandbox's storage: one SQLite connection (in memory, or a file that
 * survives restarts) behind a mutex.
 *
 * Each invoice is a row with the columns that lists filter and sort on (id,
 * invoice_number UNIQUE, customer_id, external_id, status, balances as money_t
 * integers, dates…) plus the full answer document (the JSON `data` of GET
 * /invoices/{id}, without extraFields, which live in their own column so that
 * lists can leave them out without parsing).  The columns are derived from the
 * document on every write, so the two never disagree.
 *
 * Writes happen in sb_store_tx: one transaction, committed when the callback
 * returns 0.
 *
 * Ownership: the store owns its connection and statements; documents passed in
 * stay the caller's; documents handed out (sb_tx_invoice_load) are the caller's
 * to cJSON_Delete.  Text readers append to the caller's sbuf.
 */
#ifndef INVOICECTL_SANDBOX_STORE_H
#define INVOICECTL_SANDBOX_STORE_H

#include "util/sbuf.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct sb_store sb_store;
typedef struct sb_store sb_tx; /* the store while a transaction is open */

/* Results of store calls (negative: a database failure, already logged). */
enum { SB_OK = 0, SB_NOT_FOUND = 1, SB_DUPLICATE = 2, SB_ERR_DB = -1 };

/* path NULL: a private in-memory database.  NULL with err set (IC_EXIT_IO) on
 * failure. */
sb_store *sb_store_open(const char *path, ic_err *err);
void sb_store_close(sb_store *s);

/* Runs fn(tx, arg) in one transaction under the store lock; commits when it
 * returns SB_OK, else rolls back. Returns fn's value, or SB_ERR_DB when
 * BEGIN/COMMIT fails. */
int sb_store_tx(sb_store *s, int (*fn)(sb_tx *tx, void *arg), void *arg);

/* The stored document with "extraFields" (an array, possibly empty) put back;
 * caller frees. */
int sb_tx_invoice_load(sb_tx *tx, int64_t id, cJSON **doc);
/* Inserts `doc` (not taken), giving it "id". SB_DUPLICATE when its
 * invoiceNumber is taken. */
int sb_tx_invoice_insert(sb_tx *tx, cJSON *doc, int64_t *id);
/* Replaces invoice `id` with `doc` (its "id" is set to id). SB_DUPLICATE when
 * another invoice has the number; SB_NOT_FOUND when there is no invoice `id`.
 */
int sb_tx_invoice_save(sb_tx *tx, int64_t id, cJSON *doc);
int sb_tx_invoice_delete(sb_tx *tx, int64_t id);
/* SB_OK with *id set when an invoice has that orderNumber, else SB_NOT_FOUND.
 */
int sb_tx_invoice_by_order(sb_tx *tx, const char *order_number, int64_t *id);
/* Inserts a payment document (not taken), giving it "id". */
int sb_tx_payment_insert(sb_tx *tx, cJSON *doc, int64_t *id);

/* Calls fn with every payment document (JSON text, valid during the call), newest first (by
 * createdAt, then id); a non-zero return stops and is returned. */
int sb_store_payment_each(sb_store *s, int (*fn)(void *ctx, const char *doc), void *ctx);

/* Appends invoice `id`'s document as JSON text (with "extraFields" when
 * with_extra). */
int sb_store_invoice_text(sb_store *s, int64_t id, bool with_extra, sbuf *out);

enum sb_sort {
    SB_SORT_INVOICE_NUMBER,
    SB_SORT_CREATED_AT,
    SB_SORT_CUSTOMER_ID,
    SB_SORT_EXTERNAL_CUSTOMER_ID,
    SB_SORT_DUE_DATE,
    SB_SORT_UPDATED_AT,
    SB_SORT_IS_PENDING_PAYMENT,
    SB_SORT_OPEN_BALANCE,
    SB_SORT_ORIGINAL_BALANCE,
    SB_SORT_STATUS
};
enum sb_search {
    SB_SEARCH_ALL = -1,
    SB_SEARCH_INVOICE_NUMBER,
    SB_SEARCH_TYPE,
    SB_SEARCH_ORDER_NUMBER,
    SB_SEARCH_PO_NUMBER,
    SB_SEARCH_CUSTOMER_ID,
    SB_SEARCH_EXTERNAL_CUSTOMER_ID
};

/* A list request; strings and arrays are borrowed from the caller. */
typedef struct sb_list_query {
    int64_t offset, limit;
    enum sb_sort sort;
    bool desc;
    enum sb_search search_by;
    const char *q;             /* NULL: no keyword */
    int status;                /* -1: any */
    const char *customer_id;   /* exact; NULL: any */
    const char *customer_name; /* case-insensitive substring; NULL: any */
    bool has_begin, has_end;
    int64_t begin, end;        /* createdAt bounds, inclusive */
    const char **external_ids; /* n_external_ids exact values (OR) */
    size_t n_external_ids;
    const int64_t *channel_ids;
    size_t n_channel_ids;
    bool with_extra;
} sb_list_query;

/* Appends a JSON array of the page's documents to out and sets *total to the
 * count of all matches. */
int sb_store_invoice_list(sb_store *s, const sb_list_query *q, sbuf *out, int64_t *total);

#endif
