/* What the handlers share: ids, bodies, check results, and query arguments
 * (read from libmicrohttpd). */
#include "sandbox/handlers.h"
#include "sandbox/handlers_int.h"
#include "util/sbuf.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool sb_parse_id(const char *s, int64_t *id)
{
    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return false;
    *id = v;
    return true;
}

cJSON *sb_parse_body(const sb_request *rq, sb_reply *out)
{
    const char *end = NULL;
    cJSON *body = cJSON_ParseWithLengthOpts(rq->body, rq->body_len + 1, &end, 1);
    if (!body) {
        char msg[200];
        size_t at = end && end >= rq->body ? (size_t)(end - rq->body) : 0;
        if (rq->body_len == 0)
            snprintf(msg, sizeof msg, "The request body is empty; a JSON object is expected.");
        else
            snprintf(msg, sizeof msg, "The request body is not valid JSON (at byte %zu).", at);
        sb_reply_error(out, 400, msg);
        return NULL;
    }
    if (!cJSON_IsObject(body)) {
        cJSON_Delete(body);
        sb_reply_error(out, 400, "The request body must be a JSON object.");
        return NULL;
    }
    return body;
}

bool sb_reply_check(sb_check *c, sb_reply *out, int64_t id)
{
    if (c->fields) {
        sb_reply_data(out, 422, c->fields);
        c->fields = NULL;
        return true;
    }
    if (c->bad_number) {
        /* The API's own words for a bad number (spec: PUT /invoices/{id} "400"
         * example). */
        sbuf d = SBUF_INIT;
        char msg[700];
        snprintf(msg, sizeof msg, "Please enter a valid number; %s", c->bad_number);
        sbuf_adds(&d, "{\"errMsg\":");
        sbuf_add_json_string(&d, msg);
        if (id > 0)
            sbuf_addf(&d, ",\"id\":%lld", (long long)id);
        sbuf_adds(&d, "}");
        sb_reply_envelope(out, 400, d.data, d.len, ",\"errors\":\"Please enter a valid number; \"");
        sbuf_release(&d);
        return true;
    }
    return false;
}

void sb_reply_id(sb_reply *out, const char *name, int64_t id)
{
    char buf[64];
    int n = snprintf(buf, sizeof buf, "{\"%s\":%lld}", name, (long long)id);
    sb_reply_envelope(out, 200, buf, (size_t)n, NULL);
}

const char *sb_header(const sb_request *rq, const char *name)
{
    if (!rq->conn)
        return NULL;
    return MHD_lookup_connection_value((struct MHD_Connection *)rq->conn, MHD_HEADER_KIND, name);
}

const char *sb_arg(const sb_request *rq, const char *name)
{
    if (!rq->conn)
        return NULL;
    return MHD_lookup_connection_value((struct MHD_Connection *)rq->conn, MHD_GET_ARGUMENT_KIND,
                                       name);
}

struct args_it {
    const char *name;
    const char **out;
    size_t max, n;
};

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    (void)kind;
    struct args_it *a = cls;
    if (strcmp(key, a->name) == 0) {
        if (a->n < a->max)
            a->out[a->n] = value ? value : "";
        a->n++;
    }
    return MHD_YES;
}

size_t sb_args(const sb_request *rq, const char *name, const char **out, size_t max)
{
    if (!rq->conn)
        return 0;
    struct args_it a = {name, out, max, 0};
    MHD_get_connection_values((struct MHD_Connection *)rq->conn, MHD_GET_ARGUMENT_KIND, collect,
                              &a);
    return a.n;
}

bool sb_page_args(const sb_request *rq, sb_reply *out, int64_t *offset, int64_t *limit)
{
    *offset = 0;
    *limit = SB_LIMIT_DEFAULT;
    const char *o = sb_arg(rq, "offset"), *l = sb_arg(rq, "limit");
    char *end;
    if (o && *o) {
        errno = 0;
        long long v = strtoll(o, &end, 10);
        if (errno || *end || v < 0) {
            cJSON *d = cJSON_CreateObject();
            cJSON_AddItemToObject(
                d, "offset",
                cJSON_CreateStringArray((const char *[]){"Must be an integer >= 0."}, 1));
            sb_reply_data(out, 422, d);
            return false;
        }
        *offset = v;
    }
    if (l && *l) {
        errno = 0;
        long long v = strtoll(l, &end, 10);
        if (errno || *end || v < 1) {
            cJSON *d = cJSON_CreateObject();
            cJSON_AddItemToObject(
                d, "limit",
                cJSON_CreateStringArray((const char *[]){"Must be an integer >= 1."}, 1));
            sb_reply_data(out, 422, d);
            return false;
        }
        if (v > SB_LIMIT_MAX) {
            /* about/api-status-codes: 413 "the limit parameter exceeded the maximum".
             */
            sb_reply_error(out, 413, "The limit parameter exceeded the maximum of 250.");
            return false;
        }
        *limit = v;
    }
    return true;
}

void sb_pagination_meta(sbuf *meta, int64_t total, int64_t limit, int64_t offset)
{
    sbuf_addf(meta, ",\"pagination\":{\"totalCount\":%lld,\"limit\":%lld,\"offset\":%lld}",
              (long long)total, (long long)limit, (long long)offset);
}
