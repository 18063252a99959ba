/* Rebillia's invoice statuses, and which of them may be updated. */
#include "api/rebillia/rebillia_internal.h"

#include <stdio.h>
#include <string.h>

/* Words from the API's invoice status list (authorized, posted, canceled, partialPaid, paid,
 * voided, refund, partialRefund) and requestPayment, which the update rule names. */
static const struct {
    const char *word;
    int canonical;
} statuses[] = {
    {"authorized", 0}, {"posted", 0}, {"requestPayment", 0}, {"partialPaid", 1},   {"paid", 2},
    {"canceled", 2},   {"voided", 2}, {"refund", 2},         {"partialRefund", 2},
};

int rebillia_status_canonical(const char *word)
{
    for (size_t i = 0; word && i < sizeof statuses / sizeof statuses[0]; i++)
        if (strcmp(statuses[i].word, word) == 0)
            return statuses[i].canonical;
    return -1;
}

bool rebillia_can_update(const cJSON *stored, char *why, size_t whylen)
{
    const char *st = rebillia_str(stored, "status");
    if (st && (strcmp(st, "posted") == 0 || strcmp(st, "requestPayment") == 0))
        return true;
    if (whylen)
        snprintf(why, whylen,
                 "Rebillia updates an invoice only while its status is 'posted' or "
                 "'requestPayment'; this one is '%s'",
                 st ? st : "(none)");
    return false;
}

/* Rebillia deletes an invoice while nothing has been paid on it: authorized, posted,
 * requestPayment, canceled or voided. */
bool rebillia_can_delete(const cJSON *stored, char *why, size_t whylen)
{
    static const char *const ok[] = {"authorized", "posted", "requestPayment", "canceled",
                                     "voided"};
    const char *st = rebillia_str(stored, "status");
    for (size_t i = 0; st && i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(st, ok[i]) == 0)
            return true;
    if (whylen)
        snprintf(why, whylen,
                 "Rebillia deletes an invoice only while nothing is paid on it; this one is '%s'",
                 st ? st : "(none)");
    return false;
}
