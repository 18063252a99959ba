/* What the files of api/bill/ share: the pieces of the connector table, the exact reading and
 * writing of BILL's amounts and dates, and the reading of BILL's error bodies.  Nothing outside
 * api/bill/ includes this (tests do, to reach the pieces one by one).
 *
 * Ownership: functions returning cJSON trees give them to the caller (cJSON_Delete); documents
 * passed in are borrowed.  Text written into caller buffers is always NUL-terminated.
 */
#ifndef INVOICECTL_API_BILL_BILL_INTERNAL_H
#define INVOICECTL_API_BILL_BILL_INTERNAL_H

#include "api/connector.h"
#include "model/money.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* BILL keeps amounts in currency units with 2 decimals. */
#define BILL_AMOUNT_PLACES 2
#define BILL_INVOICE_NUMBER_MAX 100 /* characters */
#define BILL_PAGE_MAX 100           /* `max` is 1..100, enforced by BILL */
#define BILL_CONCURRENCY 3          /* requests in flight per organisation (BDC_1322 beyond) */

/* ---- amounts (bill_amount.c) ---- */

/* Attaches `m` under `key` as a JSON number written from its exact decimal text (a cJSON raw
 * item: never a double), in its shortest form ("39.99", "2", "0.5"). */
void bill_put_amount(cJSON *obj, const char *key, money_t m);
/* A JSON number (or the raw text bill_put_amount wrote) as an exact amount: accepted only when
 * the number identifies one decimal of at most 4 places (cJSON keeps only the double, so
 * 0.30000000000000004 is not 0.3 and is refused).  MONEY_OK, MONEY_SYNTAX (not a number),
 * MONEY_PRECISION (not exact) or MONEY_OVERFLOW. */
enum money_status bill_number_amount(const cJSON *v, money_t *out);
/* True when `m` has no more decimals than BILL keeps (2). */
bool bill_amount_fits(money_t m);

/* ---- dates (bill_date.c) ---- */

/* BILL's dates are calendar days ("2026-03-31").  The canonical invoice holds instants (the start
 * of the day in the mapping's zone), and the connector is not told that zone, so:
 *  - writing, the day is the UTC day of t + 13 h: the midnight of a day in any zone from UTC-11
 *    (exclusive) to UTC+13 lies in that window;
 *  - reading, a day becomes 10:00 UTC of that day, which is the same day in every zone from UTC-10
 *    to UTC+13 (for export's aging) and writes back as the same day. */
#define BILL_DAY_WRITE_SHIFT (13 * 3600)
#define BILL_DAY_READ_HOUR (10 * 3600)
void bill_format_day(int64_t t, char buf[11]);
/* The same day's text in any year (buf of at least 16 bytes); false when the year is outside
 * 1900..9999, which yyyy-MM-dd cannot say (bill_check refuses it). */
bool bill_day_text(int64_t t, char *buf, size_t len);
/* "yyyy-MM-dd" strictly (10 characters, a real day); false otherwise. */
bool bill_parse_day(const char *s, int64_t *out);
/* BILL's times ("2026-01-15T10:30:00.000+00:00") as unix seconds; false when not one. */
bool bill_parse_time(const char *s, int64_t *out);

/* ---- documents (bill_body.c, bill_read.c, bill_merge.c) ---- */

cJSON *bill_create_body(const ic_invoice *inv);
int bill_read_doc(const cJSON *doc, ic_invoice *inv, ic_err *err);
bool bill_doc_key(const cJSON *doc, const char *match_field, char *buf, size_t bufsize);
bool bill_doc_id(const cJSON *doc, char *buf, size_t bufsize);
cJSON *bill_merge(const cJSON *stored, const cJSON *body);
size_t bill_diff(const cJSON *before, const cJSON *after, merge_change **out);
cJSON *bill_update_body(const cJSON *merged, const cJSON *stored);
/* The price a line is sent with: its unit price less its discount; false on overflow. */
bool bill_line_price(const ic_line_item *li, money_t *out);
/* A customer id BILL made ("0cu…"). */
bool bill_is_customer_id(const char *s);

/* ---- validation (bill_check.c) ---- */

void bill_check(const ic_invoice *inv, const char *file, problem_list *out);

/* ---- errors and answers (bill_errors.c) ---- */

/* BILL's error body, read from either shape: an array of {code?, severity, category?, message}
 * or one such object.  codes: the BDC codes found, comma-joined ("" when none); msg: the messages
 * joined with "; " ("" when none). */
void bill_error_read(const cJSON *json, char *codes, size_t codeslen, char *msg, size_t msglen);
/* True when the error body carries `code` ("BDC_1109"). */
bool bill_error_has(const cJSON *json, const char *code);
/* "until the top of the hour (15:00 UTC)" for a time `now`. */
void bill_resume_text(time_t now, char *buf, size_t buflen);
enum conn_verdict bill_verdict_at(const http_result *res, time_t now, char *msg, size_t msglen);
enum conn_verdict bill_verdict(const http_result *res, char *msg, size_t msglen);
bool bill_answer_id(const http_result *res, char *id, size_t idlen);
enum http_class bill_classify(void *ctx, long status, const cJSON *json, long *effective);

/* ---- the session (bill_session.c) ---- */

int bill_engine_proto(const api_conn *conn, http_proto *proto, ic_err *err);

/* ---- listing (bill_list.c) ---- */

/* The list query for a filter and a page token (NULL: the first page): "/v3/invoices?max=100&…".
 * 0, or IC_EXIT_USAGE with err naming what BILL cannot filter by.  *out is a heap string. */
int bill_list_path(const conn_filter *f, const char *page, char **out, ic_err *err);
int bill_list(http_engine *e, const conn_filter *f, conn_page_fn fn, void *ctx, ic_err *err);
void bill_find(http_engine *e, const char *match_field, const char *key, int64_t created_since,
               conn_found_fn fn, void *ctx);
/* How far before created_since a lookup starts reading (clocks of the two sides differ). */
#define BILL_FIND_MARGIN_S (24 * 3600)

/* ---- payments (bill_payment.c): POST /v3/invoices/record-payment ---- */
cJSON *bill_payment_body(const cJSON *stored, const conn_payment *p);
void bill_payment_request(const char *body, conn_request *out);
bool bill_payment_answer_id(const http_result *res, char *id, size_t idlen);

#endif
