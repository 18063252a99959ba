/* B2B Edition's offline payments (POST /payments/offline, GET /payments): the connector's payment
 * hooks (api/connector.h), filled in b2b_connector.c.  See b2b_payment.c. */
#ifndef INVOICECTL_API_B2B_B2B_PAYMENT_H
#define INVOICECTL_API_B2B_B2B_PAYMENT_H

#include "api/connector.h"

cJSON *b2b_payment_body(const cJSON *stored, const conn_payment *p);
void b2b_payment_request(const char *body, conn_request *out);
bool b2b_payment_answer_id(const http_result *res, char *id, size_t idlen);
int b2b_payment_find(http_engine *e, const cJSON *stored, conn_payment_fn fn, void *ctx,
                     ic_err *err);

#endif
