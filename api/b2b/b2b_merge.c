/* B2B Edition's merge rule and update body: see b2b_merge.h. */
#include "api/b2b/b2b_merge.h"

#include "api/merge.h"
#include "model/money.h"
#include "util/common.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cJSON reports allocation failure as NULL; like xmalloc, stop with the internal-error code. */
static cJSON *must(cJSON *j)
{
    if (!j) {
        fputs("invoicectl: error: out of memory\n", stderr);
        exit(IC_EXIT_INTERNAL);
    }
    return j;
}

/* The shortest text that reads back as the same double, as cJSON prints numbers. */
static void number_text(const cJSON *n, char *buf, size_t bufsize)
{
    double d = n->valuedouble;
    snprintf(buf, bufsize, "%1.15g", d);
    if (strtod(buf, NULL) != d)
        snprintf(buf, bufsize, "%1.17g", d);
}

/* extraFields is a list of {fieldName, fieldValue}: the CSV's fields replace the stored ones of the
 * same name, and the stored fields it does not name are kept (the store may carry extra fields the
 * mapping does not know). */
static cJSON *merge_extra_fields(const cJSON *stored, const cJSON *body)
{
    cJSON *out = must(cJSON_Duplicate(stored, 1));
    const cJSON *b;
    cJSON_ArrayForEach(b, body)
    {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "fieldName"));
        int at = -1, k = 0;
        const cJSON *o;
        cJSON_ArrayForEach(o, out)
        {
            const char *n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "fieldName"));
            if (name && n && strcmp(n, name) == 0) {
                at = k;
                break;
            }
            k++;
        }
        cJSON *put = must(cJSON_Duplicate(b, 1));
        if (at >= 0)
            cJSON_ReplaceItemInArray(out, at, put);
        else
            cJSON_AddItemToArray(out, put);
    }
    return out;
}

static cJSON *merge_objects(const cJSON *stored, const cJSON *body, bool top)
{
    cJSON *out = must(cJSON_IsObject(stored) ? cJSON_Duplicate(stored, 1) : cJSON_CreateObject());
    if (!cJSON_IsObject(body))
        return out;
    /* issuedAt is the creation time: the API answers it as createdAt and keeps it on updates, so
     * for an invoice that exists it is neither compared nor sent. */
    bool skip_issued = top && cJSON_GetObjectItemCaseSensitive(out, "createdAt") &&
                       !cJSON_GetObjectItemCaseSensitive(out, "issuedAt");
    const cJSON *b;
    cJSON_ArrayForEach(b, body)
    {
        if (skip_issued && strcmp(b->string, "issuedAt") == 0)
            continue;
        cJSON *have = cJSON_GetObjectItemCaseSensitive(out, b->string);
        cJSON *put;
        if (cJSON_IsObject(b) && cJSON_IsObject(have))
            put = merge_objects(have, b, false);
        else if (top && strcmp(b->string, "extraFields") == 0 && cJSON_IsArray(b) &&
                 cJSON_IsArray(have))
            put = merge_extra_fields(have, b);
        else
            put = must(cJSON_Duplicate(b, 1));
        if (have)
            cJSON_ReplaceItemInObjectCaseSensitive(out, b->string, put);
        else
            cJSON_AddItemToObject(out, b->string, put);
    }
    return out;
}

cJSON *b2b_merge_invoice(const cJSON *stored, const cJSON *body)
{
    return merge_objects(stored, body, true);
}

static const char *const read_only_keys[] = {"id",           "createdAt",        "updatedAt",
                                             "customerName", "isPendingPayment", "channelName"};

cJSON *b2b_put_body(const cJSON *merged)
{
    cJSON *out = must(cJSON_Duplicate(merged, 1));
    for (size_t i = 0; i < IC_ARRAY_LEN(read_only_keys); i++)
        cJSON_DeleteItemFromObjectCaseSensitive(out, read_only_keys[i]);
    /* The Update schema wants at least one character in its top-level strings (customerId,
     * externalId, externalCustomerId, invoiceNumber, type, purchaseOrderNumber) and no nulls: a
     * field the store holds empty (the API answers "" for what the create left out) is left out,
     * which keeps it as it is.  (The mapping never produces an empty top-level string: a blank
     * cell is "not given".  So an empty one here is the store's.)  Inside details nothing is
     * dropped: the API's docs say to send its answer back whole. */
    cJSON *it = out->child;
    while (it) {
        cJSON *next = it->next;
        if (cJSON_IsNull(it) || (cJSON_IsString(it) && (!it->valuestring || !it->valuestring[0])))
            cJSON_Delete(cJSON_DetachItemViaPointer(out, it));
        it = next;
    }
    /* Balances: the Update schema takes their value as a string, written as the API writes
     * amounts, with 4 decimals ("12.0000"); the CSV's exact numbers and the store's strings
     * alike. */
    static const char *const balances[] = {"originalBalance", "openBalance"};
    for (size_t i = 0; i < IC_ARRAY_LEN(balances); i++) {
        cJSON *b = cJSON_GetObjectItemCaseSensitive(out, balances[i]);
        cJSON *v = cJSON_GetObjectItemCaseSensitive(b, "value");
        char text[MONEY_MAX_TEXT];
        if ((cJSON_IsString(v) || cJSON_IsRaw(v)) &&
            merge_decimal_at4(v->valuestring, text, sizeof text))
            cJSON_ReplaceItemInObjectCaseSensitive(b, "value", must(cJSON_CreateString(text)));
        else if (cJSON_IsNumber(v)) {
            char num[64];
            number_text(v, num, sizeof num);
            if (merge_decimal_at4(num, text, sizeof text))
                cJSON_ReplaceItemInObjectCaseSensitive(b, "value", must(cJSON_CreateString(text)));
        }
    }
    /* channelId comes back as a string ("1") but is an integer in requests. */
    cJSON *ch = cJSON_GetObjectItemCaseSensitive(out, "channelId");
    char digits[64];
    if (cJSON_IsString(ch) && merge_decimal_canon(ch->valuestring, digits, sizeof digits) &&
        !strchr(digits, '.') && digits[0] != '-')
        cJSON_ReplaceItemInObjectCaseSensitive(out, "channelId", must(cJSON_CreateRaw(digits)));
    return out;
}

bool b2b_body_matches(const cJSON *stored, const cJSON *body)
{
    cJSON *merged = b2b_merge_invoice(stored, body);
    bool eq = merge_equal(stored, merged);
    cJSON_Delete(merged);
    return eq;
}

/* The API's own rule, applied on every create and update: status becomes 2 (completed) when the
 * open balance is <= 0 (a paid invoice, a credit note).  The merged invoice is what the store
 * would hold after the update, so it gets the same rule; otherwise a mapping that sends status 0
 * for a credit note would plan an update on every run, which the API would undo each time. */
static void settle_like_api(cJSON *merged)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(merged, "openBalance"), "value");
    bool settled;
    if (cJSON_IsString(v) || cJSON_IsRaw(v)) {
        money_t open;
        if (!v->valuestring ||
            money_parse(v->valuestring, strlen(v->valuestring), '.', &open) != MONEY_OK)
            return;
        settled = open <= 0;
    } else if (cJSON_IsNumber(v)) {
        settled = v->valuedouble <= 0; /* only the sign is used */
    } else {
        return;
    }
    if (settled && cJSON_GetObjectItemCaseSensitive(merged, "status"))
        cJSON_ReplaceItemInObjectCaseSensitive(merged, "status", must(cJSON_CreateNumber(2)));
}

cJSON *b2b_merge_as_stored(const cJSON *stored, const cJSON *body)
{
    cJSON *merged = b2b_merge_invoice(stored, body);
    settle_like_api(merged);
    return merged;
}

/* Replace mode: the invoice's lists (line items, cost lines, shipping addresses, extra fields)
 * are the body's whole, also when the body has none, so the stored ones it lacks are dropped; what
 * the API fills in itself inside details (its type, the order date, empty addresses) is kept, or
 * every later run would find it changed. */
static const char *const replaced_lists[][3] = {{"details", "details", "lineItems"},
                                                {"details", "header", "costLines"},
                                                {"details", "header", "shippingAddresses"},
                                                {"extraFields", NULL, NULL}};

cJSON *b2b_replace_invoice(const cJSON *stored, const cJSON *body)
{
    cJSON *out = b2b_merge_invoice(stored, body);
    for (size_t i = 0; i < IC_ARRAY_LEN(replaced_lists); i++) {
        const char *const *path = replaced_lists[i];
        const cJSON *b = body;
        cJSON *o = out;
        size_t depth = path[1] ? (path[2] ? 3 : 2) : 1;
        for (size_t k = 0; k + 1 < depth; k++) {
            b = cJSON_GetObjectItemCaseSensitive(b, path[k]);
            o = cJSON_GetObjectItemCaseSensitive(o, path[k]);
        }
        const char *key = path[depth - 1];
        /* the body's own list is already in place (the merge replaces lists); one it lacks empties
         * the stored one */
        if (!cJSON_GetObjectItemCaseSensitive(b, key) &&
            cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(o, key)))
            cJSON_ReplaceItemInObjectCaseSensitive(o, key, must(cJSON_CreateArray()));
    }
    settle_like_api(out);
    return out;
}
