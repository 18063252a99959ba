/* BILL payments for `invoicectl pay` (api/connector.h, "payments"): POST
 * /v3/invoices/record-payment, which records a payment received outside BILL against one or more
 * of a customer's invoices.  The body's fields are those of BILL's "Record AR payment" operation
 * (developer.bill.com, "Recording an AR payment": paymentDate yyyy-MM-dd, paymentType CASH, CHECK,
 * CREDIT_CARD, ACH, PAYPAL or OTHER, amount, customerId, description of at most 4,000
 * characters, invoices [{id, amount}]; the same names in the client generated from BILL's OpenAPI,
 * universal-mcp/bill src/universal_mcp_bill/app.py, record_invoice).  The answer is the received
 * payment, its id starting "0rp".
 *
 * BILL's v3 API offers no way to list the received payments of an invoice, so there is no
 * payment_find: the payment key is written into the description for people, and a payment whose
 * answer was lost stays "unknown" (pay_run.h). */
#include "api/bill/bill.h"
#include "api/bill/bill_internal.h"

#include "util/common.h"
#include "util/sbuf.h"

#include <string.h>
#include <strings.h>

#define BILL_DESCRIPTION_MAX 4000

/* BILL's paymentType for the file's method: the six BILL knows, by their usual spellings; any
 * other (a wire transfer, a method the file does not give) is OTHER. */
static const char *payment_type(const char *method)
{
    static const struct {
        const char *word, *type;
    } types[] = {{"cash", "CASH"},
                 {"check", "CHECK"},
                 {"cheque", "CHECK"},
                 {"chq", "CHECK"},
                 {"credit_card", "CREDIT_CARD"},
                 {"credit card", "CREDIT_CARD"},
                 {"card", "CREDIT_CARD"},
                 {"ach", "ACH"},
                 {"paypal", "PAYPAL"}};
    for (size_t i = 0; method && i < sizeof types / sizeof types[0]; i++)
        if (strcasecmp(method, types[i].word) == 0)
            return types[i].type;
    return "OTHER";
}

cJSON *bill_payment_body(const cJSON *stored, const conn_payment *p)
{
    cJSON *body = cJSON_CreateObject();
    const cJSON *customer = cJSON_GetObjectItemCaseSensitive(stored, "customerId");
    if (cJSON_IsString(customer) && customer->valuestring[0])
        cJSON_AddStringToObject(body, "customerId", customer->valuestring);
    cJSON_AddStringToObject(body, "paymentDate", p->date);
    cJSON_AddStringToObject(body, "paymentType", payment_type(p->method));
    bill_put_amount(body, "amount", p->amount);
    sbuf d = SBUF_INIT;
    sbuf_adds(&d, p->key);
    if (p->method)
        sbuf_addf(&d, " %s", p->method);
    if (p->reference)
        sbuf_addf(&d, " %s", p->reference);
    if (p->payer)
        sbuf_addf(&d, " from %s", p->payer);
    if (d.len > BILL_DESCRIPTION_MAX) {
        /* cut on a character boundary: never half a UTF-8 sequence */
        size_t n = BILL_DESCRIPTION_MAX;
        while (n > 0 && ((unsigned char)d.data[n] & 0xC0) == 0x80)
            n--;
        d.data[n] = '\0';
    }
    cJSON_AddStringToObject(body, "description", d.data);
    sbuf_release(&d);
    cJSON *invs = cJSON_AddArrayToObject(body, "invoices");
    cJSON *line = cJSON_CreateObject();
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(stored, "id");
    cJSON_AddStringToObject(line, "id", cJSON_IsString(id) ? id->valuestring : "");
    bill_put_amount(line, "amount", p->amount);
    cJSON_AddItemToArray(invs, line);
    return body;
}

void bill_payment_request(const char *body, conn_request *out)
{
    out->method = "POST";
    out->path = xstrdup("/v3/invoices/record-payment");
    out->body = body ? xstrdup(body) : NULL;
}

bool bill_payment_answer_id(const http_result *res, char *id, size_t idlen)
{
    return bill_answer_id(res, id, idlen);
}
