/* Errors as values: an exit-code class plus a formatted message that names the place.
 *
 * Ownership: ic_err is a plain struct the caller owns (usually on the stack); nothing in it is
 * heap-allocated. Messages follow git's style: lowercase, no final full stop, the failing thing
 * quoted.
 */
#ifndef INVOICECTL_UTIL_ERR_H
#define INVOICECTL_UTIL_ERR_H

#include <stddef.h>

/* Exit codes, documented in one table (README.md and docs/exit-codes.md). */
enum ic_exit {
    IC_EXIT_OK = 0,      /* everything done */
    IC_EXIT_INVALID = 1, /* some invoices invalid or rejected */
    IC_EXIT_USAGE = 2,   /* usage, mapping or configuration error */
    IC_EXIT_IO = 3,      /* I/O or network failure (file, disk, API unreachable after retries) */
    IC_EXIT_INTERRUPTED = 4, /* stopped by a signal or the user; the journal allows resuming */
    IC_EXIT_INTERNAL = 5     /* out of memory or a bug */
};

#define IC_ERR_MSG_MAX 1024

typedef struct ic_err {
    int code;                 /* an enum ic_exit value; 0 means no error */
    char msg[IC_ERR_MSG_MAX]; /* "cannot open 'x.csv': No such file or directory" */
} ic_err;

/* Sets code and message (printf-style); returns code so callers can `return ic_err_set(...)`. */
int ic_err_set(ic_err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Prefixes the existing message with "PREFIX: " (printf-style); keeps the code. */
void ic_err_prefix(ic_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ic_err_clear(ic_err *e);

#endif
