/* Diagnostics on stderr, gated by the global -q/-v level.  Every line starts with "invoicectl: ".
 * Never pass a secret (token, password) to these functions: nothing here can redact it.
 */
#ifndef INVOICECTL_UTIL_LOG_H
#define INVOICECTL_UTIL_LOG_H

enum ic_log_level { IC_LOG_QUIET = 0, IC_LOG_NORMAL = 1, IC_LOG_VERBOSE = 2, IC_LOG_DEBUG = 3 };

extern int ic_log_level; /* set once by cmd/main.c from -q / -v (-vv for debug) */

void ic_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));   /* always shown */
void ic_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));    /* hidden by -q */
void ic_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));    /* hidden by -q */
void ic_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* shown with -v */
void ic_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));   /* shown with -vv */

#endif
