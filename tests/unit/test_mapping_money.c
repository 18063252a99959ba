/* Amounts and currencies as ERP exports write them, read through a mapping: SAP's trailing minus,
 * Excel's accounting-format zero, currency codes and signs on either side (and refused when they
 * name another currency than the invoice's), the part of a refused amount that was not understood,
 * and currency names ("US Dollar", "Pound Sterling") in the currency field. */
#include "tests/unit/mapping_testlib.h"
#include "model/money.h"

/* The invoice with this key in a kept batch. */
static const ic_invoice *invoice(const ic_batch *b, const char *key)
{
    for (size_t i = 0; i < b->n_invoices; i++)
        if (b->invoices[i].key && strcmp(b->invoices[i].key, key) == 0)
            return &b->invoices[i];
    fail_msg("no invoice '%s'", key);
    return NULL;
}

#define BALANCE_MAP(cur)                                                                           \
    "{\"locale\": {\"currency\": \"" cur "\"}, \"group_by\": [\"Inv\"], \"invoice\": {"            \
    "\"invoiceNumber\": \"Inv\", \"customerId\": \"Cust\", \"currency\": {\"column\": \"Cur\", "   \
    "\"optional\": true}, \"originalBalance\": \"Amount\", \"openBalance\": \"Open\"}}"

/* SAP FBL5N "Amount in DC" writes credits as 580.20-; Excel's accounting format writes zero as a
 * dash between the sign and its padding. */
static void test_sap_and_excel_spellings(void **state)
{
    (void)state;
    ic_batch b;
    read_text(BALANCE_MAP("USD"),
              "Inv,Cust,Cur,Amount,Open\n"
              "CN-1,1,USD,580.20-,580.20-\n"
              "CN-2,1,USD,\"1,234.50-\",\"$1,234.50-\"\n"
              "I-3,1,USD,$12.00,\" $-   \"\n"
              "I-4,1,USD,12.00 USD,-\n"
              "I-5,1,USD,USD 7,$-\n"
              "I-6,1,,12.00$,0\n",
              true, &b);
    expect_no_problems(&b);
    assert_int_equal(invoice(&b, "CN-1")->original_balance, -5802000);
    assert_int_equal(invoice(&b, "CN-1")->open_balance, -5802000);
    assert_int_equal(invoice(&b, "CN-2")->original_balance, -12345000);
    assert_int_equal(invoice(&b, "CN-2")->open_balance, -12345000);
    assert_int_equal(invoice(&b, "I-3")->original_balance, 120000);
    assert_int_equal(invoice(&b, "I-3")->open_balance, 0);
    assert_int_equal(invoice(&b, "I-4")->original_balance, 120000);
    assert_int_equal(invoice(&b, "I-4")->open_balance, 0);
    assert_int_equal(invoice(&b, "I-5")->original_balance, 70000);
    assert_int_equal(invoice(&b, "I-6")->original_balance, 120000);
    batch_release(&b);

    /* The same with decimal ',' (SAP in a German locale). */
    read_text("{\"csv\": {\"delimiter\": \";\"}, \"locale\": {\"currency\": \"EUR\", \"decimal\": "
              "\",\"}, \"invoice\": {\"invoiceNumber\": \"Inv\", \"customerId\": \"Cust\", "
              "\"originalBalance\": \"Amount\", \"openBalance\": \"Open\"}}",
              "Inv;Cust;Amount;Open\n"
              "CN-1;1;1.234,50-;1.234,50- EUR\n"
              "I-2;1;12,00 \xE2\x82\xAC;\xE2\x82\xAC -\n",
              true, &b);
    expect_no_problems(&b);
    assert_int_equal(invoice(&b, "CN-1")->original_balance, -12345000);
    assert_int_equal(invoice(&b, "CN-1")->open_balance, -12345000);
    assert_int_equal(invoice(&b, "I-2")->original_balance, 120000);
    assert_int_equal(invoice(&b, "I-2")->open_balance, 0);
    batch_release(&b);
}

/* Every protection stays: another currency's code or sign, a decimal written with the grouping
 * separator, more than 4 decimals; and a refused amount names the part that was not understood. */
static void test_refusals_name_the_part(void **state)
{
    (void)state;
    ic_batch b;
    read_text(BALANCE_MAP("USD"),
              "Inv,Cust,Cur,Amount,Open\n"
              "A,1,USD,12.3x,0\n"
              "B,1,USD,580.20 EUR-,0\n"
              "C,1,USD,\xE2\x82\xAC"
              "12.00,0\n"
              "D,1,EUR,$12.00,0\n"
              "E,1,USD,\"0,125\",0\n"
              "F,1,USD,1.00001-,0\n"
              "G,1,USD,-580.20-,0\n"
              "H,1,GBP,\xC2\xA3"
              "3.50,0\n"
              "I,1,USD,12 ABC,0\n",
              true, &b);
    expect_problem(&b,
                   "originalBalance: '12.3x' is not an amount: 'x' is not understood (expected "
                   "an amount like 1234.56)",
                   2);
    expect_problem(&b, "the amount '580.20 EUR-' is in EUR, but the invoice is in USD", 3);
    expect_problem(&b,
                   "the amount '\xE2\x82\xAC"
                   "12.00' is marked \xE2\x82\xAC, which is not a sign of USD",
                   4);
    expect_problem(&b, "the amount '$12.00' is marked $, which is not a sign of EUR", 5);
    expect_problem(&b,
                   "'0,125' is not an amount: ',' is not understood (expected an amount like "
                   "1234.56; locale.decimal is '.')",
                   6);
    expect_problem(&b, "originalBalance: expected at most 4 decimal places, got '1.00001-'", 7);
    expect_problem(&b, "'-580.20-' is not an amount: '-' is not understood", 8);
    expect_problem(&b, "'12 ABC' is not an amount: 'ABC' is not understood", 10);
    assert_true(invoice(&b, "H")->valid);
    assert_int_equal(invoice(&b, "H")->original_balance, 35000);
    assert_int_equal(b.n_invalid, 8);
    batch_release(&b);

    /* A quantity says it is a number, not an amount. */
    read_text(BASE_MAP_HEAD "}, " BASE_MAP_ITEMS "}",
              "Inv,Cust,SKU,Qty,Price\n"
              "A,1,S,2.5 pcs,1\n",
              true, &b);
    expect_problem(&b,
                   "quantity: '2.5 pcs' is not a number: 'pcs' is not understood (expected a "
                   "number like 2.5)",
                   2);
    batch_release(&b);
}

/* Currency names as ERPs write them, case-insensitive, resolved to the ISO code; an unknown name is
 * refused with its text. */
static void test_currency_names(void **state)
{
    (void)state;
    ic_batch b;
    read_text(BALANCE_MAP("USD"),
              "Inv,Cust,Cur,Amount,Open\n"
              "A,1,US Dollar,1,1\n"
              "B,1,U.S. Dollar,1,1\n"
              "C,1,British pound,1,1\n"
              "D,1,Pound Sterling,1,1\n"
              "E,1,Euro,1,1\n"
              "F,1,japanese yen,1,1\n"
              "G,1,Canadian Dollars,1,1\n"
              "H,1,Yuan Renminbi,1,1\n"
              "I,1,Chinese Yuan,1,1\n"
              "J,1,  Swiss   Franc ,1,1\n"
              "K,1,Dollar,1,1\n"
              "L,1,Martian Credit,1,1\n",
              true, &b);
    static const char *const want[][2] = {{"A", "USD"}, {"B", "USD"}, {"C", "GBP"}, {"D", "GBP"},
                                          {"E", "EUR"}, {"F", "JPY"}, {"G", "CAD"}, {"H", "CNY"},
                                          {"I", "CNY"}, {"J", "CHF"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const ic_invoice *inv = invoice(&b, want[i][0]);
        assert_true(inv->valid);
        assert_string_equal(inv->currency, want[i][1]);
    }
    /* "Dollar" alone names no one currency. */
    expect_problem(&b,
                   "currency: expected an ISO 4217 currency code such as USD or a currency name "
                   "such as 'US Dollar', got 'Dollar'",
                   12);
    expect_problem(&b, "got 'Martian Credit'", 13);
    assert_int_equal(b.n_invalid, 2);
    batch_release(&b);

    /* Rows of one invoice may write its currency as a code on one and as a name on another. */
    read_text(BALANCE_MAP("USD"),
              "Inv,Cust,Cur,Amount,Open\n"
              "A,1,US Dollar,1,1\n"
              "A,1,USD,1,1\n"
              "B,1,Euro,1,1\n"
              "B,1,USD,1,1\n",
              true, &b);
    assert_true(invoice(&b, "A")->valid);
    assert_string_equal(invoice(&b, "A")->currency, "USD");
    expect_problem(&b, "mixed currencies in one invoice: 'Euro' on line 4, 'USD' on line 5", 5);
    batch_release(&b);

    /* An amount's code is compared with the code the name stands for. */
    read_text(BALANCE_MAP("USD"),
              "Inv,Cust,Cur,Amount,Open\n"
              "A,1,Euro,12.00 EUR,0\n"
              "B,1,Euro,12.00 USD,0\n"
              "C,1,Pound Sterling,$5,0\n",
              true, &b);
    assert_true(invoice(&b, "A")->valid);
    expect_problem(&b, "the amount '12.00 USD' is in USD, but the invoice is in EUR", 3);
    expect_problem(&b, "the amount '$5' is marked $, which is not a sign of GBP", 4);
    batch_release(&b);

    /* A constant or a map value is checked at load time, names included. */
    ic_err err;
    mapping *m = load_text("{\"invoice\": {\"invoiceNumber\": \"Inv\", \"customerId\": \"C\", "
                           "\"currency\": {\"value\": \"Euros\"}, \"originalBalance\": \"A\", "
                           "\"openBalance\": \"A\"}}",
                           &err);
    if (!m)
        fail_msg("%s", err.msg);
    mapping_free(m);
    expect_load_error("{\"invoice\": {\"invoiceNumber\": \"Inv\", \"customerId\": \"C\", "
                      "\"currency\": {\"value\": \"Galleon\"}, \"originalBalance\": \"A\", "
                      "\"openBalance\": \"A\"}}",
                      "invoice.currency.value: expected an ISO 4217 currency code such as USD or a "
                      "currency name such as 'US Dollar', got 'Galleon'");
}

/* The table behind the names: sorted for the binary search, every code a current ISO 4217 code, and
 * the names the docs promise all present. */
static void test_currency_name_table(void **state)
{
    (void)state;
    size_t n = currency_name_count();
    assert_true(n > 200);
    const char *prev = "";
    for (size_t i = 0; i < n; i++) {
        const char *code;
        const char *name = currency_name_at(i, &code);
        if (strcmp(prev, name) >= 0)
            fail_msg("currency names out of order: '%s' then '%s'", prev, name);
        if (!currency_is_iso4217(code))
            fail_msg("'%s' names '%s', which is not an ISO 4217 code", name, code);
        prev = name;
    }
    assert_null(currency_name_at(n, &prev));
    static const char *const names[][2] = {
        {"US Dollar", "USD"},
        {"U.S. Dollar", "USD"},
        {"Pound Sterling", "GBP"},
        {"British Pound", "GBP"},
        {"Euro", "EUR"},
        {"Japanese Yen", "JPY"},
        {"Canadian Dollar", "CAD"},
        {"Australian Dollar", "AUD"},
        {"Swiss Franc", "CHF"},
        {"New Zealand Dollar", "NZD"},
        {"Mexican Peso", "MXN"},
        {"Indian Rupee", "INR"},
        {"Chinese Yuan", "CNY"},
        {"Yuan Renminbi", "CNY"},
        {"Kuwaiti Dinar", "KWD"},
        {"POLISH Z\xC5\x81OTY", ""},
        {"Polish z\xC5\x82oty", "PLN"},
        {"US\xC2\xA0"
         "Dollars",
         "USD"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char code[4] = "";
        bool ok = currency_from_name(names[i][0], strlen(names[i][0]), code);
        /* Only ASCII letters fold: "Ł" (upper case) is not "ł". */
        if (ok != (names[i][1][0] != '\0') || (ok && strcmp(code, names[i][1]) != 0))
            fail_msg("'%s': got %s '%s', wanted '%s'", names[i][0], ok ? "true" : "false", code,
                     names[i][1]);
    }
    char code[4];
    assert_false(currency_from_name("", 0, code));
    assert_false(currency_from_name("s", 1, code));
    assert_false(currency_from_name("...", 3, code));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_sap_and_excel_spellings, tmp_cleanup),
        cmocka_unit_test_teardown(test_refusals_name_the_part, tmp_cleanup),
        cmocka_unit_test_teardown(test_currency_names, tmp_cleanup),
        cmocka_unit_test(test_currency_name_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
