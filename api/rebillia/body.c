/* The create body (POST /invoices) of a canonical invoice.  The numeric ids come from the run's
 * cache (prepare); an id the cache does not hold is left out, which the API refuses with a message
 * naming it (prepare reports it first and nothing is sent).  Amounts that cannot be written
 * exactly are left out the same way; check() has reported them as errors. */
#include "api/rebillia/rebillia_internal.h"

#include <stdlib.h>
#include <string.h>

static void add_id(cJSON *o, const char *key, const char *id)
{
    cJSON *n = rebillia_id_number(id);
    if (n)
        cJSON_AddItemToObject(o, key, n);
}

static void add_minor(cJSON *o, const char *key, money_t m, const char *currency)
{
    int64_t minor;
    if (rebillia_to_minor(m, currency, &minor) == REBILLIA_CENTS_OK)
        cJSON_AddNumberToObject(o, key, (double)minor); /* printed exactly: below 10^15 */
}

static void add_str(cJSON *o, const char *key, const char *s)
{
    if (s && s[0])
        cJSON_AddStringToObject(o, key, s);
}

/* {contactName, street1, street2, city, state, zip, countryId, type}: the API's address shape.
 * The type is required and the canonical invoice has none: "commercial" (invoices between
 * businesses are what this tool imports). */
static cJSON *address(const ic_address *a)
{
    cJSON *o = cJSON_CreateObject();
    char *contact = rebillia_contact_name(a);
    add_str(o, "contactName", contact);
    free(contact);
    add_str(o, "street1", a->street1);
    add_str(o, "street2", a->street2);
    add_str(o, "city", a->city);
    add_str(o, "state", a->state);
    add_str(o, "zip", a->zip_code);
    if (a->country)
        add_id(o, "countryId", rebillia_cache_country(a->country));
    cJSON_AddStringToObject(o, "type", "commercial");
    return o;
}

static void add_line(cJSON *detail, const char *description, money_t qty, money_t unit,
                     const char *currency)
{
    cJSON *it = cJSON_CreateObject();
    add_str(it, "description", description);
    if (qty % MONEY_SCALE == 0)
        cJSON_AddNumberToObject(it, "qty", (double)(qty / MONEY_SCALE));
    add_minor(it, "amount", unit, currency);
    cJSON_AddItemToArray(detail, it);
}

static void add_days(cJSON *o, const ic_invoice *inv)
{
    char day[11];
    if (inv->has_due_date) {
        rebillia_day_text(inv->due_date, day);
        cJSON_AddStringToObject(o, "dateDue", day);
    }
    /* The service period: the issue day, else the due day (both are required). */
    if (inv->has_issued_at || inv->has_due_date) {
        rebillia_day_text(inv->has_issued_at ? inv->issued_at : inv->due_date, day);
        cJSON_AddStringToObject(o, "dateFrom", day);
        cJSON_AddStringToObject(o, "dateTo", day);
    }
}

cJSON *rebillia_create_body(const ic_invoice *inv)
{
    const char *cur = rebillia_invoice_currency(inv);
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    add_id(o, "companyCurrencyId", rebillia_cache_currency(inv->currency));
    add_id(o, "companyGatewayId", rebillia_cache_gateway());
    const char *customer = inv->customer_id ? rebillia_cache_customer(inv->customer_id) : NULL;
    add_id(o, "customerId", customer);
    add_id(o, "paymentMethodId", rebillia_cache_method_of(customer));
    add_days(o, inv);

    cJSON *detail = cJSON_AddArrayToObject(o, "detail");
    for (size_t i = 0; i < inv->n_line_items; i++) {
        const ic_line_item *li = &inv->line_items[i];
        money_t unit = li->unit_price;
        if (li->has_discount && !money_sub(li->unit_price, li->unit_discount, &unit))
            continue; /* overflow: check() reported it */
        add_line(detail, li->description ? li->description : li->sku, li->quantity, unit, cur);
    }
    long ship = rebillia_shipping_cost_line(inv);
    for (size_t i = 0; i < inv->n_cost_lines; i++)
        if ((long)i != ship)
            add_line(detail, inv->cost_lines[i].description, MONEY_SCALE, inv->cost_lines[i].amount,
                     cur);

    add_str(o, "customerName", inv->customer_name);
    if (rebillia_address_given(&inv->billing))
        cJSON_AddItemToObject(o, "billingAddress", address(&inv->billing));
    if (inv->n_shipping > 0 && rebillia_address_given(&inv->shipping[0]))
        cJSON_AddItemToObject(o, "shippingAddress", address(&inv->shipping[0]));
    if (ship >= 0)
        add_minor(o, "shippingAmount", inv->cost_lines[ship].amount, cur);
    add_str(o, "terms", inv->terms_conditions);
    if (inv->invoice_number && inv->invoice_number[0]) {
        char *c = rebillia_key_comment(inv->invoice_number);
        cJSON_AddStringToObject(o, "comments", c);
        free(c);
    }
    return o;
}
