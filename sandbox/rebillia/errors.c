/* Rebillia's answers: the error object {code, message, details?, timestamp}, JSON bodies, times
 * and dates. */
#include "model/date.h"
#include "sandbox/rebillia/rebillia.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void reb_time_text(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The value of n decimal digits (checked by the caller). */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

bool reb_date_ok(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2), y2, m2, d2;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    /* 2026-02-31 comes back as March the 3rd. */
    date_civil_from_days(date_days_from_civil(y, m, d), &y2, &m2, &d2);
    return y2 == y && m2 == m && d2 == d;
}

void reb_reply_json(sb_reply *out, int status, sbuf *s)
{
    sb_reply_raw(out, status, "application/json", s->data ? s->data : "{}");
    sbuf_release(s);
}

void reb_error(sb_reply *out, int status, const char *code, const char *msg, const char *details)
{
    char ts[32];
    reb_time_text((int64_t)time(NULL), ts, sizeof ts);
    sbuf s = SBUF_INIT;
    sbuf_adds(&s, "{\"code\":");
    sbuf_add_json_string(&s, code);
    sbuf_adds(&s, ",\"message\":");
    sbuf_add_json_string(&s, msg);
    if (details)
        sbuf_addf(&s, ",\"details\":%s", details);
    sbuf_addf(&s, ",\"timestamp\":\"%s\"}", ts);
    reb_reply_json(out, status, &s);
}

void reb_problem(reb_problems *p, const char *field, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (p->n++)
        sbuf_adds(&p->text, ",");
    sbuf_add_json_string(&p->text, field);
    sbuf_adds(&p->text, ":");
    sbuf_add_json_string(&p->text, msg);
}

bool reb_problems_answer(reb_problems *p, sb_reply *out)
{
    if (!p->n) {
        sbuf_release(&p->text);
        return false;
    }
    sbuf d = SBUF_INIT;
    sbuf_adds(&d, "{");
    sbuf_add(&d, p->text.data, p->text.len);
    sbuf_adds(&d, "}");
    sbuf_release(&p->text);
    p->n = 0;
    reb_error(out, 422, "VALIDATION_ERROR", "The request is not valid.", d.data);
    sbuf_release(&d);
    return true;
}
