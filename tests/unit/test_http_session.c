/* The engine's protocol hooks (api/proto.h) against a small real server (libmicrohttpd, started
 * here): the first sign-in before the first request, one sign-in for many expired requests and
 * their replay, an expiry after the last of three replays delivered, a failed sign-in failing
 * everything, busy answers retried even for a POST, and the proto's concurrency cap.  B2B Edition
 * has no sessions, so this is where the sign-in path is proven before a target (BILL) uses it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/http.h"
#include "api/proto.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the server ---- */

typedef struct server {
    struct MHD_Daemon *d;
    int port;
    pthread_mutex_t mu;
    int sessions; /* sign-ins granted; the valid session is "S<sessions>" */
    bool valid;   /* the current session is valid */
    bool always_expire;
    int logins;      /* POST /login seen */
    int busy_left;   /* answers to POST /busy still to refuse as busy */
    int busy_posts;  /* POST /busy seen */
    int requests;    /* other requests seen */
    char order[256]; /* 'L' login, 'R' other request, in arrival order */
} server;

static server srv;

typedef struct upload {
    char buf[1024];
    size_t len;
} upload;

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *body)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *data_size, void **con_cls)
{
    (void)cls;
    (void)version;
    upload *u = *con_cls;
    if (!u) {
        *con_cls = u = calloc(1, sizeof *u);
        return MHD_YES;
    }
    if (*data_size) {
        size_t n =
            *data_size < sizeof u->buf - 1 - u->len ? *data_size : sizeof u->buf - 1 - u->len;
        memcpy(u->buf + u->len, data, n);
        u->len += n;
        *data_size = 0;
        return MHD_YES;
    }
    char body[128];
    pthread_mutex_lock(&srv.mu);
    size_t at = strlen(srv.order);
    if (strcmp(url, "/login") == 0 && strcmp(method, "POST") == 0) {
        srv.logins++;
        if (at < sizeof srv.order - 1)
            srv.order[at] = 'L';
        bool ok = strstr(u->buf, "\"pw\"") != NULL;
        if (ok) {
            srv.sessions++;
            srv.valid = true;
            snprintf(body, sizeof body, "{\"session\":\"S%d\"}", srv.sessions);
        }
        pthread_mutex_unlock(&srv.mu);
        return ok ? reply(c, 200, body) : reply(c, 401, "{\"error\":\"wrong password\"}");
    }
    if (at < sizeof srv.order - 1)
        srv.order[at] = 'R';
    const char *sess = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Session");
    char want[32];
    snprintf(want, sizeof want, "S%d", srv.sessions);
    bool ok = srv.valid && !srv.always_expire && sess && strcmp(sess, want) == 0;
    if (!ok) {
        srv.requests++;
        pthread_mutex_unlock(&srv.mu);
        return reply(c, 401, "{\"expired\":true}");
    }
    if (strcmp(url, "/busy") == 0) {
        srv.busy_posts++;
        if (srv.busy_left > 0) {
            srv.busy_left--;
            pthread_mutex_unlock(&srv.mu);
            return reply(c, 400, "{\"busy\":true}");
        }
    } else {
        srv.requests++;
    }
    pthread_mutex_unlock(&srv.mu);
    return reply(c, 200, "{\"ok\":true}");
}

static void done_cb(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    free(*con_cls);
    *con_cls = NULL;
}

static int setup(void **state)
{
    (void)state;
    memset(&srv, 0, sizeof srv);
    pthread_mutex_init(&srv.mu, NULL);
    srv.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
                             NULL, NULL, handle, NULL, MHD_OPTION_NOTIFY_COMPLETED, done_cb, NULL,
                             MHD_OPTION_END);
    if (!srv.d)
        return -1;
    const union MHD_DaemonInfo *i = MHD_get_daemon_info(srv.d, MHD_DAEMON_INFO_BIND_PORT);
    srv.port = i ? i->port : 0;
    return srv.port ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    MHD_stop_daemon(srv.d);
    pthread_mutex_destroy(&srv.mu);
    return 0;
}

/* ---- the target's hooks ---- */

typedef struct tproto {
    char session[32];
    const char *password;
    int freed;
} tproto;

static int t_headers(void *ctx, http_add_header_fn add, void *sink, ic_err *err)
{
    (void)err;
    tproto *t = ctx;
    char line[64];
    if (!t->session[0])
        return 0;
    snprintf(line, sizeof line, "X-Session: %s", t->session);
    return add(sink, line) ? IC_EXIT_INTERNAL : 0;
}

static bool t_sign_in_request(void *ctx, char **method, char **path, char **body)
{
    tproto *t = ctx;
    char b[128];
    snprintf(b, sizeof b, "{\"password\":\"%s\"}", t->password);
    *method = strdup("POST");
    *path = strdup("/login");
    *body = strdup(b);
    return true;
}

static int t_signed_in(void *ctx, long status, const cJSON *json, ic_err *err)
{
    tproto *t = ctx;
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(json, "session");
    if (status != 200 || !cJSON_IsString(s))
        return ic_err_set(err, IC_EXIT_USAGE, "the sign-in was refused (HTTP %ld)", status);
    snprintf(t->session, sizeof t->session, "%s", s->valuestring);
    return 0;
}

static enum http_class t_classify(void *ctx, long status, const cJSON *json, long *effective)
{
    (void)ctx;
    *effective = status;
    if (status == 401 && cJSON_GetObjectItemCaseSensitive(json, "expired"))
        return HTTP_CLASS_SIGN_IN;
    if (cJSON_GetObjectItemCaseSensitive(json, "busy"))
        return HTTP_CLASS_BUSY;
    return status >= 500 ? HTTP_CLASS_SERVER : HTTP_CLASS_FINAL;
}

static int freed_count;
static void t_free(void *ctx)
{
    (void)ctx;
    freed_count++;
}

static tproto tp;

static http_engine *engine(const char *password, int concurrency, int max_concurrency)
{
    memset(&tp, 0, sizeof tp);
    tp.password = password;
    http_proto p = {
        .ctx = &tp,
        .ctx_free = t_free,
        .headers = t_headers,
        .sign_in_request = t_sign_in_request,
        .signed_in = t_signed_in,
        .classify = t_classify,
        .max_concurrency = max_concurrency,
    };
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", srv.port);
    api_conn conn = {0};
    conn.base_url = url;
    conn.timeout_ms = 5000;
    conn.max_retries = 2;
    conn.concurrency = concurrency;
    ic_err err = {0};
    http_engine *e = http_engine_new(&conn, &p, &err);
    assert_non_null(e);
    return e;
}

typedef struct answer {
    enum http_outcome outcome;
    long status;
    int attempts;
    char error[512];
    bool called;
} answer;

static void on_done(void *ctx, const http_result *res)
{
    answer *a = ctx;
    a->called = true;
    a->outcome = res->outcome;
    a->status = res->status;
    a->attempts = res->attempts;
    snprintf(a->error, sizeof a->error, "%s", res->error);
}

static void reset_server(void)
{
    pthread_mutex_lock(&srv.mu);
    srv.valid = false;
    srv.always_expire = false;
    srv.logins = srv.requests = srv.busy_posts = srv.busy_left = 0;
    memset(srv.order, 0, sizeof srv.order);
    pthread_mutex_unlock(&srv.mu);
}

static void first_sign_in_then_expiry(void **state)
{
    (void)state;
    reset_server();
    freed_count = 0;
    http_engine *e = engine("pw", 4, 0);
    answer a = {0};
    http_submit(e, "GET", "/a", NULL, true, on_done, &a);
    assert_int_equal(http_run(e), 0);
    assert_true(a.called);
    assert_int_equal(a.status, 200);
    assert_string_equal(srv.order, "LR"); /* signed in before the first request */
    http_stats st;
    http_get_stats(e, &st);
    assert_int_equal(st.sign_ins, 1);

    /* the session expires: several requests (a POST among them) come back expired; one sign-in,
     * and every one of them is replayed with the new session */
    pthread_mutex_lock(&srv.mu);
    srv.valid = false;
    pthread_mutex_unlock(&srv.mu);
    answer b[4] = {{0}};
    http_submit(e, "GET", "/b0", NULL, true, on_done, &b[0]);
    http_submit(e, "GET", "/b1", NULL, true, on_done, &b[1]);
    http_submit(e, "PUT", "/b2", "{}", true, on_done, &b[2]);
    http_submit(e, "POST", "/b3", "{}", false, on_done, &b[3]);
    assert_int_equal(http_run(e), 0);
    for (int i = 0; i < 4; i++) {
        assert_true(b[i].called);
        assert_int_equal(b[i].status, 200);
        assert_int_equal(b[i].outcome, HTTP_ANSWERED);
    }
    http_get_stats(e, &st);
    assert_int_equal(st.sign_ins, 2);
    assert_int_equal(srv.logins, 2);
    assert_string_equal(tp.session, "S2");
    http_engine_free(e);
    assert_int_equal(freed_count, 1); /* the proto's ctx is freed with the engine, once */
}

static void expiry_after_replays_is_delivered(void **state)
{
    (void)state;
    reset_server();
    pthread_mutex_lock(&srv.mu);
    srv.always_expire = true;
    pthread_mutex_unlock(&srv.mu);
    http_engine *e = engine("pw", 2, 0);
    answer a = {0};
    http_submit(e, "GET", "/x", NULL, true, on_done, &a);
    assert_int_equal(http_run(e), 0);
    assert_true(a.called);
    assert_int_equal(a.outcome, HTTP_ANSWERED);
    assert_int_equal(a.status, 401);
    /* sent, then three times: expired, signed in, replayed; the fourth expiry is delivered */
    assert_int_equal(a.attempts, 4);
    assert_int_equal(srv.logins, 4); /* the first sign-in and one after each expiry */
    http_engine_free(e);
}

static void failed_sign_in_fails_everything(void **state)
{
    (void)state;
    reset_server();
    http_engine *e = engine("wrong", 2, 0);
    answer a = {0}, b = {0};
    http_submit(e, "GET", "/x", NULL, true, on_done, &a);
    http_submit(e, "POST", "/y", "{}", false, on_done, &b);
    assert_int_equal(http_run(e), IC_EXIT_USAGE);
    assert_true(a.called && b.called);
    assert_int_equal(a.outcome, HTTP_FAILED);
    assert_int_equal(b.outcome, HTTP_FAILED);
    assert_int_equal(b.attempts, 0);
    assert_non_null(strstr(a.error, "not sent: the sign-in was refused (HTTP 401)"));
    const ic_err *why = http_engine_error(e);
    assert_non_null(why);
    assert_int_equal(why->code, IC_EXIT_USAGE);
    assert_int_equal(srv.requests, 0); /* nothing but the sign-in reached the server */
    http_engine_free(e);
}

static void busy_post_is_retried(void **state)
{
    (void)state;
    reset_server();
    http_engine *e = engine("pw", 4, 0);
    pthread_mutex_lock(&srv.mu);
    srv.busy_left = 2;
    pthread_mutex_unlock(&srv.mu);
    answer a = {0};
    http_submit(e, "POST", "/busy", "{}", false, on_done, &a);
    assert_int_equal(http_run(e), 0);
    assert_int_equal(a.outcome, HTTP_ANSWERED);
    assert_int_equal(a.status, 200);
    assert_int_equal(a.attempts, 3);
    assert_int_equal(srv.busy_posts, 3);
    http_stats st;
    http_get_stats(e, &st);
    assert_int_equal(st.answered_busy, 2);
    assert_int_equal(st.answered_429, 0);
    http_engine_free(e);
}

static void proto_caps_concurrency(void **state)
{
    (void)state;
    http_engine *e = engine("pw", 8, 3);
    assert_int_equal(http_engine_concurrency(e), 3);
    http_engine_free(e);
    e = engine("pw", 2, 3);
    assert_int_equal(http_engine_concurrency(e), 2);
    http_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_sign_in_then_expiry),
        cmocka_unit_test(expiry_after_replays_is_delivered),
        cmocka_unit_test(failed_sign_in_fails_everything),
        cmocka_unit_test(busy_post_is_retried),
        cmocka_unit_test(proto_caps_concurrency),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
