/* Placeholder until the import command lands: it refuses to run rather than pretend. */
#include "cmd/cmd.h"
#include "util/err.h"

int cmd_import(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cmd_usage_error("import", "'import' is not available in this build");
}
