/* Placeholder until the sandbox command lands: it refuses to run rather than pretend. */
#include "cmd/cmd.h"
#include "util/err.h"

int cmd_sandbox(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cmd_usage_error("sandbox", "'sandbox' is not available in this build");
}
