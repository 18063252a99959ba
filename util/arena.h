/* A bump allocator: many small allocations from a few large chunks, released at once.
 *
 * Ownership: an arena is a plain struct the caller owns (zero-initialise it); what arena_alloc
 * returns belongs to the arena and lives until arena_reset or arena_release.  Not thread-safe.
 */
#ifndef INVOICECTL_UTIL_ARENA_H
#define INVOICECTL_UTIL_ARENA_H

#include <stddef.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena {
    arena_chunk *head;
    size_t used;  /* in head */
    size_t total; /* bytes handed out since the last reset */
    size_t held;  /* bytes of its chunks */
} arena;

/* n bytes aligned to 8; never NULL (exits on out of memory like xmalloc). */
void *arena_alloc(arena *a, size_t n);
/* A NUL-terminated copy of s's n bytes, with no alignment: strings are packed end to end. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* Forgets every allocation but keeps the newest chunk for reuse. */
void arena_reset(arena *a);
/* Releases every chunk. */
void arena_release(arena *a);

#endif
