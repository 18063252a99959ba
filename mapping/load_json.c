/* The JSON shape checks of mapping_load: errors with their path, known keys with "did you mean",
 * repeated keys, what kind of value was given, scalars as exact text. */
#include "mapping/load_internal.h"
#include "util/common.h"
#include "util/strmap.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int load_fail(lctx *c, const char *path, const char *fmt, ...)
{
    char msg[IC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char line[IC_ERR_MSG_MAX + PATH_MAX_LEN + 16];
    if (path && *path)
        snprintf(line, sizeof line, "%s: %s: %s", c->file, path, msg);
    else
        snprintf(line, sizeof line, "%s: %s", c->file, msg);
    /* The first error is the one in err; every one goes to the list, so that the loaders below can
     * carry on with the next independent part of the file and report it too. */
    if (c->nerr++ == 0)
        ic_err_set(c->err, IC_EXIT_USAGE, "%s", line);
    if (c->errs->n < MAPPING_MAX_LOAD_ERRORS)
        c->errs->msgs[c->errs->n++] = xstrdup(line);
    else
        c->errs->more++;
    return IC_EXIT_USAGE;
}

/* Whether an unknown key of obj was reported as a misspelling of `name` (check_keys says "did you
 * mean"), so that calling `name` missing as well would only repeat that error. */
bool misspelt(const cJSON *obj, const char *name, const char *const *known, size_t n)
{
    if (!cJSON_IsObject(obj))
        return false;
    for (const cJSON *k = obj->child; k; k = k->next) {
        bool ok = false;
        for (size_t i = 0; i < n && !ok; i++)
            ok = strcmp(k->string, known[i]) == 0;
        const char *near = ok ? NULL : nearest_name(k->string, known, n);
        if (near && strcmp(near, name) == 0)
            return true;
    }
    return false;
}

/* out = base + "." + key (or key alone), cut to PATH_MAX_LEN. */
void join_path(char *out, const char *base, const char *key)
{
    size_t n = 0;
    if (base && *base) {
        size_t bl = strnlen(base, PATH_MAX_LEN - 2);
        memcpy(out, base, bl);
        out[bl] = '.';
        n = bl + 1;
    }
    size_t kl = strnlen(key, PATH_MAX_LEN - 1 - n);
    memcpy(out + n, key, kl);
    out[n + kl] = '\0';
}

const char *json_kind(const cJSON *j)
{
    if (cJSON_IsString(j))
        return "a string";
    if (cJSON_IsNumber(j))
        return "a number";
    if (cJSON_IsBool(j))
        return "true/false";
    if (cJSON_IsNull(j))
        return "null";
    if (cJSON_IsArray(j))
        return "an array";
    if (cJSON_IsObject(j))
        return "an object";
    return "an invalid value";
}

/* Whether `key` came earlier in the object whose keys `seen` collects: a hash rather than a look at
 * every earlier key, so that an object of 100,000 keys is checked in linear time. */
bool seen_before(strmap *seen, const char *key)
{
    size_t ignored;
    if (strmap_get(seen, key, &ignored))
        return true;
    strmap_put(seen, key, 0);
    return false;
}

/* Unknown and repeated keys.  Top-level keys starting with '_' are comments (except "_todo"). */
int check_keys(lctx *c, const cJSON *obj, const char *path, const char *const *known, size_t n,
               bool allow_comments)
{
    int rc = 0;
    strmap seen;
    strmap_init(&seen);
    for (const cJSON *k = obj->child; k; k = k->next) {
        char p[PATH_MAX_LEN];
        join_path(p, path, k->string);
        if (seen_before(&seen, k->string)) {
            rc = load_fail(c, p, "given twice");
            continue;
        }
        bool ok = false;
        for (size_t i = 0; i < n && !ok; i++)
            ok = strcmp(k->string, known[i]) == 0;
        if (ok || (allow_comments && k->string[0] == '_'))
            continue;
        const char *near = nearest_name(k->string, known, n);
        if (near) {
            rc = load_fail(c, p, "unknown field; did you mean '%s'?", near);
            continue;
        }
        char list[512];
        size_t used = 0;
        list[0] = '\0';
        for (size_t i = 0; i < n && used + 1 < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s'%s'", i ? ", " : "",
                                     known[i]);
        rc = load_fail(c, p, "unknown field; expected one of %s", list);
    }
    strmap_release(&seen);
    return rc;
}

/* A JSON scalar as exact text.  Numbers go through %.15g, which writes back any decimal of up to 15
 * significant digits exactly; longer amounts must be written as strings. */
char *scalar_text(const cJSON *j)
{
    if (cJSON_IsString(j))
        return xstrdup(j->valuestring);
    if (cJSON_IsNumber(j)) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.15g", j->valuedouble);
        return xstrdup(buf);
    }
    if (cJSON_IsBool(j))
        return xstrdup(cJSON_IsTrue(j) ? "true" : "false");
    return NULL;
}
