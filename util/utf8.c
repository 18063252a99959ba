/* UTF-8 validation with an ASCII fast path, and windows-1252 / latin-1
 * conversion. */
#include "util/utf8.h"

#include <stdint.h>
#include <string.h>

#define HIGH_BITS UINT64_C(0x8080808080808080)
#define LOW_BITS UINT64_C(0x0101010101010101)

/* True when any byte of v is zero or has its high bit set (the classic "has
 * zero byte" trick). */
static inline int word_needs_care(uint64_t v)
{
    return ((v | ((v - LOW_BITS) & ~v)) & HIGH_BITS) != 0;
}

size_t utf8_invalid_at(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        /* Most CSV text is ASCII: skip it eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t v;
            memcpy(&v, s + i, sizeof v);
            if (word_needs_care(v))
                break;
            i += 8;
        }
        /* ... and the last few bytes (most fields are shorter than eight) as one word too, padded
         * with bytes that need no care. */
        if (i < n && n - i < 8) {
            uint64_t v;
            if (n >= 8) {
                memcpy(&v, s + n - 8, sizeof v); /* overlaps bytes already found plain */
            } else {
                /* Loads of 4, 2 and 1 bytes as n's bits say, put together in a register (bytes
                 * stored one by one and read back as a word would stall the load): which byte
                 * lands where does not matter, only whether any needs care. */
                const unsigned char *p = s + i;
                size_t k = n - i;
                unsigned shift = 0;
                v = 0;
                if (k & 4) {
                    uint32_t w;
                    memcpy(&w, p, 4);
                    v = w;
                    shift = 32;
                    p += 4;
                }
                if (k & 2) {
                    uint16_t w;
                    memcpy(&w, p, 2);
                    v |= (uint64_t)w << shift;
                    shift += 16;
                    p += 2;
                }
                if (k & 1) {
                    v |= (uint64_t)*p << shift;
                    shift += 8;
                }
                v |= LOW_BITS << shift; /* shift <= 56: k < 8 */
            }
            if (!word_needs_care(v))
                return n;
        }
        if (i >= n)
            break;
        unsigned char c = s[i];
        if (c == 0)
            return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            else if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            else if (c == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else {
            return i; /* continuation byte, C0/C1 overlong lead, or F5..FF */
        }
        if (n - i <= need)
            return i;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += need + 1;
    }
    return n;
}

/* windows-1252 0x80..0x9F; 0 marks the five undefined bytes. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

size_t utf8_from_8bit(char *out, const char *str, size_t n, bool cp1252, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char *o = (unsigned char *)out;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c == 0) {
            *bad = i;
            return (size_t)-1;
        }
        if (c < 0x80) {
            o[w++] = (unsigned char)c;
            continue;
        }
        if (cp1252 && c < 0xA0) {
            c = cp1252_c1[c - 0x80];
            if (!c) {
                *bad = i;
                return (size_t)-1;
            }
        }
        if (c < 0x800) {
            o[w++] = (unsigned char)(0xC0 | (c >> 6));
            o[w++] = (unsigned char)(0x80 | (c & 0x3F));
        } else {
            o[w++] = (unsigned char)(0xE0 | (c >> 12));
            o[w++] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            o[w++] = (unsigned char)(0x80 | (c & 0x3F));
        }
    }
    return w;
}

size_t utf8_to_8bit(char *out, const char *str, size_t n, bool cp1252, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = s[i], len = 1;
        if (c >= 0x80) {
            /* The text was checked as UTF-8 when it came in (API answers, mapping files): decode
             * without re-validating, but never read past n. */
            len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (i + len > n) {
                *bad = i;
                return (size_t)-1;
            }
            c &= len == 2 ? 0x1Fu : len == 3 ? 0x0Fu : 0x07u;
            for (unsigned k = 1; k < len; k++)
                c = (c << 6) | (s[i + k] & 0x3Fu);
        }
        unsigned byte = c;
        if (c >= 0x80 && c < 0xA0) {
            byte = cp1252 ? 0x100 : c; /* the C1 controls are bytes of latin-1 only */
        } else if (c > 0xFF) {
            byte = 0x100;
            if (cp1252)
                for (unsigned k = 0; k < 32; k++)
                    if (cp1252_c1[k] == c)
                        byte = 0x80 + k;
        }
        if (byte > 0xFF || c == 0) {
            *bad = i;
            return (size_t)-1;
        }
        out[w++] = (char)byte;
        i += len;
    }
    return w;
}
