/* Import modes: the words (model/mode.h), the mapping's "mode" column (mapping/mode.c) and the
 * default a command gives (mapping_set_mode): delete and skip rows need only their key. */
#include "mapping_testlib.h"

#include "model/mode.h"

#define MODE_MAP BASE_MAP_HEAD "}, " BASE_MAP_ITEMS ", \"mode\": \"Act\"}"
#define MODE_HEAD "Inv,Cust,SKU,Qty,Price,Act\n"

static void test_words(void **state)
{
    (void)state;
    assert_int_equal(ic_mode_parse("upsert", 6), IC_MODE_UPSERT);
    assert_int_equal(ic_mode_parse("Create", 6), IC_MODE_CREATE);
    assert_int_equal(ic_mode_parse("UPDATE", 6), IC_MODE_UPDATE);
    assert_int_equal(ic_mode_parse("rePlace", 7), IC_MODE_REPLACE);
    assert_int_equal(ic_mode_parse("delete", 6), IC_MODE_DELETE);
    assert_int_equal(ic_mode_parse("SKIP", 4), IC_MODE_SKIP);
    assert_int_equal(ic_mode_parse("deletex", 6), IC_MODE_DELETE); /* len bytes only */
    assert_int_equal(ic_mode_parse("remove", 6), -1);
    assert_int_equal(ic_mode_parse("del", 3), -1);
    assert_int_equal(ic_mode_parse("", 0), -1);
    assert_string_equal(ic_mode_name(IC_MODE_REPLACE), "replace");
    assert_string_equal(ic_mode_name(99), "?");
    assert_true(ic_mode_key_only(IC_MODE_DELETE));
    assert_true(ic_mode_key_only(IC_MODE_SKIP));
    assert_false(ic_mode_key_only(IC_MODE_REPLACE));
}

static const ic_invoice *find_inv(const ic_batch *b, const char *number)
{
    for (size_t i = 0; i < b->n_invoices; i++)
        if (b->invoices[i].invoice_number && strcmp(b->invoices[i].invoice_number, number) == 0)
            return &b->invoices[i];
    fail_msg("no invoice %s", number);
    return NULL;
}

static void test_column(void **state)
{
    (void)state;
    ic_batch b;
    read_text(MODE_MAP,
              MODE_HEAD "A1,,,,,DELETE\n"        /* 2: key only */
                        "A2,,,x,,skip\n"         /* 3: a skip row's cells are not checked */
                        "A3,7,S,1,2.50,\n"       /* 4: blank: the default */
                        "A4,7,S,1,2.50,remove\n" /* 5 */
                        "A5,,,,,delete\n"        /* 6 */
                        "A5,,,,,Update\n"        /* 7: disagrees */
                        "A6,,,,,Delete\n"        /* 8 */
                        "A6,,,,,delete\n"        /* 9: the same mode */
                        "A7,,,,,delete\n"        /* 10 */
                        "A7,,,,,\n"              /* 11: blank: the invoice's */
                        "A8,7,S,1,2.50,replace\n",
              true, &b);
    const ic_invoice *a1 = find_inv(&b, "A1");
    assert_true(a1->valid);
    assert_true(a1->has_mode);
    assert_int_equal(a1->mode, IC_MODE_DELETE);
    assert_int_equal(a1->n_line_items, 0);
    const ic_invoice *a2 = find_inv(&b, "A2");
    assert_true(a2->valid);
    assert_int_equal(a2->mode, IC_MODE_SKIP);
    const ic_invoice *a3 = find_inv(&b, "A3");
    assert_true(a3->valid);
    assert_false(a3->has_mode);
    assert_int_equal(a3->mode, IC_MODE_UPSERT);
    assert_int_equal(a3->n_line_items, 1);
    const ic_invoice *a4 = find_inv(&b, "A4");
    assert_false(a4->valid);
    const ic_problem *p = expect_problem(&b,
                                         "unknown mode 'remove'; expected upsert, create, "
                                         "update, replace, delete or skip",
                                         5);
    assert_string_equal(p->column, "Act");
    assert_false(find_inv(&b, "A5")->valid);
    expect_problem(&b,
                   "rows of one invoice disagree on 'Act': 'delete' on line 6, 'Update' on "
                   "line 7",
                   7);
    assert_true(find_inv(&b, "A6")->valid);
    assert_int_equal(find_inv(&b, "A6")->mode, IC_MODE_DELETE);
    assert_true(find_inv(&b, "A7")->valid);
    assert_int_equal(find_inv(&b, "A7")->mode, IC_MODE_DELETE);
    assert_int_equal(find_inv(&b, "A8")->mode, IC_MODE_REPLACE);
    assert_int_equal(find_inv(&b, "A8")->n_line_items, 1);
    assert_int_equal(b.n_invalid, 2);
    batch_release(&b);
}

/* Without keeping invoices (validate's way): the same checks. */
static void test_column_counted(void **state)
{
    (void)state;
    ic_batch b;
    read_text(MODE_MAP, MODE_HEAD "A1,,,,,delete\nA2,,,x,,skip\nA3,,,,,\n", false, &b);
    assert_int_equal(b.n_invoices, 3);
    assert_int_equal(b.n_invalid, 1); /* A3: upsert needs its fields */
    assert_null(find_problem(&b, "", 2));
    assert_null(find_problem(&b, "", 3));
    expect_problem(&b, "column 'Cust' is blank", 4);
    batch_release(&b);
}

/* import --mode delete: rows without a mode of their own need only the key. */
static void test_default(void **state)
{
    (void)state;
    ic_err err;
    mapping *m = load_text(BASE_MAP_HEAD "}, " BASE_MAP_ITEMS "}", &err);
    assert_non_null(m);
    mapping_set_mode(m, IC_MODE_DELETE);
    assert_null(mapping_mode_column(m));
    ic_batch b;
    assert_int_equal(
        mapping_read_invoices(m, tmp_write("Inv,Cust,SKU,Qty,Price\nB1,,,,\n", ".csv"), &b, &err),
        0);
    expect_no_problems(&b);
    assert_int_equal(b.n_invoices, 1);
    assert_true(b.invoices[0].valid);
    assert_false(b.invoices[0].has_mode);
    assert_int_equal(b.invoices[0].mode, IC_MODE_DELETE);
    batch_release(&b);
    /* a mode column's blank cell takes the default too */
    mapping_free(m);
    m = load_text(MODE_MAP, &err);
    assert_non_null(m);
    assert_string_equal(mapping_mode_column(m), "Act");
    mapping_set_mode(m, IC_MODE_SKIP);
    assert_int_equal(mapping_read_invoices(
                         m, tmp_write(MODE_HEAD "B2,,,,,\nB3,7,S,1,2,update\n", ".csv"), &b, &err),
                     0);
    expect_no_problems(&b);
    assert_int_equal(find_inv(&b, "B2")->mode, IC_MODE_SKIP);
    assert_int_equal(find_inv(&b, "B3")->mode, IC_MODE_UPDATE);
    batch_release(&b);
    mapping_free(m);
}

static void test_load_errors(void **state)
{
    (void)state;
    expect_load_error(BASE_MAP_HEAD "}, " BASE_MAP_ITEMS ", \"mode\": 5}",
                      "mode: expected the name of the column that holds each row's mode");
    expect_load_error(BASE_MAP_HEAD "}, " BASE_MAP_ITEMS ", \"mode\": \"\"}",
                      "mode: expected the name of the column");
    /* a column the header lacks, named with the key */
    ic_err err;
    mapping *m = load_text(MODE_MAP, &err);
    assert_non_null(m);
    ic_batch b;
    int rc =
        mapping_read_invoices(m, tmp_write("Inv,Cust,SKU,Qty,Price,Action\n", ".csv"), &b, &err);
    assert_int_equal(rc, IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "mode: no column 'Act'"));
    batch_release(&b);
    mapping_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test_teardown(test_column, tmp_cleanup),
        cmocka_unit_test_teardown(test_column_counted, tmp_cleanup),
        cmocka_unit_test_teardown(test_default, tmp_cleanup),
        cmocka_unit_test_teardown(test_load_errors, tmp_cleanup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
