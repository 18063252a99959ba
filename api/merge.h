/* Target-neutral document comparison: two JSON documents (a stored one and the same laid over
 * with what a file says, api/connector.h's merge) compared field by field, the way APIs mean their
 * values; and the decimal helpers.  Nothing here names a target's endpoint or field rule: a
 * target's merge rule and update body live in its folder (B2B Edition: api/b2b/b2b_merge.h, which
 * holds what was merge_invoice, merge_put_body and merge_body_matches).
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
 * Ownership: merge_diff fills an array the caller frees with merge_changes_free.  Inputs are never
 * modified.
 */
#ifndef INVOICECTL_API_MERGE_H
#define INVOICECTL_API_MERGE_H

#include <cjson/cJSON.h>

#include <stdbool.h>
#include <stddef.h>

/* True when a and b are equal under the comparison rule above. */
bool merge_equal(const cJSON *a, const cJSON *b);

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
