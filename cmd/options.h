/* One option table per command drives both getopt_long and the "options:" part of its usage text,
 * in the spirit of git's parse-options.h.
 *
 * Option ids, one scheme for every command: an option with a short letter has that letter as its
 * id; a long-only option of a command has an id from CMD_OPT_LONG (256) up, from an enum in the
 * command's file; the connection options shared by import and export (cmd_conn_options) keep the
 * API_OPT_* ids (1000 up) that api_conn_opts_take reads.  Ids never reach getopt: the parser gives
 * getopt values of its own and hands each option's id to the command's callback.
 *
 * -h/--help, -v/--verbose and -q/--quiet are every command's options and are handled here, whether
 * the table lists them in its usage text (CMD_OPT_HELP_ENTRY...) or not.
 */
#ifndef INVOICECTL_CMD_OPTIONS_H
#define INVOICECTL_CMD_OPTIONS_H

#include "api/conn.h"
#include "util/err.h"

#include <stdbool.h>
#include <stdio.h>

#define CMD_OPT_LONG 256

enum cmd_opt_kind {
    CMD_OPT_END = 0, /* terminates a table */
    CMD_OPT_FLAG,    /* an option without a value */
    CMD_OPT_VALUE,   /* an option with a value (arg names it in the usage text) */
    CMD_OPT_GROUP, /* usage text only: help printed as it is; col, when set, aligns what follows */
    CMD_OPT_INCLUDE, /* the options of another table (sub), printed in that table's layout */
};

typedef struct cmd_option_table cmd_option_table;

typedef struct cmd_option {
    enum cmd_opt_kind kind;
    int id;
    char short_name;       /* 0: long only */
    const char *long_name; /* NULL: short only */
    const char *arg;       /* the value's name in the usage text ("FILE") */
    const char *help;      /* may span lines ('\n'); NULL: accepted but not listed (an alias) */
    const char *left; /* replaces the generated left column ("--tls-cert FILE, --tls-key FILE") */
    int col;          /* CMD_OPT_GROUP only */
    const cmd_option_table *sub; /* CMD_OPT_INCLUDE only */
} cmd_option;

struct cmd_option_table {
    int col;          /* the column where help text starts */
    bool long_indent; /* long-only options start under the long names ("      --x") */
    const cmd_option *opts;
    int indent; /* spaces before an option's name; 0 means 2 */
};

/* clang-format off */
#define CMD_OPT_FLAG_ENTRY(s, l, i, h) {CMD_OPT_FLAG, (i), (s), (l), NULL, (h), NULL, 0, NULL}
#define CMD_OPT_VALUE_ENTRY(s, l, i, a, h) {CMD_OPT_VALUE, (i), (s), (l), (a), (h), NULL, 0, NULL}
#define CMD_OPT_GROUP_ENTRY(text, c) {CMD_OPT_GROUP, 0, 0, NULL, NULL, (text), NULL, (c), NULL}
#define CMD_OPT_INCLUDE_ENTRY(t) {CMD_OPT_INCLUDE, 0, 0, NULL, NULL, NULL, NULL, 0, (t)}
#define CMD_OPT_END_ENTRY {CMD_OPT_END, 0, 0, NULL, NULL, NULL, NULL, 0, NULL}
#define CMD_OPT_HELP_ENTRY(h) CMD_OPT_FLAG_ENTRY('h', "help", 'h', (h))
#define CMD_OPT_QUIET_ENTRY(h) CMD_OPT_FLAG_ENTRY('q', "quiet", 'q', (h))
#define CMD_OPT_VERBOSE_ENTRY(h) CMD_OPT_FLAG_ENTRY('v', "verbose", 'v', (h))
/* clang-format on */

/* A command's parse: its name (for messages), its table, the full usage (printed by --help) and
 * what takes each of its own options.  take returns 0, or an ic_exit code after saying why (with
 * cmd_usage_error for a bad value). */
typedef struct cmd_parser {
    const char *cmd;
    const cmd_option_table *table;
    void (*usage)(FILE *out);
    int (*take)(void *ctx, int id, const char *arg);
    void *ctx;
} cmd_parser;

/* The default branch of a command's take: one of the connection options (api/conn.h) into co.
 * 0, or IC_EXIT_USAGE after saying why (an option the table has but nothing takes, a bad value). */
int cmd_take_conn_option(const char *cmd, api_conn_opts *co, int id, const char *arg, ic_err *err);

/* What cmd_parse returns besides an ic_exit code: --help was given and the usage printed. */
#define CMD_PARSE_HELP (-1)

/* Parses argv[1..argc-1] (argv[0] is the command's name).  Returns 0 with *first_arg the index of
 * the first operand, CMD_PARSE_HELP, or an ic_exit code after printing the error (an unknown
 * option, a missing value: "invoicectl: ..." and "Try 'invoicectl CMD --help'."). */
int cmd_parse(const cmd_parser *p, int argc, char **argv, int *first_arg);

/* Prints the option lines of t: "  -m, --map MAP" padded to the table's column, then the help,
 * its further lines indented to the column (a left column that reaches it puts the help on the
 * next line). */
void cmd_options_print(FILE *out, const cmd_option_table *t);

/* The connection options of the commands that talk to the API (ids API_OPT_*). */
extern const cmd_option_table cmd_conn_options;

#endif
