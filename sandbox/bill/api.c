/* The BILL v3 table of the API seam (sandbox/api.h): its store and customers, login and
 * session checks (session.c), the routes below, and every error in BILL's shape. */
#include "sandbox/route.h"
#include "sandbox/bill/bill.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*bill_handler)(bill_state *b, const sb_api_call *call, sb_reply *out);

/* First match wins.  "{}" is one path segment, the {id}. */
static const struct {
    const char *method, *pattern;
    bill_handler fn;
} routes[] = {
    {"POST", "/v3/login", bill_h_login},
    {"POST", "/v3/logout", bill_h_logout},
    {"GET", "/v3/login/session", bill_h_session},
    {"GET", "/v3/customers", bill_h_customer_list},
    {"GET", "/v3/customers/{}", bill_h_customer_get},
    {"GET", "/v3/invoices", bill_h_invoice_list},
    {"POST", "/v3/invoices", bill_h_invoice_create},
    {"POST", "/v3/invoices/record-payment", bill_h_record_payment},
    {"GET", "/v3/invoices/{}", bill_h_invoice_get},
    {"PUT", "/v3/invoices/{}", bill_h_invoice_replace},
    {"PATCH", "/v3/invoices/{}", bill_h_invoice_update},
    {"POST", "/v3/invoices/{}/archive", bill_h_invoice_archive},
    {"POST", "/v3/invoices/{}/restore", bill_h_invoice_restore},
};

/* --record-requests: the request as received, but a login's password and developer key replaced
 * by "(redacted)": secrets never reach a file. */
static void record(const sb_api_call *call, bool login)
{
    if (!call->record)
        return;
    cJSON *body = login ? cJSON_ParseWithLength(call->rq.body, call->rq.body_len) : NULL;
    if (!cJSON_IsObject(body)) {
        cJSON_Delete(body);
        sb_record_write(call->record, call->rq.method, call->rq.path,
                        login ? "(login body redacted)" : call->rq.body,
                        login ? 21 : call->rq.body_len);
        return;
    }
    static const char *const secrets[] = {"password", "devKey"};
    for (size_t i = 0; i < IC_ARRAY_LEN(secrets); i++)
        if (cJSON_GetObjectItemCaseSensitive(body, secrets[i]))
            cJSON_ReplaceItemInObjectCaseSensitive(body, secrets[i],
                                                   cJSON_CreateString("(redacted)"));
    char *text = cJSON_PrintUnformatted(body);
    if (text)
        sb_record_write(call->record, call->rq.method, call->rq.path, text, strlen(text));
    free(text);
    cJSON_Delete(body);
}

static int bill_open(const sb_api_env *env, void **state, ic_err *err)
{
    bill_state *b = xcalloc(1, sizeof *b);
    b->cfg = &env->cfg->bill;
    b->faults = env->faults;
    pthread_mutex_init(&b->mu, NULL);
    pthread_mutex_init(&b->db_mu, NULL);
    *state = b;
    int rc = bill_store_open(b, env->cfg->db_path, err);
    if (rc == 0)
        rc = bill_customers_seed(b, b->cfg->customers_path, err);
    return rc;
}

static void bill_close(void *state)
{
    bill_state *b = state;
    bill_store_close(b);
    pthread_mutex_destroy(&b->mu);
    pthread_mutex_destroy(&b->db_mu);
    free(b);
}

static void bill_handle(void *state, const sb_api_call *call, sb_reply *out)
{
    const char *path = call->rq.path;
    size_t len = strlen(path);
    if (len > 1 && path[len - 1] == '/')
        len--;
    char param[256];
    bool path_known = false;
    for (size_t i = 0; i < IC_ARRAY_LEN(routes); i++) {
        if (!sb_route_match(routes[i].pattern, path, len, param, sizeof param))
            continue;
        path_known = true;
        if (strcmp(routes[i].method, call->rq.method) != 0)
            continue;
        if (call->too_large) {
            bill_error(out, 413, "BDC_1121", "VALIDATION",
                       "The request body is larger than 1 MiB.");
            return;
        }
        record(call, routes[i].fn == bill_h_login);
        sb_api_call c = *call;
        c.rq.param = strchr(routes[i].pattern, '{') ? param : "";
        routes[i].fn(state, &c, out);
        return;
    }
    if (path_known)
        bill_error(out, 405, "BDC_1121", "VALIDATION", "Method not supported for this API.");
    else
        bill_error(out, 404, "BDC_1121", "VALIDATION", "API not supported.");
}

static void bill_answer(enum sb_answer kind, sb_reply *out)
{
    switch (kind) {
    case SB_ANS_CONCURRENCY:
        bill_error(out, 429, "BDC_1322", "DOWNSTREAM",
                   "Max number of concurrent requests per organization reached.");
        break;
    case SB_ANS_RATE:
    case SB_ANS_BURST:
        bill_error(out, 429, "BDC_1144", "DOWNSTREAM",
                   "Max number of API calls reached. Try again later.");
        break;
    case SB_ANS_500:
        bill_error(out, 500, "BDC_1000", "DOWNSTREAM", "An internal error occurred.");
        break;
    case SB_ANS_503:
        bill_error(out, 503, "BDC_1000", "DOWNSTREAM", "The service is temporarily unavailable.");
        break;
    }
}

const sb_api sb_api_bill = {
    .name = "bill-v3",
    .prefix = "/connect",
    .rate_headers = false,
    .open = bill_open,
    .close = bill_close,
    .admit = bill_admit,
    .handle = bill_handle,
    .answer = bill_answer,
};
