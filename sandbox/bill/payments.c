/* POST /v3/invoices/record-payment: a payment received outside BILL, applied to one or more of a
 * customer's invoices (developer.bill.com, "Recording an AR payment").  Fields: paymentDate
 * (yyyy-MM-dd), paymentType (CASH, CHECK, CREDIT_CARD, ACH, PAYPAL, OTHER), amount, customerId
 * (optional), description (at most 4,000 characters), invoices [{id, amount}].  What BILL
 * documents: the invoices must belong to one customer; an amount larger than what the invoices
 * take is an overpayment kept as the customer's balance (unappliedAmount); the answer is the
 * received payment, its id starting "0rp".
 *
 * The sandbox's choices where BILL is silent (docs/sandbox.md): an invoice's own amount larger
 * than its dueAmount, an archived invoice, and an unknown invoice are refused (400, 400, 404
 * BDC_1205) and nothing is applied; each invoice's dueAmount is lowered and its status becomes
 * PARTIAL_PAYMENT, or PAID_IN_FULL at 0.  Received payments are not listed (BILL's v3 API has no
 * list of them either). */
#include "sandbox/bill/bill.h"

#include <string.h>

static const char *const types[] = {"CASH", "CHECK", "CREDIT_CARD", "ACH", "PAYPAL", "OTHER"};

static const char *text(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring[0] != BILL_NUM_MARK ? v->valuestring : NULL;
}

/* The body's own fields; problems into p. */
static void check_fields(const cJSON *body, money_t *amount, bill_problems *p)
{
    const char *date = text(body, "paymentDate");
    if (!cJSON_GetObjectItemCaseSensitive(body, "paymentDate"))
        bill_problem(p, "paymentDate: must not be null");
    else if (!date || !bill_date_ok(date))
        bill_problem(p, "paymentDate: must be a date in the format yyyy-MM-dd");
    const char *type = text(body, "paymentType");
    bool known = false;
    for (size_t i = 0; type && i < sizeof types / sizeof types[0]; i++)
        known = known || strcmp(type, types[i]) == 0;
    if (!cJSON_GetObjectItemCaseSensitive(body, "paymentType"))
        bill_problem(p, "paymentType: must not be null");
    else if (!known)
        bill_problem(p, "paymentType: must be one of CASH, CHECK, CREDIT_CARD, ACH, PAYPAL, OTHER");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(body, "amount");
    if (!a)
        bill_problem(p, "amount: must not be null");
    else if (!bill_json_money_value(a, amount) || *amount <= 0)
        bill_problem(p, "amount: must be a number greater than 0");
    const char *desc = text(body, "description");
    if (desc && strlen(desc) > 4000)
        bill_problem(p, "description: size must be between 0 and 4000");
    const cJSON *invs = cJSON_GetObjectItemCaseSensitive(body, "invoices");
    if (!invs)
        bill_problem(p, "invoices: must not be null");
    else if (!cJSON_IsArray(invs) || !invs->child)
        bill_problem(p, "invoices: must not be empty");
}

/* Each invoice paid: known, active, one customer, no more than it is due.  The documents loaded go
 * to docs (in order); 0, or the status answered. */
static int check_invoices(bill_state *b, const cJSON *body, money_t amount, cJSON *docs,
                          bill_problems *p, sb_reply *out)
{
    const char *customer = text(body, "customerId");
    money_t applied = 0;
    int i = 0;
    const cJSON *line;
    cJSON_ArrayForEach(line, cJSON_GetObjectItemCaseSensitive(body, "invoices"))
    {
        const char *id = text(line, "id");
        money_t m = 0;
        if (!id) {
            bill_problem(p, "invoices[%d].id: must not be null", i);
        } else if (!bill_json_money_value(cJSON_GetObjectItemCaseSensitive(line, "amount"), &m) ||
                   m <= 0) {
            bill_problem(p, "invoices[%d].amount: must be a number greater than 0", i);
        } else {
            cJSON *doc = bill_store_invoice(b, id);
            if (!doc) {
                bill_error(out, 404, "BDC_1205", "DOWNSTREAM", "Record not found.");
                return 404;
            }
            cJSON_AddItemToArray(docs, doc);
            money_t due = 0;
            bill_json_money_value(cJSON_GetObjectItemCaseSensitive(doc, "dueAmount"), &due);
            const char *cust = text(doc, "customerId");
            if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "archived")))
                bill_problem(p, "invoices[%d]: invoice %s is archived", i, id);
            else if (customer && cust && strcmp(customer, cust) != 0)
                bill_problem(p, "invoices[%d]: invoice %s does not belong to customer %s", i, id,
                             customer);
            else if (m > due)
                bill_problem(p, "invoices[%d].amount: the amount is more than the amount due", i);
            if (!customer)
                customer = cust;
            money_add(applied, m, &applied);
        }
        i++;
    }
    if (!p->n && applied > amount)
        bill_problem(p, "amount: must be at least the sum of the invoices' amounts");
    return 0;
}

static void apply(cJSON *doc, money_t paid, const char *now)
{
    money_t due = 0;
    bill_json_money_value(cJSON_GetObjectItemCaseSensitive(doc, "dueAmount"), &due);
    money_sub(due, paid, &due);
    cJSON_ReplaceItemInObjectCaseSensitive(doc, "dueAmount", bill_json_money(due));
    cJSON_ReplaceItemInObjectCaseSensitive(
        doc, "status", cJSON_CreateString(due <= 0 ? "PAID_IN_FULL" : "PARTIAL_PAYMENT"));
    cJSON_ReplaceItemInObjectCaseSensitive(doc, "updatedTime", cJSON_CreateString(now));
}

static cJSON *answer(bill_state *b, const cJSON *body, money_t amount, const cJSON *docs)
{
    char id[BILL_ID_LEN + 1], now[40];
    bill_new_id(b, "0rp", "payment", id);
    cJSON *pay = cJSON_CreateObject();
    cJSON_AddStringToObject(pay, "id", id);
    const char *customer = text(body, "customerId");
    if (!customer)
        customer = text(docs->child, "customerId");
    cJSON_AddStringToObject(pay, "customerId", customer ? customer : "");
    cJSON_AddStringToObject(pay, "paymentType", text(body, "paymentType"));
    cJSON_AddStringToObject(pay, "paymentDate", text(body, "paymentDate"));
    cJSON_AddItemToObject(pay, "amount", bill_json_money(amount));
    money_t applied = 0;
    cJSON *invs = cJSON_CreateArray();
    const cJSON *line;
    cJSON_ArrayForEach(line, cJSON_GetObjectItemCaseSensitive(body, "invoices"))
    {
        money_t m = 0;
        bill_json_money_value(cJSON_GetObjectItemCaseSensitive(line, "amount"), &m);
        money_add(applied, m, &applied);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", text(line, "id"));
        cJSON_AddItemToObject(o, "amount", bill_json_money(m));
        cJSON_AddItemToArray(invs, o);
    }
    money_t unapplied = 0;
    money_sub(amount, applied, &unapplied);
    cJSON_AddItemToObject(pay, "unappliedAmount", bill_json_money(unapplied));
    cJSON_AddStringToObject(pay, "status", "PAID");
    if (text(body, "description"))
        cJSON_AddStringToObject(pay, "description", text(body, "description"));
    cJSON_AddItemToObject(pay, "invoices", invs);
    bill_time_text(bill_now_ms(), now, sizeof now);
    cJSON_AddStringToObject(pay, "createdTime", now);
    return pay;
}

void bill_h_record_payment(bill_state *b, const sb_api_call *call, sb_reply *out)
{
    cJSON *body = bill_json_parse(call->rq.body, call->rq.body_len);
    if (!cJSON_IsObject(body)) {
        cJSON_Delete(body);
        bill_error_object(out, 400, "JSON parse error: the request body is not a JSON object.");
        return;
    }
    bill_problems p = {SBUF_INIT, 0};
    money_t amount = 0;
    check_fields(body, &amount, &p);
    if (bill_problems_answer(&p, 400, out)) {
        cJSON_Delete(body);
        return;
    }
    cJSON *docs = cJSON_CreateArray();
    pthread_mutex_lock(&b->db_mu);
    bill_store_exec(b, "BEGIN IMMEDIATE");
    bool ok = false;
    if (check_invoices(b, body, amount, docs, &p, out) == 0 &&
        !bill_problems_answer(&p, 400, out)) {
        char now[40];
        bill_time_text(bill_now_ms(), now, sizeof now);
        ok = true;
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(body, "invoices")->child;
        for (cJSON *doc = docs->child; doc && ok; doc = doc->next, line = line->next) {
            money_t m = 0;
            bill_json_money_value(cJSON_GetObjectItemCaseSensitive(line, "amount"), &m);
            apply(doc, m, now);
            ok = bill_store_invoice_save(b, doc, false);
        }
        if (ok) {
            cJSON *pay = answer(b, body, amount, docs);
            bill_reply_doc(out, 200, pay);
            cJSON_Delete(pay);
        } else {
            bill_error(out, 500, "BDC_1000", "DOWNSTREAM", "The payment could not be saved.");
        }
    }
    sbuf_release(&p.text); /* problems left behind by an earlier answer (a 404) */
    bill_store_exec(b, ok ? "COMMIT" : "ROLLBACK");
    pthread_mutex_unlock(&b->db_mu);
    cJSON_Delete(docs);
    cJSON_Delete(body);
}
