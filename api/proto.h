/* The engine's protocol hooks: what the HTTP engine (api/http.h) needs to know of a target API to
 * send its requests, and nothing more.  A connector (api/connector.h) fills one http_proto per
 * connection; the engine calls it.  Nothing in the engine names a header or an error code of an
 * API: credentials on the wire, sessions, which answers to retry and the rate headers all come
 * through here.
 *
 * Sessions (BILL): when classify says HTTP_CLASS_SIGN_IN (an expired session), the engine holds
 * that request and every request that has not left yet, sends the sign-in request once (its body
 * holds a secret: the engine wipes it after use and never logs it), hands the answer to signed_in,
 * asks headers() again, and replays what it held.  A request is replayed at most three times, each
 * after a sign-in of its own; a fourth expiry is delivered (a server that refuses every new
 * session ends the run instead of looping).  A sign-in is counted (http_stats.sign_ins).  The first
 * sign-in happens before the first request.
 *
 * Engine details the table implies (refinements, as implemented in api/http.c):
 *  - the sign-in request is sent as idempotent: a transport error, a 5xx, a RATE or BUSY answer to
 *    it is retried like any GET; its own answer is never taken as HTTP_CLASS_SIGN_IN;
 *  - requests sent before a sign-in that come back HTTP_CLASS_SIGN_IN are replayed with the new
 *    session without another sign-in (counted among their three replays);
 *  - when signed_in fails (or the sign-in gets no answer: IC_EXIT_IO), every request not answered
 *    yet is answered HTTP_FAILED "not sent: <message>", http_run returns the code and
 *    http_engine_error (api/http.h) gives the message;
 *  - headers() is called when the engine is created (before any sign-in: give what you have, e.g.
 *    the developer key, and nothing for the session yet) and again after every sign-in;
 *  - HTTP_CLASS_BUSY retries at most 30 times; HTTP_CLASS_RATE without rate headers at most
 *    max_retries times (as a B2B 429 always has);
 *  - the engine owns ctx from http_engine_new on, even when that fails.
 *
 * Ownership: ctx belongs to the proto; the engine calls ctx_free(ctx) once when it is freed (it
 * may wipe secrets there).
 */
#ifndef INVOICECTL_API_PROTO_H
#define INVOICECTL_API_PROTO_H

#include "api/governor.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* What the engine makes of an HTTP answer before the caller sees it. */
enum http_class {
    HTTP_CLASS_FINAL = 0, /* deliver it (2xx, 4xx, and 5xx of requests that are not idempotent) */
    HTTP_CLASS_SERVER,    /* a server error: retried when the request is idempotent, else
                             delivered (a create may have been stored) */
    HTTP_CLASS_BUSY,      /* refused unprocessed because too much is in flight (B2B 429 with budget
                             left, BILL BDC_1322): retried after a short backoff even for a POST,
                             concurrency halved (api/governor.h) */
    HTTP_CLASS_RATE,      /* the rate budget is spent (429 with rate headers): the governor waits */
    HTTP_CLASS_SIGN_IN    /* the session expired (BILL BDC_1109): sign in again and replay */
};

/* Adds one header line ("Name: value"); returns 0, or -1 when out of memory. */
typedef int (*http_add_header_fn)(void *sink, const char *line);
/* Reads one header of the answer by name; NULL when absent. */
typedef const char *(*http_get_header_fn)(void *src, const char *name);

typedef struct http_proto {
    void *ctx;
    void (*ctx_free)(void *ctx);
    /* Every request's extra header lines (credentials, store).  0, or IC_EXIT_USAGE with err. */
    int (*headers)(void *ctx, http_add_header_fn add, void *sink, ic_err *err);
    /* The sign-in request (method, path, body: heap strings the engine frees, wiping the body);
     * false when the target has no sessions.  NULL: none. */
    bool (*sign_in_request)(void *ctx, char **method, char **path, char **body);
    /* The sign-in answer: status and parsed body (NULL when not JSON).  0 when signed in (the
     * session is in ctx, and headers() gives it from now on), or an exit code with err
     * (IC_EXIT_USAGE: wrong credentials, named without their values). */
    int (*signed_in)(void *ctx, long status, const cJSON *json, ic_err *err);
    /* The class of an answer, and the status the caller should see (B2B Edition answers some
     * errors as "200 OK" with {"code": 4xx} in the body: that code).  *effective comes in as the
     * HTTP status.  json is NULL when the body is not JSON.  NULL: by status alone (429 RATE, 5xx
     * SERVER, else FINAL). */
    enum http_class (*classify)(void *ctx, long status, const cJSON *json, long *effective);
    /* The rate headers of an answer; false when there are none.  NULL: the target has none.  out
     * comes in with every field -1 (unknown); get(src, "Name") reads one answer header. */
    bool (*rate_headers)(void *ctx, http_get_header_fn get, void *src, gov_headers *out);
    int max_concurrency; /* most requests in flight (BILL: 3); 0: the connection's setting */
} http_proto;

#endif
