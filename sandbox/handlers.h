/* The sandbox's API handlers and what they share: the context (store,
 * extra-field configs) and the request (method, path parameters, query
 * arguments, body).
 *
 * Each handler fills `out` with exactly one answer.  Ownership: nothing in
 * sb_request or sb_ctx is owned by a handler; the reply's body belongs to the
 * caller (sb_reply_release).
 */
#ifndef INVOICECTL_SANDBOX_HANDLERS_H
#define INVOICECTL_SANDBOX_HANDLERS_H

#include "sandbox/reply.h"
#include "sandbox/store.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sb_ctx {
    sb_store *store;
    cJSON *extra_fields;  /* the --extra-fields configs (an array); NULL when none
                             were given */
    const char *base_url; /* "http://127.0.0.1:PORT", for the PDF links */
    bool strict_details;  /* --strict-details: PUT's details under the Update
                             schema's own rules (SB_UPDATE_STRICT) */
} sb_ctx;

typedef struct sb_request {
    const char *method;
    const char *path;  /* without the /api/v3/io/ip prefix */
    const char *param; /* the {id} path segment, when the route has one */
    const char *body;  /* NUL-terminated, "" when none */
    size_t body_len;
    void *conn;  /* the MHD connection, for query arguments */
    int64_t now; /* unix seconds */
} sb_request;

/* A request header's value, or NULL. */
const char *sb_header(const sb_request *rq, const char *name);
/* The first value of query argument `name`, or NULL. */
const char *sb_arg(const sb_request *rq, const char *name);
/* Up to `max` values of a repeated argument (`externalId[]=a&externalId[]=b`);
 * returns how many there were (possibly more than max). */
size_t sb_args(const sb_request *rq, const char *name, const char **out, size_t max);

typedef void (*sb_handler)(const sb_ctx *ctx, const sb_request *rq, sb_reply *out);

void sb_h_invoice_create(const sb_ctx *ctx, const sb_request *rq, sb_reply *out);
void sb_h_invoice_list(const sb_ctx *ctx, const sb_request *rq, sb_reply *out);
void sb_h_invoice_get(const sb_ctx *ctx, const sb_request *rq, sb_reply *out);
void sb_h_invoice_update(const sb_ctx *ctx, const sb_request *rq, sb_reply *out);
void sb_h_invoice_delete(const sb_ctx *ctx, const sb_request *rq, sb_reply *out);
void sb_h_invoice_pdf(const sb_ctx *ctx, const sb_request *rq, sb_reply *out);
void sb_h_order_invoice(const sb_ctx *ctx, const sb_request *rq, sb_reply *out);
void sb_h_extra_fields(const sb_ctx *ctx, const sb_request *rq, sb_reply *out);
void sb_h_payment_offline(const sb_ctx *ctx, const sb_request *rq, sb_reply *out);
void sb_h_payment_list(const sb_ctx *ctx, const sb_request *rq, sb_reply *out);

/* Parses a path id: a positive decimal integer; false otherwise. */
bool sb_parse_id(const char *s, int64_t *id);
/* Parses the request body as a JSON object; on failure fills `out` with the 400
 * answer and returns NULL. */
cJSON *sb_parse_body(const sb_request *rq, sb_reply *out);

#endif
