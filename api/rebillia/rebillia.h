/* The Rebillia connector (public API v1 invoices): the one table the core registers.  Everything
 * that knows a Rebillia endpoint, header or field name stays in api/rebillia/; see
 * docs/rebillia.md for what it sends and why.
 *
 * Ownership: the table is static and lives for the whole process; prepare's cache is released by
 * its finish (api/connector.h).
 */
#ifndef INVOICECTL_API_REBILLIA_REBILLIA_H
#define INVOICECTL_API_REBILLIA_REBILLIA_H

#include "api/connector.h"

extern const ic_connector rebillia_connector;

#endif
