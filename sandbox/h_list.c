/* GET /invoices: filters, search, sort and pagination as the spec lists them.
 */
#include "sandbox/handlers_int.h"
#include "util/common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_IN_LIST 50 /* externalId[] / channelIds values per request */

static const char *const sort_names[] = {
    [SB_SORT_INVOICE_NUMBER] = "invoiceNumber",
    [SB_SORT_CREATED_AT] = "createdAt",
    [SB_SORT_CUSTOMER_ID] = "customerId",
    [SB_SORT_EXTERNAL_CUSTOMER_ID] = "externalCustomerId",
    [SB_SORT_DUE_DATE] = "dueDate",
    [SB_SORT_UPDATED_AT] = "updatedAt",
    [SB_SORT_IS_PENDING_PAYMENT] = "isPendingPayment",
    [SB_SORT_OPEN_BALANCE] = "openBalance",
    [SB_SORT_ORIGINAL_BALANCE] = "originalBalance",
    [SB_SORT_STATUS] = "status",
};

static const char *const search_names[] = {
    [SB_SEARCH_INVOICE_NUMBER] = "invoiceNumber",
    [SB_SEARCH_TYPE] = "type",
    [SB_SEARCH_ORDER_NUMBER] = "orderNumber",
    [SB_SEARCH_PO_NUMBER] = "purchaseOrderNumber",
    [SB_SEARCH_CUSTOMER_ID] = "customerId",
    [SB_SEARCH_EXTERNAL_CUSTOMER_ID] = "externalCustomerId",
};

static void field_error(cJSON **errs, const char *name, const char *msg)
{
    if (!*errs)
        *errs = cJSON_CreateObject();
    cJSON_AddItemToObject(*errs, name, cJSON_CreateStringArray(&msg, 1));
}

static int find(const char *const *names, size_t n, const char *v)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], v) == 0)
            return (int)i;
    return -1;
}

static bool parse_i64(const char *s, int64_t *out)
{
    if (!s || !*s)
        return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

/* channelIds: repeated (channelIds=1&channelIds=2, channelIds[]=1) or
 * comma-separated ("1,2"). */
static bool channel_ids(const sb_request *rq, int64_t *ids, size_t *n)
{
    const char *vals[MAX_IN_LIST];
    size_t nv = sb_args(rq, "channelIds", vals, MAX_IN_LIST);
    size_t nb = sb_args(rq, "channelIds[]", vals + (nv < MAX_IN_LIST ? nv : MAX_IN_LIST),
                        MAX_IN_LIST - (nv < MAX_IN_LIST ? nv : MAX_IN_LIST));
    if (nv + nb > MAX_IN_LIST)
        return false;
    *n = 0;
    for (size_t i = 0; i < nv + nb; i++) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s", vals[i]);
        char *save = NULL;
        for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            if (*n == MAX_IN_LIST || !parse_i64(tok, &ids[*n]))
                return false;
            (*n)++;
        }
    }
    return true;
}

void sb_h_invoice_list(const sb_ctx *ctx, const sb_request *rq, sb_reply *out)
{
    sb_list_query q = {
        .sort = SB_SORT_CREATED_AT, .desc = true, .search_by = SB_SEARCH_ALL, .status = -1};
    cJSON *errs = NULL;
    const char *ext[MAX_IN_LIST];
    int64_t chans[MAX_IN_LIST];
    sbuf data = SBUF_INIT, meta = SBUF_INIT;

    if (!sb_page_args(rq, out, &q.offset, &q.limit))
        return;
    const char *v;
    if ((v = sb_arg(rq, "orderBy")) && *v) {
        if (strcasecmp(v, "ASC") == 0)
            q.desc = false;
        else if (strcasecmp(v, "DESC") != 0)
            field_error(&errs, "orderBy", "Must be one of: DESC, ASC.");
    }
    if ((v = sb_arg(rq, "sortBy")) && *v) {
        int i = find(sort_names, IC_ARRAY_LEN(sort_names), v);
        if (i < 0)
            field_error(&errs, "sortBy",
                        "Must be one of: invoiceNumber, createdAt, customerId, "
                        "externalCustomerId, dueDate, "
                        "updatedAt, isPendingPayment, openBalance, originalBalance, status.");
        else
            q.sort = (enum sb_sort)i;
    }
    if ((v = sb_arg(rq, "searchBy")) && *v) {
        int i = find(search_names, IC_ARRAY_LEN(search_names), v);
        if (i < 0)
            field_error(&errs, "searchBy",
                        "Must be one of: invoiceNumber, type, orderNumber, "
                        "purchaseOrderNumber, customerId, "
                        "externalCustomerId.");
        else
            q.search_by = (enum sb_search)i;
    }
    q.q = sb_arg(rq, "q");
    if ((v = sb_arg(rq, "status")) && *v) {
        int64_t s;
        if (!parse_i64(v, &s) || s < 0 || s > 2)
            field_error(&errs, "status", "Must be one of: 0, 1, 2.");
        else
            q.status = (int)s;
    }
    if ((v = sb_arg(rq, "customerId")) && *v)
        q.customer_id = v;
    if ((v = sb_arg(rq, "customerName")) && *v)
        q.customer_name = v;
    if ((v = sb_arg(rq, "beginDateAt")) && *v) {
        if (!parse_i64(v, &q.begin))
            field_error(&errs, "beginDateAt", "Not a valid integer (unix seconds).");
        q.has_begin = true;
    }
    if ((v = sb_arg(rq, "endDateAt")) && *v) {
        if (!parse_i64(v, &q.end))
            field_error(&errs, "endDateAt", "Not a valid integer (unix seconds).");
        q.has_end = true;
    }
    size_t n1 = sb_args(rq, "externalId[]", ext, MAX_IN_LIST);
    size_t n2 = n1 < MAX_IN_LIST ? sb_args(rq, "externalId", ext + n1, MAX_IN_LIST - n1) : 0;
    if (n1 + n2 > MAX_IN_LIST)
        field_error(&errs, "externalId[]", "At most 50 values.");
    else {
        q.external_ids = ext;
        q.n_external_ids = n1 + n2;
    }
    if (!channel_ids(rq, chans, &q.n_channel_ids))
        field_error(&errs, "channelIds", "Not a valid list of at most 50 integers.");
    q.channel_ids = chans;
    if ((v = sb_arg(rq, "isIncludeExtraFields")) && *v) {
        if (strcmp(v, "1") == 0)
            q.with_extra = true;
        else if (strcmp(v, "0") != 0)
            field_error(&errs, "isIncludeExtraFields", "Must be one of: 0, 1.");
    }
    if (errs) {
        sb_reply_data(out, 422, errs);
        return;
    }
    int64_t total = 0;
    if (sb_store_invoice_list(ctx->store, &q, &data, &total) != SB_OK) {
        sb_reply_error(out, 500, "The invoices could not be listed.");
        goto out;
    }
    sb_pagination_meta(&meta, total, q.limit, q.offset);
    sb_reply_envelope(out, 200, data.data, data.len, meta.data);
out:
    sbuf_release(&data);
    sbuf_release(&meta);
}
