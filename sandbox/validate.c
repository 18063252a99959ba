#include "sandbox/validate.h"
#include "util/common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MSG_REQUIRED "This field is required."
#define MSG_STRING "Not a valid string."
#define MSG_INTEGER "Not a valid integer."
#define MSG_NUMBER "Not a valid number."
#define MSG_OBJECT "Not a valid object."
#define MSG_LIST "Not a valid list."
#define MSG_BLANK "This field may not be blank."
#define MSG_EMPTY_LIST "This list may not be empty."
#define MSG_UNIQUE "The items of this list must be unique."

bool sb_decimal(const char *s, money_t *out)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    size_t digits = 0, dec = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++, dec++;
        if (dec == 0)
            return false;
    }
    if (*p || digits == 0)
        return false;
    return money_parse(s, strlen(s), '.', out) == MONEY_OK;
}

bool sb_money_value(const cJSON *v, money_t *out)
{
    if (cJSON_IsString(v))
        return sb_decimal(v->valuestring, out);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || fabs(v->valuedouble) > 9e14)
        return false;
    /* cJSON has already turned the literal into a double; printing it at 4 places
     * recovers the decimal the client wrote for any amount with up to 4 decimals
     * below 10^11. */
    char buf[64];
    snprintf(buf, sizeof buf, "%.4f", v->valuedouble);
    return money_parse(buf, strlen(buf), '.', out) == MONEY_OK;
}

static void add_err(sb_check *c, const char *path, const char *msg)
{
    if (!c->fields)
        c->fields = cJSON_CreateObject();
    cJSON *list = cJSON_GetObjectItemCaseSensitive(c->fields, path);
    if (!list)
        list = cJSON_AddArrayToObject(c->fields, path);
    cJSON_AddItemToArray(list, cJSON_CreateString(msg));
}

static void bad_number(sb_check *c, const char *path)
{
    if (!c->bad_number)
        c->bad_number = xstrdup(path);
}

static void join(char *buf, size_t n, const char *base, const char *name)
{
    snprintf(buf, n, "%s%s%s", base, base[0] ? "." : "", name);
}

/* Field type checks: each returns the item when present and of the right type,
 * else NULL (recording an error when it was present with a wrong type, or
 * absent and required). */
enum jtype { J_STRING, J_INTEGER, J_NUMBER, J_OBJECT, J_ARRAY };

static const cJSON *want(sb_check *c, const cJSON *obj, const char *base, const char *name,
                         enum jtype t, bool required)
{
    char path[512];
    join(path, sizeof path, base, name);
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!it) {
        if (required)
            add_err(c, path, MSG_REQUIRED);
        return NULL;
    }
    bool ok;
    const char *msg;
    switch (t) {
    case J_STRING:
        ok = cJSON_IsString(it);
        msg = MSG_STRING;
        break;
    case J_INTEGER:
        ok = cJSON_IsNumber(it) && isfinite(it->valuedouble) &&
             floor(it->valuedouble) == it->valuedouble && fabs(it->valuedouble) < 9.0e15;
        msg = MSG_INTEGER;
        break;
    case J_NUMBER:
        ok = cJSON_IsNumber(it);
        msg = MSG_NUMBER;
        break;
    case J_OBJECT:
        ok = cJSON_IsObject(it);
        msg = MSG_OBJECT;
        break;
    default:
        ok = cJSON_IsArray(it);
        msg = MSG_LIST;
        break;
    }
    if (!ok) {
        add_err(c, path, cJSON_IsNull(it) ? "Field may not be null." : msg);
        return NULL;
    }
    return it;
}

static void want_nonblank(sb_check *c, const cJSON *obj, const char *base, const char *name,
                          bool required)
{
    const cJSON *it = want(c, obj, base, name, J_STRING, required);
    if (it && it->valuestring[0] == '\0') {
        char path[600];
        join(path, sizeof path, base, name);
        add_err(c, path, MSG_BLANK);
    }
}

/* A string: under c->nonblank (the Update schema's details) with at least one
 * character. */
static const cJSON *want_text(sb_check *c, const cJSON *obj, const char *base, const char *name,
                              bool required)
{
    const cJSON *it = want(c, obj, base, name, J_STRING, required);
    if (it && c->nonblank && it->valuestring[0] == '\0') {
        char path[600];
        join(path, sizeof path, base, name);
        add_err(c, path, MSG_BLANK);
    }
    return it;
}

static void want_enum(sb_check *c, const cJSON *obj, const char *base, const char *name, int max)
{
    const cJSON *it = want(c, obj, base, name, J_INTEGER, false);
    if (it && (it->valuedouble < 0 || it->valuedouble > max)) {
        char path[512];
        join(path, sizeof path, base, name);
        add_err(c, path, max == 1 ? "Must be one of: 0, 1." : "Must be one of: 0, 1, 2.");
    }
}

/* {code: string, value: string holding a decimal} — cost-line amounts, unit
 * prices, discounts. */
static void want_amount_text(sb_check *c, const cJSON *obj, const char *base, const char *name,
                             bool required)
{
    char path[512];
    join(path, sizeof path, base, name);
    const cJSON *a = want(c, obj, base, name, J_OBJECT, required);
    if (!a)
        return;
    want_text(c, a, path, "code", true);
    const cJSON *v = want_text(c, a, path, "value", true);
    money_t m;
    /* (an empty value under c->nonblank is already reported as blank) */
    if (v && !(c->nonblank && !v->valuestring[0]) && !sb_decimal(v->valuestring, &m)) {
        char vpath[600];
        snprintf(vpath, sizeof vpath, "%s.value", path);
        bad_number(c, vpath);
    }
}

/* originalBalance / openBalance: {code, value}, value a JSON number in the
 * Create schema and a non-empty decimal string in the Update schema. */
static void want_balance(sb_check *c, const cJSON *obj, const char *name, bool create)
{
    const cJSON *b = want(c, obj, "", name, J_OBJECT, create);
    if (!b)
        return;
    want_nonblank(c, b, name, "code", true);
    char path[512];
    join(path, sizeof path, name, "value");
    money_t m;
    if (create) {
        const cJSON *v = want(c, b, name, "value", J_NUMBER, true);
        if (v && !sb_money_value(v, &m))
            add_err(c, path, MSG_NUMBER);
        return;
    }
    const cJSON *v = want(c, b, name, "value", J_STRING, true);
    if (v && v->valuestring[0] == '\0')
        add_err(c, path, MSG_BLANK);
    else if (v && !sb_decimal(v->valuestring, &m))
        bad_number(c, path);
}

static const char *const address_fields[] = {"city",    "state",   "country",  "street1",
                                             "street2", "zipCode", "lastName", "firstName"};

static void check_address(sb_check *c, const cJSON *a, const char *path)
{
    for (size_t i = 0; i < IC_ARRAY_LEN(address_fields); i++)
        want_text(c, a, path, address_fields[i], true);
    want(c, a, path, "customFields", J_OBJECT, false);
}

/* The Update schema's billing address: customFields is a required string there. */
static void check_billing_strict(sb_check *c, const cJSON *a, const char *path)
{
    for (size_t i = 0; i < IC_ARRAY_LEN(address_fields); i++)
        want_text(c, a, path, address_fields[i], true);
    want(c, a, path, "customFields", J_STRING, true);
}

/* Calls fn for every element of an optional array field, with the element's
 * path. */
static void each(sb_check *c, const cJSON *obj, const char *base, const char *name,
                 void (*fn)(sb_check *c, const cJSON *item, const char *path))
{
    const cJSON *arr = want(c, obj, base, name, J_ARRAY, false);
    if (!arr)
        return;
    char path[512];
    join(path, sizeof path, base, name);
    /* The Update schema's lists: minItems 1, uniqueItems. */
    if (c->nonblank && !arr->child)
        add_err(c, path, MSG_EMPTY_LIST);
    bool dup = false;
    for (const cJSON *x = arr->child; c->nonblank && x && !dup; x = x->next)
        for (const cJSON *y = x->next; y && !dup; y = y->next)
            dup = cJSON_Compare(x, y, true);
    if (dup)
        add_err(c, path, MSG_UNIQUE);
    int i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        char ipath[600];
        snprintf(ipath, sizeof ipath, "%s[%d]", path, i++);
        if (!cJSON_IsObject(it))
            add_err(c, ipath, MSG_OBJECT);
        else
            fn(c, it, ipath);
    }
}

static void check_cost_line(sb_check *c, const cJSON *it, const char *path)
{
    want_amount_text(c, it, path, "amount", true);
    want_text(c, it, path, "description", true);
}

static void check_shipment(sb_check *c, const cJSON *it, const char *path)
{
    static const char *const f[] = {"addressIndex", "shipDate", "shipVia", "trackingNumber",
                                    "comments"};
    for (size_t i = 0; i < IC_ARRAY_LEN(f); i++)
        want_text(c, it, path, f[i], true);
    want(c, it, path, "customFields", J_OBJECT, false);
}

static void check_line_item(sb_check *c, const cJSON *it, const char *path)
{
    want_text(c, it, path, "sku", true);
    want_text(c, it, path, "type", false);
    want_text(c, it, path, "comments", false);
    want_text(c, it, path, "description", false);
    const cJSON *cf = want(c, it, path, "customFields", J_OBJECT, false);
    if (cf && c->nonblank) {
        char cpath[600];
        snprintf(cpath, sizeof cpath, "%s.customFields", path);
        want(c, cf, cpath, "key", J_STRING, false);
        want(c, cf, cpath, "value", J_STRING, false);
    }
    const cJSON *q = want_text(c, it, path, "quantity", true);
    money_t m;
    if (q && !(c->nonblank && !q->valuestring[0]) && !sb_decimal(q->valuestring, &m)) {
        char qpath[600];
        snprintf(qpath, sizeof qpath, "%s.quantity", path);
        bad_number(c, qpath);
    }
    want_amount_text(c, it, path, "unitPrice", true);
    want_amount_text(c, it, path, "unitDiscount", false);
}

static void check_details(sb_check *c, const cJSON *d)
{
    want(c, d, "details", "type", J_STRING, false);
    const cJSON *h = want(c, d, "details", "header", J_OBJECT, false);
    if (h) {
        each(c, h, "details.header", "costLines", check_cost_line);
        const cJSON *b = want(c, h, "details.header", "billingAddress", J_OBJECT, false);
        if (b && c->nonblank)
            check_billing_strict(c, b, "details.header.billingAddress");
        else if (b)
            check_address(c, b, "details.header.billingAddress");
        each(c, h, "details.header", "shippingAddresses", check_address);
        want(c, h, "details.header", "orderDate", J_INTEGER, false);
        want(c, h, "details.header", "customerFields", J_OBJECT, false);
    }
    const cJSON *dd = want(c, d, "details", "details", J_OBJECT, false);
    if (dd) {
        each(c, dd, "details.details", "shipments", check_shipment);
        each(c, dd, "details.details", "lineItems", check_line_item);
    }
}

static const cJSON *find_config(const cJSON *configs, const char *name)
{
    const cJSON *cfg;
    cJSON_ArrayForEach(cfg, configs)
    {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(cfg, "fieldName");
        if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
            return cfg;
    }
    return NULL;
}

static long cfg_long(const cJSON *cfg, const char *name)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(cfg, name);
    if (cJSON_IsNumber(it))
        return (long)it->valuedouble;
    if (cJSON_IsString(it) && it->valuestring[0])
        return strtol(it->valuestring, NULL, 10);
    return -1;
}

static void check_extra_value(sb_check *c, const cJSON *cfg, const char *name, const char *value)
{
    char msg[300];
    long type = cfg_long(cfg, "fieldType");
    if (type == 0 || type == 1) {
        long maxlen = cfg_long(cfg, "maximumLength");
        if (maxlen > 0 && (long)strlen(value) > maxlen) {
            snprintf(msg, sizeof msg, "Extra field '%s' is longer than %ld characters.", name,
                     maxlen);
            add_err(c, "extraFields", msg);
        }
    } else if (type == 2) {
        money_t m;
        long maxv = cfg_long(cfg, "maximumValue");
        if (value[0] && !sb_decimal(value, &m)) {
            snprintf(msg, sizeof msg, "Extra field '%s' must be a number.", name);
            add_err(c, "extraFields", msg);
        } else if (value[0] && maxv >= 0 && m > (money_t)maxv * MONEY_SCALE) {
            snprintf(msg, sizeof msg, "Extra field '%s' must be at most %ld.", name, maxv);
            add_err(c, "extraFields", msg);
        }
    } else if (type == 3) {
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(cfg, "listOfValue"), *v;
        bool found = false;
        cJSON_ArrayForEach(v, list) found |=
            cJSON_IsString(v) && strcmp(v->valuestring, value) == 0;
        if (!found && value[0]) {
            snprintf(msg, sizeof msg, "Extra field '%s' must be one of its list of values.", name);
            add_err(c, "extraFields", msg);
        }
    }
}

static void check_extra_fields(sb_check *c, const cJSON *body, bool create, const cJSON *configs)
{
    const cJSON *arr = want(c, body, "", "extraFields", J_ARRAY, false);
    if (arr) {
        int i = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, arr)
        {
            char path[64];
            snprintf(path, sizeof path, "extraFields[%d]", i++);
            if (!cJSON_IsObject(it)) {
                add_err(c, path, MSG_OBJECT);
                continue;
            }
            const cJSON *n = want(c, it, path, "fieldName", J_STRING, true);
            const cJSON *v = want(c, it, path, "fieldValue", J_STRING, true);
            if (!n || !v || !configs)
                continue;
            const cJSON *cfg = find_config(configs, n->valuestring);
            if (!cfg) {
                char msg[300];
                snprintf(msg, sizeof msg, "Extra field '%.200s' is not configured.",
                         n->valuestring);
                add_err(c, "extraFields", msg);
                continue;
            }
            check_extra_value(c, cfg, n->valuestring, v->valuestring);
        }
    }
    if (!configs || !(create || arr))
        return;
    /* Required fields must be among those sent (on update: when extraFields is
     * sent at all). */
    const cJSON *cfg;
    cJSON_ArrayForEach(cfg, configs)
    {
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cfg, "isRequired")))
            continue;
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(cfg, "fieldName");
        if (!cJSON_IsString(n))
            continue;
        bool found = false;
        const cJSON *it;
        cJSON_ArrayForEach(it, arr)
        {
            const cJSON *fn = cJSON_GetObjectItemCaseSensitive(it, "fieldName");
            const cJSON *fv = cJSON_GetObjectItemCaseSensitive(it, "fieldValue");
            found |= cJSON_IsString(fn) && strcmp(fn->valuestring, n->valuestring) == 0 &&
                     cJSON_IsString(fv) && fv->valuestring[0];
        }
        if (!found) {
            char msg[300];
            snprintf(msg, sizeof msg, "Extra field '%.200s' is required.", n->valuestring);
            add_err(c, "extraFields", msg);
        }
    }
}

void sb_check_invoice(const cJSON *body, enum sb_invoice_op op, const cJSON *extra_config,
                      sb_check *c)
{
    bool create = op == SB_CREATE;
    c->fields = NULL;
    c->bad_number = NULL;
    c->nonblank = false;
    want_nonblank(c, body, "", "invoiceNumber", create);
    want_nonblank(c, body, "", "customerId", create);
    want_balance(c, body, "originalBalance", create);
    want_balance(c, body, "openBalance", create);
    /* The Update schema gives these strings minLength 1; the Create schema does
     * not (the API answers "" for the ones a create left out). */
    static const char *const strings[] = {"type", "purchaseOrderNumber", "externalId",
                                          "externalCustomerId"};
    for (size_t i = 0; i < IC_ARRAY_LEN(strings); i++) {
        if (create)
            want(c, body, "", strings[i], J_STRING, false);
        else
            want_nonblank(c, body, "", strings[i], false);
    }
    want(c, body, "", "dueDate", J_INTEGER, false);
    want_enum(c, body, "", "status", 2);
    want(c, body, "", "orderNumber", J_STRING, false);
    want(c, body, "", "issuedAt", J_INTEGER, false);
    /* The Update schema offers createdAt (an integer); the Create schema has
     * issuedAt for it instead. */
    if (!create)
        want(c, body, "", "createdAt", J_INTEGER, false);
    want_enum(c, body, "", "source", 1);
    want(c, body, "", "channelId", J_INTEGER, false);
    want(c, body, "", "externalPdfUrl", J_STRING, false);
    want(c, body, "", "termsConditions", J_STRING, false);
    const cJSON *d = want(c, body, "", "details", J_OBJECT, false);
    c->nonblank = op == SB_UPDATE_STRICT;
    if (d)
        check_details(c, d);
    c->nonblank = false;
    check_extra_fields(c, body, create, extra_config);
}

static void check_payment_line(sb_check *c, const cJSON *it, const char *path)
{
    want(c, it, path, "invoiceId", J_INTEGER, true);
    const cJSON *a = want(c, it, path, "amount", J_STRING, true);
    money_t m;
    if (a && (!sb_decimal(a->valuestring, &m) || m <= 0)) {
        char apath[600];
        snprintf(apath, sizeof apath, "%s.amount", path);
        add_err(c, apath, "Must be a number greater than 0.");
    }
}

void sb_check_payment(const cJSON *body, sb_check *c)
{
    c->fields = NULL;
    c->bad_number = NULL;
    const cJSON *li = want(c, body, "", "lineItems", J_ARRAY, true);
    if (li && cJSON_GetArraySize(li) == 0)
        add_err(c, "lineItems", MSG_REQUIRED);
    each(c, body, "", "lineItems", check_payment_line);
    want(c, body, "", "currency", J_STRING, true);
    const cJSON *d = want(c, body, "", "details", J_OBJECT, true);
    if (d)
        want(c, d, "details", "memo", J_STRING, false);
    want_nonblank(c, body, "", "customerId", true);
    want(c, body, "", "externalId", J_STRING, false);
    want(c, body, "", "externalCustomerId", J_STRING, false);
    want(c, body, "", "payerName", J_STRING, false);
    want(c, body, "", "payerCustomerId", J_STRING, false);
    const cJSON *ps = want(c, body, "", "processingStatus", J_INTEGER, false);
    if (ps && (ps->valuedouble < 1 || ps->valuedouble > 4))
        add_err(c, "processingStatus", "Must be one of: 1, 2, 3, 4.");
    want(c, body, "", "channelId", J_INTEGER, false);
}

void sb_check_release(sb_check *c)
{
    cJSON_Delete(c->fields);
    free(c->bad_number);
    c->fields = NULL;
    c->bad_number = NULL;
}
