/* B2B Edition on the wire: see b2b_proto.h. */
#include "api/b2b/b2b_proto.h"

#include "api/governor.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct b2b_proto_ctx {
    char *store_hash;
    char *token; /* SECRET: wiped before it is freed */
} b2b_proto_ctx;

static void wipe(char *s)
{
    volatile char *p = s;
    while (p && *p)
        *p++ = 0;
}

static void ctx_free(void *ctx)
{
    b2b_proto_ctx *c = ctx;
    if (!c)
        return;
    wipe(c->token);
    free(c->token);
    free(c->store_hash);
    free(c);
}

static int headers(void *ctx, http_add_header_fn add, void *sink, ic_err *err)
{
    b2b_proto_ctx *c = ctx;
    char line[4096];
    int bad = 0;
    snprintf(line, sizeof line, "X-Store-Hash: %s", c->store_hash);
    bad |= add(sink, line);
    int n = snprintf(line, sizeof line, "X-Auth-Token: %s", c->token);
    if (n < 0 || (size_t)n >= sizeof line) {
        memset(line, 0, sizeof line);
        return ic_err_set(err, IC_EXIT_USAGE, "the API token is too long");
    }
    bad |= add(sink, line);
    memset(line, 0, sizeof line);
    if (bad)
        return ic_err_set(err, IC_EXIT_INTERNAL, "out of memory setting up libcurl");
    return 0;
}

/* The B2B API can say "200 OK" over an error body: the body's code decides. */
static enum http_class classify(void *ctx, long status, const cJSON *json, long *effective)
{
    (void)ctx;
    long eff = status;
    const cJSON *code = json ? cJSON_GetObjectItemCaseSensitive(json, "code") : NULL;
    if (status >= 200 && status < 300 && cJSON_IsNumber(code) && code->valuedouble >= 400 &&
        code->valuedouble < 600)
        eff = (long)code->valuedouble;
    *effective = eff;
    /* A 429 with budget left (too many at once) is told apart by the governor from the rate
     * headers, so every 429 is RATE here. */
    if (eff == 429)
        return HTTP_CLASS_RATE;
    return eff >= 500 ? HTTP_CLASS_SERVER : HTTP_CLASS_FINAL;
}

static bool rate_headers(void *ctx, http_get_header_fn get, void *src, gov_headers *g)
{
    (void)ctx;
    g->allocated = gov_header_number(get(src, "X-Requests-Allocated"));
    g->remaining = gov_header_number(get(src, "X-Requests-Remaining"));
    g->resets_after = gov_header_number(get(src, "X-Request-Window-Resets-After"));
    g->window_len = gov_header_number(get(src, "X-Requests-Window-Length"));
    g->window_s = gov_header_window(get(src, "X-Requests-Allocated"));
    return g->allocated >= 0 || g->remaining >= 0 || g->resets_after >= 0;
}

int b2b_engine_proto(const api_conn *conn, http_proto *proto, ic_err *err)
{
    memset(proto, 0, sizeof *proto);
    if (!conn->token || !conn->store_hash)
        return ic_err_set(err, IC_EXIT_INTERNAL, "connection settings are incomplete");
    b2b_proto_ctx *c = xcalloc(1, sizeof *c);
    c->store_hash = xstrdup(conn->store_hash);
    c->token = xstrdup(conn->token);
    proto->ctx = c;
    proto->ctx_free = ctx_free;
    proto->headers = headers;
    proto->classify = classify;
    proto->rate_headers = rate_headers;
    return 0;
}
