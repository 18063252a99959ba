/* What the report writers share: choosing the format, each invoice's status and figures, and
 * writing the file atomically.  report_write, which picks the writer, is in report_write.c, so that
 * the writers use this file and this file uses none of them. */
#include "formats/report.h"
#include "util/atomic_file.h"
#include "util/common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

int report_format_from_path(const char *path)
{
    if (strcmp(path, "-") == 0)
        return REPORT_JSON;
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return -1;
    if (strcasecmp(dot, ".json") == 0)
        return REPORT_JSON;
    if (strcasecmp(dot, ".csv") == 0)
        return REPORT_CSV;
    if (strcasecmp(dot, ".xlsx") == 0)
        return REPORT_XLSX;
    return -1;
}

const char *report_status_word(enum report_status s)
{
    switch (s) {
    case REPORT_VALID:
        return "valid";
    case REPORT_INVALID:
        return "invalid";
    case REPORT_WARNING:
        return "warning";
    }
    return "invalid";
}

static int cmp_str_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

enum report_status *report_statuses(const ic_batch *b)
{
    if (b->n_invoices == 0 || !b->invoices)
        return NULL;
    enum report_status *st = xcalloc(b->n_invoices, sizeof *st);
    /* The keys named by warnings, sorted, so each invoice is one binary search (a million-row file
     * may have hundreds of thousands of invoices). */
    const char **warned = NULL;
    size_t nw = 0;
    for (size_t i = 0; i < b->problems.n; i++) {
        const ic_problem *p = &b->problems.items[i];
        if (p->severity == SEV_WARNING && p->invoice) {
            if (!warned)
                warned = xmalloc(b->problems.n * sizeof *warned);
            warned[nw++] = p->invoice;
        }
    }
    if (nw)
        qsort(warned, nw, sizeof *warned, cmp_str_ptr);
    for (size_t i = 0; i < b->n_invoices; i++) {
        const ic_invoice *inv = &b->invoices[i];
        if (!inv->valid)
            st[i] = REPORT_INVALID;
        else if (nw && inv->key && bsearch(&inv->key, warned, nw, sizeof *warned, cmp_str_ptr))
            st[i] = REPORT_WARNING;
        else
            st[i] = REPORT_VALID;
    }
    free(warned);
    return st;
}

void report_invoice_figures(const ic_invoice *inv, report_figures *f)
{
    memset(f, 0, sizeof *f);
    f->has_subtotal = invoice_subtotal(inv, &f->subtotal);
    f->has_total = inv->has_original_balance;
    f->total = inv->original_balance;
    if (f->has_subtotal && f->has_total)
        f->has_costs = money_sub(f->total, f->subtotal, &f->costs);
}

size_t report_listed_invoices(const ic_batch *b)
{
    return b->invoices ? b->n_invoices : 0;
}

size_t report_omitted(const ic_batch *b)
{
    size_t all = b->problems.n_errors + b->problems.n_warnings;
    return all > b->problems.n ? all - b->problems.n : 0;
}

int report_out_open(report_out *o, const char *path, ic_err *err)
{
    memset(o, 0, sizeof *o);
    struct stat st;
    /* Renaming a temporary file over /dev/null would replace the device with a regular file. */
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode))
            return ic_err_set(err, IC_EXIT_IO, "cannot write '%s': Is a directory", path);
        o->fp = fopen(path, "w");
        if (!o->fp)
            return ic_err_set(err, IC_EXIT_IO, "cannot write '%s': %s", path, strerror(errno));
        o->close_fp = true;
        o->path = xstrdup(path);
        return 0;
    }
    o->af = atomic_file_open(path, err);
    if (!o->af)
        return err->code ? err->code : IC_EXIT_IO;
    o->fp = o->af->fp;
    o->path = xstrdup(path);
    return 0;
}

int report_out_commit(report_out *o, ic_err *err)
{
    int rc = 0;
    if (o->af) {
        rc = atomic_file_commit(o->af, err);
    } else if (o->close_fp) {
        bool bad = fflush(o->fp) != 0 || ferror(o->fp);
        if (fclose(o->fp) != 0)
            bad = true;
        if (bad)
            rc = ic_err_set(err, IC_EXIT_IO, "cannot write '%s': %s", o->path,
                            strerror(errno ? errno : EIO));
    }
    free(o->path);
    memset(o, 0, sizeof *o);
    return rc;
}

void report_out_abort(report_out *o)
{
    if (o->af)
        atomic_file_abort(o->af);
    else if (o->close_fp)
        fclose(o->fp);
    free(o->path);
    memset(o, 0, sizeof *o);
}
