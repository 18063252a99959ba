#include "sandbox/invoice_doc.h"
#include "sandbox/validate.h"

#include <stdio.h>
#include <string.h>

void sb_doc_put(cJSON *obj, const char *name, cJSON *item)
{
    if (cJSON_GetObjectItemCaseSensitive(obj, name))
        cJSON_ReplaceItemInObjectCaseSensitive(obj, name, item);
    else
        cJSON_AddItemToObject(obj, name, item);
}

static cJSON *amount_obj(const char *code, money_t m)
{
    char buf[MONEY_MAX_TEXT];
    money_format(m, 4, buf, sizeof buf);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "code", code ? code : "");
    cJSON_AddStringToObject(o, "value", buf);
    return o;
}

static const char *str_of(const cJSON *o, const char *name, const char *dflt)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(it) ? it->valuestring : dflt;
}

static cJSON *copy_or(const cJSON *o, const char *name, cJSON *dflt)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!it)
        return dflt;
    cJSON_Delete(dflt);
    return cJSON_Duplicate(it, 1);
}

static cJSON *norm_address(const cJSON *a)
{
    static const char *const f[] = {"city",    "state",   "country",  "street1",
                                    "street2", "zipCode", "lastName", "firstName"};
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        cJSON_AddStringToObject(o, f[i], str_of(a, f[i], ""));
    cJSON_AddItemToObject(o, "customFields", copy_or(a, "customFields", cJSON_CreateObject()));
    return o;
}

static cJSON *norm_text_amount(const cJSON *a, bool four_places)
{
    const char *code = str_of(a, "code", "");
    const char *value = str_of(a, "value", "0");
    money_t m;
    if (four_places && sb_decimal(value, &m))
        return amount_obj(code, m);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "code", code);
    cJSON_AddStringToObject(o, "value", value);
    return o;
}

static cJSON *norm_details(const cJSON *d, int64_t order_date)
{
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(d, "header");
    const cJSON *dd = cJSON_GetObjectItemCaseSensitive(d, "details");
    const cJSON *it;

    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "type", str_of(d, "type", "StandardInvoiceDetails"));

    cJSON *header = cJSON_AddObjectToObject(out, "header");
    cJSON *costs = cJSON_AddArrayToObject(header, "costLines");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(h, "costLines"))
    {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddItemToObject(
            c, "amount", norm_text_amount(cJSON_GetObjectItemCaseSensitive(it, "amount"), true));
        cJSON_AddStringToObject(c, "description", str_of(it, "description", ""));
        cJSON_AddItemToArray(costs, c);
    }
    const cJSON *od = cJSON_GetObjectItemCaseSensitive(h, "orderDate");
    cJSON_AddNumberToObject(header, "orderDate",
                            cJSON_IsNumber(od) ? od->valuedouble : (double)order_date);
    cJSON_AddItemToObject(header, "billingAddress",
                          norm_address(cJSON_GetObjectItemCaseSensitive(h, "billingAddress")));
    cJSON_AddItemToObject(header, "customerFields",
                          copy_or(h, "customerFields", cJSON_CreateObject()));
    cJSON *ships = cJSON_AddArrayToObject(header, "shippingAddresses");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(h, "shippingAddresses"))
        cJSON_AddItemToArray(ships, norm_address(it));

    cJSON *inner = cJSON_AddObjectToObject(out, "details");
    cJSON *shipments = cJSON_AddArrayToObject(inner, "shipments");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(dd, "shipments"))
    {
        static const char *const f[] = {"addressIndex", "shipDate", "shipVia", "trackingNumber",
                                        "comments"};
        cJSON *s = cJSON_CreateObject();
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            cJSON_AddStringToObject(s, f[i], str_of(it, f[i], ""));
        cJSON_AddItemToObject(s, "customFields", copy_or(it, "customFields", cJSON_CreateObject()));
        cJSON_AddItemToArray(shipments, s);
    }
    cJSON *items = cJSON_AddArrayToObject(inner, "lineItems");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(dd, "lineItems"))
    {
        const cJSON *price = cJSON_GetObjectItemCaseSensitive(it, "unitPrice");
        const cJSON *disc = cJSON_GetObjectItemCaseSensitive(it, "unitDiscount");
        cJSON *l = cJSON_CreateObject();
        cJSON_AddStringToObject(l, "sku", str_of(it, "sku", ""));
        cJSON_AddStringToObject(l, "type", str_of(it, "type", ""));
        cJSON_AddStringToObject(l, "comments", str_of(it, "comments", ""));
        cJSON_AddStringToObject(l, "quantity", str_of(it, "quantity", "0"));
        cJSON_AddItemToObject(l, "unitPrice", norm_text_amount(price, false));
        cJSON_AddStringToObject(l, "description", str_of(it, "description", ""));
        cJSON_AddItemToObject(l, "customFields", copy_or(it, "customFields", cJSON_CreateObject()));
        if (disc) {
            cJSON_AddItemToObject(l, "unitDiscount", norm_text_amount(disc, false));
        } else {
            cJSON *z = cJSON_AddObjectToObject(l, "unitDiscount");
            cJSON_AddStringToObject(z, "code", str_of(price, "code", ""));
            cJSON_AddStringToObject(z, "value", "0");
        }
        cJSON_AddItemToArray(items, l);
    }
    return out;
}

money_t sb_doc_balance(const cJSON *doc, const char *which)
{
    const cJSON *v =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, which), "value");
    money_t m = 0;
    if (!sb_money_value(v, &m))
        m = 0;
    return m;
}

const char *sb_doc_currency(const cJSON *doc)
{
    return str_of(cJSON_GetObjectItemCaseSensitive(doc, "openBalance"), "code", "");
}

void sb_doc_set_balance(cJSON *doc, const char *which, money_t value)
{
    const char *code = str_of(cJSON_GetObjectItemCaseSensitive(doc, which), "code", "");
    sb_doc_put(doc, which, amount_obj(code, value));
}

void sb_doc_settle(cJSON *doc)
{
    money_t open = sb_doc_balance(doc, "openBalance");
    if (open <= 0)
        sb_doc_put(doc, "status", cJSON_CreateNumber(2));
    sb_doc_put(doc, "isPendingPayment", cJSON_CreateNumber(open > 0 ? 1 : 0));
}

/* Applies the fields present in body; `create` also honours issuedAt (the
 * creation time). */
static void apply(cJSON *doc, const cJSON *body, int64_t now, bool create)
{
    static const char *const strings[] = {
        "customerId",  "externalId",          "externalCustomerId", "invoiceNumber",  "type",
        "orderNumber", "purchaseOrderNumber", "externalPdfUrl",     "termsConditions"};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(body, strings[i]);
        if (cJSON_IsString(it))
            sb_doc_put(doc, strings[i], cJSON_CreateString(it->valuestring));
    }
    static const char *const numbers[] = {"dueDate", "status", "source"};
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(body, numbers[i]);
        if (cJSON_IsNumber(it))
            sb_doc_put(doc, numbers[i], cJSON_CreateNumber(it->valuedouble));
    }
    const cJSON *ch = cJSON_GetObjectItemCaseSensitive(body, "channelId");
    if (cJSON_IsNumber(ch)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)ch->valuedouble);
        sb_doc_put(doc, "channelId", cJSON_CreateString(buf));
    }
    /* The creation time: issuedAt on create, createdAt on update (the names
     * the spec's Create and Update schemas give it). */
    const cJSON *created_in =
        cJSON_GetObjectItemCaseSensitive(body, create ? "issuedAt" : "createdAt");
    if (cJSON_IsNumber(created_in))
        sb_doc_put(doc, "createdAt", cJSON_CreateNumber(created_in->valuedouble));
    static const char *const balances[] = {"originalBalance", "openBalance"};
    for (size_t i = 0; i < 2; i++) {
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(body, balances[i]);
        money_t m;
        if (cJSON_IsObject(b) && sb_money_value(cJSON_GetObjectItemCaseSensitive(b, "value"), &m))
            sb_doc_put(doc, balances[i], amount_obj(str_of(b, "code", ""), m));
    }
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(body, "details");
    if (cJSON_IsObject(d)) {
        const cJSON *created = cJSON_GetObjectItemCaseSensitive(doc, "createdAt");
        sb_doc_put(doc, "details",
                   norm_details(d, cJSON_IsNumber(created) ? (int64_t)created->valuedouble : now));
    }
    const cJSON *extra = cJSON_GetObjectItemCaseSensitive(body, "extraFields");
    if (cJSON_IsArray(extra))
        sb_doc_put(doc, "extraFields", cJSON_Duplicate(extra, 1));
    if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(body, "customerId"))) {
        char name[300];
        snprintf(name, sizeof name, "Company %.280s", str_of(body, "customerId", ""));
        sb_doc_put(doc, "customerName", cJSON_CreateString(name));
    }
    sb_doc_put(doc, "updatedAt", cJSON_CreateNumber((double)now));
    sb_doc_settle(doc);
}

cJSON *sb_doc_create(const cJSON *body, int64_t now)
{
    /* Defaults first, in the order the API's answers list the fields. */
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddNumberToObject(doc, "id", 0);
    cJSON_AddStringToObject(doc, "customerId", "");
    cJSON_AddStringToObject(doc, "externalId", "");
    cJSON_AddStringToObject(doc, "externalCustomerId", "");
    cJSON_AddStringToObject(doc, "invoiceNumber", "");
    cJSON_AddStringToObject(doc, "type", "Invoice");
    cJSON_AddNumberToObject(doc, "dueDate", (double)(now + SB_DEFAULT_DUE_DAYS * 86400));
    cJSON_AddNumberToObject(doc, "status", 0);
    cJSON_AddStringToObject(doc, "orderNumber", "");
    cJSON_AddStringToObject(doc, "purchaseOrderNumber", "");
    cJSON_AddNullToObject(doc, "details");
    cJSON_AddNumberToObject(doc, "isPendingPayment", 1);
    cJSON_AddNumberToObject(doc, "source", 0);
    cJSON_AddItemToObject(doc, "originalBalance", amount_obj("", 0));
    cJSON_AddItemToObject(doc, "openBalance", amount_obj("", 0));
    cJSON_AddStringToObject(doc, "customerName", "");
    cJSON_AddNumberToObject(doc, "createdAt", (double)now);
    cJSON_AddNumberToObject(doc, "updatedAt", (double)now);
    cJSON_AddStringToObject(doc, "channelId", "1");
    cJSON_AddStringToObject(doc, "channelName", "Default Channel");
    cJSON_AddStringToObject(doc, "externalPdfUrl", "");
    cJSON_AddStringToObject(doc, "termsConditions", "");
    cJSON_AddArrayToObject(doc, "extraFields");
    apply(doc, body, now, true);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(doc, "details");
    if (cJSON_IsNull(d)) {
        const cJSON *created = cJSON_GetObjectItemCaseSensitive(doc, "createdAt");
        cJSON *empty = cJSON_CreateObject();
        sb_doc_put(doc, "details", norm_details(empty, (int64_t)created->valuedouble));
        cJSON_Delete(empty);
    }
    return doc;
}

void sb_doc_update(cJSON *doc, const cJSON *body, int64_t now)
{
    apply(doc, body, now, false);
}
