#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>

int ic_log_level = IC_LOG_NORMAL;

__attribute__((format(printf, 2, 0))) static void vlog(const char *tag, const char *fmt, va_list ap)
{
    fputs("invoicectl: ", stderr);
    if (tag)
        fputs(tag, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

#define IC_LOG_FN(name, min, tag)                                                                  \
    void name(const char *fmt, ...)                                                                \
    {                                                                                              \
        if (ic_log_level < (min))                                                                  \
            return;                                                                                \
        va_list ap;                                                                                \
        va_start(ap, fmt);                                                                         \
        vlog(tag, fmt, ap);                                                                        \
        va_end(ap);                                                                                \
    }

IC_LOG_FN(ic_error, IC_LOG_QUIET, "error: ")
IC_LOG_FN(ic_warn, IC_LOG_NORMAL, "warning: ")
IC_LOG_FN(ic_info, IC_LOG_NORMAL, NULL)
IC_LOG_FN(ic_verbose, IC_LOG_VERBOSE, NULL)
IC_LOG_FN(ic_debug, IC_LOG_DEBUG, "debug: ")
