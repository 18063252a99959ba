/* Request-body checks for the sandbox, following the official spec's request
 * schemas: required fields, JSON types, enums, nested details (cost lines,
 * addresses with all eight fields, shipments, line items) and extra fields
 * against the --extra-fields configs.
 *
 * Errors are collected per field under a dotted path with list indexes
 * ("details.details.lineItems[0].sku": ["This field is required."]), the shape
 * of the API's 422 "Parameter Error" answers.  Amount strings that are not
 * numbers are reported apart, because the API answers those with 400 "Please
 * enter a valid number; ".
 *
 * Ownership: sb_check owns `fields` and `bad_number`; sb_check_release releases
 * them.
 */
#ifndef INVOICECTL_SANDBOX_VALIDATE_H
#define INVOICECTL_SANDBOX_VALIDATE_H

#include "model/money.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

typedef struct sb_check {
    cJSON *fields;    /* NULL when every field is fine */
    char *bad_number; /* path of the first amount string that is not a number, or
                         NULL */
    bool nonblank;    /* internal: strings under check need at least one character */
} sb_check;

/* Which request schema a body is checked against. */
enum sb_invoice_op {
    SB_CREATE,        /* POST /invoices: balances' values JSON numbers */
    SB_UPDATE,        /* PUT /invoices/{id}: balances' values strings, top-level
                         strings non-empty; `details` under the Create rules, the
                         leniency the API's read-edit-send-back advice needs
                         (docs/sandbox.md) */
    SB_UPDATE_STRICT, /* PUT, with `details` under the Update schema's own rules
                         too (--strict-details) */
};

/* The Create or Update Invoice rules.  extra_config: the extra-field configs
 * array, or NULL to accept any extra fields. */
void sb_check_invoice(const cJSON *body, enum sb_invoice_op op, const cJSON *extra_config,
                      sb_check *c);
/* The Create Offline Payment body. */
void sb_check_payment(const cJSON *body, sb_check *c);
void sb_check_release(sb_check *c);

/* A plain decimal text ("12", "-3.5", "0.0001"): no grouping, symbols or
 * exponent, at most 4 decimals. */
bool sb_decimal(const char *s, money_t *out);
/* A balance value: a JSON number (rounded to 4 decimals: JSON numbers arrive as
 * binary doubles) or a decimal string. */
bool sb_money_value(const cJSON *v, money_t *out);

#endif
