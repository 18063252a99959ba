/* POST /v3/invoices/{id}/archive and /restore: BILL has no invoice delete; archiving sets
 * archived true and recordStatus INACTIVE (status stays), restoring undoes it.  Both are
 * idempotent: an archived invoice archived again answers 200 with the same document. */
#include "sandbox/bill/bill.h"

static void set_archived(bill_state *b, const sb_api_call *call, bool archived, sb_reply *out)
{
    pthread_mutex_lock(&b->db_mu);
    cJSON *doc = bill_store_invoice(b, BILL_PARAM(call));
    if (!doc) {
        pthread_mutex_unlock(&b->db_mu);
        bill_error(out, 404, "BDC_1205", "DOWNSTREAM", "Record not found.");
        return;
    }
    bool was = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "archived"));
    bool ok = true;
    if (was != archived) {
        char now[40];
        bill_time_text(bill_now_ms(), now, sizeof now);
        cJSON_ReplaceItemInObjectCaseSensitive(doc, "archived", cJSON_CreateBool(archived));
        cJSON_ReplaceItemInObjectCaseSensitive(
            doc, "recordStatus", cJSON_CreateString(archived ? "INACTIVE" : "ACTIVE"));
        cJSON_ReplaceItemInObjectCaseSensitive(doc, "updatedTime", cJSON_CreateString(now));
        ok = bill_store_invoice_save(b, doc, false);
    }
    pthread_mutex_unlock(&b->db_mu);
    if (ok)
        bill_reply_doc(out, 200, doc);
    else
        bill_error(out, 500, "BDC_1000", "DOWNSTREAM", "The invoice could not be saved.");
    cJSON_Delete(doc);
}

void bill_h_invoice_archive(bill_state *b, const sb_api_call *call, sb_reply *out)
{
    set_archived(b, call, true, out);
}

void bill_h_invoice_restore(bill_state *b, const sb_api_call *call, sb_reply *out)
{
    set_archived(b, call, false, out);
}
