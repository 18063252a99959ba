/* Rebillia create bodies: byte for byte, amounts in integer minor units, the numeric ids from the
 * run's cache, the match key in comments (written and read back), and the days of canonical dates
 * in any zone. */
#include "rebillia_testlib.h"

static void expect_body(const ic_invoice *inv, const char *want)
{
    cJSON *j = rebillia_connector.create_body(inv);
    assert_non_null(j);
    expect_json(j, want);
    cJSON_Delete(j);
}

static void test_sample_body(void **state)
{
    (void)state;
    seed_cache();
    ic_invoice inv;
    sample_invoice(&inv);
    expect_body(&inv,
                "{\"companyCurrencyId\":144,\"companyGatewayId\":9,\"customerId\":517,"
                "\"paymentMethodId\":1067,\"dateDue\":\"2026-03-18\",\"dateFrom\":\"2026-03-01\","
                "\"dateTo\":\"2026-03-01\",\"detail\":[{\"description\":\"Widget\",\"qty\":2,"
                "\"amount\":4100},{\"description\":\"PIN-1\",\"qty\":1,\"amount\":50}],"
                "\"billingAddress\":{\"contactName\":\"Ann Lee\",\"street1\":\"1 Main St\","
                "\"city\":\"Austin\",\"state\":\"TX\",\"zip\":\"78701\",\"countryId\":230,"
                "\"type\":\"commercial\"},\"shippingAmount\":200,"
                "\"comments\":\"invoicectl:INV-1\"}");
    invoice_release(&inv);
    rebillia_cache_clear();
}

/* Without a payment method configured for every invoice, each customer's own is sent: 517's for an
 * invoice of 517, 518's for one of ann@example.com, none for a customer whose method is unknown. */
static void test_payment_method_per_customer(void **state)
{
    (void)state;
    seed_cache();
    rebillia_cache_set_payment_method(NULL);
    rebillia_cache_set_customer_method("517", "1068");
    rebillia_cache_set_customer_method("518", "1069");
    const char *customers[] = {"517", "ann@example.com", "999"};
    const double want[] = {1068, 1069, 0};
    for (size_t i = 0; i < 3; i++) {
        ic_invoice inv;
        sample_invoice(&inv);
        invoice_set_str(&inv.customer_id, customers[i]);
        cJSON *j = rebillia_create_body(&inv);
        const cJSON *pm = cJSON_GetObjectItem(j, "paymentMethodId");
        if (want[i] == 0)
            assert_null(pm);
        else
            assert_true(cJSON_IsNumber(pm) && pm->valuedouble == want[i]);
        cJSON_Delete(j);
        invoice_release(&inv);
    }
    rebillia_cache_clear();
}

/* Other costs become lines of quantity 1; a discount comes off the unit amount; the shipping
 * address gets its country's id; an email customer its resolved id; JPY amounts are whole yen. */
static void test_costs_discounts_jpy(void **state)
{
    (void)state;
    seed_cache();
    ic_invoice inv;
    invoice_init(&inv);
    invoice_set_str(&inv.invoice_number, "J-7");
    invoice_set_str(&inv.customer_id, "ann@example.com");
    memcpy(inv.currency, "JPY", 4);
    inv.has_due_date = true;
    inv.due_date = utc_day(2026, 4, 30);
    ic_line_item *li = invoice_add_line_item(&inv);
    invoice_set_str(&li->description, "Tea");
    li->quantity = 3 * MONEY_SCALE;
    li->unit_price = 1500 * MONEY_SCALE;
    li->has_discount = true;
    li->unit_discount = 100 * MONEY_SCALE;
    ic_cost_line *cl = invoice_add_cost_line(&inv);
    invoice_set_str(&cl->description, "Handling");
    cl->amount = 300 * MONEY_SCALE;
    cl = invoice_add_cost_line(&inv);
    invoice_set_str(&cl->description, "Freight (DHL)");
    cl->amount = 900 * MONEY_SCALE;
    ic_address *s = invoice_add_shipping(&inv);
    s->present = true;
    invoice_set_str(&s->last_name, "Tanaka");
    invoice_set_str(&s->street1, "Hauptstr. 1");
    invoice_set_str(&s->city, "Berlin");
    invoice_set_str(&s->zip_code, "10115");
    invoice_set_str(&s->country, "de");
    invoice_set_str(&inv.terms_conditions, "Net 30");
    expect_body(&inv,
                "{\"companyCurrencyId\":145,\"companyGatewayId\":9,\"customerId\":518,"
                "\"paymentMethodId\":1067,\"dateDue\":\"2026-04-30\",\"dateFrom\":\"2026-04-30\","
                "\"dateTo\":\"2026-04-30\",\"detail\":[{\"description\":\"Tea\",\"qty\":3,"
                "\"amount\":1400},{\"description\":\"Handling\",\"qty\":1,\"amount\":300}],"
                "\"shippingAddress\":{\"contactName\":\"Tanaka\",\"street1\":\"Hauptstr. 1\","
                "\"city\":\"Berlin\",\"zip\":\"10115\",\"countryId\":81,\"type\":\"commercial\"},"
                "\"shippingAmount\":900,\"terms\":\"Net 30\",\"comments\":\"invoicectl:J-7\"}");
    invoice_release(&inv);
    rebillia_cache_clear();
}

/* Before prepare (or for a value it could not resolve) the ids are left out, never invented. */
static void test_no_ids_without_cache(void **state)
{
    (void)state;
    rebillia_cache_clear();
    ic_invoice inv;
    sample_invoice(&inv);
    cJSON *j = rebillia_create_body(&inv);
    assert_null(cJSON_GetObjectItem(j, "companyCurrencyId"));
    assert_null(cJSON_GetObjectItem(j, "customerId"));
    assert_null(cJSON_GetObjectItem(j, "companyGatewayId"));
    assert_null(cJSON_GetObjectItem(j, "paymentMethodId"));
    cJSON *b = cJSON_GetObjectItem(j, "billingAddress");
    assert_null(cJSON_GetObjectItem(b, "countryId"));
    assert_non_null(cJSON_GetObjectItem(j, "detail"));
    cJSON_Delete(j);
    invoice_release(&inv);
}

/* The key is written in comments and read back from the body and from what the server stores; an
 * invoice someone else made (other comments, none) has no key. */
static void test_match_key_written_and_read(void **state)
{
    (void)state;
    seed_cache();
    ic_invoice inv;
    sample_invoice(&inv);
    invoice_set_str(&inv.invoice_number, "2026/ÄB-01 x");
    cJSON *body = rebillia_create_body(&inv);
    char key[256];
    assert_true(rebillia_connector.doc_key(body, "invoiceNumber", key, sizeof key));
    assert_string_equal(key, "2026/ÄB-01 x");
    assert_false(rebillia_connector.doc_key(body, "externalId", key, sizeof key));
    cJSON_Delete(body);
    cJSON *stored = J(sample_stored);
    assert_true(
        rebillia_connector.doc_key(stored, rebillia_connector.match_fields[0], key, sizeof key));
    assert_string_equal(key, "INV-1");
    char id[CONN_ID_MAX];
    assert_true(rebillia_connector.doc_id(stored, id, sizeof id));
    assert_string_equal(id, "1234");
    cJSON_Delete(stored);
    const char *others[] = {"{\"id\":1,\"comments\":\"call before delivery\"}",
                            "{\"id\":1,\"comments\":null}", "{\"id\":1}",
                            "{\"id\":1,\"comments\":\"invoicectl:\"}",
                            "{\"id\":1,\"comments\":\" invoicectl:A\"}"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        cJSON *o = J(others[i]);
        assert_false(rebillia_doc_key(o, "invoiceNumber", key, sizeof key));
        cJSON_Delete(o);
    }
    /* A key too long for the caller's buffer is not cut short into another key. */
    cJSON *o = J("{\"comments\":\"invoicectl:ABCDEFGH\"}");
    assert_false(rebillia_doc_key(o, "invoiceNumber", key, 5));
    cJSON_Delete(o);
    invoice_release(&inv);
    rebillia_cache_clear();
}

/* A canonical date is midnight in the mapping's zone; the day written is that day in every zone. */
static void test_days_in_zones(void **state)
{
    (void)state;
    char day[11];
    static const char *const zones[] = {"Europe/Berlin", "Pacific/Auckland", "America/New_York",
                                        "Pacific/Honolulu", "Asia/Kolkata"};
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        int64_t t;
        /* Parsing in the zone leaves it the process's zone, as an import's mapping does. */
        assert_int_equal(date_parse("2026-03-18", 10, "%Y-%m-%d", zones[i], &t), DATE_OK);
        rebillia_day_text(t, day);
        assert_string_equal(day, "2026-03-18");
    }
    rebillia_day_text(utc_day(2026, 3, 18), day);
    assert_string_equal(day, "2026-03-18");
    int64_t noon;
    assert_true(rebillia_day_parse("2026-03-18T00:00:00+00:00", &noon));
    rebillia_day_text(noon, day);
    assert_string_equal(day, "2026-03-18");
    assert_true(rebillia_day_parse("1999-12-31", &noon));
    rebillia_day_text(noon, day);
    assert_string_equal(day, "1999-12-31");
    assert_false(rebillia_day_parse("2026-02-31", &noon));
    assert_false(rebillia_day_parse("18.03.2026", &noon));
    assert_false(rebillia_day_parse("2026-03-18x", &noon));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_body),
        cmocka_unit_test(test_payment_method_per_customer),
        cmocka_unit_test(test_costs_discounts_jpy),
        cmocka_unit_test(test_no_ids_without_cache),
        cmocka_unit_test(test_match_key_written_and_read),
        cmocka_unit_test(test_days_in_zones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
