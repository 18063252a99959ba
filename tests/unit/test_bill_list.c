/* Listing and finding BILL invoices through the engine, against a small in-process server that
 * answers GET /v3/invoices the way BILL does: pages of `max`, a `nextPage` token until the last
 * (an empty page in the middle is not the end), errors as BDC codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/bill/bill.h"
#include "api/bill/bill_internal.h"
#include "util/sbuf.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_INVOICES 250

typedef struct server {
    struct MHD_Daemon *d;
    int port;
    pthread_mutex_t mu;
    int requests;
    char last_query[1024];
    const char *fail_with; /* an error body to answer every request with (status 400) */
} server;

static server srv;

/* Pages: "" -> invoices 0..99, then an empty page "E", then "p2" -> 100..199, "p3" -> 200..249. */
static void page_json(sbuf *b, const char *page, const char *max)
{
    int n = max ? atoi(max) : 100;
    int from = 0;
    const char *next = NULL;
    if (!page || !*page) {
        from = 0;
        next = "E";
    } else if (strcmp(page, "E") == 0) {
        sbuf_adds(b, "{\"results\":[],\"nextPage\":\"p2\",\"prevPage\":\"x\"}");
        return;
    } else if (strcmp(page, "p2") == 0) {
        from = 100;
        next = "p3";
    } else {
        from = 200;
        next = NULL;
    }
    (void)n;
    int to = from + 100 < N_INVOICES ? from + 100 : N_INVOICES;
    sbuf_adds(b, "{\"results\":[");
    for (int i = from; i < to; i++) {
        static const char *const st[] = {"OPEN", "SCHEDULED", "PARTIAL_PAYMENT", "PAID_IN_FULL"};
        sbuf_addf(b,
                  "%s{\"id\":\"00e%04d\",\"invoiceNumber\":\"INV-%d\",\"customerId\":\"0cuA\","
                  "\"status\":\"%s\",\"totalAmount\":10.5,\"dueAmount\":10.5}",
                  i > from ? "," : "", i, i, st[i % 4]);
    }
    sbuf_adds(b, "]");
    if (next)
        sbuf_addf(b, ",\"nextPage\":\"%s\"", next);
    sbuf_adds(b, "}");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    (void)upload;
    (void)upload_size;
    (void)con_cls;
    const char *page = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "page");
    const char *max = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "max");
    const char *filters = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "filters");
    const char *sort = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "sort");
    pthread_mutex_lock(&srv.mu);
    srv.requests++;
    snprintf(srv.last_query, sizeof srv.last_query, "%s %s max=%s filters=%s sort=%s", method, url,
             max ? max : "-", filters ? filters : "-", sort ? sort : "-");
    const char *fail = srv.fail_with;
    pthread_mutex_unlock(&srv.mu);
    sbuf b = SBUF_INIT;
    unsigned status = 200;
    if (fail) {
        sbuf_adds(&b, fail);
        status = 400;
    } else {
        page_json(&b, page, max);
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(b.len, b.data, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    sbuf_release(&b);
    return ret;
}

static int start(void **state)
{
    (void)state;
    memset(&srv, 0, sizeof srv);
    pthread_mutex_init(&srv.mu, NULL);
    srv.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_request, NULL,
                             MHD_OPTION_END);
    assert_non_null(srv.d);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv.d, MHD_DAEMON_INFO_BIND_PORT);
    srv.port = info->port;
    return 0;
}

static int stop(void **state)
{
    (void)state;
    MHD_stop_daemon(srv.d);
    pthread_mutex_destroy(&srv.mu);
    return 0;
}

static http_engine *engine(void)
{
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", srv.port);
    api_conn c = {0};
    c.base_url = url;
    c.store_hash = (char *)"s";
    c.token = (char *)"t";
    c.timeout_ms = 5000;
    c.max_retries = 0;
    c.concurrency = 3;
    ic_err err = {0};
    http_engine *e = http_engine_new(&c, &err);
    if (!e)
        fail_msg("%s", err.msg);
    pthread_mutex_lock(&srv.mu);
    srv.requests = 0;
    srv.fail_with = NULL;
    pthread_mutex_unlock(&srv.mu);
    return e;
}

typedef struct seen {
    size_t docs, pages, offsets[8];
    size_t totals;
    int open_only_bad;
} seen;

static int on_page(void *ctx, const cJSON *docs, size_t offset, size_t total)
{
    seen *s = ctx;
    if (s->pages < 8)
        s->offsets[s->pages] = offset;
    s->pages++;
    s->docs += (size_t)cJSON_GetArraySize(docs);
    if (total != (size_t)-1)
        s->totals++;
    const cJSON *d;
    cJSON_ArrayForEach(d, docs)
    {
        const char *st = cJSON_GetObjectItem(d, "status")->valuestring;
        if (strcmp(st, "OPEN") != 0 && strcmp(st, "SCHEDULED") != 0)
            s->open_only_bad++;
    }
    return 0;
}

static void test_list_follows_next_page(void **state)
{
    (void)state;
    http_engine *e = engine();
    conn_filter f = {.status = -1};
    seen s = {0};
    ic_err err = {0};
    assert_int_equal(bill_connector.list(e, &f, on_page, &s, &err), 0);
    assert_int_equal(s.docs, N_INVOICES);
    assert_int_equal(s.pages, 3); /* the empty page is read but is no page of documents */
    assert_int_equal(s.offsets[0], 0);
    assert_int_equal(s.offsets[1], 100);
    assert_int_equal(s.offsets[2], 200);
    assert_int_equal(s.totals, 0); /* BILL never tells the total */
    assert_int_equal(srv.requests, 4);
    assert_non_null(strstr(srv.last_query, "GET /v3/invoices max=100 filters=archived:eq:false"));

    /* open: OPEN or SCHEDULED, narrowed here */
    conn_filter o = {.status = 0};
    memset(&s, 0, sizeof s);
    assert_int_equal(bill_connector.list(e, &o, on_page, &s, &err), 0);
    assert_int_equal(s.docs, 126); /* i % 4 in {0, 1} for i < 250 */
    assert_int_equal(s.open_only_bad, 0);
    assert_int_equal(s.offsets[1], 50);
    http_engine_free(e);
}

static int stop_after_one(void *ctx, const cJSON *docs, size_t offset, size_t total)
{
    (void)docs;
    (void)offset;
    (void)total;
    (*(int *)ctx)++;
    return 7;
}

static void test_list_stops_when_asked(void **state)
{
    (void)state;
    http_engine *e = engine();
    conn_filter f = {.status = -1};
    int calls = 0;
    ic_err err = {0};
    assert_int_equal(bill_list(e, &f, stop_after_one, &calls, &err), 7);
    assert_int_equal(calls, 1);
    assert_int_equal(srv.requests, 1);
    http_engine_free(e);
}

static int interrupt_after_one(void *ctx, const cJSON *docs, size_t offset, size_t total)
{
    (void)docs;
    (void)offset;
    (void)total;
    http_engine_stop(ctx); /* as the SIGINT handler does */
    return 0;
}

static void test_list_interrupted(void **state)
{
    (void)state;
    http_engine *e = engine();
    conn_filter f = {.status = -1};
    ic_err err = {0};
    assert_int_equal(bill_list(e, &f, interrupt_after_one, e, &err), IC_EXIT_INTERRUPTED);
    assert_non_null(strstr(err.msg, "interrupted"));
    http_engine_free(e);
}

static void test_list_errors(void **state)
{
    (void)state;
    http_engine *e = engine();
    conn_filter f = {.status = -1};
    seen s = {0};
    ic_err err = {0};
    srv.fail_with = "[{\"code\":\"BDC_1144\",\"severity\":\"ERROR\",\"message\":\"limit\"}]";
    assert_int_equal(bill_list(e, &f, on_page, &s, &err), IC_EXIT_IO);
    assert_non_null(strstr(err.msg, "until the top of the hour ("));
    srv.fail_with = "{\"code\":\"BDC_1102\",\"message\":\"Invalid devKey\"}";
    assert_int_equal(bill_list(e, &f, on_page, &s, &err), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "Invalid devKey"));
    conn_filter bad = {.status = -1, .search = "x", .search_field = "invoiceNumber"};
    srv.requests = 0;
    assert_int_equal(bill_list(e, &bad, on_page, &s, &err), IC_EXIT_USAGE);
    assert_int_equal(srv.requests, 0); /* nothing sent */
    http_engine_free(e);
}

typedef struct answer {
    int calls, rc;
    char number[32];
    char msg[IC_ERR_MSG_MAX];
} answer;

static void on_found(void *ctx, const cJSON *found, int rc, const ic_err *err)
{
    answer *a = ctx;
    a->calls++;
    a->rc = rc;
    if (found)
        snprintf(a->number, sizeof a->number, "%s",
                 cJSON_GetObjectItem(found, "invoiceNumber")->valuestring);
    if (err)
        snprintf(a->msg, sizeof a->msg, "%s", err->msg);
}

static void test_find(void **state)
{
    (void)state;
    http_engine *e = engine();
    answer a = {0};
    bill_connector.find(e, "invoiceNumber", "INV-7", 0, on_found, &a);
    assert_int_equal(http_run(e), 0);
    assert_int_equal(a.calls, 1);
    assert_int_equal(a.rc, 0);
    assert_string_equal(a.number, "INV-7");
    assert_int_equal(srv.requests, 1);
    assert_non_null(strstr(srv.last_query, "sort=createdTime:desc"));

    /* on the last page: every page read, the empty one included */
    memset(&a, 0, sizeof a);
    srv.requests = 0;
    bill_find(e, "invoiceNumber", "INV-249", 1772323200, on_found, &a);
    assert_int_equal(http_run(e), 0);
    assert_string_equal(a.number, "INV-249");
    assert_int_equal(srv.requests, 4);
    /* the lookup reads only what was created since the run could have made it, less a day */
    assert_non_null(
        strstr(srv.last_query, "archived:eq:false,createdTime:gte:\"2026-02-28T00:00:00.000Z\""));

    /* not there: answered once, with nothing; numbers match exactly */
    memset(&a, 0, sizeof a);
    bill_find(e, "invoiceNumber", "inv-7", 0, on_found, &a);
    assert_int_equal(http_run(e), 0);
    assert_int_equal(a.calls, 1);
    assert_int_equal(a.rc, 0);
    assert_string_equal(a.number, "");

    /* a failed lookup says why */
    memset(&a, 0, sizeof a);
    srv.fail_with = "[{\"code\":\"BDC_1144\",\"severity\":\"ERROR\",\"message\":\"limit\"}]";
    bill_find(e, "invoiceNumber", "INV-7", 0, on_found, &a);
    assert_int_equal(http_run(e), 0);
    assert_int_equal(a.calls, 1);
    assert_int_equal(a.rc, IC_EXIT_IO);
    assert_non_null(strstr(a.msg, "BDC_1144"));
    srv.fail_with = NULL;

    /* only by number */
    memset(&a, 0, sizeof a);
    bill_find(e, "externalId", "X", 0, on_found, &a);
    assert_int_equal(a.calls, 1);
    assert_int_equal(a.rc, IC_EXIT_USAGE);
    http_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_follows_next_page),
        cmocka_unit_test(test_list_stops_when_asked),
        cmocka_unit_test(test_list_interrupted),
        cmocka_unit_test(test_list_errors),
        cmocka_unit_test(test_find),
    };
    return cmocka_run_group_tests(tests, start, stop);
}
