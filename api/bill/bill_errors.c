/* BILL's answers: what an error body says, what it means to the run (verdict) and to the engine
 * (classify), and the id of a created invoice.
 *
 * Error bodies come in two shapes: an array of {timestamp?, code?, severity, category?, message}
 * (one entry per bad field for validation errors, often without code) or a single such object.
 * Both are read.  Classification goes by BDC code first, because BILL does not document the HTTP
 * status of its limit errors (clients have seen 429 and 422 for them), then by status. */
#include "api/bill/bill_internal.h"

#include <stdio.h>
#include <string.h>

static void append(char *buf, size_t len, const char *sep, const char *s)
{
    size_t n = strlen(buf);
    if (n + 1 >= len)
        return;
    snprintf(buf + n, len - n, "%s%s", n ? sep : "", s);
}

static void read_one(const cJSON *e, char *codes, size_t codeslen, char *msg, size_t msglen)
{
    if (!cJSON_IsObject(e))
        return;
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code");
    if (cJSON_IsString(c) && c->valuestring[0] && codes)
        append(codes, codeslen, ",", c->valuestring);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "message");
    if (cJSON_IsString(m) && m->valuestring[0] && msg)
        append(msg, msglen, "; ", m->valuestring);
}

void bill_error_read(const cJSON *json, char *codes, size_t codeslen, char *msg, size_t msglen)
{
    if (codes && codeslen)
        codes[0] = '\0';
    if (msg && msglen)
        msg[0] = '\0';
    if (cJSON_IsArray(json)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, json) read_one(e, codes, codeslen, msg, msglen);
    } else {
        read_one(json, codes, codeslen, msg, msglen);
    }
}

static bool has_code(const cJSON *e, const char *code)
{
    const cJSON *c = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "code") : NULL;
    return cJSON_IsString(c) && strcmp(c->valuestring, code) == 0;
}

bool bill_error_has(const cJSON *json, const char *code)
{
    if (cJSON_IsArray(json)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, json)
        {
            if (has_code(e, code))
                return true;
        }
        return false;
    }
    return has_code(json, code);
}

void bill_resume_text(time_t now, char *buf, size_t buflen)
{
    struct tm tm;
    time_t next = now - now % 3600 + 3600;
    gmtime_r(&next, &tm);
    snprintf(buf, buflen, "until the top of the hour (%02d:00 UTC)", tm.tm_hour);
}

enum http_class bill_classify(void *ctx, long status, const cJSON *json, long *effective)
{
    (void)ctx;
    if (effective)
        *effective = status;
    if (bill_error_has(json, "BDC_1109"))
        return HTTP_CLASS_SIGN_IN; /* the session expired: sign in again and replay */
    if (bill_error_has(json, "BDC_1322"))
        return HTTP_CLASS_BUSY; /* more than 3 in flight: nothing was done, retry shortly */
    if (bill_error_has(json, "BDC_1144"))
        return HTTP_CLASS_FINAL; /* the hour's budget: waiting is the run's decision (exit 3) */
    if (status == 429)
        return HTTP_CLASS_BUSY; /* no rate headers to wait on: a short backoff */
    if (status >= 500)
        return HTTP_CLASS_SERVER;
    return HTTP_CLASS_FINAL;
}

/* The message: the API's own, else what the status says. */
static void say(char *msg, size_t msglen, const char *api, const char *fallback)
{
    if (msg && msglen)
        snprintf(msg, msglen, "%s", api[0] ? api : fallback);
}

enum conn_verdict bill_verdict_at(const http_result *res, time_t now, char *msg, size_t msglen)
{
    if (msg && msglen)
        msg[0] = '\0';
    if (res->outcome != HTTP_ANSWERED) {
        say(msg, msglen, res->error, "no answer from BILL");
        return CONN_UNAVAILABLE;
    }
    long st = res->status;
    if (st >= 200 && st < 300)
        return CONN_OK;
    char codes[128], api[700], text[900];
    bill_error_read(res->json, codes, sizeof codes, api, sizeof api);
    const cJSON *j = res->json;
    if (bill_error_has(j, "BDC_1144")) {
        char when[64];
        bill_resume_text(now, when, sizeof when);
        snprintf(text, sizeof text,
                 "BILL's hourly request limit (20,000 per developer key) is spent (BDC_1144): "
                 "nothing more is accepted %s; resume then",
                 when);
        say(msg, msglen, "", text);
        return CONN_BUDGET;
    }
    if (bill_error_has(j, "BDC_1101") || bill_error_has(j, "BDC_1102") ||
        bill_error_has(j, "BDC_1361") || bill_error_has(j, "BDC_1109")) {
        say(msg, msglen, api, "BILL refused the credentials");
        return CONN_AUTH;
    }
    if (bill_error_has(j, "BDC_1322")) {
        say(msg, msglen, api, "too many requests in flight for the organisation (BDC_1322)");
        return CONN_UNAVAILABLE;
    }
    if (bill_error_has(j, "BDC_1205")) {
        say(msg, msglen, api, "the invoice is not in BILL (BDC_1205)");
        return CONN_NOT_FOUND;
    }
    if (bill_error_has(j, "BDC_1121")) {
        say(msg, msglen, api, "BILL does not know this path (BDC_1121): check the API URL");
        return CONN_REFUSED;
    }
    snprintf(text, sizeof text, "HTTP %ld", st);
    say(msg, msglen, api, text);
    if (st == 401)
        return CONN_AUTH;
    if (st == 403)
        return CONN_FORBIDDEN;
    if (st == 404)
        return CONN_NOT_FOUND;
    if (st == 422) {
        /* BILL's answer to a taken invoice number.  When the run's lookup (active invoices only)
         * does not find it, an archived invoice holds it: say so, as the message is final then. */
        size_t n = msg ? strlen(msg) : 0;
        if (msg && n + 1 < msglen)
            snprintf(msg + n, msglen - n,
                     " (an archived BILL invoice may hold the number: invoicectl neither sees nor "
                     "updates archived invoices; restore it in BILL, or use another number)");
        return CONN_DUPLICATE;
    }
    if (st == 429 || st >= 500)
        return CONN_UNAVAILABLE;
    return CONN_REFUSED;
}

enum conn_verdict bill_verdict(const http_result *res, char *msg, size_t msglen)
{
    return bill_verdict_at(res, time(NULL), msg, msglen);
}

bool bill_answer_id(const http_result *res, char *id, size_t idlen)
{
    if (res->outcome != HTTP_ANSWERED || res->status < 200 || res->status >= 300)
        return false;
    return cJSON_IsObject(res->json) && bill_doc_id(res->json, id, idlen);
}
