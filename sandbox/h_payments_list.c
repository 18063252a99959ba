/* GET /payments: the payments recorded (POST /payments/offline), newest first, with the spec's
 * filters that clients use to find a payment again (invoiceId, searchBy=id|customerId|externalId|
 * externalCustomerId with q, customerId) and offset/limit paging; the answer in the spec's shape
 * (tests/data/spec/specs/api-v3/invoice-management.yaml, "/payments" get): each payment with
 * storeHash, fees, moduleData, allowedOperations and allowedStatuses, and meta.pagination. */
#include "sandbox/handlers_int.h"
#include "util/common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct list_ctx {
    int64_t invoice_id; /* 0: any */
    const char *search_by, *q, *customer_id, *store_hash;
    int64_t offset, limit, total;
    sbuf *out;
    int n;
} list_ctx;

static bool field_is(const cJSON *doc, const char *name, const char *want)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, name);
    char buf[32];
    if (cJSON_IsNumber(v)) {
        snprintf(buf, sizeof buf, "%.0f", v->valuedouble);
        return strcmp(buf, want) == 0;
    }
    return cJSON_IsString(v) && strcmp(v->valuestring, want) == 0;
}

static bool matches(const list_ctx *lc, const cJSON *doc)
{
    if (lc->customer_id && !field_is(doc, "customerId", lc->customer_id))
        return false;
    if (lc->q && lc->q[0]) {
        static const char *const all[] = {"id", "customerId", "externalId", "externalCustomerId"};
        bool any = false;
        for (size_t i = 0; i < IC_ARRAY_LEN(all) && !any; i++)
            if (!lc->search_by || strcmp(lc->search_by, all[i]) == 0)
                any = field_is(doc, all[i], lc->q);
        if (!any)
            return false;
    }
    if (!lc->invoice_id)
        return true;
    const cJSON *line;
    cJSON_ArrayForEach(line, cJSON_GetObjectItemCaseSensitive(doc, "lineItems"))
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(line, "invoiceId");
        if (cJSON_IsNumber(id) && (int64_t)id->valuedouble == lc->invoice_id)
            return true;
    }
    return false;
}

/* What the spec's payment has that the stored document does not keep. */
static void complete(const list_ctx *lc, cJSON *doc)
{
    cJSON_AddStringToObject(doc, "storeHash", lc->store_hash);
    cJSON_AddArrayToObject(doc, "fees");
    const cJSON *details = cJSON_GetObjectItemCaseSensitive(doc, "details");
    const cJSON *memo = cJSON_GetObjectItemCaseSensitive(details, "memo");
    cJSON *tx = cJSON_CreateObject();
    cJSON_AddStringToObject(tx, "memo", cJSON_IsString(memo) ? memo->valuestring : "");
    cJSON_AddStringToObject(tx, "type", "OfflineTransaction");
    cJSON_AddNullToObject(tx, "rawTransaction");
    cJSON *md = cJSON_AddObjectToObject(doc, "moduleData");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(md, "transactions"), tx);
    cJSON_AddArrayToObject(doc, "allowedOperations");
    const int statuses[] = {1, 2, 3, 4};
    cJSON_AddItemToObject(doc, "allowedStatuses", cJSON_CreateIntArray(statuses, 4));
}

static int each(void *ctx, const char *text)
{
    list_ctx *lc = ctx;
    cJSON *doc = cJSON_Parse(text);
    if (!doc)
        return SB_ERR_DB;
    if (matches(lc, doc)) {
        if (lc->total >= lc->offset && lc->total < lc->offset + lc->limit) {
            complete(lc, doc);
            char *s = cJSON_PrintUnformatted(doc);
            if (s) {
                sbuf_adds(lc->out, lc->n++ ? "," : "");
                sbuf_adds(lc->out, s);
                cJSON_free(s);
            }
        }
        lc->total++;
    }
    cJSON_Delete(doc);
    return SB_OK;
}

static void field_error(cJSON **errs, const char *name, const char *msg)
{
    if (!*errs)
        *errs = cJSON_CreateObject();
    cJSON_AddItemToObject(*errs, name, cJSON_CreateStringArray(&msg, 1));
}

void sb_h_payment_list(const sb_ctx *ctx, const sb_request *rq, sb_reply *out)
{
    const char *hash = sb_header(rq, "X-Store-Hash");
    list_ctx lc = {.store_hash = hash ? hash : ""};
    if (!sb_page_args(rq, out, &lc.offset, &lc.limit))
        return;
    cJSON *errs = NULL;
    const char *v = sb_arg(rq, "invoiceId");
    if (v && *v) {
        char *end;
        errno = 0;
        long long id = strtoll(v, &end, 10);
        if (errno || *end || id < 1)
            field_error(&errs, "invoiceId", "Not a valid integer.");
        lc.invoice_id = id;
    }
    v = sb_arg(rq, "searchBy");
    if (v && *v) {
        if (strcmp(v, "id") != 0 && strcmp(v, "customerId") != 0 && strcmp(v, "externalId") != 0 &&
            strcmp(v, "externalCustomerId") != 0)
            field_error(&errs, "searchBy",
                        "Must be one of: id, customerId, externalId, externalCustomerId.");
        lc.search_by = v;
    }
    lc.q = sb_arg(rq, "q");
    v = sb_arg(rq, "customerId");
    lc.customer_id = v && *v ? v : NULL;
    if (errs) {
        sb_reply_data(out, 422, errs);
        return;
    }
    sbuf data = SBUF_INIT, meta = SBUF_INIT;
    lc.out = &data;
    sbuf_adds(&data, "[");
    int rc = sb_store_payment_each(ctx->store, each, &lc);
    sbuf_adds(&data, "]");
    if (rc != SB_OK) {
        sb_reply_error(out, 500, "The payments could not be listed.");
    } else {
        sb_pagination_meta(&meta, lc.total, lc.limit, lc.offset);
        sb_reply_envelope(out, 200, data.data, data.len, meta.data);
    }
    sbuf_release(&data);
    sbuf_release(&meta);
}
