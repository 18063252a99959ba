/* What Rebillia cannot hold: errors for what it would refuse or could not keep exactly (sub-cent
 * amounts, fractional quantities, negative amounts, missing required values, over-long text),
 * warnings naming each field not sent or sent otherwise. */
#include "rebillia_testlib.h"

#include "model/target.h"

typedef void (*edit_fn)(ic_invoice *inv);

static problem_list run_check(edit_fn edit)
{
    ic_invoice inv;
    sample_invoice(&inv);
    if (edit)
        edit(&inv);
    problem_list pl;
    problem_list_init(&pl, 0);
    rebillia_connector.check(&inv, "in.csv", &pl);
    invoice_release(&inv);
    return pl;
}

static bool has(const problem_list *pl, enum severity sev, const char *text)
{
    for (size_t i = 0; i < pl->n; i++)
        if (pl->items[i].severity == sev && strstr(pl->items[i].message, text))
            return true;
    return false;
}

static void expect(edit_fn edit, enum severity sev, const char *text)
{
    problem_list pl = run_check(edit);
    if (!has(&pl, sev, text)) {
        fprintf(stderr, "no %s containing \"%s\"; got:\n", severity_word(sev), text);
        for (size_t i = 0; i < pl.n; i++)
            fprintf(stderr, "  %s: %s\n", severity_word(pl.items[i].severity), pl.items[i].message);
        fail();
    }
    problem_list_release(&pl);
}

static void test_sample_is_clean(void **state)
{
    (void)state;
    problem_list pl = run_check(NULL);
    assert_int_equal(pl.n_errors, 0);
    assert_int_equal(pl.n_warnings, 1);
    assert_true(has(&pl, SEV_WARNING, "cost line 'Shipping' is sent as shippingAmount"));
    assert_string_equal(pl.items[0].file, "in.csv");
    assert_string_equal(pl.items[0].invoice, "INV-1");
    problem_list_release(&pl);
}

static void sub_cent(ic_invoice *inv)
{
    inv->line_items[0].unit_price = 123450; /* 12.345 */
}
static void half_yen(ic_invoice *inv)
{
    memcpy(inv->currency, "JPY", 4);
    inv->line_items[0].unit_price = 15005000; /* 1500.5 */
}
static void fractional_qty(ic_invoice *inv)
{
    inv->line_items[0].quantity = 15000;
}
static void zero_qty(ic_invoice *inv)
{
    inv->line_items[0].quantity = 0;
}
static void negative_price(ic_invoice *inv)
{
    inv->line_items[0].unit_price = -MONEY_SCALE;
}
static void negative_cost(ic_invoice *inv)
{
    invoice_set_str(&inv->cost_lines[0].description, "Rebate");
    inv->cost_lines[0].amount = -MONEY_SCALE;
}
static void too_large(ic_invoice *inv)
{
    inv->line_items[0].unit_price = TARGET_REBILLIA_MAX_AMOUNT + 100;
}
static void no_number(ic_invoice *inv)
{
    invoice_set_str(&inv->invoice_number, NULL);
}
static void long_number(ic_invoice *inv)
{
    char n[200];
    memset(n, 'N', sizeof n - 1);
    n[sizeof n - 1] = 0;
    invoice_set_str(&inv->invoice_number, n);
}
static void no_customer(ic_invoice *inv)
{
    invoice_set_str(&inv->customer_id, NULL);
}
static void named_customer(ic_invoice *inv)
{
    invoice_set_str(&inv->customer_id, "ACME Corp");
}
static void no_due(ic_invoice *inv)
{
    inv->has_due_date = false;
}
static void no_issue(ic_invoice *inv)
{
    inv->has_issued_at = false;
}
static void no_lines(ic_invoice *inv)
{
    for (size_t i = 0; i < inv->n_line_items; i++) {
        free(inv->line_items[i].description);
        free(inv->line_items[i].sku);
    }
    inv->n_line_items = 0;
    free(inv->cost_lines[0].description);
    inv->n_cost_lines = 0;
}
static void long_description(ic_invoice *inv)
{
    char d[300];
    memset(d, 'd', sizeof d - 1);
    d[sizeof d - 1] = 0;
    invoice_set_str(&inv->line_items[0].description, d);
}
static void long_name(ic_invoice *inv)
{
    invoice_set_str(&inv->customer_name, "Abcdefghij Abcdefghij Abcdefghij Abcdefghij Ab");
}
static void no_zip(ic_invoice *inv)
{
    invoice_set_str(&inv->billing.zip_code, "");
}
static void alpha3_country(ic_invoice *inv)
{
    invoice_set_str(&inv->billing.country, "USA");
}

static void test_errors(void **state)
{
    (void)state;
    expect(sub_cent, SEV_ERROR,
           "line item 1: unit price 12.345 has more decimals than the "
           "currency's minor unit USD");
    expect(half_yen, SEV_ERROR, "1500.5 has more decimals than the currency's minor unit JPY");
    expect(fractional_qty, SEV_ERROR, "line item 1: Rebillia takes whole quantities");
    expect(zero_qty, SEV_ERROR, "line item 1: Rebillia takes whole quantities of at least 1");
    expect(negative_price, SEV_ERROR, "line item 1: unit price -1 is negative");
    expect(negative_cost, SEV_ERROR, "cost line 'Rebate': -1 is negative");
    expect(too_large, SEV_ERROR, "is beyond the 10^15 - 1 minor units");
    expect(no_number, SEV_ERROR, "Rebillia needs the invoice number");
    expect(long_number, SEV_ERROR, "invoice number is too long for Rebillia's comments");
    expect(no_customer, SEV_ERROR, "Rebillia needs the customer");
    expect(named_customer, SEV_ERROR,
           "customer 'ACME Corp' is neither Rebillia's numeric customer id nor an email");
    expect(no_due, SEV_ERROR, "Rebillia needs the due date");
    expect(no_lines, SEV_ERROR, "Rebillia needs at least one line");
    expect(long_description, SEV_ERROR, "line item 1: the description is over the 255");
    expect(long_name, SEV_ERROR, "customer name is over the 45 characters");
    expect(no_zip, SEV_ERROR, "billing address: Rebillia needs the zip code");
    expect(alpha3_country, SEV_ERROR, "country 'USA' is not an ISO 3166 alpha-2 code");
}

static void unsent_fields(ic_invoice *inv)
{
    invoice_set_str(&inv->external_id, "X-1");
    invoice_set_str(&inv->purchase_order_number, "PO-9");
    invoice_add_extra_field(inv, "Region", "West");
    inv->has_open_balance = true;
    inv->open_balance = MONEY_SCALE;
    inv->has_original_balance = true;
    inv->original_balance = 99 * MONEY_SCALE;
    inv->has_status = true;
    inv->line_items[0].has_discount = true;
    inv->line_items[0].unit_discount = MONEY_SCALE;
    invoice_set_str(&inv->line_items[0].sku, "W-1");
    invoice_set_str(&inv->cost_lines[0].description, "Handling");
    ic_address *s = invoice_add_shipping(inv);
    s->present = true;
    invoice_add_shipping(inv)->present = true;
}

static void test_warnings(void **state)
{
    (void)state;
    expect(no_issue, SEV_WARNING, "no issue date: the service period (dateFrom, dateTo)");
    expect(unsent_fields, SEV_WARNING, "externalId is not sent");
    expect(unsent_fields, SEV_WARNING, "purchaseOrderNumber is not sent");
    expect(unsent_fields, SEV_WARNING, "extra field 'Region' is not sent");
    expect(unsent_fields, SEV_WARNING, "openBalance is not sent");
    expect(unsent_fields, SEV_WARNING,
           "originalBalance 99 is not sent: Rebillia computes the total from the lines (82.5)");
    expect(unsent_fields, SEV_WARNING, "status is not sent");
    expect(unsent_fields, SEV_WARNING, "line item 1: the discount is taken off the unit amount");
    expect(unsent_fields, SEV_WARNING, "line item 1: sku 'W-1' is not sent");
    expect(unsent_fields, SEV_WARNING, "cost line 'Handling' is sent as a line of quantity 1");
    expect(unsent_fields, SEV_WARNING, "only the first of 2 shipping addresses is sent");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_is_clean),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_warnings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
