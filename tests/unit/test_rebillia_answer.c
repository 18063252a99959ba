/* Rebillia's answers: verdicts by status with the API's message ({code, message, details?}), the
 * id of a created invoice, and the engine hooks (the X-AUTH-TOKEN header, no sessions, no rate
 * headers). */
#include "rebillia_testlib.h"

static http_result answer(long status, const char *body)
{
    http_result r;
    memset(&r, 0, sizeof r);
    r.outcome = HTTP_ANSWERED;
    r.status = status;
    r.body = body ? body : "";
    r.body_len = strlen(r.body);
    r.json = body ? cJSON_Parse(body) : NULL;
    r.attempts = 1;
    return r;
}

static void expect_verdict(long status, const char *body, enum conn_verdict want,
                           const char *want_msg)
{
    http_result r = answer(status, body);
    char msg[512];
    assert_int_equal(rebillia_connector.verdict(&r, msg, sizeof msg), want);
    if (want_msg)
        assert_string_equal(msg, want_msg);
    cJSON_Delete(r.json);
}

static void test_verdicts(void **state)
{
    (void)state;
    expect_verdict(200, "{\"id\":\"1\"}", CONN_OK, "");
    expect_verdict(201, "{\"id\":\"1\"}", CONN_OK, "");
    expect_verdict(401, "{\"code\":\"401\",\"message\":\"Invalid API key\"}", CONN_AUTH,
                   "Invalid API key");
    expect_verdict(403, "{\"code\":\"403\",\"message\":\"Forbidden\"}", CONN_FORBIDDEN,
                   "Forbidden");
    expect_verdict(404, "{\"code\":\"404\",\"message\":\"Invoice not found\"}", CONN_NOT_FOUND,
                   "Invoice not found");
    expect_verdict(422,
                   "{\"code\":\"422\",\"message\":\"Validation failed\",\"details\":"
                   "{\"detail\":[\"must have at least one line\"],\"customerId\":\"is required\"}}",
                   CONN_REFUSED,
                   "Validation failed (detail: must have at least one line; customerId: is "
                   "required)");
    expect_verdict(400, "{\"message\":\"Invoice can not be updated\"}", CONN_REFUSED,
                   "Invoice can not be updated");
    expect_verdict(400, NULL, CONN_REFUSED, "HTTP 400");
    expect_verdict(409, "<html>conflict</html>", CONN_REFUSED, "HTTP 409 (the answer is not JSON)");
    expect_verdict(500, "{\"message\":\"Call to a member function getId() on null\"}",
                   CONN_UNAVAILABLE, "Call to a member function getId() on null");
    expect_verdict(503, NULL, CONN_UNAVAILABLE, "HTTP 503");
    expect_verdict(429, NULL, CONN_UNAVAILABLE, "HTTP 429");
    http_result r = answer(0, NULL);
    r.outcome = HTTP_UNKNOWN;
    snprintf(r.error, sizeof r.error, "POST /v1/invoices: timed out after the body was sent");
    char msg[512];
    assert_int_equal(rebillia_verdict(&r, msg, sizeof msg), CONN_UNAVAILABLE);
    assert_string_equal(msg, "POST /v1/invoices: timed out after the body was sent");
}

static void test_answer_id(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *id; /* NULL: none */
    } cases[] = {
        {"{\"id\":\"1234\",\"status\":\"posted\"}", "1234"},
        {"{\"id\":1234}", "1234"},
        {"{\"data\":{\"id\":\"77\"}}", "77"},
        {"{\"id\":\"12 34\"}", NULL},
        {"{\"id\":\"../x\"}", NULL},
        {"{\"id\":1.5}", NULL},
        {"{\"id\":null}", NULL},
        {"[1]", NULL},
        {"{\"id\":\"0123456789012345678901234567890123456789012345678901234567890123\"}", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        http_result r = answer(201, cases[i].body);
        char id[CONN_ID_MAX] = "";
        assert_int_equal(rebillia_connector.answer_id(&r, id, sizeof id), cases[i].id != NULL);
        if (cases[i].id)
            assert_string_equal(id, cases[i].id);
        cJSON_Delete(r.json);
    }
}

static int collect_header(void *sink, const char *line)
{
    char *buf = sink;
    snprintf(buf + strlen(buf), 256 - strlen(buf), "%s\n", line);
    return 0;
}

static void test_engine_proto(void **state)
{
    (void)state;
    api_conn c;
    memset(&c, 0, sizeof c);
    char base[] = "https://sandboxapi.rebillia.com", key[] = "k3y", bad[] = "abc\n";
    c.base_url = base;
    c.token = key;
    http_proto p;
    ic_err err = {0};
    assert_int_equal(rebillia_connector.engine_proto(&c, &p, &err), 0);
    char headers[256] = "";
    assert_int_equal(p.headers(p.ctx, collect_header, headers, &err), 0);
    assert_string_equal(headers, "X-AUTH-TOKEN: k3y\n");
    assert_null(p.sign_in_request);
    assert_null(p.classify);
    assert_null(p.rate_headers);
    p.ctx_free(p.ctx);
    /* The connection's base decides where /v1 is. */
    conn_request r;
    rebillia_create_request("{}", &r);
    assert_string_equal(r.path, "/v1/invoices");
    free(r.path);
    free(r.body);

    c.token = NULL;
    assert_int_equal(rebillia_engine_proto(&c, &p, &err), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "REBILLIA_API_KEY"));
    c.token = bad;
    assert_int_equal(rebillia_engine_proto(&c, &p, &err), IC_EXIT_USAGE);
    assert_null(strstr(err.msg, "abc")); /* never the key itself */
    rebillia_paths_set("https://api.rebillia.com/v1");
}

static void test_table(void **state)
{
    (void)state;
    const ic_connector *c = &rebillia_connector;
    assert_string_equal(c->name, "rebillia");
    assert_string_equal(c->title, "Rebillia");
    assert_string_equal(c->default_base_url, "https://api.rebillia.com/v1");
    assert_string_equal(c->credentials[0].key, "token");
    assert_string_equal(c->credentials[0].env, "REBILLIA_API_KEY");
    assert_string_equal(c->credentials[0].file_opt, "token-file");
    assert_true(c->credentials[0].secret);
    /* The gateway and payment method: settings, not secrets, from the environment or the profile;
     * not required by the connection (export needs neither; prepare names a missing gateway). */
    assert_string_equal(c->credentials[1].key, "rebillia_gateway_id");
    assert_string_equal(c->credentials[1].env, "REBILLIA_GATEWAY_ID");
    assert_string_equal(c->credentials[2].key, "rebillia_payment_method_id");
    assert_string_equal(c->credentials[2].env, "REBILLIA_PAYMENT_METHOD_ID");
    for (int i = 1; i <= 2; i++)
        assert_false(c->credentials[i].secret || c->credentials[i].required);
    assert_null(c->credentials[3].key);
    assert_int_equal(c->max_page_size, 250);
    assert_string_equal(c->match_fields[0], "invoiceNumber");
    assert_null(c->match_fields[1]);
    assert_false(c->can_search);
    /* Every operation is there: the core calls through the table without NULL checks but for the
     * optional ones. */
    assert_non_null(c->check);
    assert_non_null(c->create_body);
    assert_non_null(c->read_doc);
    assert_non_null(c->merge);
    assert_non_null(c->diff);
    assert_non_null(c->update_body);
    assert_non_null(c->can_update);
    assert_non_null(c->list);
    assert_non_null(c->find);
    assert_non_null(c->prepare);
    assert_non_null(c->finish);
    c->finish(); /* safe without prepare */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_answer_id),
        cmocka_unit_test(test_engine_proto),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
