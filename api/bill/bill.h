/* BILL v3 (accounts-receivable invoices) as a target API: the connector table and what the
 * commands may need of BILL beyond it.
 *
 * Ownership: bill_connector is static and lives for the whole process; bill_create_body_email
 * returns a cJSON tree the caller frees with cJSON_Delete.
 */
#ifndef INVOICECTL_API_BILL_BILL_H
#define INVOICECTL_API_BILL_BILL_H

#include "api/connector.h"

#include <stdbool.h>

extern const ic_connector bill_connector;

/* The create body with processingOptions.sendEmail as asked: BILL emails the customer the invoice
 * on create when it is true.  bill_connector.create_body is this with false; a command offering
 * the email must warn first, as for B2B Edition's "New Invoice" message. */
cJSON *bill_create_body_email(const ic_invoice *inv, bool send_email);
/* Sets processingOptions.sendEmail true in a create body (import --send-email). */
void bill_ask_email(cJSON *create_body);

#endif
