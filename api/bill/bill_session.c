/* BILL's sessions on the wire: every request carries `devKey` and, once signed in, `sessionId`;
 * the session comes from POST /v3/login with the four credentials and is reused until BILL answers
 * BDC_1109 (expired: idle for 35 minutes), when the engine signs in again once and replays
 * (api/proto.h).  BILL allows 200 sign-ins an hour: the engine counts them.
 *
 * Secrets: the password, the developer key and the session id are copied into the proto's context
 * and wiped when it is freed; the sign-in body (which holds the password) is a heap string the
 * engine wipes after use.  Messages name a wrong setting, never its value. */
#include "api/bill/bill_internal.h"

#include "util/common.h"
#include "util/sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A value that could end a header line and start another. */
static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

typedef struct bill_session {
    char *username, *password, *organization_id, *dev_key;
    char *session_id; /* NULL until signed in */
} bill_session;

static void wipe_free(char *s)
{
    if (!s)
        return;
    volatile char *p = s;
    while (*p)
        *p++ = '\0';
    free(s);
}

static void session_free(void *ctx)
{
    bill_session *s = ctx;
    if (!s)
        return;
    wipe_free(s->username);
    wipe_free(s->password);
    wipe_free(s->organization_id);
    wipe_free(s->dev_key);
    wipe_free(s->session_id);
    free(s);
}

/* Room for everything a secret's text will take, so the buffer is never moved (a move would leave a
 * copy of the secret in freed memory, unwiped). */
static void reserve(sbuf *b, size_t n)
{
    char *zeros = xcalloc(1, n);
    sbuf_add(b, zeros, n);
    free(zeros);
    sbuf_reset(b);
}

static int session_headers(void *ctx, http_add_header_fn add, void *sink, ic_err *err)
{
    bill_session *s = ctx;
    sbuf b = SBUF_INIT;
    int rc = 0;
    reserve(&b, strlen(s->dev_key) + (s->session_id ? strlen(s->session_id) : 0) + 32);
    sbuf_addf(&b, "devKey: %s", s->dev_key);
    if (add(sink, b.data) != 0)
        rc = ic_err_set(err, IC_EXIT_INTERNAL, "out of memory");
    if (rc == 0 && s->session_id) {
        memset(b.data, 0, b.len);
        sbuf_reset(&b);
        sbuf_addf(&b, "sessionId: %s", s->session_id);
        if (add(sink, b.data) != 0)
            rc = ic_err_set(err, IC_EXIT_INTERNAL, "out of memory");
    }
    if (b.data)
        memset(b.data, 0, b.len);
    sbuf_release(&b);
    return rc;
}

static bool session_sign_in_request(void *ctx, char **method, char **path, char **body)
{
    bill_session *s = ctx;
    sbuf b = SBUF_INIT;
    reserve(&b, 6 * (strlen(s->username) + strlen(s->password) + strlen(s->organization_id) +
                     strlen(s->dev_key)) +
                    80);
    sbuf_adds(&b, "{\"username\":");
    sbuf_add_json_string(&b, s->username);
    sbuf_adds(&b, ",\"password\":");
    sbuf_add_json_string(&b, s->password);
    sbuf_adds(&b, ",\"organizationId\":");
    sbuf_add_json_string(&b, s->organization_id);
    sbuf_adds(&b, ",\"devKey\":");
    sbuf_add_json_string(&b, s->dev_key);
    sbuf_adds(&b, "}");
    *method = xstrdup("POST");
    *path = xstrdup("/v3/login");
    *body = sbuf_take(&b, NULL);
    return true;
}

static int session_signed_in(void *ctx, long status, const cJSON *json, ic_err *err)
{
    bill_session *s = ctx;
    if (status >= 200 && status < 300) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(json, "sessionId");
        if (!cJSON_IsString(id) || id->valuestring[0] == '\0')
            return ic_err_set(err, IC_EXIT_IO,
                              "BILL's sign-in answer (POST /v3/login) has no 'sessionId'");
        if (has_control(id->valuestring))
            return ic_err_set(err, IC_EXIT_IO,
                              "BILL's sign-in answer (POST /v3/login) has a 'sessionId' with "
                              "control characters");
        wipe_free(s->session_id);
        s->session_id = xstrdup(id->valuestring);
        return 0;
    }
    char msg[512];
    bill_error_read(json, NULL, 0, msg, sizeof msg);
    if (bill_error_has(json, "BDC_1102"))
        return ic_err_set(err, IC_EXIT_USAGE,
                          "BILL refused the developer key (BDC_1102): check BILL_DEV_KEY or the "
                          "profile's \"dev_key\" (sandbox and production keys differ)");
    if (bill_error_has(json, "BDC_1101"))
        return ic_err_set(err, IC_EXIT_USAGE,
                          "BILL refused the sign-in (BDC_1101): check BILL_USERNAME, "
                          "BILL_PASSWORD (or --password-file) and BILL_ORG_ID, or the profile's "
                          "\"username\", \"password\" and \"organization_id\"");
    if (bill_error_has(json, "BDC_1144"))
        return ic_err_set(err, IC_EXIT_IO, "BILL's hourly request limit is spent (BDC_1144)");
    if (status == 400 || status == 401 || status == 403)
        return ic_err_set(err, IC_EXIT_USAGE, "BILL refused the sign-in (HTTP %ld)%s%s", status,
                          msg[0] ? ": " : "", msg);
    return ic_err_set(err, IC_EXIT_IO, "BILL's sign-in failed (HTTP %ld)%s%s", status,
                      msg[0] ? ": " : "", msg);
}

static const struct {
    const char *name, *env, *profile;
} settings[] = {{"username", "BILL_USERNAME", "username"},
                {"password", "BILL_PASSWORD (or --password-file)", "password"},
                {"organisation id", "BILL_ORG_ID", "organization_id"},
                {"developer key", "BILL_DEV_KEY", "dev_key"}};

int bill_engine_proto(const api_conn *conn, http_proto *proto, ic_err *err)
{
    const char *v[4] = {conn->username, conn->password, conn->organization_id, conn->dev_key};
    for (size_t i = 0; i < IC_ARRAY_LEN(settings); i++)
        if (!v[i] || !v[i][0])
            return ic_err_set(err, IC_EXIT_USAGE,
                              "BILL needs the %s: set %s or the profile's \"%s\"", settings[i].name,
                              settings[i].env, settings[i].profile);
    for (size_t i = 0; i < IC_ARRAY_LEN(settings); i++)
        if (has_control(v[i]))
            return ic_err_set(err, IC_EXIT_USAGE,
                              "BILL's %s (%s or the profile's \"%s\") holds a control character",
                              settings[i].name, settings[i].env, settings[i].profile);
    bill_session *s = xcalloc(1, sizeof *s);
    s->username = xstrdup(conn->username);
    s->password = xstrdup(conn->password);
    s->organization_id = xstrdup(conn->organization_id);
    s->dev_key = xstrdup(conn->dev_key);
    memset(proto, 0, sizeof *proto);
    proto->ctx = s;
    proto->ctx_free = session_free;
    proto->headers = session_headers;
    proto->sign_in_request = session_sign_in_request;
    proto->signed_in = session_signed_in;
    proto->classify = bill_classify;
    proto->rate_headers = NULL; /* BILL documents none */
    proto->max_concurrency = BILL_CONCURRENCY;
    return 0;
}
