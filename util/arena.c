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
/* Once an arena holds more than HUGE_AFTER it is a large one (a big file's keys and values, or its
 * rows for --emit): it grows by chunks of ARENA_BIG, aligned to and advised for the kernel's 2 MiB
 * pages.  Touching a hundred megabytes 4 KiB at a time costs a page fault each, and on a virtual
 * machine the faults alone took a sixth of validate's time; a 2 MiB page takes one. */
#define HUGE_AFTER ((size_t)2 << 20)
#define ARENA_BIG ((size_t)8 << 20)

__attribute__((noinline)) static arena_chunk *chunk_new(arena *a, size_t n)
{
    arena_chunk *c = NULL;
    size_t size = sizeof *c + (n > ARENA_CHUNK ? n : ARENA_CHUNK);
    if (a->held >= HUGE_AFTER && n <= ARENA_BIG - sizeof *c) {
        c = xmalloc_huge(ARENA_BIG);
        size = ARENA_BIG;
    }
    if (!c)
        c = xmalloc(size);
    c->cap = size - sizeof *c;
    c->next = a->head;
    a->head = c;
    a->held += size;
    return c;
}

/* n bytes from the head chunk at its `used` rounded up to `align` (a power of two), or from a new
 * chunk when they do not fit there.  Inline, with the new chunk out of line: cJSON takes every node
 * of every --emit body from here. */
static inline char *take(arena *a, size_t n, size_t align)
{
    arena_chunk *c = a->head;
    size_t at = 0;
    if (c) {
        at = (a->used + align - 1) & ~(align - 1);
        if (at > c->cap || n > c->cap - at)
            c = NULL;
    }
    if (!c) {
        c = chunk_new(a, n);
        at = 0;
    }
    a->used = at + n;
    a->total += n;
    return c->data + at;
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
    a->held = sizeof *keep + keep->cap;
}
