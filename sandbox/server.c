/* The sandbox's HTTP side: libmicrohttpd with a thread pool, and per request
 * the order health → concurrency limit → the API's admission (auth, its own
 * limits) → rate limit (429) → faults → the API's routes and handlers, then the
 * answer, held back by --latency / latency / slow faults through
 * suspend-and-resume so that no pool thread sleeps.  What differs between the
 * emulated APIs comes from their table (sandbox/api.h).  B2B answers carry the
 * rate-limit headers. */
#include "sandbox/api.h"
#include "sandbox/delay.h"
#include "sandbox/faults.h"
#include "sandbox/handlers.h"
#include "sandbox/rate.h"
#include "sandbox/record.h"
#include "sandbox/sandbox.h"
#include "util/clock.h"
#include "util/sbuf.h"
#include "util/common.h"
#include "util/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BODY (1024 * 1024)

typedef struct sb_server {
    struct MHD_Daemon *daemon;
    const sb_api *api;
    void *api_state;
    sb_rate rate;
    sb_faults faults;
    sb_delay delay;
    int latency_ms;
    long concurrency_limit;
    sb_record *record; /* --record-requests; NULL when off */
    atomic_long inflight;
    atomic_ulong concurrency_rejected;
} sb_server;

struct conn_req {
    sbuf body;
    bool too_large;
    bool delayed; /* suspended; the next call sends `reply` */
    bool counted; /* in the in-flight count */
    sb_reply reply;
    sb_rate_view rv;
};

static void add_rate_headers(struct MHD_Response *resp, const sb_rate_view *v)
{
    /* The forms of the API's own headers (about/index.mdx): "150 times/60 s",
     * "150 times", "0.39 s". */
    char buf[64];
    snprintf(buf, sizeof buf, "%ld times/%d s", v->allocated, SB_RATE_WINDOW_S);
    MHD_add_response_header(resp, "X-Requests-Allocated", buf);
    snprintf(buf, sizeof buf, "%ld times", v->remaining);
    MHD_add_response_header(resp, "X-Requests-Remaining", buf);
    snprintf(buf, sizeof buf, "%.3f s", v->resets_after);
    MHD_add_response_header(resp, "X-Request-Window-Resets-After", buf);
    snprintf(buf, sizeof buf, "%ld times", v->used);
    MHD_add_response_header(resp, "X-Requests-Window-Length", buf);
}

/* libmicrohttpd's own messages ("Application reported internal error" after every reset fault, say)
 * are expected here: shown with -v only. */
static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    ic_verbose("sandbox: libmicrohttpd: %s", buf);
}

static enum MHD_Result send_reply(sb_server *s, struct MHD_Connection *c, struct conn_req *r)
{
    size_t len = r->reply.len;
    char *body = r->reply.body;
    r->reply.body = NULL;
    struct MHD_Response *resp = MHD_create_response_from_buffer_with_free_callback(len, body, free);
    if (!resp) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            r->reply.content_type ? r->reply.content_type : "application/json");
    if (r->reply.allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->reply.allow);
    if (s->api->rate_headers)
        add_rate_headers(resp, &r->rv);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned int)r->reply.status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Holds the answer back for ms milliseconds, or sends it now. */
static enum MHD_Result answer(sb_server *s, struct MHD_Connection *c, struct conn_req *r, int ms)
{
    if (ms > 0) {
        r->delayed = true;
        MHD_suspend_connection(c);
        sb_delay_add(&s->delay, c, ms);
        return MHD_YES;
    }
    return send_reply(s, c, r);
}

static const char gateway_502[] =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

/* Hands the request to the API's routes and handlers. */
static void route(sb_server *s, struct MHD_Connection *c, const char *method, const char *path,
                  struct conn_req *r)
{
    sb_api_call call = {
        .rq = {.method = method,
               .path = path,
               .param = "",
               .body = r->body.data ? r->body.data : "",
               .body_len = r->body.len,
               .conn = c,
               .now = (int64_t)time(NULL)},
        .too_large = r->too_large,
        .record = s->record,
    };
    s->api->handle(s->api_state, &call, &r->reply);
}

/* A 429 of a burst, whose headers tell the truth: nothing remains until the burst ends. */
static void burst_reply(sb_server *s, struct conn_req *r, double left_s)
{
    s->api->answer(SB_ANS_BURST, &r->reply);
    r->rv.remaining = 0;
    r->rv.used = r->rv.allocated;
    r->rv.resets_after = left_s;
}

static enum MHD_Result process(sb_server *s, struct MHD_Connection *c, const char *url,
                               const char *method, struct conn_req *r)
{
    double now = mono_now();
    const char *prefix = s->api->prefix ? s->api->prefix : "";
    size_t plen = strlen(prefix);
    const char *path = url;
    if (plen && strncmp(url, prefix, plen) == 0 && (url[plen] == '/' || url[plen] == '\0'))
        path = url[plen] ? url + plen : "/";
    if (strcmp(path, "/health") == 0) {
        /* Never limited, faulted or delayed: scripts poll it to know the server is
         * up. */
        sb_rate_peek(&s->rate, now, &r->rv);
        sb_reply_envelope(&r->reply, 200, "{\"status\":\"ok\"}", 15, NULL);
        return send_reply(s, c, r);
    }
    r->counted = true;
    long inflight = atomic_fetch_add(&s->inflight, 1) + 1;
    if (s->concurrency_limit > 0 && inflight > s->concurrency_limit) {
        atomic_fetch_add(&s->concurrency_rejected, 1);
        sb_rate_peek(&s->rate, now, &r->rv);
        s->api->answer(SB_ANS_CONCURRENCY, &r->reply);
        return answer(s, c, r, s->latency_ms);
    }
    sb_api_call call = {
        .rq = {.method = method,
               .path = path,
               .param = "",
               .body = r->body.data ? r->body.data : "",
               .body_len = r->body.len,
               .conn = c,
               .now = (int64_t)time(NULL)},
        .too_large = r->too_large,
    };
    if (s->api->admit(s->api_state, &call, &r->reply)) {
        sb_rate_peek(&s->rate, now, &r->rv);
        return answer(s, c, r, s->latency_ms);
    }
    double burst_left;
    if (sb_faults_in_burst(&s->faults, now, &burst_left)) {
        /* Inside a 429 burst the store's limit is in force: not counted, nothing drawn. */
        sb_rate_peek(&s->rate, now, &r->rv);
        burst_reply(s, r, burst_left);
        return answer(s, c, r, s->latency_ms);
    }
    if (!sb_rate_take(&s->rate, now, &r->rv)) {
        s->api->answer(SB_ANS_RATE, &r->reply);
        return answer(s, c, r, s->latency_ms);
    }
    sb_fault_draw f;
    sb_faults_draw(&s->faults, now, &f);
    int delay = s->latency_ms + f.delay_ms;
    switch (f.kind) {
    case SB_FAULT_RESET:
        return MHD_NO; /* libmicrohttpd closes the connection: no answer at all */
    case SB_FAULT_500:
        s->api->answer(SB_ANS_500, &r->reply);
        break;
    case SB_FAULT_502:
        sb_reply_raw(&r->reply, 502, "text/html", gateway_502);
        break;
    case SB_FAULT_503:
        s->api->answer(SB_ANS_503, &r->reply);
        break;
    case SB_FAULT_BURST429:
        burst_reply(s, r, f.burst_left_s);
        break;
    case SB_FAULT_DROP:
        route(s, c, method, path, r);
        return MHD_NO; /* the work is committed; the answer is never sent */
    default:
        route(s, c, method, path, r);
        break;
    }
    return answer(s, c, r, delay);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **req_cls)
{
    (void)version;
    sb_server *s = cls;
    struct conn_req *r = *req_cls;
    if (!r) {
        *req_cls = xcalloc(1, sizeof *r);
        return MHD_YES;
    }
    if (*upload_size) {
        if (r->body.len + *upload_size > MAX_BODY)
            r->too_large = true;
        else
            sbuf_add(&r->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->delayed)
        return send_reply(s, c, r);
    return process(s, c, url, method, r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode t)
{
    (void)c;
    (void)t;
    sb_server *s = cls;
    struct conn_req *r = *req_cls;
    if (!r)
        return;
    if (r->counted)
        atomic_fetch_sub(&s->inflight, 1);
    sbuf_release(&r->body);
    sb_reply_release(&r->reply);
    free(r);
    *req_cls = NULL;
}

/* "HOST:PORT" / "[V6]:PORT" to a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *sl, char *host,
                        size_t host_size, ic_err *err)
{
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || !colon[1])
        return ic_err_set(err, IC_EXIT_USAGE, "--listen '%s': expected HOST:PORT", listen);
    const char *h = listen, *hend = colon;
    if (*h == '[' && hend[-1] == ']')
        h++, hend--;
    snprintf(host, host_size, "%.*s", (int)(hend - h), h);
    char *end;
    errno = 0;
    long port = strtol(colon + 1, &end, 10);
    if (errno || *end || port < 0 || port > 65535)
        return ic_err_set(err, IC_EXIT_USAGE, "--listen '%s': bad port '%s'", listen, colon + 1);
    struct addrinfo hints = {.ai_flags = AI_NUMERICSERV | AI_PASSIVE, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(host, colon + 1, &hints, &res);
    if (rc != 0 || !res)
        return ic_err_set(err, IC_EXIT_USAGE, "--listen '%s': cannot resolve '%s': %s", listen,
                          host, gai_strerror(rc));
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *sl = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

static bool is_loopback(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
    if (ss->ss_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)ss)->sin6_addr);
    return false;
}

/* The port file appears whole: written under a temporary name, then renamed. */
static int write_port_file(const char *path, unsigned port, ic_err *err)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f)
        return ic_err_set(err, IC_EXIT_IO, "cannot write '%s': %s", tmp, strerror(errno));
    int bad = fprintf(f, "%u\n", port) < 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return ic_err_set(err, IC_EXIT_IO, "cannot write '%s': %s", path, strerror(e));
    }
    return 0;
}

int sandbox_run(const sandbox_config *cfg, ic_err *err)
{
    sb_server s = {0};
    char *cert = NULL, *key = NULL;
    int rc = 0;
    bool tls = cfg->tls_cert || cfg->tls_key;
    sigset_t sigs;

    sb_faults_init(&s.faults, cfg->seed);
    sb_rate_init(&s.rate, cfg->rate_limit);
    if ((rc = sb_faults_parse(&s.faults, cfg->faults, err)) != 0)
        goto out;
    if (!(s.api = sb_api_find(cfg->api))) {
        rc = ic_err_set(err, IC_EXIT_USAGE, "--api '%s': unknown API (known: %s)", cfg->api,
                        sb_api_names());
        goto out;
    }
    if (s.faults.session_expire_p > 0 && s.api == &sb_api_b2b) {
        rc = ic_err_set(err, IC_EXIT_USAGE,
                        "--faults: session-expire applies to an API with sessions (bill-v3)");
        goto out;
    }
    struct sockaddr_storage ss;
    socklen_t sl;
    char host[256];
    if ((rc = parse_listen(cfg->listen ? cfg->listen : SANDBOX_DEFAULT_LISTEN, &ss, &sl, host,
                           sizeof host, err)) != 0)
        goto out;
    if (tls) {
        if (!cfg->tls_cert || !cfg->tls_key) {
            rc = ic_err_set(err, IC_EXIT_USAGE, "--tls-cert and --tls-key go together");
            goto out;
        }
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            rc = ic_err_set(err, IC_EXIT_USAGE, "this libmicrohttpd was built without TLS support");
            goto out;
        }
        size_t n;
        if (!(cert = sandbox_read_file(cfg->tls_cert, &n, err)) ||
            !(key = sandbox_read_file(cfg->tls_key, &n, err))) {
            rc = err->code;
            goto out;
        }
    }
    sb_api_env env = {.cfg = cfg, .faults = &s.faults};
    if ((rc = s.api->open(&env, &s.api_state, err)) != 0)
        goto out;
    if (cfg->record_path && !(s.record = sb_record_open(cfg->record_path, err))) {
        rc = err->code;
        goto out;
    }
    s.latency_ms = cfg->latency_ms;
    s.concurrency_limit = cfg->concurrency_limit;

    /* Signals are taken by sigwait below: block them before any thread starts so
     * none inherits them. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (sb_delay_start(&s.delay) != 0) {
        rc = ic_err_set(err, IC_EXIT_INTERNAL, "cannot start the delay thread");
        goto out;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (tls)
        flags |= MHD_USE_TLS;
    unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : 4;
    struct MHD_OptionItem opts[] = {
        {MHD_OPTION_SOCK_ADDR, 0, &ss},
        {MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)threads, NULL},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, &s},
        {MHD_OPTION_CONNECTION_TIMEOUT, 120, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, 1000, NULL},
        {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, NULL},
        {tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
        {tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, key},
        {MHD_OPTION_END, 0, NULL},
    };
    (void)sl;
    s.daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &s, MHD_OPTION_ARRAY, opts,
                                MHD_OPTION_END);
    if (!s.daemon) {
        rc = ic_err_set(err, IC_EXIT_IO,
                        "cannot listen on '%s' (address in use, or a bad TLS certificate/key?)",
                        cfg->listen ? cfg->listen : SANDBOX_DEFAULT_LISTEN);
        goto out;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s.daemon, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    char base[400];
    bool v6 = ss.ss_family == AF_INET6;
    snprintf(base, sizeof base, "%s://%s%s%s:%u", tls ? "https" : "http", v6 ? "[" : "", host,
             v6 ? "]" : "", port);
    if (s.api->started)
        s.api->started(s.api_state, base);
    if (!is_loopback(&ss))
        ic_warn("sandbox: listening on a non-loopback address: anyone who can "
                "reach %s can use it",
                base);
    if (cfg->port_file && (rc = write_port_file(cfg->port_file, port, err)) != 0)
        goto out;
    printf("listening on %s\n", base);
    fflush(stdout);

    int sig = 0;
    while (sigwait(&sigs, &sig) != 0)
        ;
    ic_info("sandbox: stopping (signal %d)", sig);
out:
    sb_delay_stop(&s.delay);
    if (s.daemon)
        MHD_stop_daemon(s.daemon);
    sb_delay_destroy(&s.delay);
    if (s.daemon) {
        sb_faults_summary(&s.faults, stderr);
        fprintf(stderr, "invoicectl: sandbox: rate-limited 429s %lu, concurrency 429s %lu\n",
                s.rate.rejected, (unsigned long)atomic_load(&s.concurrency_rejected));
    }
    if (s.api && s.api_state)
        s.api->close(s.api_state);
    sb_record_close(s.record);
    free(cert);
    free(key);
    sb_rate_destroy(&s.rate);
    sb_faults_destroy(&s.faults);
    return rc;
}
