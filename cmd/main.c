/* Entry point: global options, the subcommand table, and the final flush of stdout. */
#include "cmd/cmd.h"
#include "util/err.h"
#include "util/log.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct subcommand {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static const struct subcommand commands[] = {
    {"validate", cmd_validate,
     "check a CSV or workbook export against a mapping, offline, and report every problem"},
    {"import", cmd_import,
     "plan, then create, update or delete the invoices of a CSV or workbook export"},
    {"pay", cmd_pay, "record payments received (a bank export) against the store's invoices"},
    {"undo", cmd_undo, "reverse one import run: remove what it created, restore what it updated"},
    {"export", cmd_export, "list invoices from the API into XLSX, CSV or JSON"},
    {"mapping", cmd_mapping, "start a mapping file from a CSV header, or check one"},
    {"sandbox", cmd_sandbox,
     "run a local emulator of an invoice API (B2B Edition, BILL, Rebillia)"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: invoicectl [-v | -q] COMMAND [ARGS]\n"
                 "       invoicectl help COMMAND | --help | --version\n\n"
                 "Move invoices between spreadsheets and invoicing APIs: BigCommerce B2B Edition, "
                 "BILL v3 and\n"
                 "Rebillia.\n\n"
                 "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(
        out,
        "\nglobal options (before the command; -v and -q are also every command's own options):\n"
        "  -v, --verbose   say more (-vv: debug detail)\n"
        "  -q, --quiet     only errors\n"
        "  -h, --help      this help; 'invoicectl COMMAND --help' for a command's own\n"
        "  --version       print the version\n\n"
        "exit codes: 0 done, 1 some invoices invalid or rejected, 2 usage or configuration error,\n"
        "            3 I/O or network failure, 4 interrupted (resumable), 5 internal error\n"
        "Documentation: README.md and docs/ (man invoicectl).\n");
}

static const struct subcommand *find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static bool same(char x, char y)
{
    return tolower((unsigned char)x) == tolower((unsigned char)y);
}

/* Edit distance with adjacent transpositions ("exprot"), ignoring case; names here are short. */
static size_t distance(const char *a, const char *b)
{
    enum { MAXLEN = 32 };
    size_t la = strlen(a), lb = strlen(b);
    if (la >= MAXLEN || lb >= MAXLEN)
        return SIZE_MAX;
    size_t d[MAXLEN + 1][MAXLEN + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = !same(a[i - 1], b[j - 1]);
            size_t v = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]) &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

/* "'imprt' is not a command; did you mean 'import'?", when one command is near enough to be the
 * likely intent (at most 2 edits, and fewer than half the name); otherwise a pointer to the list.
 */
static int not_a_command(const char *name)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        size_t d = distance(name, commands[i].name);
        if (d < best_d) {
            best_d = d;
            best = commands[i].name;
        }
    }
    if (best && best_d <= 2 && best_d * 2 < strlen(best))
        fprintf(stderr, "invoicectl: '%s' is not a command; did you mean '%s'?\n", name, best);
    else
        fprintf(stderr, "invoicectl: '%s' is not a command; see 'invoicectl --help'\n", name);
    return IC_EXIT_USAGE;
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
    /* Global options come before the command and are only these; after the command, -v/-q are
     * the command's own options, parsed by its getopt with everything else. */
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return finish(0);
        }
        if (strcmp(a, "--version") == 0) {
            printf("invoicectl %s\n", INVOICECTL_VERSION);
            return finish(0);
        }
        if (strcmp(a, "--verbose") == 0 || strcmp(a, "--quiet") == 0) {
            cmd_log_option(a[2]);
            continue;
        }
        if (a[1] != '-' && strspn(a + 1, "vq") == strlen(a + 1)) { /* -v, -vv, -qv... */
            for (const char *p = a + 1; *p; p++)
                cmd_log_option(*p);
            continue;
        }
        fprintf(stderr, "invoicectl: unknown option '%s'\nTry 'invoicectl --help'.\n", a);
        return IC_EXIT_USAGE;
    }
    if (i >= argc) {
        usage(stderr);
        return IC_EXIT_USAGE;
    }
    argc -= i - 1; /* argv[1] is the command from here on */
    argv += i - 1;
    const char *name = argv[1];
    if (strcmp(name, "version") == 0) {
        printf("invoicectl %s\n", INVOICECTL_VERSION);
        return finish(0);
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return finish(0);
        }
        const struct subcommand *c = find(argv[2]);
        if (!c)
            return not_a_command(argv[2]);
        char help[] = "--help";
        char *hargv[] = {argv[2], help, NULL};
        return finish(c->fn(2, hargv));
    }
    const struct subcommand *c = find(name);
    if (!c)
        return not_a_command(name);
    return finish(c->fn(argc - 1, argv + 1));
}
