/* Placeholder until the mapping command lands: it refuses to run rather than pretend. */
#include "cmd/cmd.h"
#include "util/err.h"

int cmd_mapping(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cmd_usage_error("mapping", "'mapping' is not available in this build");
}
