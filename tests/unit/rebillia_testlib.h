/* Helpers shared by the Rebillia connector's unit tests: JSON from text, a canonical invoice like
 * the ones the mapping makes, the run's id cache as prepare would fill it, and what a Rebillia
 * server answers for that invoice (the GET shape of the MCP server's src/types.ts).  Header-only
 * (static functions) so each test program stays one file. */
#ifndef INVOICECTL_TESTS_REBILLIA_TESTLIB_H
#define INVOICECTL_TESTS_REBILLIA_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "api/rebillia/rebillia.h"
#include "api/rebillia/rebillia_internal.h"
#include "model/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static __attribute__((unused)) cJSON *J(const char *text)
{
    cJSON *j = cJSON_Parse(text);
    if (!j)
        fprintf(stderr, "not JSON: %s\n", text);
    assert_non_null(j);
    return j;
}

/* Compact text of a tree, compared byte for byte. */
static __attribute__((unused)) void expect_json(const cJSON *j, const char *want)
{
    char *s = cJSON_PrintUnformatted(j);
    assert_non_null(s);
    if (strcmp(s, want) != 0) {
        fprintf(stderr, "got:  %s\nwant: %s\n", s, want);
        cJSON_free(s);
        fail();
    }
    cJSON_free(s);
}

static __attribute__((unused)) int64_t utc_day(int y, int m, int d)
{
    return date_days_from_civil(y, m, d) * 86400;
}

/* The ids a run against the fake company resolves: USD 144, JPY 145, US 230, DE 81, customer 517
 * (by id) and ann@example.com -> 518, gateway 9, payment method 1067. */
static __attribute__((unused)) void seed_cache(void)
{
    rebillia_cache_clear();
    rebillia_cache_set_currency("USD", "144");
    rebillia_cache_set_currency("JPY", "145");
    rebillia_cache_set_default_currency("USD", "144");
    rebillia_cache_set_country("US", "230");
    rebillia_cache_set_country("DE", "81");
    rebillia_cache_set_customer("517", "517");
    rebillia_cache_set_customer("ann@example.com", "518");
    rebillia_cache_set_gateway("9");
    rebillia_cache_set_payment_method("1067");
}

/* INV-1 for customer 517: 2 x 41.00 "Widget", 1 x 0.50 "Pin" (sku PIN-1, no description),
 * shipping 2.00, due 2026-03-18, issued 2026-03-01, billed to Ann Lee in Austin, US. */
static __attribute__((unused)) void sample_invoice(ic_invoice *inv)
{
    invoice_init(inv);
    invoice_set_str(&inv->invoice_number, "INV-1");
    invoice_set_str(&inv->customer_id, "517");
    invoice_set_str(&inv->key, "INV-1");
    inv->first_line = 2;
    memcpy(inv->currency, "USD", 4);
    inv->has_due_date = true;
    inv->due_date = utc_day(2026, 3, 18);
    inv->has_issued_at = true;
    inv->issued_at = utc_day(2026, 3, 1);
    ic_line_item *li = invoice_add_line_item(inv);
    invoice_set_str(&li->description, "Widget");
    li->quantity = 2 * MONEY_SCALE;
    li->unit_price = 41 * MONEY_SCALE;
    li->line = 2;
    li = invoice_add_line_item(inv);
    invoice_set_str(&li->sku, "PIN-1");
    li->quantity = 1 * MONEY_SCALE;
    li->unit_price = MONEY_SCALE / 2;
    li->line = 3;
    ic_cost_line *cl = invoice_add_cost_line(inv);
    invoice_set_str(&cl->description, "Shipping");
    cl->amount = 2 * MONEY_SCALE;
    inv->billing.present = true;
    invoice_set_str(&inv->billing.first_name, "Ann");
    invoice_set_str(&inv->billing.last_name, "Lee");
    invoice_set_str(&inv->billing.street1, "1 Main St");
    invoice_set_str(&inv->billing.city, "Austin");
    invoice_set_str(&inv->billing.state, "TX");
    invoice_set_str(&inv->billing.zip_code, "78701");
    invoice_set_str(&inv->billing.country, "US");
}

/* The sample invoice as Rebillia answers it once created (GET /invoices/1234?include=detail):
 * its own spelling of every value (ids as strings, objects for customer, currency, gateway and
 * country, dates with a time, nulls for what is not set). */
static const char *const sample_stored =
    "{\"id\":\"1234\",\"invoiceNo\":\"R-0001\",\"status\":\"posted\","
    "\"customer\":{\"id\":\"517\",\"email\":\"ann@example.com\",\"firstName\":\"Ann\"},"
    "\"customerName\":null,\"customerEmail\":null,\"customerPhone\":null,"
    "\"currency\":{\"id\":\"840\",\"iso3\":\"USD\",\"name\":\"US Dollar\"},"
    "\"companyGateway\":{\"id\":\"9\",\"displayName\":\"Stripe\"},"
    "\"customerPaymentMethod\":{\"id\":\"77\"},\"paymentType\":\"thirdPartyPaymentProvider\","
    "\"dateDue\":\"2026-03-18T00:00:00+00:00\",\"dateFrom\":\"2026-03-01\",\"dateTo\":\"2026-03-"
    "01\","
    "\"total\":8450,\"balanceDue\":8450,\"taxAmount\":0,\"shippingAmount\":200,"
    "\"billingAddress\":{\"street1\":\"1 Main St\",\"street2\":null,\"city\":\"Austin\","
    "\"state\":\"TX\",\"zip\":\"78701\",\"country\":{\"id\":\"230\",\"alpha2Code\":\"US\"},"
    "\"contactName\":\"Ann Lee\",\"type\":\"commercial\"},"
    "\"shippingAddress\":null,\"comments\":\"invoicectl:INV-1\",\"terms\":null,"
    "\"detail\":[{\"id\":\"11\",\"description\":\"Widget\",\"qty\":2,\"amount\":4100,"
    "\"taxAmount\":null},{\"id\":\"12\",\"description\":\"PIN-1\",\"qty\":1,\"amount\":50,"
    "\"taxAmount\":null}],"
    "\"createdAt\":\"2026-03-01T10:00:00+00:00\",\"updatedAt\":\"2026-03-01T10:00:00+00:00\"}";

#endif
