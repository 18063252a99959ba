/* Import modes: names and parsing (model/mode.h). */
#include "model/mode.h"

#include <string.h>
#include <strings.h>

static const char *const names[IC_MODE_COUNT] = {"upsert",  "create", "update",
                                                 "replace", "delete", "skip"};

int ic_mode_parse(const char *s, size_t len)
{
    for (int i = 0; i < IC_MODE_COUNT; i++)
        if (strlen(names[i]) == len && strncasecmp(names[i], s, len) == 0)
            return i;
    return -1;
}

const char *ic_mode_name(int mode)
{
    return mode >= 0 && mode < IC_MODE_COUNT ? names[mode] : "?";
}

const char *ic_mode_choices(void)
{
    return "upsert, create, update, replace, delete or skip";
}
