/* The option tables (cmd/options.h): what cmd_parse hands a command, its one error path, the global
 * options, the usage lines a table prints, and the connection table agreeing with the options the
 * API layer knows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/conn.h"
#include "cmd/options.h"
#include "util/err.h"
#include "util/log.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_LONG = CMD_OPT_LONG, T_FLAG };

static const cmd_option opts[] = {
    CMD_OPT_VALUE_ENTRY('m', "map", 'm', "MAP", "the mapping\nsecond line"),
    CMD_OPT_VALUE_ENTRY(0, "long-only", T_LONG, "N", "a long one"),
    CMD_OPT_FLAG_ENTRY(0, "flag", T_FLAG, "a flag"),
    CMD_OPT_FLAG_ENTRY(0, "flags", T_FLAG, NULL), /* an alias */
    CMD_OPT_GROUP_ENTRY("group:\n", 0),
    CMD_OPT_VALUE_ENTRY(0, "a-very-long-option-name", T_LONG, "VALUE", "on the next line"),
    CMD_OPT_END_ENTRY,
};
static const cmd_option_table table = {20, true, opts, 0};

struct seen {
    char log[256];
};

static int take(void *ctx, int id, const char *arg)
{
    struct seen *s = ctx;
    size_t n = strlen(s->log);
    snprintf(s->log + n, sizeof s->log - n, "%d=%s;", id, arg ? arg : "");
    return 0;
}

static int usage_calls;
static void usage(FILE *out)
{
    (void)out;
    usage_calls++;
}

/* argv as getopt wants it (writable strings), kept until the next parse. */
static char *argv[16];

static int parse(struct seen *s, int *first, const char *const *args)
{
    int argc = 0;
    for (; argv[argc]; argc++)
        free(argv[argc]);
    memset(argv, 0, sizeof argv);
    for (argc = 0; args[argc]; argc++)
        argv[argc] = strdup(args[argc]);
    memset(s, 0, sizeof *s);
    cmd_parser p = {"test", &table, usage, take, s};
    FILE *saved = stderr;
    stderr = fopen("/dev/null", "w"); /* the usage errors are expected */
    int rc = cmd_parse(&p, argc, argv, first);
    fclose(stderr);
    stderr = saved;
    return rc;
}

static void test_ids_and_operands(void **state)
{
    (void)state;
    struct seen s;
    int first = -1;
    const char *args[] = {"test",     "-m",     "x.json",  "--long-only", "5",
                          "file.csv", "--flag", "--flags", "--fla",       NULL};
    assert_int_equal(parse(&s, &first, args), 0);
    char want[128];
    /* "--fla" abbreviates an option and its alias: one option, not an ambiguous one */
    snprintf(want, sizeof want, "%d=x.json;%d=5;%d=;%d=;%d=;", 'm', T_LONG, T_FLAG, T_FLAG, T_FLAG);
    assert_string_equal(s.log, want);
    assert_int_equal(first, 8); /* getopt moved the operand to the end */
    assert_string_equal(argv[first], "file.csv");
}

static void test_errors(void **state)
{
    (void)state;
    struct seen s;
    int first;
    const char *unknown[] = {"test", "--nope", NULL};
    assert_int_equal(parse(&s, &first, unknown), IC_EXIT_USAGE);
    const char *missing[] = {"test", "--map", NULL};
    assert_int_equal(parse(&s, &first, missing), IC_EXIT_USAGE);
    const char *short_missing[] = {"test", "-m", NULL};
    assert_int_equal(parse(&s, &first, short_missing), IC_EXIT_USAGE);
    assert_string_equal(s.log, "");
}

static void test_global_options(void **state)
{
    (void)state;
    struct seen s;
    int first;
    usage_calls = 0;
    const char *help[] = {"test", "--help", NULL};
    assert_int_equal(parse(&s, &first, help), CMD_PARSE_HELP);
    assert_int_equal(usage_calls, 1);
    int saved = ic_log_level;
    const char *quiet[] = {"test", "-q", NULL};
    assert_int_equal(parse(&s, &first, quiet), 0);
    assert_int_equal(ic_log_level, IC_LOG_QUIET);
    ic_log_level = IC_LOG_NORMAL;
    const char *verbose[] = {"test", "-vv", NULL};
    assert_int_equal(parse(&s, &first, verbose), 0);
    assert_int_equal(ic_log_level, IC_LOG_DEBUG);
    ic_log_level = saved;
    assert_string_equal(s.log, ""); /* never reach the command */
}

static void test_usage_lines(void **state)
{
    (void)state;
    char buf[1024] = "";
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    cmd_options_print(f, &table);
    fclose(f);
    assert_string_equal(buf, "  -m, --map MAP     the mapping\n"
                             "                    second line\n"
                             "      --long-only N a long one\n"
                             "      --flag        a flag\n"
                             "group:\n"
                             "      --a-very-long-option-name VALUE\n"
                             "                    on the next line\n");
}

/* Every connection option the API layer takes is in the table, with its id and its value. */
static void test_conn_table_matches(void **state)
{
    (void)state;
    for (const struct option *lo = api_conn_long_options; lo->name; lo++) {
        const cmd_option *found = NULL;
        for (const cmd_option *o = cmd_conn_options.opts; o->kind != CMD_OPT_END; o++)
            if (o->long_name && strcmp(o->long_name, lo->name) == 0)
                found = o;
        assert_non_null(found);
        assert_int_equal(found->id, lo->val);
        assert_int_equal(found->kind == CMD_OPT_VALUE, lo->has_arg == required_argument);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids_and_operands),   cmocka_unit_test(test_errors),
        cmocka_unit_test(test_global_options),     cmocka_unit_test(test_usage_lines),
        cmocka_unit_test(test_conn_table_matches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
