/* mapping_bind: every column the mapping names must be in the CSV header; resolves their indices
 * once so that reading rows is index lookups only, and works out which columns are invoice-level.
 */
#include "mapping/mapping_internal.h"
#include "util/common.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bctx {
    mapping *m;
    const char *const *header;
    size_t ncols;
    const char *csv_path;
    ic_err *err;
    mapping_errors *errs; /* NULL: only the first in err */
    size_t unknown;
    int *il_mark; /* per column: 1 when invoice-level */
    int *rl_mark; /* per column: 1 when row-level */
    strmap cols;  /* header name to index (the first, should a name repeat) */
} bctx;

/* A hash of the header, so that binding is linear in the header and the mapping rather than their
 * product (a template may name a column many times, a header may have 100,000 columns). */
static void index_header(bctx *b)
{
    strmap_init(&b->cols);
    for (size_t i = b->ncols; i-- > 0;)
        if (b->header[i])
            strmap_put(&b->cols, b->header[i], i);
}

static int find_col(const bctx *b, const char *name)
{
    size_t i;
    return strmap_get(&b->cols, name, &i) ? (int)i : -1;
}

/* Records the first unknown column in err and each one in errs (the message lists the nearest
 * header names); counts them all. */
static int resolve(bctx *b, const char *path, const char *name)
{
    int col = find_col(b, name);
    if (col >= 0)
        return col;
    bool first = b->unknown++ == 0;
    if (!first && !b->errs)
        return -1;
    /* Past the cap only the count is kept: no nearest names to look for (each search reads the
     * whole header). */
    if (!first && b->errs->n >= MAPPING_MAX_LOAD_ERRORS) {
        b->errs->more++;
        return -1;
    }
    ic_err one;
    ic_err *e = first ? b->err : &one;
    const char *near[3];
    size_t n = nearest_names(name, b->header, b->ncols, near, 3);
    char list[512];
    size_t used = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s'%s'", i ? ", " : "", near[i]);
    if (n) {
        ic_err_set(e, IC_EXIT_USAGE, "%s: %s: no column '%s' in '%s'; nearest: %s", b->m->path,
                   path, name, b->csv_path, list);
    } else {
        for (size_t i = 0; i < b->ncols && i < 8 && used < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s'%s'", i ? ", " : "",
                                     b->header[i]);
        ic_err_set(e, IC_EXIT_USAGE, "%s: %s: no column '%s' in '%s'; its columns are %s%s",
                   b->m->path, path, name, b->csv_path, list, b->ncols > 8 ? ", …" : "");
    }
    if (b->errs) {
        if (b->errs->n < MAPPING_MAX_LOAD_ERRORS)
            b->errs->msgs[b->errs->n++] = xstrdup(e->msg);
        else
            b->errs->more++;
    }
    return -1;
}

/* When the header is a single column holding another delimiter ("Invoice Number;Company ID"),
 * replaces the errors with one that says which delimiter the file seems to use.  True when it did.
 */
static bool one_column_hint(bctx *b)
{
    static const char cands[] = {';', '\t', '|', ','};
    const char *h = b->header[0];
    char d = 0;
    for (size_t i = 0; i < sizeof cands && !d; i++)
        if (cands[i] != b->m->csv.delimiter && strchr(h, cands[i]))
            d = cands[i];
    if (!d)
        return false;
    char shown[3] = {d, '\0', '\0'};
    if (d == '\t')
        memcpy(shown, "\\t", 3);
    size_t hl = strlen(h), cut = hl > 60 ? 60 : hl;
    while (cut < hl && cut > 0 && ((unsigned char)h[cut] & 0xC0) == 0x80)
        cut--; /* not inside a UTF-8 sequence */
    ic_err_set(b->err, IC_EXIT_USAGE,
               "%s: csv.delimiter: the header of '%s' is one column, '%.*s%s', which looks "
               "'%s'-separated; set \"csv\": {\"delimiter\": \"%s\"} (or \"auto\") in the mapping",
               b->m->path, b->csv_path, (int)cut, h, cut < hl ? "…" : "", shown, shown);
    if (b->errs) {
        mapping_errors_release(b->errs);
        b->errs->msgs[b->errs->n++] = xstrdup(b->err->msg);
    }
    return true;
}

static int bind_fspec(void *ctx, fspec *f, int level)
{
    bctx *b = ctx;
    char path[600];
    if (f->src == SRC_SUM) {
        /* Summed over the rows, so neither invoice-level (its cells differ by row) nor kept for
         * the line items: mapping/amounts.c reads it as each row arrives. */
        snprintf(path, sizeof path, "%s.sum", f->path);
        f->col = resolve(b, path, f->column);
        b->m->sums[f->sum_idx] = f;
        return 0;
    }
    if (f->column) {
        if (f->plain)
            snprintf(path, sizeof path, "%s", f->path);
        else
            snprintf(path, sizeof path, "%s.%s", f->path, f->percent ? "percent" : "column");
        f->col = resolve(b, path, f->column);
        if (f->col >= 0)
            (level == 0 ? b->il_mark : b->rl_mark)[f->col] = 1;
    }
    for (size_t i = 0; i < f->nparts; i++) {
        if (!f->parts[i].is_col)
            continue;
        snprintf(path, sizeof path, "%s.template", f->path);
        f->parts[i].col = resolve(b, path, f->parts[i].text);
        if (f->parts[i].col >= 0)
            (level == 0 ? b->il_mark : b->rl_mark)[f->parts[i].col] = 1;
    }
    return 0;
}

static void bind_when(bctx *b, when_spec *w)
{
    if (!w->present)
        return;
    char path[600];
    snprintf(path, sizeof path, "%s.column", w->path);
    w->col = resolve(b, path, w->column);
}

static void unbind(mapping *m)
{
    for (size_t i = 0; i < m->ncols; i++)
        free(m->header[i]);
    free(m->header);
    free(m->il_cols);
    free(m->col_to_il);
    free(m->rl_cols);
    m->rl_cols = NULL;
    m->n_rl = 0;
    m->header = NULL;
    m->il_cols = NULL;
    m->col_to_il = NULL;
    m->ncols = m->n_il = 0;
    m->currency_col = -1;
    m->bound = false;
}

int mapping_bind(mapping *m, const char *const *header, size_t ncols, const char *csv_path,
                 ic_err *err)
{
    return mapping_bind_all(m, header, ncols, csv_path, NULL, err);
}

int mapping_bind_all(mapping *m, const char *const *header, size_t ncols, const char *csv_path,
                     mapping_errors *errs, ic_err *err)
{
    unbind(m);
    if (ncols > MAPPING_MAX_COLUMNS) {
        ic_err_set(err, IC_EXIT_USAGE, "%s: the header has %zu columns; at most %d are supported",
                   csv_path, ncols, MAPPING_MAX_COLUMNS);
        if (errs && errs->n < MAPPING_MAX_LOAD_ERRORS)
            errs->msgs[errs->n++] = xstrdup(err->msg);
        return IC_EXIT_USAGE;
    }
    bctx b = {m,
              header,
              ncols,
              csv_path,
              err,
              errs,
              0,
              xcalloc(ncols ? ncols : 1, sizeof(int)),
              xcalloc(ncols ? ncols : 1, sizeof(int)),
              {0}};
    index_header(&b);
    free(m->sums);
    m->sums = xcalloc(m->n_sums ? m->n_sums : 1, sizeof *m->sums);
    mapping_each_fspec(m, bind_fspec, &b);
    for (size_t i = 0; i < m->n_group; i++) {
        char path[64];
        snprintf(path, sizeof path, "group_by[%zu]", i);
        m->group_cols[i] = resolve(&b, path, m->group_by[i]);
        if (m->group_cols[i] >= 0)
            b.il_mark[m->group_cols[i]] = 1;
    }
    if (m->mode_column) {
        /* invoice-level: the rows of one invoice must agree on it */
        m->mode_col = resolve(&b, "mode", m->mode_column);
        if (m->mode_col >= 0)
            b.il_mark[m->mode_col] = 1;
    }
    bind_when(&b, &m->cost_when);
    bind_when(&b, &m->item_when);
    for (size_t i = 0; i < m->n_skip; i++) {
        if (!m->skip[i].column)
            continue;
        char path[96];
        snprintf(path, sizeof path, "%s.column", m->skip[i].path);
        m->skip[i].col = resolve(&b, path, m->skip[i].column);
    }
    for (size_t i = 0; i < m->n_fill; i++) {
        char path[64];
        snprintf(path, sizeof path, "fill_down[%zu]", i);
        m->fill_cols[i] = resolve(&b, path, m->fill_down[i]);
    }
    /* A header that came out as one column means a wrong delimiter: one message saying so beats
     * one "no column" per mapped field. */
    if (b.unknown > 1 && ncols == 1 && header[0] && one_column_hint(&b)) {
        free(b.il_mark);
        free(b.rl_mark);
        strmap_release(&b.cols);
        return IC_EXIT_USAGE;
    }
    if (b.unknown) {
        if (b.unknown > 1) {
            size_t l = strlen(err->msg);
            snprintf(err->msg + l, sizeof err->msg - l, " (and %zu more unknown column%s)",
                     b.unknown - 1, b.unknown > 2 ? "s" : "");
        }
        free(b.il_mark);
        free(b.rl_mark);
        strmap_release(&b.cols);
        return IC_EXIT_USAGE;
    }
    m->ncols = ncols;
    m->header = xcalloc(ncols ? ncols : 1, sizeof *m->header);
    for (size_t i = 0; i < ncols; i++)
        m->header[i] = xstrdup(header[i] ? header[i] : "");
    m->col_to_il = xmalloc((ncols ? ncols : 1) * sizeof *m->col_to_il);
    m->il_cols = xmalloc((ncols ? ncols : 1) * sizeof *m->il_cols);
    for (size_t i = 0; i < ncols; i++) {
        m->col_to_il[i] = -1;
        if (b.il_mark[i]) {
            m->col_to_il[i] = (int)m->n_il;
            m->il_cols[m->n_il++] = (int)i;
        }
    }
    m->rl_cols = xmalloc((ncols ? ncols : 1) * sizeof *m->rl_cols);
    for (size_t i = 0; i < ncols; i++)
        if (b.rl_mark[i])
            m->rl_cols[m->n_rl++] = (int)i;
    const fspec *cur = &m->inv[IF_CURRENCY];
    if (cur->src == SRC_COLUMN || cur->src == SRC_MAP)
        m->currency_col = cur->col;
    m->bound = true;
    free(b.il_mark);
    free(b.rl_mark);
    strmap_release(&b.cols);
    return 0;
}
