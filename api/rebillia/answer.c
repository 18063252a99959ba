/* Requests and what their answers mean: Rebillia's errors are {code, message, details?,
 * timestamp} (the MCP server's ApiError type, unverified against a live server). */
#include "api/rebillia/rebillia_internal.h"

#include "util/common.h"
#include "util/sbuf.h"

#include <stdio.h>
#include <string.h>

void rebillia_create_request(const char *body, conn_request *out)
{
    out->method = "POST";
    out->path = rebillia_path("/invoices");
    out->body = xstrdup(body ? body : "{}");
}

void rebillia_update_request(const char *id, const char *body, conn_request *out)
{
    sbuf b = SBUF_INIT;
    sbuf_addf(&b, "/invoices/%s", id);
    out->method = "PUT";
    out->path = rebillia_path(b.data);
    sbuf_release(&b);
    /* Always a body: the server throws on a PUT without one. */
    out->body = xstrdup(body && *body ? body : "{}");
}

void rebillia_delete_request(const char *id, conn_request *out)
{
    sbuf b = SBUF_INIT;
    sbuf_addf(&b, "/invoices/%s", id);
    out->method = "DELETE";
    out->path = rebillia_path(b.data);
    sbuf_release(&b);
    out->body = NULL;
}

/* details: {"field": "text"} or {"field": ["text", ...]} or nested: "field: text; ..." */
static void add_details(sbuf *b, const cJSON *d, const char *prefix, int depth)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, d)
    {
        char path[256];
        if (it->string)
            snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", it->string);
        else
            snprintf(path, sizeof path, "%s", prefix);
        if (cJSON_IsString(it)) {
            sbuf_addf(b, "%s%s%s%s", b->len ? "; " : "", path, *path ? ": " : "", it->valuestring);
        } else if ((cJSON_IsArray(it) || cJSON_IsObject(it)) && depth < 4) {
            add_details(b, it, path, depth + 1);
        }
    }
}

void rebillia_error_message(const http_result *res, char *msg, size_t msglen)
{
    const cJSON *j = res->json;
    const char *m = rebillia_str(j, "message");
    if (!m)
        m = rebillia_str(j, "error");
    sbuf d = SBUF_INIT;
    const cJSON *details =
        cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "details") : NULL;
    if (details)
        add_details(&d, details, "", 0);
    if (m && d.len)
        snprintf(msg, msglen, "%s (%s)", m, d.data);
    else if (m || d.len)
        snprintf(msg, msglen, "%s", m ? m : d.data);
    else
        snprintf(msg, msglen, "HTTP %ld%s", res->status,
                 !j && res->body_len ? " (the answer is not JSON)" : "");
    sbuf_release(&d);
}

enum conn_verdict rebillia_verdict(const http_result *res, char *msg, size_t msglen)
{
    if (msglen)
        msg[0] = 0;
    if (res->outcome != HTTP_ANSWERED) {
        snprintf(msg, msglen, "%s", res->error[0] ? res->error : "no answer");
        return CONN_UNAVAILABLE;
    }
    long st = res->status;
    if (st >= 200 && st < 300)
        return CONN_OK;
    rebillia_error_message(res, msg, msglen);
    if (st == 401)
        return CONN_AUTH;
    if (st == 403)
        return CONN_FORBIDDEN;
    if (st == 404)
        return CONN_NOT_FOUND;
    if (st == 429 || st >= 500 || st < 200)
        return CONN_UNAVAILABLE;
    /* 400, 422 and the other 4xx: the content was refused.  Rebillia has no unique field an import
     * sets, so nothing is ever a duplicate. */
    return CONN_REFUSED;
}

bool rebillia_answer_id(const http_result *res, char *id, size_t idlen)
{
    const cJSON *j = res->json;
    if (!cJSON_IsObject(j))
        return false;
    if (rebillia_json_id(cJSON_GetObjectItemCaseSensitive(j, "id"), id, idlen))
        return true;
    /* Some Rebillia answers wrap the object in "data" (the list's envelope). */
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(j, "data");
    return cJSON_IsObject(data) &&
           rebillia_json_id(cJSON_GetObjectItemCaseSensitive(data, "id"), id, idlen);
}
