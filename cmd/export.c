/* Placeholder until the export command lands: it refuses to run rather than pretend. */
#include "cmd/cmd.h"
#include "util/err.h"

int cmd_export(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cmd_usage_error("export", "'export' is not available in this build");
}
