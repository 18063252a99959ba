/* B2B Edition's protocol hooks for the HTTP engine (api/proto.h): the X-Store-Hash and
 * X-Auth-Token headers, the "200 OK" answers whose body says {"code": 4xx/5xx}, and the
 * X-Requests-* rate headers.  B2B Edition has no sessions (no sign-in).
 *
 * Ownership: the ctx holds copies of the store hash and the token; the engine frees it (the token
 * wiped) through proto->ctx_free.
 */
#ifndef INVOICECTL_API_B2B_PROTO_H
#define INVOICECTL_API_B2B_PROTO_H

#include "api/conn.h"
#include "api/proto.h"
#include "util/err.h"

/* Fills *proto for a connection.  0, or IC_EXIT_INTERNAL with err when the store hash or the token
 * is missing (api_conn_resolve has already refused that with a usage message). */
int b2b_engine_proto(const api_conn *conn, http_proto *proto, ic_err *err);

#endif
