/* The subcommands.  Each cmd_NAME(argc, argv) gets argv[0] == "NAME" with the global options (-v,
 * -q) already removed, parses its own options with getopt_long, and returns an enum ic_exit code.
 * Each subcommand's usage text lives in its own file and is printed by `NAME --help` and `help
 * NAME`.
 */
#ifndef INVOICECTL_CMD_CMD_H
#define INVOICECTL_CMD_CMD_H

#include <stdio.h>

int cmd_validate(int argc, char **argv);
int cmd_mapping(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_sandbox(int argc, char **argv);

/* Prints "invoicectl: MESSAGE" and "Try 'invoicectl CMD --help'." to stderr; returns IC_EXIT_USAGE.
 */
int cmd_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
