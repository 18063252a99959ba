/* util/atomic_file.c: commit, abort, errors that name the place, standard output, signal cleanup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/atomic_file.h"

#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/test_atomic_file.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

/* Number of entries in dir (not counting . and ..), removing them when clean is set. */
static int count_entries(bool clean)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        n++;
        if (clean) {
            char p[512];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    }
    closedir(d);
    return n;
}

static int teardown(void **state)
{
    (void)state;
    count_entries(true);
    rmdir(dir);
    return 0;
}

static char *slurp(const char *p)
{
    FILE *f = fopen(p, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 4096);
    size_t n = fread(buf, 1, 4095, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_commit_creates_file(void **state)
{
    (void)state;
    char p[256];
    snprintf(p, sizeof p, "%s/out.csv", dir);
    ic_err err;
    ic_err_clear(&err);
    atomic_file *af = atomic_file_open(p, &err);
    assert_non_null(af);
    const char *tmp = atomic_file_tmp_path(af);
    assert_non_null(tmp);
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s/.out.csv.", dir);
    assert_memory_equal(tmp, prefix, strlen(prefix));
    assert_string_equal(tmp + strlen(tmp) - 4, ".tmp");
    fputs("hello\r\n", af->fp);
    /* Nothing under the final name until the commit. */
    assert_int_not_equal(access(p, F_OK), 0);
    assert_int_equal(atomic_file_commit(af, &err), 0);
    assert_int_equal(err.code, 0);
    char *got = slurp(p);
    assert_non_null(got);
    assert_string_equal(got, "hello\r\n");
    free(got);
    assert_int_equal(count_entries(false), 1);
    /* The usual mode, not mkstemp's private 0600. */
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    mode_t mask = umask(0);
    umask(mask);
    assert_int_equal(st.st_mode & 0777, 0666 & ~mask);

    /* A second commit replaces the file whole. */
    af = atomic_file_open(p, &err);
    assert_non_null(af);
    fputs("second", af->fp);
    assert_int_equal(atomic_file_commit(af, &err), 0);
    got = slurp(p);
    assert_string_equal(got, "second");
    free(got);
    count_entries(true);
}

static void test_abort_leaves_nothing(void **state)
{
    (void)state;
    char p[256];
    snprintf(p, sizeof p, "%s/gone.xlsx", dir);
    ic_err err;
    atomic_file *af = atomic_file_open(p, &err);
    assert_non_null(af);
    fputs("partial", af->fp);
    assert_int_equal(count_entries(false), 1);
    atomic_file_abort(af);
    assert_int_equal(count_entries(false), 0);
    atomic_file_abort(NULL);
}

static void test_missing_folder(void **state)
{
    (void)state;
    char p[256];
    snprintf(p, sizeof p, "%s/no/such/out.csv", dir);
    ic_err err;
    ic_err_clear(&err);
    assert_null(atomic_file_open(p, &err));
    assert_int_equal(err.code, IC_EXIT_IO);
    char want[512];
    snprintf(want, sizeof want,
             "cannot create '%s' in folder '%s/no/such': No such file or directory", p, dir);
    assert_string_equal(err.msg, want);
}

static void test_rename_failure_reported(void **state)
{
    (void)state;
    /* The final name is a folder: refused before anything is written, nothing left behind. */
    char p[256], inner[300];
    snprintf(p, sizeof p, "%s/taken", dir);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(inner, sizeof inner, "%s/x", p);
    FILE *f = fopen(inner, "w");
    assert_non_null(f);
    fclose(f);
    ic_err err;
    atomic_file *af = atomic_file_open(p, &err);
    assert_null(af);
    assert_int_equal(err.code, IC_EXIT_IO);
    char want[512];
    snprintf(want, sizeof want, "cannot create '%s': it is a folder", p);
    assert_string_equal(err.msg, want);
    assert_int_equal(count_entries(false), 1); /* only the folder */
    unlink(inner);
    rmdir(p);
}

static void test_write_failure_reported(void **state)
{
    (void)state;
    /* A file-size limit makes writes fail the way a full disk does; the commit must say so. */
    char p[256];
    snprintf(p, sizeof p, "%s/big.csv", dir);
    ic_err err;
    atomic_file *af = atomic_file_open(p, &err);
    assert_non_null(af);
    struct rlimit old, small = {.rlim_cur = 1000, .rlim_max = RLIM_INFINITY};
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    small.rlim_max = old.rlim_max;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    for (int i = 0; i < 10000; i++)
        fputs("0123456789", af->fp);
    int rc = atomic_file_commit(af, &err);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    assert_int_equal(rc, IC_EXIT_IO);
    char want[512];
    snprintf(want, sizeof want, "cannot write '%s': File too large", p);
    assert_string_equal(err.msg, want);
    assert_int_equal(count_entries(false), 0);
}

static void test_stdout(void **state)
{
    (void)state;
    char p[256];
    snprintf(p, sizeof p, "%s/stdout.txt", dir);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    dup2(fileno(f), STDOUT_FILENO);
    fclose(f);

    ic_err err;
    atomic_file *af = atomic_file_open("-", &err);
    assert_non_null(af);
    assert_null(atomic_file_tmp_path(af));
    assert_ptr_equal(af->fp, stdout);
    fputs("to stdout\n", af->fp);
    int rc = atomic_file_commit(af, &err);

    dup2(saved, STDOUT_FILENO);
    close(saved);
    assert_int_equal(rc, 0);
    char *got = slurp(p);
    assert_string_equal(got, "to stdout\n");
    free(got);
    unlink(p);
}

static void test_signal_cleanup(void **state)
{
    (void)state;
    char p1[256], p2[256];
    snprintf(p1, sizeof p1, "%s/a.csv", dir);
    snprintf(p2, sizeof p2, "%s/b.csv", dir);
    ic_err err;
    atomic_file *a = atomic_file_open(p1, &err);
    atomic_file *b = atomic_file_open(p2, &err);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(count_entries(false), 2);
    atomic_file_cleanup_on_signal();
    assert_int_equal(count_entries(false), 0);
    /* The handles are still ended normally; committing one whose file is gone reports it. */
    atomic_file_abort(a);
    assert_int_equal(atomic_file_commit(b, &err), IC_EXIT_IO);
    assert_int_equal(count_entries(false), 0);
}

/* Writing to a device or a pipe must write through it, never rename a plain file over it. */
static void test_special_file_written_in_place(void **state)
{
    (void)state;
    char fdir[] = "/tmp/atomic-fifo-XXXXXX";
    assert_non_null(mkdtemp(fdir));
    char fifo[64];
    snprintf(fifo, sizeof fifo, "%s/pipe", fdir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        FILE *r = fopen(fifo, "r");
        char buf[16] = {0};
        size_t n = r ? fread(buf, 1, sizeof buf - 1, r) : 0;
        _exit(n == 5 && strcmp(buf, "hello") == 0 ? 0 : 1);
    }
    ic_err err = {0};
    atomic_file *af = atomic_file_open(fifo, &err);
    assert_non_null(af);
    assert_string_equal(atomic_file_tmp_path(af), fifo);
    fputs("hello", af->fp);
    assert_int_equal(atomic_file_commit(af, &err), 0);
    int status = 0;
    waitpid(child, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    struct stat st;
    assert_int_equal(stat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));

    af = atomic_file_open("/dev/null", &err);
    assert_non_null(af);
    fputs("discarded", af->fp);
    assert_int_equal(atomic_file_commit(af, &err), 0);
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    unlink(fifo);
    rmdir(fdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_creates_file),
        cmocka_unit_test(test_abort_leaves_nothing),
        cmocka_unit_test(test_missing_folder),
        cmocka_unit_test(test_rename_failure_reported),
        cmocka_unit_test(test_write_failure_reported),
        cmocka_unit_test(test_stdout),
        cmocka_unit_test(test_signal_cleanup),
        cmocka_unit_test(test_special_file_written_in_place),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
