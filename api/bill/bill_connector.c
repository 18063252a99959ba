/* The BILL v3 connector table (api/connector.h): accounts-receivable invoices at
 * https://gateway.prod.bill.com/connect/v3/... (sandbox: https://gateway.stage.bill.com/connect).
 * The pieces live in the files named for them: bill_body.c (create body), bill_read.c (documents),
 * bill_merge.c (updates and diffs), bill_check.c (BILL's rules), bill_errors.c (answers),
 * bill_session.c (sign-in and headers), bill_list.c (list and find). */
#include "api/bill/bill.h"
#include "api/bill/bill_internal.h"

#include "model/target.h"
#include "util/common.h"
#include "util/sbuf.h"

#include <stdio.h>
#include <string.h>

static const conn_credential bill_credentials[] = {
    {"username", "BILL_USERNAME", NULL, false, true, "the BILL user's email address", NULL, NULL},
    {"password", "BILL_PASSWORD", "password-file", true, true, "the BILL user's password", NULL,
     NULL},
    {"organization_id", "BILL_ORG_ID", NULL, false, true,
     "the organisation id (008...: Settings > Sync & Integrations > Manage Developer Keys)", NULL,
     NULL},
    {"dev_key", "BILL_DEV_KEY", NULL, true, true,
     "the developer key (sandbox and production keys differ)", NULL, NULL},
    {0},
};

static const char *const bill_match_fields[] = {"invoiceNumber", NULL};

static void bill_create_request(const char *body, conn_request *out)
{
    out->method = "POST";
    out->path = xstrdup("/v3/invoices");
    out->body = body ? xstrdup(body) : NULL;
}

static char *invoice_path(const char *id, const char *tail)
{
    sbuf b = SBUF_INIT;
    sbuf_adds(&b, "/v3/invoices/");
    /* Ids are printable ASCII without spaces (api/connector.h); anything but BILL's letters and
     * digits is escaped all the same. */
    for (const char *p = id; *p; p++) {
        char ch = *p;
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            sbuf_add(&b, p, 1);
        else
            sbuf_addf(&b, "%%%02X", (unsigned char)ch);
    }
    sbuf_adds(&b, tail);
    return sbuf_take(&b, NULL);
}

static void bill_update_request(const char *id, const char *body, conn_request *out)
{
    out->method = "PUT";
    out->path = invoice_path(id, "");
    out->body = body ? xstrdup(body) : NULL;
}

/* BILL has no invoice delete: archiving takes the invoice out of the active list and can be
 * undone (POST /v3/invoices/{id}/restore). */
static void bill_delete_request(const char *id, conn_request *out)
{
    out->method = "POST";
    out->path = invoice_path(id, "/archive");
    out->body = NULL;
}

/* An archived invoice comes back with its id, lines and values as they were. */
static void bill_undelete_request(const char *id, conn_request *out)
{
    out->method = "POST";
    out->path = invoice_path(id, "/restore");
    out->body = NULL;
}

static bool bill_can_delete(const cJSON *stored, char *why, size_t whylen)
{
    const cJSON *archived = cJSON_GetObjectItemCaseSensitive(stored, "archived");
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(stored, "status");
    if (cJSON_IsTrue(archived)) {
        snprintf(why, whylen, "it is archived already");
        return false;
    }
    if (cJSON_IsString(status) && strcmp(status->valuestring, "OPEN") != 0) {
        snprintf(why, whylen, "it has payments (status %s)", status->valuestring);
        return false;
    }
    return true;
}

const ic_connector bill_connector = {
    .name = "bill-v3",
    .title = "BILL",
    .default_base_url = "https://gateway.prod.bill.com/connect",
    .credentials = bill_credentials,
    .max_concurrency = BILL_CONCURRENCY,
    .match_fields = bill_match_fields,
    .can_search = false,
    .max_page_size = BILL_PAGE_MAX,
    .ask_email = bill_ask_email,
    .create_note = "BILL does not email the customer: each invoice is created with "
                   "processingOptions.sendEmail false",
    .engine_proto = bill_engine_proto,
    .check = bill_check,
    .max_amount = TARGET_BILL_MAX_AMOUNT,
    .create_body = bill_create_body,
    .read_doc = bill_read_doc,
    .doc_key = bill_doc_key,
    .doc_id = bill_doc_id,
    .merge = bill_merge,
    .diff = bill_diff,
    .update_body = bill_update_body,
    .can_update = NULL,
    /* BILL's PUT replaces the whole invoice and the merge already drops the stored lines the file
     * lacks (bill_merge.c): a replace is the update */
    .replace = bill_merge,
    .create_request = bill_create_request,
    .update_request = bill_update_request,
    .verdict = bill_verdict,
    .answer_id = bill_answer_id,
    .delete_request = bill_delete_request,
    .delete_verb = "archive",
    .delete_done = "archived",
    .can_delete = bill_can_delete,
    .undelete_request = bill_undelete_request,
    .undelete_verb = "unarchive",
    .undelete_done = "unarchived",
    .list = bill_list,
    .find = bill_find,
    .payment_body = bill_payment_body,
    .payment_request = bill_payment_request,
    .payment_answer_id = bill_payment_answer_id,
    .payment_find = NULL, /* BILL's v3 API lists no received payments (bill_payment.c) */
};
