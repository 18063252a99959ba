#include "formats/xlsx_read.h"
#include "formats/xlsx_internal.h"
#include "util/common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum xlsx_kind xlsx_sniff(const char *path)
{
    /* read(2), not stdio: the look must not count as the CSV reader's own reading of the file */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return XLSX_KIND_UNREADABLE;
    unsigned char b[8] = {0};
    ssize_t got = read(fd, b, sizeof b);
    close(fd);
    size_t n = got > 0 ? (size_t)got : 0;
    if (n >= 4 && b[0] == 'P' && b[1] == 'K' && (b[2] == 3 || b[2] == 5) &&
        (b[3] == 4 || b[3] == 6))
        return XLSX_KIND_ZIP;
    static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (n == 8 && memcmp(b, ole, 8) == 0)
        return XLSX_KIND_OLE;
    return XLSX_KIND_OTHER;
}

bool xlsx_path_is_workbook(const char *path)
{
    size_t n = strlen(path);
    return n > 5 &&
           (strcasecmp(path + n - 5, ".xlsx") == 0 || strcasecmp(path + n - 5, ".xlsm") == 0);
}

/* ---- the header ---- */

static int open_kind(const char *path, ic_err *err)
{
    switch (xlsx_sniff(path)) {
    case XLSX_KIND_ZIP:
        return 0;
    case XLSX_KIND_UNREADABLE:
        return ic_err_set(err, IC_EXIT_IO, "cannot open '%s': %s", path, strerror(errno));
    case XLSX_KIND_OLE:
        return ic_err_set(err, IC_EXIT_USAGE,
                          "'%s' is an old Excel 97-2003 workbook (.xls) or a password-protected "
                          "one: save it from Excel as an Excel Workbook (.xlsx) without a password",
                          path);
    case XLSX_KIND_OTHER:
        break;
    }
    return ic_err_set(err, IC_EXIT_USAGE,
                      "'%s' is not an xlsx workbook (it is not a zip archive): if it is a CSV "
                      "file, give it a .csv name",
                      path);
}

xlsx_reader *xlsx_reader_open(const char *path, const xlsx_options *opt, ic_err *err)
{
    xlsx_options dflt = {0};
    if (!opt)
        opt = &dflt;
    if (open_kind(path, err))
        return NULL;
    xlsx_reader *r = xcalloc(1, sizeof *r);
    r->path = xstrdup(path);
    r->join = -1;
    r->header_row = opt->header_row > 0 ? opt->header_row : 1;
    r->max_bytes = opt->max_record_bytes ? opt->max_record_bytes : (size_t)1 << 20;
    const char *name;
    int rc = xlsx_book_open(&r->book, path, path, err);
    if (!rc)
        rc = xlsx_book_sheet(&r->book, opt->sheet, &r->entry, &name, err);
    if (!rc) {
        r->sheet = xstrdup(name);
        char **names;
        size_t n;
        rc = xlsx_read_header(r, r->entry, r->sheet, &names, &n, err);
        for (size_t i = 0; i < n; i++)
            xlsx_add_column(r, names[i], r->sheet, (long)i);
        free(names);
        r->nmain = r->ncols;
        if (!rc)
            rc = xlsx_merges_load(&r->book, r->entry, &r->merges, &r->nmerges, err);
        if (!rc && opt->njoin)
            rc = xlsx_join_open(r, opt, err);
    }
    if (rc) {
        xlsx_reader_free(r);
        return NULL;
    }
    return r;
}

size_t xlsx_reader_ncols(const xlsx_reader *r)
{
    return r->ncols;
}

const char *const *xlsx_reader_header(const xlsx_reader *r)
{
    return (const char *const *)r->header;
}

const char *xlsx_reader_path(const xlsx_reader *r)
{
    return r->path;
}

const char *xlsx_reader_sheet(const xlsx_reader *r)
{
    return r->sheet;
}

const char *xlsx_reader_col_ref(const xlsx_reader *r, size_t i)
{
    return i < r->ncols ? r->refs[i] : NULL;
}

/* ---- the records ---- */

/* Merged ranges over data rows: the top-left cell's value is kept when its row is read, and given
 * to the range's blank cells in that row and the rows below, as the sheet shows it. */
static void fill_merges(xlsx_reader *r, long row)
{
    while (r->next_merge < r->nmerges && r->merges[r->next_merge].r1 <= row) {
        if (!r->active)
            r->active = xcalloc(r->nmerges, sizeof *r->active);
        r->active[r->nactive++] = r->next_merge++;
    }
    for (size_t k = 0; k < r->nactive;) {
        xlsx_merge *m = &r->merges[r->active[k]];
        if (m->r2 < row) { /* past its last row: dropped */
            r->active[k] = r->active[--r->nactive];
            continue;
        }
        k++;
        if (m->r1 <= r->header_row || (size_t)m->c1 >= r->ncols)
            continue;
        if (m->r1 == row) {
            free(m->val);
            m->val = xstrndup(r->fields[m->c1], r->lens[m->c1]);
        }
        if (!m->val)
            continue;
        for (long c = m->c1; c <= m->c2 && (size_t)c < r->ncols; c++)
            if (!r->lens[c]) {
                r->fields[c] = m->val;
                r->lens[c] = strlen(m->val);
            }
    }
}

static int data_row(void *ctx, long row, const xlsx_cell *cells, size_t n)
{
    xlsx_reader *r = ctx;
    if (row <= r->header_row)
        return 0;
    for (size_t i = 0; i < r->ncols; i++) {
        r->fields[i] = "";
        r->lens[i] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        if ((size_t)cells[i].col >= r->nmain) {
            char ref[4];
            xlsx_col_name(cells[i].col, ref);
            ic_err_set(r->err, IC_EXIT_USAGE,
                       "%s:%s!%s%ld: a value right of the header's last column (%s): '%.40s'",
                       r->path, r->sheet, ref, row, r->refs[r->nmain - 1], cells[i].s);
            return r->cb_rc = IC_EXIT_USAGE;
        }
        r->fields[cells[i].col] = cells[i].s;
        r->lens[cells[i].col] = cells[i].len;
    }
    if (r->nmerges)
        fill_merges(r, row);
    if (r->nkids) {
        r->fields[r->nmain] = r->sheet;
        r->lens[r->nmain] = strlen(r->sheet);
        int jrc = xlsx_join_keep(r, row);
        if (jrc)
            return r->cb_rc = jrc;
    }
    csv_record rec = {r->ncols, r->fields, r->lens, row, row, r->index++};
    int rc = r->fn(r->ctx, &rec);
    if (rc)
        r->cb_rc = rc;
    return rc;
}

int xlsx_reader_run(xlsx_reader *r, csv_record_fn fn, void *ctx, ic_err *err)
{
    r->fields = xcalloc(r->ncols, sizeof *r->fields);
    r->lens = xcalloc(r->ncols, sizeof *r->lens);
    r->fn = fn;
    r->ctx = ctx;
    r->err = err;
    r->index = 0;
    int rc = xlsx_sheet_stream(&r->book, r->entry, r->sheet, r->max_bytes, data_row, r, err);
    if (!rc && r->nkids)
        rc = xlsx_join_run(r, err);
    free(r->fields);
    free(r->lens);
    r->fields = NULL;
    r->lens = NULL;
    return rc;
}

void xlsx_reader_free(xlsx_reader *r)
{
    if (!r)
        return;
    xlsx_book_release(&r->book);
    for (size_t i = 0; i < r->nmerges; i++)
        free(r->merges[i].val);
    free(r->merges);
    free(r->active);
    for (size_t i = 0; i < r->ncols; i++) {
        free(r->header[i]);
        free(r->refs[i]);
    }
    free(r->header);
    free(r->refs);
    xlsx_join_release(r);
    free(r->path);
    free(r->sheet);
    free(r);
}
