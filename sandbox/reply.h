/* One answer of the sandbox: HTTP status and body, always in the API's envelope
 * {"code": STATUS, "data": ..., "meta": {"message": ...}} unless built with
 * sb_reply_raw.
 *
 * Ownership: an sb_reply owns `body` (malloc'd); sb_reply_release releases it.
 * Setting a reply twice frees the first body.  Functions taking a cJSON take
 * ownership of it.
 */
#ifndef INVOICECTL_SANDBOX_REPLY_H
#define INVOICECTL_SANDBOX_REPLY_H

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct sb_reply {
    int status; /* 0 until set */
    char *body; /* owned */
    size_t len;
    const char *content_type; /* static string */
    const char *allow;        /* static "GET, PUT, DELETE" for a 405, else NULL */
} sb_reply;

/* The meta.message the API uses for a status: 200 "SUCCESS", 404 "Not Found
 * Error", 422 "Parameter Error"… */
const char *sb_status_message(int status);

/* Envelope around raw JSON text `data_json`; `meta_extra` is raw text appended
 * inside meta after the message (e.g. `,"pagination":{...}`), or NULL. */
void sb_reply_envelope(sb_reply *r, int status, const char *data_json, size_t data_len,
                       const char *meta_extra);
/* Envelope around `data` (taken; NULL means {}); meta.message from
 * sb_status_message. */
void sb_reply_data(sb_reply *r, int status, cJSON *data);
/* {"code":S,"data":{"errMsg":ERRMSG},"meta":{"message":...}} */
void sb_reply_error(sb_reply *r, int status, const char *errmsg);
/* A body outside the envelope (a gateway's HTML page, say). */
void sb_reply_raw(sb_reply *r, int status, const char *content_type, const char *text);
void sb_reply_release(sb_reply *r);

#endif
