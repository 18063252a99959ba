/* Entry point: global options, the subcommand table, and the final flush of stdout. */
#include "cmd/cmd.h"
#include "util/err.h"
#include "util/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct subcommand {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static const struct subcommand commands[] = {
    {"validate", cmd_validate,
     "check a CSV export against a mapping, offline, and report every problem"},
    {"import", cmd_import,
     "plan, then create or update the invoices of a CSV export through the API"},
    {"export", cmd_export, "list invoices from the API into XLSX, CSV or JSON"},
    {"mapping", cmd_mapping, "start a mapping file from a CSV header, or check one"},
    {"sandbox", cmd_sandbox, "run a local emulator of the B2B Edition invoice API"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: invoicectl [-v | -q] COMMAND [ARGS]\n"
            "       invoicectl help COMMAND | --help | --version\n\n"
            "Move invoices between spreadsheets and the BigCommerce B2B Edition invoice API.\n\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(
        out,
        "\nglobal options (accepted before or after the command):\n"
        "  -v, --verbose   say more (-vv: debug detail)\n"
        "  -q, --quiet     only errors\n"
        "  -h, --help      this help; 'invoicectl COMMAND --help' for a command's own\n"
        "  --version       print the version\n\n"
        "exit codes: 0 done, 1 some invoices invalid or rejected, 2 usage or configuration error,\n"
        "            3 I/O or network failure, 4 interrupted (resumable), 5 internal error\n"
        "Documentation: README.md and docs/ (man invoicectl).\n");
}

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

static const struct subcommand *find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* Removes -v/-vv/-q/--verbose/--quiet anywhere before "--", setting the log level. */
static int strip_globals(int argc, char **argv)
{
    int out = 1;
    int seen_dashdash = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!seen_dashdash && strcmp(a, "--") == 0)
            seen_dashdash = 1;
        if (!seen_dashdash) {
            if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
                if (ic_log_level < IC_LOG_DEBUG)
                    ic_log_level = ic_log_level < IC_LOG_VERBOSE ? IC_LOG_VERBOSE : IC_LOG_DEBUG;
                continue;
            }
            if (strcmp(a, "-vv") == 0) {
                ic_log_level = IC_LOG_DEBUG;
                continue;
            }
            if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
                ic_log_level = IC_LOG_QUIET;
                continue;
            }
        }
        argv[out++] = argv[i];
    }
    argv[out] = NULL;
    return out;
}

/* A write error on stdout (full disk, closed pipe) must not pass silently: exit 3. */
static int finish(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        if (errno != EPIPE)
            fprintf(stderr, "invoicectl: error: cannot write standard output: %s\n",
                    strerror(errno));
        return rc ? rc : IC_EXIT_IO;
    }
    return rc;
}

int main(int argc, char **argv)
{
    argc = strip_globals(argc, argv);
    if (argc < 2) {
        usage(stderr);
        return IC_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return finish(0);
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("invoicectl %s\n", INVOICECTL_VERSION);
        return finish(0);
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return finish(0);
        }
        const struct subcommand *c = find(argv[2]);
        if (!c) {
            fprintf(stderr, "invoicectl: '%s' is not a command; see 'invoicectl --help'\n",
                    argv[2]);
            return IC_EXIT_USAGE;
        }
        char help[] = "--help";
        char *hargv[] = {argv[2], help, NULL};
        return finish(c->fn(2, hargv));
    }
    const struct subcommand *c = find(name);
    if (!c) {
        fprintf(stderr, "invoicectl: '%s' is not a command; see 'invoicectl --help'\n", name);
        return IC_EXIT_USAGE;
    }
    return finish(c->fn(argc - 1, argv + 1));
}
