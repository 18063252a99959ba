/* The sandbox's route table: method + path pattern to handler, with 404 and 405
 * decided here. */
#ifndef INVOICECTL_SANDBOX_ROUTE_H
#define INVOICECTL_SANDBOX_ROUTE_H

#include "sandbox/handlers.h"

#include <stdbool.h>
#include <stddef.h>

/* Finds the handler for METHOD PATH (PATH without the /api/v3/io/ip prefix; one
 * trailing '/' ignored). On a match returns it and copies the {id} segment, if
 * any, to param (else param is ""). Otherwise returns NULL with *status 404 (no
 * such path) or 405 (path known, method not), and for 405 copies the allowed
 * methods ("GET, PUT, DELETE") to allow. */
/* Matches the first path_len bytes of path against pattern segment by segment ("{}" is one
 * non-empty segment, copied to param); shared by every emulated API's routes. */
bool sb_route_match(const char *pattern, const char *path, size_t path_len, char *param,
                    size_t param_size);

sb_handler sb_route(const char *method, const char *path, char *param, size_t param_size,
                    int *status, char *allow, size_t allow_size);

#endif
