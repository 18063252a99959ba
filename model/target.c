#include "model/target.h"

#include <stdint.h>
#include <string.h>

money_t target_max_amount(const char *target)
{
    if (target && strcmp(target, "bigcommerce-b2b") == 0)
        return TARGET_B2B_MAX_AMOUNT;
    return INT64_MAX;
}

bool target_amount_too_large(const char *target, money_t m)
{
    /* No target keeps less than B2B Edition: an amount within its limit (every amount but a
     * mistaken one) needs no look-up of the target by name, which every money cell of a large file
     * would otherwise pay. */
    if (m <= TARGET_B2B_MAX_AMOUNT && m >= -TARGET_B2B_MAX_AMOUNT)
        return false;
    money_t max = target_max_amount(target);
    return m > max || m < -max;
}
