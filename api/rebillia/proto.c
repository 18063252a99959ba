/* Rebillia on the wire, for the engine: one header, X-AUTH-TOKEN with the API key.  No sessions
 * and no rate headers are documented, so the engine classifies answers by status alone. */
#include "api/rebillia/rebillia_internal.h"

#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void line_free(void *ctx)
{
    char *line = ctx;
    if (line) {
        /* The line holds the API key: wiped before it is freed. */
        volatile char *p = line;
        while (*p)
            *p++ = 0;
    }
    free(line);
}

static int add_headers(void *ctx, http_add_header_fn add, void *sink, ic_err *err)
{
    if (add(sink, ctx) != 0)
        return ic_err_set(err, IC_EXIT_INTERNAL, "out of memory");
    return 0;
}

int rebillia_engine_proto(const api_conn *conn, http_proto *proto, ic_err *err)
{
    const char *tok = conn->token;
    if (!tok || !*tok)
        return ic_err_set(err, IC_EXIT_USAGE,
                          "Rebillia needs an API key: set REBILLIA_API_KEY, use --token-file FILE, "
                          "or put \"token\" in a config profile");
    for (const char *p = tok; *p; p++)
        if ((unsigned char)*p < ' ' || *p == 0x7f)
            return ic_err_set(err, IC_EXIT_USAGE,
                              "the Rebillia API key holds a control character (a stray newline?)");
    rebillia_paths_set(conn->base_url);
    /* One allocation of the right size: a growing buffer would leave copies of the key behind. */
    size_t n = strlen("X-AUTH-TOKEN: ") + strlen(tok) + 1;
    char *line = xmalloc(n);
    snprintf(line, n, "X-AUTH-TOKEN: %s", tok);
    memset(proto, 0, sizeof *proto);
    proto->ctx = line;
    proto->ctx_free = line_free;
    proto->headers = add_headers;
    return 0;
}
