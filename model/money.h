/* Exact decimal amounts: a signed 64-bit count of ten-thousandths (4 decimal places, the API's
 * precision). Quantities use the same representation.  No function here touches binary floating
 * point.
 *
 * Rounding rule (documented in docs/mapping.md): results with more than 4 decimals, such as
 * quantity × price, are rounded half away from zero to 4 places.  Every operation detects overflow
 * and reports it. Range: ±922,337,203,685,477.5807.
 */
#ifndef INVOICECTL_MODEL_MONEY_H
#define INVOICECTL_MODEL_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MONEY_SCALE 10000
#define MONEY_MAX_TEXT 32 /* enough for any formatted amount, sign and NUL */

typedef int64_t money_t; /* value × 10^4 */

enum money_status {
    MONEY_OK = 0,
    MONEY_EMPTY,     /* blank text */
    MONEY_SYNTAX,    /* not a number in the accepted spellings */
    MONEY_PRECISION, /* more than 4 decimals where rounding was not allowed */
    MONEY_OVERFLOW   /* outside the range */
};

/* Parses an amount.  Accepted spellings (decimal='.'): "1234.5", "1,234.50", "$1,234.50", "€ 12",
 * "(12.00)", "-12.00", "+3", and SAP's trailing minus "580.20-" (-580.20, when no other sign or
 * parenthesis is given).  A dash alone, with blanks or a currency mark around it ("-", "$-",
 * " $ -   "), is Excel's accounting-format zero: 0.  With decimal=',' the roles of ',' and '.' swap
 * ("1.234,50"); a space or U+00A0 / U+202F may also group thousands.  Currency symbols $ € £ ¥ and
 * a 3-letter ISO code before or after the number are skipped (the caller checks they fit the
 * invoice).  A first group starting with 0 ("0,125" with decimal '.') is refused: it is a decimal
 * written with the other separator.  More than 4 decimals is MONEY_PRECISION (never silently
 * rounded). `s` need not be NUL-terminated past `len`. */
enum money_status money_parse(const char *s, size_t len, char decimal, money_t *out);
/* money_parse that also says, for MONEY_SYNTAX, which part of s was not understood: the bytes
 * [*bad_off, *bad_off + *bad_len) — one punctuation character, or a run of letters and digits
 * ("x" in "12.3x", "ABC" in "ABC 12"), or the whole text when it holds no number ("$"). */
enum money_status money_parse_where(const char *s, size_t len, char decimal, money_t *out,
                                    size_t *bad_off, size_t *bad_len);

/* A human explanation of a status, e.g. "more than 4 decimal places". Static storage. */
const char *money_strerror(enum money_status st);

/* Arithmetic; each returns false on overflow and leaves *out untouched. */
bool money_add(money_t a, money_t b, money_t *out);
bool money_sub(money_t a, money_t b, money_t *out);
/* a × b with both at 4 places, rounded half away from zero to 4 places. */
bool money_mul(money_t a, money_t b, money_t *out);

/* a × percent / 100 (a percentage of an amount: percent 12.5 is 12.5 %), computed exactly and
 * rounded once, half away from zero, to 4 places. */
bool money_percent_of(money_t a, money_t percent, money_t *out);
/* a rounded half away from zero to `places` decimals (0..4; 4 or more leaves it as it is):
 * money_round_places(61.435, 2) is 61.44, (-0.125, 2) is -0.13. */
bool money_round_places(money_t a, int places, money_t *out);

/* Writes the amount with exactly `places` decimals (0..4), '.' as separator, '-' for negatives, no
 * grouping: money_format(12345000, 4, ...) gives "1234.5000"; with places=2, "1234.50" (rounded
 * half away from zero). Returns the length written (buf must hold MONEY_MAX_TEXT). */
size_t money_format(money_t m, int places, char *buf, size_t bufsize);

/* Shortest exact text: trailing zeros dropped ("1234.5", "12", "-0.0001"). */
size_t money_format_min(money_t m, char *buf, size_t bufsize);

/* The value as a double, for the one place that needs it: writing a numeric XLSX cell. */
double money_to_double(money_t m);

/* ISO 4217: true when `code` is a current 3-letter alphabetic code. */
bool currency_is_iso4217(const char *code);
/* The customary number of minor-unit decimals (USD 2, JPY 0, KWD 3); 2 when unknown. */
int currency_decimals(const char *code);
/* The code of a currency named in English: the ISO 4217 name or a common variant ("US Dollar",
 * "U.S. Dollar", "British pound", "Pound Sterling", "Euro", "Yuan Renminbi", "Chinese Yuan"),
 * case-insensitive, '.' and extra blanks ignored, a plural 's' allowed ("US Dollars").  False when
 * the name is not in the table (model/currency.c). */
bool currency_from_name(const char *s, size_t len, char code[4]);
/* The table behind currency_from_name, for tests: the i-th folded name and its code; NULL past the
 * end. */
size_t currency_name_count(void);
const char *currency_name_at(size_t i, const char **code);

#endif
