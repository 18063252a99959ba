/* The import journal: durable events, resume, a torn last line, other inputs, the lock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "import/journal.h"
#include "util/sha256.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* fdatasync, seen from the test: this program's own definition takes the place of libc's for the
 * journal code linked into it.  It records the file size each call covers (what a power cut would
 * keep), and fails with EIO on demand. */
static pthread_mutex_t sync_mu = PTHREAD_MUTEX_INITIALIZER;
static long long synced_size = -1; /* the largest size covered by a successful call */
static unsigned long sync_calls;
static int sync_fail;

int fdatasync(int fd)
{
    struct stat st;
    int have = fstat(fd, &st) == 0;
    pthread_mutex_lock(&sync_mu);
    int fail = sync_fail;
    pthread_mutex_unlock(&sync_mu);
    if (fail) {
        errno = EIO;
        return -1;
    }
    int rc = (int)syscall(SYS_fdatasync, fd);
    pthread_mutex_lock(&sync_mu);
    sync_calls++;
    if (rc == 0 && have && (long long)st.st_size > synced_size)
        synced_size = (long long)st.st_size;
    pthread_mutex_unlock(&sync_mu);
    return rc;
}

/* fsync of the journal's folder, seen the same way: counted only once the new journal has taken its
 * place (no "<journal>.new" left), since a folder synced before the rename does not keep it. */
static char new_path[300];
static unsigned long folder_syncs_after_rename;

int fsync(int fd)
{
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && new_path[0] && access(new_path, F_OK) != 0)
        folder_syncs_after_rename++;
    return (int)syscall(SYS_fsync, fd);
}

/* Forgets what earlier tests synced (their files were other files). */
static void sync_reset(void)
{
    pthread_mutex_lock(&sync_mu);
    synced_size = -1;
    sync_fail = 0;
    pthread_mutex_unlock(&sync_mu);
}

static long long file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (long long)st.st_size;
}

/* Waits up to 2 s for fdatasync to have covered `size` bytes, with no call into the journal. */
static bool covered_soon(long long size)
{
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&sync_mu);
        long long s = synced_size;
        pthread_mutex_unlock(&sync_mu);
        if (s >= size)
            return true;
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    return false;
}

static char dir[] = "/tmp/test_journal.XXXXXX";
static char csv[256], map[256], jpath[256];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int setup(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(csv, sizeof csv, "%s/a.csv", dir);
    snprintf(map, sizeof map, "%s/m.json", dir);
    snprintf(jpath, sizeof jpath, "%s/a.journal", dir);
    snprintf(new_path, sizeof new_path, "%s.new", jpath);
    write_file(csv, "Invoice Number,Amount\nINV-1,10\nINV-2,20\n");
    write_file(map, "{}");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(csv);
    unlink(map);
    unlink(jpath);
    rmdir(dir);
    return 0;
}

static void test_sha256(void **state)
{
    (void)state;
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256_hex(m, strlen(m), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_write_and_resume(void **state)
{
    (void)state;
    unlink(jpath);
    ic_err err = {0};
    journal_identity id;
    assert_int_equal(
        journal_identity_make(csv, map, "http://127.0.0.1:1/api/v3/io/ip", "st", &id, &err), 0);
    bool resumed = true;
    journal *j = journal_open(jpath, &id, &resumed, &err);
    assert_non_null(j);
    assert_false(resumed);
    assert_int_equal(journal_lines(j), 1);
    assert_int_equal(journal_intent(j, "INV-1", "INV-1", "aa", &err), 0);
    assert_int_equal(journal_done(j, "INV-1", "created", "41", &err), 0);
    assert_int_equal(journal_intent(j, "INV-2", "INV-2", "bb", &err), 0);
    assert_int_equal(journal_lines(j), 4);
    /* a second run on the same journal is refused while this one holds it */
    bool r2;
    assert_null(journal_open(jpath, &id, &r2, &err));
    assert_int_equal(err.code, IC_EXIT_IO);
    assert_non_null(strstr(err.msg, "in use"));
    journal_close(j);

    /* the header holds no secret and names the inputs */
    const char *text = read_file(jpath);
    assert_non_null(strstr(text, "\"csv_sha256\""));
    assert_non_null(strstr(text, "\"store\":\"st\""));

    /* a kill in the middle of a write leaves a torn line: it is cut off */
    FILE *f = fopen(jpath, "a");
    fputs("{\"op\":\"done\",\"key\":\"INV-2\",\"act", f);
    fclose(f);

    ic_err_clear(&err);
    j = journal_open(jpath, &id, &resumed, &err);
    assert_non_null(j);
    assert_true(resumed);
    assert_int_equal(journal_lines(j), 4);
    const journal_entry *e = journal_get(j, "INV-1");
    assert_non_null(e);
    assert_int_equal(e->state, JOURNAL_DONE);
    assert_string_equal(e->action, "created");
    assert_string_equal(e->id, "41");
    e = journal_get(j, "INV-2");
    assert_non_null(e);
    assert_int_equal(e->state, JOURNAL_INTENT);
    assert_string_equal(e->body_sha256, "bb");
    assert_null(journal_get(j, "INV-3"));
    /* undo's record: documents on disk only, the entries unchanged */
    cJSON *before = cJSON_Parse("{\"id\":41,\"invoiceNumber\":\"INV-1\"}");
    cJSON *after = cJSON_Parse("{\"invoiceNumber\":\"INV-1\",\"purchaseOrderNumber\":\"P\"}");
    uint64_t bat = 0;
    assert_int_equal(journal_before_write(j, "INV-1", "41", before, after, &bat, &err), 0);
    assert_int_equal(journal_wait_durable(j, bat, &err), 0);
    assert_int_equal(journal_lines(j), 5);
    assert_int_equal(journal_get(j, "INV-1")->state, JOURNAL_DONE);
    cJSON_Delete(before);
    cJSON_Delete(after);
    assert_int_equal(journal_failed(j, "INV-2", "HTTP 422", &err), 0);
    journal_close(j);
    /* the repaired file continues on a fresh line */
    text = read_file(jpath);
    assert_null(strstr(text, "\"act\n"));
    assert_non_null(strstr(text, "\"op\":\"failed\""));
    assert_non_null(
        strstr(text, "{\"op\":\"before\",\"key\":\"INV-1\",\"id\":41,\"doc\":{\"id\":41,"));
    assert_non_null(
        strstr(text, "\"after\":{\"invoiceNumber\":\"INV-1\",\"purchaseOrderNumber\":\"P\"}"));
    j = journal_open(jpath, &id, &resumed, &err);
    assert_non_null(j);
    assert_int_equal(journal_get(j, "INV-2")->state, JOURNAL_FAILED);
    assert_string_equal(journal_get(j, "INV-2")->error, "HTTP 422");
    journal_close(j);
    journal_identity_release(&id);
}

/* Ids are text: B2B Edition's digits stay JSON numbers in the file (journals of earlier runs hold
 * numbers and still resume), other targets' ids are strings; both read back as text. */
static void test_text_ids(void **state)
{
    (void)state;
    unlink(jpath);
    ic_err err = {0};
    journal_identity id;
    assert_int_equal(journal_identity_make(csv, map, "http://x", "st", &id, &err), 0);
    bool resumed;
    journal *j = journal_open(jpath, &id, &resumed, &err);
    assert_non_null(j);
    assert_int_equal(journal_done(j, "A", "created", "123", &err), 0);
    assert_int_equal(journal_done(j, "B", "created", "00e02BZTBEBDFDESw5ko", &err), 0);
    assert_int_equal(journal_done(j, "C", "updated", "0123", &err), 0);
    journal_close(j);
    const char *text = read_file(jpath);
    assert_non_null(strstr(text, "\"id\":123,"));
    assert_non_null(strstr(text, "\"id\":\"00e02BZTBEBDFDESw5ko\""));
    assert_non_null(strstr(text, "\"id\":\"0123\""));
    /* an earlier run's line, written when ids were numbers */
    FILE *f = fopen(jpath, "a");
    fputs("{\"op\":\"done\",\"key\":\"D\",\"action\":\"created\",\"id\":987654,\"t\":1}\n", f);
    fclose(f);
    j = journal_open(jpath, &id, &resumed, &err);
    assert_non_null(j);
    assert_true(resumed);
    assert_string_equal(journal_get(j, "A")->id, "123");
    assert_string_equal(journal_get(j, "B")->id, "00e02BZTBEBDFDESw5ko");
    assert_string_equal(journal_get(j, "C")->id, "0123");
    assert_string_equal(journal_get(j, "D")->id, "987654");
    journal_close(j);
    journal_identity_release(&id);
}

static void test_other_inputs_start_new_keeping_intents(void **state)
{
    (void)state;
    unlink(jpath);
    ic_err err = {0};
    journal_identity id;
    assert_int_equal(journal_identity_make(csv, map, "http://x", "st", &id, &err), 0);
    bool resumed;
    journal *j = journal_open(jpath, &id, &resumed, &err);
    assert_non_null(j);
    assert_int_equal(journal_intent(j, "INV-1", "INV-1", "aa", &err), 0);
    assert_int_equal(journal_done(j, "INV-1", "created", "1", &err), 0);
    assert_int_equal(journal_intent(j, "INV-2", "N-2", "bb", &err), 0);
    journal_close(j);
    journal_identity_release(&id);

    write_file(csv, "Invoice Number,Amount\nINV-1,11\nINV-2,20\n"); /* the CSV changed */
    assert_int_equal(journal_identity_make(csv, map, "http://x", "st", &id, &err), 0);
    folder_syncs_after_rename = 0;
    j = journal_open(jpath, &id, &resumed, &err);
    assert_non_null(j);
    assert_false(resumed);
    /* the rename over the old journal is durable: its folder was synced after it */
    assert_true(folder_syncs_after_rename > 0);
    assert_null(journal_get(j, "INV-1")); /* done: the store tells the rest */
    const journal_entry *e = journal_get(j, "INV-2");
    assert_non_null(e); /* never resolved: carried over to be looked up */
    assert_int_equal(e->state, JOURNAL_INTENT);
    assert_string_equal(e->number, "N-2");
    assert_int_equal(journal_lines(j), 2);
    journal_close(j);

    /* another store is another journal */
    journal_identity other;
    assert_int_equal(journal_identity_make(csv, map, "http://x", "st2", &other, &err), 0);
    char *p1 = journal_default_path(dir, &id), *p2 = journal_default_path(dir, &other);
    assert_string_not_equal(p1, p2);
    assert_non_null(strstr(p1, "/a.csv."));
    assert_non_null(strstr(p1, ".journal"));
    free(p1);
    free(p2);
    journal_identity_release(&other);
    journal_identity_release(&id);
}

/* A journal this run created and never wrote to is removed when the run ends without sending; one
 * that existed before, or that holds events, is kept. */
static void test_unused_journal_removed(void **state)
{
    (void)state;
    unlink(jpath);
    ic_err err = {0};
    journal_identity id;
    assert_int_equal(journal_identity_make(csv, map, "http://x", "st", &id, &err), 0);
    bool resumed;
    journal *j = journal_open(jpath, &id, &resumed, &err);
    assert_non_null(j);
    journal_close_unused(j);
    assert_int_not_equal(access(jpath, F_OK), 0);

    j = journal_open(jpath, &id, &resumed, &err); /* created, then used */
    assert_non_null(j);
    assert_int_equal(journal_intent(j, "INV-1", "INV-1", "aa", &err), 0);
    journal_close_unused(j);
    assert_int_equal(access(jpath, F_OK), 0);

    j = journal_open(jpath, &id, &resumed, &err); /* existed before: kept */
    assert_non_null(j);
    assert_true(resumed);
    journal_close_unused(j);
    assert_int_equal(access(jpath, F_OK), 0);
    journal_identity_release(&id);
}

/* Every outcome is on disk as it happens, without the writer waiting or calling anything else, and
 * an intent written without waiting becomes durable by itself. */
static void test_outcomes_durable_at_once(void **state)
{
    (void)state;
    unlink(jpath);
    sync_reset();
    ic_err err = {0};
    journal_identity id;
    assert_int_equal(journal_identity_make(csv, map, "http://x", "st", &id, &err), 0);
    bool resumed;
    journal *j = journal_open(jpath, &id, &resumed, &err);
    assert_non_null(j);
    uint64_t at = 0;
    assert_int_equal(journal_intent_write(j, "INV-1", "INV-1", "aa", &at, &err), 0);
    assert_int_equal((long long)at, file_size(jpath));
    assert_true(covered_soon((long long)at));
    for (int k = 0; k < 200 && journal_durable(j, at) != 1; k++) {
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    assert_int_equal(journal_durable(j, at), 1);

    /* outcomes, one at a time: each is covered by an fdatasync without another journal call */
    const char *keys[] = {"INV-1", "INV-2", "INV-3"};
    for (size_t k = 0; k < 3; k++) {
        if (k == 0)
            assert_int_equal(journal_done(j, keys[k], "created", "7", &err), 0);
        else
            assert_int_equal(journal_failed(j, keys[k], "HTTP 422", &err), 0);
        assert_true(covered_soon(file_size(jpath)));
    }
    /* lines that come together share syncs: far fewer calls than lines */
    pthread_mutex_lock(&sync_mu);
    unsigned long before = sync_calls;
    pthread_mutex_unlock(&sync_mu);
    char key[32];
    for (int k = 0; k < 500; k++) {
        char idtext[16];
        snprintf(key, sizeof key, "B-%d", k);
        snprintf(idtext, sizeof idtext, "%d", k + 1);
        assert_int_equal(journal_done(j, key, "updated", idtext, &err), 0);
    }
    assert_int_equal(journal_sync(j, &err), 0);
    assert_true(covered_soon(file_size(jpath)));
    pthread_mutex_lock(&sync_mu);
    unsigned long used = sync_calls - before;
    pthread_mutex_unlock(&sync_mu);
    assert_true(used >= 1);
    assert_true(used <= 500);
    journal_close(j);
    journal_identity_release(&id);
}

/* A failed fdatasync stops the journal: waits, checks and later writes say so. */
static void test_sync_failure_is_reported(void **state)
{
    (void)state;
    unlink(jpath);
    ic_err err = {0};
    journal_identity id;
    assert_int_equal(journal_identity_make(csv, map, "http://x", "st", &id, &err), 0);
    bool resumed;
    journal *j = journal_open(jpath, &id, &resumed, &err);
    assert_non_null(j);
    assert_int_equal(journal_check(j, &err), 0);
    pthread_mutex_lock(&sync_mu);
    sync_fail = 1;
    pthread_mutex_unlock(&sync_mu);
    uint64_t at = 0;
    assert_int_equal(journal_intent_write(j, "INV-9", "INV-9", "cc", &at, &err), 0);
    assert_int_equal(journal_wait_durable(j, at, &err), IC_EXIT_IO);
    assert_non_null(strstr(err.msg, "fdatasync"));
    assert_int_equal(journal_durable(j, at), -1);
    ic_err_clear(&err);
    assert_int_equal(journal_check(j, &err), IC_EXIT_IO);
    ic_err_clear(&err);
    assert_int_equal(journal_done(j, "INV-9", "created", "1", &err), IC_EXIT_IO);
    ic_err_clear(&err);
    assert_int_equal(journal_intent(j, "INV-10", "INV-10", "dd", &err), IC_EXIT_IO);
    pthread_mutex_lock(&sync_mu);
    sync_fail = 0;
    pthread_mutex_unlock(&sync_mu);
    journal_close(j);
    journal_identity_release(&id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_write_and_resume),
        cmocka_unit_test(test_text_ids),
        cmocka_unit_test(test_other_inputs_start_new_keeping_intents),
        cmocka_unit_test(test_unused_journal_removed),
        cmocka_unit_test(test_outcomes_durable_at_once),
        cmocka_unit_test(test_sync_failure_is_reported),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
