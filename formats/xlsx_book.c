/* A workbook's table of contents: the sheets of xl/workbook.xml in their order, the parts its
 * relationships point to, and its date system; then its styles and shared strings. */
#include "formats/xlsx_internal.h"
#include "util/common.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BOOK_ENTRY "xl/workbook.xml"
#define BOOK_RELS "xl/_rels/workbook.xml.rels"
#define MAX_SHEETS 4096

typedef struct toc {
    xlsx_book *b;
    xlsx_xml *x;
} toc;

static void XMLCALL book_start(void *ud, const char *name, const char **atts)
{
    toc *t = ud;
    xlsx_book *b = t->b;
    const char *n = xlsx_local(name);
    if (strcmp(n, "workbookPr") == 0) {
        const char *v = xlsx_attr(atts, "date1904");
        b->date1904 = v && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0);
    } else if (strcmp(n, "sheet") == 0) {
        const char *sn = xlsx_attr(atts, "name"), *id = xlsx_attr(atts, "id");
        if (!sn || !id || b->nsheets >= MAX_SHEETS)
            return;
        b->sheet_names = xrealloc(b->sheet_names, (b->nsheets + 1) * sizeof *b->sheet_names);
        b->sheet_rids = xrealloc(b->sheet_rids, (b->nsheets + 1) * sizeof *b->sheet_rids);
        b->sheet_names[b->nsheets] = xstrdup(sn);
        b->sheet_rids[b->nsheets++] = xstrdup(id);
    }
}

/* A relationship target as an entry name: relative ones are relative to xl/.  NULL when it climbs
 * out of the archive (the caller refuses the file). */
static char *resolve_target(const char *target)
{
    sbuf s = {0};
    if (target[0] == '/')
        target++;
    else
        sbuf_adds(&s, "xl/");
    for (const char *p = target; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            /* one folder up, never above the root */
            if (s.len == 0) {
                sbuf_release(&s);
                return NULL;
            }
            s.len--;
            while (s.len && s.data[s.len - 1] != '/')
                s.len--;
            s.data[s.len] = '\0';
        } else if (!(n == 1 && p[0] == '.') && n) {
            sbuf_add(&s, p, n);
            if (e)
                sbuf_add(&s, "/", 1);
        }
        p += n + (e != NULL);
    }
    if (!s.data)
        return xstrdup("");
    return sbuf_take(&s, NULL);
}

static void XMLCALL rels_start(void *ud, const char *name, const char **atts)
{
    toc *t = ud;
    xlsx_book *b = t->b;
    if (strcmp(xlsx_local(name), "Relationship") != 0 || b->nrels >= MAX_SHEETS * 2)
        return;
    const char *id = xlsx_attr(atts, "Id"), *type = xlsx_attr(atts, "Type"),
               *target = xlsx_attr(atts, "Target"), *mode = xlsx_attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    char *entry = resolve_target(target);
    if (!entry) {
        xlsx_xml_stop(t->x, 1);
        return;
    }
    b->rel_ids = xrealloc(b->rel_ids, (b->nrels + 1) * sizeof *b->rel_ids);
    b->rel_types = xrealloc(b->rel_types, (b->nrels + 1) * sizeof *b->rel_types);
    b->rel_targets = xrealloc(b->rel_targets, (b->nrels + 1) * sizeof *b->rel_targets);
    b->rel_ids[b->nrels] = xstrdup(id);
    b->rel_types[b->nrels] = xstrdup(type);
    b->rel_targets[b->nrels++] = entry;
}

const char *xlsx_book_rel_of_type(const xlsx_book *b, const char *suffix)
{
    size_t sl = strlen(suffix);
    for (size_t i = 0; i < b->nrels; i++) {
        size_t tl = strlen(b->rel_types[i]);
        if (tl >= sl && strcmp(b->rel_types[i] + tl - sl, suffix) == 0)
            return b->rel_targets[i];
    }
    return NULL;
}

int xlsx_book_open(xlsx_book *b, const char *path, const char *shown, ic_err *err)
{
    memset(b, 0, sizeof *b);
    b->shown = xstrdup(shown);
    b->z = xlsx_zip_open(path, shown, err);
    if (!b->z)
        return err->code;
    if (!xlsx_zip_has(b->z, BOOK_ENTRY))
        return ic_err_set(err, IC_EXIT_USAGE,
                          "'%s' is not an xlsx workbook: it is a zip archive without '%s' (an "
                          "OpenDocument or Word file?)",
                          shown, BOOK_ENTRY);
    toc t = {b, NULL};
    xlsx_xml x = {.ud = &t, .start = book_start};
    t.x = &x;
    int rc = xlsx_xml_parse(b->z, shown, BOOK_ENTRY, &x, err);
    if (rc)
        return rc;
    if (!b->nsheets)
        return ic_err_set(err, IC_EXIT_USAGE, "'%s' has no sheets", shown);
    xlsx_xml xr = {.ud = &t, .start = rels_start};
    t.x = &xr;
    rc = xlsx_xml_parse(b->z, shown, BOOK_RELS, &xr, err);
    if (rc == 1)
        return ic_err_set(err, IC_EXIT_USAGE,
                          "'%s' is refused: a relationship points outside the workbook", shown);
    if (rc)
        return rc;
    const char *styles = xlsx_book_rel_of_type(b, "/styles");
    if (styles && xlsx_zip_has(b->z, styles) && (rc = xlsx_styles_load(b, styles, err)))
        return rc;
    const char *sst = xlsx_book_rel_of_type(b, "/sharedStrings");
    if (sst && xlsx_zip_has(b->z, sst) && (rc = xlsx_sst_load(b, sst, err)))
        return rc;
    return 0;
}

int xlsx_book_sheet(xlsx_book *b, const char *sheet, const char **entry, const char **name,
                    ic_err *err)
{
    size_t i = 0;
    if (sheet) {
        while (i < b->nsheets && strcmp(b->sheet_names[i], sheet) != 0)
            i++;
        if (i == b->nsheets) {
            sbuf list = {0};
            for (size_t k = 0; k < b->nsheets && k < 20; k++)
                sbuf_addf(&list, "%s'%s'", k ? ", " : "", b->sheet_names[k]);
            ic_err_set(err, IC_EXIT_USAGE, "'%s' has no sheet '%s' (its sheets: %s)", b->shown,
                       sheet, list.data);
            sbuf_release(&list);
            return err->code;
        }
    }
    *name = b->sheet_names[i];
    for (size_t r = 0; r < b->nrels; r++) {
        if (strcmp(b->rel_ids[r], b->sheet_rids[i]) != 0)
            continue;
        size_t tl = strlen(b->rel_types[r]);
        if (tl < 10 || strcmp(b->rel_types[r] + tl - 10, "/worksheet") != 0)
            return ic_err_set(err, IC_EXIT_USAGE,
                              "'%s': sheet '%s' is not a sheet of cells (a chart?)", b->shown,
                              *name);
        if (!xlsx_zip_has(b->z, b->rel_targets[r]))
            break;
        *entry = b->rel_targets[r];
        return 0;
    }
    return ic_err_set(err, IC_EXIT_USAGE, "'%s' is a damaged workbook: sheet '%s' has no part",
                      b->shown, *name);
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void xlsx_book_release(xlsx_book *b)
{
    xlsx_zip_free(b->z);
    free(b->shown);
    free_list(b->sheet_names, b->nsheets);
    free_list(b->sheet_rids, b->nsheets);
    free_list(b->rel_ids, b->nrels);
    free_list(b->rel_types, b->nrels);
    free_list(b->rel_targets, b->nrels);
    free(b->xf_date);
    free(b->sst);
    free(b->sst_off);
    memset(b, 0, sizeof *b);
}
