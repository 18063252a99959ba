/* POST /payments/offline: records an offline payment and lowers the open
 * balances of its invoices.
 *
 * All or nothing: every line is checked (the invoice exists, belongs to
 * customerId, is in `currency` and is not completed) before anything is
 * written, in one transaction.  Statuses follow the balances: 2 when the open
 * balance reaches 0 or less, else 1 (partially paid: a payment was applied),
 * even when the open balance was above the original one.
 */
#include "sandbox/handlers_int.h"
#include "sandbox/invoice_doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct pay_arg {
    const cJSON *body;
    int64_t now, payment_id;
    char errmsg[300];
};

static const char *str_of(const cJSON *o, const char *name, const char *dflt)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(it) ? it->valuestring : dflt;
}

static int fail(struct pay_arg *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct pay_arg *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->errmsg, sizeof a->errmsg, fmt, ap);
    va_end(ap);
    return SB_TX_ANSWERED;
}

static cJSON *amount_obj(const char *code, money_t m)
{
    char buf[MONEY_MAX_TEXT];
    money_format(m, 4, buf, sizeof buf);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "code", code);
    cJSON_AddStringToObject(o, "value", buf);
    return o;
}

static int pay_tx(sb_tx *tx, void *arg)
{
    struct pay_arg *a = arg;
    const cJSON *body = a->body;
    const char *customer = str_of(body, "customerId", "");
    const char *currency = str_of(body, "currency", "");
    money_t total = 0;
    int rc = SB_OK;
    cJSON *pay = cJSON_CreateObject();
    cJSON_AddNumberToObject(pay, "id", 0);
    cJSON_AddNumberToObject(pay, "createdAt", (double)a->now);
    cJSON_AddNumberToObject(pay, "updatedAt", (double)a->now);
    cJSON_AddStringToObject(pay, "customerId", customer);
    const cJSON *ext = cJSON_GetObjectItemCaseSensitive(body, "externalId");
    cJSON_AddItemToObject(pay, "externalId",
                          cJSON_IsString(ext) ? cJSON_CreateString(ext->valuestring)
                                              : cJSON_CreateNull());
    ext = cJSON_GetObjectItemCaseSensitive(body, "externalCustomerId");
    cJSON_AddItemToObject(pay, "externalCustomerId",
                          cJSON_IsString(ext) ? cJSON_CreateString(ext->valuestring)
                                              : cJSON_CreateNull());
    cJSON_AddStringToObject(pay, "payerName", str_of(body, "payerName", "Store offline payment"));
    cJSON_AddStringToObject(pay, "payerCustomerId", str_of(body, "payerCustomerId", customer));
    cJSON_AddItemToObject(pay, "details",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(body, "details"), 1));
    cJSON_AddStringToObject(pay, "moduleName", "payments_offline");
    const cJSON *ps = cJSON_GetObjectItemCaseSensitive(body, "processingStatus");
    cJSON_AddNumberToObject(pay, "processingStatus", cJSON_IsNumber(ps) ? ps->valuedouble : 3);
    cJSON_AddNumberToObject(pay, "appliedStatus", 1);
    cJSON_AddNumberToObject(pay, "fundingStatus", 2);
    cJSON *lines = cJSON_CreateArray();

    const cJSON *li;
    cJSON_ArrayForEach(li, cJSON_GetObjectItemCaseSensitive(body, "lineItems"))
    {
        int64_t id = (int64_t)cJSON_GetObjectItemCaseSensitive(li, "invoiceId")->valuedouble;
        money_t amount = 0;
        sb_decimal(str_of(li, "amount", "0"), &amount);
        cJSON *doc = NULL;
        rc = sb_tx_invoice_load(tx, id, &doc);
        if (rc == SB_NOT_FOUND) {
            rc = fail(a, "Invoice %lld does not exist", (long long)id);
        } else if (rc == SB_OK) {
            const char *inv_customer = str_of(doc, "customerId", "");
            money_t open = sb_doc_balance(doc, "openBalance");
            money_t left;
            if (strcmp(inv_customer, customer) != 0)
                rc = fail(a, "Invoice %lld does not belong to customer '%s'", (long long)id,
                          customer);
            else if (strcasecmp(sb_doc_currency(doc), currency) != 0)
                rc = fail(a, "Invoice %lld is not in currency '%s'", (long long)id, currency);
            else if (open <= 0)
                rc = fail(a, "Invoice %lld is already paid", (long long)id);
            else if (!money_sub(open, amount, &left) || !money_add(total, amount, &total))
                rc = fail(a, "Invoice %lld: the amount is out of range", (long long)id);
            else {
                sb_doc_set_balance(doc, "openBalance", left);
                sb_doc_put(doc, "status", cJSON_CreateNumber(left <= 0 ? 2 : 1));
                sb_doc_put(doc, "updatedAt", cJSON_CreateNumber((double)a->now));
                sb_doc_settle(doc);
                rc = sb_tx_invoice_save(tx, id, doc);
                cJSON *line = cJSON_CreateObject();
                cJSON_AddNumberToObject(line, "paymentId", 0);
                cJSON_AddNumberToObject(line, "invoiceId", (double)id);
                cJSON_AddStringToObject(line, "invoiceNumber", str_of(doc, "invoiceNumber", ""));
                cJSON_AddItemToObject(line, "amount", amount_obj(currency, amount));
                cJSON_AddItemToArray(lines, line);
            }
        }
        cJSON_Delete(doc);
        if (rc != SB_OK)
            goto out;
    }
    cJSON_AddItemToObject(pay, "total", amount_obj(currency, total));
    cJSON_AddItemToObject(pay, "lineItems", lines);
    lines = NULL;
    char name[300];
    snprintf(name, sizeof name, "Company %.280s", customer);
    cJSON_AddStringToObject(pay, "customerName", name);
    rc = sb_tx_payment_insert(tx, pay, &a->payment_id);
out:
    cJSON_Delete(lines);
    cJSON_Delete(pay);
    return rc;
}

void sb_h_payment_offline(const sb_ctx *ctx, const sb_request *rq, sb_reply *out)
{
    sb_check c = {0};
    cJSON *body = sb_parse_body(rq, out);
    if (!body)
        return;
    sb_check_payment(body, &c);
    if (sb_reply_check(&c, out, 0))
        goto out;
    if (!currency_is_iso4217(str_of(body, "currency", ""))) {
        sb_reply_error(out, 422, "Invalid currency code"); /* the spec's Payment422 example */
        goto out;
    }
    struct pay_arg a = {.body = body, .now = rq->now};
    int rc = sb_store_tx(ctx->store, pay_tx, &a);
    if (rc == SB_OK)
        sb_reply_id(out, "paymentId", a.payment_id);
    else if (rc == SB_TX_ANSWERED)
        sb_reply_error(out, 422, a.errmsg);
    else
        sb_reply_error(out, 500, "The payment could not be stored.");
out:
    sb_check_release(&c);
    cJSON_Delete(body);
}
