/* Listing invoices (GET /invoices: itemPerPage at most 250, pageNo from 1, include=detail for the
 * lines; orderBy is the column and sortBy the direction, the reverse of B2B Edition) and finding
 * one by its match key.
 *
 * Rebillia filters by one status word and has no creation-date or exact-key filter, so the
 * canonical filters are applied here, page by page; the key is in `comments`, which the free-text
 * `query` is not documented to search, so a lookup reads the newest invoices first. */
#include "api/rebillia/rebillia_internal.h"

#include "util/common.h"
#include "util/sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_MAX 250
/* A lookup reads back this far before the time the invoice could first have been created: the
 * clocks of this machine and Rebillia's differ, and createdAt's zone is not documented. */
#define FIND_MARGIN_S 86400

/* The page's data array, and how many pages there are; 0 or an exit code with err set. */
static int read_page(const http_result *res, long page, const cJSON **data, long *pages,
                     long *items, ic_err *err)
{
    char msg[512];
    if (res->outcome != HTTP_ANSWERED || res->status < 200 || res->status >= 300) {
        int code = IC_EXIT_IO;
        if (res->outcome != HTTP_ANSWERED) {
            snprintf(msg, sizeof msg, "%s", res->error[0] ? res->error : "no answer");
            if (strstr(res->error, "interrupted"))
                code = IC_EXIT_INTERRUPTED;
        } else {
            rebillia_error_message(res, msg, sizeof msg);
            if (res->status == 401 || res->status == 403)
                code = IC_EXIT_USAGE; /* the API key: configuration, not the network */
        }
        return ic_err_set(err, code, "cannot list Rebillia invoices (page %ld): %s", page, msg);
    }
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(res->json, "data");
    if (!cJSON_IsArray(d))
        return ic_err_set(err, IC_EXIT_IO, "Rebillia invoice list page %ld: 'data' is not an array",
                          page);
    const cJSON *tp = cJSON_GetObjectItemCaseSensitive(res->json, "totalPages");
    const cJSON *ti = cJSON_GetObjectItemCaseSensitive(res->json, "totalItems");
    *data = d;
    *pages = cJSON_IsNumber(tp) && tp->valuedouble >= 0 && tp->valuedouble < 1e9
                 ? (long)tp->valuedouble
                 : -1;
    *items = cJSON_IsNumber(ti) && ti->valuedouble >= 0 && ti->valuedouble < 1e12
                 ? (long)ti->valuedouble
                 : -1;
    return 0;
}

/* More pages after `page`?  When the answer gives no count, until a short page. */
static bool more_pages(long page, long pages, int n, int limit)
{
    if (pages >= 0)
        return page < pages;
    return n >= limit;
}

/* ---- list ---- */

typedef struct list_state {
    http_engine *e;
    const conn_filter *f;
    const char *query; /* "&orderBy=…&sortBy=…" */
    int limit;
    long page;
    bool filtering; /* some canonical filter is applied here */
    size_t delivered;
    conn_page_fn fn;
    void *ctx;
    int rc;
    ic_err *err;
} list_state;

static void submit_list_page(list_state *st);

static bool keep(const list_state *st, const cJSON *doc)
{
    const conn_filter *f = st->f;
    if (f->status >= 0 && rebillia_status_canonical(rebillia_str(doc, "status")) != f->status)
        return false;
    if (f->customer_id) {
        char id[CONN_ID_MAX];
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(doc, "customer");
        if (!rebillia_json_id(cJSON_IsObject(c) ? cJSON_GetObjectItemCaseSensitive(c, "id") : NULL,
                              id, sizeof id) ||
            strcmp(id, f->customer_id) != 0)
            return false;
    }
    if (f->created_from || f->created_to) {
        int64_t t;
        if (!rebillia_time_parse(rebillia_str(doc, "createdAt"), &t))
            return false;
        if ((f->created_from && t < f->created_from) || (f->created_to && t > f->created_to))
            return false;
    }
    return true;
}

static void on_list_page(void *ctx, const http_result *res)
{
    list_state *st = ctx;
    const cJSON *data;
    long pages, items;
    if ((st->rc = read_page(res, st->page, &data, &pages, &items, st->err)))
        return;
    cJSON *kept = cJSON_CreateArray();
    const cJSON *doc;
    int n = 0;
    cJSON_ArrayForEach(doc, data)
    {
        n++;
        if (!st->filtering || keep(st, doc))
            cJSON_AddItemReferenceToArray(kept, (cJSON *)doc);
    }
    size_t total = st->filtering || items < 0 ? (size_t)-1 : (size_t)items;
    int rc = st->fn(st->ctx, kept, st->delivered, total);
    st->delivered += (size_t)cJSON_GetArraySize(kept);
    cJSON_Delete(kept); /* references only: the page stays the engine's */
    if (rc) {
        st->rc = rc;
        if (!st->err->code)
            ic_err_set(st->err, rc, "Rebillia invoice list stopped at page %ld", st->page);
        else
            st->err->code = rc;
        return;
    }
    if (n > 0 && more_pages(st->page, pages, n, st->limit)) {
        st->page++;
        submit_list_page(st);
    }
}

static void submit_list_page(list_state *st)
{
    sbuf b = SBUF_INIT;
    sbuf_addf(&b, "/invoices?include=detail&itemPerPage=%d&pageNo=%ld%s", st->limit, st->page,
              st->query);
    char *path = rebillia_path(b.data);
    sbuf_release(&b);
    http_submit(st->e, "GET", path, NULL, true, on_list_page, st);
    free(path);
}

/* Canonical sort fields as Rebillia's columns. */
static const char *sort_column(const char *field)
{
    static const char *const map[][2] = {
        {"createdAt", "createdAt"},    {"updatedAt", "updatedAt"},
        {"dueDate", "dateDue"},        {"invoiceNumber", "invoiceNo"},
        {"status", "status"},          {"originalBalance", "total"},
        {"openBalance", "balanceDue"}, {"id", "id"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], field) == 0)
            return map[i][1];
    return NULL;
}

static int list_query(const conn_filter *f, sbuf *q, ic_err *err)
{
    if (f->search_field || f->search)
        return ic_err_set(err, IC_EXIT_USAGE,
                          "Rebillia cannot search invoices by a field; list them without a search");
    if (f->sort_field) {
        const char *col = sort_column(f->sort_field);
        if (!col)
            return ic_err_set(err, IC_EXIT_USAGE, "Rebillia cannot sort invoices by '%s'",
                              f->sort_field);
        sbuf_addf(q, "&orderBy=%s", col);
    }
    if (f->sort_dir) {
        if (strcmp(f->sort_dir, "asc") != 0 && strcmp(f->sort_dir, "desc") != 0)
            return ic_err_set(err, IC_EXIT_USAGE, "sort direction '%s' is not asc or desc",
                              f->sort_dir);
        sbuf_addf(q, "&sortBy=%s", strcmp(f->sort_dir, "asc") == 0 ? "ASC" : "DESC");
    }
    return 0;
}

int rebillia_list(http_engine *e, const conn_filter *f, conn_page_fn fn, void *ctx, ic_err *err)
{
    conn_filter all;
    if (!f) {
        memset(&all, 0, sizeof all); /* as conn_filter_init: everything */
        all.status = -1;
        f = &all;
    }
    sbuf q = SBUF_INIT;
    int rc = list_query(f, &q, err);
    if (rc) {
        sbuf_release(&q);
        return rc;
    }
    list_state st = {0};
    st.e = e;
    st.f = f;
    st.query = q.data ? q.data : "";
    st.limit = f->page_limit > 0 && f->page_limit < PAGE_MAX ? f->page_limit : PAGE_MAX;
    st.page = 1;
    st.filtering = f->status >= 0 || f->customer_id || f->created_from || f->created_to;
    st.fn = fn;
    st.ctx = ctx;
    st.err = err;
    submit_list_page(&st);
    int run = http_run(e);
    if (!st.rc && run)
        st.rc = ic_err_set(err, run, "Rebillia invoice list interrupted at page %ld", st.page);
    sbuf_release(&q);
    return st.rc;
}

/* ---- find ---- */

typedef struct find_state {
    http_engine *e;
    char *key;
    int64_t since; /* 0: read every page */
    long page;
    conn_found_fn fn;
    void *ctx;
} find_state;

static void submit_find_page(find_state *fs);

static void find_done(find_state *fs, const cJSON *found, int rc, const ic_err *err)
{
    fs->fn(fs->ctx, found, rc, err);
    free(fs->key);
    free(fs);
}

static void on_find_page(void *ctx, const http_result *res)
{
    find_state *fs = ctx;
    ic_err err = {0};
    const cJSON *data;
    long pages, items;
    int rc = read_page(res, fs->page, &data, &pages, &items, &err);
    if (rc) {
        find_done(fs, NULL, rc, &err);
        return;
    }
    const cJSON *doc;
    int n = 0;
    bool older = fs->since > 0;
    cJSON_ArrayForEach(doc, data)
    {
        char key[512];
        n++;
        if (rebillia_doc_key(doc, "invoiceNumber", key, sizeof key) && strcmp(key, fs->key) == 0) {
            find_done(fs, doc, 0, NULL);
            return;
        }
        int64_t t;
        if (!rebillia_time_parse(rebillia_str(doc, "createdAt"), &t) ||
            t >= fs->since - FIND_MARGIN_S)
            older = false;
    }
    /* Newest first: once a whole page is older than the invoice can be, so is the rest. */
    if (n == 0 || older || !more_pages(fs->page, pages, n, PAGE_MAX)) {
        find_done(fs, NULL, 0, NULL);
        return;
    }
    fs->page++;
    submit_find_page(fs);
}

static void submit_find_page(find_state *fs)
{
    char rel[160];
    snprintf(rel, sizeof rel,
             "/invoices?include=detail&orderBy=createdAt&sortBy=DESC&itemPerPage=%d&pageNo=%ld",
             PAGE_MAX, fs->page);
    char *path = rebillia_path(rel);
    http_submit(fs->e, "GET", path, NULL, true, on_find_page, fs);
    free(path);
}

void rebillia_find(http_engine *e, const char *match_field, const char *key, int64_t created_since,
                   conn_found_fn fn, void *ctx)
{
    if (!match_field || strcmp(match_field, "invoiceNumber") != 0 || !key || !*key) {
        ic_err err;
        ic_err_set(&err, IC_EXIT_USAGE, "Rebillia invoices can only be matched by invoiceNumber");
        fn(ctx, NULL, IC_EXIT_USAGE, &err);
        return;
    }
    find_state *fs = xcalloc(1, sizeof *fs);
    fs->e = e;
    fs->key = xstrdup(key);
    fs->since = created_since;
    fs->page = 1;
    fs->fn = fn;
    fs->ctx = ctx;
    submit_find_page(fs);
}
