/* Reading Rebillia invoices: the GET shape as a canonical invoice (amounts in the unit they come
 * in, status words, the key from comments), strict about types, and the round trip canonical ->
 * create body -> stored invoice -> canonical exact. */
#include "rebillia_testlib.h"

static int read_text(const char *text, ic_invoice *inv, ic_err *err)
{
    cJSON *j = J(text);
    invoice_init(inv);
    int rc = rebillia_connector.read_doc(j, inv, err);
    cJSON_Delete(j);
    return rc;
}

static void test_read_sample(void **state)
{
    (void)state;
    ic_invoice inv;
    ic_err err = {0};
    assert_int_equal(read_text(sample_stored, &inv, &err), 0);
    assert_int_equal(inv.id, 1234);
    assert_string_equal(inv.invoice_number, "INV-1"); /* the key, not Rebillia's R-0001 */
    assert_string_equal(inv.customer_id, "517");
    assert_string_equal(inv.customer_name, "Ann"); /* customerName null: the customer's name */
    assert_string_equal(inv.currency, "USD");
    assert_true(inv.has_original_balance);
    assert_int_equal(inv.original_balance, 845000); /* total 8450 cents */
    assert_true(inv.has_open_balance);
    assert_int_equal(inv.open_balance, 845000); /* balanceDue */
    assert_true(inv.has_status);
    assert_int_equal(inv.status, 0); /* posted */
    char day[11];
    assert_true(inv.has_due_date);
    rebillia_day_text(inv.due_date, day);
    assert_string_equal(day, "2026-03-18");
    assert_true(inv.has_issued_at);
    rebillia_day_text(inv.issued_at, day);
    assert_string_equal(day, "2026-03-01");
    assert_int_equal(inv.created_at, utc_day(2026, 3, 1) + 36000);
    assert_int_equal(inv.n_line_items, 2);
    assert_string_equal(inv.line_items[0].description, "Widget");
    assert_int_equal(inv.line_items[0].quantity, 2 * MONEY_SCALE);
    assert_int_equal(inv.line_items[0].unit_price, 41 * MONEY_SCALE);
    assert_int_equal(inv.line_items[1].unit_price, MONEY_SCALE / 2);
    assert_int_equal(inv.n_cost_lines, 1);
    assert_string_equal(inv.cost_lines[0].description, "Shipping");
    assert_int_equal(inv.cost_lines[0].amount, 2 * MONEY_SCALE);
    assert_true(inv.billing.present);
    assert_string_equal(inv.billing.first_name, "Ann");
    assert_string_equal(inv.billing.last_name, "Lee");
    assert_string_equal(inv.billing.zip_code, "78701");
    assert_string_equal(inv.billing.country, "US");
    assert_null(inv.billing.street2);
    assert_int_equal(inv.n_shipping, 0);
    invoice_release(&inv);
}

static void test_status_words(void **state)
{
    (void)state;
    static const struct {
        const char *word;
        int canonical;
    } cases[] = {{"posted", 0},        {"requestPayment", 0}, {"authorized", 0}, {"partialPaid", 1},
                 {"paid", 2},          {"voided", 2},         {"canceled", 2},   {"refund", 2},
                 {"partialRefund", 2}, {"Paid", -1},          {"draft", -1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "{\"id\":\"5\",\"status\":\"%s\"}", cases[i].word);
        ic_invoice inv;
        ic_err err = {0};
        assert_int_equal(read_text(text, &inv, &err), 0);
        assert_int_equal(inv.has_status, cases[i].canonical >= 0);
        if (cases[i].canonical >= 0)
            assert_int_equal(inv.status, cases[i].canonical);
        invoice_release(&inv);
    }
}

/* An invoice made in Rebillia (no key in comments) shows Rebillia's number. */
static void test_number_without_key(void **state)
{
    (void)state;
    ic_invoice inv;
    ic_err err = {0};
    assert_int_equal(read_text("{\"id\":7,\"invoiceNo\":\"R-9\",\"comments\":\"by hand\","
                               "\"currency\":{\"iso3\":\"JPY\"},\"total\":1500}",
                               &inv, &err),
                     0);
    assert_string_equal(inv.invoice_number, "R-9");
    assert_null(inv.customer_name);
    assert_int_equal(inv.original_balance, 1500 * MONEY_SCALE); /* yen, not cents */
    invoice_release(&inv);
}

static void test_customer_name(void **state)
{
    (void)state;
    static const struct {
        const char *doc, *name;
    } cases[] = {
        {"{\"customerName\":\"ACME\",\"customer\":{\"businessName\":\"X\"}}", "ACME"},
        {"{\"customer\":{\"businessName\":\"X\",\"firstName\":\"A\"}}", "X"},
        {"{\"customer\":{\"firstName\":\"A\",\"lastName\":\"B\"}}", "A B"},
        {"{\"customer\":{\"lastName\":\"B\"}}", "B"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ic_invoice inv;
        ic_err err = {0};
        assert_int_equal(read_text(cases[i].doc, &inv, &err), 0);
        assert_string_equal(inv.customer_name, cases[i].name);
        invoice_release(&inv);
    }
}

static void test_strict_types(void **state)
{
    (void)state;
    static const struct {
        const char *text, *field;
    } bad[] = {
        {"{\"id\":\"9\",\"total\":\"84.50\"}", "'total'"},
        {"{\"id\":\"9\",\"balanceDue\":12.5}", "'balanceDue'"},
        {"{\"id\":\"9\",\"detail\":{}}", "'detail'"},
        {"{\"id\":\"9\",\"detail\":[{\"amount\":41.5}]}", "'detail[0].amount'"},
        {"{\"id\":\"9\",\"detail\":[{\"qty\":\"2\",\"amount\":1}]}", "'detail[0]'"},
        {"{\"id\":\"9\",\"dateDue\":\"18/03/2026\"}", "'dateDue'"},
        {"{\"id\":\"9\",\"status\":5}", "'status'"},
        {"{\"id\":\"9\",\"currency\":\"USD\"}", "'currency'"},
        {"{\"id\":\"9\",\"currency\":{\"iso3\":\"US\"}}", "'currency.iso3'"},
        {"{\"id\":{}}", "'id'"},
        {"{\"id\":\"abc\"}", "'id'"},
        {"{\"id\":\"9\",\"comments\":7}", "'comments'"},
        {"{\"id\":\"9\",\"total\":1e300}", "'total'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ic_invoice inv;
        ic_err err = {0};
        assert_int_equal(read_text(bad[i].text, &inv, &err), IC_EXIT_IO);
        if (!strstr(err.msg, bad[i].field)) {
            fprintf(stderr, "%s: %s\n", bad[i].text, err.msg);
            fail();
        }
        invoice_release(&inv);
    }
}

/* What the server would store for a create body (inference from the MCP server's types): the
 * body's values in the GET shape, the total computed from the lines and shipping. */
static cJSON *as_stored(const cJSON *body, const char *iso3)
{
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "id", "4321");
    cJSON_AddStringToObject(s, "status", "posted");
    cJSON *cur = cJSON_AddObjectToObject(s, "currency");
    cJSON_AddStringToObject(cur, "iso3", iso3);
    static const char *const copy[] = {"dateDue",  "dateFrom",       "dateTo",
                                       "comments", "shippingAmount", "detail"};
    for (size_t i = 0; i < sizeof copy / sizeof copy[0]; i++) {
        const cJSON *v = cJSON_GetObjectItem(body, copy[i]);
        if (v)
            cJSON_AddItemToObject(s, copy[i], cJSON_Duplicate(v, 1));
    }
    double total = 0;
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItem(body, "detail")) total +=
        cJSON_GetObjectItem(l, "qty")->valuedouble * cJSON_GetObjectItem(l, "amount")->valuedouble;
    const cJSON *ship = cJSON_GetObjectItem(body, "shippingAmount");
    if (ship)
        total += ship->valuedouble;
    cJSON_AddNumberToObject(s, "total", total);
    cJSON_AddNumberToObject(s, "balanceDue", total);
    return s;
}

static void round_trip(const char *iso3, money_t unit, money_t shipping)
{
    seed_cache();
    ic_invoice in;
    invoice_init(&in);
    invoice_set_str(&in.invoice_number, "RT-1");
    invoice_set_str(&in.customer_id, "517");
    memcpy(in.currency, iso3, 4);
    in.has_due_date = true;
    in.due_date = utc_day(2030, 12, 31);
    ic_line_item *li = invoice_add_line_item(&in);
    invoice_set_str(&li->description, "Item");
    li->quantity = 3 * MONEY_SCALE;
    li->unit_price = unit;
    ic_cost_line *cl = invoice_add_cost_line(&in);
    invoice_set_str(&cl->description, "Shipping");
    cl->amount = shipping;
    cJSON *body = rebillia_create_body(&in);
    char *text = cJSON_PrintUnformatted(body); /* over the wire and back */
    cJSON *sent = J(text);
    cJSON *stored = as_stored(sent, iso3);
    char *stored_text = cJSON_PrintUnformatted(stored);
    cJSON *answer = J(stored_text);
    ic_invoice out;
    invoice_init(&out);
    ic_err err = {0};
    assert_int_equal(rebillia_read_doc(answer, &out, &err), 0);
    assert_string_equal(out.invoice_number, "RT-1");
    assert_int_equal(out.n_line_items, 1);
    assert_int_equal(out.line_items[0].unit_price, unit);
    assert_int_equal(out.line_items[0].quantity, 3 * MONEY_SCALE);
    assert_int_equal(out.n_cost_lines, 1);
    assert_int_equal(out.cost_lines[0].amount, shipping);
    assert_int_equal(out.original_balance, unit * 3 + shipping);
    char a[11], b[11];
    rebillia_day_text(in.due_date, a);
    rebillia_day_text(out.due_date, b);
    assert_string_equal(a, b);
    invoice_release(&in);
    invoice_release(&out);
    cJSON_Delete(body);
    cJSON_Delete(sent);
    cJSON_Delete(stored);
    cJSON_Delete(answer);
    cJSON_free(text);
    cJSON_free(stored_text);
    rebillia_cache_clear();
}

static void test_round_trip_exact(void **state)
{
    (void)state;
    round_trip("USD", 410000, 20000);      /* 41.00, 2.00 */
    round_trip("USD", 100, 0 + 100);       /* 0.01, 0.01 */
    round_trip("USD", 1234567800, 990000); /* 123456.78, 99.00 */
    /* 3 x this unit plus shipping stays below 10^15 cents, where totals are still exact. */
    round_trip("USD", (money_t)33333333333333300, 100);
    round_trip("JPY", 1500 * MONEY_SCALE, 700 * MONEY_SCALE);
    round_trip("KWD", 12340, 10); /* 1.234, 0.001 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_sample),        cmocka_unit_test(test_status_words),
        cmocka_unit_test(test_number_without_key), cmocka_unit_test(test_customer_name),
        cmocka_unit_test(test_strict_types),       cmocka_unit_test(test_round_trip_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
