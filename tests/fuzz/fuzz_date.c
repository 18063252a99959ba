/* Fuzz target: date_parse with the first byte choosing the format and zone. */
#include "model/date.h"
#include "tests/fuzz/fuzz.h"

static const char *const formats[] = {"%Y-%m-%d", "%d.%m.%Y",  "%m/%d/%Y",          "%d/%m/%y",
                                      "%d %b %Y", "%B %e, %Y", "%Y-%m-%d %H:%M:%S", "%j/%Y",
                                      "iso",      "excel"};
static const char *const zones[] = {"UTC", "Europe/Berlin", "America/Santiago", "Asia/Kolkata"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *fmt = formats[data[0] % (sizeof formats / sizeof formats[0])];
    const char *zone = zones[(data[0] >> 4) % (sizeof zones / sizeof zones[0])];
    int64_t t;
    if (date_parse((const char *)data + 1, size - 1, fmt, zone, &t) == DATE_OK) {
        char ymd[16];
        date_format_ymd(t, zone, ymd, sizeof ymd);
    }
    return 0;
}
