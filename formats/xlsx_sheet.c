/* One sheet's rows, streamed from its XML: memory is one row's cells, whatever the sheet's size.
 * Each cell becomes text as a CSV export would hold it, but from what the file stores rather than
 * how Excel displays it: shared and inline strings as written, numbers as their digits, days as
 * ISO dates, booleans TRUE/FALSE, a formula's cached value. */
#include "formats/xlsx_internal.h"
#include "util/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ctype { CT_NUMBER, CT_SHARED, CT_INLINE, CT_STR, CT_BOOL, CT_ERROR, CT_DATE };

typedef struct sheet {
    xlsx_book *b;
    xlsx_xml *x;
    const char *name;
    size_t max_row_bytes;
    xlsx_row_fn fn;
    void *ctx;
    ic_err *err;
    int cb_rc; /* the callback's stop value */
    long row, col;
    sbuf vals;   /* the row's cell texts, each NUL-terminated */
    size_t *off; /* per cell: start in vals */
    long *cols;
    size_t ncells, cap;
    xlsx_cell *cells;
    /* the cell being read */
    enum ctype type;
    long style;
    bool has_f, in_v, in_t, in_is;
    int in_rph;
    sbuf v;
} sheet;

/* An error naming the cell as messages place it: book.xlsx:Sheet!C14. */
__attribute__((format(printf, 2, 3))) static void cell_error(sheet *s, const char *fmt, ...)
{
    char ref[8], msg[600];
    xlsx_col_name(s->col, ref);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ic_err_set(s->err, IC_EXIT_USAGE, "%s:%s!%s%ld: %s", s->b->shown, s->name, ref, s->row, msg);
    xlsx_xml_stop(s->x, IC_EXIT_USAGE);
}

/* The elements a sheet's rows are made of.  Each start and end tag of a 100 MiB sheet comes through
 * here, so names are told apart by their first bytes rather than by a chain of strcmp. */
enum tag { TAG_OTHER, TAG_ROW, TAG_C, TAG_V, TAG_F, TAG_IS, TAG_T, TAG_RPH, TAG_SHEETDATA };

static enum tag tag_of(const char *n)
{
    switch (n[0]) {
    case 'c':
        if (n[1] == '\0')
            return TAG_C;
        break;
    case 'v':
        if (n[1] == '\0')
            return TAG_V;
        break;
    case 'f':
        if (n[1] == '\0')
            return TAG_F;
        break;
    case 't':
        if (n[1] == '\0')
            return TAG_T;
        break;
    case 'i':
        if (n[1] == 's' && n[2] == '\0')
            return TAG_IS;
        break;
    case 'r':
        if (n[1] == 'o' && n[2] == 'w' && n[3] == '\0')
            return TAG_ROW;
        if (strcmp(n, "rPh") == 0)
            return TAG_RPH;
        break;
    case 's':
        if (strcmp(n, "sheetData") == 0)
            return TAG_SHEETDATA;
        break;
    }
    /* a prefixed name (x:row), which some writers use */
    const char *colon = strrchr(n, ':');
    return colon ? tag_of(colon + 1) : TAG_OTHER;
}

/* An attribute's one-letter local name ('r', 't', 's'), or 0. */
static inline char attr_letter(const char *n)
{
    if (n[0] && !n[1])
        return n[0];
    const char *colon = strrchr(n, ':');
    return colon && colon[1] && !colon[2] ? colon[1] : 0;
}

/* A style or shared-string index: digits only, or -1. */
static long small_index(const char *p)
{
    long v = 0;
    if (!*p)
        return -1;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || v > 100000000)
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v;
}

static void on_row_start(sheet *s, const char **atts)
{
    const char *r = NULL;
    for (size_t i = 0; atts[i]; i += 2)
        if (attr_letter(atts[i]) == 'r') {
            r = atts[i + 1];
            break;
        }
    long n = r ? strtol(r, NULL, 10) : 0;
    s->row = n > s->row ? n : s->row + 1;
    s->col = -1;
    s->ncells = 0;
    sbuf_reset(&s->vals);
}

static enum ctype type_of(const char *t)
{
    if (!t)
        return CT_NUMBER;
    switch (t[0]) {
    case 'n':
        return t[1] == '\0' ? CT_NUMBER : CT_STR;
    case 's':
        return t[1] == '\0' ? CT_SHARED : CT_STR;
    case 'b':
        return t[1] == '\0' ? CT_BOOL : CT_STR;
    case 'e':
        return t[1] == '\0' ? CT_ERROR : CT_STR;
    case 'd':
        return t[1] == '\0' ? CT_DATE : CT_STR;
    case 'i':
        return strcmp(t, "inlineStr") == 0 ? CT_INLINE : CT_STR;
    }
    return CT_STR;
}

static void on_cell_start(sheet *s, const char **atts)
{
    const char *r = NULL, *t = NULL, *st = NULL;
    for (size_t i = 0; atts[i]; i += 2)
        switch (attr_letter(atts[i])) {
        case 'r':
            if (!r)
                r = atts[i + 1];
            break;
        case 't':
            if (!t)
                t = atts[i + 1];
            break;
        case 's':
            if (!st)
                st = atts[i + 1];
            break;
        }
    long col, row;
    if (r && xlsx_ref_parse(r, &col, &row) && col > s->col)
        s->col = col;
    else
        s->col++;
    s->type = type_of(t);
    s->style = st ? strtol(st, NULL, 10) : 0;
    s->has_f = false;
    sbuf_reset(&s->v);
}

/* The text of the cell just ended, added to out; false when it stopped the parse. */
static bool cell_text(sheet *s, sbuf *out)
{
    const char *v = s->v.data ? s->v.data : "";
    size_t len = s->v.len;
    if (s->has_f && len == 0 && s->type != CT_STR && s->type != CT_INLINE) {
        cell_error(s, "the formula has no computed value (open and save the workbook in Excel or "
                      "LibreOffice to compute it)");
        return false;
    }
    switch (s->type) {
    case CT_SHARED: {
        long k = small_index(v);
        char *end = (char *)v + len;
        unsigned long i = k >= 0 ? (unsigned long)k : strtoul(v, &end, 10);
        if (!len || *end || i >= s->b->nsst) {
            cell_error(s, "shared string '%.40s' does not exist", v);
            return false;
        }
        size_t stop = i + 1 < s->b->nsst ? s->b->sst_off[i + 1] : s->b->sst_len;
        sbuf_add(out, s->b->sst + s->b->sst_off[i], stop - s->b->sst_off[i] - 1);
        return true;
    }
    case CT_INLINE:
    case CT_STR:
    case CT_DATE:
        if (len)
            sbuf_add(out, v, xlsx_unescape(s->v.data, len));
        return true;
    case CT_BOOL:
        if (len)
            sbuf_adds(out, strcmp(v, "0") == 0 ? "FALSE" : "TRUE");
        return true;
    case CT_ERROR:
        cell_error(s, "the cell holds the error %.40s", len ? v : "#VALUE!");
        return false;
    case CT_NUMBER:
        break;
    }
    if (!len)
        return true;
    if (s->style >= 0 && (size_t)s->style < s->b->nxf && s->b->xf_date[s->style]) {
        switch (xlsx_day_text(v, len, s->b->date1904, out)) {
        case XLSX_DAY_OK:
            return true;
        case XLSX_DAY_1900_02_29:
            cell_error(s, "the date is 1900-02-29, a day that never was (Excel counts it for "
                          "Lotus 1-2-3)");
            return false;
        case XLSX_DAY_NEGATIVE:
        case XLSX_DAY_RANGE:
            cell_error(s, "day number %.40s is not a date Excel can show", v);
            return false;
        case XLSX_DAY_NOT_NUMBER:
            break;
        }
    } else if (xlsx_number_text(v, len, out)) {
        return true;
    }
    cell_error(s, "'%.40s' is not a number", v);
    return false;
}

/* The cell's text goes straight into the row's buffer: no copy, no allocation per cell. */
static void on_cell_end(sheet *s)
{
    size_t start = s->vals.len;
    if (!cell_text(s, &s->vals) || s->vals.len == start)
        return;
    if (s->ncells == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 32;
        s->off = xrealloc(s->off, s->cap * sizeof *s->off);
        s->cols = xrealloc(s->cols, s->cap * sizeof *s->cols);
        s->cells = xrealloc(s->cells, s->cap * sizeof *s->cells);
    }
    s->off[s->ncells] = start;
    s->cols[s->ncells++] = s->col;
    sbuf_add(&s->vals, "", 1); /* the NUL that ends it */
    if (s->vals.len > s->max_row_bytes) {
        cell_error(s, "the row holds more than %zu bytes", s->max_row_bytes);
    }
}

static void on_row_end(sheet *s)
{
    if (!s->ncells)
        return;
    for (size_t i = 0; i < s->ncells; i++) {
        const char *t = s->vals.data + s->off[i];
        size_t end = i + 1 < s->ncells ? s->off[i + 1] : s->vals.len;
        s->cells[i] = (xlsx_cell){s->cols[i], t, end - s->off[i] - 1};
    }
    int rc = s->fn(s->ctx, s->row, s->cells, s->ncells);
    if (rc) {
        s->cb_rc = rc;
        xlsx_xml_stop(s->x, rc);
    }
}

static void XMLCALL sh_start(void *ud, const char *name, const char **atts)
{
    sheet *s = ud;
    if (s->x->stop)
        return; /* expat may still call in after a stop */
    switch (tag_of(name)) {
    case TAG_C:
        on_cell_start(s, atts);
        break;
    case TAG_V:
        s->in_v = true;
        break;
    case TAG_F:
        s->has_f = true;
        break;
    case TAG_ROW:
        on_row_start(s, atts);
        break;
    case TAG_IS:
        s->in_is = true;
        break;
    case TAG_T:
        if (s->in_is)
            s->in_t = true;
        break;
    case TAG_RPH:
        if (s->in_is)
            s->in_rph++;
        break;
    case TAG_SHEETDATA:
    case TAG_OTHER:
        break;
    }
}

static void XMLCALL sh_end(void *ud, const char *name)
{
    sheet *s = ud;
    if (s->x->stop)
        return; /* expat may still call in after a stop */
    switch (tag_of(name)) {
    case TAG_C:
        on_cell_end(s);
        break;
    case TAG_V:
        s->in_v = false;
        break;
    case TAG_T:
        s->in_t = false;
        break;
    case TAG_ROW:
        on_row_end(s);
        break;
    case TAG_IS:
        s->in_is = false;
        break;
    case TAG_RPH:
        if (s->in_rph)
            s->in_rph--;
        break;
    case TAG_SHEETDATA:
        xlsx_xml_stop(s->x, -3); /* what follows (merges, print settings) is not needed */
        break;
    case TAG_F:
    case TAG_OTHER:
        break;
    }
}

static void XMLCALL sh_text(void *ud, const char *t, int len)
{
    sheet *s = ud;
    if (s->x->stop)
        return; /* expat may still call in after a stop */
    if (s->in_v || (s->in_t && !s->in_rph)) {
        sbuf_add(&s->v, t, (size_t)len);
        if (s->v.len > s->max_row_bytes)
            cell_error(s, "the cell holds more than %zu bytes", s->max_row_bytes);
    }
}

int xlsx_sheet_stream(xlsx_book *b, const char *entry, const char *name, size_t max_row_bytes,
                      xlsx_row_fn fn, void *ctx, ic_err *err)
{
    sheet s = {
        .b = b, .name = name, .max_row_bytes = max_row_bytes, .fn = fn, .ctx = ctx, .err = err};
    xlsx_xml x = {.ud = &s, .start = sh_start, .end = sh_end, .text = sh_text};
    s.x = &x;
    int rc = xlsx_xml_parse(b->z, b->shown, entry, &x, err);
    if (rc == -3)
        rc = 0;
    else if (rc && rc == s.cb_rc)
        rc = s.cb_rc;
    sbuf_release(&s.vals);
    sbuf_release(&s.v);
    free(s.off);
    free(s.cols);
    free(s.cells);
    return rc;
}
