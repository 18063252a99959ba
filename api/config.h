/* The profiles file (~/.config/invoicectl/config.json): named connection profiles and a default.
 *
 *   {"profiles": {"prod": {"api_url": "...", "store_hash": "...", "token": "...", "cacert":
 * "...", "timezone": "Australia/Sydney"}}, "default": "prod"}
 *
 * A profile may also name its "target" ("bill-v3") and hold that target's credentials by their
 * keys ("username", "password", "organization_id", "dev_key", "rebillia_gateway_id",
 * "rebillia_payment_method_id": api/connector.h).
 *
 * "timezone" is the zone `export` writes dates in when --timezone is not given (checked by export).
 *
 * The file may hold a token, so it is refused when its mode lets group or others read it.
 *
 * Ownership: api_config_load fills a caller-owned api_profile whose strings are heap copies (NULL
 * when absent); api_profile_release frees them (wiping the token first) and zeroes the struct.
 */
#ifndef INVOICECTL_API_CONFIG_H
#define INVOICECTL_API_CONFIG_H

#include "util/err.h"

#include <stdbool.h>

typedef struct api_profile {
    char *name;
    char *api_url;
    char *store_hash;
    char *token; /* SECRET */
    char *cacert;
    char *timezone; /* IANA name for export's dates; NULL: not set */
    char *target;   /* the target API ("bill-v3"), when no mapping or --target names one */
    /* Other targets' credentials (api/connector.h's conn_credential keys). */
    char *username;
    char *password; /* SECRET */
    char *organization_id;
    char *dev_key; /* SECRET */
    /* Rebillia's numeric ids of the gateway and payment method ("rebillia_gateway_id": 9 or "9").
     */
    char *rebillia_gateway_id;
    char *rebillia_payment_method_id;
} api_profile;

/* The default path: $XDG_CONFIG_HOME/invoicectl/config.json, else
 * $HOME/.config/invoicectl/config.json. Returns a new string the caller frees, or NULL when neither
 * variable is set. */
char *api_config_default_path(void);

/* Loads profile `name` (NULL: the file's "default"; no default and no name: an empty profile) from
 * path. When the file does not exist: `required` makes that an error, else *out stays empty and 0
 * is returned. Returns 0 or IC_EXIT_USAGE with err set (unsafe mode, bad JSON, unknown profile,
 * wrong field type). */
int api_config_load(const char *path, bool required, const char *name, api_profile *out,
                    ic_err *err);
void api_profile_release(api_profile *p);

/* Zeroes a secret before it is freed (the compiler may not drop it). */
void api_secret_wipe(char *s);

#endif
