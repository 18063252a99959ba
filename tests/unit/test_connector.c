/* The connector registry and B2B Edition's table (api/connector.h, api/b2b/b2b_connector.c): names,
 * ids, keys, requests and verdicts as the core will see them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/connector.h"

#include <stdlib.h>
#include <string.h>

static void registry(void **state)
{
    (void)state;
    const ic_connector *c = connector_find("bigcommerce-b2b");
    assert_non_null(c);
    assert_ptr_equal(c, connector_default());
    assert_null(connector_find("nope"));
    assert_null(connector_find(NULL));
    assert_non_null(strstr(connector_names(), "bigcommerce-b2b"));
    assert_string_equal(c->match_fields[0], "invoiceNumber");
    /* every slot the core calls is filled */
    assert_non_null(c->engine_proto);
    assert_non_null(c->create_body);
    assert_non_null(c->read_doc);
    assert_non_null(c->doc_key);
    assert_non_null(c->doc_id);
    assert_non_null(c->merge);
    assert_non_null(c->diff);
    assert_non_null(c->update_body);
    assert_non_null(c->create_request);
    assert_non_null(c->update_request);
    assert_non_null(c->verdict);
    assert_non_null(c->answer_id);
    assert_non_null(c->list);
    assert_non_null(c->find);
    /* credentials: the B2B variables, the token a secret from a file option */
    const conn_credential *token = NULL, *hash = NULL;
    for (const conn_credential *k = c->credentials; k->key; k++) {
        if (strcmp(k->key, "token") == 0)
            token = k;
        if (strcmp(k->key, "store_hash") == 0)
            hash = k;
    }
    assert_non_null(token);
    assert_non_null(hash);
    assert_string_equal(token->env, "B2B_AUTH_TOKEN");
    assert_string_equal(token->file_opt, "token-file");
    assert_true(token->secret);
    assert_string_equal(hash->env, "B2B_STORE_HASH");
    assert_false(hash->secret);
}

static void keys_and_ids(void **state)
{
    (void)state;
    const ic_connector *c = connector_default();
    cJSON *doc = cJSON_Parse("{\"id\":123,\"invoiceNumber\":\"INV-1\",\"externalId\":42}");
    char buf[CONN_ID_MAX];
    assert_true(c->doc_id(doc, buf, sizeof buf));
    assert_string_equal(buf, "123");
    assert_true(c->doc_key(doc, "invoiceNumber", buf, sizeof buf));
    assert_string_equal(buf, "INV-1");
    assert_true(c->doc_key(doc, "externalId", buf, sizeof buf));
    assert_string_equal(buf, "42");
    cJSON_Delete(doc);
    doc = cJSON_Parse("{\"id\":1.5}");
    assert_false(c->doc_id(doc, buf, sizeof buf));
    assert_false(c->doc_key(doc, "invoiceNumber", buf, sizeof buf));
    cJSON_Delete(doc);
}

static void requests(void **state)
{
    (void)state;
    const ic_connector *c = connector_default();
    conn_request r = {0};
    c->create_request("{}", &r);
    assert_string_equal(r.method, "POST");
    assert_string_equal(r.path, "/invoices");
    assert_string_equal(r.body, "{}");
    conn_request_release(&r);
    c->update_request("77", "{\"a\":1}", &r);
    assert_string_equal(r.method, "PUT");
    assert_string_equal(r.path, "/invoices/77");
    conn_request_release(&r);
    assert_null(r.path);
}

static enum conn_verdict verdict_of(long status, const char *body, char *msg, size_t n)
{
    http_result res;
    memset(&res, 0, sizeof res);
    res.outcome = HTTP_ANSWERED;
    res.status = status;
    res.json = cJSON_Parse(body);
    res.body = body;
    res.body_len = strlen(body);
    enum conn_verdict v = connector_default()->verdict(&res, msg, n);
    cJSON_Delete(res.json);
    return v;
}

static void verdicts(void **state)
{
    (void)state;
    char msg[256];
    assert_int_equal(verdict_of(200, "{\"code\":200,\"data\":{\"id\":5}}", msg, sizeof msg),
                     CONN_OK);
    assert_int_equal(verdict_of(400,
                                "{\"code\":400,\"message\":\"The invoice number already exists.\"}",
                                msg, sizeof msg),
                     CONN_DUPLICATE);
    assert_int_equal(verdict_of(400, "{\"code\":400,\"message\":\"bad\"}", msg, sizeof msg),
                     CONN_REFUSED);
    assert_string_equal(msg, "bad");
    assert_int_equal(verdict_of(403, "{\"code\":403,\"message\":\"no\"}", msg, sizeof msg),
                     CONN_FORBIDDEN);
    assert_int_equal(verdict_of(404, "{\"code\":404,\"message\":\"gone\"}", msg, sizeof msg),
                     CONN_NOT_FOUND);
    assert_int_equal(verdict_of(503, "{\"code\":503}", msg, sizeof msg), CONN_UNAVAILABLE);
    /* "200 OK" over {"code": 500}: a server error */
    assert_int_equal(verdict_of(200, "{\"code\":500,\"message\":\"x\"}", msg, sizeof msg),
                     CONN_UNAVAILABLE);

    http_result res;
    memset(&res, 0, sizeof res);
    res.outcome = HTTP_ANSWERED;
    res.status = 200;
    res.json = cJSON_Parse("{\"code\":200,\"data\":{\"id\":9001}}");
    char id[CONN_ID_MAX];
    assert_true(connector_default()->answer_id(&res, id, sizeof id));
    assert_string_equal(id, "9001");
    cJSON_Delete(res.json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registry),
        cmocka_unit_test(keys_and_ids),
        cmocka_unit_test(requests),
        cmocka_unit_test(verdicts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
