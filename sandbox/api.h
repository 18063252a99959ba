/* The sandbox's API seam: one table per emulated API (B2B Edition, BILL v3, …).  The HTTP side
 * (server.c) owns what every API shares: the listening socket, the in-flight count, fault draws,
 * --latency, the 60-second rate window, --record-requests.  A table says what differs: its name
 * (`--api NAME`), the path prefix it is also served under, its store (opened with its own schema),
 * who may call it (admit), its routes and handlers (handle), and the shape of the answers the
 * server makes on its behalf (a concurrency refusal, a 500 fault…).
 *
 * Per request the server runs: health → in-flight limit (answer SB_ANS_CONCURRENCY) → admit →
 * 429 burst (SB_ANS_BURST) → rate window (SB_ANS_RATE) → faults (SB_ANS_500/503) → handle.
 *
 * Adding an API: write its table in its own folder (sandbox/NAME/), list it in sb_apis (api.c).
 *
 * Ownership: `state` is the API's, made by open and freed by close; the config and faults given to
 * open are borrowed for as long as the server runs.
 */
#ifndef INVOICECTL_SANDBOX_API_H
#define INVOICECTL_SANDBOX_API_H

#include "sandbox/faults.h"
#include "sandbox/handlers.h"
#include "sandbox/record.h"
#include "sandbox/reply.h"
#include "sandbox/sandbox.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>

/* Answers the server makes for an API, in the API's own error shape. */
enum sb_answer {
    SB_ANS_CONCURRENCY, /* more requests in flight than the limit */
    SB_ANS_RATE,        /* the 60-second window is spent (--rate-limit) */
    SB_ANS_BURST,       /* a burst429 fault */
    SB_ANS_500,
    SB_ANS_503
};

/* What the server hands an API besides the request. */
typedef struct sb_api_env {
    const sandbox_config *cfg;
    sb_faults *faults; /* for API-specific fault kinds (session-expire) */
} sb_api_env;

/* One request as the server sees it; `rq` is filled as for a B2B handler.  `too_large`: the body
 * was over 1 MiB and was not kept. `record`: --record-requests, to be written (sb_record_write)
 * when the request reaches a handler; NULL when off. */
typedef struct sb_api_call {
    sb_request rq;
    bool too_large;
    sb_record *record;
} sb_api_call;

typedef struct sb_api {
    const char *name;   /* the --api value */
    const char *prefix; /* also served under this path prefix ("/api/v3/io/ip"); NULL: root only */
    bool rate_headers;  /* add the X-Requests-* headers to every answer (B2B) */
    int (*open)(const sb_api_env *env, void **state, ic_err *err);
    void (*started)(void *state, const char *base_url); /* the server listens at base_url */
    void (*close)(void *state);
    /* 0 when the request may go on; otherwise fills out and returns its status. */
    int (*admit)(void *state, const sb_api_call *call, sb_reply *out);
    /* Routes and answers (404/405/413 included). */
    void (*handle)(void *state, const sb_api_call *call, sb_reply *out);
    void (*answer)(enum sb_answer kind, sb_reply *out);
} sb_api;

extern const sb_api sb_api_b2b;
extern const sb_api sb_api_bill;
extern const sb_api sb_api_rebillia;

/* The table named `name` ("bigcommerce-b2b", "bill-v3"), or NULL. */
const sb_api *sb_api_find(const char *name);
/* "bigcommerce-b2b, bill-v3, rebillia", for messages. */
const char *sb_api_names(void);

#endif
