/* A growable text buffer for building answers, queries and messages.
 *
 * Ownership: the buffer owns `data`; sbuf_release releases it, sbuf_take hands it
 * to the caller (who frees it with free()) and leaves the buffer empty.
 * Allocation failure exits (xrealloc).
 */
#ifndef INVOICECTL_UTIL_SBUF_H
#define INVOICECTL_UTIL_SBUF_H

#include <stddef.h>

typedef struct sbuf {
    char *data; /* NUL-terminated once anything was added; NULL while empty */
    size_t len;
    size_t cap;
} sbuf;

#define SBUF_INIT                                                                                  \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void sbuf_add(sbuf *b, const char *s, size_t n);
void sbuf_adds(sbuf *b, const char *s);
void sbuf_addf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends `s` as a JSON string literal, quotes included. */
void sbuf_add_json_string(sbuf *b, const char *s);
/* Empties the text but keeps the room, for a buffer reused per row. */
void sbuf_reset(sbuf *b);
char *sbuf_take(sbuf *b, size_t *len);
void sbuf_release(sbuf *b);

#endif
