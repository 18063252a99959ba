/* The journal as undo reads it (import/journal_read.h): per key the last "before" and the outcome,
 * an interrupted create and update, a torn last line; the run's name of a journal
 * (journal_run_path) and the journal kept when other inputs replace it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "import/journal.h"
#include "import/journal_read.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/test_journal_read.XXXXXX";
static char csv[256], map[256], jpath[256];

static void write_file(const char *path, const char *text, const char *mode)
{
    FILE *f = fopen(path, mode);
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(csv, sizeof csv, "%s/a.csv", dir);
    snprintf(map, sizeof map, "%s/m.json", dir);
    write_file(csv, "n\n1\n", "w");
    write_file(map, "{}", "w");
    return 0;
}

/* Removes the test's folder and the files in it (journals kept under their start times included).
 */
static int teardown(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char p[600];
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    return 0;
}

/* A journal with: INV-1 created, INV-2 updated, INV-3 created but killed before its outcome, INV-4
 * updated but killed before its outcome, INV-5 refused; then a torn line. */
static void write_run(const char *path, journal_identity *id)
{
    ic_err err = {0};
    bool resumed;
    journal *j = journal_open(path, id, &resumed, &err);
    assert_non_null(j);
    cJSON *after = cJSON_Parse("{\"invoiceNumber\":\"X\",\"dueDate\":2}");
    cJSON *stored = cJSON_Parse("{\"id\":7,\"invoiceNumber\":\"INV-2\",\"dueDate\":1}");
    uint64_t at;
    assert_int_equal(journal_before_write(j, "INV-1", "", NULL, after, &at, &err), 0);
    assert_int_equal(journal_intent(j, "INV-1", "N1", "h1", &err), 0);
    assert_int_equal(journal_done(j, "INV-1", "created", "41", &err), 0);
    assert_int_equal(journal_before_write(j, "INV-2", "7", stored, after, &at, &err), 0);
    assert_int_equal(journal_done(j, "INV-2", "updated", "7", &err), 0);
    assert_int_equal(journal_before_write(j, "INV-3", "", NULL, after, &at, &err), 0);
    assert_int_equal(journal_intent(j, "INV-3", "N3", "h3", &err), 0);
    assert_int_equal(journal_before_write(j, "INV-4", "00e0ABC", stored, after, &at, &err), 0);
    assert_int_equal(journal_before_write(j, "INV-5", "", NULL, after, &at, &err), 0);
    assert_int_equal(journal_intent(j, "INV-5", "N5", "h5", &err), 0);
    assert_int_equal(journal_failed(j, "INV-5", "HTTP 422: bad", &err), 0);
    assert_int_equal(journal_sync(j, &err), 0);
    journal_close(j);
    cJSON_Delete(after);
    cJSON_Delete(stored);
    write_file(path, "{\"op\":\"done\",\"key\":\"INV-3\",\"act", "a"); /* torn by a kill */
}

static void test_reads_last_before_and_outcome(void **state)
{
    (void)state;
    journal_identity id;
    ic_err err = {0};
    snprintf(jpath, sizeof jpath, "%s/r.journal", dir);
    assert_int_equal(journal_identity_make(csv, map, "http://x", "st", &id, &err), 0);
    id.target = "bigcommerce-b2b";
    write_run(jpath, &id);

    journal_log l;
    assert_int_equal(journal_log_read(jpath, &l, &err), 0);
    assert_string_equal(journal_log_field(&l, "journal"), "invoicectl-import");
    assert_string_equal(journal_log_field(&l, "target"), "bigcommerce-b2b");
    assert_string_equal(journal_log_field(&l, "store"), "st");
    assert_non_null(journal_log_field(&l, "started"));
    assert_int_equal(l.n, 5);
    assert_int_equal(l.skipped, 0); /* the torn line is not a line */

    const journal_rec *r = journal_log_get(&l, "INV-1");
    assert_int_equal(r->state, JOURNAL_DONE);
    assert_string_equal(r->action, "created");
    assert_string_equal(r->id, "41");
    assert_string_equal(r->number, "N1");
    assert_true(r->has_before);
    assert_false(r->before_after_outcome);
    assert_null(r->before_doc);
    assert_non_null(r->before_after);

    r = journal_log_get(&l, "INV-2");
    assert_string_equal(r->action, "updated");
    assert_string_equal(r->id, "7");
    assert_non_null(r->before_doc);
    assert_int_equal(cJSON_GetObjectItem(r->before_doc, "dueDate")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItem(r->before_after, "dueDate")->valueint, 2);

    r = journal_log_get(&l, "INV-3"); /* killed while creating */
    assert_int_equal(r->state, JOURNAL_INTENT);
    assert_true(r->before_after_outcome);
    assert_null(r->before_doc);

    r = journal_log_get(&l, "INV-4"); /* killed while updating: a text id */
    assert_int_equal(r->state, 0);
    assert_true(r->before_after_outcome);
    assert_string_equal(r->id, "00e0ABC");
    assert_non_null(r->before_doc);

    r = journal_log_get(&l, "INV-5");
    assert_int_equal(r->state, JOURNAL_FAILED);
    assert_string_equal(r->error, "HTTP 422: bad");
    assert_null(journal_log_get(&l, "INV-6"));
    journal_log_release(&l);
    journal_identity_release(&id);
}

static void test_not_a_journal(void **state)
{
    (void)state;
    char p[300];
    ic_err err = {0};
    journal_log l;
    snprintf(p, sizeof p, "%s/x.csv", dir);
    write_file(p, "a,b\n1,2\n", "w");
    assert_int_equal(journal_log_read(p, &l, &err), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "is not an invoicectl journal"));
    journal_log_release(&l);
    snprintf(p, sizeof p, "%s/none.journal", dir);
    assert_int_equal(journal_log_read(p, &l, &err), IC_EXIT_IO);
    journal_log_release(&l);
}

static void test_run_path(void **state)
{
    (void)state;
    char *p = journal_run_path("d/a.csv.1234abcd.journal", "2026-11-30T15:43:42Z", NULL);
    assert_string_equal(p, "d/a.csv.1234abcd.20261130T154342Z.journal");
    free(p);
    p = journal_run_path("d/a.csv.1234abcd.journal", "2026-11-30T15:43:42Z", ".undo");
    assert_string_equal(p, "d/a.csv.1234abcd.20261130T154342Z.undo");
    free(p);
    p = journal_run_path("j.log", "2026-01-02T03:04:05Z", ".undo");
    assert_string_equal(p, "j.log.20260102T030405Z.undo");
    free(p);
}

/* Other inputs replace the journal; the replaced one stays under its run's name, whole. */
static void test_replaced_journal_is_kept(void **state)
{
    (void)state;
    journal_identity id, other;
    ic_err err = {0};
    bool resumed;
    snprintf(jpath, sizeof jpath, "%s/k.journal", dir);
    assert_int_equal(journal_identity_make(csv, map, "http://x", "st", &id, &err), 0);
    write_run(jpath, &id);
    journal_log before;
    assert_int_equal(journal_log_read(jpath, &before, &err), 0);
    char *kept = journal_run_path(jpath, journal_log_field(&before, "started"), NULL);

    write_file(csv, "n\n2\n", "w"); /* other content: a new journal */
    assert_int_equal(journal_identity_make(csv, map, "http://x", "st", &other, &err), 0);
    journal *j = journal_open(jpath, &other, &resumed, &err);
    assert_non_null(j);
    assert_false(resumed);
    journal_close(j);

    journal_log k;
    assert_int_equal(journal_log_read(kept, &k, &err), 0);
    assert_int_equal(k.n, before.n);
    assert_string_equal(journal_log_get(&k, "INV-1")->action, "created");
    journal_log now;
    assert_int_equal(journal_log_read(jpath, &now, &err), 0);
    assert_null(journal_log_get(&now, "INV-1"));
    journal_log_release(&now);
    journal_log_release(&k);
    journal_log_release(&before);
    free(kept);
    journal_identity_release(&id);
    journal_identity_release(&other);
}

/* Undo's own journal: another header kind, which an import's identity does not resume. */
static void test_kind(void **state)
{
    (void)state;
    journal_identity id;
    ic_err err = {0};
    bool resumed;
    char p[300];
    snprintf(p, sizeof p, "%s/u.undo", dir);
    assert_int_equal(journal_identity_make(csv, map, "http://x", "st", &id, &err), 0);
    id.kind = "invoicectl-undo";
    journal *j = journal_open(p, &id, &resumed, &err);
    assert_non_null(j);
    assert_int_equal(journal_done(j, "INV-1", "deleted", "41", &err), 0);
    journal_close(j);
    j = journal_open(p, &id, &resumed, &err);
    assert_true(resumed);
    assert_non_null(journal_get(j, "INV-1"));
    journal_close(j);
    journal_log l;
    assert_int_equal(journal_log_read(p, &l, &err), 0);
    assert_string_equal(journal_log_field(&l, "journal"), "invoicectl-undo");
    journal_log_release(&l);
    id.kind = NULL;
    j = journal_open(p, &id, &resumed, &err);
    assert_false(resumed);
    journal_close(j);
    journal_identity_release(&id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_last_before_and_outcome),
        cmocka_unit_test(test_not_a_journal),
        cmocka_unit_test(test_run_path),
        cmocka_unit_test(test_replaced_journal_is_kept),
        cmocka_unit_test(test_kind),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
