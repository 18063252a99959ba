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
    sbuf tmp;
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

static void on_row_start(sheet *s, const char **atts)
{
    const char *r = xlsx_attr(atts, "r");
    long n = r ? strtol(r, NULL, 10) : 0;
    s->row = n > s->row ? n : s->row + 1;
    s->col = -1;
    s->ncells = 0;
    sbuf_reset(&s->vals);
}

static void on_cell_start(sheet *s, const char **atts)
{
    const char *r = xlsx_attr(atts, "r"), *t = xlsx_attr(atts, "t"), *st = xlsx_attr(atts, "s");
    long col, row;
    if (r && xlsx_ref_parse(r, &col, &row) && col > s->col)
        s->col = col;
    else
        s->col++;
    s->type = !t || strcmp(t, "n") == 0     ? CT_NUMBER
              : strcmp(t, "s") == 0         ? CT_SHARED
              : strcmp(t, "inlineStr") == 0 ? CT_INLINE
              : strcmp(t, "b") == 0         ? CT_BOOL
              : strcmp(t, "e") == 0         ? CT_ERROR
              : strcmp(t, "d") == 0         ? CT_DATE
                                            : CT_STR;
    s->style = st ? strtol(st, NULL, 10) : 0;
    s->has_f = false;
    sbuf_reset(&s->v);
}

/* The text of the cell just ended, into s->tmp; false when it stopped the parse. */
static bool cell_text(sheet *s)
{
    const char *v = s->v.data ? s->v.data : "";
    size_t len = s->v.len;
    sbuf_reset(&s->tmp);
    if (s->has_f && len == 0 && s->type != CT_STR && s->type != CT_INLINE) {
        cell_error(s, "the formula has no computed value (open and save the workbook in Excel or "
                      "LibreOffice to compute it)");
        return false;
    }
    switch (s->type) {
    case CT_SHARED: {
        char *end;
        unsigned long i = strtoul(v, &end, 10);
        if (!len || *end || i >= s->b->nsst) {
            cell_error(s, "shared string '%.40s' does not exist", v);
            return false;
        }
        size_t stop = i + 1 < s->b->nsst ? s->b->sst_off[i + 1] : s->b->sst_len;
        sbuf_add(&s->tmp, s->b->sst + s->b->sst_off[i], stop - s->b->sst_off[i] - 1);
        return true;
    }
    case CT_INLINE:
    case CT_STR:
    case CT_DATE:
        if (len)
            sbuf_add(&s->tmp, v, xlsx_unescape(s->v.data, len));
        return true;
    case CT_BOOL:
        if (len)
            sbuf_adds(&s->tmp, strcmp(v, "0") == 0 ? "FALSE" : "TRUE");
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
        switch (xlsx_day_text(v, len, s->b->date1904, &s->tmp)) {
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
    } else if (xlsx_number_text(v, len, &s->tmp)) {
        return true;
    }
    cell_error(s, "'%.40s' is not a number", v);
    return false;
}

static void on_cell_end(sheet *s)
{
    if (!cell_text(s) || !s->tmp.len)
        return;
    if (s->ncells == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 32;
        s->off = xrealloc(s->off, s->cap * sizeof *s->off);
        s->cols = xrealloc(s->cols, s->cap * sizeof *s->cols);
        s->cells = xrealloc(s->cells, s->cap * sizeof *s->cells);
    }
    s->off[s->ncells] = s->vals.len;
    s->cols[s->ncells++] = s->col;
    sbuf_add(&s->vals, s->tmp.data, s->tmp.len + 1);
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

/* The local name; writers that prefix (x:row) are rare, so the plain names are tried first. */
static inline const char *local(const char *name)
{
    if ((name[0] == 'c' || name[0] == 'v' || name[0] == 'f' || name[0] == 't') && !name[1])
        return name;
    return xlsx_local(name);
}

static void XMLCALL sh_start(void *ud, const char *name, const char **atts)
{
    sheet *s = ud;
    if (s->x->stop)
        return; /* expat may still call in after a stop */
    const char *n = local(name);
    if (n[0] == 'c' && n[1] == '\0')
        on_cell_start(s, atts);
    else if (n[0] == 'v' && n[1] == '\0')
        s->in_v = true;
    else if (n[0] == 'f' && n[1] == '\0')
        s->has_f = true;
    else if (strcmp(n, "row") == 0)
        on_row_start(s, atts);
    else if (strcmp(n, "is") == 0)
        s->in_is = true;
    else if (s->in_is && n[0] == 't' && n[1] == '\0')
        s->in_t = true;
    else if (s->in_is && strcmp(n, "rPh") == 0)
        s->in_rph++;
}

static void XMLCALL sh_end(void *ud, const char *name)
{
    sheet *s = ud;
    if (s->x->stop)
        return; /* expat may still call in after a stop */
    const char *n = local(name);
    if (n[0] == 'c' && n[1] == '\0')
        on_cell_end(s);
    else if (n[0] == 'v' && n[1] == '\0')
        s->in_v = false;
    else if (n[0] == 't' && n[1] == '\0')
        s->in_t = false;
    else if (strcmp(n, "row") == 0)
        on_row_end(s);
    else if (strcmp(n, "is") == 0)
        s->in_is = false;
    else if (strcmp(n, "rPh") == 0 && s->in_rph)
        s->in_rph--;
    else if (strcmp(n, "sheetData") == 0)
        xlsx_xml_stop(s->x, -3); /* what follows (merges, print settings) is not needed */
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
    sbuf_release(&s.tmp);
    free(s.off);
    free(s.cols);
    free(s.cells);
    return rc;
}
