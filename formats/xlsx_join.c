/* Sheets joined to the first, as Shift's B2B Edition invoice workbook has them (a "Basic" sheet of
 * invoices, then "Line Items", "Cost Lines"… keyed by "External ID") and as `export` writes its own
 * (Invoices, Line Items, Cost Lines, keyed by "Invoice Number").  The first sheet's rows are kept
 * by their join value (memory grows with the invoices, as the mapping's own state does); each row
 * of a joined sheet then becomes a record of its invoice's cells and its own. */
#include "formats/xlsx_internal.h"
#include "util/common.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a kept row starts with: its row, and a later row with the same join value (0 none). */
typedef struct kept_head {
    long row, again;
} kept_head;

static void trimmed(const char **s, size_t *len)
{
    while (*len && strchr(" \t\r\n", **s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && strchr(" \t\r\n", (*s)[*len - 1]))
        (*len)--;
}

static long find_col(char **names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (long)i;
    return -1;
}

int xlsx_join_open(xlsx_reader *r, const xlsx_options *opt, ic_err *err)
{
    r->join = find_col(r->header, r->nmain, opt->join_col);
    if (r->join < 0)
        return ic_err_set(err, IC_EXIT_USAGE,
                          "%s:%s: no column '%s' to join the other sheets on (\"join\")", r->path,
                          r->sheet, opt->join_col);
    xlsx_add_column(r, xstrdup("_sheet"), r->sheet, -1);
    r->kids = xcalloc(opt->njoin, sizeof *r->kids);
    r->keys = xcalloc(1, sizeof(strmap));
    for (size_t k = 0; k < opt->njoin; k++) {
        xlsx_kid *kid = &r->kids[r->nkids++];
        const char *name;
        int rc = xlsx_book_sheet(&r->book, opt->join_sheets[k], &kid->entry, &name, err);
        if (rc)
            return rc;
        kid->name = xstrdup(name);
        char **names;
        size_t n;
        rc = xlsx_read_header(r, kid->entry, kid->name, &names, &n, err);
        kid->join = rc ? -1 : find_col(names, n, opt->join_col);
        if (!rc && kid->join < 0)
            rc = ic_err_set(err, IC_EXIT_USAGE, "%s:%s: no column '%s' to join it to sheet '%s'",
                            r->path, kid->name, opt->join_col, r->sheet);
        kid->ncols = n;
        kid->off = r->ncols;
        for (size_t i = 0; i < n; i++) {
            if ((long)i == kid->join || rc) {
                free(names[i]);
                continue;
            }
            size_t len = strlen(kid->name) + strlen(names[i]) + 2;
            char *full = xmalloc(len);
            snprintf(full, len, "%s/%s", kid->name, names[i]);
            free(names[i]);
            xlsx_add_column(r, full, kid->name, (long)i);
        }
        free(names);
        if (rc)
            return rc;
    }
    return 0;
}

int xlsx_join_keep(xlsx_reader *r, long row)
{
    const char *key = r->fields[r->join];
    size_t klen = r->lens[r->join];
    trimmed(&key, &klen);
    if (!klen)
        return 0; /* an invoice without the value: no other sheet's row can be its */
    char *k = xstrndup(key, klen);
    size_t at;
    if (strmap_get(r->keys, k, &at)) {
        /* Not an error yet: totals rows repeat their text and a skip rule drops them.  A row of
         * another sheet that names it is (kid_row). */
        kept_head h;
        memcpy(&h, r->kept[at], sizeof h);
        if (!h.again) {
            h.again = row;
            memcpy(r->kept[at], &h, sizeof h);
        }
        free(k);
        return 0;
    }
    kept_head h = {row, 0};
    size_t bytes = sizeof h;
    for (size_t i = 0; i < r->nmain; i++)
        bytes += r->lens[i] + 1;
    char *block = xmalloc(bytes), *p = block + sizeof h;
    memcpy(block, &h, sizeof h);
    for (size_t i = 0; i < r->nmain; i++) {
        memcpy(p, r->fields[i], r->lens[i]);
        p[r->lens[i]] = '\0';
        p += r->lens[i] + 1;
    }
    if ((r->nkept & (r->nkept - 1)) == 0)
        r->kept = xrealloc(r->kept, (r->nkept ? r->nkept * 2 : 1) * sizeof *r->kept);
    r->kept[r->nkept] = block;
    strmap_put(r->keys, k, r->nkept++);
    free(k);
    return 0;
}

static int kid_row(void *ctx, long row, const xlsx_cell *cells, size_t n)
{
    xlsx_reader *r = ctx;
    const xlsx_kid *kid = &r->kids[r->kid];
    if (row <= r->header_row)
        return 0;
    for (size_t i = r->nmain + 1; i < r->ncols; i++) {
        r->fields[i] = "";
        r->lens[i] = 0;
    }
    const char *key = "";
    size_t klen = 0;
    for (size_t i = 0; i < n; i++) {
        long c = cells[i].col;
        if (c == kid->join) {
            key = cells[i].s;
            klen = cells[i].len;
            continue;
        }
        if ((size_t)c >= kid->ncols) {
            char ref[4];
            xlsx_col_name(c, ref);
            ic_err_set(r->err, IC_EXIT_USAGE,
                       "%s:%s!%s%ld: a value right of the header's last column: '%.40s'", r->path,
                       kid->name, ref, row, cells[i].s);
            return r->cb_rc = IC_EXIT_USAGE;
        }
        size_t at = kid->off + (size_t)(c < kid->join ? c : c - 1);
        r->fields[at] = cells[i].s;
        r->lens[at] = cells[i].len;
    }
    trimmed(&key, &klen);
    char *k = xstrndup(key, klen);
    size_t at;
    bool found = klen && strmap_get(r->keys, k, &at);
    if (!found) {
        char ref[4];
        xlsx_col_name(kid->join, ref);
        ic_err_set(r->err, IC_EXIT_USAGE,
                   "%s:%s!%s%ld: '%s' (column '%s') is on no row of sheet '%s': the row belongs to "
                   "no invoice",
                   r->path, kid->name, ref, row, k, r->header[r->join], r->sheet);
        free(k);
        return r->cb_rc = IC_EXIT_USAGE;
    }
    kept_head h;
    memcpy(&h, r->kept[at], sizeof h);
    if (h.again) {
        char ref[4];
        xlsx_col_name(kid->join, ref);
        ic_err_set(r->err, IC_EXIT_USAGE,
                   "%s:%s!%s%ld: '%s' (column '%s') is on rows %ld and %ld of sheet '%s': the row "
                   "cannot be given to one invoice",
                   r->path, kid->name, ref, row, k, r->header[r->join], h.row, h.again, r->sheet);
        free(k);
        return r->cb_rc = IC_EXIT_USAGE;
    }
    free(k);
    const char *p = r->kept[at] + sizeof h;
    for (size_t i = 0; i < r->nmain; i++) {
        r->fields[i] = p;
        r->lens[i] = strlen(p);
        p += r->lens[i] + 1;
    }
    r->fields[r->nmain] = kid->name;
    r->lens[r->nmain] = strlen(kid->name);
    csv_record rec = {r->ncols, r->fields, r->lens, row, row, r->index++};
    int rc = r->fn(r->ctx, &rec);
    if (rc)
        r->cb_rc = rc;
    return rc;
}

int xlsx_join_run(xlsx_reader *r, ic_err *err)
{
    for (r->kid = 0; r->kid < r->nkids; r->kid++) {
        const xlsx_kid *kid = &r->kids[r->kid];
        int rc = xlsx_sheet_stream(&r->book, kid->entry, kid->name, r->max_bytes, kid_row, r, err);
        if (rc)
            return rc;
    }
    return 0;
}

void xlsx_join_release(xlsx_reader *r)
{
    for (size_t k = 0; k < r->nkids; k++)
        free(r->kids[k].name);
    free(r->kids);
    if (r->keys)
        strmap_release(r->keys);
    free(r->keys);
    for (size_t i = 0; i < r->nkept; i++)
        free(r->kept[i]);
    free(r->kept);
}
