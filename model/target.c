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
    /* No target keeps less than B2B Edition: an amount within its limit (every amount but a
     * mistaken one) needs no look-up of the target by name, which every money cell of a large file
     * would otherwise pay. */
    if (m <= TARGET_B2B_MAX_AMOUNT && m >= -TARGET_B2B_MAX_AMOUNT)
        return false;
    money_t max = target_max_amount(target);
    return m > max || m < -max;
}

bool target_requires(const char *target, const char *field)
{
    /* B2B Edition's Create Invoice schema requires these; BILL and Rebillia compute the balances
     * themselves, name the customer otherwise (BILL: an id or a name and email, checked per invoice
     * by its connector) and have no SKU on a line.  Every target needs the invoice number: it is
     * the match key of re-runs. */
    static const char *const b2b[] = {"invoiceNumber",      "customerId",    "originalBalance",
                                      "openBalance",        "lineItems.sku", "lineItems.quantity",
                                      "lineItems.unitPrice"};
    static const char *const bill[] = {"invoiceNumber", "lineItems.quantity",
                                       "lineItems.unitPrice"};
    static const char *const rebillia[] = {"invoiceNumber", "customerId", "lineItems.quantity",
                                           "lineItems.unitPrice"};
    const char *const *list = b2b;
    size_t n = sizeof b2b / sizeof *b2b;
    if (target && strcmp(target, "bill-v3") == 0) {
        list = bill;
        n = sizeof bill / sizeof *bill;
    } else if (target && strcmp(target, "rebillia") == 0) {
        list = rebillia;
        n = sizeof rebillia / sizeof *rebillia;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], field) == 0)
            return true;
    return false;
}
