/* Fuzz target: BILL's answers — a list page or one invoice read as documents, error bodies of
 * either shape through the verdict and the engine's classification, the sign-in answer, and a
 * stored invoice merged with itself into an update body. */
#include "api/bill/bill.h"
#include "api/bill/bill_internal.h"
#include "tests/fuzz/fuzz.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static void read_one(const cJSON *doc)
{
    ic_invoice inv;
    ic_err err = {0};
    invoice_init(&inv);
    (void)bill_read_doc(doc, &inv, &err);
    invoice_release(&inv);
    char buf[CONN_ID_MAX];
    (void)bill_doc_id(doc, buf, sizeof buf);
    (void)bill_doc_key(doc, "invoiceNumber", buf, sizeof buf);
    cJSON *merged = bill_merge(doc, doc);
    cJSON *put = bill_update_body(merged, doc);
    merge_change *ch;
    size_t n = bill_diff(doc, merged, &ch);
    merge_changes_free(ch, n);
    cJSON_Delete(put);
    cJSON_Delete(merged);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *root = cJSON_ParseWithLength((const char *)data, size);
    if (!root)
        return 0;
    char *body = malloc(size + 1);
    if (!body) {
        cJSON_Delete(root);
        return 0;
    }
    memcpy(body, data, size);
    body[size] = '\0';
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(root, "results");
    if (cJSON_IsArray(results)) {
        const cJSON *it;
        cJSON_ArrayForEach(it, results) read_one(it);
    } else {
        read_one(root);
    }
    static const long statuses[] = {200, 201, 400, 401, 403, 404, 422, 429, 500};
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
        http_result res;
        memset(&res, 0, sizeof res);
        res.outcome = HTTP_ANSWERED;
        res.status = statuses[i];
        res.json = root;
        res.body = body;
        res.body_len = size;
        char msg[512], id[CONN_ID_MAX];
        long eff;
        (void)bill_verdict_at(&res, 1772375100, msg, sizeof msg);
        (void)bill_answer_id(&res, id, sizeof id);
        (void)bill_classify(NULL, statuses[i], root, &eff);
    }
    api_conn c = {0};
    c.username = (char *)"u";
    c.password = (char *)"p";
    c.organization_id = (char *)"o";
    c.dev_key = (char *)"k";
    http_proto p;
    ic_err err = {0};
    if (bill_engine_proto(&c, &p, &err) == 0) {
        (void)p.signed_in(p.ctx, 200, root, &err);
        (void)p.signed_in(p.ctx, 400, root, &err);
        p.ctx_free(p.ctx);
    }
    free(body);
    cJSON_Delete(root);
    return 0;
}
