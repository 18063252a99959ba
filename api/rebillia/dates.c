/* Calendar days on Rebillia's wire ("YYYY-MM-DD"): see rebillia_internal.h. */
#include "api/rebillia/rebillia_internal.h"

#include "model/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ymd_of_days(int64_t days, char buf[11])
{
    int y, m, d;
    date_civil_from_days(days, &y, &m, &d);
    /* Canonical dates lie in 1900..9999 (model/date.h): four digits, written by hand so that the
     * width is certain. */
    unsigned yy = (unsigned)(y < 0 ? 0 : y % 10000), mm = (unsigned)m % 100, dd = (unsigned)d % 100;
    buf[0] = (char)('0' + yy / 1000);
    buf[1] = (char)('0' + yy / 100 % 10);
    buf[2] = (char)('0' + yy / 10 % 10);
    buf[3] = (char)('0' + yy % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + mm / 10);
    buf[6] = (char)('0' + mm % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + dd / 10);
    buf[9] = (char)('0' + dd % 10);
    buf[10] = 0;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* A canonical date is midnight of its day in the mapping's zone, which the connector is not told.
 * It is found without guessing where it can be: midnight UTC and noon UTC (what
 * rebillia_day_parse gives) are that UTC day; else the process's zone, which model/date.c leaves
 * set to the zone the mapping parsed its dates in, when the instant is a midnight there; else the
 * nearest UTC day (right for every zone from UTC-12 to UTC+11:59). */
void rebillia_day_text(int64_t t, char buf[11])
{
    int64_t rem = t - floor_div(t, 86400) * 86400;
    if (rem == 0 || rem == 43200) {
        ymd_of_days(floor_div(t, 86400), buf);
        return;
    }
    const char *tz = getenv("TZ");
    if (tz && *tz == ':')
        tz++;
    if (tz && date_zone_valid(tz)) {
        char ymd[11];
        date_format_ymd(t, tz, ymd, sizeof ymd);
        int64_t back = 0;
        if (date_parse(ymd, 10, "%Y-%m-%d", tz, &back) == DATE_OK && back == t) {
            memcpy(buf, ymd, 11);
            return;
        }
    }
    ymd_of_days(floor_div(t + 43200, 86400), buf);
}

bool rebillia_day_parse(const char *s, int64_t *out)
{
    if (!s || strlen(s) < 10)
        return false;
    int64_t t;
    if (date_parse(s, 10, "%Y-%m-%d", "UTC", &t) != DATE_OK)
        return false;
    if (s[10] && s[10] != 'T' && s[10] != ' ')
        return false;
    *out = t + 43200;
    return true;
}

bool rebillia_time_parse(const char *s, int64_t *out)
{
    if (!s || !*s)
        return false;
    return date_parse(s, strlen(s), "iso", "UTC", out) == DATE_OK;
}
