/* `invoicectl sandbox`: a local emulator of the B2B Edition invoice API, or of BILL v3's or
 * Rebillia's (docs/sandbox.md).
 *
 * Ownership: the config's strings are borrowed for the duration of sandbox_run.
 */
#ifndef INVOICECTL_SANDBOX_SANDBOX_H
#define INVOICECTL_SANDBOX_SANDBOX_H

#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SANDBOX_DEFAULT_LISTEN "127.0.0.1:8080"
#define SANDBOX_DEFAULT_TOKEN "sandbox-token"
#define SANDBOX_DEFAULT_STORE "sandbox"

/* BILL v3 (--api bill-v3): the one organization's credentials and limits (docs/sandbox.md). */
#define SANDBOX_BILL_USERNAME "sandbox@example.com"
#define SANDBOX_BILL_PASSWORD "sandbox-password"
#define SANDBOX_BILL_ORG "00801SANDBOXORG00001"
#define SANDBOX_BILL_DEVKEY "sandbox-dev-key"
#define SANDBOX_BILL_SESSION_IDLE 2100 /* seconds: 35 minutes */
#define SANDBOX_BILL_HOURLY 20000
#define SANDBOX_BILL_LOGINS 200 /* per hour */
#define SANDBOX_BILL_CONCURRENCY 3

typedef struct sandbox_bill_config {
    const char *username, *password, *organization_id, *dev_key;
    long session_idle_s;        /* idle seconds before a session expires */
    long hourly_limit;          /* requests per clock hour; 0: off */
    long login_limit;           /* logins per clock hour; 0: off */
    const char *customers_path; /* JSON array of {id, name, email}; NULL: built-in */
} sandbox_bill_config;

/* Rebillia (--api rebillia): the API key clients send as X-AUTH-TOKEN, unless REBILLIA_API_KEY. */
#define SANDBOX_REBILLIA_KEY "sandbox-rebillia-key"

typedef struct sandbox_config {
    const char *api; /* "bigcommerce-b2b" (NULL means it), "bill-v3" or "rebillia" */
    sandbox_bill_config bill;
    const char *listen;     /* "HOST:PORT" ("[::1]:PORT" for IPv6); port 0 picks a free one */
    const char *port_file;  /* written (atomically) once accepting; NULL: none */
    const char *db_path;    /* NULL: in memory */
    long rate_limit;        /* requests per 60 s window; 0: off */
    long concurrency_limit; /* requests in flight; 0: off */
    int latency_ms;         /* added to every answer */
    const char *faults;     /* fault spec, NULL: none */
    uint64_t seed;
    const char *tls_cert, *tls_key; /* PEM files; both or neither */
    const char *extra_fields_path;  /* JSON configs for GET /invoices/extra-fields;
                                       NULL: none */
    const char *token;              /* the X-Auth-Token clients must send (never printed) */
    const char *store_hash;         /* the X-Store-Hash clients must send */
    int threads;                    /* server thread pool size */
    const char *record_path;        /* --record-requests FILE: JSON Lines of the requests
                                       handled (sandbox/record.h); NULL: none */
    bool strict_details;            /* --strict-details: PUT's details under the Update
                                       schema's own rules, not the Create ones */
    bool read_only; /* the token lacks write scope: POST, PUT and DELETE answer 403 */
    /* --api rebillia: `token` is the X-AUTH-TOKEN API key; the lookups' JSON file
     * (docs/sandbox.md), NULL for the built-in ones. */
    const char *rebillia_lookups;
} sandbox_config;

/* Serves until SIGINT or SIGTERM, then stops cleanly and prints the
 * injected-fault summary to stderr. Returns 0, or an ic_exit code with err set
 * (IC_EXIT_USAGE for bad configuration, IC_EXIT_IO when the address cannot be
 * bound or a file cannot be read). */
int sandbox_run(const sandbox_config *cfg, ic_err *err);

/* Loads extra-field configs: a JSON array of objects with a string "fieldName"
 * (or {"data": [...]}). Returns the array (caller frees with cJSON_Delete) or
 * NULL with err set. */
struct cJSON *sandbox_load_extra_fields(const char *path, ic_err *err);
/* A whole file, NUL-terminated (caller frees with free()); NULL with err set.
 */
char *sandbox_read_file(const char *path, size_t *len, ic_err *err);

#endif
