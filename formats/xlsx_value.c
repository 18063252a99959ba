/* Cell values as text, by decimal arithmetic on the digits the file stores: no cell ever passes
 * through a double. */
#include "formats/xlsx_internal.h"
#include "model/date.h"

#include <ctype.h>
#include <string.h>

#define EXCEL_DIGITS 15 /* Excel keeps 15 significant digits; more are binary noise */
#define MAX_PLAIN 80    /* longer plain text (a huge exponent) is left as the file wrote it */

bool xlsx_ref_parse(const char *ref, long *col, long *row)
{
    long c = 0, r = 0;
    const char *p = ref;
    while (*p >= 'A' && *p <= 'Z' && c <= 16384)
        c = c * 26 + (*p++ - 'A' + 1);
    if (p == ref || c > 16384 || !isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p) && r <= 1048576)
        r = r * 10 + (*p++ - '0');
    if (*p || r < 1 || r > 1048576)
        return false;
    *col = c - 1;
    *row = r;
    return true;
}

void xlsx_col_name(long col, char *buf)
{
    char tmp[4];
    int n = 0;
    for (long c = col + 1; c > 0 && n < 3; c = (c - 1) / 26)
        tmp[n++] = (char)('A' + (c - 1) % 26);
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
}

/* Splits a number into its sign, its significant digits (no leading zeros) and the power of ten
 * of the digit after the last one: value = digits × 10^exp10. */
static bool split_number(const char *s, size_t len, bool *neg, char *dig, size_t *nd, long *exp10)
{
    size_t i = 0, n = 0;
    long e = 0, frac = 0;
    bool any = false, dot = false;
    *neg = false;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        *neg = s[i++] == '-';
    for (; i < len; i++) {
        char c = s[i];
        if (c == '.' && !dot) {
            dot = true;
        } else if (isdigit((unsigned char)c)) {
            any = true;
            if (n == 0 && c == '0') {
                if (dot)
                    frac++;
                continue;
            }
            if (n < 40) {
                dig[n++] = c;
                frac += dot;
            } else if (!dot) {
                e++; /* digits past 40 are far below Excel's precision: only their place counts */
            }
        } else {
            break;
        }
    }
    if (!any)
        return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < len && (s[i] == '-' || s[i] == '+'))
            eneg = s[i++] == '-';
        if (i == len)
            return false;
        long x = 0;
        for (; i < len && isdigit((unsigned char)s[i]); i++)
            if (x < 100000)
                x = x * 10 + (s[i] - '0');
        e += eneg ? -x : x;
    }
    if (i != len)
        return false;
    *nd = n;
    *exp10 = e - frac;
    return true;
}

/* True when the full conversion below would give s back unchanged:
 * -?(0|[1-9][0-9]*)(\.[0-9]*[1-9])? with at most 15 digits in all ("1559", "24.66", "0.5"), as most
 * numbers a writer stores are. */
static bool plain_already(const char *s, size_t len)
{
    size_t i = s[0] == '-', digits = 0;
    if (i >= len || s[i] < '0' || s[i] > '9')
        return false;
    bool zero = s[i] == '0';
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (i == len)
        return !zero && digits <= EXCEL_DIGITS;
    if (zero && digits > 1)
        return false;
    if (s[i] != '.' || i + 1 == len || s[len - 1] == '0')
        return false;
    for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    return i == len && digits <= EXCEL_DIGITS;
}

bool xlsx_number_text(const char *s, size_t len, sbuf *out)
{
    if (len && plain_already(s, len)) {
        sbuf_add(out, s, len);
        return true;
    }
    bool neg;
    char dig[48];
    size_t nd;
    long e;
    if (!split_number(s, len, &neg, dig, &nd, &e))
        return false;
    if (nd > EXCEL_DIGITS) {
        /* round half away from zero at the 15th digit */
        e += (long)(nd - EXCEL_DIGITS);
        bool up = dig[EXCEL_DIGITS] >= '5';
        nd = EXCEL_DIGITS;
        for (size_t k = nd; up && k-- > 0;) {
            if (dig[k] == '9') {
                dig[k] = '0';
                if (k == 0) {
                    memmove(dig + 1, dig, nd);
                    dig[0] = '1';
                    nd++;
                    up = false;
                }
            } else {
                dig[k]++;
                up = false;
            }
        }
    }
    while (nd > 0 && dig[nd - 1] == '0') {
        nd--;
        e++;
    }
    if (nd == 0) {
        sbuf_add(out, "0", 1);
        return true;
    }
    long intdigits = (long)nd + e; /* digits before the point */
    if (intdigits > MAX_PLAIN || -intdigits > MAX_PLAIN) {
        sbuf_add(out, s, len);
        return true;
    }
    if (neg)
        sbuf_add(out, "-", 1);
    if (intdigits <= 0) {
        sbuf_add(out, "0.", 2);
        for (long k = 0; k < -intdigits; k++)
            sbuf_add(out, "0", 1);
        sbuf_add(out, dig, nd);
    } else if ((size_t)intdigits >= nd) {
        sbuf_add(out, dig, nd);
        for (long k = 0; k < e; k++)
            sbuf_add(out, "0", 1);
    } else {
        sbuf_add(out, dig, (size_t)intdigits);
        sbuf_add(out, ".", 1);
        sbuf_add(out, dig + intdigits, nd - (size_t)intdigits);
    }
    return true;
}

/* "YYYY-MM-DD" and "HH:MM:SS" digit by digit: a sheet holds hundreds of thousands of dates, and
 * snprintf is most of the cost of each. */
static char *put_digits(char *p, long long v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + width;
}

static char *put_time(char *p, long long secs)
{
    p = put_digits(p, secs / 3600, 2);
    *p++ = ':';
    p = put_digits(p, secs / 60 % 60, 2);
    *p++ = ':';
    return put_digits(p, secs % 60, 2);
}

enum xlsx_day xlsx_day_text(const char *s, size_t len, bool date1904, sbuf *out)
{
    long long day = 0, frac = 0, scale = 1;
    size_t i = 0;
    while (i < len && i < 8 && s[i] >= '0' && s[i] <= '9') /* eight digits: no overflow */
        day = day * 10 + (s[i++] - '0');
    if (i == 0 || i < len) {
        /* not plain digits (a fraction, an exponent, a sign): through the decimal text */
        sbuf plain = {0};
        if (!xlsx_number_text(s, len, &plain) || !plain.data) {
            sbuf_release(&plain);
            return XLSX_DAY_NOT_NUMBER;
        }
        const char *p = plain.data;
        if (*p == '-') {
            sbuf_release(&plain);
            return XLSX_DAY_NEGATIVE;
        }
        day = 0;
        for (; isdigit((unsigned char)*p); p++) {
            if (day > 10000000) {
                sbuf_release(&plain);
                return XLSX_DAY_RANGE;
            }
            day = day * 10 + (*p - '0');
        }
        /* the time of day: the fraction × 86400 seconds, rounded, from its first 12 digits */
        if (*p == '.')
            for (p++; isdigit((unsigned char)*p) && scale < 1000000000000LL; p++) {
                frac = frac * 10 + (*p - '0');
                scale *= 10;
            }
        sbuf_release(&plain);
    }
    long long secs = (frac * 86400 + scale / 2) / scale;
    if (secs >= 86400) {
        day++;
        secs -= 86400;
    }
    char buf[32], *e = buf;
    if (day == 0 && !date1904) {
        e = put_time(e, secs);
        sbuf_add(out, buf, (size_t)(e - buf));
        return XLSX_DAY_OK;
    }
    int64_t days; /* since 1970-01-01 */
    if (date1904)
        days = date_days_from_civil(1904, 1, 1) + day;
    else if (day == 60)
        return XLSX_DAY_1900_02_29; /* Excel's day that never was (Lotus 1-2-3's leap-year bug) */
    else if (day < 60)
        days = date_days_from_civil(1899, 12, 31) + day;
    else
        days = date_days_from_civil(1899, 12, 30) + day;
    int y, m, d;
    date_civil_from_days(days, &y, &m, &d);
    if (y > 9999)
        return XLSX_DAY_RANGE;
    e = put_digits(e, y, 4);
    *e++ = '-';
    e = put_digits(e, m, 2);
    *e++ = '-';
    e = put_digits(e, d, 2);
    if (secs) {
        *e++ = 'T';
        e = put_time(e, secs);
    }
    sbuf_add(out, buf, (size_t)(e - buf));
    return XLSX_DAY_OK;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t xlsx_unescape(char *s, size_t len)
{
    if (!memchr(s, '_', len))
        return len;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (i + 7 <= len && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_' &&
            hexval(s[i + 2]) >= 0 && hexval(s[i + 3]) >= 0 && hexval(s[i + 4]) >= 0 &&
            hexval(s[i + 5]) >= 0) {
            unsigned v = (unsigned)(hexval(s[i + 2]) << 12 | hexval(s[i + 3]) << 8 |
                                    hexval(s[i + 4]) << 4 | hexval(s[i + 5]));
            /* the escapes stand for characters XML cannot hold: controls, and "_" itself */
            if (v < 0x80) {
                s[o++] = (char)v;
                i += 7;
                continue;
            }
        }
        s[o++] = s[i++];
    }
    s[o] = '\0';
    return o;
}
