/* Reading BILL's invoice store: GET /v3/invoices, 100 at a time, following `nextPage` until BILL
 * gives none (an empty page does not mean the end).  BILL cannot filter invoices by number, so a
 * lookup by number lists the newest invoices (created since the run could have made it, less a
 * margin) and compares locally: one request per 100 invoices read.
 *
 * Filters: archived:eq:false always (whether BILL lists archived invoices by default is not
 * documented); customerId:eq, createdTime:gte/lte; the status as BILL's words (partially paid ->
 * PARTIAL_PAYMENT, completed -> PAID_IN_FULL; open is OPEN or SCHEDULED, so it is filtered here,
 * page by page).  Offsets are counted here; BILL never tells the total. */
#include "api/bill/bill_internal.h"

#include "util/common.h"
#include "util/sbuf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Percent-encodes a query value, keeping what BILL's filter syntax needs (':' and ','). */
static void add_encoded(sbuf *b, const char *s, bool keep_syntax)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char ch = *p;
        bool plain = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                     (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == '~' ||
                     (keep_syntax && (ch == ':' || ch == ','));
        if (plain)
            sbuf_add(b, (const char *)p, 1);
        else
            sbuf_addf(b, "%%%02X", ch);
    }
}

static void iso_time(int64_t t, const char *ms, char *buf, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%sZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

static const struct {
    const char *canonical, *bill;
} sort_fields[] = {
    {"invoiceNumber", "invoiceNumber"}, {"issuedAt", "invoiceDate"},  {"dueDate", "dueDate"},
    {"originalBalance", "totalAmount"}, {"createdAt", "createdTime"}, {"updatedAt", "updatedTime"}};

int bill_list_path(const conn_filter *f, const char *page, char **out, ic_err *err)
{
    if (f->search || f->search_field)
        return ic_err_set(err, IC_EXIT_USAGE,
                          "BILL has no invoice search: --search is for B2B Edition only");
    const char *sort = NULL;
    if (f->sort_field) {
        for (size_t i = 0; i < IC_ARRAY_LEN(sort_fields); i++)
            if (strcmp(f->sort_field, sort_fields[i].canonical) == 0)
                sort = sort_fields[i].bill;
        if (!sort)
            return ic_err_set(err, IC_EXIT_USAGE,
                              "BILL cannot sort invoices by '%s' (it sorts by invoiceNumber, "
                              "issuedAt, dueDate, originalBalance, createdAt or updatedAt)",
                              f->sort_field);
    }
    const char *dir = f->sort_dir && strcmp(f->sort_dir, "desc") == 0 ? "desc" : "asc";
    int max = f->page_limit > 0 && f->page_limit < BILL_PAGE_MAX ? f->page_limit : BILL_PAGE_MAX;

    sbuf filt = SBUF_INIT;
    sbuf_adds(&filt, "archived:eq:false");
    if (f->customer_id)
        sbuf_addf(&filt, ",customerId:eq:%s", f->customer_id);
    char t[40];
    if (f->created_from) {
        iso_time(f->created_from, "000", t, sizeof t);
        sbuf_addf(&filt, ",createdTime:gte:\"%s\"", t);
    }
    if (f->created_to) {
        iso_time(f->created_to, "999", t, sizeof t);
        sbuf_addf(&filt, ",createdTime:lte:\"%s\"", t);
    }
    if (f->status == 1)
        sbuf_adds(&filt, ",status:eq:PARTIAL_PAYMENT");
    else if (f->status == 2)
        sbuf_adds(&filt, ",status:eq:PAID_IN_FULL");

    sbuf b = SBUF_INIT;
    sbuf_addf(&b, "/v3/invoices?max=%d&filters=", max);
    add_encoded(&b, filt.data, true);
    sbuf_release(&filt);
    if (sort)
        sbuf_addf(&b, "&sort=%s:%s", sort, dir);
    if (page) {
        sbuf_adds(&b, "&page=");
        add_encoded(&b, page, false);
    }
    *out = sbuf_take(&b, NULL);
    return 0;
}

/* A page answer: its results (borrowed from res) and its next-page token (NULL at the end). */
static int read_page(const http_result *res, const cJSON **results, const char **next, ic_err *err)
{
    char msg[700];
    enum conn_verdict v = bill_verdict(res, msg, sizeof msg);
    if (v != CONN_OK) {
        int rc = v == CONN_AUTH || v == CONN_FORBIDDEN ? IC_EXIT_USAGE : IC_EXIT_IO;
        return ic_err_set(err, rc, "cannot list BILL's invoices (GET /v3/invoices): %s", msg);
    }
    const cJSON *r =
        cJSON_IsObject(res->json) ? cJSON_GetObjectItemCaseSensitive(res->json, "results") : NULL;
    if (!cJSON_IsArray(r))
        return ic_err_set(err, IC_EXIT_IO,
                          "BILL's invoice list (GET /v3/invoices) has no 'results' array");
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(res->json, "nextPage");
    if (n && !cJSON_IsNull(n) && !cJSON_IsString(n))
        return ic_err_set(err, IC_EXIT_IO, "BILL's invoice list: 'nextPage' is not a string");
    *results = r;
    *next = cJSON_IsString(n) && n->valuestring[0] ? n->valuestring : NULL;
    return 0;
}

/* Status "open" is OPEN or SCHEDULED: one filter BILL cannot say, so the page is narrowed here. */
static bool open_status(const cJSON *doc)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "status");
    return cJSON_IsString(s) &&
           (strcmp(s->valuestring, "OPEN") == 0 || strcmp(s->valuestring, "SCHEDULED") == 0);
}

/* ---- list ---- */

typedef struct lister {
    http_engine *e;
    const conn_filter *f;
    conn_page_fn fn;
    void *ctx;
    size_t offset;
    int rc;
    ic_err *err;
} lister;

static void list_submit(lister *l, const char *page);

static void list_done(void *ctx, const http_result *res)
{
    lister *l = ctx;
    const cJSON *results, *doc;
    const char *next;
    if ((l->rc = read_page(res, &results, &next, l->err)) != 0)
        return;
    cJSON *page = NULL;
    const cJSON *docs = results;
    if (l->f->status == 0) {
        page = cJSON_CreateArray();
        if (!page) {
            l->rc = ic_err_set(l->err, IC_EXIT_INTERNAL, "out of memory");
            return;
        }
        cJSON_ArrayForEach(doc, results)
        {
            if (open_status(doc))
                cJSON_AddItemReferenceToArray(page, (cJSON *)(void *)doc);
        }
        docs = page;
    }
    size_t n = (size_t)cJSON_GetArraySize(docs);
    int rc = n ? l->fn(l->ctx, docs, l->offset, (size_t)-1) : 0;
    cJSON_Delete(page); /* references only: the documents stay res's */
    l->offset += n;
    if (rc != 0) {
        l->rc = rc;
        return;
    }
    if (next)
        list_submit(l, next);
}

static void list_submit(lister *l, const char *page)
{
    char *path;
    if ((l->rc = bill_list_path(l->f, page, &path, l->err)) != 0)
        return;
    http_submit(l->e, "GET", path, NULL, true, list_done, l);
    free(path);
}

int bill_list(http_engine *e, const conn_filter *f, conn_page_fn fn, void *ctx, ic_err *err)
{
    lister l = {e, f, fn, ctx, 0, 0, err};
    list_submit(&l, NULL);
    if (l.rc)
        return l.rc;
    int rc = http_run(e);
    if (rc) { /* the pages abandoned then answer "failed": the sign-in or the stop is the cause */
        const ic_err *why = http_engine_error(e);
        if (why && why->code)
            return ic_err_set(err, why->code, "%s", why->msg);
        return ic_err_set(err, rc, "listing BILL's invoices was interrupted");
    }
    return l.rc;
}

/* ---- find ---- */

typedef struct finder {
    http_engine *e;
    conn_filter f;
    char *key;
    conn_found_fn fn;
    void *ctx;
} finder;

static void finder_free(finder *fd)
{
    free(fd->key);
    free(fd);
}

static void find_submit(finder *fd, const char *page);

static void find_done(void *ctx, const http_result *res)
{
    finder *fd = ctx;
    ic_err err = {0};
    const cJSON *results, *doc;
    const char *next;
    if (read_page(res, &results, &next, &err) != 0) {
        fd->fn(fd->ctx, NULL, err.code, &err);
        finder_free(fd);
        return;
    }
    cJSON_ArrayForEach(doc, results)
    {
        const cJSON *num = cJSON_GetObjectItemCaseSensitive(doc, "invoiceNumber");
        if (cJSON_IsString(num) && strcmp(num->valuestring, fd->key) == 0) {
            fd->fn(fd->ctx, doc, 0, NULL);
            finder_free(fd);
            return;
        }
    }
    if (next) {
        find_submit(fd, next);
        return;
    }
    fd->fn(fd->ctx, NULL, 0, NULL);
    finder_free(fd);
}

static void find_submit(finder *fd, const char *page)
{
    char *path;
    ic_err err = {0};
    if (bill_list_path(&fd->f, page, &path, &err) != 0) {
        fd->fn(fd->ctx, NULL, err.code, &err);
        finder_free(fd);
        return;
    }
    http_submit(fd->e, "GET", path, NULL, true, find_done, fd);
    free(path);
}

void bill_find(http_engine *e, const char *match_field, const char *key, int64_t created_since,
               conn_found_fn fn, void *ctx)
{
    ic_err err = {0};
    if (!match_field || strcmp(match_field, "invoiceNumber") != 0 || !key) {
        ic_err_set(&err, IC_EXIT_USAGE, "BILL finds invoices by invoiceNumber only, not by '%s'",
                   match_field ? match_field : "(none)");
        fn(ctx, NULL, err.code, &err);
        return;
    }
    finder *fd = xcalloc(1, sizeof *fd);
    fd->e = e;
    fd->f.status = -1;
    /* Newest first: what this run created is at the front. */
    fd->f.sort_field = "createdAt";
    fd->f.sort_dir = "desc";
    if (created_since > BILL_FIND_MARGIN_S)
        fd->f.created_from = created_since - BILL_FIND_MARGIN_S;
    fd->key = xstrdup(key);
    fd->fn = fn;
    fd->ctx = ctx;
    find_submit(fd, NULL);
}
