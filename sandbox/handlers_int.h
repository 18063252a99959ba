/* Helpers shared by the handler files only. */
#ifndef INVOICECTL_SANDBOX_HANDLERS_INT_H
#define INVOICECTL_SANDBOX_HANDLERS_INT_H

#include "sandbox/handlers.h"
#include "util/sbuf.h"
#include "sandbox/validate.h"

#define SB_LIMIT_DEFAULT 10
#define SB_LIMIT_MAX 250

/* Fills out with the 422 (per-field errors) or 400 (bad number) answer when c
 * holds errors; true then. id > 0 adds "id" to the 400 data, as the Update
 * answer does. */
bool sb_reply_check(sb_check *c, sb_reply *out, int64_t id);
/* {"code":200,"data":{"NAME":ID},"meta":{"message":"SUCCESS"}} */
void sb_reply_id(sb_reply *out, const char *name, int64_t id);
/* offset (default 0) and limit (default 10, at most 250: 413 beyond); false
 * with out filled on a bad value. */
bool sb_page_args(const sb_request *rq, sb_reply *out, int64_t *offset, int64_t *limit);
/* Appends `,"pagination":{...}` for the meta object. */
void sb_pagination_meta(sbuf *meta, int64_t total, int64_t limit, int64_t offset);

/* Codes handler transactions return after preparing their own answer (store.h
 * codes are 0..2, negative). */
#define SB_TX_ANSWERED 100

#endif
