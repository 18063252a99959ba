/* Connection settings: options > environment > config profile, the profiles file's safety checks,
 * URL rules, and the refusal of a token on the command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/config.h"
#include "api/conn.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(path, mode), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/invoicectl-test-conn.XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    setenv("HOME", tmpdir, 1);
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("INVOICECTL_API_URL");
    unsetenv("INVOICECTL_CONFIG");
    unsetenv("INVOICECTL_PROFILE");
    unsetenv("B2B_STORE_HASH");
    unsetenv("B2B_AUTH_TOKEN");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Runs the options through getopt_long the way a command does, then resolves. */
static int resolve_argv(int argc, char **argv, api_conn *c, ic_err *err)
{
    api_conn_opts *o = api_conn_opts_new();
    int rc = 0, opt;
    optind = 0;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", api_conn_long_options, NULL)) != -1) {
        int t = api_conn_opts_take(o, opt, optarg, err);
        if (t != 1) {
            rc = t ? t : IC_EXIT_USAGE;
            goto out;
        }
    }
    rc = api_conn_resolve(o, c, err);
out:
    api_conn_opts_free(o);
    return rc;
}

/* Resolves with the given options (const strings, NULL-terminated), copied into a writable argv. */
static int resolve_args(api_conn *c, ic_err *err, ...)
{
    char *argv[32];
    int argc = 0;
    va_list ap;
    va_start(ap, err);
    argv[argc++] = strdup("x");
    const char *a;
    while ((a = va_arg(ap, const char *)) && argc < 31)
        argv[argc++] = strdup(a);
    va_end(ap);
    argv[argc] = NULL;
    int rc = resolve_argv(argc, argv, c, err);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    return rc;
}

#define RESOLVE(c, err, ...) resolve_args(c, err, __VA_ARGS__, (const char *)NULL)

static void test_env(void **state)
{
    (void)state;
    setenv("B2B_STORE_HASH", "abc123", 1);
    setenv("B2B_AUTH_TOKEN", "tok-env", 1);
    api_conn c;
    ic_err err = {0};
    assert_int_equal(resolve_args(&c, &err, (const char *)NULL), 0);
    assert_string_equal(c.base_url, API_DEFAULT_BASE_URL);
    assert_string_equal(c.store_hash, "abc123");
    assert_string_equal(c.token, "tok-env");
    assert_null(c.cacert);
    assert_int_equal(c.timeout_ms, 30000);
    assert_int_equal(c.max_retries, 5);
    assert_int_equal(c.concurrency, 4);
    api_conn_release(&c);

    setenv("INVOICECTL_API_URL", "http://127.0.0.1:8080", 1);
    assert_int_equal(RESOLVE(&c, &err, "--store-hash", "opt", "--timeout", "2.5", "--max-retries",
                             "0", "--concurrency", "9"),
                     0);
    assert_string_equal(c.base_url, "http://127.0.0.1:8080/api/v3/io/ip");
    assert_string_equal(c.store_hash, "opt"); /* the option beats the environment */
    assert_int_equal(c.timeout_ms, 2500);
    assert_int_equal(c.max_retries, 0);
    assert_int_equal(c.concurrency, 9);
    api_conn_release(&c);
    api_conn_release(&c); /* safe twice */
}

static void test_profile(void **state)
{
    (void)state;
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/.config", tmpdir);
    mkdir(dir, 0700);
    snprintf(dir, sizeof dir, "%s/.config/invoicectl", tmpdir);
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/config.json", dir);
    write_file(path,
               "{\"profiles\": {\"prod\": {\"api_url\": \"https://api.example.com/\", "
               "\"store_hash\": \"p1\","
               " \"token\": \"tok-prod\"},"
               " \"staging\": {\"api_url\": \"https://staging.example.com/api/v3/io/ip/\", "
               "\"store_hash\": \"s1\","
               " \"token\": \"tok-staging\", \"timezone\": \"Australia/Sydney\"}},"
               " \"default\": \"prod\"}",
               0600);
    api_conn c;
    ic_err err = {0};
    assert_int_equal(resolve_args(&c, &err, (const char *)NULL), 0);
    assert_string_equal(c.base_url, "https://api.example.com/api/v3/io/ip");
    assert_string_equal(c.store_hash, "p1");
    assert_string_equal(c.token, "tok-prod");
    assert_null(c.timezone); /* not set: export falls back to the mapping's or the machine's */
    assert_string_equal(c.profile, "prod");
    api_conn_release(&c);

    assert_int_equal(RESOLVE(&c, &err, "--profile", "staging"), 0);
    assert_string_equal(c.base_url, "https://staging.example.com/api/v3/io/ip");
    assert_string_equal(c.token, "tok-staging");
    assert_string_equal(c.timezone, "Australia/Sydney");
    assert_string_equal(c.profile, "staging");
    api_conn_release(&c);

    /* The environment beats the profile. */
    setenv("B2B_AUTH_TOKEN", "tok-env", 1);
    assert_int_equal(resolve_args(&c, &err, (const char *)NULL), 0);
    assert_string_equal(c.token, "tok-env");
    assert_string_equal(c.store_hash, "p1");
    api_conn_release(&c);
    unsetenv("B2B_AUTH_TOKEN");

    assert_int_equal(RESOLVE(&c, &err, "--profile", "nope"), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "no profile 'nope'"));

    /* Readable by others: refused with the fix, before anything in it is used. */
    chmod(path, 0644);
    assert_int_equal(resolve_args(&c, &err, (const char *)NULL), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "is readable by others; run 'chmod 600 "));
    assert_null(strstr(err.msg, "tok-prod"));
    chmod(path, 0640);
    assert_int_equal(resolve_args(&c, &err, (const char *)NULL), IC_EXIT_USAGE);

    /* Broken JSON names the file. */
    write_file(path, "{\"profiles\": ", 0600);
    assert_int_equal(resolve_args(&c, &err, (const char *)NULL), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "invalid JSON"));
    /* A wrong type names the JSON path. */
    write_file(path, "{\"profiles\": {\"a\": {\"token\": 5}}, \"default\": \"a\"}", 0600);
    assert_int_equal(resolve_args(&c, &err, (const char *)NULL), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "'profiles.a.token' is not a string"));
    unlink(path);

    /* --config must exist. */
    assert_int_equal(RESOLVE(&c, &err, "--config", "/nonexistent/config.json"), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "cannot open config file '/nonexistent/config.json'"));
}

static void test_urls(void **state)
{
    (void)state;
    ic_err err = {0};
    struct {
        const char *in, *out;
    } ok[] = {
        {"https://api-b2b.bigcommerce.com", "https://api-b2b.bigcommerce.com/api/v3/io/ip"},
        {"https://api-b2b.bigcommerce.com/", "https://api-b2b.bigcommerce.com/api/v3/io/ip"},
        {"https://api-b2b.bigcommerce.com/api/v3/io/ip/",
         "https://api-b2b.bigcommerce.com/api/v3/io/ip"},
        {"http://127.0.0.1:9000/api/v3/io/ip", "http://127.0.0.1:9000/api/v3/io/ip"},
        {"http://127.1.2.3:9000", "http://127.1.2.3:9000/api/v3/io/ip"},
        {"http://localhost:9000", "http://localhost:9000/api/v3/io/ip"},
        {"http://[::1]:9000/", "http://[::1]:9000/api/v3/io/ip"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char *u = api_conn_normalize_url(ok[i].in, &err);
        if (!u)
            fail_msg("'%s' refused: %s", ok[i].in, err.msg);
        assert_string_equal(u, ok[i].out);
        free(u);
    }
    const char *bad[] = {"http://api-b2b.bigcommerce.com",
                         "http://10.0.0.1:80",
                         "http://128.0.0.1",
                         "ftp://127.0.0.1",
                         "api.example.com",
                         "https://user:pw@example.com",
                         "https://example.com/?x=1",
                         "http://localhost.example.com"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *u = api_conn_normalize_url(bad[i], &err);
        if (u)
            fail_msg("'%s' accepted as '%s'", bad[i], u);
        assert_int_equal(err.code, IC_EXIT_USAGE);
    }
    assert_null(api_conn_normalize_url("http://example.com", &err));
    assert_non_null(strstr(err.msg, "plain http is only allowed to a loopback host"));
    assert_null(api_conn_normalize_url("https://user:pw@example.com", &err));
    assert_null(strstr(err.msg, "pw"));
}

/* Only B2B Edition's root means its API path: a Rebillia or BILL root stays the root (Rebillia's
 * client adds /v1 itself when the base lacks it). */
static void test_url_root_per_target(void **state)
{
    (void)state;
    setenv("REBILLIA_API_KEY", "k", 1);
    const char *roots[][2] = {
        /* the host alone means the path of the target's default base URL (/v1) */
        {"http://127.0.0.1:9000", "http://127.0.0.1:9000/v1"},
        {"http://127.0.0.1:9000/", "http://127.0.0.1:9000/v1"},
        {"http://127.0.0.1:9000/v1/", "http://127.0.0.1:9000/v1"},
        {"https://sandboxapi.rebillia.com/v1", "https://sandboxapi.rebillia.com/v1"},
    };
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
        api_conn_opts *o = api_conn_opts_new();
        api_conn_opts_set_target(o, "rebillia");
        assert_int_equal(api_conn_opts_take(o, API_OPT_API_URL, roots[i][0], NULL), 1);
        api_conn c;
        ic_err err = {0};
        assert_int_equal(api_conn_resolve(o, &c, &err), 0);
        assert_string_equal(c.base_url, roots[i][1]);
        api_conn_release(&c);
        api_conn_opts_free(o);
    }
    ic_err err = {0};
    char *u = api_conn_normalize_url_root("http://127.0.0.1:9000", "", &err);
    assert_string_equal(u, "http://127.0.0.1:9000");
    free(u);
    unsetenv("REBILLIA_API_KEY");
}

static void test_token_refused(void **state)
{
    (void)state;
    setenv("B2B_STORE_HASH", "abc", 1);
    api_conn c;
    ic_err err = {0};
    assert_int_equal(RESOLVE(&c, &err, "--token", "s3cr3t-value"), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "--token is not accepted"));
    assert_non_null(strstr(err.msg, "B2B_AUTH_TOKEN"));
    assert_non_null(strstr(err.msg, "--token-file"));
    assert_null(strstr(err.msg, "s3cr3t-value"));
    assert_int_equal(RESOLVE(&c, &err, "--token=s3cr3t-value"), IC_EXIT_USAGE);
    assert_null(strstr(err.msg, "s3cr3t-value"));

    /* No token anywhere: the message lists the ways to give one. */
    assert_int_equal(resolve_args(&c, &err, (const char *)NULL), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "no API token"));
    assert_non_null(strstr(err.msg, "--token-file"));
    unsetenv("B2B_STORE_HASH");
    setenv("B2B_AUTH_TOKEN", "t", 1);
    assert_int_equal(resolve_args(&c, &err, (const char *)NULL), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "no store hash"));
    unsetenv("B2B_AUTH_TOKEN");
}

static void test_token_file(void **state)
{
    (void)state;
    setenv("B2B_STORE_HASH", "abc", 1);
    setenv("B2B_AUTH_TOKEN", "tok-env", 1);
    char path[512];
    snprintf(path, sizeof path, "%s/token", tmpdir);
    write_file(path, "  tok-file \r\nsecond line\n", 0600);
    api_conn c;
    ic_err err = {0};
    assert_int_equal(RESOLVE(&c, &err, "--token-file", path), 0);
    assert_string_equal(c.token, "tok-file"); /* the option beats the environment */
    api_conn_release(&c);
    write_file(path, "\n", 0600);
    assert_int_equal(RESOLVE(&c, &err, "--token-file", path), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "the first line is empty"));
    write_file(path, "tok\nx", 0644); /* readable by others: a warning, still used */
    assert_int_equal(RESOLVE(&c, &err, "--token-file", path), 0);
    assert_string_equal(c.token, "tok");
    api_conn_release(&c);
    assert_int_equal(RESOLVE(&c, &err, "--token-file", "/nonexistent/token"), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "cannot open token file '/nonexistent/token'"));
    /* A control character in the token would inject a header. */
    setenv("B2B_AUTH_TOKEN", "a\nX-Evil: 1", 1);
    assert_int_equal(resolve_args(&c, &err, (const char *)NULL), IC_EXIT_USAGE);
    assert_null(strstr(err.msg, "Evil"));
    unsetenv("B2B_AUTH_TOKEN");
    unsetenv("B2B_STORE_HASH");
}

static void test_bad_numbers(void **state)
{
    (void)state;
    setenv("B2B_STORE_HASH", "abc", 1);
    setenv("B2B_AUTH_TOKEN", "t", 1);
    api_conn c;
    ic_err err = {0};
    assert_int_equal(RESOLVE(&c, &err, "--timeout", "0"), IC_EXIT_USAGE);
    assert_int_equal(RESOLVE(&c, &err, "--timeout", "abc"), IC_EXIT_USAGE);
    assert_int_equal(RESOLVE(&c, &err, "--concurrency", "0"), IC_EXIT_USAGE);
    assert_int_equal(RESOLVE(&c, &err, "--concurrency", "65"), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "--concurrency: '65'"));
    assert_int_equal(RESOLVE(&c, &err, "--max-retries", "-1"), IC_EXIT_USAGE);
    assert_int_equal(RESOLVE(&c, &err, "--cacert", "/nonexistent/ca.pem"), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "cannot read CA file"));
    assert_int_equal(RESOLVE(&c, &err, "--insecure"), 0);
    assert_true(c.insecure);
    api_conn_release(&c);
    unsetenv("B2B_AUTH_TOKEN");
    unsetenv("B2B_STORE_HASH");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_env, setup, teardown),
        cmocka_unit_test_setup_teardown(test_profile, setup, teardown),
        cmocka_unit_test_setup_teardown(test_urls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_url_root_per_target, setup, teardown),
        cmocka_unit_test_setup_teardown(test_token_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_token_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_numbers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
