/* `validate` against BILL's rules: errors for what BILL refuses or would store otherwise,
 * warnings naming each field BILL has no place for and what happens to it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/bill/bill.h"
#include "model/problem.h"

#include <stdio.h>
#include <string.h>

static void base(ic_invoice *inv)
{
    invoice_init(inv);
    invoice_set_str(&inv->invoice_number, "INV-1");
    invoice_set_str(&inv->customer_id, "0cuA1");
    invoice_set_str(&inv->key, "INV-1");
    inv->first_line = 2;
    inv->has_due_date = true;
    inv->due_date = 1772323200;
    ic_line_item *li = invoice_add_line_item(inv);
    invoice_set_str(&li->description, "Widget");
    li->quantity = 20000;
    li->unit_price = 399900;
    li->line = 2;
}

static void run(const ic_invoice *inv, problem_list *pl)
{
    problem_list_init(pl, 0);
    bill_connector.check(inv, "in.csv", pl);
}

static void dump(const problem_list *pl)
{
    for (size_t i = 0; i < pl->n; i++)
        print_message("  %s line %ld {%s}: %s\n", severity_word(pl->items[i].severity),
                      pl->items[i].line, pl->items[i].invoice ? pl->items[i].invoice : "-",
                      pl->items[i].message);
}

static const ic_problem *has(const problem_list *pl, enum severity sev, const char *want)
{
    for (size_t i = 0; i < pl->n; i++)
        if (pl->items[i].severity == sev && strstr(pl->items[i].message, want))
            return &pl->items[i];
    dump(pl);
    fail_msg("no %s containing \"%s\"", severity_word(sev), want);
    return NULL;
}

static void test_clean_invoice(void **state)
{
    (void)state;
    ic_invoice inv;
    base(&inv);
    problem_list pl;
    run(&inv, &pl);
    if (pl.n)
        dump(&pl);
    assert_int_equal(pl.n, 0);
    problem_list_release(&pl);
    invoice_release(&inv);
}

static void test_errors(void **state)
{
    (void)state;
    ic_invoice inv;
    base(&inv);
    char num[130];
    memset(num, 'N', 101);
    num[101] = '\0';
    invoice_set_str(&inv.invoice_number, num);
    inv.line_items[0].unit_price = 399950; /* 39.995 */
    problem_list pl;
    run(&inv, &pl);
    const ic_problem *p =
        has(&pl, SEV_ERROR, "invoiceNumber has 101 characters: BILL allows at most 100");
    assert_string_equal(p->file, "in.csv");
    assert_string_equal(p->invoice, "INV-1");
    p = has(&pl, SEV_ERROR, "lineItems[0].unitPrice 39.995 has more than 2 decimals");
    assert_int_equal(p->line, 2);
    problem_list_release(&pl);

    /* 100 characters, some of them two bytes long, are fine */
    char hundred[256] = "";
    for (int i = 0; i < 50; i++)
        strcat(hundred, "\xc3\xa9x");
    invoice_set_str(&inv.invoice_number, hundred);
    inv.line_items[0].unit_price = 399900;
    run(&inv, &pl);
    assert_int_equal(pl.n_errors, 0);
    problem_list_release(&pl);

    invoice_set_str(&inv.invoice_number, NULL);
    invoice_set_str(&inv.customer_id, "1236");
    run(&inv, &pl);
    has(&pl, SEV_ERROR, "no invoiceNumber");
    has(&pl, SEV_ERROR,
        "customerId '1236' is not a BILL customer id (0cu...), and customerName "
        "with customerEmail is not given either");
    problem_list_release(&pl);

    invoice_set_str(&inv.invoice_number, "INV-1");
    invoice_set_str(&inv.customer_id, NULL);
    run(&inv, &pl);
    has(&pl, SEV_ERROR,
        "no customer: BILL needs customerId (0cu...) or customerName and "
        "customerEmail");
    problem_list_release(&pl);

    invoice_set_str(&inv.customer_name, "Acme");
    invoice_set_str(&inv.customer_email, "not an address");
    run(&inv, &pl);
    has(&pl, SEV_ERROR, "customerEmail 'not an address' is not an email address");
    problem_list_release(&pl);
    invoice_release(&inv);

    /* no lines, a balance the lines do not make, an amount past what BILL keeps */
    invoice_init(&inv);
    invoice_set_str(&inv.invoice_number, "INV-2");
    invoice_set_str(&inv.customer_id, "0cuA1");
    inv.has_due_date = true;
    run(&inv, &pl);
    has(&pl, SEV_ERROR, "no line items: BILL needs at least one");
    problem_list_release(&pl);
    ic_line_item *li = invoice_add_line_item(&inv);
    invoice_set_str(&li->description, "Big");
    li->quantity = 10000;
    li->unit_price = 99999999999999900 + 100;
    inv.has_original_balance = true;
    inv.original_balance = 10000;
    run(&inv, &pl);
    has(&pl, SEV_ERROR, "is more than BILL keeps exactly");
    problem_list_release(&pl);
    li->unit_price = 900000; /* 90.00 */
    inv.original_balance = 1000000;
    run(&inv, &pl);
    has(&pl, SEV_ERROR, "originalBalance 100.00 is not the total of the lines (90.00)");
    problem_list_release(&pl);
    invoice_release(&inv);
}

static void test_warnings_name_what_happens(void **state)
{
    (void)state;
    ic_invoice inv;
    base(&inv);
    ic_cost_line *cl = invoice_add_cost_line(&inv);
    invoice_set_str(&cl->description, "Freight");
    cl->amount = 125000;
    inv.has_original_balance = inv.has_open_balance = true;
    inv.open_balance = 500000;
    inv.billing.present = true;
    invoice_add_shipping(&inv)->present = true;
    invoice_set_str(&inv.external_id, "X-1");
    invoice_set_str(&inv.purchase_order_number, "PO-9");
    invoice_add_extra_field(&inv, "Region", "North");
    inv.has_status = true;
    memcpy(inv.currency, "EUR", 4);
    inv.has_due_date = false;
    ic_line_item *li = &inv.line_items[0];
    li->has_discount = true;
    li->unit_discount = 99900;
    inv.original_balance = 600000 + 125000; /* 2 × (39.99 - 9.99) + 12.50 */
    ic_line_item *sku = invoice_add_line_item(&inv);
    invoice_set_str(&sku->sku, "GADGET");
    sku->quantity = 10000;
    sku->unit_price = 0;
    problem_list pl;
    run(&inv, &pl);
    has(&pl, SEV_WARNING, "costLines[0] 'Freight' (12.50) is sent as a line item with quantity 1");
    has(&pl, SEV_WARNING, "openBalance 50.00 is below the total 72.50: BILL computes what is due");
    has(&pl, SEV_WARNING, "billingAddress is not sent");
    has(&pl, SEV_WARNING, "shippingAddresses is not sent");
    has(&pl, SEV_WARNING, "externalId is not sent");
    has(&pl, SEV_WARNING, "purchaseOrderNumber is not sent");
    has(&pl, SEV_WARNING, "extraFields 'Region' is not sent");
    has(&pl, SEV_WARNING, "status is not sent");
    has(&pl, SEV_WARNING, "currency EUR is not sent");
    has(&pl, SEV_WARNING, "dueDate is not given: BILL sets it to the day the invoice is created");
    has(&pl, SEV_WARNING, "lineItems[0].unitDiscount 9.99 is taken off the price");
    has(&pl, SEV_WARNING, "lineItems[1].sku 'GADGET' is sent as the line's description");
    if (pl.n_errors)
        dump(&pl);
    assert_int_equal(pl.n_errors, 0);
    problem_list_release(&pl);

    /* a customer by name and email: BILL creates it */
    invoice_set_str(&inv.customer_id, NULL);
    invoice_set_str(&inv.customer_name, "Acme");
    invoice_set_str(&inv.customer_email, "ap@acme.example");
    run(&inv, &pl);
    has(&pl, SEV_WARNING, "BILL creates a new customer 'Acme' <ap@acme.example>");
    problem_list_release(&pl);
    invoice_release(&inv);
}

/* BILL rounds each line's amount to cents: a balance made that way is no error, and the rounding is
 * said. */
static void test_line_amounts_rounded_to_cents(void **state)
{
    (void)state;
    ic_invoice inv;
    base(&inv);
    inv.line_items[0].quantity = 5000;   /* 0.5 */
    inv.line_items[0].unit_price = 9900; /* 0.99: 0.495 */
    inv.has_original_balance = true;
    inv.original_balance = 5000; /* 0.50 */
    problem_list pl;
    run(&inv, &pl);
    has(&pl, SEV_WARNING,
        "lineItems[0] amount 0.495 (quantity × price) has more than 2 decimals: BILL rounds it "
        "to 0.50");
    if (pl.n_errors)
        dump(&pl);
    assert_int_equal(pl.n_errors, 0);
    problem_list_release(&pl);
    inv.original_balance = 4950; /* what the file says, not what BILL will hold */
    run(&inv, &pl);
    has(&pl, SEV_ERROR, "originalBalance 0.495 is not the total of the lines (0.50)");
    problem_list_release(&pl);
    invoice_release(&inv);
}

/* Days BILL cannot take as yyyy-MM-dd (a year before 1900 or past 9999). */
static void test_days_bill_takes(void **state)
{
    (void)state;
    ic_invoice inv;
    base(&inv);
    inv.has_issued_at = true;
    inv.issued_at = -2240524800; /* 1899-01-01 */
    inv.due_date = 253402300800; /* 10000-01-01 */
    problem_list pl;
    run(&inv, &pl);
    has(&pl, SEV_ERROR, "issuedAt 1899-01-01 is not a day BILL takes (yyyy-MM-dd, 1900 to 9999)");
    has(&pl, SEV_ERROR, "dueDate 10000-01-01 is not a day BILL takes");
    problem_list_release(&pl);
    inv.issued_at = 1772323200;
    inv.due_date = 1772323200;
    run(&inv, &pl);
    assert_int_equal(pl.n_errors, 0);
    problem_list_release(&pl);
    invoice_release(&inv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_invoice),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_warnings_name_what_happens),
        cmocka_unit_test(test_line_amounts_rounded_to_cents),
        cmocka_unit_test(test_days_bill_takes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
