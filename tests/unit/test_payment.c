/* The pure parts of `invoicectl pay`: the payment key, reading and checking rows of a payments file
 * (mapping/pay_map.c), and the plan's classes, with earlier rows of the same invoice counted
 * against its open balance (import/pay_plan.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "import/journal.h"
#include "import/pay_plan.h"
#include "mapping/pay_map.h"
#include "model/payment.h"
#include "util/common.h"
#include "util/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ic_payment pay(const char *inv, money_t amount, const char *ymd, const char *ref)
{
    ic_payment p;
    memset(&p, 0, sizeof p);
    p.invoice = (char *)inv;
    p.amount = amount;
    snprintf(p.date_ymd, sizeof p.date_ymd, "%s", ymd);
    p.reference = (char *)ref;
    payment_make_key(&p);
    return p;
}

static void test_key(void **state)
{
    (void)state;
    ic_payment a = pay("INV-1", 125000, "2026-11-03", "FT1");
    assert_int_equal(strlen(a.key), strlen(PAYMENT_KEY_PREFIX) + 16);
    assert_memory_equal(a.key, PAYMENT_KEY_PREFIX, strlen(PAYMENT_KEY_PREFIX));
    /* the same payment, the same key; any part changed, another key */
    assert_string_equal(a.key, pay("INV-1", 125000, "2026-11-03", "FT1").key);
    assert_string_not_equal(a.key, pay("INV-2", 125000, "2026-11-03", "FT1").key);
    assert_string_not_equal(a.key, pay("INV-1", 125001, "2026-11-03", "FT1").key);
    assert_string_not_equal(a.key, pay("INV-1", 125000, "2026-11-04", "FT1").key);
    assert_string_not_equal(a.key, pay("INV-1", 125000, "2026-11-03", "FT2").key);
    assert_string_not_equal(a.key, pay("INV-1", 125000, "2026-11-03", NULL).key);
    /* parts are kept apart: "INV-1" + "2" is not "INV-" + "12" */
    assert_string_not_equal(pay("INV-1", 0, "2", NULL).key, pay("INV-", 0, "12", NULL).key);
    /* the key is the hash of the parts, NUL-separated, amount at 4 places */
    char hex[SHA256_HEX_LEN + 1], want[PAYMENT_KEY_MAX];
    static const char text[] = "INV-1\0"
                               "12.5000\0"
                               "2026-11-03\0"
                               "FT1";
    sha256_hex(text, sizeof text, hex);
    snprintf(want, sizeof want, "invoicectl:%.16s", hex);
    assert_string_equal(a.key, want);
}

static char *write_tmp(const char *name, const char *text)
{
    char *path = NULL;
    assert_true(asprintf(&path, "/tmp/invoicectl-test-payment-%d-%s", (int)getpid(), name) > 0);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_rows(void **state)
{
    (void)state;
    char *map =
        write_tmp("map.json", "{\"csv\": {\"delimiter\": \";\"}, \"locale\": {\"decimal\": \",\", "
                              "\"date\": \"%d.%m.%Y\"},"
                              " \"payment\": {\"invoice\": {\"column\": \"Info\", \"pattern\":"
                              " \"Re (INV-[0-9]+)\"}, \"amount\": \"Betrag\", \"date\": \"Tag\","
                              " \"currency\": \"W\", \"method\": {\"value\": \"wire\"},"
                              " \"reference\": \"Ref\"}}");
    char *csv = write_tmp("p.csv", "Tag;Info;Betrag;W;Ref\n"
                                   "03.11.2026;Zahlung Re INV-7 danke;1.234,50;eur;R1\n"
                                   "04.11.2026;Re INV-8;0;EUR;R2\n"
                                   "31.02.2026;Re INV-8;5;EUR;R3\n"
                                   "05.11.2026;ohne Nummer;5;EUR;R4\n"
                                   ";;;;\n"
                                   "06.11.2026;Re INV-9;-1,00;EUR;R5\n"
                                   "06.11.2026;Re INV-9;12,3x;XYZ;R6\n");
    mapping_errors errs;
    memset(&errs, 0, sizeof errs);
    ic_err err = {0};
    pay_map *pm = pay_map_load(map, &errs, &err);
    assert_non_null(pm);
    pay_batch b;

    assert_int_equal(pay_map_read(pm, csv, &b, &err), 0);
    assert_int_equal(b.n, 6);
    assert_int_equal(b.rows_blank, 1);
    assert_int_equal(b.n_invalid, 5);
    const ic_payment *p = &b.items[0];
    assert_true(p->valid);
    assert_string_equal(p->invoice, "INV-7"); /* the pattern's group */
    assert_int_equal(p->amount, 12345000);
    assert_string_equal(p->date_ymd, "2026-11-03");
    assert_string_equal(p->currency, "EUR");
    assert_string_equal(p->method, "wire");
    assert_int_equal(p->line, 2);
    assert_int_equal(p->record, 0);
    assert_memory_equal(p->key, "invoicectl:", 11);
    assert_string_equal(b.items[1].error_column, "Betrag");
    assert_non_null(strstr(b.items[1].error, "must be more than 0"));
    assert_string_equal(b.items[2].error_column, "Tag");
    assert_non_null(strstr(b.items[2].error, "'31.02.2026'"));
    assert_string_equal(b.items[3].error_column, "Info");
    assert_non_null(strstr(b.items[3].error, "no invoice matching 'Re (INV-[0-9]+)'"));
    assert_int_equal(b.items[4].line, 7); /* the blank row is skipped but counted in lines */
    assert_string_equal(b.items[4].error_column, "Betrag");
    /* the first problem of a row is the one reported */
    assert_string_equal(b.items[5].error_column, "Betrag");
    assert_non_null(strstr(b.items[5].error, "'12,3x' is not an amount"));
    pay_batch_release(&b);
    pay_map_free(pm);
    unlink(map);
    unlink(csv);
    free(map);
    free(csv);
}

static void add(pay_batch *b, const char *inv, money_t amount, const char *ref, long line)
{
    ic_payment *p = pay_batch_add(b);
    p->invoice = strdup(inv);
    p->amount = amount;
    snprintf(p->date_ymd, sizeof p->date_ymd, "2026-11-03");
    p->reference = strdup(ref);
    p->line = line;
    payment_make_key(p);
}

static void facts(pay_plan *p, const char *key, money_t open, int status)
{
    size_t k;
    assert_true(strmap_get(&p->inv_index, key, &k));
    p->invs[k].found = true;
    p->invs[k].has_open = true;
    p->invs[k].open = open;
    p->invs[k].status = status;
    memcpy(p->invs[k].currency, "USD", 4);
}

static void test_plan(void **state)
{
    (void)state;
    const ic_connector *c = connector_find("bigcommerce-b2b");
    pay_batch b;
    memset(&b, 0, sizeof b);
    add(&b, "A", 600000, "r1", 2); /* 60 of A's 100: record */
    add(&b, "A", 600000, "r1", 3); /* the same payment again: refused, naming line 2 */
    add(&b, "A", 400001, "r2", 4); /* 40.0001 > 100 - 60: refused, naming line 2 */
    add(&b, "A", 400000, "r3", 5); /* exactly what is left: record */
    add(&b, "B", 10000, "r4", 6);  /* B is completed */
    add(&b, "C", 10000, "r5", 7);  /* C is not in the store */
    add(&b, "D", 50000, "r6", 8);  /* recorded already (the store's lookup) */
    add(&b, "D", 990000, "r7", 9); /* D's 100 is not lowered by the payment recorded already */
    ic_payment *bad = pay_batch_add(&b);
    bad->line = 10;
    payment_fail(bad, "Amount", "amount: 'x' is not an amount");
    b.n_invalid = 1;
    pay_plan p;
    pay_plan_init(&p, c, &b);
    assert_int_equal(p.n_invs, 4);
    facts(&p, "A", 1000000, 0);
    facts(&p, "B", 0, 2);
    facts(&p, "D", 1000000, 1);
    size_t d;
    assert_true(strmap_get(&p.inv_index, "D", &d));
    pay_plan_add_recorded(&p, d, b.items[6].key, "77");
    pay_plan_classify(&p, NULL, false);
    static const enum pay_class want[] = {PAY_RECORD,   PAY_REFUSED, PAY_REFUSED,
                                          PAY_RECORD,   PAY_REFUSED, PAY_REFUSED,
                                          PAY_RECORDED, PAY_RECORD,  PAY_INVALID};
    for (size_t i = 0; i < p.n; i++)
        assert_int_equal(p.items[i].cls, want[i]);
    assert_non_null(strstr(p.items[1].reason, "the same payment as line 2"));
    assert_non_null(strstr(p.items[2].reason, "less the 60.00 the rows from line 2 take"));
    assert_non_null(strstr(p.items[4].reason, "paid already"));
    assert_non_null(strstr(p.items[5].reason, "not in the store"));
    assert_string_equal(p.items[6].id, "77");
    assert_true(p.items[6].by_lookup);
    assert_int_equal(p.counts[PAY_RECORD], 3);
    assert_int_equal(p.counts[PAY_REFUSED], 4);

    /* the journal: done is recorded; an open intent on a target without a lookup is unknown, sent
     * again only when asked */
    char jpath[128];
    snprintf(jpath, sizeof jpath, "/tmp/invoicectl-test-payment-%d.journal", (int)getpid());
    unlink(jpath);
    journal_identity id = {0};
    id.csv_path = strdup("payments");
    id.mapping_path = strdup("payments");
    id.api_url = strdup("http://x");
    id.store_hash = strdup("s");
    bool resumed = false;
    ic_err err = {0};
    journal *j = journal_open(jpath, &id, &resumed, &err);
    assert_non_null(j);
    assert_int_equal(journal_done(j, b.items[0].key, "recorded", "5", &err), 0);
    assert_int_equal(journal_intent(j, b.items[3].key, "A", "", &err), 0);
    ic_connector no_lookup = *c;
    no_lookup.payment_find = NULL;
    p.conn = &no_lookup;
    pay_plan_classify(&p, j, false);
    assert_int_equal(p.items[0].cls, PAY_RECORDED);
    assert_true(p.items[0].by_journal);
    assert_string_equal(p.items[0].id, "5");
    assert_int_equal(p.items[3].cls, PAY_UNKNOWN);
    assert_non_null(strstr(p.items[3].reason, "--retry-unknown"));
    /* the row recorded already takes nothing of the open balance the store tells: 40.0001 fits */
    assert_int_equal(p.items[2].cls, PAY_RECORD);
    pay_plan_classify(&p, j, true);
    assert_int_equal(p.items[3].cls, PAY_RECORD);
    journal_close(j);
    unlink(jpath);
    journal_identity_release(&id);
    pay_plan_release(&p);
    pay_batch_release(&b);
}

/* Which invoices the plan asks the store about: those with a valid row the journal does not say is
 * recorded (not known, an open intent, failed); never those whose every row the journal recorded.
 */
static void test_lookups(void **state)
{
    (void)state;
    const ic_connector *c = connector_find("bigcommerce-b2b");
    pay_batch b;
    memset(&b, 0, sizeof b);
    add(&b, "DONE", 10000, "r1", 2); /* both rows recorded by the journal */
    add(&b, "DONE", 20000, "r2", 3);
    add(&b, "DONE", 10000, "r1", 4);   /* a repeat of line 2: the same key, recorded too */
    add(&b, "MIXED", 10000, "r3", 5);  /* recorded by the journal */
    add(&b, "MIXED", 20000, "r4", 6);  /* not known to it */
    add(&b, "OPEN", 10000, "r5", 7);   /* an intent without an outcome */
    add(&b, "FAILED", 10000, "r6", 8); /* failed: sent again, may be recorded elsewhere since */
    add(&b, "NEW", 10000, "r7", 9);
    ic_payment *bad = pay_batch_add(&b); /* an invalid row names no invoice to look up */
    bad->line = 10;
    payment_fail(bad, "Amount", "amount: 'x' is not an amount");
    b.n_invalid = 1;
    pay_plan p;
    pay_plan_init(&p, c, &b);

    /* no journal: every invoice */
    assert_int_equal(pay_plan_mark_lookups(&p, NULL), 5);

    char jpath[128];
    snprintf(jpath, sizeof jpath, "/tmp/invoicectl-test-lookups-%d.journal", (int)getpid());
    unlink(jpath);
    journal_identity id = {0};
    id.csv_path = strdup("payments");
    id.mapping_path = strdup("payments");
    id.api_url = strdup("http://x");
    id.store_hash = strdup("s");
    bool resumed = false;
    ic_err err = {0};
    journal *j = journal_open(jpath, &id, &resumed, &err);
    assert_non_null(j);
    assert_int_equal(journal_done(j, b.items[0].key, "recorded", "1", &err), 0);
    assert_int_equal(journal_done(j, b.items[1].key, "recorded", "2", &err), 0);
    assert_int_equal(journal_done(j, b.items[3].key, "recorded", "3", &err), 0);
    assert_int_equal(journal_intent(j, b.items[5].key, "OPEN", "", &err), 0);
    assert_int_equal(journal_intent(j, b.items[6].key, "FAILED", "", &err), 0);
    assert_int_equal(journal_failed(j, b.items[6].key, "HTTP 422", &err), 0);

    assert_int_equal(pay_plan_mark_lookups(&p, j), 4);
    static const struct {
        const char *inv;
        bool lookup;
    } want[] = {{"DONE", false}, {"MIXED", true}, {"OPEN", true}, {"FAILED", true}, {"NEW", true}};
    for (size_t i = 0; i < IC_ARRAY_LEN(want); i++) {
        size_t k;
        assert_true(strmap_get(&p.inv_index, want[i].inv, &k));
        assert_int_equal(p.invs[k].lookup, want[i].lookup);
    }
    /* once the last row of MIXED is recorded, neither needs asking */
    assert_int_equal(journal_done(j, b.items[4].key, "recorded", "4", &err), 0);
    assert_int_equal(pay_plan_mark_lookups(&p, j), 3);

    journal_close(j);
    unlink(jpath);
    journal_identity_release(&id);
    pay_plan_release(&p);
    pay_batch_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_lookups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
