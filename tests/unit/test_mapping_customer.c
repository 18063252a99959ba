/* customerName and customerEmail: mapped like any text field into the canonical invoice (BILL
 * creates a customer from them), and written back by the reverse direction. */
#include "tests/unit/mapping_testlib.h"

#include "model/batch.h"

static void test_customer_name_and_email_are_bound(void **state)
{
    (void)state;
    ic_batch b;
    read_text(BASE_MAP_HEAD
              ", \"customerName\": \"Name\", \"customerEmail\": \"Mail\"}, " BASE_MAP_ITEMS "}",
              "Inv,Cust,Name,Mail,SKU,Qty,Price\n"
              "1,,Acme Ltd,ap@acme.example,A,1,10\n"
              "2,0cu123,,,B,2,5\n",
              true, &b);
    assert_int_equal(b.n_invoices, 2);
    assert_string_equal(b.invoices[0].customer_name, "Acme Ltd");
    assert_string_equal(b.invoices[0].customer_email, "ap@acme.example");
    assert_null(b.invoices[1].customer_name);
    assert_null(b.invoices[1].customer_email);
    assert_string_equal(b.invoices[1].customer_id, "0cu123");
    batch_release(&b);
}

/* Joins every cell of every row into ctx as "|cell|cell|". */
static int collect(void *ctx, const char *const *cells, size_t ncols)
{
    char *text = ctx;
    for (size_t i = 0; i < ncols; i++) {
        size_t n = strlen(text);
        snprintf(text + n, 512 - n, "|%s", cells[i] ? cells[i] : "");
    }
    size_t n = strlen(text);
    snprintf(text + n, 512 - n, "|\n");
    return 0;
}

static void test_customer_fields_written_back(void **state)
{
    (void)state;
    ic_err err;
    mapping *m = load_text(BASE_MAP_HEAD ", \"customerName\": \"Name\", \"customerEmail\": "
                                         "\"Mail\"}, " BASE_MAP_ITEMS "}",
                           &err);
    if (!m)
        fail_msg("%s", err.msg);
    ic_invoice inv;
    invoice_init(&inv);
    invoice_set_str(&inv.invoice_number, "9");
    invoice_set_str(&inv.customer_name, "Acme Ltd");
    invoice_set_str(&inv.customer_email, "ap@acme.example");
    char text[512] = "";
    int rc = mapping_reverse_rows(m, &inv, collect, text);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(text, "|Acme Ltd|"));
    assert_non_null(strstr(text, "|ap@acme.example|"));
    invoice_release(&inv);
    mapping_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_customer_name_and_email_are_bound, tmp_cleanup),
        cmocka_unit_test_teardown(test_customer_fields_written_back, tmp_cleanup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
