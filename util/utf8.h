/* UTF-8 validation and single-byte (windows-1252, latin-1) to UTF-8 conversion and back,
 * for the CSV reader and anyone else who must refuse text that is not UTF-8
 * before it reaches JSON or XLSX.
 *
 * Ownership: nothing is allocated; callers pass their own buffers.
 */
#ifndef INVOICECTL_UTIL_UTF8_H
#define INVOICECTL_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Offset of the first byte of s[0..n) that does not start a valid UTF-8
 * sequence (overlong forms, surrogates, code points above U+10FFFF, truncated
 * sequences and NUL bytes count as invalid), or n when all of it is valid.
 * ASCII runs are checked eight bytes at a time. */
size_t utf8_invalid_at(const char *s, size_t n);

/* Converts n bytes of windows-1252 (cp1252 true) or latin-1 (false) to UTF-8 in
 * out, which must have room for 3 * n bytes (no NUL is written).  Returns the
 * number of bytes written, or (size_t)-1 with *bad set to the offset of a byte
 * that cannot be converted: NUL, or in windows-1252 the undefined 0x81, 0x8D,
 * 0x8F, 0x90 and 0x9D (latin-1 maps those to U+0081.. like every other C1
 * control). */
size_t utf8_from_8bit(char *out, const char *s, size_t n, bool cp1252, size_t *bad);

/* The other way, for files written in a mapping's encoding: n bytes of UTF-8 to windows-1252
 * (cp1252 true) or latin-1 in out, which must have room for n bytes (no NUL is written).  Returns
 * the number of bytes written, or (size_t)-1 with *bad set to the offset of the first character the
 * encoding has no byte for ("Ł", "€" in latin-1) or of a truncated sequence. */
size_t utf8_to_8bit(char *out, const char *s, size_t n, bool cp1252, size_t *bad);

#endif
