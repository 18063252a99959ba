/* The canonical invoice: the one meeting point of mapping (which produces it), connectors (which
 * turn it into an API's JSON and back) and writers (which render it).  Field names follow B2B
 * Edition's Create Invoice body.
 *
 * Presence: a NULL string and a false has_* flag mean "not given" — the field is not sent, and an
 * update keeps the stored value.  An empty string "" is a value (addresses allow it).
 *
 * Ownership: every pointer inside an ic_invoice is owned by it (heap strings and arrays);
 * invoice_release() releases them all.  Setters copy their argument.
 */
#ifndef INVOICECTL_MODEL_INVOICE_H
#define INVOICECTL_MODEL_INVOICE_H

#include "model/money.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ic_address {
    bool present;
    char *first_name, *last_name, *street1, *street2, *city, *state, *zip_code, *country;
} ic_address;

typedef struct ic_cost_line {
    char *description;
    money_t amount;
    long line; /* physical CSV line it came from, 0 when invoice-level or from the API */
} ic_cost_line;

typedef struct ic_line_item {
    char *sku;
    char *description; /* NULL when not mapped */
    char *type;        /* "physical", "digital", … NULL when not mapped */
    char *comments;
    money_t quantity; /* at 4 decimal places like money */
    money_t unit_price;
    bool has_discount;
    money_t unit_discount;
    long line; /* physical CSV line it came from */
} ic_line_item;

typedef struct ic_extra_field {
    char *name;
    char *value;
} ic_extra_field;

typedef struct ic_invoice {
    /* --- what the API stores --- */
    int64_t id; /* 0 until known from the API */
    char
        *text_id; /* the API's id when it is not a number (BILL's "00e…"), for exports; else NULL */
    char *invoice_number;
    char *customer_id;
    char *customer_name;  /* read-only in B2B Edition; BILL creates a customer from name + email */
    char *customer_email; /* BILL: with customer_name, the new customer's email (B2B: unused) */
    char *external_id;
    char *external_customer_id;
    char *type;
    char *order_number;
    char *purchase_order_number;
    char *terms_conditions;
    char *external_pdf_url;
    char *channel_id;
    char currency[4]; /* ISO 4217; "" when unknown */
    bool has_original_balance, has_open_balance;
    money_t original_balance, open_balance;
    bool open_balance_computed; /* the mapping computed it from the lines ("compute"): the file
                                   says nothing of payments (import/plan.h plan_file_body) */
    bool has_due_date, has_issued_at, has_status, has_source;
    int64_t due_date, issued_at;    /* unix seconds */
    int status;                     /* 0 open, 1 partially paid, 2 completed */
    int source;                     /* 0 B2B Edition, 1 external */
    int64_t created_at, updated_at; /* from the API; 0 when unknown */

    ic_address billing;
    ic_address *shipping;
    size_t n_shipping;
    ic_cost_line *cost_lines;
    size_t n_cost_lines;
    ic_line_item *line_items;
    size_t n_line_items;
    ic_extra_field *extra_fields;
    size_t n_extra_fields;

    /* --- where it came from (CSV input) --- */
    char *key;       /* the group_by values joined by " / ", for messages */
    long first_line; /* physical line of its first row */
    size_t *records; /* 0-based data-record indices of its rows, ascending */
    size_t n_records;
    bool valid; /* false once an error was reported against it */
    /* Its own import mode (enum ic_mode, model/mode.h) when the file says one (the mapping's
     * "mode" column); has_mode false: the command's --mode. */
    bool has_mode;
    int mode;
} ic_invoice;

void invoice_init(ic_invoice *inv);
/* Frees everything the invoice owns (not the struct itself) and re-initialises it. */
void invoice_release(ic_invoice *inv);

/* Replace *slot with a copy of s (NULL allowed); frees the old value. */
void invoice_set_str(char **slot, const char *s);

/* Appends and returns a zeroed element; the invoice owns it. */
ic_line_item *invoice_add_line_item(ic_invoice *inv);
ic_cost_line *invoice_add_cost_line(ic_invoice *inv);
ic_extra_field *invoice_add_extra_field(ic_invoice *inv, const char *name, const char *value);
ic_address *invoice_add_shipping(ic_invoice *inv);
void invoice_add_record(ic_invoice *inv, size_t record);

void address_release(ic_address *a);

/* Σ quantity × (unit price − discount) over line items; false on overflow. */
bool invoice_subtotal(const ic_invoice *inv, money_t *out);
/* Σ cost-line amounts; false on overflow. */
bool invoice_costs(const ic_invoice *inv, money_t *out);

/* Status as a word: "open", "partially paid", "completed", or "unknown". */
const char *invoice_status_word(int status);

#endif
