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

void *arena_alloc(arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!a->head || a->used + n > a->head->cap) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        arena_chunk *c = xmalloc(sizeof *c + cap);
        c->next = a->head;
        c->cap = cap;
        a->head = c;
        a->used = 0;
    }
    void *p = a->head->data + a->used;
    a->used += n;
    a->total += n;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
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
