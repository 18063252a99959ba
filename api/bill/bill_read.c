/* A stored BILL invoice (GET /v3/invoices answers, one element of a list) as a canonical
 * invoice, strictly: a wrong type is an error naming the field, never a zero.
 *
 * Mapping: id -> (the text id: doc_id; ic_invoice.id stays 0, it holds B2B Edition's numbers),
 * invoiceNumber -> invoice_number, customerId -> customer_id, invoiceDate -> issued_at, dueDate ->
 * due_date, totalAmount -> original_balance, dueAmount -> open_balance, status OPEN/SCHEDULED ->
 * 0, PARTIAL_PAYMENT -> 1, PAID_IN_FULL -> 2 (UNDEFINED: no status), createdTime/updatedTime ->
 * created_at/updated_at, invoiceLineItems[] {description, quantity, price} -> line items.  A
 * `customer` object (what a write sends) is read too. */
#include "api/bill/bill_internal.h"

#include "api/doc_read.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static int get_day(doc_reader *r, const cJSON *obj, const char *key, bool *has, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (doc_absent(v))
        return 0;
    if (!cJSON_IsString(v))
        return doc_fail(r, "'%s' is not a string", key);
    if (!bill_parse_day(v->valuestring, out))
        return doc_fail(r, "'%s' is not a date like 2026-03-31: '%.40s'", key, v->valuestring);
    *has = true;
    return 0;
}

static int get_time(doc_reader *r, const cJSON *obj, const char *key, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (doc_absent(v))
        return 0;
    if (!cJSON_IsString(v))
        return doc_fail(r, "'%s' is not a string", key);
    if (!bill_parse_time(v->valuestring, out))
        return doc_fail(r, "'%s' is not a time: '%.40s'", key, v->valuestring);
    return 0;
}

static int read_amount(doc_reader *r, const cJSON *v, const char *path, money_t *out)
{
    if (!cJSON_IsNumber(v))
        return doc_fail(r, "'%s' is not a number", path);
    enum money_status st = bill_number_amount(v, out);
    if (st == MONEY_PRECISION)
        return doc_fail(r, "'%s' is a number that is not an exact amount of at most 4 decimals",
                        path);
    if (st != MONEY_OK)
        return doc_fail(r, "'%s' is not an amount (%s)", path, money_strerror(st));
    return 0;
}

static int get_amount(doc_reader *r, const cJSON *obj, const char *key, bool *has, money_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (doc_absent(v))
        return 0;
    if (read_amount(r, v, key, out))
        return IC_EXIT_IO;
    *has = true;
    return 0;
}

static const struct {
    const char *word;
    int status;
} statuses[] = {
    {"OPEN", 0}, {"SCHEDULED", 0}, {"PARTIAL_PAYMENT", 1}, {"PAID_IN_FULL", 2}, {"UNDEFINED", -1}};

static int get_status(doc_reader *r, const cJSON *obj, ic_invoice *inv)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "status");
    if (doc_absent(v))
        return 0;
    if (!cJSON_IsString(v))
        return doc_fail(r, "'status' is not a string");
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
        if (strcmp(v->valuestring, statuses[i].word) == 0) {
            if (statuses[i].status >= 0) {
                inv->status = statuses[i].status;
                inv->has_status = true;
            }
            return 0;
        }
    }
    return doc_fail(
        r, "'status' is '%.40s', not one of OPEN, SCHEDULED, PARTIAL_PAYMENT, PAID_IN_FULL",
        v->valuestring);
}

static int read_lines(doc_reader *r, const cJSON *doc, ic_invoice *inv)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, "invoiceLineItems");
    if (doc_absent(arr))
        return 0;
    if (!cJSON_IsArray(arr))
        return doc_fail(r, "'invoiceLineItems' is not an array");
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        char p[64], q[96];
        snprintf(p, sizeof p, "invoiceLineItems[%zu]", i++);
        if (!cJSON_IsObject(it))
            return doc_fail(r, "'%s' is not an object", p);
        ic_line_item *li = invoice_add_line_item(inv);
        snprintf(q, sizeof q, "%s.", p);
        if (doc_get_str(r, it, "description", q, &li->description))
            return IC_EXIT_IO;
        static const char *const keys[] = {"quantity", "price"};
        money_t *slots[] = {&li->quantity, &li->unit_price};
        for (size_t k = 0; k < 2; k++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, keys[k]);
            snprintf(q, sizeof q, "%s.%s", p, keys[k]);
            if (doc_absent(v))
                return doc_fail(r, "'%s' is missing", q);
            if (read_amount(r, v, q, slots[k]))
                return IC_EXIT_IO;
        }
    }
    return 0;
}

static int read_customer(doc_reader *r, const cJSON *doc, ic_invoice *inv)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(doc, "customer");
    if (doc_absent(c))
        return 0;
    if (!cJSON_IsObject(c))
        return doc_fail(r, "'customer' is not an object");
    char *id = NULL;
    int rc = doc_get_str(r, c, "id", "customer.", &id);
    if (rc == 0 && id && !inv->customer_id)
        invoice_set_str(&inv->customer_id, id);
    free(id);
    if (rc)
        return rc;
    return doc_get_str(r, c, "name", "customer.", &inv->customer_name) ||
                   doc_get_str(r, c, "email", "customer.", &inv->customer_email)
               ? IC_EXIT_IO
               : 0;
}

int bill_read_doc(const cJSON *doc, ic_invoice *inv, ic_err *err)
{
    doc_reader r;
    if (doc_reader_open(&r, doc, err))
        return IC_EXIT_IO;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, "id");
    if (doc_absent(id))
        return doc_fail(&r, "'id' is missing");
    if (!cJSON_IsString(id))
        return doc_fail(&r, "'id' is not a string");
    char idbuf[CONN_ID_MAX];
    if (!bill_doc_id(doc, idbuf, sizeof idbuf))
        return doc_fail(&r, "'id' is not an invoice id");
    snprintf(r.who, sizeof r.who, "invoice %s", idbuf);

    const cJSON *archived = cJSON_GetObjectItemCaseSensitive(doc, "archived");
    if (!doc_absent(archived) && !cJSON_IsBool(archived))
        return doc_fail(&r, "'archived' is not true or false");
    if (doc_get_str(&r, doc, "invoiceNumber", "", &inv->invoice_number) ||
        doc_get_str(&r, doc, "customerId", "", &inv->customer_id) || read_customer(&r, doc, inv) ||
        get_day(&r, doc, "invoiceDate", &inv->has_issued_at, &inv->issued_at) ||
        get_day(&r, doc, "dueDate", &inv->has_due_date, &inv->due_date) ||
        get_amount(&r, doc, "totalAmount", &inv->has_original_balance, &inv->original_balance) ||
        get_amount(&r, doc, "dueAmount", &inv->has_open_balance, &inv->open_balance) ||
        get_status(&r, doc, inv) || get_time(&r, doc, "createdTime", &inv->created_at) ||
        get_time(&r, doc, "updatedTime", &inv->updated_at) || read_lines(&r, doc, inv))
        return IC_EXIT_IO;
    return 0;
}

bool bill_doc_key(const cJSON *doc, const char *match_field, char *buf, size_t bufsize)
{
    if (!match_field || strcmp(match_field, "invoiceNumber") != 0 || bufsize == 0)
        return false;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "invoiceNumber");
    if (!cJSON_IsString(v) || strlen(v->valuestring) >= bufsize)
        return false;
    snprintf(buf, bufsize, "%s", v->valuestring);
    return true;
}

bool bill_doc_id(const cJSON *doc, char *buf, size_t bufsize)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "id");
    if (!cJSON_IsString(v) || bufsize == 0)
        return false;
    size_t n = strlen(v->valuestring);
    if (n == 0 || n >= bufsize || n >= CONN_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (v->valuestring[i] <= ' ' || v->valuestring[i] > '~')
            return false;
    memcpy(buf, v->valuestring, n + 1);
    return true;
}
