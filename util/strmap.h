/* A string-keyed hash map (open addressing): invoice keys to indices, for the plan's index of the
 * store and the journal's entries.
 *
 * Ownership: the map copies keys and frees them in strmap_release; values are plain size_t.
 */
#ifndef INVOICECTL_UTIL_STRMAP_H
#define INVOICECTL_UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strmap {
    char **keys;
    size_t *vals;
    size_t cap, n;
} strmap;

void strmap_init(strmap *m);
void strmap_release(strmap *m);
/* Sets key to val (replacing an earlier value). */
void strmap_put(strmap *m, const char *key, size_t val);
/* True and *val set when the key is present. */
bool strmap_get(const strmap *m, const char *key, size_t *val);

#endif
