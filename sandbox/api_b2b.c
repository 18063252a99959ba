/* The B2B Edition table of the API seam (sandbox/api.h): X-Auth-Token / X-Store-Hash checks, the
 * route table of route.c, the handlers of h_*.c, and errors in the API's envelope. */
#include "sandbox/api.h"
#include "sandbox/route.h"
#include "sandbox/store.h"
#include "util/common.h"

#include <stdlib.h>
#include <string.h>

typedef struct b2b_state {
    sb_ctx ctx;
    cJSON *extra;
    const char *token, *store_hash;
    bool read_only;
} b2b_state;

static int b2b_open(const sb_api_env *env, void **state, ic_err *err)
{
    const sandbox_config *cfg = env->cfg;
    b2b_state *b = xcalloc(1, sizeof *b);
    if (cfg->extra_fields_path &&
        !(b->extra = sandbox_load_extra_fields(cfg->extra_fields_path, err))) {
        free(b);
        return err->code;
    }
    if (!(b->ctx.store = sb_store_open(cfg->db_path, err))) {
        cJSON_Delete(b->extra);
        free(b);
        return err->code;
    }
    b->ctx.extra_fields = b->extra;
    b->ctx.strict_details = cfg->strict_details;
    b->token = cfg->token;
    b->store_hash = cfg->store_hash;
    b->read_only = cfg->read_only;
    *state = b;
    return 0;
}

static void b2b_started(void *state, const char *base_url)
{
    ((b2b_state *)state)->ctx.base_url = base_url;
}

static void b2b_close(void *state)
{
    b2b_state *b = state;
    if (!b)
        return;
    sb_store_close(b->ctx.store);
    cJSON_Delete(b->extra);
    free(b);
}

/* Constant-time comparison, so the token cannot be guessed byte by byte from
 * timings. */
static bool secret_eq(const char *given, const char *want)
{
    size_t gl = strlen(given), wl = strlen(want);
    unsigned char diff = gl != wl;
    for (size_t i = 0; i < wl; i++)
        diff |= (unsigned char)(want[i] ^ (i < gl ? given[i] : 0));
    return diff == 0;
}

/* 401 / 403, or 0 when the credentials are right.  The deprecated `authToken`
 * header alone is accepted too (it carried the store with it).  With --read-only the token lacks
 * the write scope: every write answers 403, as B2B Edition does when the API account lacks the
 * OAuth scope, in the API's error envelope (the spec's error responses: data.errMsg). */
static int b2b_admit(void *state, const sb_api_call *call, sb_reply *out)
{
    b2b_state *s = state;
    const sb_request *rq = &call->rq;
    const char *token = sb_header(rq, "X-Auth-Token");
    bool legacy = false;
    if (!token) {
        token = sb_header(rq, "authToken");
        legacy = token != NULL;
    }
    if (!token || !secret_eq(token, s->token)) {
        sb_reply_error(out, 401,
                       token ? "The X-Auth-Token is not valid."
                             : "The X-Auth-Token header is missing.");
        return 401;
    }
    const char *hash = sb_header(rq, "X-Store-Hash");
    if (!legacy && (!hash || strcmp(hash, s->store_hash) != 0)) {
        sb_reply_error(out, 403,
                       hash ? "The X-Store-Hash does not match this token's store."
                            : "The X-Store-Hash header is missing.");
        return 403;
    }
    if (s->read_only && strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0) {
        sb_reply_error(out, 403,
                       "This API account does not have the scope to modify invoices (read-only "
                       "token).");
        return 403;
    }
    return 0;
}

static void b2b_handle(void *state, const sb_api_call *call, sb_reply *out)
{
    b2b_state *s = state;
    char param[256], allow[64];
    int status = 0;
    sb_handler fn =
        sb_route(call->rq.method, call->rq.path, param, sizeof param, &status, allow, sizeof allow);
    if (!fn) {
        if (status == 405) {
            static const char *const allows[] = {"GET", "POST", "GET, POST", "GET, PUT, DELETE",
                                                 "PUT, DELETE"};
            sb_reply_error(out, 405, "The method is not allowed for this path.");
            for (size_t i = 0; i < IC_ARRAY_LEN(allows); i++)
                if (strcmp(allows[i], allow) == 0)
                    out->allow = allows[i];
        } else {
            sb_reply_error(out, 404, "The path does not exist.");
        }
        return;
    }
    if (call->too_large) {
        sb_reply_error(out, 413, "The request body is larger than 1 MiB.");
        return;
    }
    sb_record_write(call->record, call->rq.method, call->rq.path, call->rq.body, call->rq.body_len);
    sb_request rq = call->rq;
    rq.param = param;
    fn(&s->ctx, &rq, out);
}

static void b2b_answer(enum sb_answer kind, sb_reply *out)
{
    switch (kind) {
    case SB_ANS_CONCURRENCY:
        sb_reply_error(out, 429, "Too many concurrent requests.");
        break;
    case SB_ANS_RATE:
        sb_reply_error(out, 429,
                       "Too many requests: the store's request budget for this "
                       "window is spent.");
        break;
    case SB_ANS_BURST:
        sb_reply_error(out, 429, "Too many requests.");
        break;
    case SB_ANS_500:
        sb_reply_error(out, 500, "Internal server error.");
        break;
    case SB_ANS_503:
        sb_reply_error(out, 503, "The service is temporarily unavailable.");
        break;
    }
}

const sb_api sb_api_b2b = {
    .name = "bigcommerce-b2b",
    .prefix = "/api/v3/io/ip",
    .rate_headers = true,
    .open = b2b_open,
    .started = b2b_started,
    .close = b2b_close,
    .admit = b2b_admit,
    .handle = b2b_handle,
    .answer = b2b_answer,
};
