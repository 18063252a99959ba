/* The Rebillia public API v1 emulation's parts (sandbox/rebillia/), shared by its files only: the
 * state, the error shape, integer JSON, the store and lookups, and the handlers.
 *
 * Money is integer cents (minor units) everywhere: bodies, answers and the store.  cJSON reads a
 * number as a double, which would let 41.5 or 1e3 pass for whole cents; bodies are therefore read
 * with reb_json_parse, which keeps only plain integer literals of at most 15 digits as numbers
 * (exact in a double) and turns every other number into a marked string that no integer check
 * accepts.  Sums and products are int64 with overflow checks.
 *
 * Ownership: the state is made by the table's open and freed by its close; replies own their
 * bodies (sb_reply_release); documents handed out are the caller's to cJSON_Delete.
 */
#ifndef INVOICECTL_SANDBOX_REBILLIA_REBILLIA_H
#define INVOICECTL_SANDBOX_REBILLIA_REBILLIA_H

#include "sandbox/api.h"
#include "sandbox/json_exact.h"
#include "util/sbuf.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#define REB_NUM_MARK SB_NUM_MARK
#define REB_PAGE_DEFAULT 25
#define REB_PAGE_MAX 250
#define REB_AMOUNT_MAX 99999999999LL /* cents of one unit: under a billion dollars */
#define REB_QTY_MAX 1000000
#define REB_TOTAL_MAX 9007199254740991LL /* 2^53 - 1: exact for every JSON reader */

typedef struct reb_state {
    const sandbox_config *cfg;
    sqlite3 *db;
    pthread_mutex_t db_mu; /* one request at a time on the connection */
} reb_state;

/* The {id} segment of the path the router matched. */
#define REB_PARAM(call) ((call)->rq.param)

/* --- errors.c: answers ---------------------------------------------------------------------- */
/* {"code":CODE,"message":MSG,"timestamp":…}; details (raw JSON object text) added when not NULL. */
void reb_error(sb_reply *out, int status, const char *code, const char *msg, const char *details);
/* Per-field problems, answered as one 422 {"code":"VALIDATION_ERROR",…,"details":{field: msg}}. */
typedef struct reb_problems {
    sbuf text; /* the details object's members so far */
    int n;
} reb_problems;
void reb_problem(reb_problems *p, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Answers 422 with the problems and releases them; false (nothing answered) when there were none.
 */
bool reb_problems_answer(reb_problems *p, sb_reply *out);
/* 200/201 with JSON text (taken from s, which is left empty). */
void reb_reply_json(sb_reply *out, int status, sbuf *s);
/* "2026-03-01T10:30:00+00:00" for unix seconds; buf holds 32. */
void reb_time_text(int64_t t, char *buf, size_t size);
/* A real calendar date written yyyy-MM-dd. */
bool reb_date_ok(const char *s);

/* --- json.c: integer-only JSON --------------------------------------------------------------- */
/* NULL when text is not JSON. */
cJSON *reb_json_parse(const char *text, size_t len);
/* A JSON integer (see above) in lo..hi; false otherwise. */
bool reb_json_int(const cJSON *v, int64_t lo, int64_t hi, int64_t *out);
/* An id: a positive JSON integer or a string of digits. */
bool reb_json_id(const cJSON *v, int64_t *out);
/* A string that is not a marked number. */
bool reb_json_text(const cJSON *v);
/* A path id: a positive decimal integer. */
bool reb_path_id(const char *s, int64_t *out);

/* --- store.c: SQLite ------------------------------------------------------------------------ */
int reb_store_open(reb_state *r, const char *path, ic_err *err);
void reb_store_close(reb_state *r);
sqlite3_stmt *reb_prepare(reb_state *r, const char *sql);
/* Runs SQL with no result; false (logged) on failure. */
bool reb_exec(reb_state *r, const char *sql);
/* The next value of counter `name` (1, 2, …), kept in the store. */
int64_t reb_store_next(reb_state *r, const char *name);
/* True when `sql` (one ?1 parameter, and ?2 when b is not 0) finds a row. */
bool reb_store_exists(reb_state *r, const char *sql, int64_t a, int64_t b);
/* A column as text, "" for NULL. */
const char *reb_col(sqlite3_stmt *st, int i);
/* A text column as a JSON string or null. */
void reb_add_text_or_null(sbuf *s, sqlite3_stmt *st, int i);

/* --- seed.c: lookups' data ---------------------------------------------------------------------
 */
/* Seeds currencies, gateways, customers with payment methods and countries from --lookups FILE or
 * the built-in ones, when the store has none yet. */
int reb_seed(reb_state *r, const char *path, ic_err *err);

/* --- lookups.c: lookups' answers ----------------------------------------------------------- */
/* Page arguments (itemPerPage 1..250, default 25; pageNo from 1); false with out filled (400). */
bool reb_page_args(const sb_api_call *call, int64_t *per_page, int64_t *page_no, sb_reply *out);
/* Opens {"currentPageNumber":…,"itemsPerPage":…,"totalItems":…,"totalPages":…,"data":[ */
void reb_page_open(sbuf *s, int64_t page_no, int64_t per_page, int64_t total);
/* The nested objects an invoice answer holds (nothing written when id is not found). */
void reb_add_currency(reb_state *r, sbuf *s, int64_t id);
void reb_add_gateway(reb_state *r, sbuf *s, int64_t id);
void reb_add_customer(reb_state *r, sbuf *s, int64_t id);
void reb_add_payment_method(reb_state *r, sbuf *s, int64_t id);
void reb_add_country(reb_state *r, sbuf *s, int64_t id);
void reb_h_currencies(reb_state *r, const sb_api_call *call, sb_reply *out);
void reb_h_gateways(reb_state *r, const sb_api_call *call, sb_reply *out);
void reb_h_global_gateways(reb_state *r, const sb_api_call *call, sb_reply *out);
void reb_h_countries(reb_state *r, const sb_api_call *call, sb_reply *out);
void reb_h_customers(reb_state *r, const sb_api_call *call, sb_reply *out);
void reb_h_customer(reb_state *r, const sb_api_call *call, sb_reply *out);
void reb_h_payment_methods(reb_state *r, const sb_api_call *call, sb_reply *out);

/* --- fields.c: a create or update body checked into an invoice row ---------------------- */
typedef struct reb_line {
    char *description; /* owned; NULL when none */
    int64_t qty, amount;
    int64_t id; /* the stored line's; 0 for a given one */
} reb_line;

typedef struct reb_invoice {
    int64_t id, currency_id, gateway_id, customer_id, payment_method_id;
    int64_t shipping; /* cents; -1: none */
    int64_t total, balance;
    char invoice_no[16], status[16], payment_type[32];
    char date_due[11], date_from[11], date_to[11];
    char *customer_email, *customer_name, *customer_phone, *comments, *terms, *service_id;
    char *billing, *shipping_addr; /* stored address JSON ({…, "countryId": N}), owned */
    reb_line *lines;
    size_t n_lines;
    bool lines_given; /* an update's detail replaces the lines */
    int64_t created, updated, paid_at, voided_at;
} reb_invoice;
void reb_invoice_release(reb_invoice *inv);
/* Checks `body` and lays it over inv (all-zero for a create).  Problems go to p. */
void reb_fields_take(reb_state *r, reb_invoice *inv, const cJSON *body, bool create,
                     reb_problems *p);
/* total = Σ qty × amount + shipping, exactly; false when it would pass REB_TOTAL_MAX. */
bool reb_invoice_total(reb_invoice *inv);

/* --- invoice_store.c --------------------------------------------------------------------- */
/* Loads invoice id (lines included); false when there is none. */
bool reb_invoice_load(reb_state *r, int64_t id, reb_invoice *inv);
/* Inserts (inv->id 0: a new id is set) or replaces the invoice and its lines. */
bool reb_invoice_save(reb_state *r, reb_invoice *inv);
bool reb_invoice_delete(reb_state *r, int64_t id);
/* The answer for an invoice, as GET /invoices/{id} gives it; lines only when detail. */
void reb_invoice_write(reb_state *r, sbuf *s, const reb_invoice *inv, bool detail);
/* True when include (a comma list) names `what`. */
bool reb_include_has(const char *include, const char *what);

/* --- invoices.c, status.c, list.c: handlers -------------------------------------------------- */
void reb_h_invoice_create(reb_state *r, const sb_api_call *call, sb_reply *out);
void reb_h_invoice_get(reb_state *r, const sb_api_call *call, sb_reply *out);
void reb_h_invoice_update(reb_state *r, const sb_api_call *call, sb_reply *out);
void reb_h_invoice_delete(reb_state *r, const sb_api_call *call, sb_reply *out);
void reb_h_invoice_void(reb_state *r, const sb_api_call *call, sb_reply *out);
void reb_h_invoice_charge(reb_state *r, const sb_api_call *call, sb_reply *out);
void reb_h_invoice_list(reb_state *r, const sb_api_call *call, sb_reply *out);

#endif
