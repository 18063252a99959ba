/* BILL's dates and date-times: "yyyy-MM-dd" and "yyyy-MM-dd'T'HH:mm:ss.SSSX" and the forms between
 * them, which list filters accept. */
#include "sandbox/bill/bill.h"
#include "model/date.h"

#include <string.h>
#include <time.h>

/* n digits at s as a number; -1 when any is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static bool ymd(const char *s, int *y, int *m, int *d)
{
    *y = digits(s, 4);
    *m = digits(s + 5, 2);
    *d = digits(s + 8, 2);
    if (*y < 0 || *m < 1 || *m > 12 || *d < 1 || s[4] != '-' || s[7] != '-')
        return false;
    int yy, mm, dd; /* the day must exist: 2026-02-30 does not */
    date_civil_from_days(date_days_from_civil(*y, *m, *d), &yy, &mm, &dd);
    return yy == *y && mm == *m && dd == *d;
}

bool bill_date_ok(const char *s)
{
    int y, m, d;
    return strlen(s) == 10 && ymd(s, &y, &m, &d);
}

bool bill_time_parse(const char *s, int64_t *ms)
{
    int y, mo, d;
    size_t n = strlen(s);
    if (n < 10 || !ymd(s, &y, &mo, &d))
        return false;
    int64_t t = date_days_from_civil(y, mo, d) * 86400 * 1000;
    const char *p = s + 10;
    if (*p == 'T') {
        int h = digits(p + 1, 2), mi = digits(p + 4, 2), sec = 0;
        if (h < 0 || h > 23 || p[3] != ':' || mi < 0 || mi > 59)
            return false;
        p += 6;
        if (*p == ':') {
            sec = digits(p + 1, 2);
            if (sec < 0 || sec > 59)
                return false;
            p += 3;
            if (*p == '.') {
                int frac = digits(p + 1, 3);
                if (frac < 0)
                    return false;
                t += frac;
                p += 4;
            }
        }
        t += ((int64_t)h * 3600 + mi * 60 + sec) * 1000;
        if (*p == 'Z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int oh = digits(p + 1, 2), om = p[3] == ':' ? digits(p + 4, 2) : digits(p + 3, 2);
            if (oh < 0 || om < 0)
                return false;
            int64_t off = ((int64_t)oh * 3600 + om * 60) * 1000;
            t += *p == '+' ? -off : off;
            p += p[3] == ':' ? 6 : 5;
        }
    }
    if (*p)
        return false;
    *ms = t;
    return true;
}
