/* The BILL v3 emulation's parts (sandbox/bill/), shared by its files only: the state, the error
 * shapes, exact JSON numbers, sessions and limits, the store, and the handlers.
 *
 * Numbers: cJSON turns a number into a double, which would lose "39.99"'s exactness.  Bodies are
 * therefore parsed with bill_json_parse, which keeps every number as its literal text in a string
 * marked with a leading BILL_NUM_MARK byte (a byte JSON text may not hold raw inside a string, so
 * no real string can carry it); bill_json_print writes them back as bare numbers.  Stored documents
 * are read the same way, so an amount's text survives every round trip.
 *
 * Ownership: the state is made by the table's open and freed by its close; replies own their
 * bodies (sb_reply_release); documents handed out are the caller's to cJSON_Delete.
 */
#ifndef INVOICECTL_SANDBOX_BILL_BILL_H
#define INVOICECTL_SANDBOX_BILL_BILL_H

#include "model/money.h"
#include "sandbox/api.h"
#include "sandbox/json_exact.h"
#include "util/sbuf.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#define BILL_NUM_MARK SB_NUM_MARK
#define BILL_ID_LEN 20
#define BILL_LIST_DEFAULT 20
#define BILL_LIST_MAX 100
#define BILL_SESSIONS_MAX 256

typedef struct bill_session {
    char id[40];
    double last_used; /* monotonic seconds */
} bill_session;

typedef struct bill_state {
    const sandbox_bill_config *cfg;
    sb_faults *faults;
    sqlite3 *db;
    pthread_mutex_t db_mu; /* one request at a time on the connection */
    pthread_mutex_t mu;    /* sessions and counters */
    bill_session sessions[BILL_SESSIONS_MAX];
    size_t n_sessions;
    uint64_t session_seq;
    int64_t hour;     /* the clock hour (unix seconds / 3600) the counts below are for */
    long hour_used;   /* requests in that hour */
    long logins_used; /* logins in that hour */
} bill_state;

/* --- errors.c: BILL's answers ------------------------------------------------------------- */
/* [{"timestamp":…,"code":CODE,"severity":"ERROR","category":CATEGORY,"message":MSG}] */
void bill_error(sb_reply *out, int status, const char *code, const char *category, const char *msg);
/* A list of per-field validation messages, answered as BILL's validation 400s are:
 * [{"timestamp":…,"severity":"ERROR","message":"customer: must not be null"}, …]. */
typedef struct bill_problems {
    sbuf text; /* the array's elements so far */
    int n;
} bill_problems;
void bill_problem(bill_problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Answers `status` (400 for validation) with the problems and releases them; false (nothing
 * answered) when there were none. */
bool bill_problems_answer(bill_problems *p, int status, sb_reply *out);
/* {"message": MSG}: the single-object shape, for a body that cannot be read at all. */
void bill_error_object(sb_reply *out, int status, const char *msg);
/* 200/201 with the document printed (numbers exact); the document stays the caller's. */
void bill_reply_doc(sb_reply *out, int status, cJSON *doc);
/* "2026-03-01T10:30:00.123+00:00" for unix milliseconds; buf holds 32. */
void bill_time_text(int64_t ms, char *buf, size_t size);
int64_t bill_now_ms(void);
/* BILL's date-times, "yyyy-MM-dd'T'HH:mm:ss.SSSX" down to "yyyy-MM-dd" (UTC when no zone), to unix
 * milliseconds; false when s is none of them. */
bool bill_time_parse(const char *s, int64_t *ms);
/* A real calendar date written yyyy-MM-dd. */
bool bill_date_ok(const char *s);

/* --- json.c: exact numbers ----------------------------------------------------------------- */
/* NULL when text is not JSON. */
cJSON *bill_json_parse(const char *text, size_t len);
/* True when v was a JSON number; *literal is its text. */
bool bill_json_number(const cJSON *v, const char **literal);
/* A number node holding exact text (e.g. money_format_min's). */
cJSON *bill_json_num(const char *literal);
cJSON *bill_json_money(money_t m);
/* JSON text with the marked numbers written bare (caller frees with free()). */
char *bill_json_print(const cJSON *doc);
/* A JSON number with at most 4 decimals, as money; false otherwise. */
bool bill_json_money_value(const cJSON *v, money_t *out);

/* --- session.c: login, sessions, the hourly budget ----------------------------------------- */
void bill_h_login(bill_state *b, const sb_api_call *call, sb_reply *out);
void bill_h_logout(bill_state *b, const sb_api_call *call, sb_reply *out);
void bill_h_session(bill_state *b, const sb_api_call *call, sb_reply *out);
/* The table's admit: devKey, session (idle expiry, session-expire fault), hourly budget. */
int bill_admit(void *state, const sb_api_call *call, sb_reply *out);
/* A random-looking token of `len` characters from [0-9A-Za-z] (nul-terminated in buf). */
void bill_random_token(char *buf, size_t len);

/* --- store.c: SQLite -------------------------------------------------------------------------- */
int bill_store_open(bill_state *b, const char *path, ic_err *err);
void bill_store_close(bill_state *b);
/* Runs SQL with no result; false (logged) on failure. */
bool bill_store_exec(bill_state *b, const char *sql);
/* The next value of counter `name` (1, 2, …), kept in the store. */
int64_t bill_store_next(bill_state *b, const char *name);
/* "00e01SANDBOX00000042": prefix (3 chars) + "01SANDBOX" + the counter, 20 characters. */
void bill_new_id(bill_state *b, const char *prefix, const char *counter, char out[BILL_ID_LEN + 1]);
/* The stored invoice (marked numbers), or NULL. */
cJSON *bill_store_invoice(bill_state *b, const char *id);
/* Inserts or replaces the invoice `doc` (its columns derived from it). */
bool bill_store_invoice_save(bill_state *b, const cJSON *doc, bool insert);
/* The id of another invoice holding `number` (archived ones included), or false. */
bool bill_store_number_taken(bill_state *b, const char *number, const char *except_id);
bool bill_store_customer_exists(bill_state *b, const char *id);
void bill_store_customer_add(bill_state *b, const char *id, const char *name, const char *email);

/* --- customers.c ------------------------------------------------------------------------------ */
/* Seeds the customers from --customers FILE or the built-in ones, when the store has none. */
int bill_customers_seed(bill_state *b, const char *path, ic_err *err);
void bill_h_customer_list(bill_state *b, const sb_api_call *call, sb_reply *out);
void bill_h_customer_get(bill_state *b, const sb_api_call *call, sb_reply *out);

/* --- invoices.c, invoice_lines.c ------------------------------------------------------------ */
void bill_h_invoice_create(bill_state *b, const sb_api_call *call, sb_reply *out);
void bill_h_invoice_get(bill_state *b, const sb_api_call *call, sb_reply *out);
void bill_h_invoice_replace(bill_state *b, const sb_api_call *call, sb_reply *out);
void bill_h_invoice_update(bill_state *b, const sb_api_call *call, sb_reply *out);
/* Lines of `given` (the request's invoiceLineItems) applied to `doc`'s: with `replace` the result
 * holds exactly the given lines (known ids kept), else the given lines are merged in.  Checks each
 * line; problems are added to p.  Sets totalAmount and dueAmount. */
void bill_lines_apply(bill_state *b, cJSON *doc, const cJSON *given, bool replace,
                      bill_problems *p);

/* --- list.c, archive.c ------------------------------------------------------------------------ */
void bill_h_invoice_list(bill_state *b, const sb_api_call *call, sb_reply *out);
void bill_h_invoice_archive(bill_state *b, const sb_api_call *call, sb_reply *out);
void bill_h_invoice_restore(bill_state *b, const sb_api_call *call, sb_reply *out);
/* --- payments.c: POST /v3/invoices/record-payment ------------------------------------------ */
void bill_h_record_payment(bill_state *b, const sb_api_call *call, sb_reply *out);
/* max (1..100, default 20) and page (a token of ours) to a limit and offset; false with out filled
 * (400) when bad. */
bool bill_page_args(const sb_api_call *call, int64_t *limit, int64_t *offset, sb_reply *out);
/* Appends ,"nextPage":…,"prevPage":… as they apply. */
void bill_page_links(sbuf *s, int64_t offset, int64_t limit, bool more);

/* The {id} segment of the path the router matched. */
#define BILL_PARAM(call) ((call)->rq.param)

#endif
