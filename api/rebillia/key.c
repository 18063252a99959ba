/* The match key in `comments`: see rebillia_internal.h and docs/rebillia.md. */
#include "api/rebillia/rebillia_internal.h"

#include "util/sbuf.h"

#include <stdio.h>
#include <string.h>

char *rebillia_key_comment(const char *key)
{
    sbuf b = SBUF_INIT;
    sbuf_adds(&b, REBILLIA_KEY_PREFIX);
    sbuf_adds(&b, key ? key : "");
    return sbuf_take(&b, NULL);
}

bool rebillia_key_from_comment(const char *comments, char *buf, size_t bufsize)
{
    size_t plen = strlen(REBILLIA_KEY_PREFIX);
    if (!comments || strncmp(comments, REBILLIA_KEY_PREFIX, plen) != 0 || !comments[plen])
        return false;
    /* The whole rest is the key, byte for byte: the key is compared exactly, as invoice numbers are
     * everywhere else. */
    int n = snprintf(buf, bufsize, "%s", comments + plen);
    return n >= 0 && (size_t)n < bufsize;
}
