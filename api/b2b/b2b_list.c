/* B2B Edition invoice operations on top of the engine: see b2b.h. */
#include "api/b2b/b2b.h"

#include "util/common.h"
#include "util/sbuf.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Pages requested ahead of the one to deliver next: one per connection keeps every connection busy;
 * more would only hold parsed pages that arrived early (about 3 MiB each at 250 invoices), so
 * memory would grow with the length of an export, and a stop (or a failed page) would waste more of
 * the store's request budget. */
static size_t list_window(http_engine *e)
{
    int c = http_engine_concurrency(e);
    return c > 0 ? (size_t)c : 1;
}

void b2b_filter_init(b2b_filter *f)
{
    memset(f, 0, sizeof *f);
    f->status = -1;
}

char *b2b_url_escape(const char *s)
{
    char *esc = curl_easy_escape(NULL, s, 0);
    if (!esc) {
        fputs("invoicectl: out of memory\n", stderr);
        exit(IC_EXIT_INTERNAL);
    }
    char *out = xstrdup(esc);
    curl_free(esc);
    return out;
}

static void sb_add_param(sbuf *b, const char *name, const char *value)
{
    char *esc = b2b_url_escape(value);
    sbuf_addf(b, "&%s=%s", name, esc);
    free(esc);
}

/* "&status=0&customerId=…": the filter part of a list query, after limit and offset. */
static char *filter_query(const b2b_filter *f)
{
    sbuf b = SBUF_INIT;
    if (f->status >= 0)
        sbuf_addf(&b, "&status=%d", f->status);
    if (f->customer_id)
        sb_add_param(&b, "customerId", f->customer_id);
    if (f->begin_date_at)
        sbuf_addf(&b, "&beginDateAt=%" PRId64, f->begin_date_at);
    if (f->end_date_at)
        sbuf_addf(&b, "&endDateAt=%" PRId64, f->end_date_at);
    if (f->search_by)
        sb_add_param(&b, "searchBy", f->search_by);
    if (f->q)
        sb_add_param(&b, "q", f->q);
    if (f->sort_by)
        sb_add_param(&b, "sortBy", f->sort_by);
    if (f->order_by)
        sb_add_param(&b, "orderBy", f->order_by);
    if (f->include_extra_fields)
        sbuf_addf(&b, "%s", "&isIncludeExtraFields=1");
    return b.data;
}

static const char *str_member(const cJSON *o, const char *key)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* ---- listing ---- */

typedef struct list_state {
    http_engine *e;
    char *filter;
    size_t limit;
    b2b_page_fn fn;
    void *ctx;
    size_t total;
    size_t npages; /* known after the first page */
    char **pages;  /* arrived early, not yet delivered: the raw answer (index: page number) */
    bool *arrived;
    size_t next_deliver; /* page number */
    size_t next_submit;
    size_t in_flight;
    int rc;
    ic_err *err;
} list_state;

typedef struct page_req {
    list_state *st;
    size_t k;
} page_req;

static void on_page(void *ctx, const http_result *res);

static void submit_page(list_state *st, size_t k)
{
    char path[4096];
    snprintf(path, sizeof path, "/invoices?limit=%zu&offset=%zu%s", st->limit, k * st->limit,
             st->filter ? st->filter : "");
    page_req *pr = xmalloc(sizeof *pr);
    pr->st = st;
    pr->k = k;
    st->in_flight++;
    http_submit(st->e, "GET", path, NULL, true, on_page, pr);
}

static void fill_window(list_state *st)
{
    while (!st->rc && st->next_submit < st->npages &&
           st->next_submit < st->next_deliver + list_window(st->e))
        submit_page(st, st->next_submit++);
}

/* Makes room for pages up to `total` (it can grow while listing, when invoices are being added). */
static void set_total(list_state *st, size_t total)
{
    size_t np = total ? (total + st->limit - 1) / st->limit : 1;
    st->total = total;
    if (np <= st->npages)
        return;
    st->pages = xrealloc(st->pages, np * sizeof *st->pages);
    st->arrived = xrealloc(st->arrived, np * sizeof *st->arrived);
    for (size_t i = st->npages; i < np; i++) {
        st->pages[i] = NULL;
        st->arrived[i] = false;
    }
    st->npages = np;
}

static void on_page(void *ctx, const http_result *res)
{
    page_req *pr = ctx;
    list_state *st = pr->st;
    size_t k = pr->k;
    free(pr);
    st->in_flight--;
    if (st->rc)
        return; /* stopped or failed: what is still in flight is dropped */
    char msg[512];
    size_t offset = k * st->limit;
    if (!b2b_answer_ok(res, msg, sizeof msg)) {
        int code = IC_EXIT_IO;
        if (res->outcome == HTTP_ANSWERED && (res->status == 401 || res->status == 403))
            code = IC_EXIT_USAGE; /* a wrong token or store hash: configuration, not the network */
        else if (res->outcome != HTTP_ANSWERED && strstr(res->error, ": interrupted"))
            code = IC_EXIT_INTERRUPTED;
        if (res->outcome == HTTP_ANSWERED && strncmp(msg, "HTTP ", 5) != 0)
            st->rc = ic_err_set(st->err, code, "cannot list invoices at offset %zu: HTTP %ld: %s",
                                offset, res->status, msg);
        else
            st->rc =
                ic_err_set(st->err, code, "cannot list invoices at offset %zu: %s", offset, msg);
        return;
    }
    cJSON *data = res->json ? cJSON_GetObjectItemCaseSensitive(res->json, "data") : NULL;
    if (!cJSON_IsArray(data)) {
        st->rc = ic_err_set(st->err, IC_EXIT_IO,
                            "invoice list at offset %zu: 'data' is not an array", offset);
        return;
    }
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(res->json, "meta");
    const cJSON *pag = meta ? cJSON_GetObjectItemCaseSensitive(meta, "pagination") : NULL;
    const cJSON *tc = pag ? cJSON_GetObjectItemCaseSensitive(pag, "totalCount") : NULL;
    if (cJSON_IsNumber(tc) && tc->valuedouble >= 0 && tc->valuedouble < 1e12) {
        size_t t = (size_t)tc->valuedouble;
        if (k == 0 || t > st->total)
            set_total(st, t);
    } else if (k == 0) {
        st->rc = ic_err_set(
            st->err, IC_EXIT_IO,
            "invoice list at offset 0: 'meta.pagination.totalCount' is missing or not a number");
        return;
    }
    if (k >= st->npages)
        return; /* beyond the end as it is known now: nothing to hold */
    /* A page that arrives before its turn is held as raw text, not as a parsed tree (several times
     * larger): memory stays flat however long the listing, and it is parsed again when delivered.
     */
    if (k != st->next_deliver) {
        st->pages[k] = xstrndup(res->body, res->body_len);
        st->arrived[k] = true;
        fill_window(st);
        return;
    }
    st->arrived[k] = true;
    cJSON *now = cJSON_DetachItemViaPointer(res->json, data);
    while (!st->rc && st->next_deliver < st->npages && st->arrived[st->next_deliver]) {
        size_t d = st->next_deliver++;
        cJSON *page = NULL, *root = NULL;
        if (d == k) {
            page = now;
            now = NULL;
        } else {
            root = cJSON_Parse(st->pages[d]);
            free(st->pages[d]);
            st->pages[d] = NULL;
            page = root ? cJSON_DetachItemFromObjectCaseSensitive(root, "data") : NULL;
            cJSON_Delete(root);
        }
        int rc = page ? st->fn(st->ctx, page, d * st->limit, st->total)
                      : ic_err_set(st->err, IC_EXIT_INTERNAL,
                                   "invoice list at offset %zu: held page cannot be read again",
                                   d * st->limit);
        cJSON_Delete(page);
        if (rc) {
            st->rc = rc;
            if (!st->err->code)
                ic_err_set(st->err, rc, "invoice list stopped at offset %zu", d * st->limit);
            else
                st->err->code = rc;
        }
    }
    cJSON_Delete(now);
    fill_window(st);
}

int b2b_list_invoices(http_engine *e, const b2b_filter *f, b2b_page_fn page_fn, void *ctx,
                      ic_err *err)
{
    list_state st;
    memset(&st, 0, sizeof st);
    st.e = e;
    st.limit = f && f->page_limit > 0 ? (size_t)f->page_limit : B2B_PAGE_LIMIT;
    st.filter = f ? filter_query(f) : NULL;
    st.fn = page_fn;
    st.ctx = ctx;
    st.err = err;
    submit_page(
        &st, 0); /* the first page tells how many there are; the window follows from its callback */
    st.next_submit = 1;
    int run = http_run(e);
    if (!st.rc && run)
        st.rc = ic_err_set(err, run, "invoice list interrupted at offset %zu",
                           st.next_deliver * st.limit);
    if (!st.rc && st.next_deliver < st.npages)
        st.rc = ic_err_set(err, IC_EXIT_INTERNAL, "invoice list ended early at offset %zu",
                           st.next_deliver * st.limit);
    for (size_t i = 0; i < st.npages; i++)
        free(st.pages[i]);
    free(st.pages);
    free(st.arrived);
    free(st.filter);
    return st.rc;
}

/* ---- lookup by number ---- */

#define FIND_FOUND 1000 /* page_fn's "stop: found it"; never an exit code */

typedef struct find_state {
    const char *number;
    cJSON *found;
} find_state;

static int find_page(void *ctx, const cJSON *invoices, size_t offset, size_t total)
{
    (void)offset;
    (void)total;
    find_state *fs = ctx;
    const cJSON *inv;
    cJSON_ArrayForEach(inv, invoices)
    {
        const char *n = str_member(inv, "invoiceNumber");
        if (n && strcmp(n, fs->number) == 0) {
            fs->found = cJSON_Duplicate(inv, 1);
            return FIND_FOUND;
        }
    }
    return 0;
}

int b2b_find_by_number(http_engine *e, const char *invoice_number, cJSON **found, ic_err *err)
{
    find_state fs = {invoice_number, NULL};
    b2b_filter f;
    b2b_filter_init(&f);
    /* A keyword search, not an exact filter: the exact match is checked here. */
    f.search_by = "invoiceNumber";
    f.q = invoice_number;
    f.include_extra_fields = true; /* compared with what an import sends */
    *found = NULL;
    int rc = b2b_list_invoices(e, &f, find_page, &fs, err);
    if (rc == FIND_FOUND) {
        ic_err_clear(err);
        rc = 0;
    }
    if (rc) {
        cJSON_Delete(fs.found);
        return rc;
    }
    *found = fs.found;
    return 0;
}

/* ---- lookup from inside a running engine ---- */

typedef struct afind {
    http_engine *e;
    char *number;
    size_t offset; /* of the search page being read */
    b2b_found_fn fn;
    void *ctx;
} afind;

static void afind_page(afind *a);

static void on_afind(void *ctx, const http_result *res)
{
    afind *a = ctx;
    char msg[512];
    ic_err err = {0};
    if (!b2b_answer_ok(res, msg, sizeof msg)) {
        ic_err_set(&err, IC_EXIT_IO, "%s", msg);
        a->fn(a->ctx, NULL, res->status, &err);
        goto done;
    }
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(res->json, "data");
    const cJSON *found = NULL, *inv;
    cJSON_ArrayForEach(inv, data)
    {
        const char *n = str_member(inv, "invoiceNumber");
        if (n && strcmp(n, a->number) == 0) {
            found = inv;
            break;
        }
    }
    /* The search matches substrings ("7" finds "70", "171", …): the exact number can be on a later
     * page, and "not found" is only known once every page was read. */
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(res->json, "meta");
    const cJSON *count = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(meta, "pagination"), "totalCount");
    size_t got = (size_t)cJSON_GetArraySize(data);
    if (!found && got > 0 && cJSON_IsNumber(count) &&
        (double)(a->offset + got) < count->valuedouble) {
        a->offset += got;
        afind_page(a);
        return;
    }
    a->fn(a->ctx, found, res->status, NULL);
done:
    free(a->number);
    free(a);
}

static void afind_page(afind *a)
{
    char *q = b2b_url_escape(a->number);
    sbuf path = SBUF_INIT;
    sbuf_addf(&path, "/invoices?searchBy=invoiceNumber&q=%s&limit=%d", q, B2B_PAGE_LIMIT);
    if (a->offset)
        sbuf_addf(&path, "&offset=%zu", a->offset);
    sbuf_addf(&path, "%s", "&isIncludeExtraFields=1");
    http_submit(a->e, "GET", path.data, NULL, true, on_afind, a);
    free(path.data);
    free(q);
}

void b2b_find_async(http_engine *e, const char *invoice_number, b2b_found_fn fn, void *ctx)
{
    afind *a = xcalloc(1, sizeof *a);
    a->e = e;
    a->number = xstrdup(invoice_number ? invoice_number : "");
    a->fn = fn;
    a->ctx = ctx;
    afind_page(a);
}
