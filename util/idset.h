/* A set of positive 64-bit ids (open addressing), for noticing an invoice listed twice.
 *
 * Ownership: an idset is a plain struct the caller owns (zero-initialise it) and releases with
 * idset_release.  About 16 bytes per id.
 */
#ifndef INVOICECTL_UTIL_IDSET_H
#define INVOICECTL_UTIL_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct idset {
    int64_t *slots; /* 0 = empty */
    size_t cap, n;
} idset;

/* Adds id (> 0); returns false when it was already there. */
bool idset_add(idset *s, int64_t id);
void idset_release(idset *s);

#endif
