/* Grouping rows into invoices: scattered rows, agreement of invoice-level values (blanks accepted,
 * conflicts naming both lines), empty keys, blank rows, multi-column keys, the problem cap, and the
 * check-only mode that keeps no invoices. */
#include "tests/unit/mapping_testlib.h"

static void read_fixture(const char *map, const char *csv, bool keep, ic_batch *b)
{
    ic_err err;
    mapping *m = mapping_load(fixture(map), &err);
    if (!m)
        fail_msg("%s", err.msg);
    mapping_read_options o = {.keep_invoices = keep};
    int rc = mapping_read_invoices_opt(m, fixture(csv), &o, b, &err);
    mapping_free(m);
    if (rc)
        fail_msg("read failed (%d): %s", rc, err.msg);
}

static void test_scattered_rows_group(void **state)
{
    (void)state;
    ic_batch b;
    read_fixture("small.json", "scattered.csv", true, &b);
    expect_no_problems(&b);
    assert_int_equal(b.n_invoices, 3);
    assert_int_equal(b.n_valid, 3);
    assert_int_equal(b.rows, 7);
    /* order of first appearance */
    assert_string_equal(b.invoices[0].invoice_number, "A-1");
    assert_string_equal(b.invoices[1].invoice_number, "B-2");
    assert_string_equal(b.invoices[2].invoice_number, "C-3");

    const ic_invoice *a = &b.invoices[0];
    assert_string_equal(a->key, "A-1");
    assert_int_equal(a->first_line, 2);
    assert_int_equal(a->n_line_items, 3);
    assert_string_equal(a->line_items[1].sku, "S3");
    assert_int_equal(a->line_items[1].line, 4);
    assert_string_equal(a->line_items[2].sku, "S6\ntwo lines");
    assert_int_equal(a->line_items[2].line, 8);
    assert_int_equal(a->n_records, 3);
    assert_int_equal(a->records[0], 0);
    assert_int_equal(a->records[1], 2);
    assert_int_equal(a->records[2], 5);
    assert_true(a->has_original_balance);
    assert_int_equal(a->original_balance, 155000); /* 10.00 + 3 × 1.50 + 1.00 */
    assert_int_equal(a->open_balance, 155000);
    assert_string_equal(a->customer_id, "10");
    assert_true(a->valid);

    assert_int_equal(b.invoices[1].original_balance, 101000); /* 2 × 5.00 + 0.10 */
    /* C-3: currency blank on its first row, given on a later one; due date the other way round */
    const ic_invoice *c = &b.invoices[2];
    assert_string_equal(c->currency, "USD");
    assert_true(c->has_due_date);
    char ymd[16];
    date_format_ymd(c->due_date, "UTC", ymd, sizeof ymd);
    assert_string_equal(ymd, "2026-11-03");
    assert_int_equal(c->original_balance, 92500);
    batch_release(&b);
}

static void test_check_only_mode_matches(void **state)
{
    (void)state;
    ic_batch b;
    read_fixture("small.json", "scattered.csv", false, &b);
    expect_no_problems(&b);
    assert_null(b.invoices);
    assert_int_equal(b.n_invoices, 3);
    assert_int_equal(b.n_valid, 3);
    batch_release(&b);
    read_fixture("small.json", "conflicts.csv", false, &b);
    assert_int_equal(b.n_invoices, 2);
    assert_int_equal(b.n_invalid, 2);
    assert_int_equal(b.problems.n_errors, 4);
    batch_release(&b);
}

static void test_conflicts_name_both_lines(void **state)
{
    (void)state;
    ic_batch b;
    read_fixture("small.json", "conflicts.csv", true, &b);
    assert_int_equal(b.n_invoices, 2);
    assert_int_equal(b.n_invalid, 2);
    assert_int_equal(b.n_valid, 0);
    const ic_problem *p = expect_problem(
        &b, "rows of one invoice disagree on 'Cust': '10' on line 2, '11' on line 3", 3);
    assert_string_equal(p->column, "Cust");
    assert_string_equal(p->invoice, "A-1");
    assert_int_equal(p->severity, SEV_ERROR);
    expect_problem(&b, "disagree on 'Due': '2026-11-02' on line 4, '2026-11-09' on line 5", 5);
    p = expect_problem(&b, "mixed currencies in one invoice: 'USD' on line 4, 'EUR' on line 5", 5);
    assert_string_equal(p->invoice, "B-2");
    /* the row without a key belongs to no invoice */
    p = expect_problem(&b, "no invoice key: column 'Inv' (group_by) is blank", 6);
    assert_null(p->invoice);
    assert_int_equal(b.problems.n_errors, 4);
    /* sorted by line */
    for (size_t i = 1; i < b.problems.n; i++)
        assert_true(b.problems.items[i - 1].line <= b.problems.items[i].line);
    assert_false(b.invoices[0].valid);
    batch_release(&b);
}

static void test_header_only_succeeds_empty(void **state)
{
    (void)state;
    ic_batch b;
    read_fixture("small.json", "header-only.csv", true, &b);
    assert_int_equal(b.n_invoices, 0);
    assert_int_equal(b.rows, 0);
    expect_no_problems(&b);
    batch_release(&b);
}

static void test_multi_column_key(void **state)
{
    (void)state;
    ic_batch b;
    read_text(
        "{\"locale\": {\"currency\": \"USD\"}, \"group_by\": [\"Inv\", \"Cust\"], \"invoice\": {"
        "\"invoiceNumber\": {\"template\": \"{Inv}-{Cust}\"}, \"customerId\": \"Cust\", "
        "\"originalBalance\": {\"compute\": \"total\"}, \"openBalance\": {\"compute\": "
        "\"total\"}}, " BASE_MAP_ITEMS "}",
        "Inv,Cust,SKU,Qty,Price\n"
        "1,A,S,1,1\n"
        "1,B,S,1,2\n"
        "1,A,S,1,3\n"
        ",B,S,1,4\n",
        true, &b);
    assert_int_equal(b.n_invoices, 3);
    assert_int_equal(b.problems.n_errors, 1);
    assert_string_equal(b.invoices[0].key, "1 / A");
    assert_string_equal(b.invoices[0].invoice_number, "1-A");
    assert_int_equal(b.invoices[0].n_line_items, 2);
    /* one blank key column still makes a key; the invoice number built from it is then missing */
    assert_string_equal(b.invoices[2].key, " / B");
    expect_problem(
        &b, "invoiceNumber: column 'Inv' of the template is blank; the API requires a value", 5);
    assert_false(b.invoices[2].valid);
    assert_true(b.invoices[1].valid);
    batch_release(&b);
}

static void test_blank_rows_and_whitespace(void **state)
{
    (void)state;
    ic_batch b;
    read_text(BASE_MAP_HEAD "}, " BASE_MAP_ITEMS "}",
              "Inv,Cust,SKU,Qty,Price\n"
              "  A  , 7 ,S1, 2 , 1.50 \n"
              ",,,,\n"
              " , , , , \n"
              "A,7,S2,1,1\n",
              true, &b);
    expect_no_problems(&b);
    assert_int_equal(b.n_invoices, 1);
    assert_string_equal(b.invoices[0].invoice_number, "A");
    assert_string_equal(b.invoices[0].customer_id, "7");
    assert_int_equal(b.invoices[0].original_balance, 40000);
    batch_release(&b);
}

static void test_problem_cap_counts_all(void **state)
{
    (void)state;
    ic_err err;
    mapping *m = load_text(BASE_MAP_HEAD "}, " BASE_MAP_ITEMS "}", &err);
    assert_non_null(m);
    const char *csv = tmp_write("Inv,Cust,SKU,Qty,Price\n"
                                "A,1,S,x,1\nB,1,S,x,1\nC,1,S,x,1\nD,1,S,x,1\nE,1,S,x,1\n",
                                ".csv");
    mapping_read_options o = {.keep_invoices = true, .max_problems = 2};
    ic_batch b;
    assert_int_equal(mapping_read_invoices_opt(m, csv, &o, &b, &err), 0);
    assert_int_equal(b.problems.n, 2);
    assert_int_equal(b.problems.n_errors, 5);
    assert_int_equal(b.n_invalid, 5);
    batch_release(&b);
    mapping_free(m);
}

static void test_unreadable_csv_is_an_error(void **state)
{
    (void)state;
    ic_err err;
    mapping *m = load_text(BASE_MAP_HEAD "}, " BASE_MAP_ITEMS "}", &err);
    assert_non_null(m);
    ic_batch b;
    int rc = mapping_read_invoices(m, "/nonexistent/x.csv", &b, &err);
    assert_int_equal(rc, IC_EXIT_IO);
    batch_release(&b);
    /* a header that does not fit the mapping */
    rc = mapping_read_invoices(m, tmp_write("Inv,Customer,SKU,Qty,Price\nA,1,S,1,1\n", ".csv"), &b,
                               &err);
    assert_int_equal(rc, IC_EXIT_USAGE);
    if (!strstr(err.msg, "invoice.customerId: no column 'Cust'") ||
        !strstr(err.msg, "nearest: 'Customer'"))
        fail_msg("%s", err.msg);
    batch_release(&b);
    mapping_free(m);
}

/* Streaming: each invoice handed over complete, equal to the kept one, and freed after. */
typedef struct streamed {
    ic_batch *kept;
    size_t n;
    int stop_at; /* a callback result to test stopping */
} streamed;

static int on_invoice(void *ctx, const ic_invoice *inv, ic_err *err)
{
    streamed *st = ctx;
    assert_true(st->n < st->kept->n_invoices);
    const ic_invoice *k = &st->kept->invoices[st->n++];
    assert_string_equal(inv->key, k->key);
    assert_string_equal(inv->invoice_number, k->invoice_number);
    assert_int_equal(inv->valid, k->valid);
    assert_int_equal(inv->original_balance, k->original_balance);
    assert_int_equal(inv->n_line_items, k->n_line_items);
    assert_int_equal(inv->n_cost_lines, k->n_cost_lines);
    assert_int_equal(inv->n_records, k->n_records);
    for (size_t i = 0; i < k->n_records; i++)
        assert_int_equal(inv->records[i], k->records[i]);
    for (size_t i = 0; i < k->n_line_items; i++) {
        assert_string_equal(inv->line_items[i].sku, k->line_items[i].sku);
        assert_int_equal(inv->line_items[i].line, k->line_items[i].line);
        assert_int_equal(inv->line_items[i].quantity, k->line_items[i].quantity);
    }
    if (st->stop_at && (int)st->n == st->stop_at)
        return ic_err_set(err, IC_EXIT_IO, "stopped at %d", st->stop_at);
    return 0;
}

static void stream_matches(const char *json, const char *csv)
{
    ic_err err;
    mapping *m = load_text(json, &err);
    if (!m)
        fail_msg("%s", err.msg);
    ic_batch kept, got;
    mapping_read_options keep = {.keep_invoices = true};
    assert_int_equal(mapping_read_invoices_opt(m, csv, &keep, &kept, &err), 0);
    streamed st = {&kept, 0, 0};
    mapping_read_options so = {.on_invoice = on_invoice, .ctx = &st};
    assert_int_equal(mapping_read_invoices_opt(m, csv, &so, &got, &err), 0);
    assert_int_equal(st.n, kept.n_invoices);
    assert_null(got.invoices);
    assert_int_equal(got.n_invoices, kept.n_invoices);
    assert_int_equal(got.n_valid, kept.n_valid);
    assert_int_equal(got.problems.n_errors, kept.problems.n_errors);
    assert_int_equal(got.problems.n_warnings, kept.problems.n_warnings);
    for (size_t i = 0; i < kept.problems.n; i++) {
        assert_string_equal(got.problems.items[i].message, kept.problems.items[i].message);
        assert_int_equal(got.problems.items[i].line, kept.problems.items[i].line);
    }
    batch_release(&got);
    if (kept.n_invoices > 1) {
        /* a callback error stops the pass and comes back */
        st = (streamed){&kept, 0, 1};
        assert_int_equal(mapping_read_invoices_opt(m, csv, &so, &got, &err), IC_EXIT_IO);
        assert_string_equal(err.msg, "stopped at 1");
        assert_int_equal(st.n, 1);
        batch_release(&got);
    }
    batch_release(&kept);
    mapping_free(m);
}

static void test_streaming_matches_kept(void **state)
{
    (void)state;
    char *json = NULL;
    size_t len = 0;
    FILE *f = fopen(fixture("small.json"), "r");
    assert_non_null(f);
    json = calloc(1, 4096);
    len = fread(json, 1, 4095, f);
    fclose(f);
    assert_true(len > 0);
    stream_matches(json, fixture("scattered.csv"));
    stream_matches(json, fixture("conflicts.csv"));
    free(json);
    /* cost rows, bad values and a number used by two groups */
    stream_matches(
        "{\"locale\": {\"currency\": \"USD\"}, \"group_by\": [\"Inv\", \"Cust\"], \"invoice\": {"
        "\"invoiceNumber\": \"Inv\", \"customerId\": \"Cust\", \"originalBalance\": {\"compute\": "
        "\"total\"}, \"openBalance\": {\"compute\": \"total\"}}, \"costLines\": {\"when\": "
        "{\"column\": \"K\", \"equals\": \"c\"}, \"description\": \"SKU\", \"amount\": "
        "\"Price\"}, " BASE_MAP_ITEMS "}",
        tmp_write("Inv,Cust,K,SKU,Qty,Price\nN-1,A,i,S1,1,1\nN-2,A,i,S2,x,1\nN-1,B,i,S3,2,2\n"
                  "N-1,A,c,Freight,,5\nN-2,A,i,\"S4, \"\"q\"\"\",1,1.5\n",
                  ".csv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_scattered_rows_group, tmp_cleanup),
        cmocka_unit_test_teardown(test_check_only_mode_matches, tmp_cleanup),
        cmocka_unit_test_teardown(test_conflicts_name_both_lines, tmp_cleanup),
        cmocka_unit_test_teardown(test_header_only_succeeds_empty, tmp_cleanup),
        cmocka_unit_test_teardown(test_multi_column_key, tmp_cleanup),
        cmocka_unit_test_teardown(test_blank_rows_and_whitespace, tmp_cleanup),
        cmocka_unit_test_teardown(test_problem_cap_counts_all, tmp_cleanup),
        cmocka_unit_test_teardown(test_unreadable_csv_is_an_error, tmp_cleanup),
        cmocka_unit_test_teardown(test_streaming_matches_kept, tmp_cleanup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
