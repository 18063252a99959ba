/* BILL's calendar days and times (see bill_internal.h for why a day is written and read with an
 * offset from UTC midnight). */
#include "api/bill/bill_internal.h"

#include "model/date.h"

#include <stdio.h>
#include <string.h>

#define DAY_S 86400

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

bool bill_day_text(int64_t t, char *buf, size_t len)
{
    int y, m, d;
    date_civil_from_days(floor_div(t + BILL_DAY_WRITE_SHIFT, DAY_S), &y, &m, &d);
    snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
    return y >= 1900 && y <= 9999;
}

void bill_format_day(int64_t t, char buf[11])
{
    char text[32];
    bill_day_text(t, text, sizeof text);
    memcpy(buf, text, 10); /* a year past 9999 is cut short here: bill_check refuses it first */
    buf[10] = '\0';
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool bill_parse_day(const char *s, int64_t *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) || !digits(s + 5, 2) ||
        !digits(s + 8, 2))
        return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    int64_t days = date_days_from_civil(y, m, d);
    int yy, mm, dd;
    date_civil_from_days(days, &yy, &mm, &dd);
    if (yy != y || mm != m || dd != d || y < 1900)
        return false; /* 2026-02-31 names no day */
    *out = days * DAY_S + BILL_DAY_READ_HOUR;
    return true;
}

bool bill_parse_time(const char *s, int64_t *out)
{
    return s && date_parse(s, strlen(s), "iso", "UTC", out) == DATE_OK;
}
