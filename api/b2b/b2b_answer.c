/* B2B Edition answers: the envelope ({"code": 200, "data": …, "meta": {…}}) and its error
 * messages ("message", "errMsg", 422 per-field arrays).  See b2b.h. */
#include "api/b2b/b2b.h"

#include "util/sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per-field 422 messages: {"lineItems": ["This field is required."]} → "lineItems: This field is
 * required." */
static void field_messages(sbuf *b, const cJSON *obj, const char *prefix, int depth)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, obj)
    {
        char path[256];
        if (!it->string)
            continue;
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", it->string);
        if (cJSON_IsString(it)) {
            sbuf_addf(b, "%s%s: %s", b->len ? "; " : "", path, it->valuestring);
        } else if (cJSON_IsArray(it)) {
            const cJSON *m;
            bool first = true;
            cJSON_ArrayForEach(m, it)
            {
                if (cJSON_IsString(m)) {
                    sbuf_addf(b, "%s%s%s", first ? (b->len ? "; " : "") : " ", first ? path : "",
                              first ? ": " : "");
                    sbuf_addf(b, "%s", m->valuestring);
                    first = false;
                } else if (cJSON_IsObject(m) && depth < 4) {
                    field_messages(b, m, path, depth + 1);
                }
            }
        } else if (cJSON_IsObject(it) && depth < 4) {
            field_messages(b, it, path, depth + 1);
        }
    }
}

static const char *str_member(const cJSON *o, const char *key)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

bool b2b_answer_ok(const http_result *res, char *msg, size_t msglen)
{
    if (msglen)
        msg[0] = 0;
    if (res->outcome != HTTP_ANSWERED) {
        snprintf(msg, msglen, "%s", res->error[0] ? res->error : "no answer");
        return false;
    }
    const cJSON *j = res->json;
    if (res->status >= 200 && res->status < 300) {
        if (!j) {
            if (res->body_len == 0)
                return true;
            snprintf(msg, msglen, "the answer is not JSON");
            return false;
        }
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(j, "code");
        if (!code || (cJSON_IsNumber(code) && code->valuedouble >= 200 && code->valuedouble < 300))
            return true;
    }
    if (!j) {
        snprintf(msg, msglen, "HTTP %ld%s", res->status,
                 res->body_len ? " (the answer is not JSON)" : "");
        return false;
    }
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(j, "data");
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(j, "meta");
    const char *m = str_member(data, "errMsg");
    if (m) {
        snprintf(msg, msglen, "%s", m);
        return false;
    }
    if (cJSON_IsObject(data)) {
        sbuf b = SBUF_INIT;
        field_messages(&b, data, "", 0);
        if (b.len) {
            snprintf(msg, msglen, "%s", b.data);
            free(b.data);
            return false;
        }
        free(b.data);
    }
    if (cJSON_IsString(data) && data->valuestring[0])
        m = data->valuestring;
    if (!m)
        m = str_member(meta, "message");
    if (!m)
        m = str_member(j, "message");
    if (!m)
        m = str_member(j, "title");
    if (m)
        snprintf(msg, msglen, "%s", m);
    else
        snprintf(msg, msglen, "HTTP %ld", res->status);
    return false;
}
