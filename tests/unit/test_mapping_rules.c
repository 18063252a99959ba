/* Invoice rules: currency, totals check modes, open vs original balance, duplicate invoice numbers,
 * cost lines from rows and from columns, lookup tables, templates, defaults and optional fields,
 * value messages; and the reverse direction (export in a mapping's layout) with a round trip. */
#include "tests/unit/mapping_testlib.h"

#define TOTALS_MAP(mode)                                                                           \
    "{\"locale\": {\"currency\": \"USD\"}, \"checks\": {\"totals\": \"" mode                       \
    "\"}, \"group_by\": [\"Inv\"], "                                                               \
    "\"invoice\": {\"invoiceNumber\": \"Inv\", \"customerId\": \"Cust\", \"currency\": \"Cur\", "  \
    "\"originalBalance\": \"Total\", \"openBalance\": \"Open\"}, "                                 \
    "\"costLines\": [{\"description\": \"Subtotal\", \"amount\": {\"compute\": \"subtotal\"}}, "   \
    "{\"description\": \"Freight\", \"amount\": {\"column\": \"Freight\", \"optional\": "          \
    "true}}], " BASE_MAP_ITEMS "}"

static void read_totals(const char *json, ic_batch *b)
{
    ic_err err;
    mapping *m = load_text(json, &err);
    if (!m)
        fail_msg("%s", err.msg);
    assert_int_equal(mapping_read_invoices(m, fixture("totals.csv"), b, &err), 0);
    mapping_free(m);
}

static void test_totals_error_mode(void **state)
{
    (void)state;
    ic_batch b;
    read_totals(TOTALS_MAP("error"), &b);
    /* T-1: 2 × 10.00 + freight 1.00 = 21.00: fine */
    assert_true(b.invoices[0].valid);
    assert_int_equal(b.invoices[0].n_cost_lines, 2);
    assert_string_equal(b.invoices[0].cost_lines[0].description, "Subtotal");
    assert_int_equal(b.invoices[0].cost_lines[0].amount, 200000);
    assert_int_equal(b.invoices[0].cost_lines[1].amount, 10000);
    /* T-2: blank optional freight drops that cost line; 120.00 ≠ 118.50 */
    const ic_problem *p =
        expect_problem(&b, "originalBalance 120.00 differs from the lines' total 118.50", 3);
    assert_int_equal(p->severity, SEV_ERROR);
    assert_string_equal(p->column, "Total");
    assert_string_equal(p->invoice, "T-2");
    assert_false(b.invoices[1].valid);
    assert_int_equal(b.invoices[1].n_cost_lines, 1);
    /* T-3: lower-case currency accepted; 40.00 + 10.00 = 50.00 matches; open 60 > original 50 warns
     */
    assert_string_equal(b.invoices[2].currency, "USD");
    p = expect_problem(&b, "openBalance 60.00 is more than originalBalance 50.00", 4);
    assert_int_equal(p->severity, SEV_WARNING);
    assert_string_equal(p->column, "Open");
    assert_true(b.invoices[2].valid);
    /* T-4: not a currency */
    p = expect_problem(&b,
                       "currency: expected an ISO 4217 currency code such as USD or a currency "
                       "name such as 'US Dollar', got 'UDS'",
                       5);
    assert_string_equal(p->column, "Cur");
    assert_int_equal(b.n_valid, 2);
    assert_int_equal(b.n_invalid, 2);
    assert_int_equal(b.n_warned, 1);
    batch_release(&b);
}

static void test_totals_warning_and_off(void **state)
{
    (void)state;
    ic_batch b;
    read_totals(TOTALS_MAP("warning"), &b);
    const ic_problem *p =
        expect_problem(&b, "originalBalance 120.00 differs from the lines' total 118.50", 3);
    assert_int_equal(p->severity, SEV_WARNING);
    assert_true(b.invoices[1].valid);
    assert_int_equal(b.n_warned, 2);
    batch_release(&b);
    read_totals(TOTALS_MAP("off"), &b);
    assert_null(find_problem(&b, "differs from the lines' total", 0));
    assert_true(b.invoices[1].valid);
    batch_release(&b);
}

static void test_totals_breakdown_names_costs(void **state)
{
    (void)state;
    ic_batch b;
    read_text(TOTALS_MAP("error"),
              "Inv,Cust,Cur,Total,Open,SKU,Qty,Price,Freight\nX,1,JPY,100,100,S,1,90,5\n", true,
              &b);
    expect_problem(
        &b, "originalBalance 100 differs from the lines' total 95 (line items 90 + costs 5)", 2);
    batch_release(&b);
}

static void test_duplicate_invoice_number_under_two_keys(void **state)
{
    (void)state;
    ic_batch b;
    read_text(
        "{\"locale\": {\"currency\": \"USD\"}, \"group_by\": [\"Inv\", \"Cust\"], \"invoice\": {"
        "\"invoiceNumber\": \"Inv\", \"customerId\": \"Cust\", \"originalBalance\": {\"compute\": "
        "\"total\"}, "
        "\"openBalance\": {\"compute\": \"total\"}}, " BASE_MAP_ITEMS "}",
        "Inv,Cust,SKU,Qty,Price\nN-1,A,S,1,1\nN-2,A,S,1,1\nN-1,B,S,1,1\n", true, &b);
    const ic_problem *p =
        expect_problem(&b, "invoiceNumber 'N-1' is also used by invoice 'N-1 / A' (line 2)", 4);
    assert_string_equal(p->invoice, "N-1 / B");
    p = expect_problem(&b, "invoiceNumber 'N-1' is used again by invoice 'N-1 / B' (line 4)", 2);
    assert_string_equal(p->invoice, "N-1 / A");
    assert_false(b.invoices[0].valid);
    assert_true(b.invoices[1].valid);
    assert_false(b.invoices[2].valid);
    assert_int_equal(b.n_invalid, 2);
    batch_release(&b);
}

static int count_invoice(void *ctx, const ic_invoice *inv, ic_err *err)
{
    (void)inv;
    (void)err;
    (*(size_t *)ctx)++;
    return 0;
}

/* Invoice numbers that differ only by case or look-alike characters are one number to most stores:
 * a warning on the later invoice naming both and the first characters that differ.  The invoices
 * stay valid; identical numbers stay an error of their own. */
static void test_lookalike_invoice_numbers(void **state)
{
    (void)state;
    const char *json = "{\"locale\": {\"currency\": \"USD\"}, \"group_by\": [\"Inv\"], "
                       "\"invoice\": {\"invoiceNumber\": \"Inv\", \"customerId\": \"Cust\", "
                       "\"originalBalance\": {\"compute\": \"total\"}, \"openBalance\": "
                       "{\"compute\": \"total\"}}, " BASE_MAP_ITEMS "}";
    const char *csv = "Inv,Cust,SKU,Qty,Price\n"
                      "INV-A,1,S,1,1\n"
                      "inv-a,1,S,1,1\n"
                      "INV-D,1,S,1,1\n"
                      "INV\u2010D,1,S,1,1\n"
                      "FACT-\u00C9,1,S,1,1\n"
                      "FACT-E\u0301,1,S,1,1\n"
                      "INV-B,1,S,1,1\n"
                      "Inv-A,1,S,1,1\n";
    ic_batch b;
    read_text(json, csv, true, &b);
    const ic_problem *p = expect_problem(
        &b,
        "invoiceNumber 'inv-a' differs from 'INV-A' (line 2) only by case or look-alike "
        "characters ('i' against 'I'); most stores treat them as one number",
        3);
    assert_int_equal(p->severity, SEV_WARNING);
    assert_string_equal(p->invoice, "inv-a");
    assert_string_equal(p->column, "Inv");
    expect_problem(&b,
                   "invoiceNumber 'INV\u2010D' differs from 'INV-D' (line 4) only by case or "
                   "look-alike characters (U+2010 against '-')",
                   5);
    expect_problem(&b,
                   "invoiceNumber 'FACT-E\u0301' differs from 'FACT-\u00C9' (line 6) only by "
                   "case or look-alike characters ('E' against U+00C9)",
                   7);
    expect_problem(&b, "invoiceNumber 'Inv-A' differs from 'INV-A' (line 2)", 9);
    assert_int_equal(b.problems.n_warnings, 4);
    assert_int_equal(b.problems.n_errors, 0);
    assert_int_equal(b.n_valid, 8);
    assert_int_equal(b.n_warned, 4);
    batch_release(&b);

    /* The same when invoices are streamed (validate --emit) and when only counted. */
    ic_err err;
    mapping *m = load_text(json, &err);
    if (!m)
        fail_msg("%s", err.msg);
    size_t handed = 0;
    mapping_read_options o = {.on_invoice = count_invoice, .ctx = &handed};
    const char *path = tmp_write(csv, ".csv");
    assert_int_equal(mapping_read_invoices_opt(m, path, &o, &b, &err), 0);
    assert_int_equal(handed, 8);
    expect_problem(&b, "differs from 'INV-D' (line 4)", 5);
    assert_int_equal(b.problems.n_warnings, 4);
    batch_release(&b);
    mapping_read_options count = {.keep_invoices = false};
    assert_int_equal(mapping_read_invoices_opt(m, path, &count, &b, &err), 0);
    assert_int_equal(b.problems.n_warnings, 4);
    batch_release(&b);
    mapping_free(m);
}

/* With "match": "externalId" the external id is the store's key: look-alikes there are warned about
 * too, with the invoice each belongs to, also when it comes from a template. */
static void test_lookalike_external_ids(void **state)
{
    (void)state;
    ic_batch b;
    read_text(
        "{\"locale\": {\"currency\": \"USD\"}, \"group_by\": [\"Inv\"], \"match\": "
        "\"externalId\", \"invoice\": {\"invoiceNumber\": \"Inv\", \"customerId\": "
        "\"Cust\", \"externalId\": {\"template\": \"ERP-{Ref}\"}, \"originalBalance\": "
        "{\"compute\": \"total\"}, \"openBalance\": {\"compute\": \"total\"}}, " BASE_MAP_ITEMS "}",
        "Inv,Cust,Ref,SKU,Qty,Price\n"
        "N-1,1,x-7,S,1,1\n"
        "N-2,1,X\u20137,S,1,1\n"
        "N-3,1,x-8,S,1,1\n",
        true, &b);
    const ic_problem *p = expect_problem(&b,
                                         "externalId 'ERP-X\u20137' differs from 'ERP-x-7' "
                                         "(invoice 'N-1', line 2) only by case or look-alike "
                                         "characters ('X' against 'x'); most stores treat them as "
                                         "one id",
                                         3);
    assert_string_equal(p->invoice, "N-2");
    assert_int_equal(b.problems.n_warnings, 1);
    assert_int_equal(b.n_valid, 3);
    batch_release(&b);
}

#define COSTROWS_MAP                                                                               \
    "{\"locale\": {\"currency\": \"USD\"}, \"group_by\": [\"Doc\"], \"invoice\": "                 \
    "{\"invoiceNumber\": \"Doc\", "                                                                \
    "\"customerId\": \"Cust\", \"originalBalance\": {\"compute\": \"total\"}, \"openBalance\": "   \
    "{\"compute\": "                                                                               \
    "\"costs\"}}, \"costLines\": {\"when\": {\"column\": \"Kind\", \"equals\": [\"cost\", "        \
    "\"fee\"]}, "                                                                                  \
    "\"description\": \"Text\", \"amount\": \"Amount\"}, \"lineItems\": {\"when\": {\"column\": "  \
    "\"Kind\", "                                                                                   \
    "\"equals\": \"item\"}, \"sku\": \"Item\", \"description\": \"Text\", \"quantity\": \"Qty\", " \
    "\"unitPrice\": \"Price\"}}"

static void test_cost_lines_from_rows(void **state)
{
    (void)state;
    ic_err err;
    mapping *m = load_text(COSTROWS_MAP, &err);
    if (!m)
        fail_msg("%s", err.msg);
    ic_batch b;
    assert_int_equal(mapping_read_invoices(m, fixture("costrows.csv"), &b, &err), 0);
    expect_no_problems(&b);
    assert_int_equal(b.n_invoices, 1);
    const ic_invoice *inv = &b.invoices[0];
    assert_int_equal(inv->n_line_items, 2); /* the "note" row is neither */
    assert_string_equal(inv->line_items[1].description, "Banana");
    assert_int_equal(inv->n_cost_lines, 2);
    assert_string_equal(inv->cost_lines[0].description, "Shipping");
    assert_int_equal(inv->cost_lines[0].amount, 40000);
    assert_int_equal(inv->cost_lines[0].line, 3);
    assert_int_equal(inv->cost_lines[1].amount, 15000);
    assert_int_equal(inv->original_balance, 102500); /* 3.75 + 1.00 + 4.00 + 1.50 */
    assert_int_equal(inv->open_balance, 55000);      /* costs only */
    batch_release(&b);
    mapping_free(m);
}

static void test_map_lookup_errors(void **state)
{
    (void)state;
    ic_batch b;
    read_text(
        BASE_MAP_HEAD
        ", \"status\": {\"column\": \"St\", \"map\": {\"Open\": 0, \"Partly\": 1, \"Paid\": 2}}}, "
        "\"lineItems\": {\"sku\": \"SKU\", \"quantity\": \"Qty\", \"unitPrice\": \"Price\", "
        "\"type\": {\"column\": \"Kind\", \"map\": {\"P\": \"physical\", \"D\": \"digital\"}}}}",
        "Inv,Cust,St,SKU,Qty,Price,Kind\n"
        "A,1,Paid,S,1,1,P\n"
        "B,1,Overdue,S,1,1,D\n"
        "C,1,,S,1,1,X\n",
        true, &b);
    assert_true(b.invoices[0].has_status);
    assert_int_equal(b.invoices[0].status, 2);
    assert_string_equal(b.invoices[0].line_items[0].type, "physical");
    const ic_problem *p = expect_problem(
        &b, "status: 'Overdue' is not in the map; expected 'Open', 'Partly' or 'Paid'", 3);
    assert_string_equal(p->column, "St");
    expect_problem(&b, "status: column 'St' is blank; expected 'Open', 'Partly' or 'Paid'", 4);
    expect_problem(&b, "lineItems.type: 'X' is not in the map; expected 'P' or 'D'", 4);
    assert_int_equal(b.n_invalid, 2);
    batch_release(&b);
}

/* The currency an invoice carries is the one its file gave, or locale.currency when the file gave
 * none: a code in error is never replaced by the default (the reports would show 'USD' for a row
 * that says 'UDS'). */
static void test_currency_never_substituted(void **state)
{
    (void)state;
    ic_batch b;
    read_text(BASE_MAP_HEAD ", \"currency\": \"Cur\"}, " BASE_MAP_ITEMS "}",
              "Inv,Cust,Cur,SKU,Qty,Price\n"
              "A,1,UDS,S,1,1\n"
              "B,1,,S,1,1\n"
              "C,1,eur,S,1,1\n",
              true, &b);
    expect_problem(&b,
                   "currency: expected an ISO 4217 currency code such as USD or a currency name "
                   "such as 'US Dollar', got 'UDS'",
                   2);
    assert_false(b.invoices[0].valid);
    assert_string_equal(b.invoices[0].currency, "");
    /* a required cell left blank is an error too, and no code is made up for it */
    expect_problem(&b, "currency: column 'Cur' is blank", 3);
    assert_string_equal(b.invoices[1].currency, "");
    assert_string_equal(b.invoices[2].currency, "EUR");
    batch_release(&b);
    /* an optional cell left blank is absent: locale.currency applies */
    read_text(BASE_MAP_HEAD
              ", \"currency\": {\"column\": \"Cur\", \"optional\": true}}, " BASE_MAP_ITEMS "}",
              "Inv,Cust,Cur,SKU,Qty,Price\n"
              "A,1,,S,1,1\n"
              "B,1,UDS,S,1,1\n",
              true, &b);
    assert_string_equal(b.invoices[0].currency, "USD");
    assert_true(b.invoices[0].valid);
    assert_string_equal(b.invoices[1].currency, "");
    assert_false(b.invoices[1].valid);
    batch_release(&b);
}

/* "usd" on one row and "USD" on another name one currency; "CAD" on a third row is a second one. */
static void test_currency_case_is_one_currency(void **state)
{
    (void)state;
    ic_batch b;
    read_text(BASE_MAP_HEAD ", \"currency\": \"Cur\"}, " BASE_MAP_ITEMS "}",
              "Inv,Cust,Cur,SKU,Qty,Price\n"
              "A,1,USD,S,1,1\n"
              "A,1,usd,T,1,1\n"
              "B,1,USD,S,1,1\n"
              "B,1,CAD,T,1,1\n",
              true, &b);
    assert_true(b.invoices[0].valid);
    assert_string_equal(b.invoices[0].currency, "USD");
    expect_problem(&b, "mixed currencies in one invoice: 'USD' on line 4, 'CAD' on line 5", 5);
    assert_false(b.invoices[1].valid);
    assert_null(find_problem(&b, "'usd'", 3));
    batch_release(&b);
}

/* An amount that names another currency than its invoice's is refused, kept invoices or not. */
static void test_amount_in_another_currency(void **state)
{
    (void)state;
    for (int keep = 1; keep >= 0; keep--) {
        ic_batch b;
        read_text(BASE_MAP_HEAD ", \"currency\": \"Cur\"}, " BASE_MAP_ITEMS "}",
                  "Inv,Cust,Cur,SKU,Qty,Price\n"
                  "A,1,USD,S,1,12.00 EUR\n"
                  "B,1,USD,S,1,12.00 usd\n"
                  "C,1,EUR,S,1,EUR 3\n"
                  "D,1,USD,S,1,$4\n",
                  keep, &b);
        expect_problem(&b, "the amount '12.00 EUR' is in EUR, but the invoice is in USD", 2);
        assert_int_equal(b.n_invalid, 1);
        assert_int_equal(b.n_valid, 3);
        batch_release(&b);
    }
    /* currency not mapped: locale.currency is the invoice's */
    ic_batch b;
    read_text(BASE_MAP_HEAD "}, " BASE_MAP_ITEMS "}",
              "Inv,Cust,SKU,Qty,Price\n"
              "A,1,S,1,5 EUR\n"
              "B,1,S,1,5 USD\n",
              true, &b);
    expect_problem(&b, "the amount '5 EUR' is in EUR, but the invoice is in USD", 2);
    assert_int_equal(b.n_invalid, 1);
    batch_release(&b);
}

static void test_templates_defaults_optional(void **state)
{
    (void)state;
    ic_batch b;
    read_text(
        BASE_MAP_HEAD
        ", \"externalId\": {\"template\": \"ERP-{Inv}/{{x}}\"}, "
        "\"purchaseOrderNumber\": {\"column\": \"PO\", \"optional\": true}, "
        "\"type\": {\"column\": \"T\", \"default\": \"Invoice\"}, "
        "\"termsConditions\": \"Terms\", "
        "\"extraFields\": {\"Region\": {\"column\": \"Reg\", \"optional\": true}}}, " BASE_MAP_ITEMS
        "}",
        "Inv,Cust,PO,T,Terms,Reg,SKU,Qty,Price\n"
        "A,1,,,Net 30,North,S,1,1\n"
        "B,1,PO-9,Credit,,,S,1,1\n",
        true, &b);
    const ic_invoice *a = &b.invoices[0];
    assert_string_equal(a->external_id, "ERP-A/{x}");
    assert_null(a->purchase_order_number);   /* optional and blank: not given */
    assert_string_equal(a->type, "Invoice"); /* the default */
    assert_int_equal(a->n_extra_fields, 1);
    assert_string_equal(a->extra_fields[0].name, "Region");
    assert_string_equal(a->extra_fields[0].value, "North");
    assert_true(a->valid);
    const ic_invoice *bb = &b.invoices[1];
    assert_string_equal(bb->purchase_order_number, "PO-9");
    assert_string_equal(bb->type, "Credit");
    assert_int_equal(bb->n_extra_fields, 0);
    /* a bare column form must not be blank */
    const ic_problem *p = expect_problem(&b,
                                         "termsConditions: column 'Terms' is blank; expected a "
                                         "value (mark the field \"optional\": true",
                                         3);
    assert_string_equal(p->column, "Terms");
    assert_false(bb->valid);
    batch_release(&b);
}

static void test_value_messages(void **state)
{
    (void)state;
    ic_batch b;
    read_text(
        "{\"csv\": {\"delimiter\": \";\"}, \"locale\": {\"currency\": \"EUR\", \"decimal\": \",\", "
        "\"timezone\": \"Europe/Berlin\"}, "
        "\"invoice\": {\"invoiceNumber\": \"Inv\", \"customerId\": \"Cust\", \"dueDate\": "
        "{\"column\": \"Due\", "
        "\"format\": \"%d.%m.%Y\"}, \"originalBalance\": \"Total\", \"openBalance\": \"Total\"}}",
        "Inv;Cust;Due;Total\n"
        "A;1;31.02.2026;1.234,50\n"
        "B;1;2026-02-01;12,345678\n"
        "C;1;01.02.2026;abc\n"
        "D;;01.02.2026;1\n",
        true, &b);
    expect_problem(&b, "dueDate: expected a date like 21.11.2026 (%d.%m.%Y), got '31.02.2026'", 2);
    assert_int_equal(b.invoices[0].original_balance, 12345000);
    expect_problem(&b, "dueDate: expected a date like 21.11.2026 (%d.%m.%Y), got '2026-02-01'", 3);
    expect_problem(&b, "originalBalance: expected at most 4 decimal places, got '12,345678'", 3);
    expect_problem(&b, "originalBalance: 'abc' is not an amount (expected an amount like 1234,56)",
                   4);
    expect_problem(&b, "customerId: column 'Cust' is blank; the API requires a value", 5);
    /* the date is midnight in Europe/Berlin */
    int y, mo, d;
    date_civil(b.invoices[2].due_date, "Europe/Berlin", &y, &mo, &d);
    assert_int_equal(y * 10000 + mo * 100 + d, 20260201);
    assert_int_equal(b.invoices[2].due_date, 1769900400); /* 2026-01-31T23:00:00Z */
    batch_release(&b);
}

/* ---- reverse direction ---- */

typedef struct rows_out {
    char buf[4096];
    size_t len;
    size_t rows;
} rows_out;

static int collect_row(void *ctx, const char *const *cells, size_t ncols)
{
    rows_out *o = ctx;
    for (size_t i = 0; i < ncols; i++) {
        const char *c = cells[i] ? cells[i] : "";
        bool quote = strpbrk(c, ",\"\n") != NULL;
        o->len += (size_t)snprintf(o->buf + o->len, sizeof o->buf - o->len, "%s%s", i ? "," : "",
                                   quote ? "\"" : "");
        for (const char *p = c; *p; p++)
            o->len += (size_t)snprintf(o->buf + o->len, sizeof o->buf - o->len,
                                       *p == '"' ? "\"\"" : "%c", *p);
        o->len +=
            (size_t)snprintf(o->buf + o->len, sizeof o->buf - o->len, "%s", quote ? "\"" : "");
    }
    o->len += (size_t)snprintf(o->buf + o->len, sizeof o->buf - o->len, "\n");
    o->rows++;
    return 0;
}

static void test_reverse_header_and_rows(void **state)
{
    (void)state;
    ic_err err;
    mapping *m = mapping_load(fixture("example.json"), &err);
    if (!m)
        fail_msg("%s", err.msg);
    const char **names;
    size_t n = mapping_reverse_header(m, &names);
    const char *want[] = {"Invoice Number", "Company ID", "PO Number",    "Invoice Date",
                          "Due Date",       "Currency",   "Bill To City", "Bill To Country",
                          "Freight",        "Sales Tax",  "SKU",          "Description",
                          "Quantity",       "Unit Price"};
    assert_int_equal(n, IC_ARRAY_LEN(want));
    for (size_t i = 0; i < n; i++)
        assert_string_equal(names[i], want[i]);

    ic_batch b;
    assert_int_equal(mapping_read_invoices(m, fixture("example.csv"), &b, &err), 0);
    expect_no_problems(&b);
    rows_out o;
    memset(&o, 0, sizeof o);
    assert_int_equal(mapping_reverse_rows(m, &b.invoices[0], collect_row, &o), 0);
    assert_int_equal(o.rows, 2);
    assert_string_equal(
        o.buf, "INV-0000001,1236,PO-7,2026-10-13,2026-11-13,USD,Austin,US,7.71,3.74,SKU-85320,"
               "\"Widget, model 50 \"\"pro\"\"\",5,703.39\n"
               "INV-0000001,1236,PO-7,2026-10-13,2026-11-13,USD,Austin,US,7.71,3.74,SKU-76388,"
               "\"Widget, model 60 \"\"pro\"\"\",33,282.40\n");
    batch_release(&b);
    mapping_free(m);
}

/* Export with a mapping, import the result with the same mapping: the same invoices come back. */
static void test_reverse_round_trip(void **state)
{
    (void)state;
    const char *json =
        "{\"csv\": {\"delimiter\": \",\"}, \"locale\": {\"currency\": \"EUR\", \"decimal\": \",\", "
        "\"date\": "
        "\"%d.%m.%Y\", \"timezone\": \"Europe/Berlin\"}, \"group_by\": [\"No\"], \"invoice\": {"
        "\"invoiceNumber\": \"No\", \"customerId\": \"Cust\", \"externalId\": {\"template\": "
        "\"ERP-{Ref}-X\"}, "
        "\"status\": {\"column\": \"St\", \"map\": {\"offen\": 0, \"bezahlt\": 2}}, "
        "\"dueDate\": {\"column\": \"Due\", \"format\": \"%Y%m%d\"}, \"issuedAt\": \"Issued\", "
        "\"originalBalance\": \"Total\", \"openBalance\": {\"compute\": \"total\"}}, "
        "\"costLines\": {\"when\": {\"column\": \"Kind\", \"equals\": \"K\"}, \"description\": "
        "\"Text\", "
        "\"amount\": \"Amount\"}, "
        "\"lineItems\": {\"when\": {\"column\": \"Kind\", \"equals\": \"P\"}, \"sku\": \"SKU\", "
        "\"description\": {\"column\": \"Text\", \"optional\": true}, \"quantity\": \"Qty\", "
        "\"unitPrice\": "
        "\"Price\", \"unitDiscount\": {\"column\": \"Disc\", \"optional\": true}}}";
    const char *csv =
        "No,Cust,Ref,St,Due,Issued,Total,Kind,SKU,Text,Qty,Price,Disc,Amount\n"
        "R-1,7,77,offen,20261130,01.11.2026,\"26,25\",P,A-1,\"Ä, b\",\"1,5\",\"10,00\",\"0,50\",\n"
        "R-1,7,77,offen,20261130,01.11.2026,\"26,25\",K,,Versand,,,,\"12,00\"\n"
        "R-2,8,78,bezahlt,20261201,02.11.2026,\"0,00\",,,,,,,\n";
    ic_err err;
    mapping *m = load_text(json, &err);
    if (!m)
        fail_msg("%s", err.msg);
    ic_batch b1, b2;
    assert_int_equal(mapping_read_invoices(m, tmp_write(csv, ".csv"), &b1, &err), 0);
    expect_no_problems(&b1);
    rows_out o;
    memset(&o, 0, sizeof o);
    const char **names;
    size_t n = mapping_reverse_header(m, &names);
    const char *nn[32];
    for (size_t i = 0; i < n; i++)
        nn[i] = names[i];
    collect_row(&o, nn, n);
    for (size_t i = 0; i < b1.n_invoices; i++)
        assert_int_equal(mapping_reverse_rows(m, &b1.invoices[i], collect_row, &o), 0);
    assert_int_equal(o.rows, 1 + 2 + 1);
    /* columns in the mapping file's order; the "when" column last */
    assert_string_equal(
        o.buf,
        "No,Cust,Ref,St,Due,Issued,Total,Text,Amount,SKU,Qty,Price,Disc,Kind\n"
        "R-1,7,77,offen,20261130,01.11.2026,\"26,25\",\"Ä, b\",,A-1,\"1,5\",\"10,00\",\"0,50\",P\n"
        "R-1,7,77,offen,20261130,01.11.2026,\"26,25\",Versand,\"12,00\",,,,,K\n"
        "R-2,8,78,bezahlt,20261201,02.11.2026,\"0,00\",,,,,,,\n");
    assert_int_equal(mapping_read_invoices(m, tmp_write(o.buf, ".csv"), &b2, &err), 0);
    expect_no_problems(&b2);
    assert_int_equal(b2.n_invoices, b1.n_invoices);
    for (size_t i = 0; i < b1.n_invoices; i++) {
        const ic_invoice *x = &b1.invoices[i], *y = &b2.invoices[i];
        assert_string_equal(x->invoice_number, y->invoice_number);
        assert_string_equal(x->customer_id, y->customer_id);
        assert_string_equal(x->external_id, y->external_id);
        assert_int_equal(x->status, y->status);
        assert_int_equal(x->due_date, y->due_date);
        assert_int_equal(x->issued_at, y->issued_at);
        assert_int_equal(x->original_balance, y->original_balance);
        assert_int_equal(x->open_balance, y->open_balance);
        assert_int_equal(x->n_line_items, y->n_line_items);
        assert_int_equal(x->n_cost_lines, y->n_cost_lines);
        for (size_t k = 0; k < x->n_line_items; k++) {
            assert_string_equal(x->line_items[k].sku, y->line_items[k].sku);
            assert_string_equal(x->line_items[k].description, y->line_items[k].description);
            assert_int_equal(x->line_items[k].quantity, y->line_items[k].quantity);
            assert_int_equal(x->line_items[k].unit_price, y->line_items[k].unit_price);
            assert_int_equal(x->line_items[k].unit_discount, y->line_items[k].unit_discount);
        }
        for (size_t k = 0; k < x->n_cost_lines; k++) {
            assert_string_equal(x->cost_lines[k].description, y->cost_lines[k].description);
            assert_int_equal(x->cost_lines[k].amount, y->cost_lines[k].amount);
        }
    }
    assert_int_equal(b1.invoices[0].original_balance, 262500);
    assert_string_equal(b1.invoices[0].external_id, "ERP-77-X");
    batch_release(&b1);
    batch_release(&b2);
    mapping_free(m);
}

/* Dates in the "excel" format go out as the serials they came in as, 1900-01-01 (serial 1, ERP
 * exports' "no date") and the rest of January and February 1900 included. */
static void test_reverse_excel_dates(void **state)
{
    (void)state;
    const char *json = "{\"locale\": {\"currency\": \"EUR\", \"date\": \"excel\"}, "
                       "\"group_by\": [\"No\"], \"invoice\": {\"invoiceNumber\": \"No\", "
                       "\"customerId\": \"Cust\", \"dueDate\": \"Due\", \"originalBalance\": "
                       "\"Total\", \"openBalance\": \"Total\"}}";
    const char *csv = "No,Cust,Due,Total\n"
                      "A,1,1,1.00\n"
                      "B,1,2,1.00\n"
                      "C,1,59,1.00\n"
                      "D,1,61,1.00\n"
                      "E,1,25569,1.00\n"
                      "F,1,46000,1.00\n";
    ic_err err;
    mapping *m = load_text(json, &err);
    if (!m)
        fail_msg("%s", err.msg);
    ic_batch b;
    assert_int_equal(mapping_read_invoices(m, tmp_write(csv, ".csv"), &b, &err), 0);
    expect_no_problems(&b);
    assert_int_equal(b.invoices[0].due_date, date_days_from_civil(1900, 1, 1) * 86400);
    rows_out o;
    memset(&o, 0, sizeof o);
    for (size_t i = 0; i < b.n_invoices; i++)
        assert_int_equal(mapping_reverse_rows(m, &b.invoices[i], collect_row, &o), 0);
    assert_string_equal(o.buf, csv + strlen("No,Cust,Due,Total\n"));
    batch_release(&b);
    mapping_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_totals_error_mode, tmp_cleanup),
        cmocka_unit_test_teardown(test_totals_warning_and_off, tmp_cleanup),
        cmocka_unit_test_teardown(test_totals_breakdown_names_costs, tmp_cleanup),
        cmocka_unit_test_teardown(test_duplicate_invoice_number_under_two_keys, tmp_cleanup),
        cmocka_unit_test_teardown(test_lookalike_invoice_numbers, tmp_cleanup),
        cmocka_unit_test_teardown(test_lookalike_external_ids, tmp_cleanup),
        cmocka_unit_test_teardown(test_cost_lines_from_rows, tmp_cleanup),
        cmocka_unit_test_teardown(test_map_lookup_errors, tmp_cleanup),
        cmocka_unit_test_teardown(test_currency_never_substituted, tmp_cleanup),
        cmocka_unit_test_teardown(test_currency_case_is_one_currency, tmp_cleanup),
        cmocka_unit_test_teardown(test_amount_in_another_currency, tmp_cleanup),
        cmocka_unit_test_teardown(test_templates_defaults_optional, tmp_cleanup),
        cmocka_unit_test_teardown(test_value_messages, tmp_cleanup),
        cmocka_unit_test_teardown(test_reverse_header_and_rows, tmp_cleanup),
        cmocka_unit_test_teardown(test_reverse_round_trip, tmp_cleanup),
        cmocka_unit_test_teardown(test_reverse_excel_dates, tmp_cleanup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
