/* Where Rebillia's endpoints are, relative to the configured base URL: see rebillia_internal.h. */
#include "api/rebillia/rebillia_internal.h"

#include "util/sbuf.h"

#include <string.h>

/* Whether the base URL already ends in /v1: process state, set from the connection (one target per
 * run). */
static bool base_has_v1 = true;

void rebillia_paths_set(const char *base_url)
{
    size_t n = base_url ? strlen(base_url) : 0;
    while (n > 0 && base_url[n - 1] == '/')
        n--;
    base_has_v1 = n >= 3 && memcmp(base_url + n - 3, "/v1", 3) == 0;
}

char *rebillia_path(const char *rel)
{
    sbuf b = SBUF_INIT;
    if (!base_has_v1)
        sbuf_adds(&b, "/v1");
    sbuf_adds(&b, rel);
    return sbuf_take(&b, NULL);
}

/* From a base ending in /v1, the root is one step up: libcurl removes the "/.." before sending
 * (dot segments are squashed unless CURLOPT_PATH_AS_IS is set), so the server sees
 * /globals/countries. */
char *rebillia_root_path(const char *rel)
{
    sbuf b = SBUF_INIT;
    if (base_has_v1)
        sbuf_adds(&b, "/..");
    sbuf_adds(&b, rel);
    return sbuf_take(&b, NULL);
}
