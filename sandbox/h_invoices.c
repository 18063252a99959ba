/* POST /invoices, GET/PUT/DELETE /invoices/{id}, GET
 * /invoices/{id}/download-pdf. */
#include "sandbox/handlers_int.h"
#include "sandbox/invoice_doc.h"

#include <stdio.h>
#include <string.h>

#define MSG_NO_INVOICE "Invoice does not exist"
#define MSG_DUPLICATE "The invoice number already exists."

struct write_arg {
    cJSON *doc;        /* create: the new document */
    const cJSON *body; /* update: the request */
    int64_t id, now;
    char number[256];   /* download-pdf: invoiceNumber */
    char pdf_url[2048]; /* download-pdf: externalPdfUrl */
};

static int create_tx(sb_tx *tx, void *arg)
{
    struct write_arg *a = arg;
    return sb_tx_invoice_insert(tx, a->doc, &a->id);
}

void sb_h_invoice_create(const sb_ctx *ctx, const sb_request *rq, sb_reply *out)
{
    sb_check c = {0};
    struct write_arg a = {0};
    cJSON *body = sb_parse_body(rq, out);
    if (!body)
        return;
    sb_check_invoice(body, SB_CREATE, ctx->extra_fields, &c);
    if (sb_reply_check(&c, out, 0))
        goto out;
    a.doc = sb_doc_create(body, rq->now);
    int rc = sb_store_tx(ctx->store, create_tx, &a);
    if (rc == SB_OK)
        sb_reply_id(out, "id", a.id);
    else if (rc == SB_DUPLICATE)
        sb_reply_error(out, 400, MSG_DUPLICATE);
    else
        sb_reply_error(out, 500, "The invoice could not be stored.");
out:
    sb_check_release(&c);
    cJSON_Delete(a.doc);
    cJSON_Delete(body);
}

void sb_h_invoice_get(const sb_ctx *ctx, const sb_request *rq, sb_reply *out)
{
    int64_t id;
    if (!sb_parse_id(rq->param, &id)) {
        sb_reply_error(out, 404, MSG_NO_INVOICE);
        return;
    }
    sbuf doc = SBUF_INIT;
    int rc = sb_store_invoice_text(ctx->store, id, true, &doc);
    if (rc == SB_OK)
        sb_reply_envelope(out, 200, doc.data, doc.len, NULL);
    else if (rc == SB_NOT_FOUND)
        sb_reply_error(out, 404, MSG_NO_INVOICE);
    else
        sb_reply_error(out, 500, "The invoice could not be read.");
    sbuf_release(&doc);
}

static int update_tx(sb_tx *tx, void *arg)
{
    struct write_arg *a = arg;
    cJSON *doc = NULL;
    int rc = sb_tx_invoice_load(tx, a->id, &doc);
    if (rc == SB_OK) {
        sb_doc_update(doc, a->body, a->now);
        rc = sb_tx_invoice_save(tx, a->id, doc);
    }
    cJSON_Delete(doc);
    return rc;
}

void sb_h_invoice_update(const sb_ctx *ctx, const sb_request *rq, sb_reply *out)
{
    struct write_arg a = {0};
    if (!sb_parse_id(rq->param, &a.id)) {
        sb_reply_error(out, 404, MSG_NO_INVOICE);
        return;
    }
    sb_check c = {0};
    cJSON *body = sb_parse_body(rq, out);
    if (!body)
        return;
    sb_check_invoice(body, ctx->strict_details ? SB_UPDATE_STRICT : SB_UPDATE, ctx->extra_fields,
                     &c);
    if (sb_reply_check(&c, out, a.id))
        goto out;
    a.body = body;
    a.now = rq->now;
    int rc = sb_store_tx(ctx->store, update_tx, &a);
    if (rc == SB_OK)
        sb_reply_id(out, "id", a.id);
    else if (rc == SB_NOT_FOUND)
        sb_reply_error(out, 404, MSG_NO_INVOICE);
    else if (rc == SB_DUPLICATE)
        sb_reply_error(out, 400, MSG_DUPLICATE);
    else
        sb_reply_error(out, 500, "The invoice could not be stored.");
out:
    sb_check_release(&c);
    cJSON_Delete(body);
}

static int delete_tx(sb_tx *tx, void *arg)
{
    struct write_arg *a = arg;
    return sb_tx_invoice_delete(tx, a->id);
}

void sb_h_invoice_delete(const sb_ctx *ctx, const sb_request *rq, sb_reply *out)
{
    struct write_arg a = {0};
    if (!sb_parse_id(rq->param, &a.id)) {
        sb_reply_error(out, 404, MSG_NO_INVOICE);
        return;
    }
    int rc = sb_store_tx(ctx->store, delete_tx, &a);
    if (rc == SB_OK)
        sb_reply_id(out, "id", a.id);
    else if (rc == SB_NOT_FOUND)
        sb_reply_error(out, 404, MSG_NO_INVOICE);
    else
        sb_reply_error(out, 500, "The invoice could not be deleted.");
}

static int pdf_tx(sb_tx *tx, void *arg)
{
    struct write_arg *a = arg;
    cJSON *doc = NULL;
    int rc = sb_tx_invoice_load(tx, a->id, &doc);
    if (rc == SB_OK) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(doc, "invoiceNumber");
        const cJSON *u = cJSON_GetObjectItemCaseSensitive(doc, "externalPdfUrl");
        snprintf(a->number, sizeof a->number, "%s", cJSON_IsString(n) ? n->valuestring : "");
        snprintf(a->pdf_url, sizeof a->pdf_url, "%s", cJSON_IsString(u) ? u->valuestring : "");
    }
    cJSON_Delete(doc);
    /* Read only: roll back. */
    return rc == SB_OK ? SB_TX_ANSWERED : rc;
}

void sb_h_invoice_pdf(const sb_ctx *ctx, const sb_request *rq, sb_reply *out)
{
    (void)ctx;
    struct write_arg a = {0};
    if (!sb_parse_id(rq->param, &a.id)) {
        sb_reply_error(out, 404, MSG_NO_INVOICE);
        return;
    }
    int rc = sb_store_tx(ctx->store, pdf_tx, &a);
    if (rc == SB_NOT_FOUND) {
        sb_reply_error(out, 404, MSG_NO_INVOICE);
        return;
    }
    if (rc != SB_TX_ANSWERED) {
        sb_reply_error(out, 500, "The invoice could not be read.");
        return;
    }
    /* The sandbox renders no PDF: the link has the shape of the API's (a bucket
     * file named after the invoice number) under a reserved domain that never
     * resolves. */
    char url[512];
    snprintf(url, sizeof url, "https://sandbox.invalid/invoices/B3_V3_sandbox_%s.pdf", a.number);
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "url", url);
    cJSON_AddStringToObject(d, "externalPdfUrl", a.pdf_url);
    sb_reply_data(out, 200, d);
}
