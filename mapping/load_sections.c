/* The sections of mapping_load that describe the invoice: the invoice's fields, its addresses and
 * extra fields, line items, cost lines (column and row forms) and the "when" that tells rows apart.
 * Each field is checked on its own, so that one error does not hide the next. */
#include "mapping/load_internal.h"
#include "model/target.h"
#include "util/common.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const field_def inv_field_defs[IF__COUNT] = {
    [IF_INVOICE_NUMBER] = {"invoiceNumber", TK_STRING, 1, 0},
    [IF_CUSTOMER_ID] = {"customerId", TK_STRING, 1, 0},
    [IF_EXTERNAL_ID] = {"externalId", TK_STRING, 1, 0},
    [IF_EXTERNAL_CUSTOMER_ID] = {"externalCustomerId", TK_STRING, 1, 0},
    [IF_TYPE] = {"type", TK_STRING, 1, 0},
    [IF_STATUS] = {"status", TK_INTEGER, 0, 2},
    [IF_SOURCE] = {"source", TK_INTEGER, 0, 1},
    [IF_ORDER_NUMBER] = {"orderNumber", TK_STRING, 1, 0},
    [IF_PO_NUMBER] = {"purchaseOrderNumber", TK_STRING, 1, 0},
    [IF_TERMS] = {"termsConditions", TK_STRING, 1, 0},
    [IF_PDF_URL] = {"externalPdfUrl", TK_STRING, 1, 0},
    [IF_CHANNEL_ID] = {"channelId", TK_INTEGER, 0, 2147483647},
    [IF_CURRENCY] = {"currency", TK_CURRENCY, 1, 0},
    [IF_ORIGINAL_BALANCE] = {"originalBalance", TK_MONEY, 1, 0},
    [IF_OPEN_BALANCE] = {"openBalance", TK_MONEY, 1, 0},
    [IF_DUE_DATE] = {"dueDate", TK_DATE, 1, 0},
    [IF_ISSUED_AT] = {"issuedAt", TK_DATE, 1, 0},
    [IF_CUSTOMER_NAME] = {"customerName", TK_STRING, 1, 0},
    [IF_CUSTOMER_EMAIL] = {"customerEmail", TK_STRING, 1, 0},
};

const char *const addr_field_names[AF__COUNT] = {
    [AF_FIRST_NAME] = "firstName", [AF_LAST_NAME] = "lastName", [AF_STREET1] = "street1",
    [AF_STREET2] = "street2",      [AF_CITY] = "city",          [AF_STATE] = "state",
    [AF_ZIP] = "zipCode",          [AF_COUNTRY] = "country",
};

const field_def li_field_defs[LF__COUNT] = {
    [LF_SKU] = {"sku", TK_STRING, 1, 0},
    [LF_DESCRIPTION] = {"description", TK_STRING, 1, 0},
    [LF_QUANTITY] = {"quantity", TK_DECIMAL, 1, 0},
    [LF_UNIT_PRICE] = {"unitPrice", TK_MONEY, 1, 0},
    [LF_UNIT_DISCOUNT] = {"unitDiscount", TK_MONEY, 1, 0},
    [LF_TYPE] = {"type", TK_STRING, 1, 0},
    [LF_COMMENTS] = {"comments", TK_STRING, 1, 0},
};

static int parse_address(lctx *c, const cJSON *j, const char *path, const char *name, addr_spec *a)
{
    if (!cJSON_IsObject(j))
        return load_fail(c, path, "expected an object with %s",
                         "firstName, lastName, street1, street2, city, "
                         "state, zipCode and country");
    int rc = check_keys(c, j, path, addr_field_names, AF__COUNT, false);
    a->present = true;
    /* All the missing fields in one message (a misspelt one was reported by check_keys). */
    char missing[256];
    size_t used = 0, nmissing = 0;
    missing[0] = '\0';
    for (int i = 0; i < AF__COUNT; i++)
        if (!cJSON_GetObjectItemCaseSensitive(j, addr_field_names[i]) &&
            !misspelt(j, addr_field_names[i], addr_field_names, AF__COUNT) && used < sizeof missing)
            used += (size_t)snprintf(missing + used, sizeof missing - used, "%s'%s'",
                                     nmissing++ ? ", " : "", addr_field_names[i]);
    if (nmissing)
        rc = load_fail(
            c, path,
            "missing %s (the API needs all 8 address fields; use {\"value\": \"\"} for an "
            "empty one)",
            missing);
    for (const cJSON *v = j->child; v; v = v->next) {
        int i;
        for (i = 0; i < AF__COUNT; i++)
            if (strcmp(v->string, addr_field_names[i]) == 0)
                break;
        if (i == AF__COUNT || a->f[i].path)
            continue; /* unknown or repeated: reported by check_keys */
        char p[PATH_MAX_LEN], n[PATH_MAX_LEN];
        join_path(p, path, addr_field_names[i]);
        join_path(n, name, addr_field_names[i]);
        static const field_def sdef = {"", TK_STRING, 1, 0};
        if (parse_fspec(c, v, p, n, &sdef, 0, &a->f[i])) {
            rc = IC_EXIT_USAGE;
            continue;
        }
        a->f[i].blank_is_empty = true;
    }
    return rc;
}

static int check_required_optional(lctx *c, const fspec *f)
{
    if (f->required && f->optional && !f->def) {
        char p[PATH_MAX_LEN];
        join_path(p, f->path, "optional");
        return load_fail(
            c, p, "the API requires %s, so it cannot be optional (give a \"default\" instead)",
            f->name);
    }
    return 0;
}

void address_spec_release(addr_spec *a)
{
    for (int i = 0; i < AF__COUNT; i++)
        fspec_release(&a->f[i]);
}

static int parse_when(lctx *c, const cJSON *j, const char *path, when_spec *w)
{
    static const char *const keys[] = {"column", "equals"};
    if (!cJSON_IsObject(j))
        return load_fail(
            c, path,
            "expected an object such as {\"column\": \"Line Type\", \"equals\": \"cost\"}");
    int rc = check_keys(c, j, path, keys, 2, false);
    if (rc)
        return rc;
    w->present = true;
    w->path = xstrdup(path);
    w->col = -1;
    const cJSON *col = cJSON_GetObjectItemCaseSensitive(j, "column");
    const cJSON *eq = cJSON_GetObjectItemCaseSensitive(j, "equals");
    char p[PATH_MAX_LEN];
    join_path(p, path, "column");
    if (!col)
        return load_fail(c, path, "missing \"column\"");
    if (!cJSON_IsString(col) || !*col->valuestring)
        return load_fail(c, p, "expected a column name");
    w->column = xstrdup(col->valuestring);
    join_path(p, path, "equals");
    if (!eq)
        return load_fail(c, path, "missing \"equals\"");
    if (cJSON_IsArray(eq)) {
        if (!eq->child)
            return load_fail(c, p, "empty list");
        for (const cJSON *e = eq->child; e; e = e->next) {
            char *t = scalar_text(e);
            if (!t)
                return load_fail(c, p, "expected strings, got %s", json_kind(e));
            w->equals = xrealloc(w->equals, (w->nequals + 1) * sizeof *w->equals);
            w->equals[w->nequals++] = t;
        }
    } else {
        char *t = scalar_text(eq);
        if (!t)
            return load_fail(c, p, "expected a string or a list of strings, got %s", json_kind(eq));
        w->equals = xmalloc(sizeof *w->equals);
        w->equals[0] = t;
        w->nequals = 1;
    }
    return 0;
}

void when_release(when_spec *w)
{
    free(w->path);
    free(w->column);
    for (size_t i = 0; i < w->nequals; i++)
        free(w->equals[i]);
    free(w->equals);
    memset(w, 0, sizeof *w);
}

static const field_def cost_desc_def = {"description", TK_STRING, 1, 0};

static const field_def cost_amount_def = {"amount", TK_MONEY, 1, 0};

static int parse_cost(lctx *c, const cJSON *j, const char *path, const char *name, bool row_form,
                      cost_spec *cs)
{
    char p[PATH_MAX_LEN], n[PATH_MAX_LEN];
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "description");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "amount");
    int rc = 0;
    static const char *const keys[] = {"when", "description", "amount"};
    if (!d && !misspelt(j, "description", keys, 3))
        rc = load_fail(c, path,
                       "missing \"description\" (the API requires it; use {\"value\": \"Freight\"} "
                       "for a fixed text)");
    if (!a && !misspelt(j, "amount", keys, 3))
        rc = load_fail(c, path, "missing \"amount\"");
    if (!d || !a) {
        /* The other half can still be checked. */
        if (d && !(!row_form && cJSON_IsString(d))) {
            join_path(p, path, "description");
            join_path(n, name, "description");
            parse_fspec(c, d, p, n, &cost_desc_def, 0, &cs->description);
        }
        if (a) {
            join_path(p, path, "amount");
            join_path(n, name, "amount");
            parse_fspec(c, a, p, n, &cost_amount_def, row_form ? 0 : ALLOW_COMPUTE, &cs->amount);
        }
        return rc;
    }
    join_path(p, path, "description");
    join_path(n, name, "description");
    if (!row_form && cJSON_IsString(d)) {
        /* In the column form a bare description is the line's fixed text ("Freight"), as in the
         * contract's example; {"column": …} reads it from a column. */
        memset(&cs->description, 0, sizeof cs->description);
        cs->description.path = xstrdup(p);
        cs->description.name = xstrdup(n);
        cs->description.src = SRC_VALUE;
        cs->description.value = xstrdup(d->valuestring);
        cs->description.col = -1;
        if (!*d->valuestring)
            rc = load_fail(c, p, "empty description");
    } else if (parse_fspec(c, d, p, n, &cost_desc_def, 0, &cs->description)) {
        rc = IC_EXIT_USAGE;
    } else {
        cs->description.required = true;
        if (check_required_optional(c, &cs->description))
            rc = IC_EXIT_USAGE;
    }
    join_path(p, path, "amount");
    join_path(n, name, "amount");
    /* An optional amount left blank drops that cost line (no freight on this invoice). */
    if (parse_fspec(c, a, p, n, &cost_amount_def, row_form ? 0 : ALLOW_COMPUTE, &cs->amount))
        rc = IC_EXIT_USAGE;
    return rc;
}

/* billingAddress, shippingAddresses and extraFields of the invoice object. */
static int parse_invoice_part(lctx *c, const cJSON *v)
{
    mapping *m = c->m;
    int rc = 0;
    if ((strcmp(v->string, "billingAddress") == 0 && m->billing.present) ||
        (strcmp(v->string, "shippingAddresses") == 0 && m->shipping) ||
        (strcmp(v->string, "extraFields") == 0 && m->extra))
        return 0; /* given twice: reported by check_keys */
    const cJSON *b = strcmp(v->string, "billingAddress") == 0 ? v : NULL;
    if (b && (rc = parse_address(c, b, "invoice.billingAddress", "billingAddress", &m->billing)))
        return rc;
    const cJSON *s = strcmp(v->string, "shippingAddresses") == 0 ? v : NULL;
    if (s) {
        if (cJSON_IsObject(s)) {
            m->shipping = xcalloc(1, sizeof *m->shipping);
            m->n_shipping = 1;
            rc = parse_address(c, s, "invoice.shippingAddresses", "shippingAddresses",
                               &m->shipping[0]);
            if (rc)
                return rc;
        } else if (cJSON_IsArray(s)) {
            int n = cJSON_GetArraySize(s);
            m->shipping = xcalloc(n ? (size_t)n : 1, sizeof *m->shipping);
            int i = 0;
            for (const cJSON *e = s->child; e; e = e->next, i++) {
                char p[PATH_MAX_LEN], nm[PATH_MAX_LEN];
                snprintf(p, sizeof p, "invoice.shippingAddresses[%d]", i);
                snprintf(nm, sizeof nm, "shippingAddresses[%d]", i);
                m->n_shipping = (size_t)i + 1;
                if (parse_address(c, e, p, nm, &m->shipping[i]))
                    rc = IC_EXIT_USAGE; /* each address is checked on its own */
            }
        } else {
            return load_fail(c, "invoice.shippingAddresses",
                             "expected an address object or a list of them, got %s", json_kind(s));
        }
    }
    const cJSON *x = strcmp(v->string, "extraFields") == 0 ? v : NULL;
    if (x) {
        if (!cJSON_IsObject(x))
            return load_fail(
                c, "invoice.extraFields",
                "expected an object of field name to column, such as {\"Region\": \"Sales "
                "Region\"}");
        int n = cJSON_GetArraySize(x);
        m->extra = xcalloc(n ? (size_t)n : 1, sizeof *m->extra);
        strmap seen;
        strmap_init(&seen);
        for (const cJSON *e = x->child; e; e = e->next) {
            char p[PATH_MAX_LEN], nm[PATH_MAX_LEN];
            join_path(p, "invoice.extraFields", e->string);
            if (seen_before(&seen, e->string)) {
                rc = load_fail(c, p, "given twice");
                continue;
            }
            if (!*e->string) {
                rc = load_fail(c, "invoice.extraFields", "empty field name");
                continue;
            }
            join_path(nm, "extraFields", e->string);
            extra_spec *es = &m->extra[m->n_extra++];
            es->name = xstrdup(e->string);
            static const field_def xdef = {"", TK_STRING, 1, 0};
            if (parse_fspec(c, e, p, nm, &xdef, 0, &es->f))
                rc = IC_EXIT_USAGE;
        }
        strmap_release(&seen);
    }
    return rc;
}

int parse_invoice(lctx *c, const cJSON *j)
{
    mapping *m = c->m;
    const char *keys[IF__COUNT + 3];
    for (int i = 0; i < IF__COUNT; i++)
        keys[i] = inv_field_defs[i].name;
    keys[IF__COUNT] = "billingAddress";
    keys[IF__COUNT + 1] = "shippingAddresses";
    keys[IF__COUNT + 2] = "extraFields";
    if (!cJSON_IsObject(j))
        return load_fail(c, "invoice", "expected an object, got %s", json_kind(j));
    /* Each field is checked on its own, so one bad field does not hide the next. */
    int rc = check_keys(c, j, "invoice", keys, IC_ARRAY_LEN(keys), false);
    /* In the file's order, so that export writes columns in the order the user wrote them. */
    for (const cJSON *v = j->child; v; v = v->next) {
        int i;
        for (i = 0; i < IF__COUNT; i++)
            if (strcmp(v->string, inv_field_defs[i].name) == 0)
                break;
        if (i == IF__COUNT) {
            if (parse_invoice_part(c, v))
                rc = IC_EXIT_USAGE;
            continue;
        }
        if (m->inv[i].path)
            continue; /* given twice: reported by check_keys */
        char p[PATH_MAX_LEN];
        join_path(p, "invoice", inv_field_defs[i].name);
        bool balance = i == IF_ORIGINAL_BALANCE || i == IF_OPEN_BALANCE;
        if (parse_fspec(c, v, p, inv_field_defs[i].name, &inv_field_defs[i],
                        balance ? ALLOW_COMPUTE : 0, &m->inv[i])) {
            rc = IC_EXIT_USAGE;
            continue;
        }
        m->inv[i].required = target_requires(m->target, inv_field_defs[i].name);
        if (check_required_optional(c, &m->inv[i]))
            rc = IC_EXIT_USAGE;
    }
    static const int required[] = {IF_INVOICE_NUMBER, IF_CUSTOMER_ID, IF_ORIGINAL_BALANCE,
                                   IF_OPEN_BALANCE};
    for (size_t i = 0; i < IC_ARRAY_LEN(required); i++) {
        const char *name = inv_field_defs[required[i]].name;
        if (!target_requires(m->target, name) || cJSON_GetObjectItemCaseSensitive(j, name) ||
            misspelt(j, name, keys, IC_ARRAY_LEN(keys)))
            continue;
        char p[PATH_MAX_LEN];
        join_path(p, "invoice", name);
        rc = load_fail(c, p, "missing (the API requires it)");
    }
    return rc;
}

int parse_cost_lines(lctx *c, const cJSON *j)
{
    mapping *m = c->m;
    int rc = 0;
    if (cJSON_IsArray(j)) {
        int n = cJSON_GetArraySize(j);
        m->costs = xcalloc(n ? (size_t)n : 1, sizeof *m->costs);
        int i = 0;
        for (const cJSON *e = j->child; e; e = e->next, i++) {
            char p[PATH_MAX_LEN];
            snprintf(p, sizeof p, "costLines[%d]", i);
            static const char *const keys[] = {"description", "amount"};
            m->n_costs = (size_t)i + 1;
            /* Each cost line is checked on its own. */
            if (!cJSON_IsObject(e)) {
                rc = load_fail(c, p,
                               "expected an object with \"description\" and \"amount\", got %s",
                               json_kind(e));
                continue;
            }
            if (check_keys(c, e, p, keys, 2, false))
                rc = IC_EXIT_USAGE;
            if (parse_cost(c, e, p, p, false, &m->costs[i]))
                rc = IC_EXIT_USAGE;
        }
        return rc;
    }
    if (cJSON_IsObject(j)) {
        static const char *const keys[] = {"when", "description", "amount"};
        rc = check_keys(c, j, "costLines", keys, 3, false);
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(j, "when");
        if (!w && !misspelt(j, "when", keys, 3))
            rc = load_fail(
                c, "costLines",
                "the row form needs \"when\" to tell cost rows from line-item rows, such as "
                "{\"column\": \"Line Type\", \"equals\": \"cost\"}; for cost lines from columns "
                "write a list");
        if (w && parse_when(c, w, "costLines.when", &m->cost_when))
            rc = IC_EXIT_USAGE;
        m->cost_rows = true;
        if (parse_cost(c, j, "costLines", "costLines", true, &m->cost_row))
            rc = IC_EXIT_USAGE;
        return rc;
    }
    return load_fail(c, "costLines",
                     "expected a list of {\"description\", \"amount\"} or a row form with "
                     "\"when\", got %s",
                     json_kind(j));
}

int parse_line_items(lctx *c, const cJSON *j)
{
    mapping *m = c->m;
    const char *keys[LF__COUNT + 1];
    for (int i = 0; i < LF__COUNT; i++)
        keys[i] = li_field_defs[i].name;
    keys[LF__COUNT] = "when";
    if (!cJSON_IsObject(j))
        return load_fail(c, "lineItems", "expected an object, got %s", json_kind(j));
    int rc = check_keys(c, j, "lineItems", keys, IC_ARRAY_LEN(keys), false);
    m->has_items = true;
    for (const cJSON *v = j->child; v; v = v->next) {
        int i;
        for (i = 0; i < LF__COUNT; i++)
            if (strcmp(v->string, li_field_defs[i].name) == 0)
                break;
        if (i == LF__COUNT || m->item[i].path)
            continue; /* "when", unknown, or given twice */
        char p[PATH_MAX_LEN];
        join_path(p, "lineItems", li_field_defs[i].name);
        if (parse_fspec(c, v, p, p, &li_field_defs[i], i == LF_UNIT_DISCOUNT ? ALLOW_PERCENT : 0,
                        &m->item[i])) {
            rc = IC_EXIT_USAGE;
            continue;
        }
        char rq[64];
        snprintf(rq, sizeof rq, "lineItems.%s", li_field_defs[i].name);
        m->item[i].required = target_requires(m->target, rq);
        if (check_required_optional(c, &m->item[i]))
            rc = IC_EXIT_USAGE;
    }
    static const int required[] = {LF_SKU, LF_QUANTITY, LF_UNIT_PRICE};
    for (size_t i = 0; i < IC_ARRAY_LEN(required); i++) {
        const char *name = li_field_defs[required[i]].name;
        char rq[64];
        snprintf(rq, sizeof rq, "lineItems.%s", name);
        if (!target_requires(m->target, rq) || cJSON_GetObjectItemCaseSensitive(j, name) ||
            misspelt(j, name, keys, IC_ARRAY_LEN(keys)))
            continue;
        char p[PATH_MAX_LEN];
        join_path(p, "lineItems", name);
        rc = load_fail(c, p, "missing (the API requires it for each line item)");
    }
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(j, "when");
    if (w && parse_when(c, w, "lineItems.when", &m->item_when))
        rc = IC_EXIT_USAGE;
    return rc;
}
