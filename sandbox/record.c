#include "sandbox/record.h"
#include "util/common.h"
#include "util/log.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sb_record {
    FILE *fp;
    char *path;
    pthread_mutex_t lock;
    bool failed; /* a write failed: said once, then silent */
};

sb_record *sb_record_open(const char *path, ic_err *err)
{
    FILE *fp = fopen(path, "w");
    if (!fp) {
        ic_err_set(err, IC_EXIT_IO, "cannot write '%s': %s", path, strerror(errno));
        return NULL;
    }
    sb_record *r = xcalloc(1, sizeof *r);
    r->fp = fp;
    r->path = xstrdup(path);
    pthread_mutex_init(&r->lock, NULL);
    return r;
}

void sb_record_write(sb_record *r, const char *method, const char *path, const char *body,
                     size_t len)
{
    if (!r)
        return;
    cJSON *line = cJSON_CreateObject();
    cJSON_AddStringToObject(line, "method", method);
    size_t plen = strcspn(path, "?");
    char *p = xstrndup(path, plen);
    cJSON_AddStringToObject(line, "path", p);
    free(p);
    cJSON *parsed = len ? cJSON_ParseWithLength(body, len) : NULL;
    if (parsed)
        cJSON_AddItemToObject(line, "body", parsed);
    else if (len == 0)
        cJSON_AddNullToObject(line, "body");
    else
        cJSON_AddStringToObject(line, "bodyText", body);
    char *text = cJSON_PrintUnformatted(line);
    cJSON_Delete(line);
    if (!text)
        return;
    pthread_mutex_lock(&r->lock);
    bool bad = fprintf(r->fp, "%s\n", text) < 0 || fflush(r->fp) != 0;
    if (bad && !r->failed) {
        r->failed = true;
        ic_warn("sandbox: cannot write to '%s': %s; requests are no longer recorded", r->path,
                strerror(errno));
    }
    pthread_mutex_unlock(&r->lock);
    cJSON_free(text);
}

void sb_record_close(sb_record *r)
{
    if (!r)
        return;
    if (fclose(r->fp) != 0 && !r->failed)
        ic_warn("sandbox: cannot write to '%s': %s", r->path, strerror(errno));
    pthread_mutex_destroy(&r->lock);
    free(r->path);
    free(r);
}
