/* mapping_read_invoices: CSV rows to grouped, checked invoices in one streaming pass.
 *
 * Per row the work is small and allocation-free in the common case: the group key is hashed into an
 * open-addressing table; each invoice-level cell is compared with the value the invoice already
 * holds (stored once per invoice in an arena); the line item or cost line is evaluated and summed.
 * Invoice-level fields are evaluated once per invoice, after the last row, from the agreed values
 * (group.c).
 */
#include "mapping/lookup.h"
#include "mapping/read_internal.h"
#include "model/mode.h"
#include "model/date.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HASH_SEED 0x9e3779b97f4a7c15ULL

static void table_grow(rctx *r)
{
    size_t cap = r->tcap ? r->tcap * 2 : 1024;
    uint64_t *t = xmalloc_huge(cap * sizeof *t);
    memset(t, 0, cap * sizeof *t);
    for (size_t i = 0; i < r->tcap; i++) {
        if (!r->table[i])
            continue;
        size_t at = (size_t)(r->table[i] >> 32) & (cap - 1);
        while (t[at])
            at = (at + 1) & (cap - 1);
        t[at] = r->table[i];
    }
    free(r->table);
    r->table = t;
    r->tcap = cap;
}

static bool group_is(const group *g, const char *key, size_t len)
{
    return g->gkeylen == len && memcmp(g->gkey, key, len) == 0;
}

static group *find_or_add(rctx *r, const char *key, size_t len, long line, bool *added)
{
    *added = false;
    if (r->last && group_is(group_at(r, r->last - 1), key, len))
        return group_at(r, r->last - 1);
    uint32_t h = (uint32_t)hash_bytes(key, len, HASH_SEED);
    size_t mask = r->tcap - 1;
    size_t at = (size_t)h & mask;
    for (; r->table[at]; at = (at + 1) & mask) {
        if ((uint32_t)(r->table[at] >> 32) != h)
            continue;
        size_t gi = (uint32_t)r->table[at] - 1;
        if (group_is(group_at(r, gi), key, len)) {
            r->last = gi + 1;
            return group_at(r, gi);
        }
    }
    if ((r->ngroups & (GROUP_BLOCK - 1)) == 0) {
        size_t nb = r->ngroups >> GROUP_BLOCK_SHIFT;
        r->gblocks = xrealloc(r->gblocks, (nb + 1) * sizeof *r->gblocks);
        /* The first block in small pages: a file of a few invoices touches only a few. */
        size_t bytes = GROUP_BLOCK * sizeof **r->gblocks;
        r->gblocks[nb] = nb ? xmalloc_huge(bytes) : xmalloc(bytes);
    }
    if (r->keep && r->ngroups == r->capinvs) {
        r->capinvs = r->capinvs ? r->capinvs * 2 : 1024;
        r->invs = xrealloc(r->invs, r->capinvs * sizeof *r->invs);
    }
    group *g = group_at(r, r->ngroups);
    memset(g, 0, sizeof *g);
    g->gkey = arena_strndup(&r->ar, key, len);
    g->gkeylen = (uint32_t)len;
    g->first_line = (uint32_t)line;
    if (r->m->n_il) {
        g->cells = arena_alloc(&r->ar, r->m->n_il * sizeof *g->cells);
        memset(g->cells, 0, r->m->n_il * sizeof *g->cells);
    }
    amounts_group_init(r, g);
    if (r->keep)
        invoice_init(&r->invs[r->ngroups]);
    r->table[at] = (uint64_t)h << 32 | (uint32_t)++r->ngroups;
    r->last = r->ngroups;
    *added = true;
    if (r->ngroups * 2 > r->tcap)
        table_grow(r);
    return g;
}

static bool when_matches(const when_spec *w, const cellsrc *src)
{
    const char *s;
    size_t len;
    cell_get(src, w->col, &s, &len);
    for (size_t i = 0; i < w->nequals; i++)
        if (strlen(w->equals[i]) == len && memcmp(w->equals[i], s, len) == 0)
            return true;
    return false;
}

/* Streaming mode: the row's row-level cells packed into the arena, evaluated when its invoice is
 * built. */
static void keep_row(rctx *r, group *g, const cellsrc *src, const csv_record *rec, int kind)
{
    const mapping *m = r->m;
    size_t bytes = 0, lenbytes = 0;
    for (size_t k = 0; k < m->n_rl; k++) {
        const char *s;
        size_t len;
        cell_get(src, m->rl_cols[k], &s, &len);
        bytes += len;
        for (size_t v = len;; v >>= 7) {
            lenbytes++;
            if (v < 0x80)
                break;
        }
    }
    rowrec *rr = arena_alloc(&r->ar, sizeof *rr + 1 + lenbytes + bytes);
    rr->next = NULL;
    rr->index = (uint32_t)rec->index;
    rr->line = (uint32_t)rec->line;
    unsigned char *lp = (unsigned char *)(rr + 1);
    *lp++ = (unsigned char)kind;
    char *dp = (char *)lp + lenbytes;
    for (size_t k = 0; k < m->n_rl; k++) {
        const char *s;
        size_t len;
        cell_get(src, m->rl_cols[k], &s, &len);
        size_t v = len;
        while (v >= 0x80) {
            *lp++ = (unsigned char)(v | 0x80);
            v >>= 7;
        }
        *lp++ = (unsigned char)v;
        memcpy(dp, s, len);
        dp += len;
    }
    if (g->rows_tail)
        g->rows_tail->next = rr;
    else
        g->rows = rr;
    g->rows_tail = rr;
}

static bool row_blank(const csv_record *rec)
{
    for (size_t i = 0; i < rec->nfields; i++) {
        const char *s = rec->fields[i];
        size_t n = rec->lens[i];
        if (n == 0)
            continue;
        trim_span(&s, &n);
        if (n)
            return false;
    }
    return true;
}

/* Appends a note (growing by doubling); `why` is copied. */
static void add_note(ic_row_note **arr, size_t *n, const csv_record *rec, const char *why)
{
    if ((*n & (*n - 1)) == 0)
        *arr = xrealloc(*arr, (*n ? *n * 2 : 1) * sizeof **arr);
    (*arr)[(*n)++] = (ic_row_note){rec->index, rec->line, xstrdup(why)};
}

/* A row left out by a rule (or blank): counted, and the first ones listed for -v. */
static void skip_row(rctx *r, const csv_record *rec, const skip_rule *rule)
{
    ic_batch *b = r->b;
    b->rows_skipped++;
    if (b->n_skipped >= MAPPING_MAX_PROBLEMS)
        return;
    char why[1200];
    if (rule)
        snprintf(why, sizeof why, "%s: %s", rule->path, rule->desc);
    else
        snprintf(why, sizeof why, "blank row");
    add_note(&b->skipped, &b->n_skipped, rec, why);
}

/* fill_down: the row as the rest of the pipeline sees it, carried values in its blank cells. */
static void fill_view(rctx *r, const csv_record *rec, cellsrc *src)
{
    const mapping *m = r->m;
    if (rec->nfields > r->fcap) {
        r->fcap = rec->nfields;
        r->fvals = xrealloc(r->fvals, r->fcap * sizeof *r->fvals);
        r->flens = xrealloc(r->flens, r->fcap * sizeof *r->flens);
    }
    if (!r->fill_last) {
        r->fill_last = xcalloc(m->n_fill, sizeof *r->fill_last);
        r->fill_has = xcalloc(m->n_fill, sizeof *r->fill_has);
    }
    memcpy(r->fvals, rec->fields, rec->nfields * sizeof *r->fvals);
    memcpy(r->flens, rec->lens, rec->nfields * sizeof *r->flens);
    for (size_t k = 0; k < m->n_fill; k++) {
        int col = m->fill_cols[k];
        if (col < 0 || (size_t)col >= rec->nfields || !r->fill_has[k])
            continue;
        const char *s;
        size_t len;
        cell_get(src, col, &s, &len);
        if (len)
            continue;
        r->fvals[col] = r->fill_last[k].data;
        r->flens[col] = r->fill_last[k].len;
    }
    src->vals = r->fvals;
    src->lens = r->flens;
}

/* After a row is kept (not skipped): its non-blank fill_down cells are the new values to carry. */
static void fill_commit(rctx *r, const csv_record *rec)
{
    const mapping *m = r->m;
    for (size_t k = 0; k < m->n_fill; k++) {
        int col = m->fill_cols[k];
        if (col < 0 || (size_t)col >= rec->nfields)
            continue;
        const char *s = rec->fields[col];
        size_t len = rec->lens[col];
        trim_span(&s, &len);
        if (!len)
            continue;
        sbuf_reset(&r->fill_last[k]);
        sbuf_add(&r->fill_last[k], s, len);
        r->fill_has[k] = true;
    }
}

static int on_record(void *ctx, const csv_record *rec)
{
    rctx *r = ctx;
    const mapping *m = r->m;
    r->b->rows++;
    /* A blank row is skipped whatever the rules say, and counted (never silently). */
    if (row_blank(rec)) {
        skip_row(r, rec, NULL);
        return 0;
    }
    cellsrc src = {rec->fields, rec->lens, NULL, rec->line, rec->nfields};
    /* fill_down first, then the skip rules on what the row says once filled; a skipped row
     * neither changes nor ends what is carried down. */
    if (m->n_fill)
        fill_view(r, rec, &src);
    if (m->n_skip) {
        const skip_rule *rule = rows_skip_match(m, &src, &r->scratch);
        if (rule) {
            skip_row(r, rec, rule);
            return 0;
        }
    }
    if (m->n_fill)
        fill_commit(r, rec);

    /* The group key: group_by values joined by \x1f (one column: the cell itself, not copied). */
    const char *key;
    size_t keylen;
    bool all_blank = true;
    if (m->n_group == 1) {
        cell_get(&src, m->group_cols[0], &key, &keylen);
        all_blank = keylen == 0;
    } else {
        sbuf_reset(&r->keybuf);
        for (size_t k = 0; k < m->n_group; k++) {
            const char *s;
            size_t len;
            cell_get(&src, m->group_cols[k], &s, &len);
            if (len)
                all_blank = false;
            if (k)
                sbuf_add(&r->keybuf, "\x1f", 1);
            sbuf_add(&r->keybuf, s, len);
        }
        key = r->keybuf.data;
        keylen = r->keybuf.len;
    }
    if (all_blank) {
        /* An error of its own, outside every invoice: counted in error, and kept (with the
         * invoices) so that an import lists it in errors.csv rather than lose it. */
        reporter rp = {r->b, r->file, NULL, 0, 0};
        char msg[600];
        if (m->n_group == 1)
            snprintf(msg, sizeof msg,
                     "no invoice key: column '%s' (group_by) is blank, so the row belongs to no "
                     "invoice",
                     m->group_by[0]);
        else
            snprintf(msg, sizeof msg,
                     "no invoice key: every group_by column is blank, so the row belongs to no "
                     "invoice");
        report(&rp, SEV_ERROR, rec->line, m->group_by[0], "%s", msg);
        r->b->rows_error++;
        if (r->keep)
            add_note(&r->b->orphans, &r->b->n_orphans, rec, msg);
        return 0;
    }
    bool added;
    group *g = find_or_add(r, key, keylen, rec->line, &added);
    g->n_rows++;
    size_t gi = r->last - 1; /* find_or_add leaves it at g */
    ic_invoice *inv = r->keep ? &r->invs[gi] : NULL;
    if (inv)
        invoice_add_record(inv, rec->index);
    reporter rp = {r->b, r->file, NULL, 0, 0};
    /* A delete or skip row needs only its key: its other cells are neither read nor checked. */
    bool key_only = false;
    if (m->mode_col >= 0) {
        rp.invoice = display_key(r, g);
        key_only = ic_mode_key_only(mode_of_row(r, g, &src, &rp));
    } else {
        key_only = ic_mode_key_only(m->default_mode);
    }
    if (m->n_sums && !key_only) {
        rp.invoice = display_key(r, g);
        amounts_row(r, g, &src, &rp);
    }

    /* Invoice-level cells must agree: the first non-blank value is kept, a blank later is fine. */
    for (size_t j = 0; j < m->n_il; j++) {
        int col = m->il_cols[j];
        const char *s;
        size_t len;
        cell_get(&src, col, &s, &len);
        if (!len)
            continue;
        ilcell *c = &g->cells[j];
        if (!c->s) {
            c->s = arena_strndup(&r->ar, s, len);
            c->len = (uint32_t)len;
            c->line = (uint32_t)rec->line;
            continue;
        }
        if (c->len == len && memcmp(c->s, s, len) == 0)
            continue;
        if (col == m->mode_col && mode_cells_agree(c->s, c->len, s, len))
            continue; /* modes are words in any case */
        /* Currency codes are case-insensitive ("usd" is USD), and a name is its code ("US Dollar"
         * is USD): not a second currency. */
        if (col == m->currency_col && c->len == len && strncasecmp(c->s, s, len) == 0)
            continue;
        char c1[4], c2[4];
        if (col == m->currency_col && currency_of_text(c->s, c->len, c1) &&
            currency_of_text(s, len, c2) && strcmp(c1, c2) == 0)
            continue;
        rp.invoice = display_key(r, g);
        if (col == m->currency_col)
            report(&rp, SEV_ERROR, rec->line, m->header[col],
                   "mixed currencies in one invoice: '%s' on line %ld, '%.*s' on line %ld", c->s,
                   (long)c->line, (int)len, s, rec->line);
        else
            report(&rp, SEV_ERROR, rec->line, m->header[col],
                   "rows of one invoice disagree on '%s': '%s' on line %ld, '%.*s' on line %ld",
                   m->header[col], c->s, (long)c->line, (int)len, s, rec->line);
    }

    if (m->n_lookups)
        lookup_count_row(r, g, &src, rec->line);

    int kind = ROW_NONE;
    if (key_only) {
        /* neither a line item nor a cost line: nothing of it is sent */
    } else if (m->cost_rows && when_matches(&m->cost_when, &src)) {
        kind = ROW_COST;
        /* Two forms claiming one row (their `when`s on different columns: the same column with
         * a shared value is refused at load) is an error on the row, never a silent choice. */
        if (m->item_when.present && when_matches(&m->item_when, &src)) {
            const char *cs, *ls;
            size_t cl, ll;
            cell_get(&src, m->cost_when.col, &cs, &cl);
            cell_get(&src, m->item_when.col, &ls, &ll);
            rp.invoice = display_key(r, g);
            report(&rp, SEV_ERROR, rec->line, m->item_when.column,
                   "the row matches both costLines.when (column '%s' is '%.*s') and "
                   "lineItems.when (column '%s' is '%.*s'): a row must be either a cost line or "
                   "a line item",
                   m->cost_when.column, (int)cl, cs, m->item_when.column, (int)ll, ls);
            kind = ROW_NONE;
        }
    } else if (m->has_items && (!m->item_when.present || when_matches(&m->item_when, &src)))
        kind = ROW_ITEM;
    if (r->stream) {
        keep_row(r, g, &src, rec, kind);
    } else if (kind == ROW_COST) {
        rp.invoice = display_key(r, g);
        cost_row(r, g, inv, &src, &rp);
    } else if (kind == ROW_ITEM) {
        rp.invoice = display_key(r, g);
        item_row(r, g, inv, &src, &rp);
    }
    g->n_err += rp.n_err;
    g->n_warn += rp.n_warn;
    return 0;
}

/* Problems in line order (then in the order found), so a report reads top to bottom. */
static const problem_list *sort_pl;
static int cmp_problem(const void *a, const void *b)
{
    size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
    long la = sort_pl->items[ia].line, lb = sort_pl->items[ib].line;
    if (la != lb)
        return la < lb ? -1 : 1;
    return ia < ib ? -1 : ia > ib;
}

static void sort_problems(problem_list *pl)
{
    if (pl->n < 2)
        return;
    size_t *idx = xmalloc(pl->n * sizeof *idx);
    ic_problem *copy = xmalloc(pl->n * sizeof *copy);
    for (size_t i = 0; i < pl->n; i++)
        idx[i] = i;
    sort_pl = pl;
    qsort(idx, pl->n, sizeof *idx, cmp_problem);
    sort_pl = NULL;
    for (size_t i = 0; i < pl->n; i++)
        copy[i] = pl->items[idx[i]];
    memcpy(pl->items, copy, pl->n * sizeof *copy);
    free(copy);
    free(idx);
}

static void rctx_release(rctx *r)
{
    arena_release(&r->ar);
    for (size_t b = 0; r->gblocks && b < (r->ngroups + GROUP_BLOCK - 1) >> GROUP_BLOCK_SHIFT; b++)
        free(r->gblocks[b]);
    free(r->gblocks);
    free(r->table);
    sbuf_release(&r->keybuf);
    sbuf_release(&r->dkey);
    sbuf_release(&r->scratch);
    sbuf_release(&r->fold);
    sbuf_release(&r->other);
    sbuf_release(&r->ofold);
    free(r->ivals);
    free(r->ilens);
    free(r->ilines);
    free(r->rvals);
    free(r->rlens);
    free(r->numbers);
    free(r->extids);
    free(r->alikes[0]);
    free(r->alikes[1]);
    free(r->fvals);
    free(r->flens);
    for (size_t k = 0; r->fill_last && k < r->m->n_fill; k++)
        sbuf_release(&r->fill_last[k]);
    free(r->fill_last);
    free(r->fill_has);
}

/* A workbook: the batch learns the sheet and where each column is ("Invoices!C"), so that
 * report() places a problem at its cell (book.xlsx:Invoices!C14). */
static void sheet_places(ic_batch *b, const table_reader *rd)
{
    size_t n = table_reader_ncols(rd);
    const char *const *h = table_reader_header(rd);
    b->sheet = xstrdup(table_reader_sheet(rd));
    b->sheet_cols = xcalloc(2 * n + 1, sizeof *b->sheet_cols);
    for (size_t i = 0; i < n; i++) {
        b->sheet_cols[2 * i] = xstrdup(h[i]);
        b->sheet_cols[2 * i + 1] = xstrdup(table_reader_col_ref(rd, i));
    }
    b->n_sheet_cols = n;
}

int mapping_read_invoices_opt(mapping *m, const char *csv_path, const mapping_read_options *opt,
                              ic_batch *out, ic_err *err)
{
    mapping_read_options dflt = {true, 0, NULL, NULL, NULL};
    if (!opt)
        opt = &dflt;
    memset(out, 0, sizeof *out);
    out->csv_path = xstrdup(csv_path);
    problem_list_init(&out->problems, opt->max_problems ? opt->max_problems : MAPPING_MAX_PROBLEMS);

    rctx r;
    memset(&r, 0, sizeof r);
    r.m = m;
    r.b = out;
    r.keep = opt->keep_invoices;
    r.stream = !r.keep && opt->on_invoice;
    r.build = r.keep || r.stream;
    r.on_invoice = opt->on_invoice;
    r.cb_ctx = opt->ctx;
    r.err = err;
    r.file = out->csv_path;
    int rc = 0;
    table_options to = mapping_table_options(m);
    table_reader *rd = table_reader_open(csv_path, &to, err);
    if (!rd) {
        rc = err->code ? err->code : IC_EXIT_IO;
        goto out;
    }
    /* From here every problem and message names the file as the CSV reader does ("<stdin>" for
     * "-"), so a place reads the same whichever layer reports it. */
    free(out->csv_path);
    out->csv_path = xstrdup(table_reader_path(rd));
    r.file = out->csv_path;
    m->workbook_dates = table_reader_sheet(rd) != NULL;
    if (m->workbook_dates)
        sheet_places(out, rd);
    rc = mapping_bind_all(m, table_reader_header(rd), table_reader_ncols(rd), out->csv_path,
                          opt->bind_errors, err);
    if (rc)
        goto out;
    table_grow(&r);
    lookup_begin(m);
    rc = table_reader_run(rd, on_record, &r, err);
    if (rc)
        goto out;
    /* Every row is read: the key table has done its work, and its memory is better spent on
     * the checks that follow. */
    free(r.table);
    r.table = NULL;
    rc = finish_groups(&r);
    reporter lrp = {out, r.file, NULL, 0, 0};
    lookup_end(m, &lrp);
    sort_problems(&out->problems);
out:
    if (r.keep && r.invs) {
        if (rc) {
            for (size_t i = 0; i < r.ngroups; i++)
                invoice_release(&r.invs[i]);
            free(r.invs);
        } else {
            out->invoices = r.invs;
        }
    }
    rctx_release(&r);
    table_reader_free(rd);
    return rc;
}

int mapping_read_invoices(mapping *m, const char *csv_path, ic_batch *out, ic_err *err)
{
    return mapping_read_invoices_opt(m, csv_path, NULL, out, err);
}
