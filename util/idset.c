#include "util/idset.h"
#include "util/common.h"

#include <stdlib.h>

static size_t slot_of(int64_t id, size_t cap)
{
    uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;
    return (size_t)(h >> 17) & (cap - 1);
}

static void put(int64_t *slots, size_t cap, int64_t id)
{
    size_t i = slot_of(id, cap);
    while (slots[i] != 0)
        i = (i + 1) & (cap - 1);
    slots[i] = id;
}

bool idset_add(idset *s, int64_t id)
{
    if (s->cap == 0 || (s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        int64_t *slots = xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i] != 0)
                put(slots, cap, s->slots[i]);
        free(s->slots);
        s->slots = slots;
        s->cap = cap;
    }
    size_t i = slot_of(id, s->cap);
    while (s->slots[i] != 0) {
        if (s->slots[i] == id)
            return false;
        i = (i + 1) & (s->cap - 1);
    }
    s->slots[i] = id;
    s->n++;
    return true;
}

void idset_release(idset *s)
{
    free(s->slots);
    s->slots = NULL;
    s->cap = s->n = 0;
}
