/* Rebillia updates: the create body laid over the stored invoice changes nothing on a re-run of
 * the same file; a change shows as field differences; the PUT body holds only what changed, in the
 * update's names, never billingAddress, and is always a body ({} when empty); only posted and
 * requestPayment invoices may be updated. */
#include "rebillia_testlib.h"

typedef struct upd {
    cJSON *stored, *body, *merged, *put;
    merge_change *changes;
    size_t n;
} upd;

static void run_update(upd *u, const ic_invoice *inv)
{
    u->stored = J(sample_stored);
    u->body = rebillia_connector.create_body(inv);
    u->merged = rebillia_connector.merge(u->stored, u->body);
    u->n = rebillia_connector.diff(u->stored, u->merged, &u->changes);
    u->put = rebillia_connector.update_body(u->merged, u->stored);
    assert_non_null(u->put);
}

static void upd_release(upd *u)
{
    cJSON_Delete(u->stored);
    cJSON_Delete(u->body);
    cJSON_Delete(u->merged);
    cJSON_Delete(u->put);
    merge_changes_free(u->changes, u->n);
}

static bool changed(const upd *u, const char *path)
{
    for (size_t i = 0; i < u->n; i++)
        if (strcmp(u->changes[i].path, path) == 0)
            return true;
    return false;
}

/* The same file again: what the server stores for it (its own spelling: ids as strings, dates
 * with a time, objects for customer, gateway and country) equals what the file says. */
static void test_rerun_changes_nothing(void **state)
{
    (void)state;
    seed_cache();
    ic_invoice inv;
    sample_invoice(&inv);
    upd u;
    run_update(&u, &inv);
    for (size_t i = 0; i < u.n; i++)
        fprintf(stderr, "unexpected change %s: %s -> %s\n", u.changes[i].path,
                u.changes[i].old_value ? u.changes[i].old_value : "(none)",
                u.changes[i].new_value ? u.changes[i].new_value : "(none)");
    assert_int_equal(u.n, 0);
    expect_json(u.put, "{}");
    upd_release(&u);
    invoice_release(&inv);
    rebillia_cache_clear();
}

static void test_changes_and_put_body(void **state)
{
    (void)state;
    seed_cache();
    ic_invoice inv;
    sample_invoice(&inv);
    inv.line_items[0].quantity = 3 * MONEY_SCALE;
    inv.due_date = utc_day(2026, 4, 1);
    inv.cost_lines[0].amount = 5 * MONEY_SCALE;
    invoice_set_str(&inv.billing.city, "Dallas"); /* cannot be updated: not planned, not sent */
    invoice_set_str(&inv.customer_id, "ann@example.com");
    ic_address *s = invoice_add_shipping(&inv);
    s->present = true;
    invoice_set_str(&s->first_name, "Dock");
    invoice_set_str(&s->street1, "Hafen 2");
    invoice_set_str(&s->city, "Hamburg");
    invoice_set_str(&s->zip_code, "20457");
    invoice_set_str(&s->country, "DE");
    upd u;
    /* No payment method configured for every invoice: the new customer's own goes with it. */
    rebillia_cache_set_payment_method(NULL);
    rebillia_cache_set_customer_method("518", "1069");
    run_update(&u, &inv);
    assert_true(changed(&u, "detail[0].qty"));
    assert_true(changed(&u, "dateDue"));
    assert_true(changed(&u, "shippingAmount"));
    assert_true(changed(&u, "customer.id"));
    assert_false(changed(&u, "detail[1].amount"));
    for (size_t i = 0; i < u.n; i++)
        assert_null(strstr(u.changes[i].path, "billingAddress"));
    expect_json(
        u.put, "{\"customerId\":518,\"paymentMethodId\":1069,\"dateDue\":\"2026-04-01\","
               "\"shippingAmount\":500,"
               "\"detail\":[{\"description\":\"Widget\",\"qty\":3,\"amount\":4100},"
               "{\"description\":\"PIN-1\",\"qty\":1,\"amount\":50}],"
               "\"shippingAddress\":{\"contactName\":\"Dock\",\"street1\":\"Hafen 2\","
               "\"city\":\"Hamburg\",\"zip\":\"20457\",\"type\":\"commercial\",\"countryId\":81}}");
    upd_release(&u);
    invoice_release(&inv);
    rebillia_cache_clear();
}

/* The stored shipping country, as {alpha2Code}, equals the body's countryId of the same country. */
static void test_country_compared_by_code(void **state)
{
    (void)state;
    seed_cache();
    cJSON *stored = J("{\"id\":\"3\",\"status\":\"posted\",\"shippingAddress\":{\"street1\":\"A\","
                      "\"city\":\"B\",\"zip\":\"1\",\"contactName\":\"C\",\"type\":\"residential\","
                      "\"country\":{\"id\":\"230\",\"alpha2Code\":\"US\",\"name\":\"United "
                      "States\"}}}");
    cJSON *body = J("{\"shippingAddress\":{\"contactName\":\"C\",\"street1\":\"A\",\"city\":\"B\","
                    "\"zip\":\"1\",\"countryId\":230,\"type\":\"commercial\"}}");
    cJSON *merged = rebillia_merge(stored, body);
    merge_change *ch;
    size_t n = rebillia_diff(stored, merged, &ch);
    assert_int_equal(n, 0);
    cJSON *put = rebillia_update_body(merged, stored);
    expect_json(put, "{}");
    cJSON_Delete(put);
    cJSON_Delete(merged);
    cJSON_Delete(body);
    body = J("{\"shippingAddress\":{\"countryId\":81}}");
    merged = rebillia_merge(stored, body);
    n = rebillia_diff(stored, merged, &ch);
    bool code_changed = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(ch[i].path, "shippingAddress.country.alpha2Code") == 0)
            code_changed = strcmp(ch[i].new_value, "DE") == 0;
    assert_true(code_changed);
    merge_changes_free(ch, n);
    put = rebillia_update_body(merged, stored);
    expect_json(put, "{\"shippingAddress\":{\"contactName\":\"C\",\"street1\":\"A\",\"city\":"
                     "\"B\",\"zip\":\"1\",\"type\":\"residential\",\"countryId\":81}}");
    cJSON_Delete(put);
    cJSON_Delete(merged);
    cJSON_Delete(body);
    cJSON_Delete(stored);
    rebillia_cache_clear();
}

/* What an update cannot change is kept as stored: billing address, currency, terms, payment
 * method. */
static void test_unchangeable_fields_kept(void **state)
{
    (void)state;
    cJSON *stored = J(sample_stored);
    cJSON *body = J("{\"companyCurrencyId\":145,\"paymentMethodId\":5,\"terms\":\"Net 60\","
                    "\"billingAddress\":{\"city\":\"Dallas\"}}");
    cJSON *merged = rebillia_merge(stored, body);
    merge_change *ch;
    assert_int_equal(rebillia_diff(stored, merged, &ch), 0);
    cJSON *put = rebillia_update_body(merged, stored);
    expect_json(put, "{}");
    cJSON_Delete(put);
    cJSON_Delete(merged);
    cJSON_Delete(body);
    cJSON_Delete(stored);
}

static void test_update_request_always_has_body(void **state)
{
    (void)state;
    conn_request r = {0};
    rebillia_paths_set("https://api.rebillia.com/v1/");
    rebillia_connector.update_request("1234", NULL, &r);
    assert_string_equal(r.method, "PUT");
    assert_string_equal(r.path, "/invoices/1234");
    assert_string_equal(r.body, "{}");
    free(r.path);
    free(r.body);
    rebillia_paths_set("https://sandboxapi.rebillia.com");
    rebillia_connector.update_request("1234", "", &r);
    assert_string_equal(r.path, "/v1/invoices/1234");
    assert_string_equal(r.body, "{}");
    free(r.path);
    free(r.body);
    rebillia_connector.create_request("{\"a\":1}", &r);
    assert_string_equal(r.method, "POST");
    assert_string_equal(r.path, "/v1/invoices");
    assert_string_equal(r.body, "{\"a\":1}");
    free(r.path);
    free(r.body);
    char *root = rebillia_root_path("/globals/countries");
    assert_string_equal(root, "/globals/countries");
    free(root);
    rebillia_paths_set("https://api.rebillia.com/v1");
    root = rebillia_root_path("/globals/countries");
    assert_string_equal(root, "/../globals/countries");
    free(root);
}

static void test_can_update_by_status(void **state)
{
    (void)state;
    static const struct {
        const char *doc;
        bool ok;
    } cases[] = {
        {"{\"status\":\"posted\"}", true},         {"{\"status\":\"requestPayment\"}", true},
        {"{\"status\":\"paid\"}", false},          {"{\"status\":\"partialPaid\"}", false},
        {"{\"status\":\"voided\"}", false},        {"{\"status\":\"authorized\"}", false},
        {"{\"status\":\"canceled\"}", false},      {"{\"status\":\"refund\"}", false},
        {"{\"status\":\"partialRefund\"}", false}, {"{}", false},
        {"{\"status\":\"Posted\"}", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *d = J(cases[i].doc);
        char why[256] = "";
        assert_int_equal(rebillia_connector.can_update(d, why, sizeof why), cases[i].ok);
        if (!cases[i].ok)
            assert_non_null(strstr(why, "'posted' or 'requestPayment'"));
        cJSON_Delete(d);
    }
    cJSON *d = J("{\"status\":\"paid\"}");
    char why[256];
    rebillia_can_update(d, why, sizeof why);
    assert_non_null(strstr(why, "this one is 'paid'"));
    cJSON_Delete(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rerun_changes_nothing),
        cmocka_unit_test(test_changes_and_put_body),
        cmocka_unit_test(test_country_compared_by_code),
        cmocka_unit_test(test_unchangeable_fields_kept),
        cmocka_unit_test(test_update_request_always_has_body),
        cmocka_unit_test(test_can_update_by_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
