/* Updates that keep what the CSV does not say: the mapped fields of an invoice (a Create Invoice
 * body, from b2b_invoice_to_json) are laid over the invoice the store holds, and the result is
 * compared with what is stored, field by field, the way the API means its values.
 *
 * Merge rule: objects are merged key by key; arrays (lineItems, costLines, shippingAddresses) and
 * scalars in the body replace the stored ones; every key the body does not name is kept.  The
 * top-level extraFields list is merged by fieldName: the body's fields replace the stored ones of
 * the same name, and stored fields the body does not name are kept.  issuedAt is the creation time,
 * which the API answers as createdAt and keeps on updates: when the stored invoice has createdAt
 * and no issuedAt, the body's issuedAt is left out.
 *
 * Comparison rule (normalisation, so that an invoice read back equals the one sent):
 *  - amounts are decimals compared at the API's precision, 4 places (more are rounded half away
 * from zero): "400.0000", "400.00" and the JSON number 400 are equal, and so are 0.3 and the
 * double 0.30000000000000004.  Two strings are compared as decimals under the keys "value" and
 * "quantity"; a JSON number and a decimal string anywhere;
 *  - null, "", {} and [] are the same as an absent key (the API fills or drops empty values
 * itself);
 *  - everything else compares exactly (strings byte for byte, so "00000009" differs from "9").
 *
 * Ownership: merge_invoice and merge_put_body return new trees the caller frees with cJSON_Delete;
 * merge_diff fills an array the caller frees with merge_changes_free.  Inputs are never modified.
 */
#ifndef INVOICECTL_API_MERGE_H
#define INVOICECTL_API_MERGE_H

#include <cjson/cJSON.h>

#include <stdbool.h>
#include <stddef.h>

/* `stored` with `body` applied.  Either may be NULL (treated as {}). */
cJSON *merge_invoice(const cJSON *stored, const cJSON *body);

/* A PUT body from a merged invoice, following the Update Invoice request schema: the merged tree
 * without the fields the API computes or never accepts (id, createdAt, updatedAt, customerName,
 * isPendingPayment, channelName) and without the top-level strings that are empty or null (the
 * schema wants at least one character: an empty stored field is left as it is); balances' "value"
 * as strings with 4 decimals ("12.0000", the Update schema's type and the API's own spelling);
 * channelId as an integer.  `details` goes back as merged: the API's answer, edited, as its docs
 * ask. */
cJSON *merge_put_body(const cJSON *merged);

/* True when a and b are equal under the comparison rule above. */
bool merge_equal(const cJSON *a, const cJSON *b);

/* True when laying `body` over `stored` would change nothing: the invoice the CSV describes is
 * already in the store (used for the plan's "unchanged" class and to confirm that a create of
 * unknown outcome was ours). */
bool merge_body_matches(const cJSON *stored, const cJSON *body);

typedef struct merge_change {
    char *path;      /* "details.header.costLines[1].amount.value" */
    char *old_value; /* compact text of the stored value; NULL when absent */
    char *new_value; /* compact text of the merged value; NULL when absent */
} merge_change;

/* Every field-level difference between `before` and `after` (paths in document order, at the
 * deepest level where they differ).  Returns the count; *out gets the array (NULL when none). */
size_t merge_diff(const cJSON *before, const cJSON *after, merge_change **out);
void merge_changes_free(merge_change *changes, size_t n);

/* Canonical text of a decimal ("400.0000" -> "400", "-0.50" -> "-0.5", "007" -> "7") into buf;
 * false when `s` is not a plain decimal number (exponents are not decimals here).  Exposed for
 * tests. */
bool merge_decimal_canon(const char *s, char *buf, size_t bufsize);

/* A decimal at the API's precision, exactly 4 places as the API writes amounts ("12" ->
 * "12.0000"; more places are rounded half away from zero: "0.99995" -> "1.0000"); false when `s`
 * is not a plain decimal or lies outside the money range (model/money.h). */
bool merge_decimal_at4(const char *s, char *buf, size_t bufsize);

#endif
