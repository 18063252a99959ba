/* The HTTP engine: see http.h.  One curl multi handle drives one reusable easy handle per
 * concurrency slot, so connections stay alive between requests; the governor decides when a queued
 * request may start. */
#include "api/http.h"
#include "util/utf8.h"

#include "api/governor.h"
#include "api/loopback.h"
#include "api/proto.h"
#include "util/clock.h"
#include "util/common.h"
#include "util/log.h"
#include "util/sbuf.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define HTTP_BACKOFF_BASE_S 0.5
#define HTTP_BACKOFF_CAP_S 30.0
/* The backoff of a 429 that leaves budget (too many at once): short, since halving the concurrency
 * is what relieves the server; and it holds back the one request only. */
#define HTTP_429_BACKOFF_BASE_S 0.25
#define HTTP_429_BACKOFF_CAP_S 2.0
#define HTTP_429_BACKOFF_MIN_S 0.1
/* A 429 that carries the rate headers is not the request's fault (the budget is shared), so it does
 * not use up max_retries; this only stops an endless loop against a server that answers 429
 * forever. A 429 without them says nothing about when to come back and counts as an ordinary retry.
 */
#define HTTP_MAX_429_RETRIES 30
/* Replays of one request after its session expired, each after a new sign-in (api/proto.h). */
#define HTTP_MAX_SESSION_REPLAYS 3
#define HTTP_POLL_MAX_MS 200
#define HTTP_CONNECT_TIMEOUT_MS 10000L

enum { M_GET, M_POST, M_PUT, M_DELETE };
static const char *const method_names[] = {"GET", "POST", "PUT", "DELETE"};

typedef struct http_req {
    struct http_req *next;
    int method;
    char *path; /* path and query, relative to the base URL */
    char *body; /* NULL: none */
    bool idempotent;
    http_done_fn fn;
    http_gate_fn gate; /* NULL: may start (see http_submit_gated) */
    void *ctx;
    int attempts;
    int retries_429;
    double not_before; /* a retry's backoff */
    bool sign_in;      /* the engine's own sign-in request (its body is a secret: wiped) */
    int replays;       /* times replayed after an expired session (HTTP_MAX_SESSION_REPLAYS) */
    unsigned gen;      /* the session it was last sent with */
} http_req;

typedef struct http_slot {
    CURL *easy;
    /* curl writes transfer errors here; it lives as long as the slot, which outlives the handle. */
    char errbuf[CURL_ERROR_SIZE];
    http_req *req; /* NULL: free */
    sbuf body;     /* the answer; reset, not freed, between requests */
    bool too_big;
    /* A request that is not idempotent sends its body through on_upload, which cannot rewind. */
    const char *up;
    size_t up_len, up_off;
} http_slot;

struct http_engine {
    CURLM *multi;
    http_slot *slots;
    int nslots;
    int in_flight;
    char *base_url;
    struct curl_slist *headers; /* holds the credentials: wiped before it is freed */
    /* Header lists of earlier sessions: requests still in flight may use them, so they are kept
     * (wiped) until the engine is freed.  Sign-ins are rare (a session lasts half an hour). */
    struct retired_headers {
        struct retired_headers *next;
        struct curl_slist *list;
    } * retired;
    http_proto proto; /* the target's hooks (api/proto.h); ctx owned here */
    enum { SESS_NONE, SESS_NEEDED, SESS_PENDING } sess; /* a sign-in is needed / under way */
    unsigned gen;                                       /* sign-ins so far (the session's number) */
    int fatal; /* the sign-in failed: every request fails, http_run returns this */
    ic_err fatal_err;
    char *cacert;
    bool insecure;
    long timeout_ms;
    int max_retries;
    governor gov;
    http_req *head, *tail;
    volatile sig_atomic_t stop;
    volatile sig_atomic_t drain; /* send nothing more; let the requests in flight finish */
    double reset_at;             /* when the last told window resets (engine clock); 0 unknown */
    http_stats stats;
    double t0;
    void (*tick)(void *ctx);
    void *tick_ctx;
    uint64_t rng;
};

/* xorshift64*: jitter only, nothing secret depends on it. */
static double rand01(http_engine *e)
{
    uint64_t x = e->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    e->rng = x;
    return (double)((x * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static void wipe_headers(struct curl_slist *h)
{
    for (; h; h = h->next) {
        volatile char *p = h->data;
        while (p && *p)
            *p++ = 0;
    }
}

static void free_req(http_req *r)
{
    if (!r)
        return;
    if (r->sign_in && r->body) {
        volatile char *p = r->body;
        while (*p)
            *p++ = 0;
    }
    free(r->path);
    free(r->body);
    free(r);
}

static int slist_add(struct curl_slist **list, const char *line)
{
    struct curl_slist *n = curl_slist_append(*list, line);
    if (!n)
        return -1;
    *list = n;
    return 0;
}

static int add_header_line(void *sink, const char *line)
{
    return slist_add(sink, line);
}

/* (Re)builds every request's header lines: the engine's own, then the target's (credentials,
 * session).  The list replaced is retired, not freed: requests in flight may still use it. */
static int build_headers(http_engine *e, ic_err *err)
{
    struct curl_slist *list = NULL;
    int bad = 0;
    bad |= slist_add(&list, "Accept: application/json");
    bad |= slist_add(&list, "Content-Type: application/json");
    bad |= slist_add(&list, "Expect:"); /* no 100-continue round trip for large bodies */
    if (bad) {
        curl_slist_free_all(list);
        return ic_err_set(err, IC_EXIT_INTERNAL, "out of memory setting up libcurl");
    }
    if (e->proto.headers) {
        int rc = e->proto.headers(e->proto.ctx, add_header_line, &list, err);
        if (rc != 0) {
            wipe_headers(list);
            curl_slist_free_all(list);
            return rc;
        }
    }
    if (e->headers) {
        struct retired_headers *old = xcalloc(1, sizeof *old);
        old->list = e->headers;
        old->next = e->retired;
        e->retired = old;
    }
    e->headers = list;
    return 0;
}

http_engine *http_engine_new(const api_conn *conn, const http_proto *proto, ic_err *err)
{
    http_engine *e = NULL;
    if (!conn->base_url) {
        if (proto && proto->ctx_free)
            proto->ctx_free(proto->ctx);
        ic_err_set(err, IC_EXIT_INTERNAL, "connection settings are incomplete");
        return NULL;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        if (proto && proto->ctx_free)
            proto->ctx_free(proto->ctx);
        ic_err_set(err, IC_EXIT_INTERNAL, "cannot initialise libcurl");
        return NULL;
    }
    e = xcalloc(1, sizeof *e);
    if (proto)
        e->proto = *proto; /* from here on http_engine_free frees its ctx */
    e->nslots = conn->concurrency > 0 ? conn->concurrency : API_DEFAULT_CONCURRENCY;
    if (e->proto.max_concurrency > 0 && e->nslots > e->proto.max_concurrency)
        e->nslots = e->proto.max_concurrency;
    e->sess = e->proto.sign_in_request ? SESS_NEEDED : SESS_NONE;
    e->base_url = xstrdup(conn->base_url);
    e->cacert = conn->cacert ? xstrdup(conn->cacert) : NULL;
    e->insecure = conn->insecure;
    e->timeout_ms = conn->timeout_ms > 0 ? conn->timeout_ms : API_DEFAULT_TIMEOUT_MS;
    e->max_retries = conn->max_retries >= 0 ? conn->max_retries : API_DEFAULT_MAX_RETRIES;
    e->t0 = mono_now();
    e->rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^ 0x9e3779b97f4a7c15ULL;
    gov_init(&e->gov, e->nslots);
    e->stats.remaining = -1;
    e->stats.allocated = -1;

    e->multi = curl_multi_init();
    if (!e->multi)
        goto oom;
    curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)e->nslots);
    curl_multi_setopt(e->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)e->nslots);
    curl_multi_setopt(e->multi, CURLMOPT_MAXCONNECTS, (long)e->nslots);
    e->slots = xcalloc((size_t)e->nslots, sizeof *e->slots);
    for (int i = 0; i < e->nslots; i++)
        if (!(e->slots[i].easy = curl_easy_init()))
            goto oom;
    if (build_headers(e, err) != 0) {
        http_engine_free(e);
        return NULL;
    }
    return e;
oom:
    http_engine_free(e);
    ic_err_set(err, IC_EXIT_INTERNAL, "out of memory setting up libcurl");
    return NULL;
}

void http_engine_free(http_engine *e)
{
    if (!e)
        return;
    for (int i = 0; e->slots && i < e->nslots; i++) {
        http_slot *s = &e->slots[i];
        if (s->easy) {
            if (s->req && e->multi)
                curl_multi_remove_handle(e->multi, s->easy);
            curl_easy_cleanup(s->easy);
        }
        free_req(s->req);
        sbuf_release(&s->body);
    }
    free(e->slots);
    if (e->multi)
        curl_multi_cleanup(e->multi);
    for (http_req *r = e->head, *nx; r; r = nx) {
        nx = r->next;
        free_req(r);
    }
    wipe_headers(e->headers);
    curl_slist_free_all(e->headers);
    for (struct retired_headers *o = e->retired, *nx; o; o = nx) {
        nx = o->next;
        wipe_headers(o->list);
        curl_slist_free_all(o->list);
        free(o);
    }
    if (e->proto.ctx_free)
        e->proto.ctx_free(e->proto.ctx);
    free(e->base_url);
    free(e->cacert);
    free(e);
    curl_global_cleanup();
}

void http_engine_stop(http_engine *e)
{
    e->stop = 1;
}

void http_engine_drain(http_engine *e)
{
    e->drain = 1;
}

const ic_err *http_engine_error(const http_engine *e)
{
    return e->fatal ? &e->fatal_err : NULL;
}

int http_engine_concurrency(const http_engine *e)
{
    return e->nslots;
}

void http_set_tick(http_engine *e, void (*tick)(void *ctx), void *ctx)
{
    e->tick = tick;
    e->tick_ctx = ctx;
}

void http_get_stats(const http_engine *e, http_stats *out)
{
    double now = mono_now();
    *out = e->stats;
    out->elapsed_s = now - e->t0;
    /* the countdown as of now, not as of the answer that told it */
    if (e->reset_at > 0)
        out->window_resets_in_s = e->reset_at > now ? e->reset_at - now : 0;
    out->waiting = HTTP_WAIT_NONE;
    out->wait_s = 0;
    double until;
    if (gov_holding(&e->gov, now, &until) == GOV_HOLD_WINDOW && e->head) {
        out->waiting = HTTP_WAIT_WINDOW;
        out->wait_s = until - now;
        return;
    }
    if (e->in_flight > 0 || !e->head)
        return;
    /* nothing in flight and every queued request in its backoff: the run waits for a retry */
    double soonest = -1;
    for (const http_req *r = e->head; r; r = r->next) {
        if (r->gate || r->not_before <= now)
            return;
        if (soonest < 0 || r->not_before < soonest)
            soonest = r->not_before;
    }
    out->waiting = HTTP_WAIT_RETRY;
    out->wait_s = soonest - now;
}

static int method_index(const char *m)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(m, method_names[i]) == 0)
            return i;
    return -1;
}

static void enqueue_back(http_engine *e, http_req *r)
{
    r->next = NULL;
    if (e->tail)
        e->tail->next = r;
    else
        e->head = r;
    e->tail = r;
}

/* Retries go first, so an old request is not starved by a stream of new ones. */
static void enqueue_front(http_engine *e, http_req *r)
{
    r->next = e->head;
    e->head = r;
    if (!e->tail)
        e->tail = r;
}

void http_submit_gated(http_engine *e, const char *method, const char *path_query, const char *body,
                       bool idempotent, http_gate_fn gate, http_done_fn fn, void *ctx)
{
    int m = method_index(method);
    if (m < 0 || !path_query || path_query[0] != '/') {
        /* A programming error, not a runtime condition. */
        fprintf(stderr, "invoicectl: internal error: bad request '%s %s'\n", method,
                path_query ? path_query : "");
        abort();
    }
    http_req *r = xcalloc(1, sizeof *r);
    r->method = m;
    r->path = xstrdup(path_query);
    r->body = body ? xstrdup(body) : NULL;
    r->idempotent = idempotent;
    r->gate = gate;
    r->fn = fn;
    r->ctx = ctx;
    enqueue_back(e, r);
}

void http_submit(http_engine *e, const char *method, const char *path_query, const char *body,
                 bool idempotent, http_done_fn fn, void *ctx)
{
    http_submit_gated(e, method, path_query, body, idempotent, NULL, fn, ctx);
}

void http_engine_wakeup(http_engine *e)
{
    if (e->multi)
        curl_multi_wakeup(e->multi);
}

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    http_slot *s = ud;
    size_t add = size * n;
    if (add > HTTP_MAX_BODY - s->body.len) {
        s->too_big = true;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    sbuf_add(&s->body, p, add);
    return add;
}

/* "GET /invoices": the place named in errors; the query is left out (it may be long). */
static void req_label(const http_req *r, char *out, size_t outlen)
{
    size_t plen = strcspn(r->path, "?");
    snprintf(out, outlen, "%s %.*s", method_names[r->method], (int)(plen > 200 ? 200 : plen),
             r->path);
}

/* The body of a request that is not idempotent, handed to libcurl as it asks.  There is
 * deliberately no CURLOPT_SEEKFUNCTION: libcurl resends a request by itself, on a new connection,
 * when a reused keep-alive connection closed before any answer byte (Curl_retry_request in
 * lib/transfer.c, 7.88), and for that it must rewind the body it has sent (Curl_readrewind).  With
 * CURLOPT_POSTFIELDS it can, and a POST that the server had already carried out was sent twice;
 * with a read callback and no way to seek it cannot, and fails the transfer with
 * CURLE_SEND_FAIL_REWIND instead, which finish() reports as HTTP_UNKNOWN: the caller looks the
 * invoice up before sending anything again.  (A connection that dies while only the request line
 * and headers were written is still retried by libcurl: no body had been read from here then, the
 * request could not have been carried out, and the resend carries the whole body.) */
static size_t on_upload(char *buf, size_t size, size_t n, void *ud)
{
    http_slot *s = ud;
    size_t room = size * n, left = s->up_len - s->up_off;
    size_t k = left < room ? left : room;
    memcpy(buf, s->up + s->up_off, k);
    s->up_off += k;
    return k;
}

static int start(http_engine *e, http_slot *s, http_req *r)
{
    CURL *h = s->easy;
    char *url = NULL;
    size_t ulen = strlen(e->base_url) + strlen(r->path) + 1;
    url = xmalloc(ulen);
    snprintf(url, ulen, "%s%s", e->base_url, r->path);

    /* A reset keeps the live connections and TLS sessions, and clears the previous request's
     * method. */
    curl_easy_reset(h);
    s->errbuf[0] = 0;
    sbuf_reset(&s->body);
    s->too_big = false;
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, s->errbuf);
    curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)s);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION,
                     0L);                     /* a redirect must never take the token elsewhere */
    curl_easy_setopt(h, CURLOPT_VERBOSE, 0L); /* verbose output would print the token header */
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, e->headers);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "invoicectl/" INVOICECTL_VERSION);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, e->timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     e->timeout_ms < HTTP_CONNECT_TIMEOUT_MS ? e->timeout_ms
                                                             : HTTP_CONNECT_TIMEOUT_MS);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)HTTP_MAX_BODY);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, (void *)s);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, e->insecure ? 0L : 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, e->insecure ? 0L : 2L);
    if (e->cacert)
        curl_easy_setopt(h, CURLOPT_CAINFO, e->cacert);
    if (api_loopback_guard(h, url) != 0) { /* plain http: sent only to a loopback peer */
        free(url);
        return -1;
    }
    switch (r->method) {
    case M_GET:
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        break;
    case M_DELETE:
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
        break;
    default: /* POST, PUT: the body stays alive in the request until it finishes */
        if (r->idempotent) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body ? r->body : "");
        } else {
            /* sent once: see on_upload */
            s->up = r->body ? r->body : "";
            s->up_off = 0;
            curl_easy_setopt(h, CURLOPT_POST, 1L);
            curl_easy_setopt(h, CURLOPT_READFUNCTION, on_upload);
            curl_easy_setopt(h, CURLOPT_READDATA, (void *)s);
        }
        s->up_len = r->body ? strlen(r->body) : 0;
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)s->up_len);
        if (r->method == M_PUT)
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
        break;
    }
    free(url); /* curl copied it */
    s->req = r;
    r->attempts++;
    r->gen = e->gen;
    if (curl_multi_add_handle(e->multi, h) != CURLM_OK) {
        s->req = NULL;
        return -1;
    }
    e->in_flight++;
    e->stats.requests++;
    e->stats.by_method[r->method]++;
    return 0;
}

static const char *find_header(CURL *h, const char *name)
{
    struct curl_header *hd = NULL;
    if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hd) != CURLHE_OK || !hd)
        return NULL;
    return hd->value;
}

static const char *get_header(void *src, const char *name)
{
    return find_header(src, name);
}

/* The answer's rate headers, as the target reads them; all fields -1 when it has none. */
static bool read_rate_headers(http_engine *e, CURL *h, gov_headers *g)
{
    g->allocated = g->remaining = g->resets_after = g->window_len = g->window_s = -1;
    if (!e->proto.rate_headers)
        return false;
    return e->proto.rate_headers(e->proto.ctx, get_header, h, g);
}

/* The class of an answer and the status the caller sees (api/proto.h). */
static enum http_class classify(http_engine *e, long status, const cJSON *json, long *eff)
{
    *eff = status;
    if (e->proto.classify)
        return e->proto.classify(e->proto.ctx, status, json, eff);
    if (status == 429)
        return HTTP_CLASS_RATE;
    return status >= 500 ? HTTP_CLASS_SERVER : HTTP_CLASS_FINAL;
}

/* The host a redirect points to, for the error message (never followed). */
static void redirect_host(CURL *h, char *out, size_t outlen)
{
    char *loc = NULL, *host = NULL;
    snprintf(out, outlen, "(no Location)");
    if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc) != CURLE_OK || !loc)
        return;
    CURLU *u = curl_url();
    if (u && curl_url_set(u, CURLUPART_URL, loc, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
        snprintf(out, outlen, "%s", host);
    curl_free(host);
    curl_url_cleanup(u);
}

static void retry_later(http_engine *e, http_req *r, double now, double delay)
{
    e->stats.retries++;
    r->not_before = now + delay;
    enqueue_front(e, r);
}

static double backoff_for(http_engine *e, int attempt)
{
    return gov_backoff(attempt, HTTP_BACKOFF_BASE_S, HTTP_BACKOFF_CAP_S, rand01(e));
}

/* Schedules another attempt after a jittered backoff while max_retries allows; false when they are
 * used up and the caller must give up. */
static bool retry_with_backoff(http_engine *e, http_req *r, double now, const char *label,
                               const char *what)
{
    if (r->attempts > e->max_retries)
        return false;
    double d = backoff_for(e, r->attempts);
    ic_verbose("%s: %s, retrying in %.1f s", label, what, d);
    retry_later(e, r, now, d);
    return true;
}

/* Transport errors after which the request may or may not have reached the server. */
static bool maybe_sent_error(CURLcode cc)
{
    switch (cc) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SEND_FAIL_REWIND: /* a reused connection closed after the body was sent */
        return true;
    default:
        return false;
    }
}

static bool tls_error(CURLcode cc)
{
    switch (cc) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_USE_SSL_FAILED:
        return true;
    default:
        return false;
    }
}

/* Truncation is fine here: messages are bounded by design, and a cut message is still useful. */
static void res_error(http_result *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void res_error(http_result *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->error, sizeof res->error, fmt, ap);
    va_end(ap);
}

static void deliver(http_req *r, http_result *res)
{
    res->attempts = r->attempts;
    if (!res->body)
        res->body = "";
    r->fn(r->ctx, res);
    free_req(r);
}

static void finish(http_engine *e, http_slot *s, CURLcode cc, double now)
{
    http_req *r = s->req;
    CURL *h = s->easy;
    cJSON *json = NULL;
    http_result res;
    char label[256];
    memset(&res, 0, sizeof res);
    curl_multi_remove_handle(e->multi, h);
    s->req = NULL;
    e->in_flight--;
    req_label(r, label, sizeof label);

    if (cc == CURLE_OK) {
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        gov_headers gh;
        bool have = read_rate_headers(e, h, &gh);
        if (gh.remaining >= 0)
            e->stats.remaining = (long)gh.remaining;
        if (gh.allocated >= 0)
            e->stats.allocated = (long)gh.allocated;
        if (gh.resets_after >= 0) {
            e->stats.window_resets_in_s = gh.resets_after;
            e->reset_at = now + gh.resets_after;
        }
        if (gh.window_s > 0)
            e->stats.window_s = gh.window_s;
        /* Text from the API ends up in workbooks and CSV files: an answer that is not valid UTF-8,
         * or that hides a NUL in a string (which cJSON would silently cut at), is refused whole. */
        size_t bad = s->body.len;
        if (s->body.len > 0) {
            bad = utf8_invalid_at(s->body.data, s->body.len);
            if (bad == s->body.len) {
                const char *nul = memmem(s->body.data, s->body.len, "\\u0000", 6);
                if (nul)
                    bad = (size_t)(nul - s->body.data);
                else
                    json = cJSON_ParseWithLength(s->body.data, s->body.len);
            }
        }
        /* The target says what the answer means (api/proto.h): B2B Edition's "200 OK" over an
         * error body, a busy server, an expired session. */
        long eff = status;
        enum http_class cls = classify(e, status, json, &eff);
        if (cls == HTTP_CLASS_SIGN_IN && r->sign_in)
            cls = HTTP_CLASS_FINAL; /* the sign-in's own answer goes to signed_in */
        double bo = 0;
        if (cls == HTTP_CLASS_RATE || cls == HTTP_CLASS_BUSY) {
            bo = gov_backoff(r->retries_429 + 1, HTTP_429_BACKOFF_BASE_S, HTTP_429_BACKOFF_CAP_S,
                             rand01(e));
            if (bo < HTTP_429_BACKOFF_MIN_S)
                bo = HTTP_429_BACKOFF_MIN_S;
        }
        /* A busy answer is a 429 with budget left to the governor: concurrency halves, and only
         * this request backs off. */
        double wait = gov_on_answer(&e->gov, now,
                                    cls == HTTP_CLASS_RATE || cls == HTTP_CLASS_BUSY ? 429
                                    : eff == 429                                     ? 0
                                                                                     : eff,
                                    have ? &gh : NULL, bo);
        if (cls == HTTP_CLASS_RATE)
            e->stats.answered_429++;
        else if (cls == HTTP_CLASS_BUSY)
            e->stats.answered_busy++;
        else if (eff >= 500)
            e->stats.answered_5xx++;
        res.status = eff;
        res.json = json;
        res.body = s->body.data;
        res.body_len = s->body.len;
        if (bad < s->body.len) {
            /* Answered, but unusable: a create may still have been stored, so it is unknown. */
            res.json = NULL;
            res.outcome = r->idempotent ? HTTP_FAILED : HTTP_UNKNOWN;
            res_error(&res, "%s: the answer is not valid UTF-8 text (byte %zu of %zu)", label,
                      bad + 1, s->body.len);
        } else if (cls == HTTP_CLASS_SIGN_IN && r->replays < HTTP_MAX_SESSION_REPLAYS) {
            /* The session expired: hold this request (and every one not sent yet) until a new
             * sign-in, then replay it.  Requests sent before the last sign-in just replay.  A
             * session can expire again before the replay lands (BILL's sessions end on their own
             * schedule), so a request is replayed a few times, each after its own sign-in; a
             * server that refuses every new session still ends, with the answer delivered. */
            r->replays++;
            if (r->gen == e->gen && e->sess == SESS_NONE)
                e->sess = SESS_NEEDED;
            ic_verbose("%s: the session expired; signing in again", label);
            enqueue_front(e, r);
            goto out;
        } else if (cls == HTTP_CLASS_RATE || cls == HTTP_CLASS_BUSY) {
            /* Refused unprocessed, so even a POST goes again.  A 429 that carries the rate
             * headers, or a busy answer, is not the request's fault and does not use up
             * max_retries. */
            if (r->retries_429 <
                (have || cls == HTTP_CLASS_BUSY ? HTTP_MAX_429_RETRIES : e->max_retries)) {
                r->retries_429++;
                ic_verbose("%s: HTTP %ld%s, retrying in %.1f s", label, eff,
                           cls == HTTP_CLASS_BUSY ? " (busy)" : "", wait);
                retry_later(e, r, now, wait);
                goto out;
            }
            res.outcome = HTTP_FAILED;
            res_error(&res, "%s: HTTP %ld after %d attempts", label, eff, r->attempts);
        } else if (cls == HTTP_CLASS_SERVER && r->idempotent) {
            char what[32];
            snprintf(what, sizeof what, "HTTP %ld", eff);
            if (retry_with_backoff(e, r, now, label, what))
                goto out;
            res.outcome = HTTP_FAILED;
            res_error(&res, "%s: HTTP %ld after %d attempts", label, eff, r->attempts);
        } else if (status >= 300 && status < 400) {
            char host[256];
            redirect_host(h, host, sizeof host);
            res.outcome = HTTP_FAILED;
            res_error(&res,
                      "%s: the server redirected to '%s' (HTTP %ld); redirects are not followed, "
                      "check the API URL",
                      label, host, status);
        } else {
            res.outcome = HTTP_ANSWERED;
        }
        deliver(r, &res);
        r = NULL;
        goto out;
    }

    gov_on_no_answer(&e->gov);
    const char *why = s->errbuf[0] ? s->errbuf : curl_easy_strerror(cc);
    curl_off_t sent = 0;
    curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &sent);
    bool nothing_sent = cc == CURLE_COULDNT_CONNECT || (maybe_sent_error(cc) && sent == 0);
    if (s->too_big || cc == CURLE_FILESIZE_EXCEEDED) {
        res.outcome = HTTP_FAILED;
        res_error(&res, "%s: the answer is larger than %lu MiB", label,
                  (unsigned long)(HTTP_MAX_BODY >> 20));
    } else if (nothing_sent || maybe_sent_error(cc)) {
        if (r->idempotent || nothing_sent) {
            if (retry_with_backoff(e, r, now, label, why))
                goto out;
            res.outcome = HTTP_FAILED;
            res_error(&res, "%s: %s (after %d attempts)", label, why, r->attempts);
        } else {
            res.outcome = HTTP_UNKNOWN;
            res_error(&res, "%s: %s; the request may have been processed", label, why);
        }
    } else if (tls_error(cc)) {
        res.outcome = HTTP_FAILED;
        res_error(&res, "%s: TLS: %s (use --cacert FILE for a private CA)", label, why);
    } else {
        res.outcome = HTTP_FAILED;
        res_error(&res, "%s: %s", label, why);
    }
    deliver(r, &res);
out:
    cJSON_Delete(json);
}

/* Answers every queued request (never sent, or waiting for a retry) with "interrupted", or the
 * sign-in's error.  A callback may queue more: they are answered too. */
static void fail_queued(http_engine *e)
{
    while (e->head) {
        http_req *r = e->head;
        e->head = r->next;
        if (!e->head)
            e->tail = NULL;
        http_result res;
        memset(&res, 0, sizeof res);
        char label[256];
        req_label(r, label, sizeof label);
        res.outcome = HTTP_FAILED;
        if (e->fatal)
            res_error(&res, "%s: not sent: %s", label, e->fatal_err.msg);
        else
            res_error(&res, "%s: interrupted", label);
        deliver(r, &res);
    }
}

/* The sign-in's answer (api/proto.h): the session goes into the proto's ctx, and the headers are
 * built again with it; the held requests then go.  A failed sign-in fails everything. */
static void on_sign_in(void *ctx, const http_result *res)
{
    http_engine *e = ctx;
    ic_err err = {0};
    int rc;
    if (res->outcome != HTTP_ANSWERED)
        rc = ic_err_set(&err, IC_EXIT_IO, "cannot sign in: %s",
                        res->error[0] ? res->error : "no answer");
    else if (!e->proto.signed_in)
        rc = 0;
    else
        rc = e->proto.signed_in(e->proto.ctx, res->status, res->json, &err);
    if (rc == 0)
        rc = build_headers(e, &err);
    if (rc != 0) {
        e->fatal = rc;
        e->fatal_err = err;
        e->fatal_err.code = rc;
    }
    e->stats.sign_ins++;
    e->gen++;
    e->sess = SESS_NONE;
}

/* Queues the sign-in request in front of everything; false when the target has no sessions. */
static bool queue_sign_in(http_engine *e)
{
    char *method = NULL, *path = NULL, *body = NULL;
    if (!e->proto.sign_in_request(e->proto.ctx, &method, &path, &body)) {
        free(method);
        free(path);
        free(body);
        return false;
    }
    int m = method ? method_index(method) : -1;
    http_req *r = xcalloc(1, sizeof *r);
    r->method = m < 0 ? M_POST : m;
    r->path = path ? path : xstrdup("/");
    r->body = body;
    r->sign_in = true;
    r->idempotent = true; /* signing in twice does no harm */
    r->fn = on_sign_in;
    r->ctx = e;
    free(method);
    enqueue_front(e, r);
    return true;
}

/* Stops everything: requests in flight are abandoned (UNKNOWN when not idempotent: they may have
 * been processed), queued ones fail with "interrupted". */
static void abort_all(http_engine *e)
{
    for (int i = 0; i < e->nslots; i++) {
        http_slot *s = &e->slots[i];
        if (!s->req)
            continue;
        http_req *r = s->req;
        curl_multi_remove_handle(e->multi, s->easy);
        s->req = NULL;
        e->in_flight--;
        gov_on_no_answer(&e->gov);
        http_result res;
        memset(&res, 0, sizeof res);
        char label[256];
        req_label(r, label, sizeof label);
        res.outcome = r->idempotent ? HTTP_FAILED : HTTP_UNKNOWN;
        res_error(&res, "%s: interrupted", label);
        deliver(r, &res);
    }
    fail_queued(e);
}

static http_slot *free_slot(http_engine *e)
{
    for (int i = 0; i < e->nslots; i++)
        if (!e->slots[i].req)
            return &e->slots[i];
    return NULL;
}

/* The first queued request whose backoff is over; *next_ready gets the soonest backoff end
 * otherwise. */
static http_req *take_ready(http_engine *e, double now, double *next_ready, bool remove)
{
    http_req *prev = NULL;
    for (http_req *r = e->head; r; prev = r, r = r->next) {
        if (r->gate)
            continue; /* waits for its gate (settle_gates); a wakeup says when to look again */
        if (e->sess != SESS_NONE && !r->sign_in)
            continue; /* held until the sign-in is answered */
        if (r->not_before <= now) {
            if (remove) {
                if (prev)
                    prev->next = r->next;
                else
                    e->head = r->next;
                if (e->tail == r)
                    e->tail = prev;
                r->next = NULL;
            }
            return r;
        }
        if (*next_ready < 0 || r->not_before < *next_ready)
            *next_ready = r->not_before;
    }
    return NULL;
}

/* Asks the gates of queued requests: open ones may start, cancelled ones are answered unsent. */
static void settle_gates(http_engine *e)
{
    http_req *cancelled = NULL, **tail = &cancelled;
    http_req *prev = NULL;
    for (http_req *r = e->head, *nx; r; r = nx) {
        nx = r->next;
        enum http_gate g = r->gate ? r->gate(r->ctx) : HTTP_GATE_OPEN;
        if (g == HTTP_GATE_OPEN)
            r->gate = NULL;
        if (g != HTTP_GATE_CANCEL) {
            prev = r;
            continue;
        }
        if (prev)
            prev->next = nx;
        else
            e->head = nx;
        if (e->tail == r)
            e->tail = prev;
        r->next = NULL;
        *tail = r;
        tail = &r->next;
    }
    /* answered after the walk: a callback may queue new requests */
    while (cancelled) {
        http_req *r = cancelled;
        cancelled = r->next;
        http_result res;
        memset(&res, 0, sizeof res);
        char label[256];
        req_label(r, label, sizeof label);
        res.outcome = HTTP_FAILED;
        res_error(&res, "%s: not sent (cancelled)", label);
        deliver(r, &res);
    }
}

int http_run(http_engine *e)
{
    double last_tick = mono_now(), last_loop = last_tick;
    bool held = false; /* the governor held back a ready request during the last wait */
    for (;;) {
        if (e->stop) {
            abort_all(e);
            return IC_EXIT_INTERRUPTED;
        }
        if (e->drain) {
            /* Nothing waiting (a backoff, a rate window, a gate) holds up a stop. */
            fail_queued(e);
            if (e->in_flight == 0)
                return IC_EXIT_INTERRUPTED;
        }
        if (e->fatal) {
            /* The sign-in failed: nothing can be sent; what is in flight finishes. */
            fail_queued(e);
            if (e->in_flight == 0)
                return e->fatal;
        }
        if (e->sess == SESS_NEEDED && e->head)
            e->sess = queue_sign_in(e) ? SESS_PENDING : SESS_NONE;
        double now = mono_now();
        if (held)
            e->stats.waited_s += now - last_loop;
        last_loop = now;
        held = false;
        settle_gates(e);
        double wake = -1; /* absolute time something becomes possible; -1: only curl activity */
        for (;;) {
            http_slot *s = free_slot(e);
            if (!s)
                break;
            double next_ready = -1;
            if (!take_ready(e, now, &next_ready, false)) {
                if (next_ready >= 0 && (wake < 0 || next_ready < wake))
                    wake = next_ready;
                break;
            }
            double w = gov_wait(&e->gov, now);
            if (w != 0) {
                held = true;
                if (w > 0 && (wake < 0 || now + w < wake))
                    wake = now + w;
                break;
            }
            http_req *r = take_ready(e, now, &next_ready, true);
            if (start(e, s, r) != 0) {
                http_result res;
                memset(&res, 0, sizeof res);
                res.outcome = HTTP_FAILED;
                res_error(&res, "%s %s: cannot start the request", method_names[r->method],
                          r->path);
                deliver(r, &res);
                continue;
            }
            gov_on_send(&e->gov, now);
        }
        if (e->in_flight == 0 && !e->head)
            break;

        int running = 0;
        curl_multi_perform(e->multi, &running);
        int finished = 0, left = 0;
        CURLMsg *m;
        while ((m = curl_multi_info_read(e->multi, &left))) {
            if (m->msg != CURLMSG_DONE)
                continue;
            http_slot *s = NULL;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&s);
            CURLcode cc = m->data.result;
            finish(e, s, cc, mono_now());
            finished++;
        }
        now = mono_now();
        if (e->tick && now - last_tick >= 1.0) {
            last_tick = now;
            e->tick(e->tick_ctx);
        }
        if (finished)
            continue;
        long timeout = HTTP_POLL_MAX_MS;
        if (wake >= 0) {
            double ms = (wake - now) * 1000.0;
            if (ms < timeout)
                timeout = ms < 1 ? 1 : (long)ms + 1;
        }
        curl_multi_poll(e->multi, NULL, 0, (int)timeout, NULL);
    }
    return 0;
}
