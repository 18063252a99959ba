/* What the files of api/rebillia/ share (nothing outside the folder includes this, except its
 * unit tests).
 *
 * Facts about the API come from Rebillia's published MCP server (rhinosaas/rebillia-mcp-server);
 * what is inferred rather than read is marked "inference" here and in docs/rebillia.md.
 *
 * Ownership: functions returning char * or cJSON * give them to the caller (free / cJSON_Delete);
 * const char * results of the cache are borrowed until the next rebillia_cache_clear.
 */
#ifndef INVOICECTL_API_REBILLIA_REBILLIA_INTERNAL_H
#define INVOICECTL_API_REBILLIA_REBILLIA_INTERNAL_H

#include "api/connector.h"
#include "model/invoice.h"
#include "model/money.h"
#include "model/problem.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- cents.c: money on the wire ----
 * Rebillia writes amounts as integers in the currency's minor unit ("cents": 4100 is 41.00 USD;
 * inference: 1500 is 1500 JPY, 1234 is 1.234 KWD).  JSON numbers are doubles to most readers, so
 * only integers up to 2^53 are read exactly (REBILLIA_READ_MAX).  Writing stops sooner: cJSON
 * prints a number with 15 significant digits whenever that reads back within DBL_EPSILON of it,
 * so 2^53 - 1 goes out as "9.00719925474099e+15" (...990); every integer below 10^15 is printed
 * exactly (tests/unit/test_rebillia_cents.c).  That is the limit (model/target.h). */
#define REBILLIA_MAX_MINOR ((int64_t)999999999999999) /* 10^15 - 1 */
#define REBILLIA_READ_MAX ((int64_t)9007199254740992) /* 2^53 */

enum rebillia_cents {
    REBILLIA_CENTS_OK = 0,
    REBILLIA_CENTS_PRECISION, /* finer than the currency's minor unit (12.345 USD) */
    REBILLIA_CENTS_RANGE      /* beyond ±(10^15 - 1) minor units */
};
/* Decimals of the currency's minor unit: currency_decimals (USD 2, JPY 0, KWD 3); "" or NULL: 2. */
int rebillia_minor_digits(const char *currency);
/* Exact conversion from the canonical decimal; nothing is ever rounded. */
enum rebillia_cents rebillia_to_minor(money_t m, const char *currency, int64_t *out);
/* And back; false when the count does not fit the money range or 2^53. */
bool rebillia_from_minor(int64_t minor, const char *currency, money_t *out);
/* A JSON amount as the API answers it (an integral number of minor units); false when it is not
 * one (a fraction, a string, beyond 2^53). */
bool rebillia_json_minor(const cJSON *v, int64_t *out);
/* "cannot be written in whole cents of USD (12.345)" style text for messages. */
const char *rebillia_cents_strerror(enum rebillia_cents st);

/* ---- key.c: the match key ----
 * Rebillia takes no invoice number (it numbers invoices itself), so the file's invoice number
 * travels in the invoice's `comments` as "invoicectl:KEY"; nothing else is ever written there. */
#define REBILLIA_KEY_PREFIX "invoicectl:"
#define REBILLIA_COMMENTS_MAX 200 /* characters the API takes in comments and terms */
/* The comments text carrying `key`: a new string. */
char *rebillia_key_comment(const char *key);
/* The key a comments text carries; false when it carries none. */
bool rebillia_key_from_comment(const char *comments, char *buf, size_t bufsize);

/* ---- dates.c: calendar days ----
 * The API writes days as "YYYY-MM-DD".  Canonical dates are unix seconds at midnight in the
 * mapping's zone (model/date.h); see rebillia_day_text for how the day is found. */
void rebillia_day_text(int64_t t, char buf[11]);
/* The day of a "YYYY-MM-DD..." text (a time after the date is ignored) as noon UTC of that day, so
 * that every zone from UTC-12 to UTC+11 shows the same day; false when it is not a date. */
bool rebillia_day_parse(const char *s, int64_t *out);
/* An ISO 8601 timestamp as unix seconds; false when it is not one. */
bool rebillia_time_parse(const char *s, int64_t *out);

/* ---- paths.c: where the endpoints are ----
 * The base URL may end in /v1 or not (the API's own examples do both); invoices, currencies and
 * customers sit under /v1, /globals/countries at the root.  Paths are relative to the base URL as
 * the engine wants them.  rebillia_paths_set is called with the connection (engine_proto,
 * prepare); before that the base is assumed to end in /v1 (the default). */
void rebillia_paths_set(const char *base_url);
/* "/v1" + rel (or rel when the base already ends in /v1): a new string. */
char *rebillia_path(const char *rel);
/* The root path of rel ("/globals/countries"): a new string. */
char *rebillia_root_path(const char *rel);

/* ---- cache.c: ids resolved for this run (by prepare, or by tests) ---- */
void rebillia_cache_clear(void);
void rebillia_cache_set_currency(const char *iso3, const char *id);
void rebillia_cache_set_default_currency(const char *iso3, const char *id);
void rebillia_cache_set_country(const char *alpha2, const char *id);
void rebillia_cache_set_customer(const char *given, const char *id);
void rebillia_cache_set_gateway(const char *id);
void rebillia_cache_set_payment_method(const char *id);
/* The customer's own payment method on the run's gateway (GET /customers/{id}/paymentmethods). */
void rebillia_cache_set_customer_method(const char *customer_id, const char *method_id);
/* The company currency id of a code ("" or NULL: the company's default); NULL when unknown. */
const char *rebillia_cache_currency(const char *iso3);
const char *rebillia_cache_default_iso3(void); /* "" when unknown */
const char *rebillia_cache_country(const char *alpha2);
const char *rebillia_cache_country_code(const char *id); /* alpha-2 of a country id */
const char *rebillia_cache_customer(const char *given);
const char *rebillia_cache_gateway(void);
const char *rebillia_cache_payment_method(void);
/* The paymentMethodId of an invoice of that Rebillia customer id: the configured one, else the
 * customer's own on the gateway; NULL when neither is known. */
const char *rebillia_cache_method_of(const char *customer_id);
/* The currency an invoice's amounts are in: its own, else the company default, else "". */
const char *rebillia_invoice_currency(const ic_invoice *inv);

/* ---- json.c: small readers ---- */
/* An id as the API gives it (a string, or an integral number) as text; false otherwise. */
bool rebillia_json_id(const cJSON *v, char *buf, size_t bufsize);
/* A non-empty string member, or NULL. */
const char *rebillia_str(const cJSON *o, const char *key);
/* A JSON number for a decimal id ("517"); NULL when `id` is not all digits or has more than the
 * 15 digits cJSON prints exactly. */
cJSON *rebillia_id_number(const char *id);
/* True when an id text is usable on the wire and in a path (1..CONN_ID_MAX-1 printable ASCII
 * characters, no blank, no '/', '?', '#' or '%'). */
bool rebillia_id_ok(const char *id);

/* ---- status.c ---- */
/* Canonical status (0 open, 1 partially paid, 2 completed) of a Rebillia status word; -1 when the
 * word is unknown. */
int rebillia_status_canonical(const char *word);

/* ---- lines.c: what becomes a line ---- */
/* Index of the cost line sent as shippingAmount (the first whose description says shipping,
 * freight, delivery or postage), or -1. */
long rebillia_shipping_cost_line(const ic_invoice *inv);
/* "first last" of an address, trimmed: a new string ("" when neither is given). */
char *rebillia_contact_name(const ic_address *a);
/* True when the address holds anything at all. */
bool rebillia_address_given(const ic_address *a);

/* ---- the table's functions ---- */
int rebillia_engine_proto(const api_conn *conn, http_proto *proto, ic_err *err);
void rebillia_check(const ic_invoice *inv, const char *file, problem_list *out);
cJSON *rebillia_create_body(const ic_invoice *inv);
int rebillia_read_doc(const cJSON *doc, ic_invoice *inv, ic_err *err);
bool rebillia_doc_key(const cJSON *doc, const char *match_field, char *buf, size_t bufsize);
bool rebillia_doc_id(const cJSON *doc, char *buf, size_t bufsize);
cJSON *rebillia_merge(const cJSON *stored, const cJSON *body);
size_t rebillia_diff(const cJSON *before, const cJSON *after, merge_change **out);
cJSON *rebillia_update_body(const cJSON *merged, const cJSON *stored);
bool rebillia_can_update(const cJSON *stored, char *why, size_t whylen);
bool rebillia_can_delete(const cJSON *stored, char *why, size_t whylen);
void rebillia_create_request(const char *body, conn_request *out);
void rebillia_update_request(const char *id, const char *body, conn_request *out);
void rebillia_delete_request(const char *id, conn_request *out);
enum conn_verdict rebillia_verdict(const http_result *res, char *msg, size_t msglen);
bool rebillia_answer_id(const http_result *res, char *id, size_t idlen);
int rebillia_list(http_engine *e, const conn_filter *f, conn_page_fn fn, void *ctx, ic_err *err);
void rebillia_find(http_engine *e, const char *match_field, const char *key, int64_t created_since,
                   conn_found_fn fn, void *ctx);
int rebillia_prepare(http_engine *e, const ic_invoice *invs, size_t n, const api_conn *conn,
                     problem_list *out, ic_err *err);
void rebillia_finish(void);

/* The message of an error answer ({code, message, details?}); "HTTP 500" when it has none. */
void rebillia_error_message(const http_result *res, char *msg, size_t msglen);

#endif
