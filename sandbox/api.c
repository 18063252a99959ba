/* The emulated APIs' tables, and what the server lends them. */
#include "sandbox/api.h"
#include "util/common.h"

#include <string.h>

static const sb_api *const apis[] = {&sb_api_b2b, &sb_api_bill, &sb_api_rebillia};

const sb_api *sb_api_find(const char *name)
{
    if (!name)
        return &sb_api_b2b;
    for (size_t i = 0; i < IC_ARRAY_LEN(apis); i++)
        if (strcmp(apis[i]->name, name) == 0)
            return apis[i];
    return NULL;
}

const char *sb_api_names(void)
{
    return "bigcommerce-b2b, bill-v3, rebillia";
}
