/* The HTTP engine: libcurl multi on one thread, pooled keep-alive connections, a rate governor that
 * spends the store's request budget without 429s, and retries with exponential backoff and full
 * jitter.
 *
 * Ownership: http_engine_new copies what it needs from the api_conn (the caller may free it
 * afterwards); http_engine_free releases everything, including requests still queued (their
 * callbacks are not called). http_submit copies method, path and body.  The http_result given to a
 * callback, its json and body are owned by the engine and valid during the callback only.
 *
 * The engine names no header, field or error code of any API: the target's http_proto
 * (api/proto.h, filled by its connector's engine_proto) gives the credential headers, the sign-in,
 * what an answer means (retry, rate limit, busy, expired session) and the rate headers.
 *
 * Secrets: credentials are only ever put in the headers of requests to the configured host (and a
 * sign-in body, wiped after use); curl's verbose mode is never enabled; redirects are never
 * followed; error messages name the URL path only, never a credential.
 */
#ifndef INVOICECTL_API_HTTP_H
#define INVOICECTL_API_HTTP_H

#include "api/conn.h"
#include "api/proto.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* Answers larger than this are aborted with an error (a runaway or hostile server). */
#define HTTP_MAX_BODY (64UL * 1024 * 1024)

typedef struct http_engine http_engine;

enum http_outcome {
    HTTP_ANSWERED, /* a complete HTTP answer was received (any status); see status/json */
    HTTP_UNKNOWN,  /* the request may have reached the server but no answer came (timeout or reset
                      after  the body was sent) and it was not retried because it is not idempotent
                      (POST) */
    HTTP_FAILED /* gave up after max_retries (or a non-retryable transport error, TLS, DNS, …) */
};

typedef struct http_result {
    enum http_outcome outcome;
    long status; /* HTTP status when ANSWERED (or FAILED after retries), else 0; the status the
                    target's classify says counts (B2B Edition: a 2xx whose body's "code" is
                    400..599 gives that code, the API's real answer) */
    cJSON *json; /* parsed body when it was JSON, else NULL; owned by the engine, valid during the
                    callback only (detach with cJSON_DetachItem… or duplicate to keep) */
    const char *body; /* raw body (NUL-terminated, "" when none), during the callback only */
    size_t body_len;
    int attempts;    /* how many times it was sent */
    char error[512]; /* transport error or "GET /invoices: HTTP 503 after 6 attempts", no secrets;
                        "" when outcome is ANSWERED with a status the engine does not retry */
} http_result;

/* Called exactly once per submitted request (unless the engine is freed first). */
typedef void (*http_done_fn)(void *ctx, const http_result *res);

/* Creates the engine for a connection (copies what it needs) speaking the target's protocol (proto:
 * copied; NULL for none: no extra headers, answers classified by status alone).  The engine owns
 * proto->ctx from this call on, even when it fails: it calls proto->ctx_free(ctx) once.  The
 * connection's concurrency is capped at proto->max_concurrency when that is set.  NULL with err on
 * failure (IC_EXIT_USAGE when proto->headers refuses the credentials). */
http_engine *http_engine_new(const api_conn *conn, const http_proto *proto, ic_err *err);
void http_engine_free(http_engine *e);
/* Why http_run failed other than by a stop: a sign-in that failed (wrong credentials: its code is
 * IC_EXIT_USAGE; no answer: IC_EXIT_IO).  Then every request not answered yet was answered
 * HTTP_FAILED with error "METHOD PATH: not sent: <this message>", and http_run returned the code.
 * NULL when nothing failed. */
const ic_err *http_engine_error(const http_engine *e);

/* Queues a request. method "GET"/"POST"/"PUT"/"DELETE"; path_query is relative to base_url
 * ("/invoices?limit=250&offset=0"); body is JSON text or NULL (copied). idempotent=true (GET, PUT,
 * DELETE) lets the engine retry timeouts/resets/5xx/429 by itself; for POST (idempotent=false) a
 * 429 or a refused connection (nothing sent) is retried, but a timeout/reset after sending or a 5xx
 * gives HTTP_UNKNOWN / HTTP_ANSWERED to the caller so it can look the invoice up before resending.
 * A request that is not idempotent is also never resent by libcurl itself (its body goes through a
 * read callback libcurl cannot rewind: a reused connection that closes without an answer gives
 * HTTP_UNKNOWN, not a silent second send).  fn is called exactly once, from inside http_run. */
void http_submit(http_engine *e, const char *method, const char *path_query, const char *body,
                 bool idempotent, http_done_fn fn, void *ctx);

/* What a gate says about a queued request (http_submit_gated). */
enum http_gate { HTTP_GATE_WAIT, HTTP_GATE_OPEN, HTTP_GATE_CANCEL };
typedef enum http_gate (*http_gate_fn)(void *ctx);

/* Like http_submit, but the request does not start before gate(ctx) says HTTP_GATE_OPEN (e.g. once
 * a journal line is on disk); other requests start meanwhile.  The engine asks the gate on every
 * turn of its loop (at least every 200 ms; call http_engine_wakeup when the answer may have
 * changed).  HTTP_GATE_CANCEL drops the request unsent: fn gets HTTP_FAILED with attempts 0.  Once
 * open, the gate is not asked again (retries do not wait for it). */
void http_submit_gated(http_engine *e, const char *method, const char *path_query, const char *body,
                       bool idempotent, http_gate_fn gate, http_done_fn fn, void *ctx);
/* Wakes http_run from its wait so that it looks at its gates again.  Thread-safe. */
void http_engine_wakeup(http_engine *e);

/* Runs until no request is queued or in flight (callbacks may submit more). Returns 0, the code of
 * a failed sign-in (http_engine_error), or IC_EXIT_INTERRUPTED when http_engine_stop was called
 * (e.g. from a SIGINT handler flag); then the requests in flight are abandoned and the queued ones
 * dropped, each callback called with HTTP_UNKNOWN (in flight, not idempotent) or HTTP_FAILED with
 * error "interrupted". */
int http_run(http_engine *e);
void http_engine_stop(http_engine *e); /* async-signal-safe: sets a flag */
/* Async-signal-safe: a gentler stop.  Nothing more is sent: queued requests, including those
 * waiting out a backoff or a rate window, are answered HTTP_FAILED "interrupted" at once (within
 * one turn of the loop, at most 200 ms), while those in flight finish normally; then http_run
 * returns IC_EXIT_INTERRUPTED. */
void http_engine_drain(http_engine *e);

/* Counters for progress lines, summaries and benchmarks. */
typedef struct http_stats {
    unsigned long requests;      /* attempts sent */
    unsigned long answered_429;  /* rate-limit answers (HTTP_CLASS_RATE) */
    unsigned long answered_busy; /* too many at once (HTTP_CLASS_BUSY) */
    unsigned long answered_5xx;
    unsigned long sign_ins; /* sessions opened (api/proto.h), the first one included */
    unsigned long retries;
    unsigned long by_method[4]; /* GET, POST, PUT, DELETE attempts */
    long remaining;             /* last remaining budget the rate headers told, -1 unknown */
    long allocated;             /* last budget per window, -1 unknown */
    double window_resets_in_s;  /* the window's reset as of now (last told, less the time
                                   since) */
    double elapsed_s;           /* since the engine was created */
    double waited_s;            /* total time the governor held requests back for the budget */
    double window_s;            /* the window's length the rate headers told, 0 unknown */
    enum http_wait {
        HTTP_WAIT_NONE,
        HTTP_WAIT_WINDOW, /* the budget is spent: every send waits for the window to reset */
        HTTP_WAIT_RETRY   /* nothing in flight; every queued request waits out its backoff */
    } waiting;            /* what the run waits for right now */
    double wait_s;        /* and for how much longer, seconds */
} http_stats;
void http_get_stats(const http_engine *e, http_stats *out);
/* How many requests may be in flight at once (the connection's --concurrency). */
int http_engine_concurrency(const http_engine *e);
/* Optional: called about once a second while http_run runs (for progress lines). */
void http_set_tick(http_engine *e, void (*tick)(void *ctx), void *ctx);

#endif
