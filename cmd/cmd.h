/* The subcommands.  Each cmd_NAME(argc, argv) gets argv[0] == "NAME" and what follows the command
 * on the command line, parses its own options from one table with cmd_parse (cmd/options.h), and
 * returns an enum ic_exit code.  main takes -v/-q only before the command; after it they are each
 * command's own options (handled by cmd_parse), so getopt decides what they are and a value such as
 * `--customer -q` is never taken for one.  Each subcommand's usage text lives in its own file, its
 * option lines generated from its table, and is printed by `NAME --help` and `help NAME`.
 */
#ifndef INVOICECTL_CMD_CMD_H
#define INVOICECTL_CMD_CMD_H

#include <stdio.h>

int cmd_validate(int argc, char **argv);
int cmd_mapping(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_undo(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_pay(int argc, char **argv);
int cmd_sandbox(int argc, char **argv);

/* -v/--verbose (twice: debug detail) or -q/--quiet, given as getopt's letter. */
void cmd_log_option(int opt);

/* Prints "invoicectl: MESSAGE" and "Try 'invoicectl CMD --help'." to stderr; returns IC_EXIT_USAGE.
 */
int cmd_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
