#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ic_err_set(ic_err *e, int code, const char *fmt, ...)
{
    if (!e)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->code = code;
    return code;
}

void ic_err_prefix(ic_err *e, const char *fmt, ...)
{
    if (!e)
        return;
    char head[IC_ERR_MSG_MAX];
    char old[IC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    /* Truncation is acceptable here: the message stays readable. */
    size_t hl = strnlen(head, sizeof e->msg - 3);
    memcpy(e->msg, head, hl);
    memcpy(e->msg + hl, ": ", 2);
    size_t room = sizeof e->msg - hl - 3;
    size_t ol = strnlen(old, room);
    memcpy(e->msg + hl + 2, old, ol);
    e->msg[hl + 2 + ol] = '\0';
}

void ic_err_clear(ic_err *e)
{
    if (!e)
        return;
    e->code = 0;
    e->msg[0] = '\0';
}
