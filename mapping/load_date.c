/* Date-format checks of mapping_load: a strptime-style format must be able to name a day. */
#include "mapping/load_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* NULL when the strptime-style format can name a day, else what is wrong with it. */
const char *date_format_problem(const char *fmt, char *buf, size_t size)
{
    if (strcmp(fmt, "iso") == 0 || strcmp(fmt, "excel") == 0)
        return NULL;
    bool day = false, month = false, year = false, yday = false;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        p++;
        switch (*p) {
        case 'd':
        case 'e':
            day = true;
            break;
        case 'm':
        case 'b':
        case 'B':
            month = true;
            break;
        case 'Y':
        case 'y':
            year = true;
            break;
        case 'j':
            yday = true;
            break;
        case 'H':
        case 'M':
        case 'S':
        case '%':
            break;
        case '\0':
            snprintf(buf, size, "'%s' ends with a lone '%%'", fmt);
            return buf;
        default:
            snprintf(
                buf, size,
                "'%s' uses '%%%c', which is not supported (use %%Y %%m %%d %%y %%b %%B %%e %%H %%M "
                "%%S %%j, or \"iso\" or \"excel\")",
                fmt, *p);
            return buf;
        }
    }
    if (!year) {
        snprintf(buf, size, "'%s' has no year (%%Y or %%y)", fmt);
        return buf;
    }
    if (!yday && !month) {
        snprintf(buf, size, "'%s' has no month (%%m, %%b or %%B)", fmt);
        return buf;
    }
    if (!yday && !day) {
        snprintf(buf, size, "'%s' has no day (%%d or %%e)", fmt);
        return buf;
    }
    return NULL;
}
