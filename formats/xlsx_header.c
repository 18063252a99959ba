/* A sheet's header, and the combined header the reader hands out (formats/xlsx_read.c for the
 * first sheet, formats/xlsx_join.c for the sheets joined to it). */
#include "formats/xlsx_internal.h"
#include "util/common.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 16384

static void trim(const char **s, size_t *len)
{
    while (*len && strchr(" \t\r\n\v\f", **s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && strchr(" \t\r\n\v\f", (*s)[*len - 1]))
        (*len)--;
}

/* stop values of the header pass, apart from the exit codes */
enum { HEADER_FOUND = 100, HEADER_BLANK = 101 };

typedef struct hdr {
    long want; /* the header's row */
    char **names;
    size_t n;
} hdr;

static int header_row(void *ctx, long row, const xlsx_cell *cells, size_t n)
{
    hdr *h = ctx;
    if (row < h->want)
        return 0;
    if (row > h->want)
        return HEADER_BLANK;
    size_t ncols = (size_t)cells[n - 1].col + 1;
    if (ncols > MAX_COLS)
        ncols = MAX_COLS;
    h->names = xcalloc(ncols, sizeof *h->names);
    for (size_t i = 0; i < n; i++) {
        if ((size_t)cells[i].col >= ncols)
            break;
        const char *s = cells[i].s;
        size_t len = cells[i].len;
        trim(&s, &len);
        h->names[cells[i].col] = xstrndup(s, len);
    }
    h->n = ncols;
    for (size_t i = 0; i < ncols; i++)
        if (!h->names[i])
            h->names[i] = xstrdup("");
    return HEADER_FOUND;
}

/* Reads the header of a sheet: names unique and not empty. */
int xlsx_read_header(xlsx_reader *r, const char *entry, const char *sheet, char ***names, size_t *n,
                     ic_err *err)
{
    hdr h = {r->header_row, NULL, 0};
    int rc = xlsx_sheet_stream(&r->book, entry, sheet, r->max_bytes, header_row, &h, err);
    *names = h.names;
    *n = h.n;
    if (rc == 0 || rc == HEADER_BLANK)
        return ic_err_set(err, IC_EXIT_USAGE, "%s:%s!%ld: no header: the row is blank%s", r->path,
                          sheet, r->header_row,
                          r->header_row == 1 ? " (\"header_row\" names another)" : "");
    if (rc != HEADER_FOUND)
        return rc;
    strmap seen = {0};
    rc = 0;
    for (size_t i = 0; i < h.n && !rc; i++) {
        size_t j;
        char a[4], b[4];
        xlsx_col_name((long)i, a);
        if (!h.names[i][0]) {
            rc = ic_err_set(err, IC_EXIT_USAGE, "%s:%s!%s%ld: column %s of the header has no name",
                            r->path, sheet, a, r->header_row, a);
        } else if (strmap_get(&seen, h.names[i], &j)) {
            xlsx_col_name((long)j, b);
            rc =
                ic_err_set(err, IC_EXIT_USAGE, "%s:%s!%s%ld: columns %s and %s are both named '%s'",
                           r->path, sheet, a, r->header_row, b, a, h.names[i]);
        } else {
            strmap_put(&seen, h.names[i], i);
        }
    }
    strmap_release(&seen);
    return rc;
}

/* Column i of the combined header: its name (taken) and where it is ("Sheet!C"). */
void xlsx_add_column(xlsx_reader *r, char *name, const char *sheet, long col)
{
    r->header = xrealloc(r->header, (r->ncols + 1) * sizeof *r->header);
    r->refs = xrealloc(r->refs, (r->ncols + 1) * sizeof *r->refs);
    char letters[4] = "";
    if (col >= 0)
        xlsx_col_name(col, letters);
    size_t len = strlen(sheet) + 6;
    r->refs[r->ncols] = xmalloc(len);
    snprintf(r->refs[r->ncols], len, "%s!%s", sheet, letters);
    r->header[r->ncols++] = name;
}
