/* POST, GET, PUT and PATCH of /v3/invoices: a request body checked and applied to the stored
 * document, which is kept in BILL's field order with unset fields left out. */
#include "sandbox/bill/bill.h"
#include "util/common.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum mode { CREATE, REPLACE, PATCH };

/* The optional fields kept as given (PUT drops those not given again); processingOptions is
 * accepted and not kept (it asks for an email on create). */
static const struct {
    const char *name;
    int type; /* cJSON_String, cJSON_Object, cJSON_True (boolean), cJSON_Number (amount) */
} optional[] = {
    {"payToChartOfAccountId", cJSON_String}, {"classifications", cJSON_Object},
    {"creditAmount", cJSON_Number},          {"enableCardPayment", cJSON_True},
    {"convenienceFee", cJSON_Object},        {"salesTaxItemId", cJSON_String},
    {"invoicePdfId", cJSON_String},
};

/* BILL's order of an invoice's fields. */
static const char *const order[] = {
    "id",
    "customerId",
    "invoiceNumber",
    "invoiceDate",
    "dueDate",
    "totalAmount",
    "dueAmount",
    "creditAmount",
    "status",
    "archived",
    "recordStatus",
    "invoiceLineItems",
    "payToChartOfAccountId",
    "classifications",
    "enableCardPayment",
    "convenienceFee",
    "salesTaxItemId",
    "invoicePdfId",
    "createdBy",
    "createdTime",
    "updatedTime",
};

static cJSON *in_order(cJSON *doc)
{
    cJSON *out = cJSON_CreateObject();
    for (size_t i = 0; i < IC_ARRAY_LEN(order); i++) {
        cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(doc, order[i]);
        if (v)
            cJSON_AddItemToObject(out, order[i], v);
    }
    cJSON_Delete(doc);
    return out;
}

static bool is_text(const cJSON *v)
{
    return cJSON_IsString(v) && v->valuestring[0] != BILL_NUM_MARK;
}

static void set_text(cJSON *doc, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(doc, name);
    cJSON_AddStringToObject(doc, name, value);
}

static void today(char buf[11])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

/* The customer: {"id": "0cu…"} of a known customer, or {"name", "email"} of a new one (created
 * by the caller once everything else is right: *new_name set).  False when the body's customer
 * is not an object at all (answered by the caller in the single-object shape). */
static bool take_customer(bill_state *b, cJSON *doc, const cJSON *c, bill_problems *p,
                          const char **new_name, const char **new_email)
{
    if (!cJSON_IsObject(c))
        return false;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(c, "id");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
    const cJSON *email = cJSON_GetObjectItemCaseSensitive(c, "email");
    if (id && !cJSON_IsNull(id)) {
        if (!is_text(id))
            bill_problem(p, "customer.id: must be a string");
        else if (!bill_store_customer_exists(b, id->valuestring))
            bill_problem(p, "customer.id: no customer with id '%.40s'", id->valuestring);
        else
            set_text(doc, "customerId", id->valuestring);
        return true;
    }
    if (!is_text(name) || !name->valuestring[0])
        bill_problem(p, "customer.name: must not be blank");
    if (!is_text(email) || !strchr(email->valuestring, '@'))
        bill_problem(p, "customer.email: must be a well-formed email address");
    if (is_text(name) && is_text(email)) {
        *new_name = name->valuestring;
        *new_email = email->valuestring;
    }
    return true;
}

static void take_date(cJSON *doc, const cJSON *body, const char *name, enum mode m,
                      bill_problems *p)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, name);
    if (v && !cJSON_IsNull(v)) {
        if (is_text(v) && bill_date_ok(v->valuestring))
            set_text(doc, name, v->valuestring);
        else
            bill_problem(p, "%s: must be a date in the format yyyy-MM-dd", name);
    } else if (m == CREATE) {
        char d[11];
        today(d);
        set_text(doc, name, d);
    }
}

static void take_optional(cJSON *doc, const cJSON *body, enum mode m, bill_problems *p)
{
    for (size_t i = 0; i < IC_ARRAY_LEN(optional); i++) {
        const char *name = optional[i].name;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, name);
        if (!v || cJSON_IsNull(v)) {
            if (m == REPLACE || (v && m == PATCH))
                cJSON_DeleteItemFromObjectCaseSensitive(doc, name);
            continue;
        }
        money_t amount;
        bool ok = optional[i].type == cJSON_String   ? is_text(v)
                  : optional[i].type == cJSON_Object ? cJSON_IsObject(v)
                  : optional[i].type == cJSON_True
                      ? cJSON_IsBool(v)
                      : bill_json_money_value(v, &amount) && amount >= 0;
        if (!ok) {
            bill_problem(p, "%s: %s", name,
                         optional[i].type == cJSON_String   ? "must be a string"
                         : optional[i].type == cJSON_Object ? "must be an object"
                         : optional[i].type == cJSON_True   ? "must be true or false"
                                                            : "must be a number, 0 or more");
            continue;
        }
        cJSON_DeleteItemFromObjectCaseSensitive(doc, name);
        if (!(is_text(v) && !v->valuestring[0]) && !(cJSON_IsObject(v) && !v->child))
            cJSON_AddItemToObject(doc, name, cJSON_Duplicate(v, 1));
    }
}

static cJSON *parse_body(const sb_api_call *call, sb_reply *out)
{
    cJSON *body = bill_json_parse(call->rq.body, call->rq.body_len);
    if (!cJSON_IsObject(body)) {
        cJSON_Delete(body);
        bill_error_object(out, 400,
                          "JSON parse error: the request body is not a JSON object of an invoice.");
        return NULL;
    }
    return body;
}

/* Checks and applies, then saves: the whole of POST, PUT and PATCH once the invoice is known. */
static void save(bill_state *b, cJSON **docp, const cJSON *body, enum mode m, sb_reply *out)
{
    cJSON *doc = *docp;
    bill_problems p = {SBUF_INIT, 0};
    const char *new_name = NULL, *new_email = NULL;
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(body, "customer");
    if (!c || cJSON_IsNull(c)) {
        if (m == CREATE)
            bill_problem(&p, "customer: The customer field is required");
        else if (m == REPLACE)
            bill_problem(&p, "customer: must not be null");
    } else if (!take_customer(b, doc, c, &p, &new_name, &new_email)) {
        sbuf_release(&p.text);
        bill_error_object(out, 400,
                          "JSON parse error: Cannot construct instance of `InvoiceCustomer`: "
                          "expected an object with id, or name and email");
        return;
    }
    const cJSON *num = cJSON_GetObjectItemCaseSensitive(body, "invoiceNumber");
    if (num && !cJSON_IsNull(num)) {
        if (!is_text(num))
            bill_problem(&p, "invoiceNumber: must be a string");
        else if (strlen(num->valuestring) > 100)
            bill_problem(&p, "invoiceNumber: size must be between 0 and 100");
        else if (num->valuestring[0])
            set_text(doc, "invoiceNumber", num->valuestring);
    }
    take_date(doc, body, "invoiceDate", m, &p);
    take_date(doc, body, "dueDate", m, &p);
    take_optional(doc, body, m, &p);
    const cJSON *lines = cJSON_GetObjectItemCaseSensitive(body, "invoiceLineItems");
    if ((!lines || cJSON_IsNull(lines)) && m != PATCH)
        bill_problem(&p, "invoiceLineItems: must not be null");
    else if (lines && !cJSON_IsNull(lines) && !cJSON_IsArray(lines))
        bill_problem(&p, "invoiceLineItems: must be an array");
    else if (lines && !cJSON_IsNull(lines) && !lines->child && m != PATCH)
        bill_problem(&p, "invoiceLineItems: must not be empty");
    else if (lines && !cJSON_IsNull(lines))
        bill_lines_apply(b, doc, lines, m != PATCH, &p);
    if (bill_problems_answer(&p, 400, out))
        return;
    const char *id = cJSON_GetObjectItemCaseSensitive(doc, "id")->valuestring;
    if (!cJSON_GetObjectItemCaseSensitive(doc, "invoiceNumber")) {
        char gen[32]; /* BILL numbers an invoice itself when none is given */
        snprintf(gen, sizeof gen, "%lld", (long long)bill_store_next(b, "number"));
        set_text(doc, "invoiceNumber", gen);
    }
    const char *number = cJSON_GetObjectItemCaseSensitive(doc, "invoiceNumber")->valuestring;
    if (bill_store_number_taken(b, number, id)) {
        bill_problems dup = {SBUF_INIT, 0};
        bill_problem(&dup, "Invoice number '%.100s' already exists. Enter a unique invoice number.",
                     number);
        bill_problems_answer(&dup, 422, out);
        return;
    }
    if (new_name) {
        char cid[32];
        snprintf(cid, sizeof cid, "0cu02SANDBOX%08lld",
                 (long long)(bill_store_next(b, "customer") % 100000000));
        bill_store_customer_add(b, cid, new_name, new_email);
        set_text(doc, "customerId", cid);
    }
    char now[40];
    bill_time_text(bill_now_ms(), now, sizeof now);
    if (m == CREATE)
        set_text(doc, "createdTime", now);
    set_text(doc, "updatedTime", now);
    *docp = doc = in_order(doc); /* fields set above go to their place */
    bool ok = bill_store_invoice_save(b, doc, m == CREATE);
    if (!ok) {
        bill_error(out, 500, "BDC_1000", "DOWNSTREAM", "The invoice could not be saved.");
        return;
    }
    bill_reply_doc(out, m == CREATE ? 201 : 200, doc);
}

void bill_h_invoice_create(bill_state *b, const sb_api_call *call, sb_reply *out)
{
    cJSON *body = parse_body(call, out);
    if (!body)
        return;
    pthread_mutex_lock(&b->db_mu);
    bill_store_exec(b, "BEGIN IMMEDIATE");
    char id[BILL_ID_LEN + 1];
    bill_new_id(b, "00e", "invoice", id);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "id", id);
    cJSON_AddStringToObject(doc, "status", "OPEN");
    cJSON_AddBoolToObject(doc, "archived", false);
    cJSON_AddStringToObject(doc, "recordStatus", "ACTIVE");
    cJSON_AddStringToObject(doc, "createdBy", "00601SANDBOX00000001");
    save(b, &doc, body, CREATE, out);
    bill_store_exec(b, out->status == 201 ? "COMMIT" : "ROLLBACK");
    pthread_mutex_unlock(&b->db_mu);
    cJSON_Delete(doc);
    cJSON_Delete(body);
}

static void not_found(sb_reply *out)
{
    bill_error(out, 404, "BDC_1205", "DOWNSTREAM", "Record not found.");
}

void bill_h_invoice_get(bill_state *b, const sb_api_call *call, sb_reply *out)
{
    pthread_mutex_lock(&b->db_mu);
    cJSON *doc = bill_store_invoice(b, BILL_PARAM(call));
    pthread_mutex_unlock(&b->db_mu);
    if (doc)
        bill_reply_doc(out, 200, doc);
    else
        not_found(out);
    cJSON_Delete(doc);
}

static void change(bill_state *b, const sb_api_call *call, enum mode m, sb_reply *out)
{
    cJSON *body = parse_body(call, out);
    if (!body)
        return;
    pthread_mutex_lock(&b->db_mu);
    bill_store_exec(b, "BEGIN IMMEDIATE");
    cJSON *doc = bill_store_invoice(b, BILL_PARAM(call));
    if (!doc)
        not_found(out);
    else
        save(b, &doc, body, m, out);
    bill_store_exec(b, out->status == 200 ? "COMMIT" : "ROLLBACK");
    pthread_mutex_unlock(&b->db_mu);
    cJSON_Delete(doc);
    cJSON_Delete(body);
}

void bill_h_invoice_replace(bill_state *b, const sb_api_call *call, sb_reply *out)
{
    change(b, call, REPLACE, out);
}

void bill_h_invoice_update(bill_state *b, const sb_api_call *call, sb_reply *out)
{
    change(b, call, PATCH, out);
}
