/* Updates: the create body laid over a stored invoice (as Rebillia would store it after a PUT),
 * the differences, and the PUT body.
 *
 * The stored shape and the body's differ (customer {id} vs customerId, dates with or without a
 * time, country {alpha2Code} vs countryId), so the merge keeps the stored spelling of every value
 * the body means the same way: an invoice read back equals the one sent, and a re-run finds
 * nothing to change.  What an update cannot change is kept as stored: the currency, the billing
 * address (the API refuses it on update), terms and the payment method (not in the update's
 * fields). */
#include "api/rebillia/rebillia_internal.h"

#include "api/merge.h"

#include <stdio.h>
#include <string.h>

static const cJSON *member(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsNull(v) ? NULL : v;
}

static void set(cJSON *o, const char *key, cJSON *v)
{
    if (cJSON_GetObjectItemCaseSensitive(o, key))
        cJSON_ReplaceItemInObjectCaseSensitive(o, key, v);
    else
        cJSON_AddItemToObject(o, key, v);
}

/* Two ids mean the same: "517" and 517. */
static bool same_id(const cJSON *a, const cJSON *b)
{
    char x[CONN_ID_MAX], y[CONN_ID_MAX];
    return rebillia_json_id(a, x, sizeof x) && rebillia_json_id(b, y, sizeof y) &&
           strcmp(x, y) == 0;
}

/* {"id": ...} objects (customer, companyGateway) against the body's numeric id. */
static void lay_ref(cJSON *m, const char *obj_key, const cJSON *id)
{
    if (same_id(member(member(m, obj_key), "id"), id))
        return;
    char text[CONN_ID_MAX];
    if (!rebillia_json_id(id, text, sizeof text))
        return;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", text);
    set(m, obj_key, o);
}

/* A day: "2026-03-18" means the same as a stored "2026-03-18T00:00:00+00:00". */
static void lay_day(cJSON *m, const char *key, const cJSON *v)
{
    const cJSON *old = member(m, key);
    if (cJSON_IsString(old) && cJSON_IsString(v) && strlen(v->valuestring) == 10 &&
        strncmp(old->valuestring, v->valuestring, 10) == 0)
        return;
    set(m, key, cJSON_Duplicate(v, 1));
}

static void lay_scalar(cJSON *m, const char *key, const cJSON *v)
{
    if (merge_equal(member(m, key), v))
        return;
    set(m, key, cJSON_Duplicate(v, 1));
}

/* Lines replace the stored ones (a PUT with detail replaces them all), but a line that says the
 * same as the stored one at its place keeps the stored line (its id, its tax fields). */
static void lay_detail(cJSON *m, const cJSON *body_detail)
{
    const cJSON *old = member(m, "detail");
    cJSON *out = cJSON_CreateArray();
    int i = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, body_detail)
    {
        const cJSON *s = cJSON_IsArray(old) ? cJSON_GetArrayItem(old, i) : NULL;
        i++;
        if (!cJSON_IsObject(s)) {
            cJSON_AddItemToArray(out, cJSON_Duplicate(b, 1));
            continue;
        }
        cJSON *line = cJSON_Duplicate(s, 1);
        const cJSON *f;
        cJSON_ArrayForEach(f, b) lay_scalar(line, f->string, f);
        cJSON_AddItemToArray(out, line);
    }
    set(m, "detail", out);
}

/* The shipping address: fields laid over the stored ones; countryId compared as the stored
 * country's alpha-2 code (through the run's cache); the stored type kept when it has one (the
 * body's "commercial" is a default, not the file's word). */
static void lay_address(cJSON *m, const char *key, const cJSON *body_addr)
{
    const cJSON *old = member(m, key);
    cJSON *a = cJSON_IsObject(old) ? cJSON_Duplicate(old, 1) : cJSON_CreateObject();
    const cJSON *f;
    cJSON_ArrayForEach(f, body_addr)
    {
        if (strcmp(f->string, "type") == 0 && member(a, "type"))
            continue;
        if (strcmp(f->string, "countryId") == 0) {
            char id[CONN_ID_MAX];
            if (!rebillia_json_id(f, id, sizeof id))
                continue;
            const char *code = rebillia_cache_country_code(id);
            const char *was = rebillia_str(member(a, "country"), "alpha2Code");
            if (code && was && strcmp(code, was) == 0)
                continue;
            /* As the server would answer it (less the name, which only it knows). */
            cJSON *c = cJSON_CreateObject();
            cJSON_AddStringToObject(c, "id", id);
            if (code)
                cJSON_AddStringToObject(c, "alpha2Code", code);
            set(a, "country", c);
            continue;
        }
        lay_scalar(a, f->string, f);
    }
    set(m, key, a);
}

cJSON *rebillia_merge(const cJSON *stored, const cJSON *body)
{
    cJSON *m = cJSON_IsObject(stored) ? cJSON_Duplicate(stored, 1) : cJSON_CreateObject();
    const cJSON *f;
    cJSON_ArrayForEach(f, body)
    {
        const char *k = f->string;
        if (strcmp(k, "companyCurrencyId") == 0 || strcmp(k, "paymentMethodId") == 0 ||
            strcmp(k, "billingAddress") == 0 || strcmp(k, "terms") == 0)
            continue; /* not changed by an update */
        if (strcmp(k, "customerId") == 0)
            lay_ref(m, "customer", f);
        else if (strcmp(k, "companyGatewayId") == 0)
            lay_ref(m, "companyGateway", f);
        else if (strncmp(k, "date", 4) == 0)
            lay_day(m, k, f);
        else if (strcmp(k, "detail") == 0 && cJSON_IsArray(f))
            lay_detail(m, f);
        else if (strcmp(k, "shippingAddress") == 0 && cJSON_IsObject(f))
            lay_address(m, k, f);
        else
            lay_scalar(m, k, f);
    }
    return m;
}

size_t rebillia_diff(const cJSON *before, const cJSON *after, merge_change **out)
{
    return merge_diff(before, after, out);
}

/* ---- the PUT body: only what changed, in the update's own field names ---- */

static void put_id(cJSON *body, const char *key, const cJSON *ref)
{
    char id[CONN_ID_MAX];
    cJSON *n = rebillia_json_id(member(ref, "id"), id, sizeof id) ? rebillia_id_number(id) : NULL;
    if (n)
        cJSON_AddItemToObject(body, key, n);
}

static cJSON *put_detail(const cJSON *detail)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *l;
    cJSON_ArrayForEach(l, detail)
    {
        cJSON *it = cJSON_CreateObject();
        static const char *const keep[] = {"description", "qty", "amount"};
        for (size_t i = 0; i < 3; i++) {
            const cJSON *v = member(l, keep[i]);
            if (v)
                cJSON_AddItemToObject(it, keep[i], cJSON_Duplicate(v, 1));
        }
        cJSON_AddItemToArray(out, it);
    }
    return out;
}

static cJSON *put_address(const cJSON *a)
{
    static const char *const keep[] = {"contactName",  "street1",       "street2", "city",
                                       "state",        "zip",           "type",    "contactEmail",
                                       "contactPhone", "contactCompany"};
    cJSON *out = cJSON_CreateObject();
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        const cJSON *v = member(a, keep[i]);
        if (v)
            cJSON_AddItemToObject(out, keep[i], cJSON_Duplicate(v, 1));
    }
    const cJSON *c = member(a, "country");
    const char *code = rebillia_str(c, "alpha2Code");
    char id[CONN_ID_MAX];
    const char *cid = code ? rebillia_cache_country(code)
                      : rebillia_json_id(member(c, "id"), id, sizeof id) ? id
                                                                         : NULL;
    cJSON *n = rebillia_id_number(cid);
    if (n)
        cJSON_AddItemToObject(out, "countryId", n);
    return out;
}

cJSON *rebillia_update_body(const cJSON *merged, const cJSON *stored)
{
    /* Always an object, {} when nothing changed: a PUT without a body makes the server fail. */
    cJSON *body = cJSON_CreateObject();
    if (!body)
        return NULL;
    static const char *const plain[] = {"customerEmail", "customerName",  "customerPhone",
                                        "dateDue",       "dateFrom",      "dateTo",
                                        "comments",      "shippingAmount"};
    if (!merge_equal(member(merged, "customer"), member(stored, "customer"))) {
        put_id(body, "customerId", member(merged, "customer"));
        /* A payment method belongs to one customer: the new customer's goes with it. */
        char cid[CONN_ID_MAX];
        cJSON *pm = rebillia_json_id(member(member(merged, "customer"), "id"), cid, sizeof cid)
                        ? rebillia_id_number(rebillia_cache_method_of(cid))
                        : NULL;
        if (pm)
            cJSON_AddItemToObject(body, "paymentMethodId", pm);
    }
    if (!merge_equal(member(merged, "companyGateway"), member(stored, "companyGateway")))
        put_id(body, "companyGatewayId", member(merged, "companyGateway"));
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        const cJSON *v = member(merged, plain[i]);
        if (v && !merge_equal(v, member(stored, plain[i])))
            cJSON_AddItemToObject(body, plain[i], cJSON_Duplicate(v, 1));
    }
    const cJSON *d = member(merged, "detail");
    if (cJSON_IsArray(d) && !merge_equal(d, member(stored, "detail")))
        cJSON_AddItemToObject(body, "detail", put_detail(d));
    const cJSON *s = member(merged, "shippingAddress");
    if (cJSON_IsObject(s) && !merge_equal(s, member(stored, "shippingAddress")))
        cJSON_AddItemToObject(body, "shippingAddress", put_address(s));
    return body;
}
