/* The BigCommerce B2B Edition connector (api/connector.h): the table that puts B2B Edition behind
 * the seam, made of the folder's parts: b2b_proto.c (the wire), b2b_list.c (listing and lookup),
 * b2b_answer.c (answers), b2b_json.c (invoice <-> JSON), b2b_merge.c (updates). */
#include "api/b2b/b2b.h"
#include "api/b2b/b2b_json.h"
#include "api/b2b/b2b_merge.h"
#include "api/b2b/b2b_payment.h"
#include "api/b2b/b2b_proto.h"
#include "api/connector.h"
#include "model/target.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const conn_credential b2b_credentials[] = {
    {"store_hash", "B2B_STORE_HASH", NULL, false, true, "store hash", "store-hash",
     "no store hash: use --store-hash HASH, set B2B_STORE_HASH, or add \"store_hash\" to a "
     "config profile"},
    {"token", "B2B_AUTH_TOKEN", "token-file", true, true, "API token", NULL,
     "no API token: set B2B_AUTH_TOKEN, use --token-file FILE, or add \"token\" to a config "
     "profile (~/.config/invoicectl/config.json)"},
    {0},
};

static const char *const b2b_match_fields[] = {"invoiceNumber", "externalId", NULL};

/* Numbers as their digits, strings as they are: the key a file's cell is compared with. */
static bool doc_key(const cJSON *doc, const char *match_field, char *buf, size_t bufsize)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, match_field);
    if (cJSON_IsString(v) && v->valuestring && v->valuestring[0]) {
        snprintf(buf, bufsize, "%s", v->valuestring);
        return true;
    }
    if (cJSON_IsNumber(v)) {
        snprintf(buf, bufsize, "%.0f", v->valuedouble);
        return true;
    }
    return false;
}

/* An invoice id: a positive integer (a server answering "abc" or 1.5 has not told one). */
static bool id_text(const cJSON *id, char *buf, size_t bufsize)
{
    if (!cJSON_IsNumber(id) || !(id->valuedouble >= 1 && id->valuedouble < 9007199254740992.0))
        return false;
    int64_t v = (int64_t)id->valuedouble;
    if ((double)v != id->valuedouble)
        return false;
    int n = snprintf(buf, bufsize, "%lld", (long long)v);
    return n > 0 && (size_t)n < bufsize;
}

static bool doc_id(const cJSON *doc, char *buf, size_t bufsize)
{
    return id_text(cJSON_GetObjectItemCaseSensitive(doc, "id"), buf, bufsize);
}

/* A listed invoice as a canonical one.  B2B Edition keeps a create's issuedAt as the invoice's
 * createdAt and answers with that only: it is the issue date every writer (and a mapping's
 * reverse) should see. */
static int read_doc(const cJSON *doc, ic_invoice *inv, ic_err *err)
{
    int rc = b2b_invoice_from_json(doc, inv, err);
    if (!rc && !inv->has_issued_at && inv->created_at) {
        inv->has_issued_at = true;
        inv->issued_at = inv->created_at;
    }
    return rc;
}

static cJSON *update_body(const cJSON *merged, const cJSON *stored)
{
    (void)stored; /* B2B Edition's lines carry no ids to keep: the merged document says it all */
    return b2b_put_body(merged);
}

static void create_request(const char *body, conn_request *out)
{
    out->method = "POST";
    out->path = xstrdup("/invoices");
    out->body = body ? xstrdup(body) : NULL;
}

static void update_request(const char *id, const char *body, conn_request *out)
{
    size_t n = strlen(id) + sizeof "/invoices/";
    out->method = "PUT";
    out->path = xmalloc(n);
    snprintf(out->path, n, "/invoices/%s", id);
    out->body = body ? xstrdup(body) : NULL;
}

/* The status that counts: a 2xx answer whose body says "code": 500 is a 500 (the engine has
 * already made a 2xx with a 4xx/5xx code that code). */
static long effective_status(const http_result *res)
{
    const cJSON *code = res->json ? cJSON_GetObjectItemCaseSensitive(res->json, "code") : NULL;
    if (cJSON_IsNumber(code) && code->valuedouble >= 500 && res->status < 500)
        return (long)code->valuedouble;
    return res->status;
}

static enum conn_verdict verdict(const http_result *res, char *msg, size_t msglen)
{
    if (b2b_answer_ok(res, msg, msglen))
        return CONN_OK;
    if (res->outcome != HTTP_ANSWERED)
        return CONN_UNAVAILABLE;
    long status = effective_status(res);
    if (status >= 500 || status == 429)
        return CONN_UNAVAILABLE;
    if (status == 400 && strstr(msg, "already exists"))
        return CONN_DUPLICATE;
    if (status == 403)
        return CONN_FORBIDDEN;
    if (status == 401)
        return CONN_AUTH;
    if (res->status == 404)
        return CONN_NOT_FOUND;
    return CONN_REFUSED;
}

static void delete_request(const char *id, conn_request *out)
{
    update_request(id, NULL, out);
    out->method = "DELETE";
}

/* B2B Edition deletes an invoice whatever its payments; a tool must not: a payment recorded
 * against it would be left pointing at nothing, and the money is real. */
static bool can_delete(const cJSON *stored, char *why, size_t whylen)
{
    ic_invoice inv;
    ic_err err = {0};
    invoice_init(&inv);
    bool ok = b2b_invoice_from_json(stored, &inv, &err) == 0;
    if (!ok) {
        snprintf(why, whylen, "the stored invoice cannot be read: %s", err.msg);
    } else if (inv.has_open_balance && inv.has_original_balance &&
               inv.open_balance != inv.original_balance) {
        char open[MONEY_MAX_TEXT], orig[MONEY_MAX_TEXT];
        money_format(inv.open_balance, 2, open, sizeof open);
        money_format(inv.original_balance, 2, orig, sizeof orig);
        snprintf(why, whylen, "it has payments: open balance %s of %s", open, orig);
        ok = false;
    } else if (inv.has_status && inv.status != 0) {
        snprintf(why, whylen, "it is %s", invoice_status_word(inv.status));
        ok = false;
    }
    invoice_release(&inv);
    return ok;
}

static bool answer_id(const http_result *res, char *id, size_t idlen)
{
    const cJSON *data = res->json ? cJSON_GetObjectItemCaseSensitive(res->json, "data") : NULL;
    return id_text(cJSON_GetObjectItemCaseSensitive(data, "id"), id, idlen);
}

static int list(http_engine *e, const conn_filter *cf, conn_page_fn fn, void *ctx, ic_err *err)
{
    b2b_filter f;
    b2b_filter_init(&f);
    if (cf) {
        f.status = cf->status;
        f.customer_id = cf->customer_id;
        f.begin_date_at = cf->created_from;
        f.end_date_at = cf->created_to;
        f.search_by = cf->search_field;
        f.q = cf->search;
        f.sort_by = cf->sort_field; /* B2B Edition's sortBy takes the canonical names */
        f.order_by = !cf->sort_dir ? NULL : strcasecmp(cf->sort_dir, "asc") == 0 ? "ASC" : "DESC";
        f.page_limit = cf->page_limit;
        f.include_extra_fields = cf->include_extra_fields;
    }
    return b2b_list_invoices(e, &f, fn, ctx, err);
}

typedef struct find_ctx {
    conn_found_fn fn;
    void *ctx;
} find_ctx;

static void on_found(void *ctx, const cJSON *found, long status, const ic_err *err)
{
    (void)status;
    find_ctx fc = *(find_ctx *)ctx;
    free(ctx);
    fc.fn(fc.ctx, found, err ? err->code : 0, err);
}

/* B2B Edition searches by invoice number whatever the match field; created_since is not needed (the
 * search is narrow). */
static void find(http_engine *e, const char *match_field, const char *key, int64_t created_since,
                 conn_found_fn fn, void *ctx)
{
    (void)match_field;
    (void)created_since;
    find_ctx *fc = xmalloc(sizeof *fc);
    fc->fn = fn;
    fc->ctx = ctx;
    b2b_find_async(e, key, on_found, fc);
}

const ic_connector b2b_connector = {
    .name = "bigcommerce-b2b",
    .title = "BigCommerce B2B Edition",
    .default_base_url = API_DEFAULT_BASE_URL,
    .credentials = b2b_credentials,
    .max_concurrency = 0,
    .match_fields = b2b_match_fields,
    .can_search = true,
    .max_page_size = B2B_PAGE_LIMIT,
    .forbidden_why = "the token is not allowed to change invoices",
    .forbidden_fix = "use a token whose API account has the B2B Edition scope with modify access",
    .create_note = "B2B Edition emails the buyer a \"New Invoice\" message for every invoice "
                   "created, unless the store has turned that email template off",
    .engine_proto = b2b_engine_proto,
    .check = NULL,
    .max_amount = TARGET_B2B_MAX_AMOUNT,
    .create_body = b2b_invoice_to_json,
    .read_doc = read_doc,
    .doc_key = doc_key,
    .doc_id = doc_id,
    .merge = b2b_merge_as_stored,
    .diff = merge_diff,
    .update_body = update_body,
    .can_update = NULL,
    .replace = b2b_replace_invoice,
    .create_request = create_request,
    .update_request = update_request,
    .verdict = verdict,
    .answer_id = answer_id,
    .list = list,
    .find = find,
    .delete_request = delete_request,
    .delete_verb = "delete",
    .delete_done = "deleted",
    .can_delete = can_delete,
    .payment_body = b2b_payment_body,
    .payment_request = b2b_payment_request,
    .payment_answer_id = b2b_payment_answer_id,
    .payment_find = b2b_payment_find,
};
