/* B2B Edition payments for `invoicectl pay` (api/connector.h, "payments"): the body of POST
 * /payments/offline, its answer, and GET /payments?invoiceId=… to find a payment again by its
 * externalId (the spec: tests/data/spec/specs/api-v3/invoice-management.yaml, "/payments" and
 * "/payments/offline").
 *
 * The offline payment has no date field: the day the payment was received is written first in
 * details.memo ("2026-11-03 wire REF-123"), with the method and the reference.  The payment key
 * goes into externalId, which the payments list returns, so a payment whose answer was lost is
 * found again before anything is resent. */
#include "api/b2b/b2b.h"
#include "api/b2b/b2b_payment.h"

#include "util/common.h"
#include "util/sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAYMENTS_PAGE 250 /* the API's largest page, as for invoices */

static const char *str_member(const cJSON *o, const char *key)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

cJSON *b2b_payment_body(const cJSON *stored, const conn_payment *p)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(stored, "id");
    cJSON *body = cJSON_CreateObject();
    cJSON *lines = cJSON_AddArrayToObject(body, "lineItems");
    cJSON *line = cJSON_CreateObject();
    cJSON_AddNumberToObject(line, "invoiceId", cJSON_IsNumber(id) ? id->valuedouble : 0);
    char amount[MONEY_MAX_TEXT];
    money_format_min(p->amount, amount, sizeof amount);
    cJSON_AddStringToObject(line, "amount", amount);
    cJSON_AddItemToArray(lines, line);
    cJSON_AddStringToObject(body, "currency", p->currency);
    const char *customer = str_member(stored, "customerId");
    cJSON_AddStringToObject(body, "customerId", customer ? customer : "");
    sbuf memo = SBUF_INIT;
    sbuf_adds(&memo, p->date);
    if (p->method)
        sbuf_addf(&memo, " %s", p->method);
    if (p->reference)
        sbuf_addf(&memo, " %s", p->reference);
    cJSON *details = cJSON_AddObjectToObject(body, "details");
    cJSON_AddStringToObject(details, "memo", memo.data);
    sbuf_release(&memo);
    cJSON_AddStringToObject(body, "externalId", p->key);
    if (p->payer)
        cJSON_AddStringToObject(body, "payerName", p->payer);
    /* 3 "Completed": the money has arrived (the spec's default, said so that it stays so) */
    cJSON_AddNumberToObject(body, "processingStatus", 3);
    return body;
}

void b2b_payment_request(const char *body, conn_request *out)
{
    out->method = "POST";
    out->path = xstrdup("/payments/offline");
    out->body = body ? xstrdup(body) : NULL;
}

static bool positive_id(const cJSON *id, char *buf, size_t n)
{
    if (!cJSON_IsNumber(id) || !(id->valuedouble >= 1 && id->valuedouble < 9007199254740992.0))
        return false;
    int64_t v = (int64_t)id->valuedouble;
    if ((double)v != id->valuedouble)
        return false;
    int w = snprintf(buf, n, "%lld", (long long)v);
    return w > 0 && (size_t)w < n;
}

bool b2b_payment_answer_id(const http_result *res, char *id, size_t idlen)
{
    const cJSON *data = res->json ? cJSON_GetObjectItemCaseSensitive(res->json, "data") : NULL;
    return positive_id(cJSON_GetObjectItemCaseSensitive(data, "paymentId"), id, idlen);
}

typedef struct find_state {
    conn_payment_fn fn;
    void *ctx;
    int rc;
    ic_err *err;
    size_t total, seen;
    bool answered;
} find_state;

static void on_page(void *ctx, const http_result *res)
{
    find_state *st = ctx;
    char msg[512];
    if (!b2b_answer_ok(res, msg, sizeof msg)) {
        st->rc = ic_err_set(st->err, IC_EXIT_IO, "GET /payments: %s", msg);
        return;
    }
    st->answered = true;
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(res->json, "data");
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(res->json, "meta");
    const cJSON *total = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(meta, "pagination"), "totalCount");
    if (!cJSON_IsArray(data) || !cJSON_IsNumber(total) || total->valuedouble < 0) {
        st->rc = ic_err_set(st->err, IC_EXIT_IO,
                            "GET /payments: the answer has no data array or no totalCount");
        return;
    }
    st->total = (size_t)total->valuedouble;
    const cJSON *pay;
    cJSON_ArrayForEach(pay, data)
    {
        st->seen++;
        const char *key = str_member(pay, "externalId");
        char id[64] = "";
        positive_id(cJSON_GetObjectItemCaseSensitive(pay, "id"), id, sizeof id);
        if (key && !st->rc)
            st->rc = st->fn(st->ctx, key, id);
    }
    if (cJSON_GetArraySize(data) == 0)
        st->total = st->seen; /* an empty page ends the listing whatever the count said */
}

int b2b_payment_find(http_engine *e, const cJSON *stored, conn_payment_fn fn, void *ctx,
                     ic_err *err)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(stored, "id");
    char invoice_id[64];
    if (!positive_id(id, invoice_id, sizeof invoice_id))
        return ic_err_set(err, IC_EXIT_IO, "the stored invoice has no id to look payments up by");
    find_state st = {.fn = fn, .ctx = ctx, .err = err};
    do {
        char path[256];
        snprintf(path, sizeof path, "/payments?invoiceId=%s&limit=%d&offset=%zu", invoice_id,
                 PAYMENTS_PAGE, st.seen);
        st.answered = false;
        http_submit(e, "GET", path, NULL, true, on_page, &st);
        int hr = http_run(e);
        if (hr != 0 && !st.rc) {
            const ic_err *ee = http_engine_error(e);
            st.rc = ee ? ic_err_set(err, ee->code, "%s", ee->msg)
                       : ic_err_set(err, hr, "interrupted while looking payments up");
        }
        if (!st.answered && !st.rc)
            st.rc = ic_err_set(err, IC_EXIT_IO, "GET /payments: no answer");
    } while (!st.rc && st.seen < st.total);
    return st.rc;
}
