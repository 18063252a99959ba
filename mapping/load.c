/* mapping_load: reads the mapping file with cJSON and checks every key, field form, type, format,
 * zone and currency before any row is read.  Each error names the JSON path
 * ("invoice.dueDate.format"). */
#include "mapping/load_internal.h"
#include "mapping/lookup.h"
#include "mapping/mapping_internal.h"
#include "model/date.h"
#include "util/common.h"
#include "util/log.h"
#include "util/strmap.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
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

/* fail for skip.c, which formats its own messages. */
static int fail_cb(void *ctx, const char *path, const char *msg)
{
    return load_fail(ctx, path, "%s", msg);
}

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

static void address_spec_free(addr_spec *a)
{
    for (int i = 0; i < AF__COUNT; i++)
        fspec_free(&a->f[i]);
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

static void when_free(when_spec *w)
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
        strmap_free(&seen);
    }
    return rc;
}

static int parse_invoice(lctx *c, const cJSON *j)
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
        m->inv[i].required = i == IF_INVOICE_NUMBER || i == IF_CUSTOMER_ID || balance;
        if (check_required_optional(c, &m->inv[i]))
            rc = IC_EXIT_USAGE;
    }
    static const int required[] = {IF_INVOICE_NUMBER, IF_CUSTOMER_ID, IF_ORIGINAL_BALANCE,
                                   IF_OPEN_BALANCE};
    for (size_t i = 0; i < IC_ARRAY_LEN(required); i++) {
        const char *name = inv_field_defs[required[i]].name;
        if (cJSON_GetObjectItemCaseSensitive(j, name) ||
            misspelt(j, name, keys, IC_ARRAY_LEN(keys)))
            continue;
        char p[PATH_MAX_LEN];
        join_path(p, "invoice", name);
        rc = load_fail(c, p, "missing (the API requires it)");
    }
    return rc;
}

static int parse_cost_lines(lctx *c, const cJSON *j)
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

static int parse_line_items(lctx *c, const cJSON *j)
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
        m->item[i].required = i == LF_SKU || i == LF_QUANTITY || i == LF_UNIT_PRICE;
        if (check_required_optional(c, &m->item[i]))
            rc = IC_EXIT_USAGE;
    }
    static const int required[] = {LF_SKU, LF_QUANTITY, LF_UNIT_PRICE};
    for (size_t i = 0; i < IC_ARRAY_LEN(required); i++) {
        const char *name = li_field_defs[required[i]].name;
        if (cJSON_GetObjectItemCaseSensitive(j, name) ||
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

static int parse_locale(lctx *c, const cJSON *j)
{
    static const char *const keys[] = {"decimal", "date", "timezone", "currency"};
    mapping *m = c->m;
    if (!j)
        return 0;
    if (!cJSON_IsObject(j))
        return load_fail(c, "locale", "expected an object, got %s", json_kind(j));
    /* Each setting is checked on its own. */
    int rc = check_keys(c, j, "locale", keys, 4, false);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "decimal");
    if (d) {
        if (!cJSON_IsString(d) ||
            (strcmp(d->valuestring, ".") != 0 && strcmp(d->valuestring, ",") != 0))
            rc = load_fail(c, "locale.decimal", "expected \".\" or \",\"");
        else
            m->decimal = d->valuestring[0];
    }
    const cJSON *df = cJSON_GetObjectItemCaseSensitive(j, "date");
    if (df) {
        char why[512];
        const char *bad = NULL;
        if (!cJSON_IsString(df))
            rc = load_fail(c, "locale.date",
                           "expected a date format such as \"%%Y-%%m-%%d\", \"iso\" or \"excel\"");
        else if ((bad = date_format_problem(df->valuestring, why, sizeof why)))
            rc = load_fail(c, "locale.date", "%s", bad);
        else {
            free(m->date_format);
            m->date_format = xstrdup(df->valuestring);
        }
    }
    const cJSON *tz = cJSON_GetObjectItemCaseSensitive(j, "timezone");
    if (tz) {
        if (!cJSON_IsString(tz) || !*tz->valuestring)
            rc = load_fail(c, "locale.timezone",
                           "expected an IANA time zone name such as \"Europe/Berlin\"");
        else if (!date_zone_valid(tz->valuestring))
            rc = load_fail(c, "locale.timezone",
                           "unknown time zone '%s'; expected an IANA name such as "
                           "\"America/Chicago\" or \"UTC\"",
                           tz->valuestring);
        else {
            free(m->timezone);
            m->timezone = xstrdup(tz->valuestring);
        }
    }
    const cJSON *cur = cJSON_GetObjectItemCaseSensitive(j, "currency");
    if (cur) {
        if (!cJSON_IsString(cur) || strlen(cur->valuestring) != 3 ||
            !currency_is_iso4217(cur->valuestring))
            rc = load_fail(c, "locale.currency",
                           "expected an ISO 4217 currency code such as \"USD\", got %s%s%s",
                           cJSON_IsString(cur) ? "'" : "",
                           cJSON_IsString(cur) ? cur->valuestring : json_kind(cur),
                           cJSON_IsString(cur) ? "'" : "");
        else
            memcpy(m->currency, cur->valuestring, 4);
    }
    return rc;
}

static int parse_csv_opts(lctx *c, const cJSON *j)
{
    static const char *const keys[] = {"delimiter", "encoding"};
    mapping *m = c->m;
    if (!j)
        return 0;
    if (!cJSON_IsObject(j))
        return load_fail(c, "csv", "expected an object, got %s", json_kind(j));
    int rc = check_keys(c, j, "csv", keys, 2, false);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "delimiter");
    if (d) {
        const char *v = cJSON_IsString(d) ? d->valuestring : "";
        if (strcmp(v, "auto") == 0)
            m->csv.delimiter = 0;
        else if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
            m->csv.delimiter = '\t';
        else if (strlen(v) == 1 && strchr(",;\t|", v[0]))
            m->csv.delimiter = v[0];
        else
            rc = load_fail(c, "csv.delimiter", "expected \",\", \";\", \"\\t\", \"|\" or \"auto\"");
    }
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "encoding");
    if (e) {
        int enc = cJSON_IsString(e) ? csv_encoding_from_name(e->valuestring) : -1;
        if (enc < 0)
            rc = load_fail(c, "csv.encoding",
                           "expected \"utf-8\", \"windows-1252\" or \"latin-1\"%s%s%s",
                           cJSON_IsString(e) ? ", got '" : "",
                           cJSON_IsString(e) ? e->valuestring : "", cJSON_IsString(e) ? "'" : "");
        else
            m->csv.encoding = (enum csv_encoding)enc;
    }
    return rc;
}

static int parse_group_by(lctx *c, const cJSON *j)
{
    mapping *m = c->m;
    if (!j) {
        const fspec *inv = &m->inv[IF_INVOICE_NUMBER];
        if (inv->src == SRC_NONE)
            return 0; /* invoice.invoiceNumber is missing or wrong: that error says it all */
        if (inv->src != SRC_COLUMN)
            return load_fail(c, "group_by",
                             "missing: name the columns whose equal values make one invoice, "
                             "such as [\"Invoice Number\"]");
        m->group_by = xmalloc(sizeof *m->group_by);
        m->group_by[0] = xstrdup(inv->column);
        m->n_group = 1;
    } else if (cJSON_IsString(j) && *j->valuestring) {
        m->group_by = xmalloc(sizeof *m->group_by);
        m->group_by[0] = xstrdup(j->valuestring);
        m->n_group = 1;
    } else if (cJSON_IsArray(j)) {
        int n = cJSON_GetArraySize(j);
        if (n == 0)
            return load_fail(c, "group_by", "empty list: name at least one column");
        m->group_by = xcalloc((size_t)n, sizeof *m->group_by);
        int i = 0;
        for (const cJSON *e = j->child; e; e = e->next, i++) {
            if (!cJSON_IsString(e) || !*e->valuestring) {
                char p[64];
                snprintf(p, sizeof p, "group_by[%d]", i);
                return load_fail(c, p, "expected a column name");
            }
            m->group_by[i] = xstrdup(e->valuestring);
            m->n_group = (size_t)i + 1;
        }
    } else {
        return load_fail(c, "group_by", "expected a list of column names, got %s", json_kind(j));
    }
    m->group_cols = xmalloc(m->n_group * sizeof *m->group_cols);
    for (size_t i = 0; i < m->n_group; i++)
        m->group_cols[i] = -1;
    return 0;
}

static int parse_checks(lctx *c, const cJSON *j)
{
    static const char *const keys[] = {"totals", "tolerance"};
    if (!j)
        return 0;
    if (!cJSON_IsObject(j))
        return load_fail(c, "checks", "expected an object, got %s", json_kind(j));
    int rc = check_keys(c, j, "checks", keys, IC_ARRAY_LEN(keys), false);
    if (rc)
        return rc;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "totals");
    if (t) {
        const char *v = cJSON_IsString(t) ? t->valuestring : "";
        if (strcmp(v, "error") == 0)
            c->m->totals = TOTALS_ERROR;
        else if (strcmp(v, "warning") == 0)
            c->m->totals = TOTALS_WARNING;
        else if (strcmp(v, "off") == 0)
            c->m->totals = TOTALS_OFF;
        else
            return load_fail(c, "checks.totals", "expected \"error\", \"warning\" or \"off\"");
    }
    /* An amount written as in JSON ('.' decimals), whatever the CSV's locale: "0.01". */
    const cJSON *tol = cJSON_GetObjectItemCaseSensitive(j, "tolerance");
    if (tol) {
        char *text = cJSON_IsString(tol) || cJSON_IsNumber(tol) ? scalar_text(tol) : NULL;
        money_t v = 0;
        enum money_status st = text ? money_parse(text, strlen(text), '.', &v) : MONEY_SYNTAX;
        if (st == MONEY_OK && v < 0)
            rc = load_fail(c, "checks.tolerance",
                           "'%s' is negative; expected an amount such as \"0.01\"", text);
        else if (st != MONEY_OK)
            rc = load_fail(c, "checks.tolerance", "expected an amount such as \"0.01\", got %s%s%s",
                           text ? "'" : "", text ? text : json_kind(tol), text ? "'" : "");
        else
            c->m->tolerance = v;
        free(text);
    }
    return rc;
}

/* "rounding": {"lines": "currency"} rounds each line amount to the currency's minor unit before
 * the lines are summed (as ERPs do); "4", the default, keeps the API's 4 decimals. */
static int parse_rounding(lctx *c, const cJSON *j)
{
    static const char *const keys[] = {"lines"};
    if (!j)
        return 0;
    if (!cJSON_IsObject(j))
        return load_fail(c, "rounding",
                         "expected an object such as {\"lines\": \"currency\"}, got %s",
                         json_kind(j));
    int rc = check_keys(c, j, "rounding", keys, IC_ARRAY_LEN(keys), false);
    if (rc)
        return rc;
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(j, "lines");
    if (!l)
        return 0;
    const char *v = cJSON_IsString(l) ? l->valuestring : "";
    if (strcmp(v, "currency") == 0)
        c->m->round_lines = true;
    else if (strcmp(v, "4") == 0)
        c->m->round_lines = false;
    else
        return load_fail(c, "rounding.lines", "expected \"currency\" or \"4\", got %s%s%s",
                         cJSON_IsString(l) ? "'" : "", cJSON_IsString(l) ? v : json_kind(l),
                         cJSON_IsString(l) ? "'" : "");
    return 0;
}

static int refuse_todo(lctx *c, const cJSON *todo)
{
    char list[768];
    size_t used = 0, n = 0;
    list[0] = '\0';
    if (cJSON_IsArray(todo))
        for (const cJSON *e = todo->child; e; e = e->next, n++)
            if (cJSON_IsString(e) && used + 4 < sizeof list)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", n ? "; " : "",
                                         e->valuestring);
    if (used >= sizeof list)
        used = sizeof list - 1;
    return load_fail(c, "_todo", "the mapping is unfinished%s%s; fix %s and remove \"_todo\"",
                     n ? ": " : "", list, n == 1 ? "it" : "them");
}

/* Line and column (1-based) of a byte offset, for JSON syntax errors. */
static void offset_place(const char *text, size_t off, long *line, long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* What cJSON would accept silently or report only as "invalid JSON", found before it parses: a
 * string holding \u0000 (cJSON decodes it into a C string that ends there, so "Invoice\u0000 No"
 * would quietly become "Invoice"), a NUL byte, and nesting deeper than MAPPING_MAX_DEPTH (cJSON's
 * own limit, 1000, gives "invalid JSON").  One pass, whatever the file holds. */
enum prescan { PRESCAN_OK = 0, PRESCAN_NUL_BYTE, PRESCAN_NUL_ESCAPE, PRESCAN_TOO_DEEP };

static enum prescan json_prescan(const char *s, size_t len, size_t *at)
{
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        *at = i;
        if (ch == '\0')
            return PRESCAN_NUL_BYTE;
        if (in_string) {
            if (ch == '"') {
                in_string = false;
            } else if (ch == '\\' && i + 1 < len) {
                if (len - i >= 6 && memcmp(s + i + 1, "u0000", 5) == 0)
                    return PRESCAN_NUL_ESCAPE;
                i++; /* the escaped character, which may be a quote */
            }
            continue;
        }
        if (ch == '"') {
            in_string = true;
        } else if (ch == '{' || ch == '[') {
            if (++depth > MAPPING_MAX_DEPTH)
                return PRESCAN_TOO_DEEP;
        } else if (ch == '}' || ch == ']') {
            depth--;
        }
    }
    return PRESCAN_OK;
}

static char *read_all(const char *path, size_t *len, ic_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ic_err_set(err, IC_EXIT_IO, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > MAPPING_MAX_FILE_BYTES) {
            ic_err_set(err, IC_EXIT_USAGE,
                       "'%s' is too large for a mapping file (more than %d MiB)", path,
                       MAPPING_MAX_FILE_BYTES >> 20);
            goto fail;
        }
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        ic_err_set(err, IC_EXIT_IO, "cannot read '%s': %s", path, strerror(errno));
        goto fail;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    fclose(f);
    free(buf);
    return NULL;
}

mapping *mapping_load_all(const char *path, mapping_errors *errs, ic_err *err)
{
    static const char *const top_keys[] = {"target",    "csv",      "locale",  "group_by",
                                           "match",     "checks",   "invoice", "costLines",
                                           "lineItems", "rounding", "skip",    "fill_down"};
    mapping *m = xcalloc(1, sizeof *m);
    cJSON *root = NULL;
    size_t len = 0;
    char *text = NULL;
    lctx c = {path, err, m, errs, 0};

    m->path = xstrdup(path);
    m->decimal = '.';
    m->date_format = xstrdup("%Y-%m-%d");
    m->timezone = xstrdup("UTC");
    m->target = xstrdup("bigcommerce-b2b");
    m->match = xstrdup("invoiceNumber");
    m->csv.delimiter = ',';
    m->currency_col = -1;
    for (int i = 0; i < IF__COUNT; i++)
        m->inv[i].col = -1;

    text = read_all(path, &len, err);
    if (!text)
        goto fail;
    const char *body = text;
    if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0)
        body += 3;
    size_t bad_at = 0;
    enum prescan bad = json_prescan(body, len - (size_t)(body - text), &bad_at);
    if (bad != PRESCAN_OK) {
        long line, col;
        offset_place(body, bad_at, &line, &col);
        if (bad == PRESCAN_NUL_BYTE)
            ic_err_set(err, IC_EXIT_USAGE, "%s:%ld:%ld: a NUL byte, which JSON text cannot hold",
                       path, line, col);
        else if (bad == PRESCAN_NUL_ESCAPE)
            ic_err_set(err, IC_EXIT_USAGE,
                       "%s:%ld:%ld: a string holds \\u0000 (the NUL character), which a mapping "
                       "cannot use",
                       path, line, col);
        else
            ic_err_set(err, IC_EXIT_USAGE,
                       "%s:%ld:%ld: nested too deep (more than %d levels of [ and {)", path, line,
                       col, MAPPING_MAX_DEPTH);
        goto fail;
    }
    const char *end = NULL;
    /* The length includes the final NUL: cJSON checks for it when asked to refuse trailing text. */
    root = cJSON_ParseWithLengthOpts(body, len - (size_t)(body - text) + 1, &end, 1);
    if (!root) {
        const char *at = end ? end : cJSON_GetErrorPtr();
        size_t off = at && at >= body && at <= text + len ? (size_t)(at - body) : 0;
        /* cJSON stops just past the offending token: point at it rather than at the white space
         * after. */
        while (off > 0 && (body[off] == '\0' || isspace((unsigned char)body[off])))
            off--;
        long line, col;
        offset_place(body, off, &line, &col);
        char near[24];
        size_t k = 0;
        for (const char *q = body + off; *q && *q != '\n' && k + 1 < sizeof near; q++)
            near[k++] = *q;
        near[k] = '\0';
        if (!k)
            ic_err_set(err, IC_EXIT_USAGE, "%s:%ld:%ld: invalid JSON: unexpected end of file", path,
                       line, col);
        else
            ic_err_set(err, IC_EXIT_USAGE, "%s:%ld:%ld: invalid JSON near '%s'", path, line, col,
                       near);
        goto fail;
    }
    if (!cJSON_IsObject(root)) {
        load_fail(&c, NULL, "expected a JSON object at the top, got %s", json_kind(root));
        goto fail;
    }
    const cJSON *todo = cJSON_GetObjectItemCaseSensitive(root, "_todo");
    if (todo) {
        refuse_todo(&c, todo);
        goto fail;
    }
    /* From here on every part is checked even after an error, so that the user sees every
     * independent mistake at once; a check that depends on a part in error is skipped (the
     * errors collected in c.errs, the first in err). */
    check_keys(&c, root, "", top_keys, IC_ARRAY_LEN(top_keys), true);

    const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "target");
    if (t && (!cJSON_IsString(t) || strcmp(t->valuestring, "bigcommerce-b2b") != 0))
        load_fail(&c, "target", "%s%s%s is not supported; expected \"bigcommerce-b2b\"",
                  cJSON_IsString(t) ? "'" : "", cJSON_IsString(t) ? t->valuestring : json_kind(t),
                  cJSON_IsString(t) ? "'" : "");
    parse_csv_opts(&c, cJSON_GetObjectItemCaseSensitive(root, "csv"));
    const cJSON *loc = cJSON_GetObjectItemCaseSensitive(root, "locale");
    parse_locale(&c, loc);
    parse_checks(&c, cJSON_GetObjectItemCaseSensitive(root, "checks"));
    parse_rounding(&c, cJSON_GetObjectItemCaseSensitive(root, "rounding"));
    const cJSON *inv = cJSON_GetObjectItemCaseSensitive(root, "invoice");
    if (inv)
        parse_invoice(&c, inv);
    else if (!misspelt(root, "invoice", top_keys, IC_ARRAY_LEN(top_keys)))
        load_fail(
            &c, "invoice",
            "missing: map at least invoiceNumber, customerId, originalBalance and openBalance");
    const cJSON *cl = cJSON_GetObjectItemCaseSensitive(root, "costLines");
    if (cl)
        parse_cost_lines(&c, cl);
    const cJSON *li = cJSON_GetObjectItemCaseSensitive(root, "lineItems");
    if (li)
        parse_line_items(&c, li);
    char why[600];
    if (rows_when_overlap(m, why, sizeof why))
        load_fail(&c, "lineItems.when", "%s", why);
    rows_parse_skip(m, cJSON_GetObjectItemCaseSensitive(root, "skip"), fail_cb, &c);
    rows_parse_fill_down(m, cJSON_GetObjectItemCaseSensitive(root, "fill_down"), fail_cb, &c);
    const cJSON *gb = cJSON_GetObjectItemCaseSensitive(root, "group_by");
    if (gb || !misspelt(root, "group_by", top_keys, IC_ARRAY_LEN(top_keys)))
        parse_group_by(&c, gb);
    const cJSON *match = cJSON_GetObjectItemCaseSensitive(root, "match");
    if (match) {
        if (!cJSON_IsString(match) || (strcmp(match->valuestring, "invoiceNumber") != 0 &&
                                       strcmp(match->valuestring, "externalId") != 0)) {
            load_fail(&c, "match", "expected \"invoiceNumber\" or \"externalId\"");
        } else {
            free(m->match);
            m->match = xstrdup(match->valuestring);
            /* (when invoice.externalId is there but wrong, its own error says so) */
            if (strcmp(m->match, "externalId") == 0 && m->inv[IF_EXTERNAL_ID].src == SRC_NONE &&
                !cJSON_GetObjectItemCaseSensitive(inv, "externalId"))
                load_fail(&c, "match", "\"externalId\" needs invoice.externalId to be mapped");
        }
    }
    if (m->inv[IF_CURRENCY].src == SRC_NONE && !m->currency[0] &&
        !cJSON_GetObjectItemCaseSensitive(inv, "currency") &&
        !cJSON_GetObjectItemCaseSensitive(loc, "currency"))
        load_fail(&c, "locale.currency", "missing: needed because invoice.currency is not mapped");
    if (c.nerr)
        goto fail;
    lookup_collect(m);
    reverse_layout(m);
    cJSON_Delete(root);
    free(text);
    return m;
fail:
    /* Single errors (cannot read, invalid JSON, unfinished) are listed too, so that a caller can
     * always print the list. */
    if (errs->n == 0 && errs->more == 0 && err->code)
        errs->msgs[errs->n++] = xstrdup(err->msg);
    cJSON_Delete(root);
    free(text);
    mapping_free(m);
    return NULL;
}

mapping *mapping_load(const char *path, ic_err *err)
{
    mapping_errors errs;
    memset(&errs, 0, sizeof errs);
    mapping *m = mapping_load_all(path, &errs, err);
    size_t more = errs.n + errs.more - (errs.n ? 1 : 0);
    if (!m && more) {
        size_t l = strlen(err->msg);
        snprintf(err->msg + l, sizeof err->msg - l,
                 " (and %zu more error%s: 'invoicectl mapping check %s' lists them all)", more,
                 more == 1 ? "" : "s", path);
    }
    mapping_errors_free(&errs);
    return m;
}

void mapping_errors_free(mapping_errors *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++)
        free(e->msgs[i]);
    memset(e, 0, sizeof *e);
}

void mapping_errors_log(const mapping_errors *e)
{
    for (size_t i = 0; i < e->n; i++)
        ic_error("%s", e->msgs[i]);
    if (e->more)
        ic_error("… and %zu more error%s", e->more, e->more == 1 ? "" : "s");
}

void mapping_free(mapping *m)
{
    if (!m)
        return;
    free(m->path);
    free(m->lookups);
    free(m->target);
    free(m->date_format);
    free(m->timezone);
    for (size_t i = 0; i < m->n_group; i++)
        free(m->group_by[i]);
    free(m->group_by);
    free(m->group_cols);
    free(m->match);
    for (int i = 0; i < IF__COUNT; i++)
        fspec_free(&m->inv[i]);
    address_spec_free(&m->billing);
    for (size_t i = 0; i < m->n_shipping; i++)
        address_spec_free(&m->shipping[i]);
    free(m->shipping);
    for (size_t i = 0; i < m->n_extra; i++) {
        free(m->extra[i].name);
        fspec_free(&m->extra[i].f);
    }
    free(m->extra);
    for (size_t i = 0; i < m->n_costs; i++) {
        fspec_free(&m->costs[i].description);
        fspec_free(&m->costs[i].amount);
    }
    free(m->costs);
    when_free(&m->cost_when);
    fspec_free(&m->cost_row.description);
    fspec_free(&m->cost_row.amount);
    when_free(&m->item_when);
    for (int i = 0; i < LF__COUNT; i++)
        fspec_free(&m->item[i]);
    rows_free(m);
    for (size_t i = 0; i < m->ncols; i++)
        free(m->header[i]);
    free(m->header);
    free(m->il_cols);
    free(m->col_to_il);
    free(m->rl_cols);
    free(m->sums);
    for (size_t i = 0; i < m->n_rev; i++)
        free(m->rev_names[i]);
    free(m->rev_names);
    free(m);
}

int mapping_each_fspec(mapping *m, int (*fn)(void *ctx, fspec *f, int level), void *ctx)
{
    int rc;
#define VISIT(f, level)                                                                            \
    do {                                                                                           \
        if ((f)->src != SRC_NONE && (rc = fn(ctx, (f), (level))))                                  \
            return rc;                                                                             \
    } while (0)
    for (int i = 0; i < IF__COUNT; i++)
        VISIT(&m->inv[i], 0);
    if (m->billing.present)
        for (int i = 0; i < AF__COUNT; i++)
            VISIT(&m->billing.f[i], 0);
    for (size_t s = 0; s < m->n_shipping; s++)
        for (int i = 0; i < AF__COUNT; i++)
            VISIT(&m->shipping[s].f[i], 0);
    for (size_t i = 0; i < m->n_extra; i++)
        VISIT(&m->extra[i].f, 0);
    for (size_t i = 0; i < m->n_costs; i++) {
        VISIT(&m->costs[i].description, 0);
        VISIT(&m->costs[i].amount, 0);
    }
    if (m->cost_rows) {
        VISIT(&m->cost_row.description, 1);
        VISIT(&m->cost_row.amount, 1);
    }
    if (m->has_items)
        for (int i = 0; i < LF__COUNT; i++)
            VISIT(&m->item[i], 1);
#undef VISIT
    return 0;
}

csv_options mapping_csv_options(const mapping *m)
{
    return m->csv;
}

const char *mapping_match_field(const mapping *m)
{
    return m->match;
}

const char *mapping_target(const mapping *m)
{
    return m->target;
}
