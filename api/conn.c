/* Connection settings: options > environment > config profile.  See conn.h. */
#include "api/conn.h"

#include "api/config.h"
#include "api/connector.h"
#include "api/loopback.h"
#include "util/common.h"
#include "util/log.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define API_BASE_PATH "/api/v3/io/ip"

const struct option api_conn_long_options[API_CONN_NOPTS + 1] = {
    {"api-url", required_argument, NULL, API_OPT_API_URL},
    {"store-hash", required_argument, NULL, API_OPT_STORE_HASH},
    {"token-file", required_argument, NULL, API_OPT_TOKEN_FILE},
    {"cacert", required_argument, NULL, API_OPT_CACERT},
    {"insecure", no_argument, NULL, API_OPT_INSECURE},
    {"timeout", required_argument, NULL, API_OPT_TIMEOUT},
    {"max-retries", required_argument, NULL, API_OPT_MAX_RETRIES},
    {"concurrency", required_argument, NULL, API_OPT_CONCURRENCY},
    {"profile", required_argument, NULL, API_OPT_PROFILE},
    {"config", required_argument, NULL, API_OPT_CONFIG},
    {"token", required_argument, NULL, API_OPT_TOKEN_REFUSED},
    {"password-file", required_argument, NULL, API_OPT_PASSWORD_FILE},
    {0, 0, 0, 0},
};

struct api_conn_opts {
    char *api_url, *store_hash, *token_file, *password_file, *cacert, *profile, *config;
    char *target;
    bool insecure;
    long timeout_ms; /* 0: unset */
    int max_retries; /* -1: unset */
    int concurrency; /* 0: unset */
};

api_conn_opts *api_conn_opts_new(void)
{
    api_conn_opts *o = xcalloc(1, sizeof *o);
    o->max_retries = -1;
    return o;
}

void api_conn_opts_free(api_conn_opts *o)
{
    if (!o)
        return;
    free(o->api_url);
    free(o->store_hash);
    free(o->token_file);
    free(o->password_file);
    free(o->target);
    free(o->cacert);
    free(o->profile);
    free(o->config);
    free(o);
}

static void replace(char **slot, const char *arg)
{
    free(*slot);
    *slot = xstrdup(arg);
}

static int parse_long(const char *arg, const char *opt, long lo, long hi, long *out, ic_err *err)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < lo || v > hi)
        return ic_err_set(err, IC_EXIT_USAGE, "%s: '%s' is not a whole number from %ld to %ld", opt,
                          arg, lo, hi);
    *out = v;
    return 0;
}

int api_conn_opts_take(api_conn_opts *o, int opt, const char *arg, ic_err *err)
{
    long v;
    switch (opt) {
    case API_OPT_API_URL:
        replace(&o->api_url, arg);
        return 1;
    case API_OPT_STORE_HASH:
        replace(&o->store_hash, arg);
        return 1;
    case API_OPT_TOKEN_FILE:
        replace(&o->token_file, arg);
        return 1;
    case API_OPT_PASSWORD_FILE:
        replace(&o->password_file, arg);
        return 1;
    case API_OPT_CACERT:
        replace(&o->cacert, arg);
        return 1;
    case API_OPT_PROFILE:
        replace(&o->profile, arg);
        return 1;
    case API_OPT_CONFIG:
        replace(&o->config, arg);
        return 1;
    case API_OPT_INSECURE:
        o->insecure = true;
        return 1;
    case API_OPT_TIMEOUT: {
        char *end;
        errno = 0;
        double s = strtod(arg, &end);
        if (errno || end == arg || *end || !(s > 0) || s > 86400)
            return ic_err_set(err, IC_EXIT_USAGE,
                              "--timeout: '%s' is not a number of seconds from 0 to 86400", arg);
        o->timeout_ms = (long)ceil(s * 1000);
        return 1;
    }
    case API_OPT_MAX_RETRIES:
        if (parse_long(arg, "--max-retries", 0, 100, &v, err))
            return IC_EXIT_USAGE;
        o->max_retries = (int)v;
        return 1;
    case API_OPT_CONCURRENCY:
        if (parse_long(arg, "--concurrency", 1, API_MAX_CONCURRENCY, &v, err))
            return IC_EXIT_USAGE;
        o->concurrency = (int)v;
        return 1;
    case API_OPT_TOKEN_REFUSED:
        /* The value is deliberately not echoed: it is a secret already exposed in the process list.
         */
        return ic_err_set(
            err, IC_EXIT_USAGE,
            "--token is not accepted: a token on the command line is visible to other users; "
            "set B2B_AUTH_TOKEN, use --token-file FILE, or put it in a config profile");
    default:
        return 0;
    }
}

void api_conn_opts_set_target(api_conn_opts *o, const char *target)
{
    free(o->target);
    o->target = target ? xstrdup(target) : NULL;
}

void api_conn_release(api_conn *c)
{
    if (!c)
        return;
    api_secret_wipe(c->token);
    api_secret_wipe(c->password);
    api_secret_wipe(c->dev_key);
    free(c->base_url);
    free(c->target);
    free(c->store_hash);
    free(c->token);
    free(c->username);
    free(c->password);
    free(c->organization_id);
    free(c->dev_key);
    free(c->rebillia_gateway_id);
    free(c->rebillia_payment_method_id);
    free(c->cacert);
    free(c->timezone);
    free(c->profile);
    memset(c, 0, sizeof *c);
}

char *api_conn_normalize_url(const char *url, ic_err *err)
{
    return api_conn_normalize_url_root(url, API_BASE_PATH, err);
}

char *api_conn_normalize_url_root(const char *url, const char *root_path, ic_err *err)
{
    char *res = NULL, *scheme = NULL, *host = NULL, *path = NULL, *part = NULL, *full = NULL;
    CURLU *u = curl_url();
    if (!u) {
        ic_err_set(err, IC_EXIT_INTERNAL, "out of memory");
        goto out;
    }
    if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
        ic_err_set(err, IC_EXIT_USAGE, "API URL '%s' is not a valid absolute URL", url);
        goto out;
    }
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        ic_err_set(err, IC_EXIT_USAGE, "API URL '%s' has no host", url);
        goto out;
    }
    if (curl_url_get(u, CURLUPART_USER, &part, 0) == CURLUE_OK || part) {
        /* Not echoed: user info is a credential. */
        ic_err_set(err, IC_EXIT_USAGE, "the API URL must not contain a user name or password");
        goto out;
    }
    if (curl_url_get(u, CURLUPART_QUERY, &part, 0) == CURLUE_OK ||
        curl_url_get(u, CURLUPART_FRAGMENT, &part, 0) == CURLUE_OK) {
        ic_err_set(err, IC_EXIT_USAGE, "API URL '%s' must not have a query or fragment", url);
        goto out;
    }
    if (strcasecmp(scheme, "https") != 0) {
        if (strcasecmp(scheme, "http") != 0) {
            ic_err_set(err, IC_EXIT_USAGE, "API URL '%s': the scheme must be https", url);
            goto out;
        }
        if (!api_host_is_loopback(host)) {
            ic_err_set(err, IC_EXIT_USAGE,
                       "API URL '%s': plain http is only allowed to a loopback host; use https "
                       "(the token would travel unencrypted)",
                       url);
            goto out;
        }
    }
    if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK) {
        ic_err_set(err, IC_EXIT_USAGE, "API URL '%s' has no path", url);
        goto out;
    }
    /* The host alone ("https://host" or "https://host/") means the target's default API path. */
    size_t plen = strlen(path);
    while (plen > 0 && path[plen - 1] == '/')
        path[--plen] = 0;
    if (plen == 0 && root_path[0] && curl_url_set(u, CURLUPART_PATH, root_path, 0) != CURLUE_OK) {
        ic_err_set(err, IC_EXIT_INTERNAL, "out of memory");
        goto out;
    }
    if (plen > 0 && curl_url_set(u, CURLUPART_PATH, path, 0) != CURLUE_OK) {
        ic_err_set(err, IC_EXIT_INTERNAL, "out of memory");
        goto out;
    }
    if (curl_url_get(u, CURLUPART_URL, &full, 0) != CURLUE_OK) {
        ic_err_set(err, IC_EXIT_USAGE, "API URL '%s' cannot be used", url);
        goto out;
    }
    size_t flen = strlen(full);
    while (flen > 0 && full[flen - 1] == '/')
        full[--flen] = 0;
    res = xstrdup(full);
out:
    curl_free(scheme);
    curl_free(host);
    curl_free(path);
    curl_free(part);
    curl_free(full);
    curl_url_cleanup(u);
    return res;
}

/* Reads the first line of a token file, trimmed.  A file others can read gets a warning, not a
 * refusal: the token may already be readable elsewhere, and refusing would only get in the way of a
 * fix. */
static char *read_token_file(const char *path, ic_err *err)
{
    char *tok = NULL;
    char buf[4096];
    size_t len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ic_err_set(err, IC_EXIT_USAGE, "cannot open token file '%s': %s", path, strerror(errno));
        goto out;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & (S_IRGRP | S_IROTH)))
        ic_warn("token file '%s' is readable by others; run 'chmod 600 %s'", path, path);
    for (;;) {
        ssize_t n = read(fd, buf + len, sizeof buf - 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ic_err_set(err, IC_EXIT_USAGE, "cannot read token file '%s': %s", path,
                       strerror(errno));
            goto out;
        }
        if (n == 0 || memchr(buf + len, '\n', (size_t)n)) {
            len += (size_t)n;
            break;
        }
        len += (size_t)n;
        if (len == sizeof buf - 1)
            break;
    }
    buf[len] = 0;
    char *start = buf;
    char *nl = strchr(start, '\n');
    if (nl)
        *nl = 0;
    while (*start == ' ' || *start == '\t')
        start++;
    size_t tl = strlen(start);
    while (tl > 0 && (start[tl - 1] == ' ' || start[tl - 1] == '\t' || start[tl - 1] == '\r'))
        start[--tl] = 0;
    if (tl == 0) {
        ic_err_set(err, IC_EXIT_USAGE, "token file '%s': the first line is empty", path);
        goto out;
    }
    tok = xstrdup(start);
out:
    memset(buf, 0, sizeof buf);
    if (fd >= 0)
        close(fd);
    return tok;
}

/* A header value cannot hold a line break or other control characters (header injection). */
static bool header_safe(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

static const char *env_nonempty(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* The api_conn slot and the profile value of a credential key (api/connector.h). */
static char **conn_slot(api_conn *c, const char *key)
{
    if (strcmp(key, "store_hash") == 0)
        return &c->store_hash;
    if (strcmp(key, "token") == 0)
        return &c->token;
    if (strcmp(key, "username") == 0)
        return &c->username;
    if (strcmp(key, "password") == 0)
        return &c->password;
    if (strcmp(key, "organization_id") == 0)
        return &c->organization_id;
    if (strcmp(key, "dev_key") == 0)
        return &c->dev_key;
    if (strcmp(key, "rebillia_gateway_id") == 0)
        return &c->rebillia_gateway_id;
    if (strcmp(key, "rebillia_payment_method_id") == 0)
        return &c->rebillia_payment_method_id;
    return NULL;
}

static const char *profile_value(const api_profile *p, const char *key)
{
    if (strcmp(key, "store_hash") == 0)
        return p->store_hash;
    if (strcmp(key, "token") == 0)
        return p->token;
    if (strcmp(key, "username") == 0)
        return p->username;
    if (strcmp(key, "password") == 0)
        return p->password;
    if (strcmp(key, "organization_id") == 0)
        return p->organization_id;
    if (strcmp(key, "dev_key") == 0)
        return p->dev_key;
    if (strcmp(key, "rebillia_gateway_id") == 0)
        return p->rebillia_gateway_id;
    if (strcmp(key, "rebillia_payment_method_id") == 0)
        return p->rebillia_payment_method_id;
    return NULL;
}

/* One credential: its option (a file for secrets, a value otherwise) > its environment variable >
 * the profile's key.  Never echoed in a message. */
static int resolve_credential(const api_conn_opts *o, const api_profile *prof,
                              const conn_credential *k, api_conn *out, ic_err *err)
{
    char **slot = conn_slot(out, k->key);
    if (!slot)
        return ic_err_set(err, IC_EXIT_INTERNAL, "unknown credential '%s'", k->key);
    const char *file = !k->file_opt                                ? NULL
                       : strcmp(k->file_opt, "token-file") == 0    ? o->token_file
                       : strcmp(k->file_opt, "password-file") == 0 ? o->password_file
                                                                   : NULL;
    const char *value =
        k->value_opt && strcmp(k->value_opt, "store-hash") == 0 ? o->store_hash : NULL;
    if (file) {
        if (!(*slot = read_token_file(file, err)))
            return err->code;
    } else if (value) {
        *slot = xstrdup(value);
    } else if (k->env && env_nonempty(k->env)) {
        *slot = xstrdup(env_nonempty(k->env));
    } else if (profile_value(prof, k->key)) {
        *slot = xstrdup(profile_value(prof, k->key));
    } else if (k->required) {
        if (k->missing)
            return ic_err_set(err, IC_EXIT_USAGE, "%s", k->missing);
        return ic_err_set(err, IC_EXIT_USAGE,
                          "%s is not given: %s%s%s%sset %s, or add \"%s\" to a config profile",
                          k->help ? k->help : k->key, k->file_opt ? "use --" : "",
                          k->file_opt ? k->file_opt : "", k->file_opt ? " FILE" : "",
                          k->file_opt ? ", " : "", k->env ? k->env : "its variable", k->key);
    } else {
        return 0;
    }
    if (!header_safe(*slot)) {
        if (strcmp(k->key, "token") == 0)
            return ic_err_set(err, IC_EXIT_USAGE, "the API token contains control characters");
        if (strcmp(k->key, "store_hash") == 0)
            return ic_err_set(err, IC_EXIT_USAGE, "the store hash contains control characters");
        return ic_err_set(err, IC_EXIT_USAGE, "the %s contains control characters",
                          k->help ? k->help : k->key);
    }
    return 0;
}

/* The path of the target's default base URL ("/api/v3/io/ip", "/connect"): what a URL giving only
 * the host means for that target. */
static const char *default_path(const ic_connector *target)
{
    const char *u = target->default_base_url ? strstr(target->default_base_url, "://") : NULL;
    const char *p = u ? strchr(u + 3, '/') : NULL;
    return p ? p : API_BASE_PATH;
}

int api_conn_resolve(api_conn_opts *o, api_conn *out, ic_err *err)
{
    int rc = 0;
    api_profile prof = {0};
    char *cfg_path = NULL;
    memset(out, 0, sizeof *out);

    /* The config file: --config or INVOICECTL_CONFIG must exist; the default path is optional. */
    const char *cfg = o->config ? o->config : env_nonempty("INVOICECTL_CONFIG");
    bool required = cfg != NULL;
    if (!cfg)
        cfg = cfg_path = api_config_default_path();
    const char *profile = o->profile ? o->profile : env_nonempty("INVOICECTL_PROFILE");
    if (cfg) {
        if ((rc = api_config_load(cfg, required, profile, &prof, err)))
            goto out;
        if (profile && !prof.name && !required) {
            rc = ic_err_set(err, IC_EXIT_USAGE,
                            "profile '%s' asked for, but there is no config file '%s'", profile,
                            cfg);
            goto out;
        }
    } else if (profile) {
        rc = ic_err_set(err, IC_EXIT_USAGE,
                        "profile '%s' asked for, but HOME is not set: use --config FILE", profile);
        goto out;
    }

    /* The target: named by the command (a mapping, --target), else by the profile. */
    const char *tname = o->target ? o->target : prof.target;
    const ic_connector *target = tname ? connector_find(tname) : connector_default();
    if (!target) {
        rc = ic_err_set(err, IC_EXIT_USAGE,
                        "target '%s' cannot be reached by this build (it reaches %s)", tname,
                        connector_names());
        goto out;
    }
    out->target = xstrdup(target->name);

    const char *url = o->api_url                           ? o->api_url
                      : env_nonempty("INVOICECTL_API_URL") ? env_nonempty("INVOICECTL_API_URL")
                      : prof.api_url                       ? prof.api_url
                                                           : target->default_base_url;
    if (!(out->base_url = api_conn_normalize_url_root(url, default_path(target), err))) {
        rc = err->code ? err->code : IC_EXIT_USAGE;
        goto out;
    }

    for (const conn_credential *k = target->credentials; k && k->key; k++)
        if ((rc = resolve_credential(o, &prof, k, out, err)))
            goto out;

    const char *cacert = o->cacert ? o->cacert : prof.cacert;
    if (cacert) {
        if (access(cacert, R_OK) != 0) {
            rc = ic_err_set(err, IC_EXIT_USAGE, "cannot read CA file '%s': %s", cacert,
                            strerror(errno));
            goto out;
        }
        out->cacert = xstrdup(cacert);
    }
    if (prof.timezone)
        out->timezone = xstrdup(prof.timezone);
    if (prof.name)
        out->profile = xstrdup(prof.name);
    out->insecure = o->insecure;
    out->timeout_ms = o->timeout_ms ? o->timeout_ms : API_DEFAULT_TIMEOUT_MS;
    out->max_retries = o->max_retries >= 0 ? o->max_retries : API_DEFAULT_MAX_RETRIES;
    out->concurrency = o->concurrency ? o->concurrency : API_DEFAULT_CONCURRENCY;
    if (out->insecure) /* shown even with -q: it must not be possible to forget it is on */
        fputs("invoicectl: warning: --insecure: TLS certificates are not verified; anyone on the "
              "network path can read the API token\n",
              stderr);
out:
    if (rc)
        api_conn_release(out);
    api_profile_release(&prof);
    free(cfg_path);
    return rc;
}
