/* The lookup form: customer names (or any text) turned into ids through a CSV or JSON table next to
 * the mapping; every unmatched name reported once with its row count; the table checked when the
 * mapping loads; export writing the names back. */
#include "tests/unit/mapping_testlib.h"

/* The file name part of a temporary path: mappings name their tables relative to themselves. */
static const char *base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static char map_buf[4096];

/* A mapping whose customerId is looked up in `table` (a temporary file next to the mapping). */
static const char *lookup_map(const char *table, const char *extra_items)
{
    snprintf(map_buf, sizeof map_buf,
             "{\"locale\": {\"currency\": \"USD\"}, \"group_by\": [\"Inv\"], \"invoice\": {"
             "\"invoiceNumber\": \"Inv\", \"customerId\": {\"column\": \"Customer\", \"lookup\": "
             "\"%s\"}, \"originalBalance\": {\"compute\": \"total\"}, \"openBalance\": "
             "{\"compute\": \"total\"}}, \"lineItems\": {\"sku\": %s, \"quantity\": \"Qty\", "
             "\"unitPrice\": \"Price\"}}",
             base(table), extra_items ? extra_items : "\"SKU\"");
    return map_buf;
}

static const ic_invoice *invoice(const ic_batch *b, const char *key)
{
    for (size_t i = 0; i < b->n_invoices; i++)
        if (b->invoices[i].key && strcmp(b->invoices[i].key, key) == 0)
            return &b->invoices[i];
    fail_msg("no invoice '%s'", key);
    return NULL;
}

static size_t count_problems(const ic_batch *b, const char *want)
{
    size_t n = 0;
    for (size_t i = 0; i < b->problems.n; i++)
        n += strstr(b->problems.items[i].message, want) != NULL;
    return n;
}

/* QuickBooks Online and Xero write the customer's name on every row; the table gives the company
 * id.  Names match trimmed and without regard to case; an unknown name is one error for the file,
 * with the number of rows that carry it, and every invoice carrying it is invalid. */
static void test_customer_names(void **state)
{
    (void)state;
    const char *table = tmp_write("Customer,Company ID\n"
                                  "Acme Ltd,1236\n"
                                  "\"Globex, Inc.\",1240\n"
                                  " Initech ,1259\n",
                                  ".csv");
    for (int keep = 1; keep >= 0; keep--) {
        ic_batch b;
        read_text(lookup_map(table, NULL),
                  "Inv,Customer,SKU,Qty,Price\n"
                  "I-1,Acme Ltd,S,1,10\n"
                  "I-1,Acme Ltd,T,1,10\n"
                  "I-2,  ACME LTD ,S,1,20\n"
                  "I-3,Umbrella Corp,S,1,30\n"
                  "I-3,Umbrella Corp,T,1,30\n"
                  "I-4,Globex Inc,S,1,40\n"
                  "I-5,umbrella corp,S,1,50\n"
                  "I-6,\"Globex, Inc.\",S,1,60\n"
                  "I-7,initech,S,1,70\n",
                  keep, &b);
        const ic_problem *p =
            expect_problem(&b, "customerId: customer 'Umbrella Corp' is not in ", 5);
        assert_non_null(strstr(p->message, base(table)));
        assert_non_null(strstr(p->message, " (3 rows)"));
        assert_string_equal(p->column, "Customer");
        assert_string_equal(p->invoice, "I-3");
        assert_int_equal(count_problems(&b, "Umbrella"), 1);
        p = expect_problem(&b, "customer 'Globex Inc' is not in ", 7);
        assert_non_null(strstr(p->message, " (1 row)"));
        assert_int_equal(b.problems.n_errors, 2);
        assert_int_equal(b.n_invalid, 3); /* I-3, I-4, I-5 */
        assert_int_equal(b.n_valid, 4);
        if (keep) {
            assert_string_equal(invoice(&b, "I-1")->customer_id, "1236");
            assert_string_equal(invoice(&b, "I-2")->customer_id, "1236");
            assert_string_equal(invoice(&b, "I-6")->customer_id, "1240");
            assert_string_equal(invoice(&b, "I-7")->customer_id, "1259");
            assert_false(invoice(&b, "I-5")->valid);
        }
        batch_release(&b);
    }
}

/* A JSON table (numbers are ids too), on a line-item field: counted per row, reported once; a blank
 * cell is a blank field, not a name. */
static void test_json_table_on_line_items(void **state)
{
    (void)state;
    const char *customers = tmp_write("{\"Acme Ltd\": 1236, \"Initech\": \"1259\"}", ".json");
    const char *skus = tmp_write("{\"Widget\": \"SKU-1\", \"Gadget\": \"SKU-2\"}", ".json");
    char items[256];
    snprintf(items, sizeof items, "{\"column\": \"Item\", \"lookup\": \"%s\"}", base(skus));
    ic_batch b;
    read_text(lookup_map(customers, items),
              "Inv,Customer,Item,Qty,Price\n"
              "I-1,Acme Ltd,widget,1,10\n"
              "I-1,Acme Ltd,Sprocket,1,10\n"
              "I-2,Initech,Sprocket,2,5\n"
              "I-2,Initech,Gadget,2,5\n"
              "I-3,Initech,,1,1\n",
              true, &b);
    const ic_problem *p = expect_problem(&b, "lineItems.sku: 'Sprocket' is not in ", 3);
    assert_non_null(strstr(p->message, " (2 rows)"));
    assert_string_equal(p->invoice, "I-1");
    assert_int_equal(count_problems(&b, "Sprocket"), 1);
    expect_problem(&b, "lineItems.sku: column 'Item' is blank", 6);
    assert_string_equal(invoice(&b, "I-1")->customer_id, "1236");
    assert_string_equal(invoice(&b, "I-2")->customer_id, "1259");
    assert_false(invoice(&b, "I-1")->valid);
    assert_false(invoice(&b, "I-2")->valid);
    assert_string_equal(invoice(&b, "I-2")->line_items[0].sku, "SKU-2");
    batch_release(&b);

    /* The same mapping read twice counts afresh. */
    ic_err err;
    mapping *m = load_text(lookup_map(customers, items), &err);
    if (!m)
        fail_msg("%s", err.msg);
    const char *csv = tmp_write("Inv,Customer,Item,Qty,Price\nI-1,Nobody,Widget,1,1\n", ".csv");
    for (int i = 0; i < 2; i++) {
        assert_int_equal(mapping_read_invoices(m, csv, &b, &err), 0);
        expect_problem(&b, "customer 'Nobody' is not in ", 2);
        assert_non_null(strstr(b.problems.items[0].message, "(1 row)"));
        batch_release(&b);
    }
    mapping_free(m);
}

/* `mapping check` (mapping_load) reads the table: a missing or malformed one is a mapping error
 * naming the file and line. */
static void test_table_errors(void **state)
{
    (void)state;
    expect_load_error(lookup_map("/nonexistent/customers.csv", NULL),
                      "invoice.customerId.lookup: cannot open ");
    expect_load_error(lookup_map(tmp_write("Name,Id\nAcme,1\nBee,2,3\n", ".csv"), NULL),
                      ":3: 3 fields, the header has 2");
    expect_load_error(lookup_map(tmp_write("Name,Id,Other\nAcme,1,x\n", ".csv"), NULL),
                      ":1: expected 2 columns (name, id), the header has 3");
    expect_load_error(lookup_map(tmp_write("Name,Id\nAcme,1\nACME,2\n", ".csv"), NULL),
                      ":3: 'ACME' is given twice, with id '1' on line 2 and '2' here");
    expect_load_error(lookup_map(tmp_write("Name,Id\nAcme,\n", ".csv"), NULL),
                      ":2: blank id for 'Acme'");
    expect_load_error(lookup_map(tmp_write("Name,Id\n", ".csv"), NULL),
                      "the table is empty (expected rows of name, id)");
    expect_load_error(lookup_map(tmp_write("{\"Acme\": \"1\",\n\"Bee\" 2}", ".json"), NULL),
                      ":2: invalid JSON");
    expect_load_error(lookup_map(tmp_write("{\"Acme\": 1.5}", ".json"), NULL),
                      "'Acme': expected an id (a string or a whole number)");
    expect_load_error(lookup_map(tmp_write("[\"Acme\"]", ".json"), NULL),
                      "expected an object such as {\"Acme Ltd\": \"1236\"}");
    /* The same pair twice is harmless. */
    ic_err err;
    mapping *m = load_text(lookup_map(tmp_write("Name,Id\nAcme,1\nacme,1\n", ".csv"), NULL), &err);
    if (!m)
        fail_msg("%s", err.msg);
    mapping_free(m);

    /* The form itself. */
    const char *t = base(tmp_write("Name,Id\nAcme,1\n", ".csv"));
    char json[1024];
    snprintf(json, sizeof json,
             "{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {\"invoiceNumber\": \"Inv\", "
             "\"customerId\": {\"value\": \"x\", \"lookup\": \"%s\"}, \"originalBalance\": \"A\", "
             "\"openBalance\": \"A\"}}",
             t);
    expect_load_error(json, "invoice.customerId: \"lookup\" needs a \"column\" to look up");
    snprintf(json, sizeof json,
             "{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {\"invoiceNumber\": \"Inv\", "
             "\"customerId\": {\"column\": \"C\", \"lookup\": \"%s\", \"map\": {\"a\": \"b\"}}, "
             "\"originalBalance\": \"A\", \"openBalance\": \"A\"}}",
             t);
    expect_load_error(json, "invoice.customerId: give only one of \"map\" and \"lookup\"");
    snprintf(json, sizeof json,
             "{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {\"invoiceNumber\": \"Inv\", "
             "\"customerId\": \"C\", \"originalBalance\": {\"column\": \"A\", \"lookup\": \"%s\"}, "
             "\"openBalance\": \"A\"}}",
             t);
    expect_load_error(json, "invoice.originalBalance.lookup: a lookup gives text, and "
                            "originalBalance holds an amount");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {\"invoiceNumber\": "
                      "\"Inv\", \"customerId\": {\"column\": \"C\", \"lookup\": 3}, "
                      "\"originalBalance\": \"A\", \"openBalance\": \"A\"}}",
                      "invoice.customerId.lookup: expected a file name such as \"customers.csv\", "
                      "got a number");
    /* A currency table must give currencies. */
    snprintf(json, sizeof json,
             "{\"invoice\": {\"invoiceNumber\": \"Inv\", \"customerId\": \"C\", \"currency\": "
             "{\"column\": \"Cur\", \"lookup\": \"%s\"}, \"originalBalance\": \"A\", "
             "\"openBalance\": \"A\"}}",
             base(tmp_write("Name,Code\nDollars,USD\nQuid,XYZ\n", ".csv")));
    expect_load_error(json, "'Quid': expected an ISO 4217 currency code");
}

typedef struct rows_out {
    char buf[1024];
} rows_out;

static int collect_row(void *ctx, const char *const *cells, size_t ncols)
{
    rows_out *o = ctx;
    for (size_t i = 0; i < ncols; i++) {
        size_t l = strlen(o->buf);
        snprintf(o->buf + l, sizeof o->buf - l, "%s%s", i ? "," : "", cells[i] ? cells[i] : "");
    }
    size_t l = strlen(o->buf);
    snprintf(o->buf + l, sizeof o->buf - l, "\n");
    return 0;
}

/* export --map writes the name the table gives for the id, so that the file reads back the same. */
static void test_reverse_writes_names(void **state)
{
    (void)state;
    const char *table =
        tmp_write("Customer,Company ID\nAcme Ltd,1236\nACME LIMITED,1236\n", ".csv");
    ic_err err;
    mapping *m = load_text(lookup_map(table, NULL), &err);
    if (!m)
        fail_msg("%s", err.msg);
    ic_batch b;
    assert_int_equal(mapping_read_invoices(m,
                                           tmp_write("Inv,Customer,SKU,Qty,Price\n"
                                                     "I-1,acme limited,S,1,10\n",
                                                     ".csv"),
                                           &b, &err),
                     0);
    expect_no_problems(&b);
    rows_out o;
    memset(&o, 0, sizeof o);
    assert_int_equal(mapping_reverse_rows(m, &b.invoices[0], collect_row, &o), 0);
    assert_string_equal(o.buf, "I-1,Acme Ltd,S,1,10.00\n");
    batch_release(&b);
    mapping_free(m);
}

/* A large table and file: loading is linear and each row one probe (a quadratic search would take
 * minutes here). */
static void test_large_table(void **state)
{
    (void)state;
    enum { N = 100000 };
    char *tbl = xmalloc((size_t)N * 40 + 64), *csv = xmalloc((size_t)N * 60 + 64);
    size_t tl = (size_t)sprintf(tbl, "Name,Id\n"),
           cl = (size_t)sprintf(csv, "Inv,Customer,SKU,Qty,Price\n");
    for (int i = 0; i < N; i++) {
        tl += (size_t)sprintf(tbl + tl, "Customer %d,%d\n", i, 100000 + i);
        cl += (size_t)sprintf(csv + cl, "I-%d,CUSTOMER %d,S,1,1\n", i, N - 1 - i);
    }
    const char *table = tmp_write(tbl, ".csv");
    const char *data = tmp_write(csv, ".csv");
    free(tbl);
    free(csv);
    ic_err err;
    mapping *m = load_text(lookup_map(table, NULL), &err);
    if (!m)
        fail_msg("%s", err.msg);
    ic_batch b;
    mapping_read_options o = {.keep_invoices = false};
    assert_int_equal(mapping_read_invoices_opt(m, data, &o, &b, &err), 0);
    expect_no_problems(&b);
    assert_int_equal(b.n_valid, N);
    batch_release(&b);
    mapping_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_customer_names, tmp_cleanup),
        cmocka_unit_test_teardown(test_json_table_on_line_items, tmp_cleanup),
        cmocka_unit_test_teardown(test_table_errors, tmp_cleanup),
        cmocka_unit_test_teardown(test_reverse_writes_names, tmp_cleanup),
        cmocka_unit_test_teardown(test_large_table, tmp_cleanup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
