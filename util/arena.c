/* A bump allocator for the many small strings of a large file (group keys, invoice-level values)
 * and for throw-away JSON trees: one malloc per megabyte instead of one per value, freed at once.
 */
#include "util/arena.h"
#include "util/common.h"

#include <stdlib.h>
#include <string.h>

struct arena_chunk {
    arena_chunk *next;
    size_t cap;
    char data[];
};

#define ARENA_CHUNK ((size_t)1 << 20)

/* n bytes from the head chunk at its `used` rounded up to `align` (a power of two), or from a new
 * chunk when they do not fit there. */
static char *take(arena *a, size_t n, size_t align)
{
    size_t at = a->head ? (a->used + align - 1) & ~(align - 1) : 0;
    if (!a->head || at > a->head->cap || n > a->head->cap - at) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        arena_chunk *c = xmalloc(sizeof *c + cap);
        c->next = a->head;
        c->cap = cap;
        a->head = c;
        at = 0;
    }
    a->used = at + n;
    a->total += n;
    return a->head->data + at;
}

void *arena_alloc(arena *a, size_t n)
{
    return take(a, n, 8);
}

/* Strings need no alignment: packed end to end, a file's many short values (codes, dates,
 * amounts) take their own length and a NUL, not a multiple of eight. */
char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = take(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void arena_release(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    memset(a, 0, sizeof *a);
}

void arena_reset(arena *a)
{
    if (!a->head)
        return;
    arena_chunk *keep = a->head, *c = keep->next;
    while (c) {
        arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    keep->next = NULL;
    a->used = 0;
    a->total = 0;
}
