/* The option tables: getopt_long built from them, their usage lines, the connection options. */
#include "cmd/options.h"

#include "api/conn.h"
#include "cmd/cmd.h"
#include "util/common.h"
#include "util/err.h"
#include "util/log.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The one way a command says its usage was wrong. */
int cmd_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("invoicectl: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fprintf(stderr, "Try 'invoicectl %s --help'.\n", cmd);
    return IC_EXIT_USAGE;
}

void cmd_log_option(int opt)
{
    if (opt == 'q')
        ic_log_level = IC_LOG_QUIET;
    else if (opt == 'v' && ic_log_level < IC_LOG_DEBUG)
        ic_log_level = ic_log_level < IC_LOG_VERBOSE ? IC_LOG_VERBOSE : IC_LOG_DEBUG;
}

/* Options of one command at most (its own, the included ones and the three global ones). */
#define MAX_OPTIONS 64

/* The options of t in order, those of included tables in place. */
static size_t flatten(const cmd_option_table *t, const cmd_option **out, size_t n)
{
    for (const cmd_option *o = t->opts; o->kind != CMD_OPT_END; o++) {
        if (o->kind == CMD_OPT_INCLUDE)
            n = flatten(o->sub, out, n);
        else if (o->kind != CMD_OPT_GROUP) {
            if (n >= MAX_OPTIONS) { /* a table grew past the arrays below: a build-time mistake */
                fprintf(stderr, "invoicectl: internal error: more than %d options\n", MAX_OPTIONS);
                abort();
            }
            out[n++] = o;
        }
    }
    return n;
}

/* getopt's value of option i: its letter, or CMD_OPT_LONG + the index of the first option with
 * its id, so that aliases (--no-neutralize) share one value and getopt takes an abbreviation of
 * both for one option rather than an ambiguous one. */
static int getopt_value(const cmd_option *const *all, size_t i)
{
    if (all[i]->short_name)
        return all[i]->short_name;
    size_t j = 0;
    while (all[j]->id != all[i]->id)
        j++;
    return CMD_OPT_LONG + (int)j;
}

static const cmd_option global_options[] = {
    CMD_OPT_HELP_ENTRY(NULL),
    CMD_OPT_VERBOSE_ENTRY(NULL),
    CMD_OPT_QUIET_ENTRY(NULL),
};

static bool has_long(const cmd_option *const *all, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (all[i]->long_name && strcmp(all[i]->long_name, name) == 0)
            return true;
    return false;
}

int cmd_parse(const cmd_parser *p, int argc, char **argv, int *first_arg)
{
    const cmd_option *all[MAX_OPTIONS + IC_ARRAY_LEN(global_options)];
    size_t n = flatten(p->table, all, 0);
    for (size_t g = 0; g < IC_ARRAY_LEN(global_options); g++)
        if (!has_long(all, n, global_options[g].long_name))
            all[n++] = &global_options[g];

    struct option longopts[IC_ARRAY_LEN(all) + 1];
    char shortopts[2 * IC_ARRAY_LEN(all) + 2] = ":";
    size_t nl = 0, ns = 1;
    for (size_t i = 0; i < n; i++) {
        const cmd_option *o = all[i];
        int has_arg = o->kind == CMD_OPT_VALUE ? required_argument : no_argument;
        int val = getopt_value(all, i);
        if (o->long_name)
            longopts[nl++] = (struct option){o->long_name, has_arg, NULL, val};
        if (o->short_name) {
            shortopts[ns++] = o->short_name;
            if (has_arg == required_argument)
                shortopts[ns++] = ':';
        }
    }
    longopts[nl] = (struct option){NULL, 0, NULL, 0};
    shortopts[ns] = '\0';

    optind = 0; /* a full reset: getopt may have run before */
    opterr = 0; /* its messages are ours, below */
    int c;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (c == ':')
            return cmd_usage_error(p->cmd, "option '%s' needs a value", argv[optind - 1]);
        const cmd_option *o = NULL;
        for (size_t i = 0; c != '?' && !o && i < n; i++)
            if (getopt_value(all, i) == c)
                o = all[i];
        if (!o)
            return cmd_usage_error(p->cmd, "unknown option '%s'", argv[optind - 1]);
        if (o->id == 'h') {
            p->usage(stdout);
            return CMD_PARSE_HELP;
        }
        if (o->id == 'v' || o->id == 'q') {
            cmd_log_option(o->id);
            continue;
        }
        int rc = p->take(p->ctx, o->id, optarg);
        if (rc != 0)
            return rc;
    }
    *first_arg = optind;
    return 0;
}

static void print_option(FILE *out, const cmd_option *o, int col, const cmd_option_table *t)
{
    char left[160];
    bool long_indent = t->long_indent;
    int in = t->indent ? t->indent : 2;
    const char *sep = o->arg ? " " : "", *arg = o->arg ? o->arg : "";
    if (o->left)
        snprintf(left, sizeof left, "%*s%s", in, "", o->left);
    else if (o->short_name && o->long_name)
        snprintf(left, sizeof left, "%*s-%c, --%s%s%s", in, "", o->short_name, o->long_name, sep,
                 arg);
    else if (o->short_name)
        snprintf(left, sizeof left, "%*s-%c%s%s", in, "", o->short_name, sep, arg);
    else
        snprintf(left, sizeof left, "%*s%s--%s%s%s", in, "", long_indent ? "    " : "",
                 o->long_name, sep, arg);
    int n = (int)strlen(left);
    fputs(left, out);
    if (n < col)
        fprintf(out, "%*s", col - n, "");
    else
        fprintf(out, "\n%*s", col, "");
    for (const char *h = o->help; *h; h++) {
        fputc(*h, out);
        if (*h == '\n')
            fprintf(out, "%*s", col, "");
    }
    fputc('\n', out);
}

void cmd_options_print(FILE *out, const cmd_option_table *t)
{
    int col = t->col;
    for (const cmd_option *o = t->opts; o->kind != CMD_OPT_END; o++) {
        switch (o->kind) {
        case CMD_OPT_GROUP:
            if (o->help)
                fputs(o->help, out);
            if (o->col)
                col = o->col;
            break;
        case CMD_OPT_INCLUDE:
            cmd_options_print(out, o->sub);
            break;
        default:
            if (o->help)
                print_option(out, o, col, t);
            break;
        }
    }
}

/* clang-format off */
static const cmd_option conn_options[] = {
    CMD_OPT_GROUP_ENTRY("connection (options > environment > config profile):\n", 0),
    CMD_OPT_VALUE_ENTRY(0, "api-url", API_OPT_API_URL, "URL",
        "API base (INVOICECTL_API_URL; default " API_DEFAULT_BASE_URL ");\n"
        "the store root or the full .../api/v3/io/ip; https except for loopback"),
    CMD_OPT_VALUE_ENTRY(0, "store-hash", API_OPT_STORE_HASH, "HASH", "store hash (B2B_STORE_HASH)"),
    CMD_OPT_VALUE_ENTRY(0, "token-file", API_OPT_TOKEN_FILE, "FILE",
        "read the API token from the first line of FILE (else B2B_AUTH_TOKEN,\n"
        "else the profile's \"token\"); there is no --token option"),
    CMD_OPT_VALUE_ENTRY(0, "password-file", API_OPT_PASSWORD_FILE, "FILE",
        "read the password (targets that sign in: bill-v3) from the first line\n"
        "of FILE (else the target's variable, else the profile's \"password\")"),
    CMD_OPT_VALUE_ENTRY(0, "profile", API_OPT_PROFILE, "NAME",
        "profile in the config file (INVOICECTL_PROFILE; default: its \"default\")"),
    CMD_OPT_VALUE_ENTRY(0, "config", API_OPT_CONFIG, "FILE",
        "config file (INVOICECTL_CONFIG; default ~/.config/invoicectl/config.json,\n"
        "must not be readable by others)"),
    CMD_OPT_VALUE_ENTRY(0, "cacert", API_OPT_CACERT, "FILE",
        "trust the CA certificates in FILE (PEM) instead of the system store"),
    CMD_OPT_FLAG_ENTRY(0, "insecure", API_OPT_INSECURE,
        "do not verify TLS certificates (warns on every run)"),
    CMD_OPT_VALUE_ENTRY(0, "timeout", API_OPT_TIMEOUT, "SECONDS",
        "per-request timeout (default 30)"),
    CMD_OPT_VALUE_ENTRY(0, "max-retries", API_OPT_MAX_RETRIES, "N",
        "retries of a failed request (default 5)"),
    CMD_OPT_VALUE_ENTRY(0, "concurrency", API_OPT_CONCURRENCY, "N",
        "requests in flight at most (default 4, at most 64)"),
    /* accepted only to be refused with the alternatives: a token in argv is visible to others */
    CMD_OPT_VALUE_ENTRY(0, "token", API_OPT_TOKEN_REFUSED, "TOKEN", NULL),
    CMD_OPT_END_ENTRY,
};
/* clang-format on */

const cmd_option_table cmd_conn_options = {23, false, conn_options, 0};

int cmd_take_conn_option(const char *cmd, api_conn_opts *co, int id, const char *arg, ic_err *err)
{
    switch (api_conn_opts_take(co, id, arg, err)) {
    case 1:
        return 0;
    case 0:
        return cmd_usage_error(cmd, "unexpected option");
    default:
        return cmd_usage_error(cmd, "%s", err->msg);
    }
}
