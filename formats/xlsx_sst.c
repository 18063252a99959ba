/* The shared strings (xl/sharedStrings.xml): every string cell of a sheet written by Excel points
 * into this table.  Kept as one buffer of NUL-terminated strings and their offsets; rich text is
 * its runs joined, phonetic guides (rPh) left out. */
#include "formats/xlsx_internal.h"
#include "util/common.h"

#include <stdlib.h>
#include <string.h>

/* The table is as large as the strings it holds; past this the file is refused rather than fill
 * the memory. */
#define SST_MAX_BYTES ((size_t)1 << 30)

typedef struct sst {
    xlsx_book *b;
    xlsx_xml *x;
    sbuf buf;   /* the strings */
    sbuf cur;   /* the <si> being read */
    size_t cap; /* of b->sst_off */
    int in_si, in_t, in_rph;
} sst;

static void XMLCALL sst_start(void *ud, const char *name, const char **atts)
{
    (void)atts;
    sst *s = ud;
    const char *n = xlsx_local(name);
    if (strcmp(n, "si") == 0) {
        s->in_si = 1;
        sbuf_reset(&s->cur);
    } else if (s->in_si && strcmp(n, "rPh") == 0) {
        s->in_rph++;
    } else if (s->in_si && strcmp(n, "t") == 0) {
        s->in_t = 1;
    }
}

static void XMLCALL sst_end(void *ud, const char *name)
{
    sst *s = ud;
    const char *n = xlsx_local(name);
    if (strcmp(n, "t") == 0) {
        s->in_t = 0;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph--;
    } else if (strcmp(n, "si") == 0 && s->in_si) {
        s->in_si = 0;
        xlsx_book *b = s->b;
        if (b->nsst == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 1024;
            b->sst_off = xrealloc(b->sst_off, s->cap * sizeof *b->sst_off);
        }
        size_t len = s->cur.data ? xlsx_unescape(s->cur.data, s->cur.len) : 0;
        b->sst_off[b->nsst++] = s->buf.len;
        if (len)
            sbuf_add(&s->buf, s->cur.data, len);
        sbuf_add(&s->buf, "", 1); /* the NUL that ends it */
        if (s->buf.len > SST_MAX_BYTES)
            xlsx_xml_stop(s->x, 1);
    }
}

static void XMLCALL sst_text(void *ud, const char *t, int len)
{
    sst *s = ud;
    if (s->in_t && !s->in_rph)
        sbuf_add(&s->cur, t, (size_t)len);
}

int xlsx_sst_load(xlsx_book *b, const char *entry, ic_err *err)
{
    sst s = {.b = b};
    xlsx_xml x = {.ud = &s, .start = sst_start, .end = sst_end, .text = sst_text};
    s.x = &x;
    int rc = xlsx_xml_parse(b->z, b->shown, entry, &x, err);
    if (rc == 1)
        rc = ic_err_set(err, IC_EXIT_USAGE, "'%s' is refused: its shared strings pass %zu MiB",
                        b->shown, SST_MAX_BYTES >> 20);
    b->sst_len = s.buf.len;
    b->sst = sbuf_take(&s.buf, NULL);
    sbuf_release(&s.cur);
    return rc;
}
