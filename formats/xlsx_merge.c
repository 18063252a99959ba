/* Merged cells: Excel keeps the value in the range's top-left cell only, and lists the ranges after
 * the rows (<mergeCells> follows <sheetData>).  A streamed read meets the ranges too late, so they
 * are found first by a scan of the sheet's bytes, without parsing the XML: the cost is one more
 * inflate of the sheet, and only when it merges cells does anything else change. */
#include "formats/xlsx_internal.h"
#include "util/common.h"

#include <stdlib.h>
#include <string.h>

#define MAX_MERGES 100000
#define CARRY 96 /* longer than '<mergeCell ref="XFD1048576:XFD1048576"' */

typedef struct scan {
    xlsx_merge *v;
    size_t n;
    char *win; /* the unscanned tail of the last chunk, then this chunk */
    size_t nwin, capwin;
} scan;

/* "A2:C5" into a range; false when it is none. */
static bool parse_range(const char *s, size_t len, xlsx_merge *m)
{
    const char *colon = memchr(s, ':', len);
    char a[16], b[16];
    if (!colon || (size_t)(colon - s) >= sizeof a || len - (size_t)(colon - s) - 1 >= sizeof b)
        return false;
    memcpy(a, s, (size_t)(colon - s));
    a[colon - s] = '\0';
    memcpy(b, colon + 1, len - (size_t)(colon - s) - 1);
    b[len - (size_t)(colon - s) - 1] = '\0';
    return xlsx_ref_parse(a, &m->c1, &m->r1) && xlsx_ref_parse(b, &m->c2, &m->r2) &&
           m->r1 <= m->r2 && m->c1 <= m->c2;
}

/* Finds each 'mergeCell ref="…"' in [p, p+n); returns how many bytes were fully scanned. */
static size_t find(scan *sc, const char *p, size_t n)
{
    size_t done = 0;
    for (;;) {
        const char *hit = memmem(p + done, n - done, "mergeCell ", 10);
        if (!hit) /* keep a tail that may hold the start of a name cut in two */
            return n - done > CARRY ? n - CARRY : done;
        const char *gt = memchr(hit, '>', n - (size_t)(hit - p));
        if (!gt)
            return (size_t)(hit - p); /* the element goes on in the next chunk */
        const char *ref = memmem(hit, (size_t)(gt - hit), "ref=\"", 5);
        const char *end = ref ? memchr(ref + 5, '"', (size_t)(gt - ref - 5)) : NULL;
        xlsx_merge m = {0};
        if (end && sc->n < MAX_MERGES && parse_range(ref + 5, (size_t)(end - ref - 5), &m)) {
            sc->v = xrealloc(sc->v, (sc->n + 1) * sizeof *sc->v);
            sc->v[sc->n++] = m;
        }
        done = (size_t)(gt - p) + 1;
    }
}

static int on_chunk(void *ctx, const char *buf, size_t len)
{
    scan *sc = ctx;
    if (sc->nwin + len > sc->capwin) {
        sc->capwin = sc->nwin + len;
        sc->win = xrealloc(sc->win, sc->capwin);
    }
    memcpy(sc->win + sc->nwin, buf, len);
    size_t total = sc->nwin + len;
    size_t done = find(sc, sc->win, total);
    size_t keep = total - done < CARRY ? total - done : CARRY;
    memmove(sc->win, sc->win + total - keep, keep);
    sc->nwin = keep;
    return 0;
}

static int by_row(const void *a, const void *b)
{
    const xlsx_merge *x = a, *y = b;
    return x->r1 < y->r1 ? -1 : x->r1 > y->r1;
}

int xlsx_merges_load(xlsx_book *b, const char *entry, xlsx_merge **out, size_t *n, ic_err *err)
{
    scan sc = {0};
    int rc = xlsx_zip_stream(b->z, entry, on_chunk, &sc, err);
    free(sc.win);
    if (rc) {
        free(sc.v);
        return rc;
    }
    if (sc.n)
        qsort(sc.v, sc.n, sizeof *sc.v, by_row);
    *out = sc.v;
    *n = sc.n;
    return 0;
}
