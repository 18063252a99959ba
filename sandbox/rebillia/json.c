/* Integer-only JSON for the Rebillia emulation (see rebillia.h): plain integer literals stay
 * numbers, every other number becomes a marked string, so 41.00 or 4.1e3 is never taken for
 * whole cents. */
#include "sandbox/rebillia/rebillia.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* -?(0|[1-9][0-9]{0,14}): exact as a double. */
static bool plain_int(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i >= n || n - i > 15 || (s[i] == '0' && n - i > 1))
        return false;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Rebillia's numbers: plain integers stay numbers; anything else is kept as text, for the
 * message that refuses it. */
static enum sb_num reb_number(const char *s, size_t n)
{
    return plain_int(s, n) ? SB_NUM_PLAIN : SB_NUM_TEXT;
}

cJSON *reb_json_parse(const char *text, size_t len)
{
    return sb_json_parse_exact(text, len, reb_number);
}

bool reb_json_int(const cJSON *v, int64_t lo, int64_t hi, int64_t *out)
{
    if (!cJSON_IsNumber(v))
        return false;
    /* Only plain integer literals of up to 15 digits are numbers here (reb_json_parse), so the
     * double is exact and the cast loses nothing. */
    double d = v->valuedouble;
    if (d < (double)lo || d > (double)hi)
        return false;
    *out = (int64_t)d;
    return (double)*out == d;
}

bool reb_json_id(const cJSON *v, int64_t *out)
{
    if (reb_json_text(v))
        return reb_path_id(v->valuestring, out);
    return reb_json_int(v, 1, 999999999999999LL, out);
}

bool reb_json_text(const cJSON *v)
{
    return cJSON_IsString(v) && v->valuestring[0] != REB_NUM_MARK;
}

bool reb_path_id(const char *s, int64_t *out)
{
    if (!s || !*s || strlen(s) > 15 || *s == '0')
        return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    errno = 0;
    *out = strtoll(s, NULL, 10);
    return errno == 0 && *out > 0;
}
