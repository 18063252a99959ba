/* Small shared helpers: the STATIC test hook and checked allocation. */
#ifndef INVOICECTL_UTIL_COMMON_H
#define INVOICECTL_UTIL_COMMON_H

#include <stddef.h>

/* File-local functions that unit tests reach by #including the .c file are marked STATIC. */
#ifndef STATIC
#define STATIC static
#endif

#define IC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that cannot return NULL: on failure it prints "out of memory" and exits 5.
 * The caller owns and frees what they return. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
