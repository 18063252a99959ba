/* B2B Edition updates that keep what the file does not say: the mapped fields of an invoice (a
 * Create Invoice body, b2b_invoice_to_json) laid over the invoice the store holds, and the Update
 * Invoice request body made from the result.  Compared with merge_equal/merge_diff (api/merge.h).
 *
 * Merge rule: objects are merged key by key; arrays (lineItems, costLines, shippingAddresses) and
 * scalars in the body replace the stored ones; every key the body does not name is kept.  The
 * top-level extraFields list is merged by fieldName: the body's fields replace the stored ones of
 * the same name, and stored fields the body does not name are kept.  issuedAt is the creation time,
 * which the API answers as createdAt and keeps on updates: when the stored invoice has createdAt
 * and no issuedAt, the body's issuedAt is left out.
 *
 * Ownership: b2b_merge_invoice and b2b_put_body return new trees the caller frees with
 * cJSON_Delete.  Inputs are never modified.
 */
#ifndef INVOICECTL_API_B2B_MERGE_H
#define INVOICECTL_API_B2B_MERGE_H

#include <cjson/cJSON.h>
#include <stdbool.h>

/* `stored` with `body` applied.  Either may be NULL (treated as {}). */
cJSON *b2b_merge_invoice(const cJSON *stored, const cJSON *body);

/* b2b_merge_invoice and then the API's own status rule (status 2, completed, when the open balance
 * is <= 0): the invoice as the store would hold it after the update (the connector's merge). */
cJSON *b2b_merge_as_stored(const cJSON *stored, const cJSON *body);

/* Replace mode (the connector's replace): b2b_merge_as_stored, but the invoice's lists (line
 * items, cost lines, shipping addresses, extra fields) are the body's whole, also when it has none:
 * stored ones the body lacks are dropped.  What the API fills in itself is kept. */
cJSON *b2b_replace_invoice(const cJSON *stored, const cJSON *body);

/* A PUT body from a merged invoice, following the Update Invoice request schema: the merged tree
 * without the fields the API computes or never accepts (id, createdAt, updatedAt, customerName,
 * isPendingPayment, channelName) and without the top-level strings that are empty or null (the
 * schema wants at least one character: an empty stored field is left as it is); balances' "value"
 * as strings with 4 decimals ("12.0000", the Update schema's type and the API's own spelling);
 * channelId as an integer.  `details` goes back as merged: the API's answer, edited, as its docs
 * ask. */
cJSON *b2b_put_body(const cJSON *merged);

/* True when laying `body` over `stored` would change nothing: the invoice the file describes is
 * already in the store (the plan's "unchanged" class; confirming that a create of unknown outcome
 * was ours). */
bool b2b_body_matches(const cJSON *stored, const cJSON *body);

#endif
