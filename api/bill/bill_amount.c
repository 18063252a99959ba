/* BILL's amounts: JSON numbers in currency units ("price": 39.99).
 *
 * Out: the decimal text of the money_t itself goes on the wire (a cJSON raw item), so no double is
 * ever involved in what is sent.  In: cJSON keeps only the double of a number, so a number is
 * taken only when that double identifies a single short decimal, and refused otherwise rather
 * than guessed (the same rule as B2B Edition's answers, api/b2b_json.c, widened to BILL's range
 * for 2-decimal amounts). */
#include "api/bill/bill_internal.h"

#include "util/common.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bill_put_amount(cJSON *obj, const char *key, money_t m)
{
    char buf[MONEY_MAX_TEXT];
    money_format_min(m, buf, sizeof buf);
    cJSON *raw = cJSON_CreateRaw(buf);
    if (!raw) {
        fputs("invoicectl: error: out of memory\n", stderr);
        exit(IC_EXIT_INTERNAL);
    }
    cJSON_AddItemToObjectCS(obj, key, raw);
}

/* The double's text with `places` decimals when that text reads back as the same double. */
static bool exact_text(double d, int places, char *buf, size_t bufsize)
{
    snprintf(buf, bufsize, "%.*f", places, d);
    return strtod(buf, NULL) == d;
}

enum money_status bill_number_amount(const cJSON *v, money_t *out)
{
    char buf[64];
    if (cJSON_IsRaw(v) && v->valuestring) {
        /* Our own bodies: plain decimal text, parsed as it is (no currency marks, no grouping). */
        const char *s = v->valuestring;
        for (const char *p = s; *p; p++)
            if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
                return MONEY_SYNTAX;
        return money_parse(s, strlen(s), '.', out);
    }
    if (!cJSON_IsNumber(v))
        return MONEY_SYNTAX;
    double d = v->valuedouble;
    if (!isfinite(d))
        return MONEY_PRECISION;
    double a = fabs(d);
    if (d == floor(d) && a <= 9007199254740992.0) {
        snprintf(buf, sizeof buf, "%" PRId64, (int64_t)d);
    } else if (a < 1e11) {
        /* Doubles below 10^11 lie less than 10^-4 apart: the 4-place text names one decimal. */
        if (!exact_text(d, 4, buf, sizeof buf))
            return MONEY_PRECISION;
    } else if (a < 1e14) {
        /* Up to 10^14 they lie less than 10^-2 apart: a 2-place amount is still named exactly. */
        if (!exact_text(d, 2, buf, sizeof buf))
            return MONEY_PRECISION;
    } else {
        return MONEY_PRECISION;
    }
    return money_parse(buf, strlen(buf), '.', out);
}

bool bill_amount_fits(money_t m)
{
    return m % 100 == 0;
}
