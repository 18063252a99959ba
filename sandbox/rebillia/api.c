/* The Rebillia public API v1 table of the API seam (sandbox/api.h): its store and lookups, the
 * X-AUTH-TOKEN check, the routes below and every error in Rebillia's shape.  Versioned routes are
 * served under /v1 and at the root; the globals (/globals/countries, /globals/gateways) only at
 * the root, as Rebillia serves them. */
#include "sandbox/route.h"
#include "sandbox/rebillia/rebillia.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*reb_handler)(reb_state *r, const sb_api_call *call, sb_reply *out);

/* First match wins.  "{}" is one path segment, the {id}. */
static const struct {
    const char *method, *pattern;
    reb_handler fn;
    bool global; /* at the root only */
} routes[] = {
    {"GET", "/invoices", reb_h_invoice_list, false},
    {"POST", "/invoices", reb_h_invoice_create, false},
    {"GET", "/invoices/{}", reb_h_invoice_get, false},
    {"PUT", "/invoices/{}", reb_h_invoice_update, false},
    {"DELETE", "/invoices/{}", reb_h_invoice_delete, false},
    {"PUT", "/invoices/{}/void", reb_h_invoice_void, false},
    {"POST", "/invoices/{}/charge", reb_h_invoice_charge, false},
    {"GET", "/currencies", reb_h_currencies, false},
    {"GET", "/gateways", reb_h_gateways, false},
    {"GET", "/customers", reb_h_customers, false},
    {"GET", "/customers/{}", reb_h_customer, false},
    {"GET", "/customers/{}/paymentmethods", reb_h_payment_methods, false},
    {"GET", "/globals/countries", reb_h_countries, true},
    {"GET", "/globals/gateways", reb_h_global_gateways, true},
};

static int reb_open(const sb_api_env *env, void **state, ic_err *err)
{
    reb_state *r = xcalloc(1, sizeof *r);
    r->cfg = env->cfg;
    pthread_mutex_init(&r->db_mu, NULL);
    *state = r;
    int rc = reb_store_open(r, env->cfg->db_path, err);
    if (rc == 0)
        rc = reb_seed(r, env->cfg->rebillia_lookups, err);
    return rc;
}

static void reb_close(void *state)
{
    reb_state *r = state;
    reb_store_close(r);
    pthread_mutex_destroy(&r->db_mu);
    free(r);
}

/* Compared in constant time, as the B2B token is: the time taken says nothing of the key. */
static bool same_key(const char *given, const char *key)
{
    size_t n = strlen(given), m = strlen(key);
    unsigned char diff = (unsigned char)(n != m);
    for (size_t i = 0; i < m; i++)
        diff |= (unsigned char)(key[i] ^ (i < n ? given[i] : 0));
    return diff == 0;
}

static int reb_admit(void *state, const sb_api_call *call, sb_reply *out)
{
    reb_state *r = state;
    const char *key = sb_header(&call->rq, "X-AUTH-TOKEN");
    if (key && r->cfg->token && same_key(key, r->cfg->token))
        return 0;
    reb_error(out, 401, "UNAUTHORIZED",
              key ? "Invalid API key." : "Missing API key (the X-AUTH-TOKEN header).", NULL);
    return 401;
}

static void reb_handle(void *state, const sb_api_call *call, sb_reply *out)
{
    const char *path = call->rq.path;
    bool versioned = strncmp(path, "/v1/", 4) == 0 || strcmp(path, "/v1") == 0;
    if (versioned)
        path += 3;
    size_t len = strlen(path);
    if (len > 1 && path[len - 1] == '/')
        len--;
    char param[256];
    bool path_known = false;
    for (size_t i = 0; i < IC_ARRAY_LEN(routes); i++) {
        if ((versioned && routes[i].global) ||
            !sb_route_match(routes[i].pattern, path, len, param, sizeof param))
            continue;
        path_known = true;
        if (strcmp(routes[i].method, call->rq.method) != 0)
            continue;
        if (call->too_large) {
            reb_error(out, 413, "PAYLOAD_TOO_LARGE", "The request body is larger than 1 MiB.",
                      NULL);
            return;
        }
        sb_record_write(call->record, call->rq.method, call->rq.path, call->rq.body,
                        call->rq.body_len);
        sb_api_call c = *call;
        c.rq.param = strchr(routes[i].pattern, '{') ? param : "";
        routes[i].fn(state, &c, out);
        return;
    }
    if (path_known)
        reb_error(out, 405, "METHOD_NOT_ALLOWED", "Method not allowed for this path.", NULL);
    else
        reb_error(out, 404, "NOT_FOUND", "No route found for this path.", NULL);
}

static void reb_answer(enum sb_answer kind, sb_reply *out)
{
    switch (kind) {
    case SB_ANS_CONCURRENCY:
    case SB_ANS_RATE:
    case SB_ANS_BURST:
        reb_error(out, 429, "TOO_MANY_REQUESTS", "Too many requests; try again later.", NULL);
        break;
    case SB_ANS_500:
        reb_error(out, 500, "INTERNAL_ERROR", "An internal error occurred.", NULL);
        break;
    case SB_ANS_503:
        reb_error(out, 503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable.", NULL);
        break;
    }
}

const sb_api sb_api_rebillia = {
    .name = "rebillia",
    .prefix = NULL, /* /v1 is taken off here, so that the globals stay at the root only */
    .rate_headers = false,
    .open = reb_open,
    .close = reb_close,
    .admit = reb_admit,
    .handle = reb_handle,
    .answer = reb_answer,
};
