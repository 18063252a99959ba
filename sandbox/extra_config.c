/* Loading the --extra-fields file. */
#include "sandbox/sandbox.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len, ic_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ic_err_set(err, IC_EXIT_IO, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                ic_err_set(err, IC_EXIT_INTERNAL, "out of memory reading '%s'", path);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, 4096, f);
        n += got;
        if (got < 4096)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        ic_err_set(err, IC_EXIT_IO, "cannot read '%s'", path);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

char *sandbox_read_file(const char *path, size_t *len, ic_err *err)
{
    return slurp(path, len, err);
}

cJSON *sandbox_load_extra_fields(const char *path, ic_err *err)
{
    size_t len;
    char *text = slurp(path, &len, err);
    if (!text)
        return NULL;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    cJSON *arr = NULL;
    if (!root) {
        ic_err_set(err, IC_EXIT_USAGE, "'%s': not valid JSON at byte %ld", path,
                   end ? (long)(end - text) : 0L);
        goto out;
    }
    arr = cJSON_IsObject(root) ? cJSON_DetachItemFromObjectCaseSensitive(root, "data") : root;
    if (arr == root)
        root = NULL;
    if (!cJSON_IsArray(arr)) {
        ic_err_set(err, IC_EXIT_USAGE,
                   "'%s': expected an array of extra-field configs (or {\"data\": [...]})", path);
        cJSON_Delete(arr);
        arr = NULL;
        goto out;
    }
    int i = 0;
    const cJSON *cfg;
    cJSON_ArrayForEach(cfg, arr)
    {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(cfg, "fieldName");
        if (!cJSON_IsObject(cfg) || !cJSON_IsString(n) || !n->valuestring[0]) {
            ic_err_set(err, IC_EXIT_USAGE, "'%s': config [%d] has no string 'fieldName'", path, i);
            cJSON_Delete(arr);
            arr = NULL;
            goto out;
        }
        i++;
    }
out:
    cJSON_Delete(root);
    free(text);
    return arr;
}
