/* POST /orders/{orderId}/invoices: an invoice from a synthetic B2B Edition
 * order.
 *
 * The sandbox has no orders, so every positive integer orderId names the same
 * kind of order: company (customerId) "1", one line item SANDBOX-ITEM × 1 at
 * 100.0000 USD, cost lines Subtotal 100, Freight 0 and Sales Tax 0, balances
 * 100.0000 USD, a fixed billing and shipping address, source 0 (B2B Edition).
 * The invoice number is the id padded to 8 digits ("00000036"), as the API
 * numbers its own invoices. An order gets one invoice: a second request answers
 * 400 naming the existing one.
 */
#include "sandbox/handlers_int.h"
#include "sandbox/invoice_doc.h"

#include <stdio.h>

static const char synthetic_order[] =
    "{\"invoiceNumber\":\"pending\",\"customerId\":\"1\",\"type\":\"Invoice\","
    "\"source\":0,"
    "\"originalBalance\":{\"code\":\"USD\",\"value\":100},\"openBalance\":{"
    "\"code\":\"USD\",\"value\":100},"
    "\"details\":{\"header\":{\"costLines\":["
    "{\"amount\":{\"code\":\"USD\",\"value\":\"100.0000\"},\"description\":"
    "\"Subtotal\"},"
    "{\"amount\":{\"code\":\"USD\",\"value\":\"0.0000\"},\"description\":"
    "\"Freight\"},"
    "{\"amount\":{\"code\":\"USD\",\"value\":\"0.0000\"},\"description\":"
    "\"Sales Tax\"}],"
    "\"billingAddress\":{\"city\":\"Austin\",\"state\":\"Texas\",\"country\":"
    "\"United States\","
    "\"street1\":\"1 Sandbox "
    "Way\",\"street2\":\"\",\"zipCode\":\"78701\",\"lastName\":\"Buyer\","
    "\"firstName\":\"Sandbox\"},"
    "\"shippingAddresses\":[{\"city\":\"Austin\",\"state\":\"Texas\","
    "\"country\":\"United States\","
    "\"street1\":\"1 Sandbox "
    "Way\",\"street2\":\"\",\"zipCode\":\"78701\",\"lastName\":\"Buyer\","
    "\"firstName\":\"Sandbox\"}]},"
    "\"details\":{\"lineItems\":[{\"sku\":\"SANDBOX-ITEM\",\"type\":"
    "\"physical\",\"quantity\":\"1\","
    "\"unitPrice\":{\"code\":\"USD\",\"value\":\"100.0000\"},\"description\":"
    "\"Sandbox order item\"}]}}}";

struct order_arg {
    const char *order;
    int64_t now, id;
    char number[512];
};

static int order_tx(sb_tx *tx, void *arg)
{
    struct order_arg *a = arg;
    int64_t existing;
    int rc = sb_tx_invoice_by_order(tx, a->order, &existing);
    if (rc == SB_OK) {
        /* Named in the answer, with its number (the fields the spec's error
         * example for this path carries). */
        a->id = existing;
        cJSON *old = NULL;
        rc = sb_tx_invoice_load(tx, existing, &old);
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(old, "invoiceNumber");
        snprintf(a->number, sizeof a->number, "%s", cJSON_IsString(n) ? n->valuestring : "");
        cJSON_Delete(old);
        return rc == SB_OK ? SB_DUPLICATE : rc;
    }
    if (rc != SB_NOT_FOUND)
        return rc;
    cJSON *body = cJSON_Parse(synthetic_order);
    cJSON *doc = sb_doc_create(body, a->now);
    sb_doc_put(doc, "orderNumber", cJSON_CreateString(a->order));
    /* A unique placeholder until the id is known. */
    snprintf(a->number, sizeof a->number, "order-%s", a->order);
    sb_doc_put(doc, "invoiceNumber", cJSON_CreateString(a->number));
    rc = sb_tx_invoice_insert(tx, doc, &a->id);
    if (rc == SB_OK) {
        snprintf(a->number, sizeof a->number, "%08lld", (long long)a->id);
        sb_doc_put(doc, "invoiceNumber", cJSON_CreateString(a->number));
        rc = sb_tx_invoice_save(tx, a->id, doc);
        if (rc == SB_DUPLICATE) { /* someone chose that number by hand */
            snprintf(a->number, sizeof a->number, "%08lld-%s", (long long)a->id, a->order);
            sb_doc_put(doc, "invoiceNumber", cJSON_CreateString(a->number));
            rc = sb_tx_invoice_save(tx, a->id, doc);
        }
    }
    cJSON_Delete(doc);
    cJSON_Delete(body);
    return rc;
}

void sb_h_order_invoice(const sb_ctx *ctx, const sb_request *rq, sb_reply *out)
{
    int64_t order;
    if (!sb_parse_id(rq->param, &order)) {
        sb_reply_error(out, 404, "Order does not exist");
        return;
    }
    char order_text[32];
    snprintf(order_text, sizeof order_text, "%lld", (long long)order);
    struct order_arg a = {.order = order_text, .now = rq->now};
    int rc = sb_store_tx(ctx->store, order_tx, &a);
    cJSON *d = cJSON_CreateObject();
    if (rc == SB_OK) {
        cJSON_AddStringToObject(d, "invoiceNumber", a.number);
        cJSON_AddNumberToObject(d, "invoiceId", (double)a.id);
        sb_reply_data(out, 200, d);
    } else if (rc == SB_DUPLICATE) {
        cJSON_AddStringToObject(d, "errMsg", "The order already has an invoice.");
        cJSON_AddNumberToObject(d, "invoiceId", (double)a.id);
        cJSON_AddStringToObject(d, "invoiceNumber", a.number);
        sb_reply_data(out, 400, d);
    } else {
        cJSON_Delete(d);
        sb_reply_error(out, 500, "The invoice could not be stored.");
    }
}
