/* B2B Edition invoice operations on top of the HTTP engine (the connector: b2b_connector.c): paged
 * listing (pages fetched in parallel, delivered in offset order), lookup by invoice number, and
 * reading an answer's envelope
 * ({"code": 200, "data": …, "meta": {…}}, errors with "message"/"errMsg" and 422 per-field arrays).
 *
 * Ownership: filters' strings are borrowed for the call.  Page arrays given to b2b_page_fn are
 * borrowed (valid during the call only).  b2b_find_by_number's *found is the caller's
 * (cJSON_Delete).
 */
#ifndef INVOICECTL_API_B2B_H
#define INVOICECTL_API_B2B_H

#include "api/http.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define B2B_PAGE_LIMIT 250

typedef struct b2b_filter {
    int status;                         /* -1 any, else 0/1/2 */
    const char *customer_id;            /* NULL any */
    int64_t begin_date_at, end_date_at; /* 0 = unset; creation time, unix seconds */
    const char *search_by, *q;          /* NULL unset */
    const char *sort_by, *order_by;     /* NULL: the API default */
    int page_limit;                     /* 0: B2B_PAGE_LIMIT (250); tests use smaller pages */
    bool include_extra_fields;          /* isIncludeExtraFields=1: each invoice with extraFields */
} b2b_filter;

/* A filter matching everything (status -1, the rest unset). */
void b2b_filter_init(b2b_filter *f);

/* Lists every invoice matching the filter: first page gives totalCount, then the other pages are
 * fetched in parallel through the engine. page_fn is called once per page IN OFFSET ORDER
 * (out-of-order arrivals are held until their turn) with the page's `data` array (borrowed: valid
 * during the call) and the total count. A non-zero return from page_fn stops (and is returned).
 * Returns 0 or an ic_exit code with err set (IC_EXIT_IO when pages could not be fetched after
 * retries; the message names the offset). */
typedef int (*b2b_page_fn)(void *ctx, const cJSON *invoices, size_t offset, size_t total);
int b2b_list_invoices(http_engine *e, const b2b_filter *f, b2b_page_fn page_fn, void *ctx,
                      ic_err *err);

/* Looks an invoice up by exact invoice number (searchBy=invoiceNumber&q=…, then an exact match on
 * the client), with its extraFields. *found gets a new cJSON object (caller cJSON_Deletes) or NULL
 * when none. Synchronous (runs the engine, so do not call it from inside an engine callback).
 * Returns 0 or IC_EXIT_IO / IC_EXIT_INTERRUPTED. */
int b2b_find_by_number(http_engine *e, const char *invoice_number, cJSON **found, ic_err *err);

/* Looks an invoice up by exact invoice number from inside a running engine (the same search as
 * b2b_find_by_number, page after page until found or every page was read).  fn is called once,
 * from an engine callback: found is borrowed (valid during the call; NULL when none), status the
 * last answer's HTTP status, err NULL on success or the failed lookup's message (IC_EXIT_IO). */
typedef void (*b2b_found_fn)(void *ctx, const cJSON *found, long status, const ic_err *err);
void b2b_find_async(http_engine *e, const char *invoice_number, b2b_found_fn fn, void *ctx);

/* Interprets an answer's body: returns true when it is a success ({"code":200,...} with a 2xx
 * status); otherwise fills msg with the API's message ("The invoice number already exists.",
 * per-field 422 messages joined: "lineItems: This field is required."), or the transport error for
 * UNKNOWN/FAILED. */
bool b2b_answer_ok(const http_result *res, char *msg, size_t msglen);

/* Percent-encodes s for a query string value.  Returns a new string the caller frees. */
char *b2b_url_escape(const char *s);

#endif
