/* The lookups' answers: GET /currencies, /gateways, /customers, /customers/{id},
 * /customers/{id}/paymentmethods (paged as invoices are), /globals/countries and
 * /globals/gateways (plain arrays, at the root), and the same objects nested in an invoice. */
#include "sandbox/rebillia/rebillia.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The seeded lookups' times: they never change. */
#define SEEDED_AT "\"2026-01-01T00:00:00+00:00\""

static bool page_arg(const sb_api_call *call, const char *name, int64_t lo, int64_t hi, int64_t *v,
                     sb_reply *out)
{
    const char *s = sb_arg(&call->rq, name);
    if (!s)
        return true;
    char *end, msg[128];
    errno = 0;
    long long n = strtoll(s, &end, 10);
    if (!errno && *s && !*end && n >= lo && n <= hi) {
        *v = n;
        return true;
    }
    snprintf(msg, sizeof msg, "%s must be a whole number from %lld to %lld.", name, (long long)lo,
             (long long)hi);
    reb_error(out, 400, "BAD_REQUEST", msg, NULL);
    return false;
}

bool reb_page_args(const sb_api_call *call, int64_t *per_page, int64_t *page_no, sb_reply *out)
{
    *per_page = REB_PAGE_DEFAULT;
    *page_no = 1;
    return page_arg(call, "itemPerPage", 1, REB_PAGE_MAX, per_page, out) &&
           page_arg(call, "pageNo", 1, 1000000000, page_no, out);
}

void reb_page_open(sbuf *s, int64_t page_no, int64_t per_page, int64_t total)
{
    sbuf_addf(s,
              "{\"currentPageNumber\":%lld,\"itemsPerPage\":%lld,\"totalItems\":%lld,"
              "\"totalPages\":%lld,\"data\":[",
              (long long)page_no, (long long)per_page, (long long)total,
              (long long)((total + per_page - 1) / per_page));
}

/* Writers of one row each; the columns are the SELECTs' below. */
typedef void (*row_fn)(sbuf *s, sqlite3_stmt *st);

static void row_gbl_currency(sbuf *s, sqlite3_stmt *st)
{
    sbuf_addf(s, "{\"id\":\"%lld\",\"iso3\":", (long long)sqlite3_column_int64(st, 1));
    sbuf_add_json_string(s, reb_col(st, 2));
    sbuf_adds(s, ",\"name\":");
    sbuf_add_json_string(s, reb_col(st, 3));
    sbuf_adds(s, ",\"symbol\":");
    reb_add_text_or_null(s, st, 4);
    sbuf_adds(s, ",\"flag\":null,\"numericCode\":");
    reb_add_text_or_null(s, st, 5);
    sbuf_adds(s, "}");
}
#define CURRENCY_SQL                                                                               \
    "SELECT id, gbl_id, iso3, name, symbol, numeric_code, decimals FROM reb_currency"

static void row_currency(sbuf *s, sqlite3_stmt *st)
{
    sbuf_addf(s, "{\"id\":\"%lld\",\"conversionRate\":null,\"fixedRate\":false,\"currency\":",
              (long long)sqlite3_column_int64(st, 0));
    row_gbl_currency(s, st);
    sbuf_addf(s, ",\"decimalPlaces\":%d,\"createdAt\":" SEEDED_AT ",\"updatedAt\":" SEEDED_AT "}",
              sqlite3_column_int(st, 6));
}

static void row_gateway(sbuf *s, sqlite3_stmt *st)
{
    sbuf_addf(s, "{\"id\":\"%lld\",\"displayName\":", (long long)sqlite3_column_int64(st, 0));
    sbuf_add_json_string(s, reb_col(st, 2));
    sbuf_adds(s, ",\"type\":");
    sbuf_add_json_string(s, reb_col(st, 3));
    sbuf_adds(s, ",\"status\":");
    sbuf_add_json_string(s, reb_col(st, 4));
    sbuf_adds(s, ",\"credentialsLastUpdate\":null}");
}
#define GATEWAY_SQL "SELECT id, gbl_id, display_name, type, status FROM reb_gateway"

static void row_global_gateway(sbuf *s, sqlite3_stmt *st)
{
    sbuf_addf(s, "{\"id\":%lld,\"name\":", (long long)sqlite3_column_int64(st, 0));
    sbuf_add_json_string(s, reb_col(st, 1));
    sbuf_adds(s, ",\"keyName\":");
    sbuf_add_json_string(s, reb_col(st, 1));
    sbuf_adds(s, ",\"setting\":[]}");
}

static void row_customer(sbuf *s, sqlite3_stmt *st)
{
    sbuf_addf(s, "{\"id\":\"%lld\",\"customerId\":null,\"firstName\":",
              (long long)sqlite3_column_int64(st, 0));
    sbuf_add_json_string(s, reb_col(st, 1));
    sbuf_adds(s, ",\"lastName\":");
    sbuf_add_json_string(s, reb_col(st, 2));
    sbuf_adds(s, ",\"email\":");
    sbuf_add_json_string(s, reb_col(st, 3));
    sbuf_adds(s, ",\"businessName\":");
    reb_add_text_or_null(s, st, 4);
    sbuf_adds(s, ",\"phoneNum\":");
    reb_add_text_or_null(s, st, 5);
    sbuf_adds(s, ",\"phoneExt\":null,\"locale\":null,\"preferredCurrency\":null,\"agent\":null,"
                 "\"status\":\"active\",\"taxExempt\":false,\"createdAt\":" SEEDED_AT
                 ",\"updatedAt\":" SEEDED_AT "}");
}
#define CUSTOMER_SQL                                                                               \
    "SELECT id, first_name, last_name, email, business_name, phone FROM reb_customer"

static void row_payment_method(sbuf *s, sqlite3_stmt *st)
{
    sbuf_addf(s, "{\"id\":\"%lld\",\"type\":", (long long)sqlite3_column_int64(st, 0));
    sbuf_add_json_string(s, reb_col(st, 1));
    sbuf_adds(s, ",\"accountName\":");
    reb_add_text_or_null(s, st, 2);
    sbuf_adds(s, ",\"accountNumber\":");
    reb_add_text_or_null(s, st, 3);
    sbuf_adds(s, ",\"accountType\":null,\"bankName\":null,\"routingNumber\":null,\"expDate\":");
    reb_add_text_or_null(s, st, 4);
    sbuf_adds(s, ",\"verified\":true,\"billingAddress\":null,\"customerAddressBook\":null,"
                 "\"companyGateway\":{\"id\":");
    sbuf_addf(s, "\"%lld\",\"displayName\":", (long long)sqlite3_column_int64(st, 5));
    sbuf_add_json_string(s, reb_col(st, 6));
    sbuf_adds(s, ",\"type\":");
    sbuf_add_json_string(s, reb_col(st, 7));
    sbuf_adds(s, ",\"status\":");
    sbuf_add_json_string(s, reb_col(st, 8));
    sbuf_adds(s, ",\"credentialsLastUpdate\":null}}");
}
#define METHOD_SQL                                                                                 \
    "SELECT p.id, p.type, p.account_name, p.account_number, p.exp_date, g.id, g.display_name,"     \
    " g.type, g.status FROM reb_payment_method p JOIN reb_gateway g ON g.id = p.gateway_id"

static void row_country(sbuf *s, sqlite3_stmt *st)
{
    sbuf_addf(s, "{\"id\":\"%lld\",\"alpha2Code\":", (long long)sqlite3_column_int64(st, 0));
    sbuf_add_json_string(s, reb_col(st, 1));
    sbuf_adds(s, ",\"alpha3Code\":");
    reb_add_text_or_null(s, st, 2);
    sbuf_adds(s, ",\"name\":");
    sbuf_add_json_string(s, reb_col(st, 3));
    sbuf_adds(s, ",\"flag\":null,\"numericCode\":null}");
}
#define COUNTRY_SQL "SELECT id, alpha2, alpha3, name FROM reb_country"

/* Writes the row of `sql` (?1 = id); false when there is none. */
static bool add_one(reb_state *r, sbuf *s, const char *sql, int64_t id, row_fn fn)
{
    sqlite3_stmt *st = reb_prepare(r, sql);
    bool found = false;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if ((found = sqlite3_step(st) == SQLITE_ROW))
            fn(s, st);
        sqlite3_finalize(st);
    }
    return found;
}

void reb_add_currency(reb_state *r, sbuf *s, int64_t id)
{
    add_one(r, s, CURRENCY_SQL " WHERE id = ?1", id, row_gbl_currency);
}
void reb_add_gateway(reb_state *r, sbuf *s, int64_t id)
{
    add_one(r, s, GATEWAY_SQL " WHERE id = ?1", id, row_gateway);
}
void reb_add_customer(reb_state *r, sbuf *s, int64_t id)
{
    add_one(r, s, CUSTOMER_SQL " WHERE id = ?1", id, row_customer);
}
void reb_add_payment_method(reb_state *r, sbuf *s, int64_t id)
{
    add_one(r, s, METHOD_SQL " WHERE p.id = ?1", id, row_payment_method);
}
void reb_add_country(reb_state *r, sbuf *s, int64_t id)
{
    add_one(r, s, COUNTRY_SQL " WHERE id = ?1", id, row_country);
}

/* A paged list of `from_where` (FROM … WHERE …, texts bound as ?1.. from args, NULL ends) in
 * `order`, each row written by fn from `select`. */
static void paged(reb_state *r, const sb_api_call *call, sb_reply *out, const char *select,
                  const char *from_where, const char *order, const char *const *args, row_fn fn)
{
    int64_t per_page, page_no, total = 0;
    if (!reb_page_args(call, &per_page, &page_no, out))
        return;
    sbuf q = SBUF_INIT, s = SBUF_INIT;
    pthread_mutex_lock(&r->db_mu);
    sbuf_addf(&q, "SELECT count(*) %s", from_where);
    sqlite3_stmt *st = reb_prepare(r, q.data);
    for (int i = 0; st && args && args[i]; i++)
        sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_STATIC);
    if (st && sqlite3_step(st) == SQLITE_ROW)
        total = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    reb_page_open(&s, page_no, per_page, total);
    sbuf_reset(&q);
    sbuf_addf(&q, "%s %s ORDER BY %s LIMIT %lld OFFSET %lld", select, from_where, order,
              (long long)per_page, (long long)((page_no - 1) * per_page));
    st = reb_prepare(r, q.data);
    int n = 0;
    for (int i = 0; st && args && args[i]; i++)
        sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_STATIC);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        if (n++)
            sbuf_adds(&s, ",");
        fn(&s, st);
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&r->db_mu);
    sbuf_adds(&s, "]}");
    sbuf_release(&q);
    reb_reply_json(out, 200, &s);
}

/* A plain array of every row of sql. */
static void plain(reb_state *r, sb_reply *out, const char *sql, row_fn fn)
{
    sbuf s = SBUF_INIT;
    sbuf_adds(&s, "[");
    pthread_mutex_lock(&r->db_mu);
    sqlite3_stmt *st = reb_prepare(r, sql);
    int n = 0;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        if (n++)
            sbuf_adds(&s, ",");
        fn(&s, st);
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&r->db_mu);
    sbuf_adds(&s, "]");
    reb_reply_json(out, 200, &s);
}

void reb_h_currencies(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    paged(r, call, out, "SELECT id, gbl_id, iso3, name, symbol, numeric_code, decimals",
          "FROM reb_currency", "id", NULL, row_currency);
}

void reb_h_gateways(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    paged(r, call, out, "SELECT id, gbl_id, display_name, type, status", "FROM reb_gateway", "id",
          NULL, row_gateway);
}

void reb_h_global_gateways(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    (void)call;
    plain(r, out, "SELECT gbl_id, min(type) FROM reb_gateway GROUP BY gbl_id ORDER BY gbl_id",
          row_global_gateway);
}

void reb_h_countries(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    (void)call;
    plain(r, out, COUNTRY_SQL " ORDER BY name", row_country);
}

void reb_h_customers(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    const char *query = sb_arg(&call->rq, "query"), *email = sb_arg(&call->rq, "email");
    /* query: a part of a name, the business name or the email; email: the whole address. */
    const char *args[] = {query ? query : "", email ? email : "", NULL};
    paged(r, call, out, "SELECT id, first_name, last_name, email, business_name, phone",
          "FROM reb_customer WHERE (?1 = '' OR instr(lower(first_name || ' ' || last_name || ' '"
          " || coalesce(business_name, '') || ' ' || email), lower(?1)) > 0)"
          " AND (?2 = '' OR lower(email) = lower(?2))",
          "id", args, row_customer);
}

void reb_h_customer(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    int64_t id;
    sbuf s = SBUF_INIT;
    pthread_mutex_lock(&r->db_mu);
    bool found = reb_path_id(REB_PARAM(call), &id) &&
                 add_one(r, &s, CUSTOMER_SQL " WHERE id = ?1", id, row_customer);
    pthread_mutex_unlock(&r->db_mu);
    if (found)
        reb_reply_json(out, 200, &s);
    else
        reb_error(out, 404, "NOT_FOUND", "Customer not found.", NULL);
    sbuf_release(&s);
}

void reb_h_payment_methods(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    int64_t id;
    pthread_mutex_lock(&r->db_mu);
    bool found = reb_path_id(REB_PARAM(call), &id) &&
                 reb_store_exists(r, "SELECT 1 FROM reb_customer WHERE id = ?1", id, 0);
    pthread_mutex_unlock(&r->db_mu);
    if (!found) {
        reb_error(out, 404, "NOT_FOUND", "Customer not found.", NULL);
        return;
    }
    const char *args[] = {REB_PARAM(call), NULL};
    paged(r, call, out,
          "SELECT p.id, p.type, p.account_name, p.account_number, p.exp_date, g.id,"
          " g.display_name, g.type, g.status",
          "FROM reb_payment_method p JOIN reb_gateway g ON g.id = p.gateway_id"
          " WHERE p.customer_id = CAST(?1 AS INTEGER)",
          "p.id", args, row_payment_method);
}
