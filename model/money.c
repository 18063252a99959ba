/* Exact decimal amounts: parsing the spellings found in spreadsheets,
 * arithmetic with overflow checks, formatting.  money_parse runs on every
 * amount cell of an import, so it is one pass over the bytes with no allocation
 * and no locale or floating-point calls. */
#include "model/money.h"

#include <string.h>

/* Magnitude limits of the int64 representation: INT64_MAX for positives, 2^63
 * for negatives. */
#define MAG_POS ((uint64_t)INT64_MAX)
#define MAG_NEG ((uint64_t)INT64_MAX + 1u)

static const uint64_t pow10_u[] = {1u, 10u, 100u, 1000u, 10000u};

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Length of a blank at p (ASCII space or tab, U+00A0, U+202F), 0 when there is
 * none. */
static size_t blank_len(const unsigned char *p, const unsigned char *end)
{
    if (p >= end)
        return 0;
    if (*p == ' ' || *p == '\t')
        return 1;
    if (*p == 0xC2 && end - p >= 2 && p[1] == 0xA0)
        return 2;
    if (*p == 0xE2 && end - p >= 3 && p[1] == 0x80 && p[2] == 0xAF)
        return 3;
    return 0;
}

/* Length of a currency mark at p: $ € £ ¥ or a 3-letter ISO 4217 code not
 * followed by another letter. */
static size_t currency_len(const unsigned char *p, const unsigned char *end)
{
    if (p >= end)
        return 0;
    if (*p == '$')
        return 1;
    if (*p == 0xC2 && end - p >= 2 && (p[1] == 0xA3 || p[1] == 0xA5)) /* £ ¥ */
        return 2;
    if (*p == 0xE2 && end - p >= 3 && p[1] == 0x82 && p[2] == 0xAC) /* € */
        return 3;
    if (end - p >= 3 && is_alpha(p[0]) && is_alpha(p[1]) && is_alpha(p[2]) &&
        (end - p == 3 || !is_alpha(p[3]))) {
        char code[4] = {(char)(p[0] & ~0x20), (char)(p[1] & ~0x20), (char)(p[2] & ~0x20), 0};
        if (currency_is_iso4217(code))
            return 3;
    }
    return 0;
}

/* The part of a refused amount to name: one character of punctuation, or a run of letters and
 * digits (and non-ASCII bytes) such as "x" in "12.3x" or "ABC" in "ABC 12". */
static size_t bad_part(const unsigned char *p, const unsigned char *end)
{
    if (p >= end)
        return 0;
    if (!is_digit(*p) && !is_alpha(*p) && *p < 0x80)
        return 1;
    const unsigned char *q = p;
    while (q < end && (is_digit(*q) || is_alpha(*q) || *q >= 0x80) && blank_len(q, end) == 0)
        q++;
    return q > p ? (size_t)(q - p) : 1;
}

/* Records where the text stops being an amount. */
#define REFUSE(at)                                                                                 \
    do {                                                                                           \
        *bad_off = (size_t)((at) - (const unsigned char *)s);                                      \
        *bad_len = bad_part((at), end);                                                            \
        return MONEY_SYNTAX;                                                                       \
    } while (0)

enum money_status money_parse_where(const char *s, size_t len, char decimal, money_t *out,
                                    size_t *bad_off, size_t *bad_len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    unsigned char group = decimal == ',' ? '.' : ',';
    bool neg = false, sign = false, paren = false, cur = false;
    const unsigned char *paren_at = NULL;
    size_t n;
    *bad_off = 0;
    *bad_len = 0;

    /* Prefix: blanks, at most one sign, one '(' and one currency mark, in any
     * order. */
    for (;;) {
        if ((n = blank_len(p, end)) != 0) {
            p += n;
        } else if (p < end && (*p == '-' || *p == '+') && !sign && !paren) {
            sign = true;
            neg = *p == '-';
            p++;
        } else if (p < end && *p == '(' && !paren && !sign) {
            paren = true;
            paren_at = p;
            neg = true;
            p++;
        } else if (!cur && (n = currency_len(p, end)) != 0) {
            cur = true;
            p += n;
        } else {
            break;
        }
    }
    if (p == end) {
        /* Excel's accounting format writes zero as a dash: "-", "$-", " $ -   ". */
        if (sign && neg && !paren) {
            *out = 0;
            return MONEY_OK;
        }
        if (!(sign || paren || cur))
            return MONEY_EMPTY;
        /* Only marks: name the whole text, there is no number in it. */
        *bad_off = 0;
        *bad_len = len;
        return MONEY_SYNTAX;
    }

    /* The number: digits grouped by threes (one kind of separator throughout),
     * then the decimals. */
    uint64_t ip = 0;
    bool big = false;
    int ndigits = 0, first_run = 0;
    int gkind = 0; /* 0 none yet, else the byte length + separator identity */
    unsigned char gbyte = 0;
    const unsigned char *digits = p;
    while (p < end && is_digit(*p)) {
        if (ip > 922337203685477u)
            big = true;
        else
            ip = ip * 10u + (uint64_t)(*p - '0');
        p++;
        first_run++;
    }
    ndigits = first_run;
    for (;;) {
        size_t sep = 0;
        if (p < end && *p == group)
            sep = 1;
        else
            sep = blank_len(p, end);
        if (sep == 0 || first_run == 0)
            break;
        /* A separator groups only when exactly three digits follow it; otherwise
         * the number ends here
         * ("12 EUR") and the suffix decides. */
        const unsigned char *q = p + sep;
        if (end - q < 3 || !is_digit(q[0]) || !is_digit(q[1]) || !is_digit(q[2]) ||
            (end - q > 3 && is_digit(q[3])))
            break;
        if (gkind == 0) {
            /* "0,125" is a decimal written with the other separator, never 125. */
            if (first_run > 3 || *digits == '0')
                REFUSE(p);
            gkind = (int)sep;
            gbyte = *p;
        } else if ((int)sep != gkind || *p != gbyte) {
            REFUSE(p);
        }
        for (int i = 0; i < 3; i++) {
            if (ip > 922337203685477u)
                big = true;
            else
                ip = ip * 10u + (uint64_t)(q[i] - '0');
        }
        ndigits += 3;
        p = q + 3;
    }

    uint64_t frac = 0;
    int nfrac = 0;
    bool lost = false;
    if (p < end && *p == (unsigned char)decimal) {
        p++;
        while (p < end && is_digit(*p)) {
            if (nfrac < 4) {
                frac = frac * 10u + (uint64_t)(*p - '0');
                nfrac++;
            } else if (*p != '0') {
                lost = true; /* trailing zeros past the 4th place are exact; anything
                                else is not */
            }
            ndigits++;
            p++;
        }
    }
    if (ndigits == 0)
        REFUSE(digits);

    /* Suffix: blanks, a currency mark (if none came before), the closing ')',
     * and SAP's trailing minus ("580.20-") when no sign or '(' came before. */
    for (;;) {
        if ((n = blank_len(p, end)) != 0) {
            p += n;
        } else if (p < end && *p == ')' && paren) {
            paren = false;
            p++;
        } else if (p < end && *p == '-' && !sign && !paren_at) {
            sign = true;
            neg = true;
            p++;
        } else if (!cur && (n = currency_len(p, end)) != 0) {
            cur = true;
            p += n;
        } else {
            break;
        }
    }
    if (p != end)
        REFUSE(p);
    if (paren)
        REFUSE(paren_at);
    if (lost)
        return MONEY_PRECISION;

    if (big || ip > 922337203685477u + 1u)
        return MONEY_OVERFLOW;
    uint64_t mag = ip * (uint64_t)MONEY_SCALE + frac * pow10_u[4 - nfrac];
    if (mag > (neg ? MAG_NEG : MAG_POS))
        return MONEY_OVERFLOW;
    *out = neg ? (money_t)(0u - mag) : (money_t)mag;
    return MONEY_OK;
}

enum money_status money_parse(const char *s, size_t len, char decimal, money_t *out)
{
    size_t off, n;
    return money_parse_where(s, len, decimal, out, &off, &n);
}

const char *money_strerror(enum money_status st)
{
    switch (st) {
    case MONEY_OK:
        return "no error";
    case MONEY_EMPTY:
        return "empty amount";
    case MONEY_SYNTAX:
        return "not a number";
    case MONEY_PRECISION:
        return "more than 4 decimal places";
    case MONEY_OVERFLOW:
        return "outside the range of ±922337203685477.5807";
    }
    return "unknown money error";
}

bool money_add(money_t a, money_t b, money_t *out)
{
    money_t r;
    if (__builtin_add_overflow(a, b, &r))
        return false;
    *out = r;
    return true;
}

bool money_sub(money_t a, money_t b, money_t *out)
{
    money_t r;
    if (__builtin_sub_overflow(a, b, &r))
        return false;
    *out = r;
    return true;
}

__extension__ typedef __int128 money_wide;

bool money_mul(money_t a, money_t b, money_t *out)
{
    /* The exact product has 8 decimals; |a × b| < 2^126, so the 128-bit
     * intermediate never overflows. */
    money_wide p = (money_wide)a * (money_wide)b;
    money_wide q = p / MONEY_SCALE, r = p % MONEY_SCALE; /* truncates toward zero */
    if (r >= MONEY_SCALE / 2)
        q++;
    else if (r <= -(MONEY_SCALE / 2))
        q--;
    if (q > INT64_MAX || q < INT64_MIN)
        return false;
    *out = (money_t)q;
    return true;
}

/* Divides the exact 128-bit value by `div`, rounding half away from zero. */
static bool wide_div_round(money_wide p, money_wide div, money_t *out)
{
    money_wide q = p / div, r = p % div; /* truncates toward zero */
    if (2 * r >= div)
        q++;
    else if (2 * r <= -div)
        q--;
    if (q > INT64_MAX || q < INT64_MIN)
        return false;
    *out = (money_t)q;
    return true;
}

bool money_percent_of(money_t a, money_t percent, money_t *out)
{
    /* a × percent has 8 decimals and is a hundred times the result: one division by 10^6, so
     * the only rounding is the last one. */
    return wide_div_round((money_wide)a * (money_wide)percent, (money_wide)MONEY_SCALE * 100, out);
}

bool money_round_places(money_t a, int places, money_t *out)
{
    if (places >= 4) {
        *out = a;
        return true;
    }
    money_wide unit = 1;
    for (int i = places < 0 ? 0 : places; i < 4; i++)
        unit *= 10;
    money_t q;
    if (!wide_div_round((money_wide)a, unit, &q))
        return false;
    money_wide back = (money_wide)q * unit;
    if (back > INT64_MAX || back < INT64_MIN)
        return false;
    *out = (money_t)back;
    return true;
}

/* Writes the decimal digits of v (at least min_digits, zero-padded) backwards
 * ending before endp; returns the count. */
static size_t put_digits(uint64_t v, char *endp, int min_digits)
{
    size_t n = 0;
    do {
        *--endp = (char)('0' + v % 10u);
        v /= 10u;
        n++;
    } while (v != 0 || (int)n < min_digits);
    return n;
}

size_t money_format(money_t m, int places, char *buf, size_t bufsize)
{
    if (places < 0)
        places = 0;
    if (places > 4)
        places = 4;
    uint64_t mag = m < 0 ? 0u - (uint64_t)m : (uint64_t)m;
    uint64_t div = pow10_u[4 - places];
    uint64_t r = (mag + div / 2u) / div; /* half away from zero: rounding the magnitude */
    uint64_t unit = pow10_u[places];
    char tmp[MONEY_MAX_TEXT];
    char *endp = tmp + sizeof tmp;
    size_t n = 0;
    if (places > 0) {
        n += put_digits(r % unit, endp, places);
        tmp[sizeof tmp - ++n] = '.';
    }
    n += put_digits(r / unit, endp - n, 1);
    if (m < 0 && r != 0)
        tmp[sizeof tmp - ++n] = '-';
    if (bufsize == 0)
        return n;
    size_t w = n < bufsize ? n : bufsize - 1;
    memcpy(buf, endp - n, w);
    buf[w] = '\0';
    return w;
}

size_t money_format_min(money_t m, char *buf, size_t bufsize)
{
    char tmp[MONEY_MAX_TEXT];
    size_t n = money_format(m, 4, tmp, sizeof tmp);
    while (tmp[n - 1] == '0')
        n--;
    if (tmp[n - 1] == '.')
        n--;
    if (bufsize == 0)
        return n;
    size_t w = n < bufsize ? n : bufsize - 1;
    memcpy(buf, tmp, w);
    buf[w] = '\0';
    return w;
}

double money_to_double(money_t m)
{
    /* Exact below 2^53 before the one division, so the result is the double
     * nearest the decimal value. */
    return (double)m / (double)MONEY_SCALE;
}
