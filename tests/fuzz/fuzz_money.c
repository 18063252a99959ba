/* Fuzz target: money_parse in both decimal locales, the arithmetic on what it accepts, the part of
 * a refused amount money_parse_where names, and currency names. */
#include "model/money.h"
#include "tests/fuzz/fuzz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    money_t a = 0, b = 0, r;
    char buf[MONEY_MAX_TEXT];
    if (money_parse(s, size, '.', &a) == MONEY_OK) {
        money_format(a, 2, buf, sizeof buf);
        money_format_min(a, buf, sizeof buf);
        /* What money_format_min prints must parse back to the same value. */
        money_t back = 0;
        if (money_parse(buf, strlen(buf), '.', &back) != MONEY_OK || back != a)
            __builtin_trap();
    }
    /* The part named in a refusal lies inside the text and is never empty. */
    size_t off = 0, n = 0;
    money_t c = 0;
    if (money_parse_where(s, size, '.', &c, &off, &n) == MONEY_SYNTAX &&
        (n == 0 || off > size || n > size - off))
        __builtin_trap();
    char code[4];
    if (currency_from_name(s, size, code) && !currency_is_iso4217(code))
        __builtin_trap();
    if (money_parse(s, size, ',', &b) == MONEY_OK) {
        (void)money_add(a, b, &r);
        (void)money_sub(a, b, &r);
        (void)money_mul(a, b, &r);
    }
    return 0;
}
