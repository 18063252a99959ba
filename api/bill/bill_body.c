/* The canonical invoice as BILL's create body (POST /v3/invoices).
 *
 * What BILL has no place for is left out here and reported by bill_check (as a warning naming the
 * field and what happens to it), except two things that change the amount and so are carried:
 * cost lines become line items (quantity 1, price the amount), and a line's unit discount is
 * taken off its price.  Amounts are JSON numbers written from their exact text. */
#include "api/bill/bill.h"
#include "api/bill/bill_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cJSON *need(cJSON *item)
{
    if (!item) {
        fputs("invoicectl: error: out of memory\n", stderr);
        exit(IC_EXIT_INTERNAL);
    }
    return item;
}

static void put_str(cJSON *obj, const char *key, const char *s)
{
    cJSON_AddItemToObjectCS(obj, key, need(cJSON_CreateString(s)));
}

bool bill_is_customer_id(const char *s)
{
    return s && strncmp(s, "0cu", 3) == 0 && s[3] != '\0';
}

static cJSON *customer_json(const ic_invoice *inv)
{
    cJSON *c = need(cJSON_CreateObject());
    if (bill_is_customer_id(inv->customer_id)) {
        put_str(c, "id", inv->customer_id);
    } else if (inv->customer_name || inv->customer_email) {
        /* BILL creates a new customer from these (bill_check warns). */
        if (inv->customer_name)
            put_str(c, "name", inv->customer_name);
        if (inv->customer_email)
            put_str(c, "email", inv->customer_email);
    } else if (inv->customer_id) {
        put_str(c, "id", inv->customer_id); /* not BILL's: its own error will name it */
    }
    return c;
}

static void add_line(cJSON *arr, const char *description, money_t quantity, money_t price)
{
    cJSON *o = need(cJSON_CreateObject());
    cJSON_AddItemToArray(arr, o);
    if (description)
        put_str(o, "description", description);
    bill_put_amount(o, "quantity", quantity);
    bill_put_amount(o, "price", price);
}

/* On overflow bill_check reports it and the line goes with its undiscounted price. */
bool bill_line_price(const ic_line_item *li, money_t *out)
{
    if (!li->has_discount) {
        *out = li->unit_price;
        return true;
    }
    return money_sub(li->unit_price, li->unit_discount, out);
}

cJSON *bill_create_body_email(const ic_invoice *inv, bool send_email)
{
    cJSON *o = need(cJSON_CreateObject());
    cJSON_AddItemToObjectCS(o, "customer", customer_json(inv));
    if (inv->invoice_number)
        put_str(o, "invoiceNumber", inv->invoice_number);
    char day[11];
    if (inv->has_issued_at) {
        bill_format_day(inv->issued_at, day);
        put_str(o, "invoiceDate", day);
    }
    if (inv->has_due_date) {
        bill_format_day(inv->due_date, day);
        put_str(o, "dueDate", day);
    }
    cJSON *arr = need(cJSON_CreateArray());
    cJSON_AddItemToObjectCS(o, "invoiceLineItems", arr);
    for (size_t i = 0; i < inv->n_line_items; i++) {
        const ic_line_item *li = &inv->line_items[i];
        money_t price;
        if (!bill_line_price(li, &price))
            price = li->unit_price;
        add_line(arr, li->description ? li->description : li->sku, li->quantity, price);
    }
    for (size_t i = 0; i < inv->n_cost_lines; i++) {
        const ic_cost_line *cl = &inv->cost_lines[i];
        add_line(arr, cl->description, MONEY_SCALE, cl->amount);
    }
    cJSON *po = need(cJSON_CreateObject());
    cJSON_AddItemToObjectCS(o, "processingOptions", po);
    cJSON_AddItemToObjectCS(po, "sendEmail", need(cJSON_CreateBool(send_email)));
    return o;
}

cJSON *bill_create_body(const ic_invoice *inv)
{
    return bill_create_body_email(inv, false);
}

void bill_ask_email(cJSON *create_body)
{
    cJSON *po = cJSON_GetObjectItemCaseSensitive(create_body, "processingOptions");
    if (!cJSON_IsObject(po)) {
        cJSON_DeleteItemFromObjectCaseSensitive(create_body, "processingOptions");
        po = need(cJSON_AddObjectToObject(create_body, "processingOptions"));
    }
    cJSON_DeleteItemFromObjectCaseSensitive(po, "sendEmail");
    cJSON_AddItemToObject(po, "sendEmail", need(cJSON_CreateTrue()));
}
