/* BILL's answers and session: both error shapes read, every code classified by code rather than
 * status, the hourly limit's message saying when to resume, the created invoice's id, and the
 * sign-in request, answer and headers (secrets never in messages). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/bill/bill.h"
#include "api/bill/bill_internal.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum conn_verdict verdict(long status, const char *body, char *msg, size_t msglen)
{
    cJSON *j = body ? cJSON_Parse(body) : NULL;
    http_result r = {
        .outcome = HTTP_ANSWERED, .status = status, .json = j, .body = body ? body : ""};
    /* 2026-03-01 14:25:00 UTC: the limit is spent until 15:00 */
    enum conn_verdict v = bill_verdict_at(&r, 1772375100, msg, msglen);
    cJSON_Delete(j);
    return v;
}

#define ONE(code, message)                                                                         \
    "[{\"timestamp\":\"2025-12-25T00:00:00.000+00:00\",\"code\":\"" code                           \
    "\",\"severity\":\"ERROR\",\"category\":\"DOWNSTREAM\",\"message\":\"" message "\"}]"

static void test_error_shapes(void **state)
{
    (void)state;
    char codes[64], msg[256];
    cJSON *j = cJSON_Parse("[{\"message\":\"email: must not be blank\",\"severity\":\"ERROR\"},"
                           "{\"message\":\"customer: must not be null\",\"severity\":\"ERROR\"}]");
    bill_error_read(j, codes, sizeof codes, msg, sizeof msg);
    assert_string_equal(codes, "");
    assert_string_equal(msg, "email: must not be blank; customer: must not be null");
    cJSON_Delete(j);
    j = cJSON_Parse("{\"code\":\"BDC_1205\",\"message\":\"Record not found\"}");
    bill_error_read(j, codes, sizeof codes, msg, sizeof msg);
    assert_string_equal(codes, "BDC_1205");
    assert_string_equal(msg, "Record not found");
    assert_true(bill_error_has(j, "BDC_1205"));
    assert_false(bill_error_has(j, "BDC_1109"));
    cJSON_Delete(j);
    j = cJSON_Parse(ONE("BDC_1322", "Max number of concurrent requests per organization reached."));
    assert_true(bill_error_has(j, "BDC_1322"));
    cJSON_Delete(j);
}

static void test_verdicts(void **state)
{
    (void)state;
    char msg[512];
    assert_int_equal(verdict(201, "{\"id\":\"00e1\"}", msg, sizeof msg), CONN_OK);
    assert_int_equal(verdict(200, "{}", msg, sizeof msg), CONN_OK);

    /* the hourly limit, whatever status it comes with */
    long statuses[] = {429, 422, 400, 403};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(
            verdict(statuses[i], ONE("BDC_1144", "Rate limit exceeded"), msg, sizeof msg),
            CONN_BUDGET);
        assert_non_null(strstr(msg, "until the top of the hour (15:00 UTC)"));
        assert_non_null(strstr(msg, "BDC_1144"));
    }
    assert_int_equal(verdict(400, ONE("BDC_1101", "Invalid credentials"), msg, sizeof msg),
                     CONN_AUTH);
    assert_int_equal(
        verdict(400, "{\"code\":\"BDC_1102\",\"message\":\"Invalid devKey\"}", msg, sizeof msg),
        CONN_AUTH);
    assert_string_equal(msg, "Invalid devKey");
    /* an expiry the engine did not replay (a second one right after signing in) */
    assert_int_equal(verdict(401, ONE("BDC_1109", "Session is invalid"), msg, sizeof msg),
                     CONN_AUTH);
    assert_int_equal(verdict(401, NULL, msg, sizeof msg), CONN_AUTH);
    assert_int_equal(verdict(404, ONE("BDC_1205", "Record not found"), msg, sizeof msg),
                     CONN_NOT_FOUND);
    assert_int_equal(verdict(400, ONE("BDC_1205", "Record not found"), msg, sizeof msg),
                     CONN_NOT_FOUND);
    assert_int_equal(verdict(404, "{\"message\":\"Not found\"}", msg, sizeof msg), CONN_NOT_FOUND);
    assert_int_equal(verdict(404, ONE("BDC_1121", "API not supported"), msg, sizeof msg),
                     CONN_REFUSED);
    assert_int_equal(
        verdict(403, "[{\"message\":\"Not allowed\",\"severity\":\"ERROR\"}]", msg, sizeof msg),
        CONN_FORBIDDEN);
    assert_string_equal(msg, "Not allowed");
    assert_int_equal(
        verdict(422, "[{\"message\":\"Invoice number already exists\"}]", msg, sizeof msg),
        CONN_DUPLICATE);
    assert_int_equal(verdict(400,
                             "[{\"message\":\"email: must not be blank\",\"severity\":\"ERROR\"},"
                             "{\"message\":\"invoiceNumber: size must be between 0 and 100\"}]",
                             msg, sizeof msg),
                     CONN_REFUSED);
    assert_string_equal(msg,
                        "email: must not be blank; invoiceNumber: size must be between 0 and 100");
    assert_int_equal(verdict(400, NULL, msg, sizeof msg), CONN_REFUSED);
    assert_string_equal(msg, "HTTP 400");
    /* concurrency past the engine's retries, server errors, no answer */
    assert_int_equal(verdict(429, ONE("BDC_1322", "Max concurrent"), msg, sizeof msg),
                     CONN_UNAVAILABLE);
    assert_int_equal(verdict(503, NULL, msg, sizeof msg), CONN_UNAVAILABLE);
    http_result r = {.outcome = HTTP_UNKNOWN, .body = ""};
    snprintf(r.error, sizeof r.error, "POST /v3/invoices: timed out");
    assert_int_equal(bill_connector.verdict(&r, msg, sizeof msg), CONN_UNAVAILABLE);
    assert_string_equal(msg, "POST /v3/invoices: timed out");
}

static void test_resume_text(void **state)
{
    (void)state;
    char buf[64];
    bill_resume_text(1772375100, buf, sizeof buf); /* 14:25 */
    assert_string_equal(buf, "until the top of the hour (15:00 UTC)");
    bill_resume_text(1772409599, buf, sizeof buf); /* 23:59:59 */
    assert_string_equal(buf, "until the top of the hour (00:00 UTC)");
    bill_resume_text(1772373600, buf, sizeof buf); /* 14:00:00 exactly: the next hour */
    assert_string_equal(buf, "until the top of the hour (15:00 UTC)");
}

static enum http_class cls(long status, const char *body)
{
    cJSON *j = body ? cJSON_Parse(body) : NULL;
    long eff = 0;
    enum http_class c = bill_classify(NULL, status, j, &eff);
    assert_int_equal(eff, status);
    cJSON_Delete(j);
    return c;
}

static void test_classify(void **state)
{
    (void)state;
    assert_int_equal(cls(401, ONE("BDC_1109", "Session is invalid")), HTTP_CLASS_SIGN_IN);
    assert_int_equal(cls(401, "{\"code\":\"BDC_1109\",\"message\":\"x\"}"), HTTP_CLASS_SIGN_IN);
    assert_int_equal(cls(429, ONE("BDC_1322", "Max concurrent")), HTTP_CLASS_BUSY);
    assert_int_equal(cls(422, ONE("BDC_1322", "Max concurrent")), HTTP_CLASS_BUSY);
    assert_int_equal(cls(429, ONE("BDC_1144", "Hourly")), HTTP_CLASS_FINAL);
    assert_int_equal(cls(429, NULL), HTTP_CLASS_BUSY);
    assert_int_equal(cls(502, NULL), HTTP_CLASS_SERVER);
    assert_int_equal(cls(400, ONE("BDC_1101", "bad")), HTTP_CLASS_FINAL);
    assert_int_equal(cls(422, "[{\"message\":\"duplicate\"}]"), HTTP_CLASS_FINAL);
    assert_int_equal(cls(201, "{\"id\":\"00e1\"}"), HTTP_CLASS_FINAL);
}

static void test_answer_id(void **state)
{
    (void)state;
    char id[CONN_ID_MAX];
    cJSON *j = cJSON_Parse("{\"id\":\"00e02BZTBEBDFDESw5ko\",\"invoiceNumber\":\"1\"}");
    http_result r = {.outcome = HTTP_ANSWERED, .status = 201, .json = j, .body = ""};
    assert_true(bill_connector.answer_id(&r, id, sizeof id));
    assert_string_equal(id, "00e02BZTBEBDFDESw5ko");
    r.status = 422;
    assert_false(bill_connector.answer_id(&r, id, sizeof id));
    cJSON_Delete(j);
    r.status = 201;
    r.json = NULL;
    assert_false(bill_connector.answer_id(&r, id, sizeof id));
}

/* ---- the session ---- */

typedef struct sink {
    char lines[4][256];
    int n;
} sink;

static int add_line(void *s, const char *line)
{
    sink *k = s;
    snprintf(k->lines[k->n++], sizeof k->lines[0], "%s", line);
    return 0;
}

static api_conn conn_with(const char *user, const char *pass, const char *org, const char *key)
{
    api_conn c = {0};
    c.username = (char *)user;
    c.password = (char *)pass;
    c.organization_id = (char *)org;
    c.dev_key = (char *)key;
    return c;
}

static void test_session(void **state)
{
    (void)state;
    api_conn c = conn_with("ap@acme.example", "pa\"ss", "008ORG", "DEVKEY123");
    http_proto p;
    ic_err err = {0};
    assert_int_equal(bill_connector.engine_proto(&c, &p, &err), 0);
    assert_int_equal(p.max_concurrency, 3);
    assert_null(p.rate_headers);
    assert_true(p.classify == bill_classify);

    /* before signing in: the developer key only */
    sink k = {0};
    assert_int_equal(p.headers(p.ctx, add_line, &k, &err), 0);
    assert_int_equal(k.n, 1);
    assert_string_equal(k.lines[0], "devKey: DEVKEY123");

    char *method, *path, *body;
    assert_true(p.sign_in_request(p.ctx, &method, &path, &body));
    assert_string_equal(method, "POST");
    assert_string_equal(path, "/v3/login");
    cJSON *j = cJSON_Parse(body);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "username")->valuestring, "ap@acme.example");
    assert_string_equal(cJSON_GetObjectItem(j, "password")->valuestring, "pa\"ss");
    assert_string_equal(cJSON_GetObjectItem(j, "organizationId")->valuestring, "008ORG");
    assert_string_equal(cJSON_GetObjectItem(j, "devKey")->valuestring, "DEVKEY123");
    cJSON_Delete(j);
    free(method);
    free(path);
    free(body);

    /* signed in: the session goes with every request */
    j = cJSON_Parse("{\"sessionId\":\"S-1\",\"organizationId\":\"008ORG\",\"userId\":\"006U\"}");
    assert_int_equal(p.signed_in(p.ctx, 200, j, &err), 0);
    cJSON_Delete(j);
    memset(&k, 0, sizeof k);
    assert_int_equal(p.headers(p.ctx, add_line, &k, &err), 0);
    assert_int_equal(k.n, 2);
    assert_string_equal(k.lines[1], "sessionId: S-1");
    /* signed in again (after an expiry): the new session replaces the old */
    j = cJSON_Parse("{\"sessionId\":\"S-2\"}");
    assert_int_equal(p.signed_in(p.ctx, 200, j, &err), 0);
    cJSON_Delete(j);
    memset(&k, 0, sizeof k);
    p.headers(p.ctx, add_line, &k, &err);
    assert_string_equal(k.lines[1], "sessionId: S-2");

    /* wrong credentials: a usage error naming the setting, never its value */
    j = cJSON_Parse(ONE("BDC_1101", "Incorrect username or password"));
    assert_int_equal(p.signed_in(p.ctx, 400, j, &err), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "BILL_PASSWORD"));
    assert_null(strstr(err.msg, "pa\"ss"));
    cJSON_Delete(j);
    j = cJSON_Parse("{\"code\":\"BDC_1102\",\"message\":\"Invalid devKey\"}");
    assert_int_equal(p.signed_in(p.ctx, 401, j, &err), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "BILL_DEV_KEY"));
    assert_null(strstr(err.msg, "DEVKEY123"));
    cJSON_Delete(j);
    j = cJSON_Parse("{\"organizationId\":\"008ORG\"}");
    assert_int_equal(p.signed_in(p.ctx, 200, j, &err), IC_EXIT_IO);
    assert_non_null(strstr(err.msg, "'sessionId'"));
    cJSON_Delete(j);
    assert_int_equal(p.signed_in(p.ctx, 503, NULL, &err), IC_EXIT_IO);
    p.ctx_free(p.ctx);

    /* a control character would let a value inject a header: refused, named, not shown */
    c = conn_with("ap@acme.example", "x", "008ORG", "KEY\r\nX-Evil: 1");
    assert_int_equal(bill_connector.engine_proto(&c, &p, &err), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "developer key"));
    assert_null(strstr(err.msg, "X-Evil"));
    assert_int_equal(bill_connector.engine_proto(&(api_conn){.username = (char *)"a\nb",
                                                             .password = (char *)"x",
                                                             .organization_id = (char *)"o",
                                                             .dev_key = (char *)"k"},
                                                 &p, &err),
                     IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "username"));
    c = conn_with("ap@acme.example", "x", "008ORG", "KEY");
    assert_int_equal(bill_connector.engine_proto(&c, &p, &err), 0);
    j = cJSON_Parse("{\"sessionId\":\"S\\r\\nX-Evil: 1\"}");
    assert_int_equal(p.signed_in(p.ctx, 200, j, &err), IC_EXIT_IO);
    cJSON_Delete(j);
    memset(&k, 0, sizeof k);
    p.headers(p.ctx, add_line, &k, &err);
    assert_int_equal(k.n, 1); /* no session taken */
    p.ctx_free(p.ctx);

    /* a credential missing: named, with where it comes from */
    c = conn_with("ap@acme.example", "x", NULL, "k");
    assert_int_equal(bill_connector.engine_proto(&c, &p, &err), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, "BILL_ORG_ID"));
}

static void test_table(void **state)
{
    (void)state;
    const ic_connector *c = &bill_connector;
    assert_string_equal(c->name, "bill-v3");
    assert_string_equal(c->title, "BILL");
    assert_string_equal(c->default_base_url, "https://gateway.prod.bill.com/connect");
    assert_int_equal(c->max_concurrency, 3);
    assert_string_equal(c->match_fields[0], "invoiceNumber");
    assert_null(c->match_fields[1]);
    assert_false(c->can_search);
    static const struct {
        const char *key, *env, *file;
        bool secret;
    } want[] = {{"username", "BILL_USERNAME", NULL, false},
                {"password", "BILL_PASSWORD", "password-file", true},
                {"organization_id", "BILL_ORG_ID", NULL, false},
                {"dev_key", "BILL_DEV_KEY", NULL, true}};
    size_t n = 0;
    for (const conn_credential *k = c->credentials; k->key; k++, n++) {
        assert_true(n < 4);
        assert_string_equal(k->key, want[n].key);
        assert_string_equal(k->env, want[n].env);
        if (want[n].file)
            assert_string_equal(k->file_opt, want[n].file);
        else
            assert_null(k->file_opt);
        assert_int_equal(k->secret, want[n].secret);
        assert_true(k->required);
    }
    assert_int_equal(n, 4);

    conn_request r;
    c->create_request("{}", &r);
    assert_string_equal(r.method, "POST");
    assert_string_equal(r.path, "/v3/invoices");
    assert_string_equal(r.body, "{}");
    free(r.path);
    free(r.body);
    c->update_request("00e02BZ", "{\"a\":1}", &r);
    assert_string_equal(r.method, "PUT");
    assert_string_equal(r.path, "/v3/invoices/00e02BZ");
    free(r.path);
    free(r.body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_shapes), cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_resume_text),  cmocka_unit_test(test_classify),
        cmocka_unit_test(test_answer_id),    cmocka_unit_test(test_session),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
