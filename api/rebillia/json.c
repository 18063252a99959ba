/* Small JSON readers shared by the connector's files. */
#include "api/rebillia/rebillia_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool rebillia_id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n >= CONN_ID_MAX)
        return false;
    for (const char *p = id; *p; p++)
        if (*p <= ' ' || *p > '~' || *p == '/' || *p == '?' || *p == '#' || *p == '%')
            return false;
    return true;
}

bool rebillia_json_id(const cJSON *v, char *buf, size_t bufsize)
{
    char tmp[CONN_ID_MAX + 1];
    if (cJSON_IsString(v)) {
        if (!rebillia_id_ok(v->valuestring))
            return false;
        snprintf(tmp, sizeof tmp, "%s", v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (!isfinite(d) || d < 0 || d > 9007199254740992.0 || d != floor(d))
            return false;
        snprintf(tmp, sizeof tmp, "%" PRId64, (int64_t)d);
    } else {
        return false;
    }
    int n = snprintf(buf, bufsize, "%s", tmp);
    return n >= 0 && (size_t)n < bufsize;
}

const char *rebillia_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

cJSON *rebillia_id_number(const char *id)
{
    if (!id || !id[0] || strlen(id) > 15)
        return NULL;
    for (const char *p = id; *p; p++)
        if (*p < '0' || *p > '9')
            return NULL;
    long long v = strtoll(id, NULL, 10);
    return cJSON_CreateNumber((double)v);
}
