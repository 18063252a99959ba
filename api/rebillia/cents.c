/* Money on Rebillia's wire: integers in the currency's minor unit.  See rebillia_internal.h. */
#include "api/rebillia/rebillia_internal.h"

#include <math.h>

int rebillia_minor_digits(const char *currency)
{
    if (!currency || !currency[0])
        return 2; /* the company's default currency before prepare named it: the common case */
    int d = currency_decimals(currency);
    return d < 0 ? 0 : d > 4 ? 4 : d;
}

static int64_t scale_of(const char *currency)
{
    int64_t f = 1;
    for (int i = rebillia_minor_digits(currency); i < 4; i++)
        f *= 10;
    return f; /* money_t units per minor unit: 100 for USD, 10000 for JPY */
}

enum rebillia_cents rebillia_to_minor(money_t m, const char *currency, int64_t *out)
{
    int64_t f = scale_of(currency);
    if (m % f != 0)
        return REBILLIA_CENTS_PRECISION;
    int64_t minor = m / f;
    if (minor > REBILLIA_MAX_MINOR || minor < -REBILLIA_MAX_MINOR)
        return REBILLIA_CENTS_RANGE;
    *out = minor;
    return REBILLIA_CENTS_OK;
}

bool rebillia_from_minor(int64_t minor, const char *currency, money_t *out)
{
    int64_t f = scale_of(currency);
    if (minor > REBILLIA_READ_MAX || minor < -REBILLIA_READ_MAX)
        return false;
    if (minor > INT64_MAX / f || minor < -(INT64_MAX / f))
        return false;
    *out = minor * f;
    return true;
}

bool rebillia_json_minor(const cJSON *v, int64_t *out)
{
    if (!cJSON_IsNumber(v))
        return false;
    double d = v->valuedouble;
    /* Every integer of magnitude up to 2^53 is a double exactly, so the conversion below is exact;
     * anything else is not an amount this connector wrote or can trust. */
    if (!isfinite(d) || d > 9007199254740992.0 || d < -9007199254740992.0 || d != floor(d))
        return false;
    *out = (int64_t)d;
    return true;
}

const char *rebillia_cents_strerror(enum rebillia_cents st)
{
    switch (st) {
    case REBILLIA_CENTS_OK:
        return "ok";
    case REBILLIA_CENTS_PRECISION:
        return "has more decimals than the currency's minor unit";
    case REBILLIA_CENTS_RANGE:
        return "is beyond the 10^15 - 1 minor units written exactly as a JSON number";
    }
    return "?";
}
