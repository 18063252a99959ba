/* The B2B Edition invoice as JSON: the canonical invoice to a Create Invoice request body (an
 * update's PUT body is made from it by b2b_put_body, api/merge.h), and an API answer's invoice
 * back to the canonical one.
 *
 * Create bodies follow the official spec: balances' `value` as JSON numbers (exact decimal text),
 * cost-line amounts, unit prices and discounts as strings with 4 decimals, quantities as strings in
 * their shortest exact form ("2", "1.25"), channelId as an integer, addresses with all eight
 * fields, absent fields left out. Answers are parsed strictly: a wrong type (`"id": "abc"`) is an
 * error naming the field, never a zero. Amounts in answers should be strings; JSON numbers are
 * taken only when exact (docs/money-and-dates.md). On error the invoice may be partly filled;
 * invoice_release still releases it.
 *
 * Ownership: b2b_invoice_to_json returns a cJSON tree the caller frees with cJSON_Delete.
 * b2b_invoice_from_json fills an ic_invoice the caller has initialised and later frees with
 * invoice_release.
 */
#ifndef INVOICECTL_API_B2B_JSON_H
#define INVOICECTL_API_B2B_JSON_H

#include "model/invoice.h"
#include "util/err.h"

#include <cjson/cJSON.h>

cJSON *b2b_invoice_to_json(const ic_invoice *inv);

/* Returns 0, or IC_EXIT_IO with err naming the field ("invoice 12: 'openBalance.value' is not a
 * number"). */
int b2b_invoice_from_json(const cJSON *obj, ic_invoice *inv, ic_err *err);

#endif
