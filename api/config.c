/* The profiles file: see config.h. */
#include "api/config.h"

#include "util/common.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Larger than any sane profiles file; keeps a wrong --config (a log, a device) from being slurped.
 */
#define CONFIG_MAX_BYTES (1024 * 1024)

void api_secret_wipe(char *s)
{
    if (!s)
        return;
    volatile char *p = s;
    while (*p)
        *p++ = 0;
}

char *api_config_default_path(void)
{
    char buf[4096];
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && *xdg)
        n = snprintf(buf, sizeof buf, "%s/invoicectl/config.json", xdg);
    else if (home && *home)
        n = snprintf(buf, sizeof buf, "%s/.config/invoicectl/config.json", home);
    else
        return NULL;
    if (n < 0 || (size_t)n >= sizeof buf)
        return NULL;
    return xstrdup(buf);
}

void api_profile_release(api_profile *p)
{
    if (!p)
        return;
    api_secret_wipe(p->token);
    api_secret_wipe(p->password);
    api_secret_wipe(p->dev_key);
    free(p->target);
    free(p->username);
    free(p->password);
    free(p->organization_id);
    free(p->dev_key);
    free(p->rebillia_gateway_id);
    free(p->rebillia_payment_method_id);
    free(p->name);
    free(p->api_url);
    free(p->store_hash);
    free(p->token);
    free(p->cacert);
    free(p->timezone);
    memset(p, 0, sizeof *p);
}

/* Copies an optional string member; a member of another type is an error naming its JSON path. */
static int take_string(const cJSON *obj, const char *key, const char *path, const char *profile,
                       char **out, ic_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsString(v) || !v->valuestring)
        return ic_err_set(err, IC_EXIT_USAGE, "'%s': 'profiles.%s.%s' is not a string", path,
                          profile, key);
    if (*v->valuestring)
        *out = xstrdup(v->valuestring);
    return 0;
}

/* A numeric id: a whole number, or a string (checked where it is used). */
static int take_id(const cJSON *obj, const char *key, const char *path, const char *profile,
                   char **out, ic_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsNumber(v)) {
        if (v->valuedouble < 1 || v->valuedouble > 1e15 ||
            v->valuedouble != (double)(long long)v->valuedouble)
            return ic_err_set(err, IC_EXIT_USAGE,
                              "'%s': 'profiles.%s.%s' is not a whole number from 1", path, profile,
                              key);
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)v->valuedouble);
        *out = xstrdup(buf);
        return 0;
    }
    return take_string(obj, key, path, profile, out, err);
}

int api_config_load(const char *path, bool required, const char *name, api_profile *out,
                    ic_err *err)
{
    int rc = 0;
    int fd = -1;
    char *text = NULL;
    cJSON *root = NULL;
    size_t cap = 0, len = 0;
    memset(out, 0, sizeof *out);

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT && !required)
            goto out;
        rc = ic_err_set(err, IC_EXIT_USAGE, "cannot open config file '%s': %s", path,
                        strerror(errno));
        goto out;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        rc = ic_err_set(err, IC_EXIT_USAGE, "cannot stat config file '%s': %s", path,
                        strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = ic_err_set(err, IC_EXIT_USAGE, "config file '%s' is not a regular file", path);
        goto out;
    }
    /* It may hold a token: a file others can read is refused before anything in it is used. */
    if (st.st_mode & (S_IRGRP | S_IROTH | S_IWGRP | S_IWOTH)) {
        rc = ic_err_set(err, IC_EXIT_USAGE, "'%s' is readable by others; run 'chmod 600 %s'", path,
                        path);
        goto out;
    }
    if (st.st_size > CONFIG_MAX_BYTES) {
        rc = ic_err_set(err, IC_EXIT_USAGE, "config file '%s' is larger than 1 MiB", path);
        goto out;
    }
    cap = (size_t)st.st_size + 1;
    text = xmalloc(cap);
    for (;;) {
        ssize_t n = read(fd, text + len, cap - len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            rc = ic_err_set(err, IC_EXIT_USAGE, "cannot read config file '%s': %s", path,
                            strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len == cap) {
            if (cap > CONFIG_MAX_BYTES) {
                rc = ic_err_set(err, IC_EXIT_USAGE, "config file '%s' is larger than 1 MiB", path);
                goto out;
            }
            cap *= 2;
            text = xrealloc(text, cap);
        }
    }
    root = cJSON_ParseWithLength(text, len);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        size_t off = at && at >= text && at <= text + len ? (size_t)(at - text) : 0;
        rc = ic_err_set(err, IC_EXIT_USAGE, "config file '%s': invalid JSON near byte %zu", path,
                        off);
        goto out;
    }
    if (!cJSON_IsObject(root)) {
        rc = ic_err_set(err, IC_EXIT_USAGE, "config file '%s': the top level is not an object",
                        path);
        goto out;
    }
    const cJSON *profiles = cJSON_GetObjectItemCaseSensitive(root, "profiles");
    if (profiles && !cJSON_IsObject(profiles)) {
        rc = ic_err_set(err, IC_EXIT_USAGE, "config file '%s': 'profiles' is not an object", path);
        goto out;
    }
    const cJSON *def = cJSON_GetObjectItemCaseSensitive(root, "default");
    if (def && !cJSON_IsString(def) && !cJSON_IsNull(def)) {
        rc = ic_err_set(err, IC_EXIT_USAGE, "config file '%s': 'default' is not a string", path);
        goto out;
    }
    if (!name && def && cJSON_IsString(def) && def->valuestring[0])
        name = def->valuestring;
    if (!name)
        goto out; /* no profile asked for and no default: nothing from this file */
    const cJSON *p = profiles ? cJSON_GetObjectItemCaseSensitive(profiles, name) : NULL;
    if (!p) {
        rc = ic_err_set(err, IC_EXIT_USAGE, "config file '%s' has no profile '%s'", path, name);
        goto out;
    }
    if (!cJSON_IsObject(p)) {
        rc = ic_err_set(err, IC_EXIT_USAGE, "config file '%s': 'profiles.%s' is not an object",
                        path, name);
        goto out;
    }
    out->name = xstrdup(name);
    if ((rc = take_string(p, "api_url", path, name, &out->api_url, err)) ||
        (rc = take_string(p, "store_hash", path, name, &out->store_hash, err)) ||
        (rc = take_string(p, "token", path, name, &out->token, err)) ||
        (rc = take_string(p, "cacert", path, name, &out->cacert, err)) ||
        (rc = take_string(p, "timezone", path, name, &out->timezone, err)) ||
        (rc = take_string(p, "target", path, name, &out->target, err)) ||
        (rc = take_string(p, "username", path, name, &out->username, err)) ||
        (rc = take_string(p, "password", path, name, &out->password, err)) ||
        (rc = take_string(p, "organization_id", path, name, &out->organization_id, err)) ||
        (rc = take_string(p, "dev_key", path, name, &out->dev_key, err)) ||
        (rc = take_id(p, "rebillia_gateway_id", path, name, &out->rebillia_gateway_id, err)) ||
        (rc = take_id(p, "rebillia_payment_method_id", path, name, &out->rebillia_payment_method_id,
                      err)))
        goto out;
out:
    if (rc)
        api_profile_release(out);
    if (text) {
        /* The text held the token too. */
        memset(text, 0, len);
        free(text);
    }
    cJSON_Delete(root);
    if (fd >= 0)
        close(fd);
    return rc;
}
