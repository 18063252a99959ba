/* Small shared helpers: the STATIC test hook and checked allocation. */
#ifndef INVOICECTL_UTIL_COMMON_H
#define INVOICECTL_UTIL_COMMON_H

#include <stdarg.h>
#include <stddef.h>

/* File-local functions that unit tests reach by #including the .c file are marked STATIC. */
#ifndef STATIC
#define STATIC static
#endif

#define IC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Naming of the functions that give memory back (as git's S_init/S_release/S_free):
 *   X_init(X *)     makes a struct the caller owns (on the stack or inside another) ready for use;
 *                   for most types all-zero ({0}) is the same.
 *   X_release(X *)  empties such a struct: frees what it holds and leaves it as after X_init, so it
 *                   can be used again; the struct's own memory stays the caller's (strmap_release,
 *                   sbuf_release, batch_release, fspec_release).
 *   X_free(X *)     frees a heap object that X_new/X_open/X_load returned, the object itself
 *                   included; NULL is allowed (mapping_free, lookup_free, http_engine_free).
 * A type has one or the other: X_release for a struct the caller owns, X_free for one the module
 * allocates. */

/* Allocation that cannot return NULL: on failure it prints "out of memory" and exits 5.
 * The caller owns and frees what they return. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A new string formatted as printf does (vasprintf that cannot fail). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Asks the kernel to back the 2 MiB-aligned pages inside [p, p + n) with huge pages: for the few
 * large arrays of a big file (groups, hash tables), which otherwise fault in 4 KiB at a time.  A
 * hint only: nothing changes where it is refused or unknown. */
void advise_huge_pages(void *p, size_t n);
/* xmalloc for a large block (a group block, a hash table, an arena chunk of a big file): from 1 MiB
 * on, aligned to 2 MiB and advised for huge pages, so that it is faulted in 2 MiB at a time rather
 * than 4 KiB.  Freed with free(). */
void *xmalloc_huge(size_t n);

#endif
