/* POST, GET, PUT and DELETE of /invoices/{id}: a body is always required for POST and PUT (even
 * {}), a new invoice is `posted` with the next invoiceNo, and an update is accepted only while the
 * invoice is `posted` or `requestPayment`. */
#include "sandbox/rebillia/rebillia.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The request's JSON object; NULL with out filled (400) when there is none. */
static cJSON *take_body(const sb_api_call *call, sb_reply *out)
{
    const char *b = call->rq.body;
    size_t n = call->rq.body_len;
    while (n && strchr(" \t\r\n", b[n - 1]))
        n--;
    if (n == 0) {
        reb_error(out, 400, "BAD_REQUEST",
                  "A JSON body is required (send {} when nothing changes).", NULL);
        return NULL;
    }
    cJSON *doc = reb_json_parse(b, call->rq.body_len);
    if (!cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        reb_error(out, 400, "BAD_REQUEST", "The body must be a JSON object.", NULL);
        return NULL;
    }
    return doc;
}

static void not_found(sb_reply *out)
{
    reb_error(out, 404, "NOT_FOUND", "Invoice not found.", NULL);
}

/* Answers the stored invoice id (lines included when detail). */
static void answer(reb_state *r, int64_t id, int status, bool detail, sb_reply *out)
{
    reb_invoice inv = {0};
    if (!reb_invoice_load(r, id, &inv)) {
        reb_error(out, 500, "INTERNAL_ERROR", "The invoice could not be read back.", NULL);
        return;
    }
    sbuf s = SBUF_INIT;
    reb_invoice_write(r, &s, &inv, detail);
    reb_invoice_release(&inv);
    reb_reply_json(out, status, &s);
}

/* Saves in one transaction; false with out filled when the store failed. */
static bool save(reb_state *r, reb_invoice *inv, sb_reply *out)
{
    if (reb_exec(r, "BEGIN") && reb_invoice_save(r, inv) && reb_exec(r, "COMMIT"))
        return true;
    reb_exec(r, "ROLLBACK");
    reb_error(out, 500, "INTERNAL_ERROR", "The invoice could not be saved.", NULL);
    return false;
}

void reb_h_invoice_create(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    cJSON *body = take_body(call, out);
    if (!body)
        return;
    reb_invoice inv = {0};
    inv.shipping = -1;
    reb_problems p = {SBUF_INIT, 0};
    pthread_mutex_lock(&r->db_mu);
    reb_fields_take(r, &inv, body, true, &p);
    if (!p.n && !reb_invoice_total(&inv))
        reb_problem(&p, "detail", "The invoice total would pass %lld cents.",
                    (long long)REB_TOTAL_MAX);
    if (!reb_problems_answer(&p, out)) {
        inv.balance = inv.total;
        inv.created = inv.updated = call->rq.now;
        snprintf(inv.status, sizeof inv.status, "posted");
        snprintf(inv.invoice_no, sizeof inv.invoice_no, "INV-%06lld",
                 (long long)reb_store_next(r, "invoice_no"));
        if (save(r, &inv, out))
            answer(r, inv.id, 201, true, out);
    }
    pthread_mutex_unlock(&r->db_mu);
    reb_invoice_release(&inv);
    cJSON_Delete(body);
}

void reb_h_invoice_get(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    int64_t id;
    pthread_mutex_lock(&r->db_mu);
    if (reb_path_id(REB_PARAM(call), &id) &&
        reb_store_exists(r, "SELECT 1 FROM reb_invoice WHERE id = ?1", id, 0))
        answer(r, id, 200, reb_include_has(sb_arg(&call->rq, "include"), "detail"), out);
    else
        not_found(out);
    pthread_mutex_unlock(&r->db_mu);
}

/* Loads the invoice of the path; false with out filled (404). */
static bool load(reb_state *r, const sb_api_call *call, reb_invoice *inv, sb_reply *out)
{
    int64_t id;
    if (reb_path_id(REB_PARAM(call), &id) && reb_invoice_load(r, id, inv))
        return true;
    not_found(out);
    return false;
}

/* True when inv's status is one of `allowed` (space-separated); otherwise answers 422. */
static bool status_allows(const reb_invoice *inv, const char *allowed, const char *shown,
                          const char *what, sb_reply *out)
{
    size_t n = strlen(inv->status);
    for (const char *p = allowed; *p; p += strcspn(p, " "), p += *p == ' ')
        if (strcspn(p, " ") == n && strncmp(p, inv->status, n) == 0)
            return true;
    char msg[256];
    snprintf(msg, sizeof msg, "Only invoices with status %s can be %s; this one is %s.", shown,
             what, inv->status);
    reb_error(out, 422, "INVALID_STATUS", msg, NULL);
    return false;
}

void reb_h_invoice_update(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    cJSON *body = take_body(call, out);
    if (!body)
        return;
    reb_invoice inv = {0};
    reb_problems p = {SBUF_INIT, 0};
    pthread_mutex_lock(&r->db_mu);
    if (load(r, call, &inv, out) &&
        status_allows(&inv, "posted requestPayment", "posted or requestPayment", "updated", out)) {
        int64_t paid = inv.total - inv.balance;
        reb_fields_take(r, &inv, body, false, &p);
        if (!p.n && !reb_invoice_total(&inv))
            reb_problem(&p, "detail", "The invoice total would pass %lld cents.",
                        (long long)REB_TOTAL_MAX);
        if (!p.n && inv.total < paid)
            reb_problem(&p, "detail", "The invoice total would be less than the %lld cents paid.",
                        (long long)paid);
        if (!reb_problems_answer(&p, out)) {
            inv.balance = inv.total - paid;
            inv.updated = call->rq.now;
            if (save(r, &inv, out))
                answer(r, inv.id, 200, true, out);
        }
    }
    pthread_mutex_unlock(&r->db_mu);
    reb_invoice_release(&inv);
    cJSON_Delete(body);
}

void reb_h_invoice_delete(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    reb_invoice inv = {0};
    pthread_mutex_lock(&r->db_mu);
    if (load(r, call, &inv, out) &&
        status_allows(&inv, "authorized posted requestPayment canceled voided",
                      "authorized, posted, requestPayment, canceled or voided", "deleted", out)) {
        if (reb_invoice_delete(r, inv.id))
            sb_reply_raw(out, 204, "application/json", "");
        else
            reb_error(out, 500, "INTERNAL_ERROR", "The invoice could not be deleted.", NULL);
    }
    pthread_mutex_unlock(&r->db_mu);
    reb_invoice_release(&inv);
}

void reb_h_invoice_void(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    reb_invoice inv = {0};
    pthread_mutex_lock(&r->db_mu);
    if (load(r, call, &inv, out) &&
        status_allows(&inv, "authorized posted requestPayment",
                      "authorized, posted or requestPayment", "voided", out)) {
        snprintf(inv.status, sizeof inv.status, "voided");
        inv.voided_at = inv.updated = call->rq.now;
        if (save(r, &inv, out))
            answer(r, inv.id, 200, false, out);
    }
    pthread_mutex_unlock(&r->db_mu);
    reb_invoice_release(&inv);
}

void reb_h_invoice_charge(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    cJSON *body = take_body(call, out);
    if (!body)
        return;
    reb_invoice inv = {0};
    reb_problems p = {SBUF_INIT, 0};
    pthread_mutex_lock(&r->db_mu);
    if (load(r, call, &inv, out) &&
        status_allows(&inv, "authorized posted requestPayment partialPaid",
                      "authorized, posted, requestPayment or partialPaid", "charged", out)) {
        int64_t amount = 0;
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(body, "amount");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(body, "paymentType");
        if (!reb_json_int(a, 1, inv.balance, &amount))
            reb_problem(&p, "amount",
                        "This value should be a whole number of cents from 1 to "
                        "the balance due, %lld.",
                        (long long)inv.balance);
        char word[40] = "";
        if (reb_json_text(t) && strlen(t->valuestring) < 30)
            snprintf(word, sizeof word, " %s ", t->valuestring);
        if (!*word || !strstr(" offlinePaymentProvider thirdPartyPaymentProvider "
                              "walletPaymentProvider otherPayment ",
                              word))
            reb_problem(&p, "paymentType", "This value should be a payment type.");
        if (!reb_problems_answer(&p, out)) {
            inv.balance -= amount;
            snprintf(inv.status, sizeof inv.status, "%s", inv.balance ? "partialPaid" : "paid");
            snprintf(inv.payment_type, sizeof inv.payment_type, "%s", t->valuestring);
            inv.updated = call->rq.now;
            if (!inv.balance)
                inv.paid_at = call->rq.now;
            if (save(r, &inv, out))
                answer(r, inv.id, 200, false, out);
        }
    }
    pthread_mutex_unlock(&r->db_mu);
    reb_invoice_release(&inv);
    cJSON_Delete(body);
}
