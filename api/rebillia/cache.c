/* The ids resolved for this run: filled by prepare (lookup.c) or by tests, read by the bodies.
 * Process state, owned here; rebillia_cache_clear (the connector's finish) releases it. */
#include "api/rebillia/rebillia_internal.h"

#include "util/common.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct pair {
    char *name; /* currency code, alpha-2 country code or customer as the file gives it */
    char *id;
} pair;

typedef struct pairs {
    pair *items;
    size_t n, cap;
} pairs;

static pairs currencies, countries, customers, methods; /* methods: customer id -> its payment
                                                         method on the gateway */
static char *default_iso3, *default_currency_id, *gateway_id, *payment_method_id;

static void pairs_release(pairs *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].name);
        free(p->items[i].id);
    }
    free(p->items);
    memset(p, 0, sizeof *p);
}

/* Names compare without case for codes (usd, us), exactly for customers. */
static pair *pairs_get(const pairs *p, const char *name, bool fold)
{
    for (size_t i = 0; name && i < p->n; i++)
        if (fold ? strcasecmp(p->items[i].name, name) == 0 : strcmp(p->items[i].name, name) == 0)
            return &p->items[i];
    return NULL;
}

static void pairs_set(pairs *p, const char *name, const char *id, bool fold)
{
    pair *it = pairs_get(p, name, fold);
    if (!it) {
        if (p->n == p->cap) {
            p->cap = p->cap ? p->cap * 2 : 16;
            p->items = xrealloc(p->items, p->cap * sizeof *p->items);
        }
        it = &p->items[p->n++];
        it->name = xstrdup(name);
        it->id = NULL;
    }
    free(it->id);
    it->id = xstrdup(id);
}

static void replace(char **slot, const char *s)
{
    free(*slot);
    *slot = s ? xstrdup(s) : NULL;
}

void rebillia_cache_clear(void)
{
    pairs_release(&currencies);
    pairs_release(&countries);
    pairs_release(&customers);
    pairs_release(&methods);
    replace(&default_iso3, NULL);
    replace(&default_currency_id, NULL);
    replace(&gateway_id, NULL);
    replace(&payment_method_id, NULL);
}

void rebillia_cache_set_currency(const char *iso3, const char *id)
{
    pairs_set(&currencies, iso3, id, true);
}

void rebillia_cache_set_default_currency(const char *iso3, const char *id)
{
    replace(&default_iso3, iso3);
    replace(&default_currency_id, id);
}

void rebillia_cache_set_country(const char *alpha2, const char *id)
{
    pairs_set(&countries, alpha2, id, true);
}

void rebillia_cache_set_customer(const char *given, const char *id)
{
    pairs_set(&customers, given, id, false);
}

void rebillia_cache_set_gateway(const char *id)
{
    replace(&gateway_id, id);
}

void rebillia_cache_set_payment_method(const char *id)
{
    replace(&payment_method_id, id);
}

const char *rebillia_cache_currency(const char *iso3)
{
    if (!iso3 || !iso3[0])
        return default_currency_id;
    pair *p = pairs_get(&currencies, iso3, true);
    return p ? p->id : NULL;
}

const char *rebillia_cache_default_iso3(void)
{
    return default_iso3 ? default_iso3 : "";
}

const char *rebillia_cache_country(const char *alpha2)
{
    pair *p = pairs_get(&countries, alpha2, true);
    return p ? p->id : NULL;
}

const char *rebillia_cache_country_code(const char *id)
{
    for (size_t i = 0; id && i < countries.n; i++)
        if (strcmp(countries.items[i].id, id) == 0)
            return countries.items[i].name;
    return NULL;
}

const char *rebillia_cache_customer(const char *given)
{
    pair *p = pairs_get(&customers, given, false);
    return p ? p->id : NULL;
}

const char *rebillia_cache_gateway(void)
{
    return gateway_id;
}

void rebillia_cache_set_customer_method(const char *customer_id, const char *method_id)
{
    pairs_set(&methods, customer_id, method_id, false);
}

const char *rebillia_cache_payment_method(void)
{
    return payment_method_id;
}

const char *rebillia_cache_method_of(const char *customer_id)
{
    if (payment_method_id)
        return payment_method_id; /* REBILLIA_PAYMENT_METHOD_ID: the same for every invoice */
    pair *p = pairs_get(&methods, customer_id, false);
    return p ? p->id : NULL;
}

const char *rebillia_invoice_currency(const ic_invoice *inv)
{
    return inv->currency[0] ? inv->currency : rebillia_cache_default_iso3();
}

void rebillia_finish(void)
{
    rebillia_cache_clear();
}
