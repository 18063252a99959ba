/* An invoice's line items under POST, PUT and PATCH: ids kept, added and removed as BILL's
 * replace-invoice reference says, amount = quantity × price computed exactly (model/money.h) and
 * rounded half away from zero to cents, and the invoice's totals. */
#include "sandbox/bill/bill.h"
#include "util/common.h"

#include <string.h>

static cJSON *find_line(const cJSON *lines, const char *id)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, lines)
    {
        const cJSON *lid = cJSON_GetObjectItemCaseSensitive(l, "id");
        if (cJSON_IsString(lid) && strcmp(lid->valuestring, id) == 0)
            return (cJSON *)l;
    }
    return NULL;
}

/* The value of `name` in the given line when there, else in the base line (PATCH keeps what is not
 * given; PUT gives no base). */
static const cJSON *pick(const cJSON *given, const cJSON *base, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(given, name);
    return v ? v : cJSON_GetObjectItemCaseSensitive(base, name);
}

/* Builds one line in BILL's field order; NULL with problems added. */
static cJSON *make_line(const char *id, const cJSON *given, const cJSON *base, int i,
                        money_t *amount, bill_problems *p)
{
    const cJSON *q = pick(given, base, "quantity"), *pr = pick(given, base, "price");
    const cJSON *desc = pick(given, base, "description"), *tax = pick(given, base, "taxable");
    const cJSON *cls = pick(given, base, "classifications");
    int before = p->n;
    money_t qty = MONEY_SCALE, price = 0;
    if (q && !cJSON_IsNull(q) && !bill_json_money_value(q, &qty))
        bill_problem(p, "invoiceLineItems[%d].quantity: must be a number with at most 4 decimals",
                     i);
    if (!pr || cJSON_IsNull(pr))
        bill_problem(p, "invoiceLineItems[%d].price: must not be null", i);
    else if (!bill_json_money_value(pr, &price))
        bill_problem(p, "invoiceLineItems[%d].price: must be a number with at most 4 decimals", i);
    if (desc && !cJSON_IsNull(desc) &&
        (!cJSON_IsString(desc) || desc->valuestring[0] == BILL_NUM_MARK))
        bill_problem(p, "invoiceLineItems[%d].description: must be a string", i);
    if (tax && !cJSON_IsNull(tax) && !cJSON_IsBool(tax))
        bill_problem(p, "invoiceLineItems[%d].taxable: must be true or false", i);
    if (cls && !cJSON_IsNull(cls) && !cJSON_IsObject(cls))
        bill_problem(p, "invoiceLineItems[%d].classifications: must be an object", i);
    money_t exact;
    if (p->n == before && (!money_mul(qty, price, &exact) || !money_round_places(exact, 2, amount)))
        bill_problem(p, "invoiceLineItems[%d]: quantity × price is too large", i);
    if (p->n != before)
        return NULL;
    cJSON *line = cJSON_CreateObject();
    cJSON_AddStringToObject(line, "id", id);
    if (cJSON_IsString(desc) && desc->valuestring[0])
        cJSON_AddStringToObject(line, "description", desc->valuestring);
    cJSON_AddItemToObject(line, "quantity", bill_json_money(qty));
    cJSON_AddItemToObject(line, "price", bill_json_money(price));
    cJSON_AddItemToObject(line, "amount", bill_json_money(*amount));
    if (cJSON_IsBool(tax))
        cJSON_AddBoolToObject(line, "taxable", cJSON_IsTrue(tax));
    if (cJSON_IsObject(cls) && cls->child)
        cJSON_AddItemToObject(line, "classifications", cJSON_Duplicate(cls, 1));
    return line;
}

void bill_lines_apply(bill_state *b, cJSON *doc, const cJSON *given, bool replace, bill_problems *p)
{
    const cJSON *old = cJSON_GetObjectItemCaseSensitive(doc, "invoiceLineItems");
    cJSON *lines = cJSON_CreateArray();
    money_t total = 0;
    bool overflow = false;
    /* PATCH: the lines not named stay, in their place; named ones are changed there. */
    if (!replace && old) {
        const cJSON *l;
        cJSON_ArrayForEach(l, old) cJSON_AddItemToArray(lines, cJSON_Duplicate(l, 1));
    }
    int i = 0;
    const cJSON *g;
    cJSON_ArrayForEach(g, given)
    {
        if (!cJSON_IsObject(g)) {
            bill_problem(p, "invoiceLineItems[%d]: must be an object", i++);
            continue;
        }
        const cJSON *gid = cJSON_GetObjectItemCaseSensitive(g, "id");
        const cJSON *base = NULL;
        char id[BILL_ID_LEN + 1];
        if (gid && !cJSON_IsNull(gid)) {
            if (!cJSON_IsString(gid) || !(base = find_line(old, gid->valuestring))) {
                bill_problem(p, "invoiceLineItems[%d].id: no line item '%.40s' on this invoice", i,
                             cJSON_IsString(gid) ? gid->valuestring : "?");
                i++;
                continue;
            }
            snprintf(id, sizeof id, "%s", gid->valuestring);
        } else {
            bill_new_id(b, "00f", "line", id);
        }
        money_t amount;
        cJSON *line = make_line(id, g, replace ? NULL : base, i, &amount, p);
        if (line) {
            cJSON *there = replace ? NULL : find_line(lines, id);
            if (there)
                cJSON_ReplaceItemViaPointer(lines, there, line);
            else
                cJSON_AddItemToArray(lines, line);
        }
        i++;
    }
    const cJSON *l;
    cJSON_ArrayForEach(l, lines)
    {
        money_t a = 0;
        bill_json_money_value(cJSON_GetObjectItemCaseSensitive(l, "amount"), &a);
        overflow |= !money_add(total, a, &total);
    }
    if (overflow)
        bill_problem(p, "invoiceLineItems: the total is too large");
    cJSON_DeleteItemFromObjectCaseSensitive(doc, "invoiceLineItems");
    cJSON_AddItemToObject(doc, "invoiceLineItems", lines);
    cJSON_DeleteItemFromObjectCaseSensitive(doc, "totalAmount");
    cJSON_DeleteItemFromObjectCaseSensitive(doc, "dueAmount");
    cJSON_AddItemToObject(doc, "totalAmount", bill_json_money(total));
    cJSON_AddItemToObject(doc, "dueAmount", bill_json_money(total));
}
