#include "model/target.h"

#include <stdint.h>
#include <string.h>

/* Every target a mapping may name; the api layer has a connector for each one it can reach
 * (api/connector.c). */
static const char *const target_list[] = {"bigcommerce-b2b", "bill-v3", "rebillia"};

bool target_known(const char *name)
{
    for (size_t i = 0; name && i < sizeof target_list / sizeof *target_list; i++)
        if (strcmp(name, target_list[i]) == 0)
            return true;
    return false;
}

const char *target_names(void)
{
    return "\"bigcommerce-b2b\", \"bill-v3\" or \"rebillia\"";
}

money_t target_max_amount(const char *target)
{
    if (target && strcmp(target, "bigcommerce-b2b") == 0)
        return TARGET_B2B_MAX_AMOUNT;
    if (target && strcmp(target, "bill-v3") == 0)
        return TARGET_BILL_MAX_AMOUNT;
    if (target && strcmp(target, "rebillia") == 0)
        return TARGET_REBILLIA_MAX_AMOUNT;
    return INT64_MAX;
}

bool target_amount_too_large(const char *target, money_t m)
{
    money_t max = target_max_amount(target);
    return m > max || m < -max;
}
