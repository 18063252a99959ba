/* A small program over the API engine for the end-to-end tests (tests/e2e/t_http_engine.sh compiles
 * it against the build's libinvoicectl.a): it drives api/http.c and api/b2b.c against a server the
 * test starts.
 *
 *   http_driver [connection options] list [PAGE_LIMIT [SORT_BY ORDER_BY]]
 *                                                       invoice numbers, one a line, in list order
 *   http_driver [connection options] find NUMBER         the invoice's id, or "none"
 *   http_driver [connection options] get PATH            outcome, status and error of one GET
 *   http_driver [connection options] post PATH JSON      the same for one POST (not idempotent)
 *
 * Engine counters go to stderr as "stats: requests=… 429=… 5xx=… retries=…".  Exit code: the
 * ic_exit code.
 */
#include "api/b2b/b2b.h"
#include "api/connector.h"
#include "api/conn.h"
#include "api/http.h"
#include "util/log.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_page(void *ctx, const cJSON *invoices, size_t offset, size_t total)
{
    (void)offset;
    size_t *count = ctx;
    const cJSON *inv;
    cJSON_ArrayForEach(inv, invoices)
    {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(inv, "invoiceNumber");
        printf("%s\n", cJSON_IsString(n) ? n->valuestring : "?");
        (*count)++;
    }
    if (*count > total + 1000)
        return IC_EXIT_INTERNAL;
    return 0;
}

static void print_result(void *ctx, const http_result *res)
{
    int *rc = ctx;
    static const char *names[] = {"answered", "unknown", "failed"};
    char msg[512];
    bool ok = b2b_answer_ok(res, msg, sizeof msg);
    printf("outcome=%s status=%ld attempts=%d ok=%d\n", names[res->outcome], res->status,
           res->attempts, ok);
    if (res->error[0])
        printf("error=%s\n", res->error);
    if (!ok)
        printf("message=%s\n", msg);
    *rc = res->outcome == HTTP_ANSWERED ? 0 : IC_EXIT_IO;
}

static void print_stats(const http_engine *e)
{
    http_stats s;
    http_get_stats(e, &s);
    fprintf(stderr,
            "stats: requests=%lu 429=%lu 5xx=%lu retries=%lu remaining=%ld allocated=%ld "
            "elapsed=%.2f waited=%.2f\n",
            s.requests, s.answered_429, s.answered_5xx, s.retries, s.remaining, s.allocated,
            s.elapsed_s, s.waited_s);
}

int main(int argc, char **argv)
{
    int rc = 0, opt;
    ic_err err = {0};
    api_conn conn = {0};
    http_engine *e = NULL;
    api_conn_opts *o = api_conn_opts_new();
    if (getenv("HTTP_DRIVER_VERBOSE"))
        ic_log_level = IC_LOG_VERBOSE; /* retries and waits on stderr */
    while ((opt = getopt_long(argc, argv, "+", api_conn_long_options, NULL)) != -1) {
        int t = api_conn_opts_take(o, opt, optarg, &err);
        if (t != 1) {
            rc = t ? t : IC_EXIT_USAGE;
            if (!t)
                ic_err_set(&err, rc, "unknown option");
            goto out;
        }
    }
    if ((rc = api_conn_resolve(o, &conn, &err)))
        goto out;
    if (optind >= argc) {
        rc = ic_err_set(&err, IC_EXIT_USAGE, "no command");
        goto out;
    }
    http_proto proto;
    if (connector_default()->engine_proto(&conn, &proto, &err) != 0 ||
        !(e = http_engine_new(&conn, &proto, &err))) {
        rc = err.code;
        goto out;
    }
    const char *cmd = argv[optind];
    if (strcmp(cmd, "list") == 0) {
        b2b_filter f;
        b2b_filter_init(&f);
        if (optind + 1 < argc)
            f.page_limit = (int)strtol(argv[optind + 1], NULL, 10);
        if (optind + 3 < argc) {
            f.sort_by = argv[optind + 2];
            f.order_by = argv[optind + 3];
        }
        size_t count = 0;
        rc = b2b_list_invoices(e, &f, print_page, &count, &err);
    } else if (strcmp(cmd, "find") == 0 && optind + 1 < argc) {
        cJSON *found = NULL;
        rc = b2b_find_by_number(e, argv[optind + 1], &found, &err);
        if (!rc) {
            const cJSON *id = found ? cJSON_GetObjectItemCaseSensitive(found, "id") : NULL;
            if (cJSON_IsNumber(id))
                printf("%.0f\n", id->valuedouble);
            else
                printf("none\n");
        }
        cJSON_Delete(found);
    } else if ((strcmp(cmd, "get") == 0 && optind + 1 < argc) ||
               (strcmp(cmd, "post") == 0 && optind + 2 < argc)) {
        bool post = cmd[0] == 'p';
        int res_rc = -1;
        http_submit(e, post ? "POST" : "GET", argv[optind + 1], post ? argv[optind + 2] : NULL,
                    !post, print_result, &res_rc);
        rc = http_run(e);
        if (!rc)
            rc = res_rc;
    } else {
        rc = ic_err_set(&err, IC_EXIT_USAGE, "unknown command '%s'", cmd);
    }
    print_stats(e);
out:
    if (rc && err.msg[0])
        ic_error("%s", err.msg);
    http_engine_free(e);
    api_conn_release(&conn);
    api_conn_opts_free(o);
    return rc;
}
