/* BILL's answers: error arrays, the single-object shape, documents, times. */
#include "sandbox/bill/bill.h"
#include "util/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t bill_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void bill_time_text(int64_t ms, char *buf, size_t size)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+00:00", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

static void add_timestamp(sbuf *s)
{
    char ts[40];
    bill_time_text(bill_now_ms(), ts, sizeof ts);
    sbuf_addf(s, "{\"timestamp\":\"%s\"", ts);
}

static void set_json(sb_reply *out, int status, sbuf *s)
{
    size_t len;
    char *text = sbuf_take(s, &len);
    sb_reply_raw(out, status, "application/json", text);
    free(text);
}

void bill_error(sb_reply *out, int status, const char *code, const char *category, const char *msg)
{
    sbuf s = SBUF_INIT;
    sbuf_adds(&s, "[");
    add_timestamp(&s);
    sbuf_addf(&s, ",\"code\":\"%s\",\"severity\":\"ERROR\",\"category\":\"%s\",\"message\":", code,
              category);
    sbuf_add_json_string(&s, msg);
    sbuf_adds(&s, "}]");
    set_json(out, status, &s);
}

void bill_problem(bill_problems *p, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (p->n++)
        sbuf_adds(&p->text, ",");
    add_timestamp(&p->text);
    sbuf_adds(&p->text, ",\"severity\":\"ERROR\",\"message\":");
    sbuf_add_json_string(&p->text, msg);
    sbuf_adds(&p->text, "}");
}

bool bill_problems_answer(bill_problems *p, int status, sb_reply *out)
{
    if (!p->n) {
        sbuf_release(&p->text);
        return false;
    }
    sbuf s = SBUF_INIT;
    sbuf_adds(&s, "[");
    sbuf_add(&s, p->text.data, p->text.len);
    sbuf_adds(&s, "]");
    sbuf_release(&p->text);
    p->n = 0;
    set_json(out, status, &s);
    return true;
}

void bill_error_object(sb_reply *out, int status, const char *msg)
{
    sbuf s = SBUF_INIT;
    sbuf_adds(&s, "{\"message\":");
    sbuf_add_json_string(&s, msg);
    sbuf_adds(&s, "}");
    set_json(out, status, &s);
}

void bill_reply_doc(sb_reply *out, int status, cJSON *doc)
{
    char *text = bill_json_print(doc);
    sb_reply_raw(out, status, "application/json", text);
    free(text);
}
