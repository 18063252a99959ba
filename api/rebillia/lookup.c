/* prepare: the numeric ids a create needs and the file does not hold, resolved once per run and
 * cached (cache.c) before anything is sent.
 *
 *   companyCurrencyId  GET /currencies (the company's currencies, by currency.iso3); an invoice
 *                      without a currency uses GET /currencies/default
 *   countryId          GET /globals/countries (at the API's root, outside /v1), by alpha2Code
 *   customerId         the file's customer: Rebillia's numeric id (checked with GET
 *                      /customers/{id}) or an email (GET /customers?query=EMAIL, exact match)
 *   companyGatewayId   the setting REBILLIA_GATEWAY_ID (the API has no way to choose it for the
 * user) paymentMethodId    the setting REBILLIA_PAYMENT_METHOD_ID when given (one for every
 * invoice), else each customer's own payment method on that gateway (GET
 *                      /customers/{id}/paymentmethods, the first whose companyGateway is it): a
 *                      payment method belongs to one customer
 *
 * Every value that does not resolve is reported once, by name, with the first invoice using it. */
#include "api/rebillia/rebillia_internal.h"
#include "model/mode.h"

#include "util/common.h"
#include "util/sbuf.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct need {
    char *value;         /* "EUR", "DE", "ann@example.com", "517" */
    const char *invoice; /* key of the first invoice using it (borrowed) */
    long line;
    size_t uses;
    bool reported;
} need;

typedef struct needs {
    need *items;
    size_t n, cap;
} needs;

typedef struct prep {
    http_engine *e;
    problem_list *out;
    const char *file; /* for problems: the invoices' own file is not known here */
    needs currencies, countries, customers;
    bool need_default;
    long currency_page;
    size_t unresolved;
    int rc;
    ic_err *err;
} prep;

typedef struct customer_req {
    prep *p;
    need *n;
    char *customer; /* the Rebillia id, for its payment methods */
} customer_req;

static void needs_add(needs *ns, const char *value, bool fold, const ic_invoice *inv)
{
    for (size_t i = 0; i < ns->n; i++)
        if (fold ? strcasecmp(ns->items[i].value, value) == 0
                 : strcmp(ns->items[i].value, value) == 0) {
            ns->items[i].uses++;
            return;
        }
    if (ns->n == ns->cap) {
        ns->cap = ns->cap ? ns->cap * 2 : 16;
        ns->items = xrealloc(ns->items, ns->cap * sizeof *ns->items);
    }
    need *n = &ns->items[ns->n++];
    n->value = xstrdup(value);
    n->invoice = inv->key;
    n->line = inv->first_line;
    n->uses = 1;
    n->reported = false;
}

static void needs_release(needs *ns)
{
    for (size_t i = 0; i < ns->n; i++)
        free(ns->items[i].value);
    free(ns->items);
    memset(ns, 0, sizeof *ns);
}

static void unresolved(prep *p, need *n, const char *what, const char *why)
{
    if (n->reported)
        return;
    n->reported = true;
    p->unresolved++;
    char more[64] = "";
    if (n->uses > 1)
        snprintf(more, sizeof more, " (used by %zu invoices)", n->uses);
    problem_add(p->out, SEV_ERROR, p->file, n->line, NULL, n->invoice, "%s '%s' %s%s", what,
                n->value, why, more);
}

/* A request failed for a reason that is not "not found": the run stops. */
static void failed(prep *p, const http_result *res, const char *what)
{
    if (p->rc)
        return;
    char msg[512];
    int code = IC_EXIT_IO;
    if (res->outcome != HTTP_ANSWERED) {
        snprintf(msg, sizeof msg, "%s", res->error[0] ? res->error : "no answer");
        if (strstr(res->error, "interrupted"))
            code = IC_EXIT_INTERRUPTED;
    } else {
        rebillia_error_message(res, msg, sizeof msg);
        if (res->status == 401 || res->status == 403)
            code = IC_EXIT_USAGE;
    }
    p->rc = ic_err_set(p->err, code, "cannot look up %s in Rebillia: %s", what, msg);
}

static bool answered_ok(const http_result *res)
{
    return res->outcome == HTTP_ANSWERED && res->status >= 200 && res->status < 300 && res->json;
}

/* The items of a list answer: the array itself, or its "data". */
static const cJSON *items_of(const cJSON *j)
{
    if (cJSON_IsArray(j))
        return j;
    const cJSON *d = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "data") : NULL;
    return cJSON_IsArray(d) ? d : NULL;
}

/* An object answer, or its "data". */
static const cJSON *object_of(const cJSON *j)
{
    const cJSON *d = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "data") : NULL;
    return cJSON_IsObject(d) ? d : j;
}

/* ---- currencies ---- */

static const char *iso3_of(const cJSON *cc)
{
    const char *iso = rebillia_str(cJSON_GetObjectItemCaseSensitive(cc, "currency"), "iso3");
    return iso ? iso : rebillia_str(cc, "iso3");
}

static void submit_currencies(prep *p);

static void on_currencies(void *ctx, const http_result *res)
{
    prep *p = ctx;
    const cJSON *items = answered_ok(res) ? items_of(res->json) : NULL;
    if (!items) {
        failed(p, res, "the company's currencies");
        return;
    }
    const cJSON *cc;
    int n = 0;
    cJSON_ArrayForEach(cc, items)
    {
        char id[CONN_ID_MAX];
        const char *iso = iso3_of(cc);
        n++;
        if (iso && rebillia_json_id(cJSON_GetObjectItemCaseSensitive(cc, "id"), id, sizeof id))
            rebillia_cache_set_currency(iso, id);
    }
    const cJSON *tp = cJSON_GetObjectItemCaseSensitive(res->json, "totalPages");
    bool more = cJSON_IsNumber(tp) ? p->currency_page < (long)tp->valuedouble
                                   : cJSON_IsObject(res->json) && n >= 250;
    if (more && n > 0) {
        p->currency_page++;
        submit_currencies(p);
    }
}

static void submit_currencies(prep *p)
{
    char rel[96];
    snprintf(rel, sizeof rel, "/currencies?itemPerPage=250&pageNo=%ld", p->currency_page);
    char *path = rebillia_path(rel);
    http_submit(p->e, "GET", path, NULL, true, on_currencies, p);
    free(path);
}

static void on_default_currency(void *ctx, const http_result *res)
{
    prep *p = ctx;
    const cJSON *cc = answered_ok(res) ? object_of(res->json) : NULL;
    char id[CONN_ID_MAX];
    const char *iso = cc ? iso3_of(cc) : NULL;
    if (!iso || !rebillia_json_id(cJSON_GetObjectItemCaseSensitive(cc, "id"), id, sizeof id)) {
        failed(p, res, "the company's default currency");
        return;
    }
    rebillia_cache_set_default_currency(iso, id);
}

/* ---- countries ---- */

static void on_countries(void *ctx, const http_result *res)
{
    prep *p = ctx;
    const cJSON *items = answered_ok(res) ? items_of(res->json) : NULL;
    if (!items) {
        failed(p, res, "the country list");
        return;
    }
    static const char *const code_keys[] = {"alpha2Code", "code", "countryCode", "iso2"};
    const cJSON *c;
    cJSON_ArrayForEach(c, items)
    {
        char id[CONN_ID_MAX];
        if (!rebillia_json_id(cJSON_GetObjectItemCaseSensitive(c, "id"), id, sizeof id))
            continue;
        for (size_t k = 0; k < sizeof code_keys / sizeof code_keys[0]; k++) {
            const char *code = rebillia_str(c, code_keys[k]);
            if (code && strlen(code) == 2) {
                rebillia_cache_set_country(code, id);
                break;
            }
        }
    }
}

/* ---- customers and their payment methods ---- */

static void on_methods(void *ctx, const http_result *res)
{
    customer_req *cr = ctx;
    prep *p = cr->p;
    need *n = cr->n;
    char *customer = cr->customer;
    free(cr);
    const cJSON *items = answered_ok(res) ? items_of(res->json) : NULL;
    if (!items) {
        failed(p, res, "a customer's payment methods");
        free(customer);
        return;
    }
    const char *gateway = rebillia_cache_gateway();
    char id[CONN_ID_MAX], gw[CONN_ID_MAX];
    const cJSON *m;
    cJSON_ArrayForEach(m, items)
    {
        const cJSON *g = cJSON_GetObjectItemCaseSensitive(m, "companyGateway");
        if (rebillia_json_id(cJSON_GetObjectItemCaseSensitive(g, "id"), gw, sizeof gw) &&
            strcmp(gw, gateway) == 0 &&
            rebillia_json_id(cJSON_GetObjectItemCaseSensitive(m, "id"), id, sizeof id)) {
            rebillia_cache_set_customer_method(customer, id);
            free(customer);
            return;
        }
    }
    char why[160];
    snprintf(why, sizeof why,
             "has no payment method on gateway %s in Rebillia (add one, or set "
             "REBILLIA_PAYMENT_METHOD_ID)",
             gateway);
    unresolved(p, n, "customer", why);
    free(customer);
}

/* The customer resolved to `id`: its payment method, unless one is configured for every invoice. */
static void customer_found(prep *p, need *n, const char *id)
{
    rebillia_cache_set_customer(n->value, id);
    if (rebillia_cache_payment_method())
        return;
    customer_req *cr = xmalloc(sizeof *cr);
    cr->p = p;
    cr->n = n;
    cr->customer = xstrdup(id);
    sbuf b = SBUF_INIT;
    sbuf_addf(&b, "/customers/%s/paymentmethods?itemPerPage=250", id);
    char *path = rebillia_path(b.data);
    sbuf_release(&b);
    http_submit(p->e, "GET", path, NULL, true, on_methods, cr);
    free(path);
}

static void on_customer_by_id(void *ctx, const http_result *res)
{
    customer_req *cr = ctx;
    prep *p = cr->p;
    need *n = cr->n;
    free(cr);
    char id[CONN_ID_MAX];
    if (res->outcome == HTTP_ANSWERED && res->status == 404) {
        unresolved(p, n, "customer", "is not a Rebillia customer id");
        return;
    }
    const cJSON *c = answered_ok(res) ? object_of(res->json) : NULL;
    if (!c || !rebillia_json_id(cJSON_GetObjectItemCaseSensitive(c, "id"), id, sizeof id)) {
        failed(p, res, "a customer");
        return;
    }
    customer_found(p, n, id);
}

static void on_customer_by_email(void *ctx, const http_result *res)
{
    customer_req *cr = ctx;
    prep *p = cr->p;
    need *n = cr->n;
    free(cr);
    const cJSON *items = answered_ok(res) ? items_of(res->json) : NULL;
    if (!items) {
        failed(p, res, "a customer by email");
        return;
    }
    char id[CONN_ID_MAX], found[CONN_ID_MAX] = "";
    size_t matches = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, items)
    {
        const char *email = rebillia_str(c, "email");
        if (email && strcasecmp(email, n->value) == 0 &&
            rebillia_json_id(cJSON_GetObjectItemCaseSensitive(c, "id"), id, sizeof id)) {
            /* The same customer listed twice is one match. */
            if (matches == 0 || strcmp(found, id) != 0)
                matches++;
            memcpy(found, id, sizeof id);
        }
    }
    if (matches == 1)
        customer_found(p, n, found);
    else if (matches == 0)
        unresolved(p, n, "customer", "matches no Rebillia customer's email");
    else
        unresolved(p, n, "customer",
                   "matches several Rebillia customers: give the numeric customer id");
}

static bool all_digits(const char *s)
{
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static void submit_customer(prep *p, need *n)
{
    bool email = strchr(n->value, '@') != NULL;
    if (!email && (!all_digits(n->value) || strlen(n->value) > 16)) {
        unresolved(p, n, "customer", "is neither Rebillia's numeric customer id nor an email");
        return;
    }
    customer_req *cr = xmalloc(sizeof *cr);
    cr->p = p;
    cr->n = n;
    cr->customer = NULL;
    sbuf b = SBUF_INIT;
    if (email) {
        char *esc = curl_easy_escape(NULL, n->value, 0);
        sbuf_addf(&b, "/customers?itemPerPage=250&query=%s", esc ? esc : "");
        curl_free(esc);
    } else {
        sbuf_addf(&b, "/customers/%s", n->value);
    }
    char *path = rebillia_path(b.data);
    sbuf_release(&b);
    http_submit(p->e, "GET", path, NULL, true, email ? on_customer_by_email : on_customer_by_id,
                cr);
    free(path);
}

/* ---- settings ---- */

/* A setting from the connection (REBILLIA_… from the environment, else the profile's key). */
static int setting(prep *p, const char *v, const char *env, const char *what,
                   void (*set)(const char *), bool required)
{
    if ((!v || !*v) && !required)
        return 0;
    if (!v || !*v) {
        problem_add(p->out, SEV_ERROR, NULL, 0, NULL, NULL,
                    "%s is not set (nor \"%s\" in the profile): Rebillia needs the %s of every "
                    "invoice",
                    env,
                    strcmp(env, "REBILLIA_GATEWAY_ID") == 0 ? "rebillia_gateway_id"
                                                            : "rebillia_payment_method_id",
                    what);
        return IC_EXIT_USAGE;
    }
    cJSON *n = rebillia_id_number(v);
    if (!n) {
        problem_add(p->out, SEV_ERROR, NULL, 0, NULL, NULL,
                    "%s: '%s' is not a numeric Rebillia id (the %s)", env, v, what);
        return IC_EXIT_USAGE;
    }
    cJSON_Delete(n);
    set(v);
    return 0;
}

/* Amounts of invoices without a currency are checked again once the default currency is known
 * (check() assumed 2 decimals). */
static void recheck_amount(prep *p, const ic_invoice *inv, long line, const char *what, money_t m,
                           const char *cur)
{
    int64_t minor;
    enum rebillia_cents st = rebillia_to_minor(m, cur, &minor);
    if (st == REBILLIA_CENTS_OK)
        return;
    char text[MONEY_MAX_TEXT];
    money_format_min(m, text, sizeof text);
    problem_add(p->out, SEV_ERROR, p->file, line ? line : inv->first_line, NULL, inv->key,
                "%s %s %s %s (the company's default currency)", what, text,
                rebillia_cents_strerror(st), cur);
    p->unresolved++;
}

static void recheck_default_currency(prep *p, const ic_invoice *invs, size_t n)
{
    const char *cur = rebillia_cache_default_iso3();
    if (rebillia_minor_digits(cur) == 2)
        return; /* what check() assumed */
    for (size_t i = 0; i < n; i++) {
        const ic_invoice *inv = &invs[i];
        if (inv->currency[0] || ic_mode_key_only(inv->mode))
            continue;
        for (size_t k = 0; k < inv->n_line_items; k++) {
            const ic_line_item *li = &inv->line_items[k];
            money_t unit = li->unit_price;
            if (li->has_discount && !money_sub(li->unit_price, li->unit_discount, &unit))
                continue;
            recheck_amount(p, inv, li->line, "line item unit price", unit, cur);
        }
        for (size_t k = 0; k < inv->n_cost_lines; k++)
            recheck_amount(p, inv, inv->cost_lines[k].line, "cost line", inv->cost_lines[k].amount,
                           cur);
    }
}

static void collect(prep *p, const ic_invoice *invs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ic_invoice *inv = &invs[i];
        if (ic_mode_key_only(inv->mode))
            continue; /* a delete or skip sends no body: nothing to resolve */
        if (inv->currency[0])
            needs_add(&p->currencies, inv->currency, true, inv);
        else
            p->need_default = true;
        if (inv->customer_id && inv->customer_id[0])
            needs_add(&p->customers, inv->customer_id, false, inv);
        if (rebillia_address_given(&inv->billing) && inv->billing.country)
            needs_add(&p->countries, inv->billing.country, true, inv);
        if (inv->n_shipping && rebillia_address_given(&inv->shipping[0]) &&
            inv->shipping[0].country)
            needs_add(&p->countries, inv->shipping[0].country, true, inv);
    }
}

static void report_codes(prep *p)
{
    for (size_t i = 0; i < p->currencies.n; i++)
        if (!rebillia_cache_currency(p->currencies.items[i].value))
            unresolved(p, &p->currencies.items[i], "currency",
                       "is not one of the company's currencies in Rebillia");
    for (size_t i = 0; i < p->countries.n; i++)
        if (!rebillia_cache_country(p->countries.items[i].value))
            unresolved(p, &p->countries.items[i], "country",
                       "is not in Rebillia's country list (ISO 3166 alpha-2 codes)");
}

int rebillia_prepare(http_engine *e, const ic_invoice *invs, size_t n, const api_conn *conn,
                     problem_list *out, ic_err *err)
{
    rebillia_cache_clear();
    rebillia_paths_set(conn ? conn->base_url : NULL);
    if (n == 0)
        return 0;
    prep p = {0};
    p.e = e;
    p.out = out;
    p.err = err;
    p.currency_page = 1;
    int conf = setting(&p, conn ? conn->rebillia_gateway_id : NULL, "REBILLIA_GATEWAY_ID",
                       "company gateway id (companyGatewayId)", rebillia_cache_set_gateway, true);
    conf |=
        setting(&p, conn ? conn->rebillia_payment_method_id : NULL, "REBILLIA_PAYMENT_METHOD_ID",
                "payment method id (paymentMethodId)", rebillia_cache_set_payment_method, false);
    if (conf)
        return ic_err_set(err, IC_EXIT_USAGE,
                          "Rebillia's gateway or payment method id is not configured or wrong: "
                          "nothing is sent");
    collect(&p, invs, n);
    submit_currencies(&p);
    if (p.need_default) {
        char *path = rebillia_path("/currencies/default");
        http_submit(e, "GET", path, NULL, true, on_default_currency, &p);
        free(path);
    }
    if (p.countries.n) {
        char *path = rebillia_root_path("/globals/countries");
        http_submit(e, "GET", path, NULL, true, on_countries, &p);
        free(path);
    }
    for (size_t i = 0; i < p.customers.n; i++)
        submit_customer(&p, &p.customers.items[i]);
    int run = http_run(e);
    if (!p.rc && run)
        p.rc = ic_err_set(err, run, "Rebillia lookups interrupted");
    if (!p.rc) {
        report_codes(&p);
        if (p.need_default)
            recheck_default_currency(&p, invs, n);
        if (p.unresolved)
            p.rc = ic_err_set(err, IC_EXIT_INVALID,
                              "%zu value%s cannot be resolved in Rebillia: nothing is sent",
                              p.unresolved, p.unresolved == 1 ? "" : "s");
    }
    needs_release(&p.currencies);
    needs_release(&p.countries);
    needs_release(&p.customers);
    return p.rc;
}
