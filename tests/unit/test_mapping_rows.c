/* The mapping's row rules: "skip" and "fill_down" parsed strictly (paths, nearest keys, regexes
 * compiled at load), costLines and lineItems never both claiming a row, and the row accounting
 * (read = used + skipped + in error) of a batch. */
#include "tests/unit/mapping_testlib.h"

/* BASE_MAP_HEAD + BASE_MAP_ITEMS with `tail` added at the top level. */
#define MAP_WITH(tail) BASE_MAP_HEAD "}, " BASE_MAP_ITEMS ", " tail "}"

static void test_skip_parse_errors(void **state)
{
    (void)state;
    expect_load_error(MAP_WITH("\"skip\": {\"blank\": true}"), ": skip: expected a list of rules");
    expect_load_error(MAP_WITH("\"skip\": [\"Total\"]"), ": skip[0]: expected a rule");
    expect_load_error(MAP_WITH("\"skip\": [{\"column\": \"SKU\", \"mathces\": \"^T\"}]"),
                      ": skip[0].mathces: unknown field; did you mean 'matches'?");
    expect_load_error(MAP_WITH("\"skip\": [{\"blank\": true}, {\"colum\": \"SKU\"}]"),
                      ": skip[1].colum: unknown field; did you mean 'column'?");
    expect_load_error(MAP_WITH("\"skip\": [{\"blank\": false}]"), ": skip[0].blank: expected true");
    expect_load_error(MAP_WITH("\"skip\": [{\"blank\": true, \"column\": \"SKU\"}]"),
                      ": skip[0]: \"blank\" stands alone in its rule");
    expect_load_error(MAP_WITH("\"skip\": [{\"column\": \"SKU\", \"matches\": \"(\"}]"),
                      ": skip[0].matches: '(' is not a POSIX extended regular expression");
    expect_load_error(
        MAP_WITH("\"skip\": [{\"column\": \"SKU\", \"matches\": \"T\", \"equals\": \"T\"}]"),
        ": skip[0]: give \"matches\" or \"equals\", not both");
    expect_load_error(MAP_WITH("\"skip\": [{\"column\": \"SKU\"}]"),
                      ": skip[0]: missing \"matches\"");
    expect_load_error(MAP_WITH("\"skip\": [{\"matches\": \"T\"}]"),
                      ": skip[0].column: expected a column name");
    expect_load_error(MAP_WITH("\"skip\": [{\"column\": \"SKU\", \"equals\": [\"T\", 3]}]"),
                      ": skip[0].equals: expected a string or a list of strings, got a number");
    expect_load_error(MAP_WITH("\"skip\": [{\"column\": \"SKU\", \"equals\": []}]"),
                      ": skip[0].equals: empty list");
    /* a misspelt top-level key gets the nearest one */
    expect_load_error(MAP_WITH("\"skipp\": [{\"blank\": true}]"),
                      ": skipp: unknown field; did you mean 'skip'?");
    expect_load_error(MAP_WITH("\"fill_dwn\": [\"Inv\"]"),
                      ": fill_dwn: unknown field; did you mean 'fill_down'?");
}

static void test_fill_down_parse_errors(void **state)
{
    (void)state;
    expect_load_error(MAP_WITH("\"fill_down\": \"Inv\""), ": fill_down: expected a list");
    expect_load_error(MAP_WITH("\"fill_down\": []"), ": fill_down: empty list");
    expect_load_error(MAP_WITH("\"fill_down\": [\"Inv\", 3]"),
                      ": fill_down[1]: expected a column name");
    expect_load_error(MAP_WITH("\"fill_down\": [\"Inv\", \"Cust\", \"Inv\"]"),
                      ": fill_down[2]: 'Inv' is given twice");
}

static void test_rule_columns_are_bound(void **state)
{
    (void)state;
    ic_err err;
    mapping *m = load_text(MAP_WITH("\"skip\": [{\"column\": \"Custmer\", \"equals\": \"T\"}], "
                                    "\"fill_down\": [\"Inv\", \"Customer\"]"),
                           &err);
    assert_non_null(m);
    const char *hdr[] = {"Inv", "Cust", "SKU", "Qty", "Price"};
    mapping_errors errs;
    memset(&errs, 0, sizeof errs);
    assert_int_equal(mapping_bind_all(m, hdr, 5, "x.csv", &errs, &err), IC_EXIT_USAGE);
    assert_int_equal(errs.n, 2);
    assert_non_null(strstr(errs.msgs[0], "skip[0].column: no column 'Custmer' in 'x.csv'"));
    assert_non_null(strstr(errs.msgs[1], "fill_down[1]: no column 'Customer' in 'x.csv'"));
    mapping_errors_release(&errs);
    mapping_free(m);
}

#define ROW_FORM_MAP(item_when)                                                                    \
    BASE_MAP_HEAD "}, \"costLines\": {\"when\": {\"column\": \"K\", \"equals\": [\"freight\", "    \
                  "\"tax\"]}, \"description\": \"SKU\", \"amount\": \"Price\"}, "                  \
                  "\"lineItems\": {\"sku\": \"SKU\", \"quantity\": \"Qty\", \"unitPrice\": "       \
                  "\"Price\"" item_when "}}"

static void test_overlapping_when_is_a_mapping_error(void **state)
{
    (void)state;
    /* the same column, a value in both lists: refused at load, naming both rules */
    expect_load_error(ROW_FORM_MAP(", \"when\": {\"column\": \"K\", \"equals\": [\"item\", "
                                   "\"tax\"]}"),
                      ": lineItems.when: matches the same rows as costLines.when (column 'K' "
                      "equals 'tax' in both)");
    /* disjoint values on the same column, and lineItems without when (the "otherwise"): fine */
    ic_err err;
    mapping *m =
        load_text(ROW_FORM_MAP(", \"when\": {\"column\": \"K\", \"equals\": [\"item\"]}"), &err);
    assert_non_null(m);
    mapping_free(m);
    m = load_text(ROW_FORM_MAP(""), &err);
    assert_non_null(m);
    mapping_free(m);
}

static void test_overlapping_when_at_run_time(void **state)
{
    (void)state;
    /* when's on different columns: a row matching both is an error naming both rules */
    ic_batch b;
    read_text(ROW_FORM_MAP(", \"when\": {\"column\": \"L\", \"equals\": \"yes\"}"),
              "Inv,Cust,K,L,SKU,Qty,Price\n"
              "A,1,,yes,S1,1,10\n"
              "A,1,freight,,Freight,,5\n"
              "B,2,,yes,S2,1,10\n"
              "B,2,tax,yes,Tax,,1\n",
              true, &b);
    const ic_problem *p = expect_problem(&b, "the row matches both costLines.when", 5);
    assert_non_null(strstr(p->message, "(column 'K' is 'tax') and lineItems.when (column 'L' "
                                       "is 'yes')"));
    assert_string_equal(p->invoice, "B");
    assert_int_equal(b.n_valid, 1);
    assert_int_equal(b.n_invalid, 1);
    assert_int_equal(b.rows, 4);
    assert_int_equal(b.rows_used, 2);
    assert_int_equal(b.rows_error, 2);
    assert_int_equal(b.rows_skipped, 0);
    assert_int_equal(b.invoices[0].n_cost_lines, 1);
    batch_release(&b);
}

static void test_skip_rules_count_and_list(void **state)
{
    (void)state;
    ic_batch b;
    read_text(MAP_WITH("\"skip\": [{\"blank\": true}, {\"repeated_header\": true}, "
                       "{\"column\": \"Cust\", \"matches\": \"^(Grand )?Total\"}, "
                       "{\"column\": \"SKU\", \"equals\": [\"Page 1\", \"Page 2\"]}]"),
              "Inv,Cust,SKU,Qty,Price\n"
              "A,1,S1,1,10\n"
              ",,,,\n"
              "Inv,Cust,SKU,Qty,Price\n"
              "B,2,S2,2,5\n"
              ",  Grand Total ,,,20\n"
              ",,Page 2,,\n"
              ",Subtotal,,,20\n",
              true, &b);
    /* the last row is no rule's: an error with no invoice, kept for errors.csv */
    assert_int_equal(b.problems.n_errors, 1);
    expect_problem(&b, "no invoice key: column 'Inv' (group_by) is blank", 8);
    assert_int_equal(b.rows, 7);
    assert_int_equal(b.rows_used, 2);
    assert_int_equal(b.rows_skipped, 4);
    assert_int_equal(b.rows_error, 1);
    assert_int_equal(b.n_skipped, 4);
    assert_int_equal(b.skipped[0].line, 3);
    assert_string_equal(b.skipped[0].why, "blank row");
    assert_int_equal(b.skipped[1].line, 4);
    assert_string_equal(b.skipped[1].why, "skip[1]: repeated header row");
    assert_int_equal(b.skipped[2].line, 6);
    assert_int_equal(b.skipped[2].record, 4);
    assert_string_equal(b.skipped[2].why, "skip[2]: column 'Cust' matches '^(Grand )?Total'");
    assert_string_equal(b.skipped[3].why,
                        "skip[3]: column 'SKU' equals 'Page 1' (or another value of the list)");
    assert_int_equal(b.n_orphans, 1);
    assert_int_equal(b.orphans[0].line, 8);
    assert_int_equal(b.orphans[0].record, 6);
    assert_non_null(strstr(b.orphans[0].why, "no invoice key"));
    batch_release(&b);

    /* without a rule, a blank row is still skipped and counted; checking only keeps no orphans */
    read_text(MAP_WITH("\"checks\": {}"), "Inv,Cust,SKU,Qty,Price\nA,1,S1,1,10\n,,,,\n,1,S,1,1\n",
              false, &b);
    assert_int_equal(b.rows, 3);
    assert_int_equal(b.rows_used, 1);
    assert_int_equal(b.rows_skipped, 1);
    assert_int_equal(b.rows_error, 1);
    assert_int_equal(b.n_orphans, 0);
    batch_release(&b);
}

static void test_fill_down(void **state)
{
    (void)state;
    ic_batch b;
    /* Odoo-like: the invoice columns only on an invoice's first row; a skipped row (a page footer
     * with its own text in Inv) neither changes nor ends what is carried */
    read_text(MAP_WITH("\"fill_down\": [\"Inv\", \"Cust\"], \"skip\": [{\"column\": \"Inv\", "
                       "\"matches\": \"^Page\"}]"),
              "Inv,Cust,SKU,Qty,Price\n"
              "A,1,S1,1,10\n"
              ",,S2,2,2.5\n"
              "Page 1 of 2,,,,\n"
              " ,,S3,1,1\n"
              "B,2,S4,3,1\n"
              ",,S5,1,1\n",
              true, &b);
    expect_no_problems(&b);
    assert_int_equal(b.n_invoices, 2);
    assert_int_equal(b.rows_used, 5);
    assert_int_equal(b.rows_skipped, 1);
    const ic_invoice *a = &b.invoices[0];
    assert_string_equal(a->invoice_number, "A");
    assert_string_equal(a->customer_id, "1");
    assert_int_equal(a->n_line_items, 3);
    assert_int_equal(a->original_balance, 160000); /* 10 + 2 × 2.5 + 1 */
    assert_int_equal(a->n_records, 3);
    assert_int_equal(b.invoices[1].n_line_items, 2);
    assert_string_equal(b.invoices[1].customer_id, "2");
    batch_release(&b);

    /* streaming (check only) agrees */
    read_text(MAP_WITH("\"fill_down\": [\"Inv\", \"Cust\"]"),
              "Inv,Cust,SKU,Qty,Price\nA,1,S1,1,10\n,,S2,2,2.5\nB,2,S4,3,1\n", false, &b);
    expect_no_problems(&b);
    assert_int_equal(b.n_invoices, 2);
    assert_int_equal(b.n_valid, 2);
    batch_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_skip_parse_errors, tmp_cleanup),
        cmocka_unit_test_teardown(test_fill_down_parse_errors, tmp_cleanup),
        cmocka_unit_test_teardown(test_rule_columns_are_bound, tmp_cleanup),
        cmocka_unit_test_teardown(test_overlapping_when_is_a_mapping_error, tmp_cleanup),
        cmocka_unit_test_teardown(test_overlapping_when_at_run_time, tmp_cleanup),
        cmocka_unit_test_teardown(test_skip_rules_count_and_list, tmp_cleanup),
        cmocka_unit_test_teardown(test_fill_down, tmp_cleanup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
