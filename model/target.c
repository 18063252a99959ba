#include "model/target.h"

#include <stdint.h>
#include <string.h>

money_t target_max_amount(const char *target)
{
    if (target && strcmp(target, "bigcommerce-b2b") == 0)
        return TARGET_B2B_MAX_AMOUNT;
    if (target && strcmp(target, "rebillia") == 0)
        return TARGET_REBILLIA_MAX_AMOUNT;
    return INT64_MAX;
}

bool target_amount_too_large(const char *target, money_t m)
{
    money_t max = target_max_amount(target);
    return m > max || m < -max;
}
