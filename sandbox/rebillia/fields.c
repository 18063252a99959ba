/* A create or update body checked and laid over an invoice: the fields each accepts (the MCP
 * server's CreateInvoiceBody and UpdateInvoiceBody, from Rebillia's validators), numeric ids that
 * must exist (the payment method the customer's own), dates yyyy-MM-dd, lengths in characters,
 * cents as whole numbers, and addresses with a known countryId.  Any other field is refused, as
 * billingAddress is on update. */
#include "sandbox/rebillia/rebillia.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ftype { F_ID, F_TEXT, F_DATE, F_CENTS, F_PAYTYPE, F_ADDRESS, F_DETAIL };

/* create: 0 not accepted, 1 optional, 2 required; update: 0 not accepted, 1 optional. */
static const struct spec {
    const char *name;
    enum ftype type;
    int create, update;
    size_t max; /* F_TEXT: characters */
} specs[] = {
    {"companyCurrencyId", F_ID, 2, 0, 0},
    {"companyGatewayId", F_ID, 2, 1, 0},
    {"customerId", F_ID, 2, 1, 0},
    {"paymentMethodId", F_ID, 2, 1, 0},
    {"customerPaymentMethodId", F_ID, 1, 1, 0},
    {"detail", F_DETAIL, 2, 1, 0},
    {"customerEmail", F_TEXT, 1, 1, 45},
    {"customerName", F_TEXT, 1, 1, 45},
    {"customerPhone", F_TEXT, 1, 1, 45},
    {"paymentType", F_PAYTYPE, 1, 1, 0},
    {"dateDue", F_DATE, 2, 1, 0},
    {"dateFrom", F_DATE, 2, 1, 0},
    {"dateTo", F_DATE, 2, 1, 0},
    {"billingAddress", F_ADDRESS, 1, 0, 0},
    {"shippingAddress", F_ADDRESS, 1, 1, 0},
    {"shippingAmount", F_CENTS, 1, 1, 0},
    {"shippingServiceId", F_TEXT, 0, 1, 100},
    {"terms", F_TEXT, 1, 0, 200},
    {"comments", F_TEXT, 1, 1, 200},
};

void reb_invoice_release(reb_invoice *inv)
{
    char **texts[] = {&inv->customer_email, &inv->customer_name, &inv->customer_phone,
                      &inv->comments,       &inv->terms,         &inv->service_id,
                      &inv->billing,        &inv->shipping_addr};
    for (size_t i = 0; i < IC_ARRAY_LEN(texts); i++) {
        free(*texts[i]);
        *texts[i] = NULL;
    }
    for (size_t i = 0; i < inv->n_lines; i++)
        free(inv->lines[i].description);
    free(inv->lines);
    inv->lines = NULL;
    inv->n_lines = 0;
}

bool reb_invoice_total(reb_invoice *inv)
{
    int64_t sum = inv->shipping > 0 ? inv->shipping : 0, line;
    for (size_t i = 0; i < inv->n_lines; i++)
        if (__builtin_mul_overflow(inv->lines[i].qty, inv->lines[i].amount, &line) ||
            __builtin_add_overflow(sum, line, &sum) || sum > REB_TOTAL_MAX)
            return false;
    inv->total = sum;
    return true;
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void set_text(char **slot, const char *v)
{
    free(*slot);
    *slot = v ? xstrdup(v) : NULL;
}

static const char *const address_texts[] = {"contactName",  "street1",      "city",
                                            "zip",          "street2",      "state",
                                            "contactEmail", "contactPhone", "contactCompany"};

/* An address: the first four texts and countryId and type required; stored as JSON text. */
static char *take_address(reb_state *r, const char *name, const cJSON *v, reb_problems *p)
{
    char f[64];
    if (!cJSON_IsObject(v)) {
        reb_problem(p, name, "This value should be an object.");
        return NULL;
    }
    cJSON *o = cJSON_CreateObject();
    int before = p->n;
    for (size_t i = 0; i < IC_ARRAY_LEN(address_texts); i++) {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(v, address_texts[i]);
        snprintf(f, sizeof f, "%s.%s", name, address_texts[i]);
        if (reb_json_text(t) && (t->valuestring[0] || i >= 4) && chars(t->valuestring) <= 255)
            cJSON_AddStringToObject(o, address_texts[i], t->valuestring);
        else if (i < 4 || (t && !cJSON_IsNull(t)))
            reb_problem(p, f,
                        i < 4 && (!t || cJSON_IsNull(t)) ? "This value is required."
                                                         : "This value is not valid.");
    }
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(v, "countryId"), *type;
    int64_t id;
    snprintf(f, sizeof f, "%s.countryId", name);
    if (!reb_json_id(c, &id))
        reb_problem(p, f, c ? "This value should be a positive id." : "This value is required.");
    else if (!reb_store_exists(r, "SELECT 1 FROM reb_country WHERE id = ?1", id, 0))
        reb_problem(p, f, "Country %lld not found.", (long long)id);
    else
        cJSON_AddNumberToObject(o, "countryId", (double)id);
    type = cJSON_GetObjectItemCaseSensitive(v, "type");
    snprintf(f, sizeof f, "%s.type", name);
    if (reb_json_text(type) &&
        (!strcmp(type->valuestring, "residential") || !strcmp(type->valuestring, "commercial")))
        cJSON_AddStringToObject(o, "type", type->valuestring);
    else
        reb_problem(p, f, "This value should be residential or commercial.");
    char *text = p->n == before ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return text;
}

static void take_detail(reb_invoice *inv, const cJSON *v, reb_problems *p)
{
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1) {
        reb_problem(p, "detail", "This collection should contain 1 element or more.");
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    reb_line *lines = xcalloc(n, sizeof *lines);
    const cJSON *it;
    int before = p->n;
    cJSON_ArrayForEach(it, v)
    {
        char f[64];
        reb_line *l = &lines[i];
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(it, "amount");
        const cJSON *q = cJSON_GetObjectItemCaseSensitive(it, "qty");
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(it, "description");
        snprintf(f, sizeof f, "detail[%zu].amount", i);
        if (!cJSON_IsObject(it))
            reb_problem(p, f, "This line should be an object.");
        else if (!reb_json_int(a, 0, REB_AMOUNT_MAX, &l->amount))
            reb_problem(p, f,
                        a ? "This value should be a whole number of cents from 0 to %lld."
                          : "This value is required.",
                        (long long)REB_AMOUNT_MAX);
        l->qty = 1;
        snprintf(f, sizeof f, "detail[%zu].qty", i);
        if (q && !cJSON_IsNull(q) && !reb_json_int(q, 1, REB_QTY_MAX, &l->qty))
            reb_problem(p, f, "This value should be a whole number from 1 to %d.", REB_QTY_MAX);
        snprintf(f, sizeof f, "detail[%zu].description", i);
        if (reb_json_text(d) && chars(d->valuestring) <= 255)
            l->description = xstrdup(d->valuestring);
        else if (d && !cJSON_IsNull(d))
            reb_problem(p, f, "This value should be text of at most 255 characters.");
        i++;
    }
    if (p->n != before) {
        for (i = 0; i < n; i++)
            free(lines[i].description);
        free(lines);
        return;
    }
    for (i = 0; i < inv->n_lines; i++)
        free(inv->lines[i].description);
    free(inv->lines);
    inv->lines = lines;
    inv->n_lines = n;
    inv->lines_given = true;
}

/* One given field (not null unless a text). */
static void take_one(reb_state *r, reb_invoice *inv, const struct spec *sp, const cJSON *v,
                     bool create, reb_problems *p)
{
    int64_t n;
    switch (sp->type) {
    case F_ID:
        if (!reb_json_id(v, &n)) {
            reb_problem(p, sp->name, "This value should be a positive id.");
        } else if (!strcmp(sp->name, "companyCurrencyId")) {
            if (reb_store_exists(r, "SELECT 1 FROM reb_currency WHERE id = ?1", n, 0))
                inv->currency_id = n;
            else
                reb_problem(p, sp->name, "Company currency %lld not found.", (long long)n);
        } else if (!strcmp(sp->name, "companyGatewayId")) {
            if (reb_store_exists(r, "SELECT 1 FROM reb_gateway WHERE id = ?1", n, 0))
                inv->gateway_id = n;
            else
                reb_problem(p, sp->name, "Company gateway %lld not found.", (long long)n);
        } else if (!strcmp(sp->name, "customerId")) {
            if (reb_store_exists(r, "SELECT 1 FROM reb_customer WHERE id = ?1", n, 0))
                inv->customer_id = n;
            else
                reb_problem(p, sp->name, "Customer %lld not found.", (long long)n);
        } else {
            inv->payment_method_id = n; /* checked against the customer once it is known */
        }
        break;
    case F_TEXT: {
        char **slot = !strcmp(sp->name, "customerEmail")   ? &inv->customer_email
                      : !strcmp(sp->name, "customerName")  ? &inv->customer_name
                      : !strcmp(sp->name, "customerPhone") ? &inv->customer_phone
                      : !strcmp(sp->name, "terms")         ? &inv->terms
                      : !strcmp(sp->name, "comments")      ? &inv->comments
                                                           : &inv->service_id;
        if (cJSON_IsNull(v))
            set_text(slot, NULL);
        else if (!reb_json_text(v) || chars(v->valuestring) > sp->max)
            reb_problem(p, sp->name, "This value should be text of at most %zu characters.",
                        sp->max);
        else
            set_text(slot, v->valuestring);
        break;
    }
    case F_DATE: {
        char *slot = !strcmp(sp->name, "dateDue")    ? inv->date_due
                     : !strcmp(sp->name, "dateFrom") ? inv->date_from
                                                     : inv->date_to;
        if (reb_json_text(v) && reb_date_ok(v->valuestring))
            memcpy(slot, v->valuestring, 11);
        else
            reb_problem(p, sp->name, "This value is not a valid date (yyyy-MM-dd).");
        break;
    }
    case F_CENTS:
        if (reb_json_int(v, 0, REB_AMOUNT_MAX, &n))
            inv->shipping = n;
        else
            reb_problem(p, sp->name, "This value should be a whole number of cents from 0 to %lld.",
                        (long long)REB_AMOUNT_MAX);
        break;
    case F_PAYTYPE: {
        static const char *const types[] = {"offlinePaymentProvider", "thirdPartyPaymentProvider",
                                            "walletPaymentProvider", "otherPayment"};
        /* otherPayment is for a new invoice only. */
        size_t k = 0, nt = create ? 4 : 3;
        while (k < nt && !(reb_json_text(v) && !strcmp(v->valuestring, types[k])))
            k++;
        if (k < nt)
            snprintf(inv->payment_type, sizeof inv->payment_type, "%s", types[k]);
        else
            reb_problem(p, sp->name,
                        "This value should be one of offlinePaymentProvider, "
                        "thirdPartyPaymentProvider, walletPaymentProvider%s.",
                        create ? ", otherPayment" : "");
        break;
    }
    case F_ADDRESS: {
        char *text = take_address(r, sp->name, v, p);
        if (text)
            set_text(!strcmp(sp->name, "billingAddress") ? &inv->billing : &inv->shipping_addr,
                     text);
        free(text);
        break;
    }
    case F_DETAIL:
        take_detail(inv, v, p);
        break;
    }
}

void reb_fields_take(reb_state *r, reb_invoice *inv, const cJSON *body, bool create,
                     reb_problems *p)
{
    const cJSON *v;
    int64_t pm_before = inv->payment_method_id, customer_before = inv->customer_id;
    cJSON_ArrayForEach(v, body)
    {
        size_t i = 0;
        while (i < IC_ARRAY_LEN(specs) && strcmp(specs[i].name, v->string))
            i++;
        if (i == IC_ARRAY_LEN(specs) || !(create ? specs[i].create : specs[i].update)) {
            reb_problem(p, v->string, "This field is not accepted%s.",
                        create ? "" : " when updating an invoice");
            continue;
        }
        if (cJSON_IsNull(v) && specs[i].type != F_TEXT) {
            reb_problem(p, v->string, "This value should not be null.");
            continue;
        }
        take_one(r, inv, &specs[i], v, create, p);
    }
    for (size_t i = 0; create && i < IC_ARRAY_LEN(specs); i++)
        if (specs[i].create == 2 && !cJSON_GetObjectItemCaseSensitive(body, specs[i].name))
            reb_problem(p, specs[i].name, "This value is required.");
    /* The payment method must be the customer's: a new one given, or the kept one when the
     * customer changes. */
    if (inv->payment_method_id &&
        (inv->payment_method_id != pm_before || inv->customer_id != customer_before) &&
        inv->customer_id &&
        !reb_store_exists(r, "SELECT 1 FROM reb_payment_method WHERE id = ?1 AND customer_id = ?2",
                          inv->payment_method_id, inv->customer_id))
        reb_problem(p, "paymentMethodId", "Payment method %lld does not belong to customer %lld.",
                    (long long)inv->payment_method_id, (long long)inv->customer_id);
}
