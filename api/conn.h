/* Connection settings shared by the API commands (`import`, `export`): where the API is, which
 * store, the token, TLS, timeouts, retries and concurrency, resolved from options > environment >
 * config profile.
 *
 * Secrets (the token, a password, a developer key) are wiped by api_conn_release.
 *
 * Ownership: api_conn_opts is created by api_conn_opts_new and freed by api_conn_opts_free (it
 * copies every argument it takes).  api_conn_resolve fills a caller-owned api_conn whose strings
 * are heap copies; free them with api_conn_release (which also wipes the token before freeing it).
 * api_conn_release does not free the struct itself and leaves it zeroed, so it is safe to call
 * twice.
 *
 * The token is a SECRET: it never appears in argv (there is no --token option), logs, reports,
 * journals or error messages.
 */
#ifndef INVOICECTL_API_CONN_H
#define INVOICECTL_API_CONN_H

#include "util/err.h"

#include <getopt.h>
#include <stdbool.h>

#define API_DEFAULT_BASE_URL "https://api-b2b.bigcommerce.com/api/v3/io/ip"
#define API_DEFAULT_TIMEOUT_MS 30000L
#define API_DEFAULT_MAX_RETRIES 5
#define API_DEFAULT_CONCURRENCY 4
#define API_MAX_CONCURRENCY 64

typedef struct api_conn {
    char *base_url; /* e.g. "https://api-b2b.bigcommerce.com/api/v3/io/ip" (default), no trailing
                       '/' */
    char *target;   /* the connector's name ("bigcommerce-b2b", "bill-v3"): api/connector.h */
    /* Credentials, by the slot names of api/connector.h's conn_credential.key; NULL when the target
     * does not use them. */
    char *store_hash;      /* "store_hash" (B2B Edition) */
    char *token;           /* "token": SECRET (B2B Edition's X-Auth-Token, Rebillia's API key) */
    char *username;        /* "username" (BILL) */
    char *password;        /* "password": SECRET (BILL) */
    char *organization_id; /* "organization_id" (BILL) */
    char *dev_key;         /* "dev_key": SECRET (BILL's developer key) */
    char *rebillia_gateway_id;        /* "rebillia_gateway_id" (Rebillia's companyGatewayId) */
    char *rebillia_payment_method_id; /* "rebillia_payment_method_id" (optional) */
    char *cacert;                     /* NULL: system store */
    bool insecure;                    /* --insecure: warns on every run */
    long timeout_ms;                  /* per request, default 30000 (--timeout SECONDS) */
    int max_retries; /* default 5: a request is sent at most 1 + max_retries times */
    int concurrency; /* default 4 (1..API_MAX_CONCURRENCY) */
    char *timezone;  /* the profile's "timezone" (export's default zone), NULL when not set */
    char *profile;   /* the profile's name, NULL when none was used (for messages) */
} api_conn;

/* Ids of the connection options (all >= 1000, so they never clash with a command's own: see
 * cmd/options.h, whose cmd_conn_options table lists them with their help). */
enum api_conn_optval {
    API_OPT_API_URL = 1000,
    API_OPT_STORE_HASH,
    API_OPT_TOKEN_FILE,
    API_OPT_CACERT,
    API_OPT_INSECURE,
    API_OPT_TIMEOUT,
    API_OPT_MAX_RETRIES,
    API_OPT_CONCURRENCY,
    API_OPT_PROFILE,
    API_OPT_CONFIG,
    API_OPT_TOKEN_REFUSED, /* --token VALUE: accepted by getopt only to refuse it with the
                              alternatives */
    API_OPT_PASSWORD_FILE  /* --password-file FILE: a target's password (BILL) */
};

/* Long options every API command accepts; merge into your getopt_long table (values >= 1000).
 * Terminated by {0}.  API_CONN_NOPTS is the count without the terminator. */
#define API_CONN_NOPTS 12
extern const struct option api_conn_long_options[API_CONN_NOPTS + 1];

/* Collects one parsed option (opt = getopt_long's return, arg = optarg). Returns 1 if it was one of
 * ours, 0 if not, or IC_EXIT_USAGE with err set (a bad number, --token).  Options: --api-url URL,
 * --store-hash H, --token-file FILE, --cacert FILE, --insecure, --timeout SECONDS, --max-retries N,
 * --concurrency N, --profile NAME, --config FILE. */
typedef struct api_conn_opts api_conn_opts; /* opaque accumulator */
api_conn_opts *api_conn_opts_new(void);
int api_conn_opts_take(api_conn_opts *o, int opt, const char *arg, ic_err *err);

/* The target whose connection is resolved (a mapping's "target", export --target); NULL or never
 * called: the profile's "target", else the default (bigcommerce-b2b).  Copied. */
void api_conn_opts_set_target(api_conn_opts *o, const char *target);

/* Resolves: options > environment (INVOICECTL_API_URL, then each credential's variable: B2B
 * Edition's B2B_STORE_HASH, B2B_AUTH_TOKEN) > config profile.  The target's connector
 * (api/connector.h) lists the credentials it needs: each comes from its --NAME-file option
 * (secrets: --token-file,
 * --password-file) or its value option (--store-hash), else its environment variable, else the
 * profile's key of the same name; the default base URL is the connector's.  out->target is set.
 * Config
 * profile
 * (~/.config/invoicectl/config.json, $XDG_CONFIG_HOME/invoicectl/config.json, or --config /
 * INVOICECTL_CONFIG; refused when group/other can read it, with the chmod fix).  The profile is
 * --profile, else INVOICECTL_PROFILE, else the file's "default".  Token only from --token-file,
 * B2B_AUTH_TOKEN or the config file; never a command-line value.  Refuses plain http:// to
 * non-loopback hosts; accepts the store root ("https://host") or the full base
 * ("https://host/api/v3/io/ip").  Warns once on stderr when insecure. Fills *out (caller frees with
 * api_conn_release).  Returns 0 or IC_EXIT_USAGE with err set (missing store hash or token, bad
 * URL, unreadable or unsafe files). */
int api_conn_resolve(api_conn_opts *o, api_conn *out, ic_err *err);
void api_conn_opts_free(api_conn_opts *o);
void api_conn_release(api_conn *c);

/* Normalises a user-given API URL into the base (…/api/v3/io/ip, no trailing '/'), checking the
 * scheme: https always, http only for hosts written as loopback (127.0.0.0/8, ::1, exactly
 * "localhost": api_host_is_loopback; the engine checks the connected address too).  Returns a new
 * string the caller frees, or NULL with err set (IC_EXIT_USAGE). */
char *api_conn_normalize_url(const char *url, ic_err *err);
/* The same for any target: a URL giving only the host gets root_path ("/connect" for BILL, the
 * path of the target's default base URL) instead of B2B Edition's API path. */
char *api_conn_normalize_url_root(const char *url, const char *root_path, ic_err *err);

#endif
