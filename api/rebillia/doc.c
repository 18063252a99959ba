/* A stored Rebillia invoice (GET /invoices, include=detail) as a canonical invoice, and its id and
 * match key.  Strict: a field of the wrong type is an error naming it; amounts are read in the unit
 * they come in (integer minor units) and converted exactly. */
#include "api/rebillia/rebillia_internal.h"

#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    const char *where; /* "invoice 1234" for messages */
    ic_err *err;
    int rc;
} reader;

static const cJSON *member(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNull(v) ? NULL : v;
}

static void fail(reader *r, const char *field, const char *what)
{
    if (!r->rc)
        r->rc = ic_err_set(r->err, IC_EXIT_IO, "%s: field '%s' %s", r->where, field, what);
}

/* A string field (absent or null: not given). */
static const char *str_field(reader *r, const cJSON *o, const char *key, const char *path)
{
    const cJSON *v = member(o, key);
    if (!v)
        return NULL;
    if (!cJSON_IsString(v)) {
        fail(r, path, "is not a string");
        return NULL;
    }
    return v->valuestring;
}

static const cJSON *obj_field(reader *r, const cJSON *o, const char *key)
{
    const cJSON *v = member(o, key);
    if (v && !cJSON_IsObject(v)) {
        fail(r, key, "is not an object");
        return NULL;
    }
    return v;
}

static bool money_field(reader *r, const cJSON *o, const char *key, const char *path,
                        const char *cur, money_t *out)
{
    const cJSON *v = member(o, key);
    int64_t minor;
    if (!v)
        return false;
    if (!rebillia_json_minor(v, &minor)) {
        fail(r, path, "is not a whole number of minor units (cents)");
        return false;
    }
    if (!rebillia_from_minor(minor, cur, out)) {
        fail(r, path, "is beyond the amounts invoicectl keeps exactly");
        return false;
    }
    return true;
}

static bool day_field(reader *r, const cJSON *o, const char *key, int64_t *out)
{
    const char *s = str_field(r, o, key, key);
    if (!s || !*s)
        return false;
    if (!rebillia_day_parse(s, out)) {
        fail(r, key, "is not a date (YYYY-MM-DD)");
        return false;
    }
    return true;
}

static void read_address(reader *r, const cJSON *a, const char *key, ic_address *out)
{
    out->present = true;
    const char *contact = str_field(r, a, "contactName", key);
    if (contact) {
        /* Written as "first last": split at the first blank. */
        const char *sp = strchr(contact, ' ');
        char *first = sp ? xstrndup(contact, (size_t)(sp - contact)) : xstrdup(contact);
        invoice_set_str(&out->first_name, first);
        invoice_set_str(&out->last_name, sp ? sp + 1 : NULL);
        free(first);
    }
    invoice_set_str(&out->street1, str_field(r, a, "street1", key));
    invoice_set_str(&out->street2, str_field(r, a, "street2", key));
    invoice_set_str(&out->city, str_field(r, a, "city", key));
    invoice_set_str(&out->state, str_field(r, a, "state", key));
    invoice_set_str(&out->zip_code, str_field(r, a, "zip", key));
    const cJSON *c = member(a, "country");
    if (cJSON_IsObject(c))
        invoice_set_str(&out->country, str_field(r, c, "alpha2Code", key));
    else if (c)
        invoice_set_str(&out->country, str_field(r, a, "country", key));
}

static void read_lines(reader *r, const cJSON *doc, const char *cur, ic_invoice *inv)
{
    const cJSON *detail = member(doc, "detail");
    if (!detail)
        return;
    if (!cJSON_IsArray(detail)) {
        fail(r, "detail", "is not an array");
        return;
    }
    const cJSON *it;
    size_t i = 0;
    cJSON_ArrayForEach(it, detail)
    {
        char path[64];
        snprintf(path, sizeof path, "detail[%zu]", i++);
        if (!cJSON_IsObject(it)) {
            fail(r, path, "is not an object");
            return;
        }
        ic_line_item *li = invoice_add_line_item(inv);
        invoice_set_str(&li->description, str_field(r, it, "description", path));
        int64_t qty = 1;
        const cJSON *q = member(it, "qty");
        if (q && (!rebillia_json_minor(q, &qty) || qty > INT64_MAX / MONEY_SCALE ||
                  qty < -(INT64_MAX / MONEY_SCALE)))
            fail(r, path, "has a qty that is not a whole number");
        li->quantity = qty * MONEY_SCALE;
        snprintf(path + strlen(path), sizeof path - strlen(path), ".amount");
        money_field(r, it, "amount", path, cur, &li->unit_price);
    }
}

static void read_ids(reader *r, const cJSON *doc, ic_invoice *inv)
{
    char id[CONN_ID_MAX];
    const cJSON *v = member(doc, "id");
    if (v && rebillia_json_id(v, id, sizeof id)) {
        char *end;
        long long n = strtoll(id, &end, 10);
        if (*end || n <= 0)
            fail(r, "id", "is not a numeric id");
        inv->id = n;
    } else if (v) {
        fail(r, "id", "is not an id");
    }
    const char *comments = str_field(r, doc, "comments", "comments");
    char key[256];
    if (rebillia_key_from_comment(comments, key, sizeof key)) {
        invoice_set_str(&inv->invoice_number, key);
    } else {
        const cJSON *no = member(doc, "invoiceNo");
        if (no && rebillia_json_id(no, id, sizeof id))
            invoice_set_str(&inv->invoice_number, id);
        else if (no && !cJSON_IsString(no))
            fail(r, "invoiceNo", "is not a string");
        else if (no)
            invoice_set_str(&inv->invoice_number, no->valuestring);
    }
    const cJSON *cust = obj_field(r, doc, "customer");
    if (cust && rebillia_json_id(member(cust, "id"), id, sizeof id))
        invoice_set_str(&inv->customer_id, id);
    const char *name = str_field(r, doc, "customerName", "customerName");
    if (name && *name) {
        invoice_set_str(&inv->customer_name, name);
        return;
    }
    /* No name on the invoice: the customer's company, else its first and last name. */
    const char *biz = rebillia_str(cust, "businessName");
    const char *first = rebillia_str(cust, "firstName"), *last = rebillia_str(cust, "lastName");
    if (biz) {
        invoice_set_str(&inv->customer_name, biz);
    } else if (first || last) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s%s%s", first ? first : "", first && last ? " " : "",
                 last ? last : "");
        invoice_set_str(&inv->customer_name, buf);
    }
}

static void read_status(reader *r, const cJSON *doc, ic_invoice *inv)
{
    const char *st = str_field(r, doc, "status", "status");
    int c = rebillia_status_canonical(st);
    if (c >= 0) {
        inv->status = c;
        inv->has_status = true;
    }
}

int rebillia_read_doc(const cJSON *doc, ic_invoice *inv, ic_err *err)
{
    char where[96] = "Rebillia invoice";
    char id[CONN_ID_MAX];
    if (!cJSON_IsObject(doc))
        return ic_err_set(err, IC_EXIT_IO, "Rebillia invoice: not a JSON object");
    if (rebillia_json_id(cJSON_GetObjectItemCaseSensitive(doc, "id"), id, sizeof id))
        snprintf(where, sizeof where, "Rebillia invoice %s", id);
    reader r = {where, err, 0};

    read_ids(&r, doc, inv);
    read_status(&r, doc, inv);
    const cJSON *currency = obj_field(&r, doc, "currency");
    const char *iso3 = currency ? str_field(&r, currency, "iso3", "currency.iso3") : NULL;
    if (iso3 && strlen(iso3) == 3)
        memcpy(inv->currency, iso3, 4);
    else if (iso3)
        fail(&r, "currency.iso3", "is not a 3-letter code");
    const char *cur = inv->currency[0] ? inv->currency : rebillia_cache_default_iso3();

    inv->has_original_balance = money_field(&r, doc, "total", "total", cur, &inv->original_balance);
    inv->has_open_balance =
        money_field(&r, doc, "balanceDue", "balanceDue", cur, &inv->open_balance);
    inv->has_due_date = day_field(&r, doc, "dateDue", &inv->due_date);
    inv->has_issued_at = day_field(&r, doc, "dateFrom", &inv->issued_at);
    int64_t t;
    if (rebillia_time_parse(rebillia_str(doc, "createdAt"), &t))
        inv->created_at = t;
    if (rebillia_time_parse(rebillia_str(doc, "updatedAt"), &t))
        inv->updated_at = t;
    invoice_set_str(&inv->terms_conditions, str_field(&r, doc, "terms", "terms"));

    const cJSON *bill = obj_field(&r, doc, "billingAddress");
    if (bill)
        read_address(&r, bill, "billingAddress", &inv->billing);
    const cJSON *ship = obj_field(&r, doc, "shippingAddress");
    if (ship)
        read_address(&r, ship, "shippingAddress", invoice_add_shipping(inv));
    read_lines(&r, doc, cur, inv);
    money_t shipping;
    if (money_field(&r, doc, "shippingAmount", "shippingAmount", cur, &shipping) && shipping != 0) {
        ic_cost_line *cl = invoice_add_cost_line(inv);
        invoice_set_str(&cl->description, "Shipping");
        cl->amount = shipping;
    }
    return r.rc;
}

bool rebillia_doc_key(const cJSON *doc, const char *match_field, char *buf, size_t bufsize)
{
    if (!match_field || strcmp(match_field, "invoiceNumber") != 0)
        return false;
    return rebillia_key_from_comment(rebillia_str(doc, "comments"), buf, bufsize);
}

bool rebillia_doc_id(const cJSON *doc, char *buf, size_t bufsize)
{
    return cJSON_IsObject(doc) &&
           rebillia_json_id(cJSON_GetObjectItemCaseSensitive(doc, "id"), buf, bufsize);
}
