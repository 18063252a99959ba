/* Amounts as ERPs write them: {"sum": C} over an invoice's rows (per-line tax, balances), a
 * percentage discount per line ({"percent": C}), line amounts rounded to the currency's minor unit
 * (rounding.lines), a totals check with a tolerance, and credit notes (negative balances). */
#include "tests/unit/mapping_testlib.h"

/* QuickBooks Online's invoice export: one row per item, ItemTaxAmount per row, the invoice's
 * total on every row. */
#define QBO_HEAD                                                                                   \
    "{\"locale\": {\"currency\": \"USD\"}, \"group_by\": [\"InvoiceNo\"], \"invoice\": {"          \
    "\"invoiceNumber\": \"InvoiceNo\", \"customerId\": \"Customer\", "
#define QBO_ITEMS                                                                                  \
    "\"lineItems\": {\"sku\": \"Item\", \"quantity\": \"ItemQuantity\", \"unitPrice\": "           \
    "\"ItemRate\"}"
static const char qbo_csv[] =
    "InvoiceNo,Customer,Item,ItemQuantity,ItemRate,ItemTaxAmount,TotalAmount\n"
    "1001,42,Widget,2,10.00,1.65,42.96\n"
    "1001,42,Gadget,1,12.50,,42.96\n"
    "1001,42,Bolt,4,2.00,0.81,42.96\n"
    "1002,43,Widget,1,10.00,0.83,10.83\n"
    "1003,44,Bolt,1,2.00,,2.00\n";

static const char qbo_map[] =
    QBO_HEAD "\"originalBalance\": {\"column\": \"TotalAmount\", \"type\": \"money\"}, "
             "\"openBalance\": {\"compute\": \"total\"}}, "
             "\"costLines\": [{\"description\": \"Tax\", \"amount\": {\"sum\": "
             "\"ItemTaxAmount\"}}], " QBO_ITEMS "}";

static void test_sum_per_line_tax(void **state)
{
    (void)state;
    ic_batch b;
    read_text(qbo_map, qbo_csv, true, &b);
    /* Per-line tax differs by row: summed, not "rows of one invoice disagree"; the totals agree. */
    expect_no_problems(&b);
    assert_int_equal(b.n_invoices, 3);
    const ic_invoice *a = &b.invoices[0];
    assert_int_equal(a->n_line_items, 3);
    assert_int_equal(a->n_cost_lines, 1);
    assert_string_equal(a->cost_lines[0].description, "Tax");
    assert_int_equal(a->cost_lines[0].amount, 24600); /* 1.65 + blank + 0.81 */
    assert_int_equal(a->open_balance, 429600);        /* 20 + 12.50 + 8 + 2.46 */
    assert_int_equal(b.invoices[1].cost_lines[0].amount, 8300);
    /* Every cell blank: the sum is 0. */
    assert_int_equal(b.invoices[2].n_cost_lines, 1);
    assert_int_equal(b.invoices[2].cost_lines[0].amount, 0);
    batch_release(&b);

    /* Checking only (no invoices kept) finds the same: no problems. */
    read_text(qbo_map, qbo_csv, false, &b);
    expect_no_problems(&b);
    assert_int_equal(b.n_valid, 3);
    batch_release(&b);
}

static void test_sum_optional_drops_empty_cost_line(void **state)
{
    (void)state;
    ic_batch b;
    read_text(QBO_HEAD "\"originalBalance\": {\"compute\": \"total\"}, "
                       "\"openBalance\": {\"compute\": \"total\"}}, "
                       "\"costLines\": [{\"description\": \"Tax\", \"amount\": {\"sum\": "
                       "\"ItemTaxAmount\", \"optional\": true}}], " QBO_ITEMS "}",
              qbo_csv, true, &b);
    expect_no_problems(&b);
    assert_int_equal(b.invoices[0].n_cost_lines, 1);
    assert_int_equal(b.invoices[2].n_cost_lines, 0);
    assert_int_equal(b.invoices[2].original_balance, 20000);
    batch_release(&b);
}

static void test_sum_balances(void **state)
{
    (void)state;
    /* Sage 50's split VAT: Net and Tax per row; the balances are the sum of a gross column. */
    ic_batch b;
    read_text("{\"locale\": {\"currency\": \"GBP\"}, \"group_by\": [\"Reference\"], "
              "\"invoice\": {\"invoiceNumber\": \"Reference\", \"customerId\": \"Account\", "
              "\"originalBalance\": {\"sum\": \"Gross\"}, \"openBalance\": {\"sum\": \"Gross\", "
              "\"type\": \"money\"}}}",
              "Reference,Account,Net,Tax,Gross\n"
              "SI-77,ACME01,100.00,20.00,120.00\n"
              "SI-77,ACME01,50.00,10.00,60.00\n"
              "SI-78,BETA02,10.00,2.00,12.00\n",
              true, &b);
    expect_no_problems(&b);
    assert_int_equal(b.invoices[0].original_balance, 1800000);
    assert_int_equal(b.invoices[0].open_balance, 1800000);
    assert_int_equal(b.invoices[1].original_balance, 120000);
    batch_release(&b);
}

static void test_sum_counts_every_row_of_the_invoice(void **state)
{
    (void)state;
    /* Cost rows (row form with "when") and line-item rows alike carry the tax column: the sum is
     * over every row of the invoice. */
    ic_batch b;
    read_text(QBO_HEAD
              "\"originalBalance\": {\"compute\": \"total\"}, "
              "\"openBalance\": {\"compute\": \"total\"}}, "
              "\"costLines\": {\"when\": {\"column\": \"Kind\", \"equals\": \"Shipping\"}, "
              "\"description\": \"Item\", \"amount\": \"ItemRate\"}, "
              "\"lineItems\": {\"when\": {\"column\": \"Kind\", \"equals\": \"Item\"}, "
              "\"sku\": \"Item\", \"quantity\": \"ItemQuantity\", \"unitPrice\": "
              "\"ItemRate\"}}",
              "InvoiceNo,Customer,Kind,Item,ItemQuantity,ItemRate,ItemTaxAmount\n"
              "1001,42,Item,Widget,2,10.00,1.65\n"
              "1001,42,Shipping,Freight,,5.00,0.41\n",
              true, &b);
    expect_no_problems(&b);
    batch_release(&b);
    /* The same with a Tax cost line from columns next to the cost rows is refused by no rule:
     * the sum holds both rows. */
    ic_err err;
    mapping *m = load_text(QBO_HEAD "\"originalBalance\": {\"compute\": \"total\"}, "
                                    "\"openBalance\": {\"compute\": \"total\"}}, "
                                    "\"costLines\": [{\"description\": \"Tax\", \"amount\": "
                                    "{\"sum\": \"ItemTaxAmount\"}}], " QBO_ITEMS "}",
                           &err);
    assert_non_null(m);
    mapping_free(m);
    read_text(QBO_HEAD "\"originalBalance\": {\"compute\": \"total\"}, "
                       "\"openBalance\": {\"compute\": \"total\"}}, "
                       "\"costLines\": [{\"description\": \"Tax\", \"amount\": "
                       "{\"sum\": \"ItemTaxAmount\"}}], "
                       "\"lineItems\": {\"when\": {\"column\": \"Kind\", \"equals\": \"Item\"}, "
                       "\"sku\": \"Item\", \"quantity\": \"ItemQuantity\", \"unitPrice\": "
                       "\"ItemRate\"}}",
              "InvoiceNo,Customer,Kind,Item,ItemQuantity,ItemRate,ItemTaxAmount\n"
              "1001,42,Item,Widget,2,10.00,1.65\n"
              "1001,42,Note,Thank you,,,0.41\n",
              true, &b);
    expect_no_problems(&b);
    assert_int_equal(b.invoices[0].n_line_items, 1);
    assert_int_equal(b.invoices[0].cost_lines[0].amount, 20600); /* 1.65 + 0.41 */
    batch_release(&b);
}

static void test_sum_bad_cell(void **state)
{
    (void)state;
    ic_batch b;
    read_text(qbo_map,
              "InvoiceNo,Customer,Item,ItemQuantity,ItemRate,ItemTaxAmount,TotalAmount\n"
              "1001,42,Widget,2,10.00,1.65,21.65\n"
              "1001,42,Gadget,1,12.50,n/a,21.65\n",
              true, &b);
    const ic_problem *p = expect_problem(&b, "costLines[0].amount: 'n/a' is not an amount", 3);
    assert_string_equal(p->column, "ItemTaxAmount");
    assert_string_equal(p->invoice, "1001");
    assert_int_equal(b.n_invalid, 1);
    batch_release(&b);
}

static void test_sum_beyond_target(void **state)
{
    (void)state;
    /* Each cell fits the target; their sum does not. */
    ic_batch b;
    read_text(QBO_HEAD "\"originalBalance\": {\"compute\": \"total\"}, "
                       "\"openBalance\": {\"compute\": \"total\"}}, "
                       "\"costLines\": [{\"description\": \"Tax\", \"amount\": "
                       "{\"sum\": \"ItemTaxAmount\"}}], " QBO_ITEMS "}",
              "InvoiceNo,Customer,Item,ItemQuantity,ItemRate,ItemTaxAmount\n"
              "1001,42,Widget,1,1.00,60000000000.00\n"
              "1001,42,Gadget,1,1.00,60000000000.00\n",
              false, &b);
    const ic_problem *p = expect_problem(
        &b,
        "costLines[0].amount: the sum of column 'ItemTaxAmount', 120000000000.00, is more than "
        "bigcommerce-b2b keeps exactly",
        2);
    assert_string_equal(p->column, "ItemTaxAmount");
    assert_int_equal(b.n_invalid, 1);
    batch_release(&b);
}

static void test_sum_load_errors(void **state)
{
    (void)state;
    expect_load_error(QBO_HEAD "\"originalBalance\": {\"compute\": \"total\"}, "
                               "\"openBalance\": {\"compute\": \"total\"}}, "
                               "\"lineItems\": {\"sku\": \"Item\", \"quantity\": {\"sum\": "
                               "\"ItemQuantity\"}, \"unitPrice\": \"ItemRate\"}}",
                      "lineItems.quantity.sum: only invoice balances and cost-line amounts");
    expect_load_error(QBO_HEAD "\"dueDate\": {\"sum\": \"X\"}, "
                               "\"originalBalance\": {\"compute\": \"total\"}, "
                               "\"openBalance\": {\"compute\": \"total\"}}, " QBO_ITEMS "}",
                      "invoice.dueDate.sum: only invoice balances");
    expect_load_error(QBO_HEAD "\"originalBalance\": {\"sum\": 3}, "
                               "\"openBalance\": {\"compute\": \"total\"}}, " QBO_ITEMS "}",
                      "invoice.originalBalance.sum: expected a column name, got a number");
    expect_load_error(QBO_HEAD "\"originalBalance\": {\"sum\": \"A\", \"column\": \"B\"}, "
                               "\"openBalance\": {\"compute\": \"total\"}}, " QBO_ITEMS "}",
                      "give only one of");
    expect_load_error(QBO_HEAD "\"originalBalance\": {\"sum\": \"A\", \"default\": \"0\"}, "
                               "\"openBalance\": {\"compute\": \"total\"}}, " QBO_ITEMS "}",
                      "\"sum\" takes only \"type\", \"optional\"");
    expect_load_error(QBO_HEAD "\"originalBalance\": {\"sum\": \"A\", \"type\": \"date\"}, "
                               "\"openBalance\": {\"compute\": \"total\"}}, " QBO_ITEMS "}",
                      "type 'date' does not fit originalBalance");
    /* An unknown column is named with its JSON path when the header is bound. */
    ic_err err;
    mapping *m = load_text(qbo_map, &err);
    assert_non_null(m);
    const char *header[] = {"InvoiceNo",    "Customer", "Item",
                            "ItemQuantity", "ItemRate", "TotalAmount"};
    assert_int_equal(mapping_bind(m, header, 6, "x.csv", &err), IC_EXIT_USAGE);
    if (!strstr(err.msg, "costLines[0].amount.sum: no column 'ItemTaxAmount'"))
        fail_msg("%s", err.msg);
    mapping_free(m);
}

/* Xero's sales invoice export: Discount is a percentage of UnitAmount. */
#define XERO_MAP(disc)                                                                             \
    "{\"locale\": {\"currency\": \"NZD\"}, \"group_by\": [\"InvoiceNumber\"], \"invoice\": {"      \
    "\"invoiceNumber\": \"InvoiceNumber\", \"customerId\": \"ContactName\", "                      \
    "\"originalBalance\": {\"compute\": \"total\"}, \"openBalance\": {\"compute\": \"total\"}}, "  \
    "\"lineItems\": {\"sku\": \"InventoryItemCode\", \"quantity\": \"Quantity\", \"unitPrice\": "  \
    "\"UnitAmount\", \"unitDiscount\": " disc "}}"

static void test_percent_discount(void **state)
{
    (void)state;
    ic_batch b;
    read_text(XERO_MAP("{\"percent\": \"Discount\", \"optional\": true}"),
              "InvoiceNumber,ContactName,InventoryItemCode,Quantity,UnitAmount,Discount\n"
              "INV-1,7,A,3,19.99,10\n"
              "INV-1,7,B,1,19.99,12.5%\n"
              "INV-1,7,C,2,8.00,\n"
              "INV-1,7,D,1,-19.99, 15 % \n"
              "INV-1,7,E,1,0.0003,50\n",
              true, &b);
    expect_no_problems(&b);
    const ic_invoice *a = &b.invoices[0];
    assert_int_equal(a->n_line_items, 5);
    assert_true(a->line_items[0].has_discount);
    assert_int_equal(a->line_items[0].unit_discount, 19990); /* 1.999 */
    /* 19.99 × 12.5 / 100 = 2.49875: half away from zero to 4 places */
    assert_int_equal(a->line_items[1].unit_discount, 24988);
    assert_false(a->line_items[2].has_discount);
    assert_int_equal(a->line_items[3].unit_discount, -29985); /* -2.9985 */
    assert_int_equal(a->line_items[4].unit_discount, 2);      /* 0.00015 -> 0.0002 */
    /* 3 × 17.991 + 17.4912 + 16 - 16.9915 + 0.0001 */
    assert_int_equal(a->original_balance, 539730 + 174912 + 160000 - 169915 + 1);
    batch_release(&b);
}

static void test_percent_errors(void **state)
{
    (void)state;
    ic_batch b;
    read_text(XERO_MAP("{\"percent\": \"Discount\"}"),
              "InvoiceNumber,ContactName,InventoryItemCode,Quantity,UnitAmount,Discount\n"
              "INV-1,7,A,3,19.99,ten\n"
              "INV-2,7,A,3,19.99,150\n"
              "INV-3,7,A,3,19.99,\n"
              "INV-4,7,A,3,19.99,$5\n",
              true, &b);
    const ic_problem *p = expect_problem(
        &b, "lineItems.unitDiscount: 'ten' is not a percentage; expected a number such as 10", 2);
    assert_string_equal(p->column, "Discount");
    expect_problem(&b, "lineItems.unitDiscount: '150' is not a percentage from 0 to 100", 3);
    expect_problem(&b, "lineItems.unitDiscount: column 'Discount' is blank", 4);
    expect_problem(&b, "'$5' is not a percentage", 5);
    assert_int_equal(b.n_invalid, 4);
    batch_release(&b);

    expect_load_error(XERO_MAP("{\"percent\": \"Discount\", \"type\": \"money\"}"),
                      "lineItems.unitDiscount.type: \"type\" does not apply to \"percent\"");
    expect_load_error(
        "{\"locale\": {\"currency\": \"NZD\"}, \"group_by\": [\"N\"], \"invoice\": {"
        "\"invoiceNumber\": \"N\", \"customerId\": \"C\", \"originalBalance\": {\"percent\": "
        "\"P\"}, \"openBalance\": {\"compute\": \"total\"}}}",
        "invoice.originalBalance.percent: only lineItems.unitDiscount can be a percentage");
}

/* Line amounts with more decimals than the currency has: 3 × 20.4783 = 61.4349 and 1 × 61.435. */
static const char round_csv[] = "Inv,Cust,Cur,SKU,Qty,Price,Total\n"
                                "A-1,10,USD,S1,1,61.435,61.44\n"
                                "B-2,10,USD,S1,3,20.4783,61.43\n"
                                "C-3,10,JPY,S1,3,33.5,101\n"
                                "D-4,10,KWD,S1,1,1.2345,1.235\n"
                                "E-5,10,USD,S1,1,61.435,61.45\n";
#define ROUND_MAP(top)                                                                             \
    "{\"group_by\": [\"Inv\"], \"invoice\": {\"invoiceNumber\": \"Inv\", \"customerId\": "         \
    "\"Cust\", \"currency\": \"Cur\", \"originalBalance\": {\"column\": \"Total\", \"type\": "     \
    "\"money\"}, \"openBalance\": {\"column\": \"Total\", \"type\": \"money\"}}, "                 \
    "\"lineItems\": {\"sku\": \"SKU\", \"quantity\": \"Qty\", \"unitPrice\": \"Price\"}" top "}"

static void test_rounding_lines_currency(void **state)
{
    (void)state;
    ic_batch b;
    /* Without rounding: the exact lines' totals differ from what the ERP wrote. */
    read_text(ROUND_MAP(""), round_csv, true, &b);
    expect_problem(&b, "originalBalance 61.44 differs from the lines' total 61.435", 2);
    assert_int_equal(b.n_invalid, 5);
    batch_release(&b);

    read_text(ROUND_MAP(", \"rounding\": {\"lines\": \"currency\"}"), round_csv, true, &b);
    /* A-1 61.435 -> 61.44; B-2 61.4349 -> 61.43; C-3 100.5 -> 101 yen; D-4 1.2345 -> 1.235 dinar */
    assert_true(b.invoices[0].valid);
    assert_true(b.invoices[1].valid);
    assert_true(b.invoices[2].valid);
    assert_true(b.invoices[3].valid);
    /* A real mismatch is still one. */
    expect_problem(&b, "originalBalance 61.45 differs from the lines' total 61.44", 6);
    assert_int_equal(b.n_invalid, 1);
    /* The line items keep the file's prices: only the sum is rounded. */
    assert_int_equal(b.invoices[0].line_items[0].unit_price, 614350);
    batch_release(&b);

    /* "4", the default, named. */
    read_text(ROUND_MAP(", \"rounding\": {\"lines\": \"4\"}"), round_csv, false, &b);
    assert_int_equal(b.n_invalid, 5);
    batch_release(&b);

    expect_load_error(ROUND_MAP(", \"rounding\": {\"lines\": \"cents\"}"),
                      "rounding.lines: expected \"currency\" or \"4\", got 'cents'");
    expect_load_error(ROUND_MAP(", \"rounding\": {\"line\": \"currency\"}"), "rounding");
    expect_load_error(ROUND_MAP(", \"rounding\": \"currency\""),
                      "rounding: expected an object such as {\"lines\": \"currency\"}");
}

static void test_totals_tolerance(void **state)
{
    (void)state;
    ic_batch b;
    read_text(ROUND_MAP(", \"checks\": {\"totals\": \"error\", \"tolerance\": \"0.01\"}"),
              round_csv, true, &b);
    /* 61.44 against 61.435 (0.005), 61.43 against 61.4349, 101 against 100.5 (0.5: too far) */
    assert_true(b.invoices[0].valid);
    assert_true(b.invoices[1].valid);
    assert_false(b.invoices[2].valid);
    expect_problem(&b, "originalBalance 101 differs from the lines' total 100.5", 4);
    assert_true(b.invoices[3].valid);
    /* 61.45 against 61.435: 0.015, more than the tolerance: still an error, not a warning */
    assert_false(b.invoices[4].valid);
    assert_null(find_problem(&b, "61.44", 0));
    batch_release(&b);

    read_text(ROUND_MAP(", \"checks\": {\"tolerance\": 0.5}"), round_csv, true, &b);
    assert_int_equal(b.n_invalid, 0);
    batch_release(&b);

    expect_load_error(ROUND_MAP(", \"checks\": {\"tolerance\": \"-0.01\"}"),
                      "checks.tolerance: '-0.01' is negative");
    expect_load_error(ROUND_MAP(", \"checks\": {\"tolerance\": \"a cent\"}"),
                      "checks.tolerance: expected an amount such as \"0.01\", got 'a cent'");
    expect_load_error(ROUND_MAP(", \"checks\": {\"tolerance\": true}"),
                      "checks.tolerance: expected an amount such as \"0.01\", got true");
}

static void test_credit_note_balances(void **state)
{
    (void)state;
    ic_batch b;
    read_text("{\"locale\": {\"currency\": \"USD\"}, \"group_by\": [\"Inv\"], \"invoice\": {"
              "\"invoiceNumber\": \"Inv\", \"customerId\": \"Cust\", \"originalBalance\": "
              "{\"column\": \"Total\", \"type\": \"money\"}, \"openBalance\": {\"column\": "
              "\"Due\", \"type\": \"money\"}}, " BASE_MAP_ITEMS "}",
              "Inv,Cust,SKU,Qty,Price,Total,Due\n"
              "CN-1,10,S1,-1,40.00,-40.00,-15.00\n"
              "CN-2,10,S1,-1,40.00,-40.00,-40.00\n"
              "CN-3,10,S1,-1,40.00,-40.00,-50.00\n"
              "IN-4,10,S1,1,40.00,40.00,50.00\n"
              "IN-5,10,S1,1,40.00,40.00,0\n",
              true, &b);
    /* Only the balances open beyond their original, whatever the sign, are warned about. */
    assert_null(find_problem(&b, "openBalance", 2));
    assert_null(find_problem(&b, "openBalance", 3));
    expect_problem(&b, "openBalance -50.00 is more than originalBalance -40.00", 4);
    expect_problem(&b, "openBalance 50.00 is more than originalBalance 40.00", 5);
    assert_int_equal(b.problems.n_warnings, 2);
    assert_int_equal(b.problems.n_errors, 0);
    assert_int_equal(b.invoices[0].original_balance, -400000);
    batch_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_sum_per_line_tax, tmp_cleanup),
        cmocka_unit_test_teardown(test_sum_optional_drops_empty_cost_line, tmp_cleanup),
        cmocka_unit_test_teardown(test_sum_balances, tmp_cleanup),
        cmocka_unit_test_teardown(test_sum_counts_every_row_of_the_invoice, tmp_cleanup),
        cmocka_unit_test_teardown(test_sum_bad_cell, tmp_cleanup),
        cmocka_unit_test_teardown(test_sum_beyond_target, tmp_cleanup),
        cmocka_unit_test_teardown(test_sum_load_errors, tmp_cleanup),
        cmocka_unit_test_teardown(test_percent_discount, tmp_cleanup),
        cmocka_unit_test_teardown(test_percent_errors, tmp_cleanup),
        cmocka_unit_test_teardown(test_rounding_lines_currency, tmp_cleanup),
        cmocka_unit_test_teardown(test_totals_tolerance, tmp_cleanup),
        cmocka_unit_test_teardown(test_credit_note_balances, tmp_cleanup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
