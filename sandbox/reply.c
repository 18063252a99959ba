#include "sandbox/reply.h"
#include "util/sbuf.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sb_status_message(int status)
{
    switch (status) {
    case 200:
        return "SUCCESS";
    case 400:
        return "Bad Requests Error";
    case 401:
        return "Unauthorized Error";
    case 403:
        return "Forbidden Error";
    case 404:
        return "Not Found Error";
    case 405:
        return "Method Not Allowed Error";
    case 413:
        return "Request Entity Too Large Error";
    case 415:
        return "Unsupported Media Type Error";
    case 422:
        return "Parameter Error";
    case 429:
        return "Too Many Requests Error";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable Error";
    default:
        return status < 400 ? "SUCCESS" : "Error";
    }
}

static void set_body(sb_reply *r, int status, char *body, size_t len, const char *ctype)
{
    free(r->body);
    r->status = status;
    r->body = body;
    r->len = len;
    r->content_type = ctype;
}

void sb_reply_envelope(sb_reply *r, int status, const char *data_json, size_t data_len,
                       const char *meta_extra)
{
    sbuf b = SBUF_INIT;
    sbuf_addf(&b, "{\"code\":%d,\"data\":", status);
    sbuf_add(&b, data_json, data_len);
    sbuf_adds(&b, ",\"meta\":{\"message\":");
    sbuf_add_json_string(&b, sb_status_message(status));
    if (meta_extra)
        sbuf_adds(&b, meta_extra);
    sbuf_adds(&b, "}}");
    size_t len;
    char *body = sbuf_take(&b, &len);
    set_body(r, status, body, len, "application/json");
}

void sb_reply_data(sb_reply *r, int status, cJSON *data)
{
    char *text = data ? cJSON_PrintUnformatted(data) : NULL;
    if (data && !text) {
        fputs("invoicectl: error: out of memory\n", stderr);
        exit(5);
    }
    if (text)
        sb_reply_envelope(r, status, text, strlen(text), NULL);
    else
        sb_reply_envelope(r, status, "{}", 2, NULL);
    cJSON_free(text);
    cJSON_Delete(data);
}

void sb_reply_error(sb_reply *r, int status, const char *errmsg)
{
    sbuf d = SBUF_INIT;
    sbuf_adds(&d, "{\"errMsg\":");
    sbuf_add_json_string(&d, errmsg);
    sbuf_adds(&d, "}");
    sb_reply_envelope(r, status, d.data, d.len, NULL);
    sbuf_release(&d);
}

void sb_reply_raw(sb_reply *r, int status, const char *content_type, const char *text)
{
    set_body(r, status, xstrdup(text), strlen(text), content_type);
}

void sb_reply_release(sb_reply *r)
{
    free(r->body);
    memset(r, 0, sizeof *r);
}
