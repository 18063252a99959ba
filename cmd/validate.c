/* Placeholder until the validate command lands: it refuses to run rather than pretend. */
#include "cmd/cmd.h"
#include "util/err.h"

int cmd_validate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cmd_usage_error("validate", "'validate' is not available in this build");
}
