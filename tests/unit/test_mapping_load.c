/* Loading a mapping: every kind of error names its JSON path; binding names the nearest header
 * columns; the starter mapping recognises common export headers. */
#include "tests/unit/mapping_testlib.h"

#include <cjson/cJSON.h>

#define MIN_INVOICE                                                                                \
    "\"invoiceNumber\": \"Inv\", \"customerId\": \"Cust\", \"originalBalance\": \"Total\", "       \
    "\"openBalance\": \"Open\""

static void test_example_loads(void **state)
{
    (void)state;
    ic_err err;
    mapping *m = mapping_load(fixture("example.json"), &err);
    if (!m)
        fail_msg("%s", err.msg);
    csv_options o = mapping_csv_options(m);
    assert_int_equal(o.delimiter, ',');
    assert_int_equal(o.encoding, CSV_ENC_UTF8);
    assert_string_equal(mapping_match_field(m), "invoiceNumber");
    assert_string_equal(mapping_target(m), "bigcommerce-b2b");
    mapping_free(m);
}

static void test_options(void **state)
{
    (void)state;
    ic_err err;
    mapping *m = load_text(
        "{\"csv\": {\"delimiter\": \"\\t\", \"encoding\": \"windows-1252\"},"
        " \"locale\": {\"currency\": \"EUR\", \"decimal\": \",\"}, \"match\": \"externalId\","
        " \"invoice\": {" MIN_INVOICE ", \"externalId\": \"Ext\"}}",
        &err);
    if (!m)
        fail_msg("%s", err.msg);
    csv_options o = mapping_csv_options(m);
    assert_int_equal(o.delimiter, '\t');
    assert_int_equal(o.encoding, CSV_ENC_WINDOWS_1252);
    assert_string_equal(mapping_match_field(m), "externalId");
    mapping_free(m);
    m = load_text("{\"csv\": {\"delimiter\": \"auto\"}, \"locale\": {\"currency\": \"EUR\"}, "
                  "\"invoice\": {" MIN_INVOICE "}, \"_comment\": \"comments are fine\"}",
                  &err);
    if (!m)
        fail_msg("%s", err.msg);
    assert_int_equal(mapping_csv_options(m).delimiter, 0);
    mapping_free(m);
}

static void test_syntax_error_has_line_and_column(void **state)
{
    (void)state;
    expect_load_error("{\n  \"invoice\": {\n    \"invoiceNumber\": \"Inv\",,\n}", ":3:");
    expect_load_error("{\n  \"invoice\": {\n    \"invoiceNumber\": \"Inv\",,\n}",
                      "invalid JSON near ','");
    expect_load_error("{\"invoice\": {", "invalid JSON");
    expect_load_error("[1, 2]", "expected a JSON object at the top");
}

/* A string with \u0000 would be cut short by cJSON (a C string ends there): refused with its place.
 * An escaped backslash followed by "u0000" is plain text.  Nesting past MAPPING_MAX_DEPTH is said
 * as such, not as "invalid JSON". */
static void test_nul_escape_and_depth(void **state)
{
    (void)state;
    expect_load_error("{\"invoice\": {" MIN_INVOICE ", \"externalId\": \"Ext\\u0000ra\"}}", ":1:");
    expect_load_error("{\"invoice\": {" MIN_INVOICE ", \"externalId\": \"Ext\\u0000ra\"}}",
                      "a string holds \\u0000 (the NUL character), which a mapping cannot use");
    expect_load_error("{\"invoice\": {" MIN_INVOICE ",\n \"Ext\\u0000\": \"x\"}}", ":2:6:");
    ic_err err;
    mapping *m = load_text("{\"locale\": {\"currency\": \"EUR\"}, \"_c\": \"a\\\\u0000\", "
                           "\"invoice\": {" MIN_INVOICE "}}",
                           &err);
    if (!m)
        fail_msg("%s", err.msg);
    mapping_free(m);

    char deep[4096];
    size_t n = 0;
    n += (size_t)snprintf(deep + n, sizeof deep - n, "{\"_c\": ");
    for (int i = 0; i < 1500 && n + 2 < sizeof deep; i++)
        deep[n++] = '[';
    deep[n] = '\0';
    expect_load_error(deep, "nested too deep (more than 64 levels of [ and {)");
    expect_load_error(deep, ":1:71:");
    /* 64 levels are fine (the limit is on the mapping, which needs 5). */
    n = (size_t)snprintf(deep, sizeof deep, "{\"locale\": {\"currency\": \"EUR\"}, \"_c\": ");
    for (int i = 0; i < 63; i++)
        deep[n++] = '[';
    for (int i = 0; i < 63; i++)
        deep[n++] = ']';
    snprintf(deep + n, sizeof deep - n, ", \"invoice\": {" MIN_INVOICE "}}");
    m = load_text(deep, &err);
    if (!m)
        fail_msg("%s", err.msg);
    mapping_free(m);
}

/* A raw NUL byte in the file (cJSON would stop reading there) is refused with its place. */
static void test_nul_byte(void **state)
{
    (void)state;
    char path[] = "/tmp/ictest-nulXXXXXX.json";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    static const char text[] =
        "{\"locale\": {\"currency\": \"EUR\"},\n \"invoice\": {\"x\": \"a\0b\"}}";
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    ic_err err;
    mapping *m = mapping_load(path, &err);
    unlink(path);
    assert_null(m);
    if (!strstr(err.msg, ":2:21: a NUL byte, which JSON text cannot hold"))
        fail_msg("error \"%s\"", err.msg);
}

/* A template's own text counts against the limit on what it gives, checked at load. */
static void test_template_text_limit(void **state)
{
    (void)state;
    size_t n = MAPPING_MAX_TEMPLATE_BYTES + 1;
    char *json = xmalloc(n + 256);
    int k = snprintf(json, n + 256,
                     "{\"locale\": {\"currency\": \"EUR\"}, \"invoice\": {" MIN_INVOICE
                     ", \"externalId\": {\"template\": \"{Inv}");
    memset(json + k, 'x', n);
    snprintf(json + k + n, 256, "\"}}}");
    expect_load_error(json, "invoice.externalId.template: 16385 bytes of text; a template gives at "
                            "most 16384 bytes");
    json[k + n - 1] = '"'; /* one byte less: fine */
    snprintf(json + k + n, 256, "}}}");
    ic_err err;
    mapping *m = load_text(json, &err);
    if (!m)
        fail_msg("%s", err.msg);
    mapping_free(m);
    free(json);
}

static void test_unknown_keys_suggest(void **state)
{
    (void)state;
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"dueDat\": \"Due\"}}",
                      "invoice.dueDat: unknown field; did you mean 'dueDate'?");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      "}, \"lineitems\": {}}",
                      "lineitems: unknown field; did you mean 'lineItems'?");
    expect_load_error(
        "{\"locale\": {\"currency\": \"USD\", \"timezon\": \"UTC\"}, \"invoice\": {" MIN_INVOICE
        "}}",
        "locale.timezon: unknown field; did you mean 'timezone'?");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"dueDate\": {\"colum\": \"Due\"}}}",
                      "invoice.dueDate.colum: unknown field; did you mean 'column'?");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"zzz\": \"Due\"}}",
                      "invoice.zzz: unknown field; expected one of 'invoiceNumber'");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"customerId\": \"C\"}}",
                      "invoice.customerId: given twice");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"status\": {\"column\": \"S\", \"map\": {\"Open\": 0, \"Paid\": 2, "
                      "\"Open\": 1}}}}",
                      "invoice.status.map.Open: given twice");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"extraFields\": {\"Region\": \"R\", \"Zone\": \"Z\", \"Region\": "
                      "\"R2\"}}}",
                      "invoice.extraFields.Region: given twice");
}

static void test_wrong_types(void **state)
{
    (void)state;
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": []}",
                      "invoice: expected an object, got an array");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"dueDate\": 5}}",
                      "invoice.dueDate: expected a column name or an object");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"dueDate\": {\"column\": \"Due\", \"type\": \"money\"}}}",
                      "invoice.dueDate.type: type 'money' does not fit dueDate");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"dueDate\": {\"column\": \"Due\", \"type\": \"dat\"}}}",
                      "invoice.dueDate.type: unknown type 'dat'; did you mean 'date'?");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"dueDate\": {\"column\": \"Due\", \"optional\": \"yes\"}}}",
                      "invoice.dueDate.optional: expected true or false");
    expect_load_error(
        "{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {\"invoiceNumber\": \"Inv\", "
        "\"customerId\": {\"compute\": \"total\"}, \"originalBalance\": \"T\", \"openBalance\": "
        "\"O\"}}",
        "invoice.customerId.compute: only invoice balances and cost-line amounts can be computed");
    expect_load_error(
        "{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {\"invoiceNumber\": \"Inv\", "
        "\"customerId\": \"Cust\", \"originalBalance\": {\"compute\": \"totl\"}, \"openBalance\": "
        "\"Open\"}}",
        "invoice.originalBalance.compute: unknown computation 'totl'");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"dueDate\": {\"column\": \"Due\", \"value\": \"x\"}}}",
                      "give only one of");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"invoiceNumber\": {\"column\": \"Cust\", \"optional\": true}}}",
                      "invoice.invoiceNumber: given twice");
    expect_load_error(
        "{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {\"invoiceNumber\": \"Inv\", "
        "\"customerId\": {\"column\": \"Cust\", \"optional\": true}, \"originalBalance\": \"T\", "
        "\"openBalance\": \"O\"}}",
        "invoice.customerId.optional: the API requires customerId");
    expect_load_error("{\"csv\": {\"delimiter\": \"::\"}, \"locale\": {\"currency\": \"USD\"}, "
                      "\"invoice\": {" MIN_INVOICE "}}",
                      "csv.delimiter: expected");
    expect_load_error("{\"csv\": {\"encoding\": \"ebcdic\"}, \"locale\": {\"currency\": \"USD\"}, "
                      "\"invoice\": {" MIN_INVOICE "}}",
                      "csv.encoding: expected \"utf-8\"");
    expect_load_error(
        "{\"target\": \"bill\", \"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
        "}}",
        "target: 'bill' is not supported");
    expect_load_error("{\"checks\": {\"totals\": \"loud\"}, \"locale\": {\"currency\": \"USD\"}, "
                      "\"invoice\": {" MIN_INVOICE "}}",
                      "checks.totals: expected \"error\", \"warning\" or \"off\"");
    expect_load_error(
        "{\"group_by\": [], \"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE "}}",
        "group_by: empty list");
}

static void test_bad_formats_zones_currencies(void **state)
{
    (void)state;
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"dueDate\": {\"column\": \"Due\", \"format\": \"%Y-%m\"}}}",
                      "invoice.dueDate.format: '%Y-%m' has no day (%d or %e)");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"dueDate\": {\"column\": \"Due\", \"format\": \"%d.%m.%q\"}}}",
                      "invoice.dueDate.format: '%d.%m.%q' uses '%q'");
    expect_load_error(
        "{\"locale\": {\"currency\": \"USD\", \"date\": \"%d/%Y\"}, \"invoice\": {" MIN_INVOICE
        "}}",
        "locale.date: '%d/%Y' has no month");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"purchaseOrderNumber\": {\"column\": \"PO\", \"format\": \"%d.%m.%Y\"}}}",
                      "invoice.purchaseOrderNumber.format: \"format\" applies only to dates");
    expect_load_error("{\"locale\": {\"currency\": \"USD\", \"timezone\": \"Mars/Olympus\"}, "
                      "\"invoice\": {" MIN_INVOICE "}}",
                      "locale.timezone: unknown time zone 'Mars/Olympus'");
    expect_load_error(
        "{\"locale\": {\"currency\": \"USX\"}, \"invoice\": {" MIN_INVOICE "}}",
        "locale.currency: expected an ISO 4217 currency code such as \"USD\", got 'USX'");
    expect_load_error("{\"invoice\": {" MIN_INVOICE "}}",
                      "locale.currency: missing: needed because invoice.currency is not mapped");
    expect_load_error("{\"invoice\": {" MIN_INVOICE ", \"currency\": {\"value\": \"XYZ\"}}}",
                      "invoice.currency.value: expected an ISO 4217 currency code");
    expect_load_error(
        "{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {\"invoiceNumber\": \"Inv\", "
        "\"customerId\": "
        "\"Cust\", \"originalBalance\": {\"value\": \"12,3x\"}, \"openBalance\": \"Open\"}}",
        "invoice.originalBalance.value: '12,3x' is not an amount: ',' is not understood (expected "
        "an "
        "amount like 1234.56; locale.decimal is '.')");
    expect_load_error(
        "{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
        ", \"status\": {\"column\": \"S\", \"map\": {\"Open\": 0, \"Paid\": \"two\"}}}}",
        "invoice.status.map.Paid: expected a whole number, got 'two'");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"status\": {\"column\": \"S\", \"map\": {\"Open\": 0, \"Paid\": 7}}}}",
                      "invoice.status.map.Paid: expected a whole number from 0 to 2, got '7'");
    expect_load_error(
        "{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
        ", \"dueDate\": {\"column\": \"Due\", \"default\": \"2026-02-31\"}}}",
        "invoice.dueDate.default: expected a date like 2026-11-21 (%Y-%m-%d), got '2026-02-31'");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"externalId\": {\"template\": \"ERP-{Inv\"}}}",
                      "invoice.externalId.template: unclosed '{'");
}

static void test_required_fields(void **state)
{
    (void)state;
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}}", "invoice: missing");
    expect_load_error(
        "{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {\"invoiceNumber\": \"Inv\", "
        "\"originalBalance\": \"T\", \"openBalance\": \"O\"}}",
        "invoice.customerId: missing (the API requires it)");
    expect_load_error(
        "{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {\"invoiceNumber\": \"Inv\", "
        "\"customerId\": \"C\", \"openBalance\": \"O\"}}",
        "invoice.originalBalance: missing");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      "}, \"lineItems\": "
                      "{\"quantity\": \"Q\", \"unitPrice\": \"P\"}}",
                      "lineItems.sku: missing");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      "}, \"costLines\": "
                      "[{\"amount\": \"Freight\"}]}",
                      "costLines[0]: missing \"description\"");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      "}, \"costLines\": "
                      "{\"description\": \"D\", \"amount\": \"A\"}}",
                      "costLines: the row form needs \"when\"");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                      ", \"billingAddress\": "
                      "{\"city\": \"City\"}}}",
                      "invoice.billingAddress: missing 'firstName'");
    expect_load_error("{\"locale\": {\"currency\": \"USD\"}, \"match\": \"externalId\", "
                      "\"invoice\": {" MIN_INVOICE "}}",
                      "match: \"externalId\" needs invoice.externalId to be mapped");
    expect_load_error(
        "{\"_todo\": [\"customerId: choose a column\"], \"locale\": {\"currency\": \"USD\"}, "
        "\"invoice\": {" MIN_INVOICE "}}",
        "_todo: the mapping is unfinished: customerId: choose a column");
}

/* Loads json with mapping_load_all; returns the collected errors (the mapping must fail). */
static void load_all_errors(const char *json, mapping_errors *errs, ic_err *err)
{
    memset(errs, 0, sizeof *errs);
    ic_err_clear(err);
    mapping *m = mapping_load_all(tmp_write(json, ".json"), errs, err);
    if (m) {
        mapping_free(m);
        fail_msg("the mapping loaded; expected errors");
    }
    assert_int_equal(err->code, IC_EXIT_USAGE);
}

static bool has_error(const mapping_errors *e, const char *want)
{
    for (size_t i = 0; i < e->n; i++)
        if (strstr(e->msgs[i], want))
            return true;
    return false;
}

static void dump_errors(const mapping_errors *e)
{
    for (size_t i = 0; i < e->n; i++)
        print_message("  %s\n", e->msgs[i]);
}

/* Every independent error of a hand-written mapping at once, each with its JSON path; none that
 * only follows from another (a misspelt field is not also "missing"). */
static void test_load_collects_every_error(void **state)
{
    (void)state;
    mapping_errors e;
    ic_err err;
    load_all_errors(
        "{\"csv\": {\"delimiter\": \"::\"},\n"
        " \"locale\": {\"currency\": \"USD\", \"timezone\": \"Mars/Olympus\", \"date\": "
        "\"%d.%m\"},\n"
        " \"invoice\": {\"invoiceNumbr\": \"Inv\", \"customerId\": \"Cust\",\n"
        "   \"dueDate\": {\"column\": \"Due\", \"type\": \"date\", \"format\": \"%Q\"},\n"
        "   \"originalBalance\": {\"compute\": \"total\"}, \"openBalance\": {\"compute\": "
        "\"totl\"},\n"
        "   \"billingAddress\": {\"city\": \"City\", \"zipcode\": \"Zip\"}},\n"
        " \"costLines\": [{\"description\": \"Freight\"}, {\"amount\": \"Tax\"}],\n"
        " \"lineItems\": {\"sku\": \"SKU\", \"quantity\": {\"column\": \"Qty\", \"type\": "
        "\"decmial\"}}}",
        &e, &err);
    static const char *const want[] = {
        "csv.delimiter: expected",
        "locale.date: '%d.%m' has no year",
        "locale.timezone: unknown time zone 'Mars/Olympus'",
        "invoice.invoiceNumbr: unknown field; did you mean 'invoiceNumber'?",
        "invoice.dueDate.format: '%Q' uses '%Q'",
        "invoice.openBalance.compute: unknown computation 'totl'",
        "invoice.billingAddress.zipcode: unknown field; did you mean 'zipCode'?",
        "invoice.billingAddress: missing 'firstName', 'lastName', 'street1', 'street2', 'state', "
        "'country'",
        "costLines[0]: missing \"amount\"",
        "costLines[1]: missing \"description\"",
        "lineItems.quantity.type: unknown type 'decmial'; did you mean 'decimal'?",
        "lineItems.unitPrice: missing",
    };
    for (size_t i = 0; i < IC_ARRAY_LEN(want); i++)
        if (!has_error(&e, want[i])) {
            dump_errors(&e);
            fail_msg("no error containing \"%s\"", want[i]);
        }
    if (e.n != IC_ARRAY_LEN(want)) {
        dump_errors(&e);
        fail_msg("%zu errors, expected %zu", e.n, IC_ARRAY_LEN(want));
    }
    assert_false(has_error(&e, "invoice.invoiceNumber: missing"));
    assert_false(has_error(&e, "group_by"));
    /* each line names the file; err holds the first alone */
    for (size_t i = 0; i < e.n; i++)
        assert_non_null(strstr(e.msgs[i], ".json: "));
    assert_string_equal(err.msg, e.msgs[0]);
    mapping_errors_release(&e);

    /* mapping_load: the first, then how many more and where to see them */
    ic_err err1;
    assert_null(mapping_load(tmp_paths[tmp_count - 1], &err1));
    assert_non_null(strstr(err1.msg, "csv.delimiter: expected"));
    assert_non_null(strstr(err1.msg, "(and 11 more errors: 'invoicectl mapping check "));
}

/* The list is capped; the rest are counted. */
static void test_load_errors_cap(void **state)
{
    (void)state;
    char json[4096];
    size_t n = (size_t)snprintf(json, sizeof json,
                                "{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE);
    for (int i = 0; i < MAPPING_MAX_LOAD_ERRORS + 5; i++)
        n += (size_t)snprintf(json + n, sizeof json - n, ", \"zz%02d\": \"X\"", i);
    snprintf(json + n, sizeof json - n, "}}");
    mapping_errors e;
    ic_err err;
    load_all_errors(json, &e, &err);
    assert_int_equal(e.n, MAPPING_MAX_LOAD_ERRORS);
    assert_int_equal(e.more, 5);
    assert_non_null(strstr(e.msgs[0], "invoice.zz00: unknown field"));
    mapping_errors_release(&e);
    /* single errors (a syntax error) are listed too */
    load_all_errors("{\"invoice\": {", &e, &err);
    assert_int_equal(e.n, 1);
    assert_non_null(strstr(e.msgs[0], "invalid JSON"));
    mapping_errors_release(&e);
}

/* Binding lists every unknown column, each with its nearest header names. */
static void test_bind_all_lists_every_column(void **state)
{
    (void)state;
    ic_err err;
    mapping *m = load_text("{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
                           ", \"dueDate\": {\"column\": \"Due Dat\", \"type\": \"date\"}}, "
                           "\"lineItems\": {\"sku\": \"Sku\", \"quantity\": \"Qty\", "
                           "\"unitPrice\": \"Price\"}}",
                           &err);
    if (!m)
        fail_msg("%s", err.msg);
    const char *header[] = {"Inv", "Cust", "Total", "Open", "Due Date", "SKU", "Qty", "Price"};
    mapping_errors e;
    memset(&e, 0, sizeof e);
    assert_int_equal(mapping_bind_all(m, header, 8, "x.csv", &e, &err), IC_EXIT_USAGE);
    if (e.n != 2) {
        dump_errors(&e);
        fail_msg("%zu errors, expected 2", e.n);
    }
    assert_true(has_error(&e, "invoice.dueDate.column: no column 'Due Dat' in 'x.csv'; nearest: "
                              "'Due Date'"));
    assert_true(has_error(&e, "lineItems.sku: no column 'Sku' in 'x.csv'; nearest: 'SKU'"));
    assert_non_null(strstr(err.msg, "(and 1 more unknown column)"));
    mapping_errors_release(&e);
    mapping_free(m);
}

static void test_missing_file(void **state)
{
    (void)state;
    ic_err err;
    assert_null(mapping_load("/nonexistent/dir/map.json", &err));
    assert_int_equal(err.code, IC_EXIT_IO);
    assert_non_null(strstr(err.msg, "cannot open '/nonexistent/dir/map.json'"));
}

static void test_bind_names_nearest_columns(void **state)
{
    (void)state;
    ic_err err;
    mapping *m = load_text(
        "{\"locale\": {\"currency\": \"USD\"}, \"group_by\": [\"Inv\"], \"invoice\": {" MIN_INVOICE
        ", \"dueDate\": {\"column\": \"Due date\", \"type\": \"date\"}}}",
        &err);
    if (!m)
        fail_msg("%s", err.msg);
    const char *header[] = {"Inv", "Cust", "Total", "Open", "Due Date", "Date Due", "Amount"};
    int rc = mapping_bind(m, header, 7, "x.csv", &err);
    assert_int_equal(rc, IC_EXIT_USAGE);
    if (!strstr(err.msg, "invoice.dueDate.column: no column 'Due date' in 'x.csv'; nearest: 'Due "
                         "Date', 'Date Due'"))
        fail_msg("%s", err.msg);
    /* plain form: the path is the field itself; several unknown columns are counted */
    const char *header2[] = {"Invoice", "Customer", "Total", "Open", "Due Date"};
    rc = mapping_bind(m, header2, 5, "y.csv", &err);
    assert_int_equal(rc, IC_EXIT_USAGE);
    if (!strstr(err.msg, "invoice.invoiceNumber: no column 'Inv' in 'y.csv'") ||
        !strstr(err.msg, "more unknown"))
        fail_msg("%s", err.msg);
    /* a header that fits */
    const char *header3[] = {"Inv", "Cust", "Total", "Open", "Due date"};
    assert_int_equal(mapping_bind(m, header3, 5, "z.csv", &err), 0);
    assert_int_equal(mapping_columns_used(m), 5);
    mapping_free(m);
}

static void test_bind_template_and_when_columns(void **state)
{
    (void)state;
    ic_err err;
    mapping *m = load_text(
        "{\"locale\": {\"currency\": \"USD\"}, \"invoice\": {" MIN_INVOICE
        ", \"externalId\": {\"template\": \"ERP-{Invoice No}\"}}, \"lineItems\": {\"when\": "
        "{\"column\": \"Kind\", \"equals\": \"item\"}, \"sku\": \"SKU\", \"quantity\": \"Q\", "
        "\"unitPrice\": \"P\"}}",
        &err);
    if (!m)
        fail_msg("%s", err.msg);
    const char *h1[] = {"Inv", "Cust", "Total", "Open", "Invoice Nr", "SKU", "Q", "P", "Kind"};
    assert_int_equal(mapping_bind(m, h1, 9, "t.csv", &err), IC_EXIT_USAGE);
    if (!strstr(err.msg, "invoice.externalId.template: no column 'Invoice No'"))
        fail_msg("%s", err.msg);
    const char *h2[] = {"Inv", "Cust", "Total", "Open", "Invoice No", "SKU", "Q", "P", "Type"};
    assert_int_equal(mapping_bind(m, h2, 9, "t.csv", &err), IC_EXIT_USAGE);
    if (!strstr(err.msg, "lineItems.when.column: no column 'Kind'"))
        fail_msg("%s", err.msg);
    mapping_free(m);
}

/* ---- starter mapping ---- */

static cJSON *init_json(const char *csv_path)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    ic_err err;
    int rc = mapping_init_from_csv(csv_path, mem, &err);
    fclose(mem);
    if (rc) {
        free(buf);
        fail_msg("init failed: %s", err.msg);
    }
    cJSON *j = cJSON_Parse(buf);
    if (!j)
        fail_msg("init wrote invalid JSON:\n%s", buf);
    free(buf);
    return j;
}

static const char *jstr(const cJSON *j, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(j, a);
    if (b)
        x = cJSON_GetObjectItemCaseSensitive(x, b);
    if (cJSON_IsObject(x))
        x = cJSON_GetObjectItemCaseSensitive(x, "column");
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

static bool todo_mentions(const cJSON *j, const char *want)
{
    const cJSON *todo = cJSON_GetObjectItemCaseSensitive(j, "_todo");
    for (const cJSON *e = todo ? todo->child : NULL; e; e = e->next)
        if (cJSON_IsString(e) && strstr(e->valuestring, want))
            return true;
    return false;
}

static void test_init_quickbooks(void **state)
{
    (void)state;
    cJSON *j = init_json(fixture("quickbooks.csv"));
    assert_string_equal(jstr(j, "invoice", "invoiceNumber"), "Invoice No");
    assert_string_equal(jstr(j, "invoice", "customerId"), "Customer");
    assert_string_equal(jstr(j, "invoice", "issuedAt"), "Invoice Date");
    assert_string_equal(jstr(j, "invoice", "dueDate"), "Due Date");
    assert_string_equal(jstr(j, "lineItems", "sku"), "Product/Service");
    assert_string_equal(jstr(j, "lineItems", "quantity"), "Qty");
    assert_string_equal(jstr(j, "lineItems", "unitPrice"), "Rate");
    assert_string_equal(jstr(j, "lineItems", "description"), "Description");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "group_by"), 0)->valuestring,
                        "Invoice No");
    /* 01/02/2026 … has no day above 12: the starter refuses to guess */
    assert_true(todo_mentions(j, "locale.date"));
    assert_true(todo_mentions(j, "locale.currency"));
    assert_true(todo_mentions(j, "invoice.customerId: 'Customer' holds names such as 'Acme Corp'"));
    /* "Amount" differs between the rows of an invoice: a line amount, not the invoice total */
    assert_null(jstr(j, "invoice", "originalBalance")); /* {"compute": "total"} */
    cJSON_Delete(j);
    /* and mapping_load refuses the unfinished file */
    j = init_json(fixture("quickbooks.csv"));
    char *text = cJSON_Print(j);
    cJSON_Delete(j);
    expect_load_error(text, "_todo: the mapping is unfinished: locale.date");
    cJSON_free(text);
}

static void test_init_xero_is_complete(void **state)
{
    (void)state;
    cJSON *j = init_json(fixture("xero.csv"));
    assert_string_equal(jstr(j, "invoice", "invoiceNumber"), "*InvoiceNumber");
    assert_string_equal(jstr(j, "invoice", "customerId"), "*ContactName");
    assert_string_equal(jstr(j, "invoice", "currency"), "Currency");
    assert_string_equal(jstr(j, "invoice", "purchaseOrderNumber"), "Reference");
    assert_string_equal(jstr(j, "lineItems", "sku"), "InventoryItemCode");
    assert_string_equal(jstr(j, "lineItems", "unitPrice"), "*UnitAmount");
    assert_string_equal(jstr(j, "locale", "date"), "%d/%m/%Y"); /* 25/01/2026 decides it */
    const cJSON *bill = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "invoice"), "billingAddress");
    assert_string_equal(jstr(bill, "city", NULL), "POCity");
    assert_string_equal(jstr(bill, "zipCode", NULL), "POPostalCode");
    /* Xero's Discount (beside UnitAmount) is a percent */
    const cJSON *disc = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "lineItems"), "unitDiscount");
    assert_string_equal(cJSON_GetObjectItem(disc, "percent")->valuestring, "Discount");
    /* ContactName holds names, not company ids: a lookup table to write, and the one thing to do */
    const cJSON *cust = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "invoice"), "customerId");
    assert_string_equal(cJSON_GetObjectItem(cust, "lookup")->valuestring, "customers.csv");
    assert_true(todo_mentions(j, "invoice.customerId: '*ContactName' holds names such as 'Acme'"));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "_todo")), 1);
    /* The rest is complete: with the names taken as they are (and the percent discount, which this
     * file leaves blank, and its rounding left out) it loads and reads its own file. */
    cJSON_DeleteItemFromObject(j, "_todo");
    cJSON_DeleteItemFromObject(j, "rounding");
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(j, "lineItems"), "unitDiscount");
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(j, "invoice"), "customerId",
                              cJSON_CreateString("*ContactName"));
    char *text = cJSON_Print(j);
    cJSON_Delete(j);
    /* complete: it loads and reads its own file without a problem */
    ic_err err;
    mapping *m = load_text(text, &err);
    cJSON_free(text);
    if (!m)
        fail_msg("%s", err.msg);
    ic_batch b;
    assert_int_equal(mapping_read_invoices(m, fixture("xero.csv"), &b, &err), 0);
    expect_no_problems(&b);
    assert_int_equal(b.n_invoices, 1);
    assert_int_equal(b.invoices[0].n_line_items, 2);
    assert_int_equal(b.invoices[0].original_balance, 255000); /* 2 × 10.00 + 5.50 */
    batch_release(&b);
    mapping_free(m);
}

static void test_init_erp_semicolons_and_commas(void **state)
{
    (void)state;
    cJSON *j = init_json(fixture("erp.csv"));
    assert_string_equal(jstr(j, "csv", "delimiter"), ";");
    assert_string_equal(jstr(j, "locale", "decimal"), ",");
    assert_string_equal(jstr(j, "locale", "date"), "%d.%m.%Y");
    assert_string_equal(jstr(j, "invoice", "invoiceNumber"), "Document No");
    assert_string_equal(jstr(j, "invoice", "customerId"), "Company ID");
    assert_string_equal(jstr(j, "invoice", "originalBalance"), "Total");
    assert_string_equal(jstr(j, "lineItems", "sku"), "Item");
    assert_null(cJSON_GetObjectItem(j, "_todo"));
    cJSON_Delete(j);
}

static void test_init_unplaced_required(void **state)
{
    (void)state;
    cJSON *j = init_json(tmp_write("Foo,Bar\n1,2\n", ".csv"));
    assert_string_equal(jstr(j, "invoice", "customerId"), "<<choose a column for customerId>>");
    assert_true(todo_mentions(j, "invoiceNumber"));
    assert_true(todo_mentions(j, "customerId"));
    assert_true(todo_mentions(j, "originalBalance"));
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_example_loads, tmp_cleanup),
        cmocka_unit_test_teardown(test_load_collects_every_error, tmp_cleanup),
        cmocka_unit_test_teardown(test_load_errors_cap, tmp_cleanup),
        cmocka_unit_test_teardown(test_bind_all_lists_every_column, tmp_cleanup),
        cmocka_unit_test_teardown(test_options, tmp_cleanup),
        cmocka_unit_test_teardown(test_syntax_error_has_line_and_column, tmp_cleanup),
        cmocka_unit_test_teardown(test_nul_escape_and_depth, tmp_cleanup),
        cmocka_unit_test_teardown(test_nul_byte, tmp_cleanup),
        cmocka_unit_test_teardown(test_template_text_limit, tmp_cleanup),
        cmocka_unit_test_teardown(test_unknown_keys_suggest, tmp_cleanup),
        cmocka_unit_test_teardown(test_wrong_types, tmp_cleanup),
        cmocka_unit_test_teardown(test_bad_formats_zones_currencies, tmp_cleanup),
        cmocka_unit_test_teardown(test_required_fields, tmp_cleanup),
        cmocka_unit_test_teardown(test_missing_file, tmp_cleanup),
        cmocka_unit_test_teardown(test_bind_names_nearest_columns, tmp_cleanup),
        cmocka_unit_test_teardown(test_bind_template_and_when_columns, tmp_cleanup),
        cmocka_unit_test_teardown(test_init_quickbooks, tmp_cleanup),
        cmocka_unit_test_teardown(test_init_xero_is_complete, tmp_cleanup),
        cmocka_unit_test_teardown(test_init_erp_semicolons_and_commas, tmp_cleanup),
        cmocka_unit_test_teardown(test_init_unplaced_required, tmp_cleanup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
