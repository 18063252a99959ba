/* Fuzz target: the parsers of API answers — a list page, a single invoice, and error envelopes. */
#include "api/b2b/b2b.h"
#include "api/b2b/b2b_json.h"
#include "tests/fuzz/fuzz.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *root = cJSON_ParseWithLength((const char *)data, size);
    if (!root)
        return 0;
    /* Answers reach the parsers NUL-terminated, as the engine hands them over. */
    char *body = malloc(size + 1);
    if (!body) {
        cJSON_Delete(root);
        return 0;
    }
    memcpy(body, data, size);
    body[size] = '\0';
    ic_err err = {0};
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(root, "data");
    if (cJSON_IsArray(d)) {
        const cJSON *it;
        cJSON_ArrayForEach(it, d)
        {
            ic_invoice inv;
            invoice_init(&inv);
            (void)b2b_invoice_from_json(it, &inv, &err);
            invoice_release(&inv);
        }
    } else if (cJSON_IsObject(d)) {
        ic_invoice inv;
        invoice_init(&inv);
        (void)b2b_invoice_from_json(d, &inv, &err);
        invoice_release(&inv);
    }
    /* The same bytes as an answer with each status class. */
    static const long statuses[] = {200, 400, 404, 422, 429, 500};
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
        http_result res;
        memset(&res, 0, sizeof res);
        res.outcome = HTTP_ANSWERED;
        res.status = statuses[i];
        res.json = root;
        res.body = body;
        res.body_len = size;
        char msg[512];
        (void)b2b_answer_ok(&res, msg, sizeof msg);
    }
    free(body);
    cJSON_Delete(root);
    return 0;
}
