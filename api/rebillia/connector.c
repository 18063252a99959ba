/* The Rebillia connector's table (api/connector.h). */
#include "api/rebillia/rebillia.h"

#include "api/rebillia/rebillia_internal.h"
#include "model/target.h"

static const conn_credential credentials[] = {
    {"token", "REBILLIA_API_KEY", "token-file", true, true,
     "the Rebillia API key (sent as X-AUTH-TOKEN)", NULL,
     "no Rebillia API key: use --token-file FILE, set REBILLIA_API_KEY, or add \"token\" to a "
     "config profile"},
    /* Not required here: prepare names a missing gateway with what it is for, before anything is
     * sent (export does not need it). */
    {"rebillia_gateway_id", "REBILLIA_GATEWAY_ID", NULL, false, false,
     "the Rebillia company gateway id", NULL, NULL},
    {"rebillia_payment_method_id", "REBILLIA_PAYMENT_METHOD_ID", NULL, false, false,
     "the Rebillia payment method id", NULL, NULL},
    {0},
};

/* The file's invoice number is the only key: Rebillia numbers invoices itself, so the key travels
 * in comments (key.c). */
static const char *const match_fields[] = {"invoiceNumber", NULL};

const ic_connector rebillia_connector = {
    .name = "rebillia",
    .title = "Rebillia",
    .default_base_url = "https://api.rebillia.com/v1",
    .credentials = credentials,
    .max_concurrency = 0, /* no limit is documented */
    .match_fields = match_fields,
    .can_search = false,
    .max_page_size = 250, /* itemPerPage's largest value */
    .engine_proto = rebillia_engine_proto,
    .check = rebillia_check,
    .max_amount = TARGET_REBILLIA_MAX_AMOUNT,
    .create_body = rebillia_create_body,
    .read_doc = rebillia_read_doc,
    .doc_key = rebillia_doc_key,
    .doc_id = rebillia_doc_id,
    .merge = rebillia_merge,
    .diff = rebillia_diff,
    .update_body = rebillia_update_body,
    .can_update = rebillia_can_update,
    /* .replace NULL: an update lays the file's lines over the stored ones field by field and
     * cannot change the billing address, currency or terms, so an invoice cannot be replaced
     * whole; the plan refuses replace rows */
    .create_request = rebillia_create_request,
    .update_request = rebillia_update_request,
    .verdict = rebillia_verdict,
    .answer_id = rebillia_answer_id,
    .list = rebillia_list,
    .find = rebillia_find,
    .prepare = rebillia_prepare,
    .finish = rebillia_finish,
    .delete_request = rebillia_delete_request,
    .delete_verb = "delete",
    .delete_done = "deleted",
    .can_delete = rebillia_can_delete,
    /* The public API this connector follows (docs/rebillia.md) has no endpoint that records a
     * payment received outside Rebillia: payments go through its gateways. */
    .payment_none = "Rebillia's API offers no endpoint for recording a payment received outside "
                    "Rebillia (payments go through its gateways)",
};
