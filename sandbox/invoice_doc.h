/* The stored invoice document: the `data` object GET /invoices/{id} answers,
 * built from request bodies that sb_check_invoice accepted.
 *
 * Normalisation (what a real answer shows): balances {code, value} with value
 * as a string with 4 decimals; details with type "StandardInvoiceDetails",
 * header {costLines (amounts at 4 decimals), orderDate, billingAddress,
 * customerFields, shippingAddresses} and details {shipments, lineItems}, every
 * address and line item carrying the fields the answer schema requires;
 * customerName "Company <customerId>"; channelId as a string;
 * createdAt/updatedAt as unix seconds; status 2 whenever openBalance <= 0 and
 * isPendingPayment 1 while openBalance > 0.
 *
 * Ownership: sb_doc_create returns a tree the caller frees with cJSON_Delete;
 * the others change `doc` in place and never take `body`.
 */
#ifndef INVOICECTL_SANDBOX_INVOICE_DOC_H
#define INVOICECTL_SANDBOX_INVOICE_DOC_H

#include "model/money.h"

#include <cjson/cJSON.h>
#include <stdint.h>

/* The default due date is the creation time plus this many days (the control
 * panel's setting upstream). */
#define SB_DEFAULT_DUE_DAYS 30

cJSON *sb_doc_create(const cJSON *body, int64_t now);
/* Applies an Update body: fields present replace the stored ones, `details` as
 * a whole; createdAt stays. */
void sb_doc_update(cJSON *doc, const cJSON *body, int64_t now);
/* A stored balance ("openBalance" / "originalBalance") as money_t (0 when
 * unreadable). */
money_t sb_doc_balance(const cJSON *doc, const char *which);
/* The currency code of the open balance ("" when none). */
const char *sb_doc_currency(const cJSON *doc);
void sb_doc_set_balance(cJSON *doc, const char *which, money_t value);
/* Re-derives status and isPendingPayment after a balance change. */
void sb_doc_settle(cJSON *doc);
/* Sets or replaces a member, keeping its place when it exists (item taken). */
void sb_doc_put(cJSON *obj, const char *name, cJSON *item);

#endif
