/* --record-requests: every request that reaches a handler, appended to a file
 * as JSON Lines {"method": "PUT", "path": "/invoices/12", "body": {...}}, so
 * that tests can check what a client sent against the spec's request schemas.
 *
 * `path` is the operation's path without the /api/v3/io/ip prefix and without
 * the query; `body` is the parsed JSON body, null when there was none, or the
 * text under "bodyText" when it is not JSON.  Headers (credentials) are never
 * written.  Lines are written whole under a lock and flushed one by one, so
 * the file can be read while the sandbox runs.
 *
 * Ownership: sb_record_open returns a recorder sb_record_close frees (NULL is
 * accepted by both sb_record_write and sb_record_close).
 */
#ifndef INVOICECTL_SANDBOX_RECORD_H
#define INVOICECTL_SANDBOX_RECORD_H

#include "util/err.h"

#include <stddef.h>

typedef struct sb_record sb_record;

/* Creates (or empties) the file; NULL with err (IC_EXIT_IO) when it cannot. */
sb_record *sb_record_open(const char *path, ic_err *err);
void sb_record_write(sb_record *r, const char *method, const char *path, const char *body,
                     size_t len);
void sb_record_close(sb_record *r);

#endif
