/* BILL's login and sessions, and the limits checked before any handler: the developer key, the
 * session (35 minutes idle by default, sliding), the session-expire fault, the hourly budget and
 * the login budget (both counted per clock hour, as BILL's "wait for the next hour" says). */
#include "sandbox/bill/bill.h"
#include "util/clock.h"
#include "util/common.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

void bill_random_token(char *buf, size_t len)
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    unsigned char raw[64];
    if (len > sizeof raw)
        len = sizeof raw;
    if (getrandom(raw, len, 0) != (ssize_t)len) {
        /* No entropy: the clock still makes tokens nobody guesses by accident. */
        uint64_t x = (uint64_t)time(NULL) ^ (uint64_t)(mono_now() * 1e9);
        for (size_t i = 0; i < len; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            raw[i] = (unsigned char)(x >> 56);
        }
    }
    for (size_t i = 0; i < len; i++)
        buf[i] = alphabet[raw[i] % (sizeof alphabet - 1)];
    buf[len] = '\0';
}

/* Moves the clock-hour counts to `now`'s hour.  Under b->mu. */
static void roll_hour(bill_state *b)
{
    int64_t hour = (int64_t)time(NULL) / 3600;
    if (hour != b->hour) {
        b->hour = hour;
        b->hour_used = 0;
        b->logins_used = 0;
    }
}

static const char *str_field(const cJSON *body, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, name);
    return cJSON_IsString(v) && v->valuestring[0] != BILL_NUM_MARK ? v->valuestring : NULL;
}

void bill_h_login(bill_state *b, const sb_api_call *call, sb_reply *out)
{
    const sandbox_bill_config *cfg = b->cfg;
    pthread_mutex_lock(&b->mu);
    roll_hour(b);
    bool over = cfg->login_limit > 0 && b->logins_used >= cfg->login_limit;
    if (!over)
        b->logins_used++;
    pthread_mutex_unlock(&b->mu);
    if (over) {
        bill_error(out, 429, "BDC_1144", "DOWNSTREAM",
                   "Max number of logins per hour reached. Try again after the top of the hour.");
        return;
    }
    cJSON *body = bill_json_parse(call->rq.body, call->rq.body_len);
    if (!cJSON_IsObject(body)) {
        cJSON_Delete(body);
        bill_error_object(out, 400, "The request body is not a JSON object.");
        return;
    }
    static const char *const required[] = {"username", "password", "organizationId", "devKey"};
    bill_problems p = {SBUF_INIT, 0};
    for (size_t i = 0; i < IC_ARRAY_LEN(required); i++)
        if (!str_field(body, required[i]) || !*str_field(body, required[i]))
            bill_problem(&p, "%s: must not be blank", required[i]);
    if (bill_problems_answer(&p, 400, out)) {
        cJSON_Delete(body);
        return;
    }
    if (strcmp(str_field(body, "devKey"), cfg->dev_key) != 0)
        bill_error(out, 401, "BDC_1102", "AUTHENTICATION", "Invalid developer key.");
    else if (strcmp(str_field(body, "username"), cfg->username) != 0 ||
             strcmp(str_field(body, "password"), cfg->password) != 0)
        bill_error(out, 401, "BDC_1101", "AUTHENTICATION",
                   "Incorrect username or password. Please try again.");
    else if (strcmp(str_field(body, "organizationId"), cfg->organization_id) != 0)
        bill_error(out, 401, "BDC_1101", "AUTHENTICATION",
                   "The user does not belong to this organization.");
    else {
        bill_session s = {.last_used = mono_now()};
        bill_random_token(s.id, 36);
        pthread_mutex_lock(&b->mu);
        size_t slot = b->n_sessions;
        if (slot == BILL_SESSIONS_MAX) { /* full: the one idle the longest goes */
            slot = 0;
            for (size_t i = 1; i < b->n_sessions; i++)
                if (b->sessions[i].last_used < b->sessions[slot].last_used)
                    slot = i;
        } else {
            b->n_sessions++;
        }
        b->sessions[slot] = s;
        pthread_mutex_unlock(&b->mu);
        char text[256];
        snprintf(text, sizeof text,
                 "{\"sessionId\":\"%s\",\"organizationId\":\"%s\",\"userId\":"
                 "\"00601SANDBOX00000001\"}",
                 s.id, cfg->organization_id);
        sb_reply_raw(out, 200, "application/json", text);
    }
    cJSON_Delete(body);
}

/* The index of session `id`, or -1.  Under b->mu. */
static long find_session(bill_state *b, const char *id)
{
    for (size_t i = 0; id && i < b->n_sessions; i++)
        if (strcmp(b->sessions[i].id, id) == 0)
            return (long)i;
    return -1;
}

static void drop_session(bill_state *b, long i)
{
    b->sessions[i] = b->sessions[--b->n_sessions];
}

void bill_h_logout(bill_state *b, const sb_api_call *call, sb_reply *out)
{
    pthread_mutex_lock(&b->mu);
    long i = find_session(b, sb_header(&call->rq, "sessionId"));
    if (i >= 0)
        drop_session(b, i);
    pthread_mutex_unlock(&b->mu);
    sb_reply_raw(out, 200, "application/json", "{}");
}

void bill_h_session(bill_state *b, const sb_api_call *call, sb_reply *out)
{
    char text[256];
    snprintf(text, sizeof text,
             "{\"sessionId\":\"%s\",\"organizationId\":\"%s\",\"userId\":\"00601SANDBOX00000001\"}",
             sb_header(&call->rq, "sessionId"), b->cfg->organization_id);
    sb_reply_raw(out, 200, "application/json", text);
}

static bool is_login(const sb_request *rq)
{
    return strcmp(rq->path, "/v3/login") == 0 || strcmp(rq->path, "/v3/login/") == 0;
}

int bill_admit(void *state, const sb_api_call *call, sb_reply *out)
{
    bill_state *b = state;
    const sb_request *rq = &call->rq;
    if (!is_login(rq)) {
        const char *key = sb_header(rq, "devKey");
        if (!key || strcmp(key, b->cfg->dev_key) != 0) {
            bill_error(out, 401, "BDC_1102", "AUTHENTICATION",
                       key ? "Invalid developer key." : "The devKey header is missing.");
            return 401;
        }
    }
    pthread_mutex_lock(&b->mu);
    roll_hour(b);
    if (b->cfg->hourly_limit > 0 && b->hour_used >= b->cfg->hourly_limit) {
        pthread_mutex_unlock(&b->mu);
        bill_error(out, 429, "BDC_1144", "DOWNSTREAM",
                   "Max number of API calls per hour reached. Try again after the top of the "
                   "hour.");
        return 429;
    }
    b->hour_used++;
    if (is_login(rq)) {
        pthread_mutex_unlock(&b->mu);
        return 0;
    }
    double now = mono_now();
    long i = find_session(b, sb_header(rq, "sessionId"));
    bool valid = i >= 0 && now - b->sessions[i].last_used <= (double)b->cfg->session_idle_s;
    if (valid && sb_faults_session_expire(b->faults))
        valid = false;
    if (!valid) {
        if (i >= 0)
            drop_session(b, i);
        pthread_mutex_unlock(&b->mu);
        bill_error(out, 401, "BDC_1109", "AUTHENTICATION", "Session is invalid. Please log in.");
        return 401;
    }
    b->sessions[i].last_used = now;
    pthread_mutex_unlock(&b->mu);
    return 0;
}
