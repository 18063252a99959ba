/* success.csv, errors.csv and the JSON documents of an import's results folder. */
#include "formats/results_write.h"

#include "formats/csv_write.h"
#include "model/date.h"
#include "util/atomic_file.h"
#include "util/common.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int results_make_dir(const char *dir, ic_err *err)
{
    char *p = xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST) {
            rc = ic_err_set(err, IC_EXIT_IO, "cannot create folder '%s': %s", p, strerror(errno));
            break;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    struct stat st;
    if (rc == 0 && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
        rc = ic_err_set(err, IC_EXIT_IO, "'%s' is not a folder", dir);
    free(p);
    return rc;
}

char *results_default_dir(const char *csv_path, ic_err *err)
{
    const char *base = strrchr(csv_path, '/');
    base = base ? base + 1 : csv_path;
    if (strcmp(base, "-") == 0 || base[0] == '\0')
        base = "stdin";
    size_t blen = strlen(base);
    if (blen > 4 && strcasecmp(base + blen - 4, ".csv") == 0)
        blen -= 4;
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    /* the machine's own time, not the mapping's zone that reading the dates switched to */
    date_use_machine_zone();
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    if (results_make_dir("invoicectl-results", err) != 0)
        return NULL;
    size_t n = blen + 64;
    char *dir = xmalloc(n);
    for (int i = 1; i < 1000; i++) {
        if (i == 1)
            snprintf(dir, n, "invoicectl-results/%.*s-%s", (int)blen, base, stamp);
        else
            snprintf(dir, n, "invoicectl-results/%.*s-%s-%d", (int)blen, base, stamp, i);
        if (mkdir(dir, 0700) == 0)
            return dir;
        if (errno != EEXIST)
            break;
    }
    ic_err_set(err, IC_EXIT_IO, "cannot create folder '%s': %s", dir, strerror(errno));
    free(dir);
    return NULL;
}

typedef struct rows_ctx {
    const result_invoice *invs;
    const size_t *owner; /* record index -> invoice index, SIZE_MAX for none */
    size_t n_owner;
    csv_writer ok, bad;
    long err_col, place_col; /* input columns reused for the error, or -1 */
} rows_ctx;

/* The error and its place: our text or the API's, never the input's, so a message a server made
 * to look like a formula is neutralised (the input cells around it are echoed exactly). */
static void put_message(csv_writer *w, const char *s)
{
    bool was = w->neutralise;
    w->neutralise = true;
    csv_put_text(w, s ? s : "");
    w->neutralise = was;
}

static int put_record(void *vctx, const csv_record *rec)
{
    rows_ctx *c = vctx;
    if (rec->index >= c->n_owner || c->owner[rec->index] == SIZE_MAX)
        return 0;
    const result_invoice *ri = &c->invs[c->owner[rec->index]];
    if (ri->action) {
        for (size_t f = 0; f < rec->nfields; f++)
            csv_put_raw(&c->ok, rec->fields[f]);
        const char *id = ri->id ? ri->id : "";
        if (id[0] && id[strspn(id, "0123456789")] == 0)
            csv_put_number(&c->ok, id); /* B2B Edition's ids, as before */
        else
            csv_put_raw(&c->ok, id);
        csv_put_raw(&c->ok, ri->action);
        csv_end_row(&c->ok);
    } else {
        for (size_t f = 0; f < rec->nfields; f++) {
            if ((long)f == c->err_col)
                put_message(&c->bad, ri->error);
            else if ((long)f == c->place_col)
                put_message(&c->bad, ri->error_place);
            else
                csv_put_raw(&c->bad, rec->fields[f]);
        }
        if (c->err_col < 0)
            put_message(&c->bad, ri->error);
        if (c->place_col < 0)
            put_message(&c->bad, ri->error_place);
        csv_end_row(&c->bad);
    }
    return 0;
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Index of a header name, or -1. */
static long header_col(const table_reader *r, const char *name)
{
    const char *const *h = table_reader_header(r);
    for (size_t i = 0; i < table_reader_ncols(r); i++)
        if (strcmp(h[i], name) == 0)
            return (long)i;
    return -1;
}

int results_write_rows(const char *dir, const char *csv_path, const table_options *opt,
                       const result_invoice *invs, size_t n, ic_err *err)
{
    int rc = 0;
    table_reader *r = NULL;
    atomic_file *ok = NULL, *bad = NULL;
    char *ok_path = join(dir, "success.csv"), *bad_path = join(dir, "errors.csv");
    rows_ctx c = {.invs = invs, .err_col = -1, .place_col = -1};

    size_t max_rec = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < invs[i].n_records; k++)
            if (invs[i].records[k] + 1 > max_rec)
                max_rec = invs[i].records[k] + 1;
    size_t *owner = xmalloc((max_rec ? max_rec : 1) * sizeof *owner);
    for (size_t k = 0; k < max_rec; k++)
        owner[k] = SIZE_MAX;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < invs[i].n_records; k++)
            owner[invs[i].records[k]] = i;
    c.owner = owner;
    c.n_owner = max_rec;

    r = table_reader_open(csv_path, opt, err);
    if (!r) {
        rc = err->code;
        goto out;
    }
    ok = atomic_file_open(ok_path, err);
    bad = ok ? atomic_file_open(bad_path, err) : NULL;
    if (!ok || !bad) {
        rc = err->code;
        goto out;
    }
    char delim = table_reader_delimiter(r);
    csv_writer_init(&c.ok, ok->fp, delim);
    csv_writer_init(&c.bad, bad->fp, delim);
    c.ok.neutralise = c.bad.neutralise = false;
    c.err_col = header_col(r, "error");
    c.place_col = header_col(r, "error_place");

    const char *const *hdr = table_reader_header(r);
    size_t ncols = table_reader_ncols(r);
    for (size_t f = 0; f < ncols; f++) {
        csv_put_raw(&c.ok, hdr[f]);
        csv_put_raw(&c.bad, hdr[f]);
    }
    csv_put_raw(&c.ok, "invoice_id");
    csv_put_raw(&c.ok, "action");
    if (c.err_col < 0)
        csv_put_raw(&c.bad, "error");
    if (c.place_col < 0)
        csv_put_raw(&c.bad, "error_place");
    csv_end_row(&c.ok);
    csv_end_row(&c.bad);

    rc = table_reader_run(r, put_record, &c, err);
    if (rc != 0)
        goto out;
    rc = atomic_file_commit(ok, err);
    ok = NULL;
    if (rc != 0)
        goto out;
    rc = atomic_file_commit(bad, err);
    bad = NULL;
out:
    if (ok)
        atomic_file_abort(ok);
    if (bad)
        atomic_file_abort(bad);
    table_reader_free(r);
    free(owner);
    free(ok_path);
    free(bad_path);
    return rc;
}

int results_write_json(const char *dir, const char *name, const cJSON *doc, ic_err *err)
{
    char *path = join(dir, name);
    int rc = 0;
    char *text = cJSON_Print(doc);
    atomic_file *af = text ? atomic_file_open(path, err) : NULL;
    if (!text) {
        rc = ic_err_set(err, IC_EXIT_INTERNAL, "out of memory");
    } else if (!af) {
        rc = err->code;
    } else {
        fputs(text, af->fp);
        fputc('\n', af->fp);
        rc = atomic_file_commit(af, err);
    }
    cJSON_free(text);
    free(path);
    return rc;
}
