/* What each target API keeps of an amount: the largest one it stores exactly.
 *
 * B2B Edition (bigcommerce-b2b) takes an invoice's balances as JSON numbers (the Create Invoice
 * schema types `originalBalance.value` and `openBalance.value` as "number"), which JSON parsers
 * read as IEEE 754 doubles.  A double holds every decimal of at most 15 significant digits exactly
 * (DBL_DIG), so with the API's 4 decimals every amount up to 99,999,999,999.9999 comes back as it
 * was sent; beyond that the 4th decimal drifts (12,345,678,901,234.5678 is stored as ...5684).  The
 * same limit holds for every amount of the invoice (cost lines, unit prices, discounts), since they
 * add up to the balances.  See docs/money-and-dates.md.
 *
 * BILL (bill-v3) takes amounts as JSON numbers in currency units with 2 decimals (a unit price of
 * 39.99 dollars is the number 39.99), which most parsers read as doubles too.  The same 15
 * significant digits with 2 decimals give 9,999,999,999,999.99 as the largest amount that comes
 * back as it was sent.
 *
 * Rebillia (rebillia) takes amounts as JSON integers of cents (minor units).  A double holds every
 * integer of magnitude up to 2^53 exactly, so answers are read exactly up to 2^53 cents; but cJSON
 * writes a number with 15 significant digits whenever that parses back within DBL_EPSILON of it,
 * so 2^53 - 1 would go out as 9.00719925474099e+15, 1 cent short.  Every integer below 10^15 is
 * written digit for digit: the limit is 10^15 - 1 cents, 9,999,999,999,999.99 in a 2-decimal
 * currency.  Currencies with 3 or 4 decimals reach 10^15 - 1 minor units sooner: the connector
 * refuses those amounts itself (api/rebillia/cents.c).  See docs/rebillia.md.
 */
#ifndef INVOICECTL_MODEL_TARGET_H
#define INVOICECTL_MODEL_TARGET_H

#include "model/money.h"

#include <stdbool.h>

/* The names a mapping's "target" may take ("bigcommerce-b2b", "bill-v3", "rebillia"): known here,
 * so that the mapping needs nothing of the api layer.  Whether a connector exists for the target is
 * the api layer's word (api/connector.h: connector_find). */
bool target_known(const char *name);
/* The names, for messages: "\"bigcommerce-b2b\", \"bill-v3\" or \"rebillia\"". */
const char *target_names(void);

/* Whether `target` needs `field` in every invoice: a canonical invoice field ("customerId") or a
 * line item's ("lineItems.sku").  A mapping must map it, and an empty cell is an error.  An unknown
 * or NULL target is B2B Edition, the default. */
bool target_requires(const char *target, const char *field);

/* 99,999,999,999.9999: 15 significant digits with 4 decimals. */
#define TARGET_B2B_MAX_AMOUNT ((money_t)999999999999999)

/* 9,999,999,999,999.99: 15 significant digits with 2 decimals (as money_t, 4 places). */
#define TARGET_BILL_MAX_AMOUNT ((money_t)99999999999999900)

/* 9,999,999,999,999.99: 10^15 - 1 cents. */
#define TARGET_REBILLIA_MAX_AMOUNT ((money_t)99999999999999900)

/* The largest magnitude `target` keeps exactly ("bigcommerce-b2b" -> TARGET_B2B_MAX_AMOUNT,
 * "bill-v3" -> TARGET_BILL_MAX_AMOUNT, "rebillia" -> TARGET_REBILLIA_MAX_AMOUNT); for an
 * unknown or NULL target, the whole money range (INT64_MAX). */
money_t target_max_amount(const char *target);

/* True when |m| is more than `target` keeps exactly. */
bool target_amount_too_large(const char *target, money_t m);

#endif
