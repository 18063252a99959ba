/* The canonical invoice to and from B2B Edition's JSON.
 *
 * Amounts never pass through a double on the way out: balances are JSON numbers written as raw text
 * from money_format_min, so 0.1 is sent as the characters "0.1".  On the way in, amounts should be
 * strings (the API sends "400.0000"); a JSON number is accepted only where its double identifies
 * one decimal with at most four places (see number_amount), and refused otherwise rather than
 * guessed. */
#include "api/b2b/b2b_json.h"

#include "api/doc_read.h"

#include "model/date.h"
#include "util/common.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- to JSON ---- */

/* cJSON reports allocation failure as NULL; like xmalloc, that ends the program. */
static cJSON *need(cJSON *item)
{
    if (!item) {
        fputs("invoicectl: error: out of memory\n", stderr);
        exit(IC_EXIT_INTERNAL);
    }
    return item;
}

/* Keys are string literals, so they are attached without a copy (cJSON's "CS" calls): a body has
 * dozens of keys and `validate --emit` builds hundreds of thousands of bodies. */
static cJSON *put(cJSON *obj, const char *key, cJSON *item)
{
    need(item);
    cJSON_AddItemToObjectCS(obj, key, item);
    return item;
}

static cJSON *put_string(cJSON *obj, const char *key, const char *s)
{
    return put(obj, key, cJSON_CreateString(s));
}

static cJSON *put_raw(cJSON *obj, const char *key, const char *raw)
{
    return put(obj, key, cJSON_CreateRaw(raw));
}

static cJSON *put_object(cJSON *obj, const char *key)
{
    return put(obj, key, cJSON_CreateObject());
}

static cJSON *put_array(cJSON *obj, const char *key)
{
    return put(obj, key, cJSON_CreateArray());
}

static void add_str(cJSON *obj, const char *key, const char *s)
{
    if (s)
        need(put_string(obj, key, s));
}

static void add_int(cJSON *obj, const char *key, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    need(put_raw(obj, key, buf));
}

/* {"code": "USD", "value": 12.5} with the value as an exact JSON number. */
static void add_balance(cJSON *obj, const char *key, const char *code, money_t m)
{
    char buf[MONEY_MAX_TEXT];
    cJSON *b = need(put_object(obj, key));
    need(put_string(b, "code", code));
    money_format_min(m, buf, sizeof buf);
    need(put_raw(b, "value", buf));
}

/* {"code": "USD", "value": "12.0000"}: amounts inside details are strings with 4 decimals. */
static void add_amount(cJSON *obj, const char *key, const char *code, money_t m)
{
    char buf[MONEY_MAX_TEXT];
    cJSON *a = need(put_object(obj, key));
    need(put_string(a, "code", code));
    money_format(m, 4, buf, sizeof buf);
    need(put_string(a, "value", buf));
}

/* An address always carries all eight fields; a missing one is sent as "" (the API allows it). */
static cJSON *address_json(const ic_address *a)
{
    cJSON *o = need(cJSON_CreateObject());
    need(put_string(o, "firstName", a->first_name ? a->first_name : ""));
    need(put_string(o, "lastName", a->last_name ? a->last_name : ""));
    need(put_string(o, "street1", a->street1 ? a->street1 : ""));
    need(put_string(o, "street2", a->street2 ? a->street2 : ""));
    need(put_string(o, "city", a->city ? a->city : ""));
    need(put_string(o, "state", a->state ? a->state : ""));
    need(put_string(o, "zipCode", a->zip_code ? a->zip_code : ""));
    need(put_string(o, "country", a->country ? a->country : ""));
    return o;
}

/* channelId is an integer in requests but a string in the canonical invoice (and in answers).  A
 * value that is not a plain integer is sent as the string it is, so the API's own error names it.
 */
static void add_channel(cJSON *obj, const char *channel)
{
    const char *p = channel;
    if (*p == '-' || *p == '+')
        p++;
    bool digits = *p != '\0';
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            digits = false;
    if (digits) {
        errno = 0;
        char *end;
        long long v = strtoll(channel, &end, 10);
        if (errno == 0 && *end == '\0') {
            add_int(obj, "channelId", (int64_t)v);
            return;
        }
    }
    need(put_string(obj, "channelId", channel));
}

static cJSON *details_json(const ic_invoice *inv)
{
    const char *code = inv->currency;
    bool header = inv->n_cost_lines > 0 || inv->billing.present || inv->n_shipping > 0;
    if (!header && inv->n_line_items == 0)
        return NULL;
    cJSON *details = need(cJSON_CreateObject());
    if (header) {
        cJSON *h = need(put_object(details, "header"));
        if (inv->n_cost_lines > 0) {
            cJSON *arr = need(put_array(h, "costLines"));
            for (size_t i = 0; i < inv->n_cost_lines; i++) {
                const ic_cost_line *cl = &inv->cost_lines[i];
                cJSON *o = need(cJSON_CreateObject());
                cJSON_AddItemToArray(arr, o);
                add_amount(o, "amount", code, cl->amount);
                need(put_string(o, "description", cl->description ? cl->description : ""));
            }
        }
        if (inv->billing.present)
            cJSON_AddItemToObjectCS(h, "billingAddress", address_json(&inv->billing));
        if (inv->n_shipping > 0) {
            cJSON *arr = need(put_array(h, "shippingAddresses"));
            for (size_t i = 0; i < inv->n_shipping; i++)
                cJSON_AddItemToArray(arr, address_json(&inv->shipping[i]));
        }
    }
    if (inv->n_line_items > 0) {
        cJSON *d = need(put_object(details, "details"));
        cJSON *arr = need(put_array(d, "lineItems"));
        for (size_t i = 0; i < inv->n_line_items; i++) {
            const ic_line_item *li = &inv->line_items[i];
            char qty[MONEY_MAX_TEXT];
            cJSON *o = need(cJSON_CreateObject());
            cJSON_AddItemToArray(arr, o);
            need(put_string(o, "sku", li->sku ? li->sku : ""));
            money_format_min(li->quantity, qty, sizeof qty);
            need(put_string(o, "quantity", qty));
            add_amount(o, "unitPrice", code, li->unit_price);
            add_str(o, "description", li->description);
            add_str(o, "type", li->type);
            add_str(o, "comments", li->comments);
            if (li->has_discount)
                add_amount(o, "unitDiscount", code, li->unit_discount);
        }
    }
    return details;
}

cJSON *b2b_invoice_to_json(const ic_invoice *inv)
{
    cJSON *o = need(cJSON_CreateObject());
    add_str(o, "invoiceNumber", inv->invoice_number);
    add_str(o, "customerId", inv->customer_id);
    if (inv->has_original_balance)
        add_balance(o, "originalBalance", inv->currency, inv->original_balance);
    if (inv->has_open_balance)
        add_balance(o, "openBalance", inv->currency, inv->open_balance);
    if (inv->has_due_date)
        add_int(o, "dueDate", inv->due_date);
    if (inv->has_issued_at)
        add_int(o, "issuedAt", inv->issued_at);
    if (inv->has_status)
        add_int(o, "status", inv->status);
    if (inv->has_source)
        add_int(o, "source", inv->source);
    add_str(o, "type", inv->type);
    add_str(o, "orderNumber", inv->order_number);
    add_str(o, "purchaseOrderNumber", inv->purchase_order_number);
    add_str(o, "externalId", inv->external_id);
    add_str(o, "externalCustomerId", inv->external_customer_id);
    if (inv->channel_id)
        add_channel(o, inv->channel_id);
    add_str(o, "externalPdfUrl", inv->external_pdf_url);
    add_str(o, "termsConditions", inv->terms_conditions);
    if (inv->n_extra_fields > 0) {
        cJSON *arr = need(put_array(o, "extraFields"));
        for (size_t i = 0; i < inv->n_extra_fields; i++) {
            cJSON *f = need(cJSON_CreateObject());
            cJSON_AddItemToArray(arr, f);
            add_str(f, "fieldName", inv->extra_fields[i].name ? inv->extra_fields[i].name : "");
            add_str(f, "fieldValue", inv->extra_fields[i].value ? inv->extra_fields[i].value : "");
        }
    }
    cJSON *details = details_json(inv);
    if (details)
        cJSON_AddItemToObjectCS(o, "details", details);
    return o;
}

/* ---- from JSON ---- */

/* An integer that a double holds exactly (|v| <= 2^53). */
static bool exact_int(double d, int64_t *out)
{
    if (!isfinite(d) || d != floor(d) || fabs(d) > 9007199254740992.0)
        return false;
    *out = (int64_t)d;
    return true;
}

static int get_int(doc_reader *r, const cJSON *obj, const char *key, const char *path, bool *has,
                   int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (doc_absent(v))
        return 0;
    if (!cJSON_IsNumber(v))
        return doc_fail(r, "'%s%s' is not a number", path, key);
    if (!exact_int(v->valuedouble, out))
        return doc_fail(r, "'%s%s' is not an integer", path, key);
    if (has)
        *has = true;
    return 0;
}

/* A JSON number as an amount.  cJSON keeps only the double, so the number is accepted when that
 * double identifies a single decimal of at most 4 places: an integer of at most 2^53, or a value
 * below 10^11 in magnitude whose 4-place rendering reads back as the same double (10^11 keeps the
 * doubles 10^-4 apart distinct).  Anything else must come as a string. */
static enum money_status number_amount(double d, money_t *out)
{
    char buf[64];
    int64_t i;
    if (exact_int(d, &i)) {
        snprintf(buf, sizeof buf, "%" PRId64, i);
    } else {
        if (!isfinite(d) || fabs(d) >= 1e11)
            return MONEY_PRECISION;
        snprintf(buf, sizeof buf, "%.4f", d);
        if (strtod(buf, NULL) != d)
            return MONEY_PRECISION;
    }
    return money_parse(buf, strlen(buf), '.', out);
}

/* An amount given as a string (parsed exactly) or a number (see number_amount). */
static int read_amount(doc_reader *r, const cJSON *v, const char *path, money_t *out)
{
    enum money_status st;
    if (cJSON_IsString(v)) {
        st = money_parse(v->valuestring, strlen(v->valuestring), '.', out);
        if (st != MONEY_OK)
            return doc_fail(r, "'%s' is not an amount: '%.60s' (%s)", path, v->valuestring,
                            money_strerror(st));
        return 0;
    }
    if (cJSON_IsNumber(v)) {
        st = number_amount(v->valuedouble, out);
        if (st == MONEY_PRECISION)
            return doc_fail(r, "'%s' is a number that is not an exact amount of at most 4 decimals",
                            path);
        if (st != MONEY_OK)
            return doc_fail(r, "'%s' is not an amount (%s)", path, money_strerror(st));
        return 0;
    }
    return doc_fail(r, "'%s' is not a number", path);
}

/* {"code": "USD", "value": "1.0000"}; *code (when given) receives the currency if it is 3 letters.
 */
static int read_money_obj(doc_reader *r, const cJSON *v, const char *path, money_t *out, char *code)
{
    char p[160];
    if (!cJSON_IsObject(v))
        return doc_fail(r, "'%s' is not an object", path);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(v, "code");
    if (!doc_absent(c)) {
        if (!cJSON_IsString(c))
            return doc_fail(r, "'%s.code' is not a string", path);
        if (code && strlen(c->valuestring) == 3 && code[0] == '\0')
            memcpy(code, c->valuestring, 4);
    }
    const cJSON *val = cJSON_GetObjectItemCaseSensitive(v, "value");
    snprintf(p, sizeof p, "%s.value", path);
    if (doc_absent(val))
        return doc_fail(r, "'%s' is missing", p);
    return read_amount(r, val, p, out);
}

static int read_address(doc_reader *r, const cJSON *v, const char *path, ic_address *a)
{
    if (!cJSON_IsObject(v))
        return doc_fail(r, "'%s' is not an object", path);
    char p[160];
    snprintf(p, sizeof p, "%s.", path);
    a->present = true;
    if (doc_get_str(r, v, "firstName", p, &a->first_name) ||
        doc_get_str(r, v, "lastName", p, &a->last_name) ||
        doc_get_str(r, v, "street1", p, &a->street1) ||
        doc_get_str(r, v, "street2", p, &a->street2) || doc_get_str(r, v, "city", p, &a->city) ||
        doc_get_str(r, v, "state", p, &a->state) || doc_get_str(r, v, "zipCode", p, &a->zip_code) ||
        doc_get_str(r, v, "country", p, &a->country))
        return IC_EXIT_IO;
    return 0;
}

/* An optional array member: NULL when absent or null, an error when not an array. */
static int get_array(doc_reader *r, const cJSON *obj, const char *key, const char *path,
                     const cJSON **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (doc_absent(v))
        return 0;
    if (!cJSON_IsArray(v))
        return doc_fail(r, "'%s%s' is not an array", path, key);
    *out = v;
    return 0;
}

static int get_object(doc_reader *r, const cJSON *obj, const char *key, const char *path,
                      const cJSON **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (doc_absent(v))
        return 0;
    if (!cJSON_IsObject(v))
        return doc_fail(r, "'%s%s' is not an object", path, key);
    *out = v;
    return 0;
}

static int read_header(doc_reader *r, const cJSON *h, ic_invoice *inv)
{
    const cJSON *arr, *it, *bill;
    char p[160];
    if (get_array(r, h, "costLines", "details.header.", &arr))
        return IC_EXIT_IO;
    size_t i = 0;
    cJSON_ArrayForEach(it, arr)
    {
        snprintf(p, sizeof p, "details.header.costLines[%zu]", i);
        if (!cJSON_IsObject(it))
            return doc_fail(r, "'%s' is not an object", p);
        ic_cost_line *cl = invoice_add_cost_line(inv);
        const cJSON *amount = cJSON_GetObjectItemCaseSensitive(it, "amount");
        char ap[180];
        snprintf(ap, sizeof ap, "%s.amount", p);
        if (doc_absent(amount))
            return doc_fail(r, "'%s' is missing", ap);
        if (read_money_obj(r, amount, ap, &cl->amount, NULL))
            return IC_EXIT_IO;
        snprintf(p, sizeof p, "details.header.costLines[%zu].", i);
        if (doc_get_str(r, it, "description", p, &cl->description))
            return IC_EXIT_IO;
        i++;
    }
    if (get_object(r, h, "billingAddress", "details.header.", &bill))
        return IC_EXIT_IO;
    if (bill && read_address(r, bill, "details.header.billingAddress", &inv->billing))
        return IC_EXIT_IO;
    if (get_array(r, h, "shippingAddresses", "details.header.", &arr))
        return IC_EXIT_IO;
    i = 0;
    cJSON_ArrayForEach(it, arr)
    {
        snprintf(p, sizeof p, "details.header.shippingAddresses[%zu]", i++);
        if (read_address(r, it, p, invoice_add_shipping(inv)))
            return IC_EXIT_IO;
    }
    return 0;
}

static int read_line_items(doc_reader *r, const cJSON *d, ic_invoice *inv)
{
    const cJSON *arr, *it;
    char p[160], q[180];
    if (get_array(r, d, "lineItems", "details.details.", &arr))
        return IC_EXIT_IO;
    size_t i = 0;
    cJSON_ArrayForEach(it, arr)
    {
        snprintf(p, sizeof p, "details.details.lineItems[%zu]", i);
        if (!cJSON_IsObject(it))
            return doc_fail(r, "'%s' is not an object", p);
        ic_line_item *li = invoice_add_line_item(inv);
        snprintf(p, sizeof p, "details.details.lineItems[%zu].", i);
        if (doc_get_str(r, it, "sku", p, &li->sku) ||
            doc_get_str(r, it, "description", p, &li->description) ||
            doc_get_str(r, it, "type", p, &li->type) ||
            doc_get_str(r, it, "comments", p, &li->comments))
            return IC_EXIT_IO;
        const cJSON *qty = cJSON_GetObjectItemCaseSensitive(it, "quantity");
        snprintf(q, sizeof q, "%squantity", p);
        if (doc_absent(qty))
            return doc_fail(r, "'%s' is missing", q);
        if (read_amount(r, qty, q, &li->quantity))
            return IC_EXIT_IO;
        const cJSON *price = cJSON_GetObjectItemCaseSensitive(it, "unitPrice");
        snprintf(q, sizeof q, "%sunitPrice", p);
        if (doc_absent(price))
            return doc_fail(r, "'%s' is missing", q);
        if (read_money_obj(r, price, q, &li->unit_price, NULL))
            return IC_EXIT_IO;
        const cJSON *disc = cJSON_GetObjectItemCaseSensitive(it, "unitDiscount");
        if (!doc_absent(disc)) {
            snprintf(q, sizeof q, "%sunitDiscount", p);
            if (read_money_obj(r, disc, q, &li->unit_discount, NULL))
                return IC_EXIT_IO;
            li->has_discount = true;
        }
        i++;
    }
    return 0;
}

/* createdAt/updatedAt: unix seconds as a number or a numeric string, or an ISO 8601 date-time
 * string. */
static int get_time(doc_reader *r, const cJSON *obj, const char *key, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (doc_absent(v))
        return 0;
    if (cJSON_IsNumber(v)) {
        if (!exact_int(v->valuedouble, out))
            return doc_fail(r, "'%s' is not an integer", key);
        return 0;
    }
    if (!cJSON_IsString(v))
        return doc_fail(r, "'%s' is neither a number nor a string", key);
    const char *s = v->valuestring;
    char *end;
    errno = 0;
    long long n = strtoll(s, &end, 10);
    if (*s != '\0' && *end == '\0' && errno == 0 && s[0] >= '0' && s[0] <= '9') {
        *out = (int64_t)n;
        return 0;
    }
    if (date_parse(s, strlen(s), "iso", "UTC", out) == DATE_OK)
        return 0;
    return doc_fail(r, "'%s' is not a time: '%.60s'", key, s);
}

static int read_status(doc_reader *r, const cJSON *obj, const char *key, int max, bool *has,
                       int *out)
{
    int64_t v = 0;
    bool got = false;
    if (get_int(r, obj, key, "", &got, &v))
        return IC_EXIT_IO;
    if (!got)
        return 0;
    if (v < 0 || v > max)
        return doc_fail(r, "'%s' is %" PRId64 ", not one of 0 to %d", key, v, max);
    *out = (int)v;
    *has = true;
    return 0;
}

int b2b_invoice_from_json(const cJSON *obj, ic_invoice *inv, ic_err *err)
{
    doc_reader r;
    if (doc_reader_open(&r, obj, err))
        return IC_EXIT_IO;

    const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
    if (doc_absent(id))
        return doc_fail(&r, "'id' is missing");
    if (!cJSON_IsNumber(id))
        return doc_fail(&r, "'id' is not a number");
    if (!exact_int(id->valuedouble, &inv->id) || inv->id <= 0)
        return doc_fail(&r, "'id' is not a positive integer");
    snprintf(r.who, sizeof r.who, "invoice %" PRId64, inv->id);

    if (doc_get_str(&r, obj, "invoiceNumber", "", &inv->invoice_number) ||
        doc_get_str(&r, obj, "customerId", "", &inv->customer_id) ||
        doc_get_str(&r, obj, "customerName", "", &inv->customer_name) ||
        doc_get_str(&r, obj, "externalId", "", &inv->external_id) ||
        doc_get_str(&r, obj, "externalCustomerId", "", &inv->external_customer_id) ||
        doc_get_str(&r, obj, "type", "", &inv->type) ||
        doc_get_str(&r, obj, "orderNumber", "", &inv->order_number) ||
        doc_get_str(&r, obj, "purchaseOrderNumber", "", &inv->purchase_order_number) ||
        doc_get_str(&r, obj, "termsConditions", "", &inv->terms_conditions) ||
        doc_get_str(&r, obj, "externalPdfUrl", "", &inv->external_pdf_url))
        return IC_EXIT_IO;

    /* channelId is a string in answers and an integer in requests: take either. */
    const cJSON *ch = cJSON_GetObjectItemCaseSensitive(obj, "channelId");
    if (cJSON_IsString(ch)) {
        invoice_set_str(&inv->channel_id, ch->valuestring);
    } else if (cJSON_IsNumber(ch)) {
        int64_t c;
        char buf[24];
        if (!exact_int(ch->valuedouble, &c))
            return doc_fail(&r, "'channelId' is not an integer");
        snprintf(buf, sizeof buf, "%" PRId64, c);
        invoice_set_str(&inv->channel_id, buf);
    } else if (!doc_absent(ch)) {
        return doc_fail(&r, "'channelId' is neither a string nor a number");
    }

    if (get_int(&r, obj, "dueDate", "", &inv->has_due_date, &inv->due_date) ||
        get_int(&r, obj, "issuedAt", "", &inv->has_issued_at, &inv->issued_at) ||
        read_status(&r, obj, "status", 2, &inv->has_status, &inv->status) ||
        read_status(&r, obj, "source", 1, &inv->has_source, &inv->source) ||
        get_time(&r, obj, "createdAt", &inv->created_at) ||
        get_time(&r, obj, "updatedAt", &inv->updated_at))
        return IC_EXIT_IO;

    const cJSON *b = cJSON_GetObjectItemCaseSensitive(obj, "originalBalance");
    if (!doc_absent(b)) {
        if (read_money_obj(&r, b, "originalBalance", &inv->original_balance, inv->currency))
            return IC_EXIT_IO;
        inv->has_original_balance = true;
    }
    b = cJSON_GetObjectItemCaseSensitive(obj, "openBalance");
    if (!doc_absent(b)) {
        if (read_money_obj(&r, b, "openBalance", &inv->open_balance, inv->currency))
            return IC_EXIT_IO;
        inv->has_open_balance = true;
    }

    const cJSON *details, *part;
    if (get_object(&r, obj, "details", "", &details))
        return IC_EXIT_IO;
    if (details) {
        if (get_object(&r, details, "header", "details.", &part))
            return IC_EXIT_IO;
        if (part && read_header(&r, part, inv))
            return IC_EXIT_IO;
        if (get_object(&r, details, "details", "details.", &part))
            return IC_EXIT_IO;
        if (part && read_line_items(&r, part, inv))
            return IC_EXIT_IO;
    }

    const cJSON *arr, *it;
    if (get_array(&r, obj, "extraFields", "", &arr))
        return IC_EXIT_IO;
    size_t i = 0;
    cJSON_ArrayForEach(it, arr)
    {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "fieldName");
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(it, "fieldValue");
        char vbuf[64];
        const char *vs = "";
        if (!cJSON_IsObject(it) || !cJSON_IsString(name))
            return doc_fail(&r, "'extraFields[%zu].fieldName' is not a string", i);
        if (cJSON_IsString(value)) {
            vs = value->valuestring;
        } else if (cJSON_IsNumber(value)) {
            /* Number-typed extra fields may come back as JSON numbers; keep the shortest exact
             * text. */
            int64_t n;
            if (exact_int(value->valuedouble, &n)) {
                snprintf(vbuf, sizeof vbuf, "%" PRId64, n);
            } else {
                snprintf(vbuf, sizeof vbuf, "%.15g", value->valuedouble);
                if (strtod(vbuf, NULL) != value->valuedouble)
                    snprintf(vbuf, sizeof vbuf, "%.17g", value->valuedouble);
            }
            vs = vbuf;
        } else if (!doc_absent(value)) {
            return doc_fail(&r, "'extraFields[%zu].fieldValue' is not a string", i);
        }
        invoice_add_extra_field(inv, name->valuestring, vs);
        i++;
    }
    return 0;
}
