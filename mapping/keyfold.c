/* keyfold: case, accents, dashes and other look-alikes folded away (the rules: keyfold.h). */
#include "mapping/keyfold.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Base letters of U+00C0-U+00FF and U+0100-U+017F; '.' marks a character handled on its own (a
 * two-letter fold, a letter with no base letter, a sign that is no letter). */
static const char latin1[64 + 1] = "aaaaaa.ceeeeiiii"
                                   "dnooooo.ouuuuy.."
                                   "aaaaaa.ceeeeiiii"
                                   "dnooooo.ouuuuy.y";
static const char latin_ext_a[128 + 1] = "aaaaaaccccccccdd"
                                         "ddeeeeeeeeeegggg"
                                         "gggghhhhiiiiiiii"
                                         "ii..jjkk.lllllll"
                                         "lllnnnnnnn..oooo"
                                         "oo..rrrrrrssssss"
                                         "ssttttttuuuuuuuu"
                                         "uuuuwwyyyzzzzzzs";

/* One UTF-8 character at s (at most n bytes): its length, or 0 when the bytes are not valid UTF-8
 * (overlong forms, surrogates, a missing continuation byte). */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t v, min;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2, v = s[0] & 0x1Fu, min = 0x80;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3, v = s[0] & 0x0Fu, min = 0x800;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4, v = s[0] & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

static bool is_combining(uint32_t c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
           (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
           (c >= 0xFE20 && c <= 0xFE2F);
}

static char ascii_lower(uint32_t c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

static int one(char rep[2], char c)
{
    rep[0] = c;
    return 1;
}

/* The fold of one non-ASCII character into rep: its length (0: dropped), or -1 to keep the
 * character's own bytes. */
static int fold_char(uint32_t c, char rep[2])
{
    if (is_combining(c) || c == 0x00AD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 ||
        c == 0xFEFF)
        return 0;
    if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63)
        return one(rep, '-');
    if (c == 0x00A0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000)
        return one(rep, ' ');
    if (c >= 0xFF01 && c <= 0xFF5E)
        return one(rep, ascii_lower(c - 0xFEE0));
    if (c == 0x212A)
        return one(rep, 'k');
    if (c == 0x212B)
        return one(rep, 'a');
    const char *two = NULL;
    if (c == 0xC6 || c == 0xE6)
        two = "ae";
    else if (c == 0xDF)
        two = "ss";
    else if (c == 0x132 || c == 0x133)
        two = "ij";
    else if (c == 0x152 || c == 0x153)
        two = "oe";
    if (two) {
        memcpy(rep, two, 2);
        return 2;
    }
    char base = c >= 0xC0 && c <= 0xFF     ? latin1[c - 0xC0]
                : c >= 0x100 && c <= 0x17F ? latin_ext_a[c - 0x100]
                                           : '.';
    if (base != '.')
        return one(rep, base);
    /* Þ and Ŋ have no base letter: their lower case, also two bytes. */
    if (c == 0xDE || c == 0x14A) {
        uint32_t lc = c + (c == 0xDE ? 0x20 : 1);
        rep[0] = (char)(0xC0 | (lc >> 6));
        rep[1] = (char)(0x80 | (lc & 0x3F));
        return 2;
    }
    return -1;
}

size_t keyfold(const char *s, size_t len, char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            out[n++] = ascii_lower(p[i++]);
            continue;
        }
        uint32_t c;
        size_t k = decode(p + i, len - i, &c);
        if (k == 0) {
            out[n++] = (char)p[i++]; /* not UTF-8: the byte as it is */
            continue;
        }
        char rep[2];
        int r = fold_char(c, rep);
        if (r < 0) {
            memcpy(out + n, p + i, k);
            n += k;
        } else {
            /* Every fold is at most as long as the character it replaces (2 bytes from at
             * least 2). */
            memcpy(out + n, rep, (size_t)r);
            n += (size_t)r;
        }
        i += k;
    }
    out[n] = '\0';
    return n;
}
