/* GET /v3/invoices: max and page (an opaque token of ours: the offset, hex-encoded), filters on
 * BILL's filterable invoice fields with the operators each allows, sort on the sortable ones. */
#include "sandbox/bill/bill.h"
#include "util/common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool bill_page_args(const sb_api_call *call, int64_t *limit, int64_t *offset, sb_reply *out)
{
    const char *max = sb_arg(&call->rq, "max"), *page = sb_arg(&call->rq, "page");
    *limit = BILL_LIST_DEFAULT;
    *offset = 0;
    bill_problems p = {SBUF_INIT, 0};
    if (max) {
        char *end;
        errno = 0;
        long v = strtol(max, &end, 10);
        if (errno || !*max || *end || v < 1 || v > BILL_LIST_MAX)
            bill_problem(&p, "max: must be between 1 and %d", BILL_LIST_MAX);
        else
            *limit = v;
    }
    if (page && *page) {
        /* "6f" + the offset's digits, each as two hex digits: "6f313030" is offset 100. */
        size_t n = strlen(page);
        long long v = 0;
        bool ok = n >= 4 && n % 2 == 0 && n <= 40 && strncmp(page, "6f", 2) == 0;
        for (size_t i = 2; ok && i < n; i += 2) {
            ok = page[i] == '3' && page[i + 1] >= '0' && page[i + 1] <= '9';
            v = v * 10 + (page[i + 1] - '0');
        }
        if (!ok)
            bill_problem(&p, "page: invalid page token");
        else
            *offset = v;
    }
    return !bill_problems_answer(&p, 400, out);
}

static void add_token(sbuf *s, const char *name, int64_t offset)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)offset);
    sbuf_addf(s, ",\"%s\":\"6f", name);
    for (const char *d = digits; *d; d++)
        sbuf_addf(s, "%02x", (unsigned char)*d);
    sbuf_adds(s, "\"");
}

void bill_page_links(sbuf *s, int64_t offset, int64_t limit, bool more)
{
    if (more)
        add_token(s, "nextPage", offset + limit);
    if (offset > 0)
        add_token(s, "prevPage", offset > limit ? offset - limit : 0);
}

enum vtype { V_TEXT, V_BOOL, V_TIME, V_STATUS };

static const struct field {
    const char *name, *column, *ops;
    enum vtype type;
} filterable[] = {
    {"id", "id", "eq ne in", V_TEXT},
    {"archived", "archived", "eq ne", V_BOOL},
    {"customerId", "customer_id", "eq in", V_TEXT},
    {"createdTime", "created_ms", "gt gte lt lte", V_TIME},
    {"updatedTime", "updated_ms", "gt gte lt lte", V_TIME},
    {"status", "status", "eq ne in", V_STATUS},
};

static const struct {
    const char *name, *column;
} sortable[] = {
    {"archived", "archived"},        {"invoiceNumber", "invoice_number"},
    {"invoiceDate", "invoice_date"}, {"dueDate", "due_date"},
    {"totalAmount", "total"},        {"createdTime", "created_ms"},
    {"updatedTime", "updated_ms"},
};

#define MAX_BINDS 64

typedef struct query {
    sbuf sql;
    struct {
        bool is_int;
        int64_t i;
        char *text;
    } binds[MAX_BINDS];
    int n;
    bill_problems p;
} query;

static void bind_value(query *q, const struct field *f, const char *v, size_t len)
{
    char text[128];
    if (q->n == MAX_BINDS || len >= sizeof text) {
        bill_problem(&q->p, "filters: too many or too long values");
        return;
    }
    memcpy(text, v, len);
    text[len] = '\0';
    int64_t ms;
    switch (f->type) {
    case V_BOOL:
        if (strcmp(text, "true") != 0 && strcmp(text, "false") != 0) {
            bill_problem(&q->p, "filters: %s: '%s' is not true or false", f->name, text);
            return;
        }
        q->binds[q->n].is_int = true;
        q->binds[q->n++].i = text[0] == 't';
        return;
    case V_TIME:
        if (!bill_time_parse(text, &ms)) {
            bill_problem(&q->p, "filters: %s: '%s' is not a date-time (yyyy-MM-dd'T'HH:mm:ss.SSSX)",
                         f->name, text);
            return;
        }
        q->binds[q->n].is_int = true;
        q->binds[q->n++].i = ms;
        return;
    case V_STATUS: {
        char padded[140];
        snprintf(padded, sizeof padded, " %s ", text);
        if (!strstr(" OPEN SCHEDULED PARTIAL_PAYMENT PAID_IN_FULL ", padded) || !*text ||
            strchr(text, ' ')) {
            bill_problem(&q->p, "filters: status: '%s' is not an invoice status", text);
            return;
        }
    }
        /* fall through */
    case V_TEXT:
        q->binds[q->n].is_int = false;
        q->binds[q->n++].text = xstrdup(text);
        return;
    }
}

/* One "field:op:value" (value quoted or not). */
static void add_filter(query *q, const char *s, size_t len)
{
    const char *c1 = memchr(s, ':', len);
    const char *c2 = c1 ? memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - s)) : NULL;
    if (!c2) {
        bill_problem(&q->p, "filters: '%.*s' is not field:operator:value", (int)len, s);
        return;
    }
    const struct field *f = NULL;
    for (size_t i = 0; i < IC_ARRAY_LEN(filterable); i++)
        if (strlen(filterable[i].name) == (size_t)(c1 - s) &&
            memcmp(filterable[i].name, s, (size_t)(c1 - s)) == 0)
            f = &filterable[i];
    if (!f) {
        bill_problem(&q->p, "filters: '%.*s' is not a filterable field of invoices", (int)(c1 - s),
                     s);
        return;
    }
    char op[8];
    size_t oplen = (size_t)(c2 - c1 - 1);
    snprintf(op, sizeof op, "%.*s", (int)(oplen < sizeof op ? oplen : 0), c1 + 1);
    char padded[16];
    snprintf(padded, sizeof padded, " %s ", op);
    char allowed[32];
    snprintf(allowed, sizeof allowed, " %s ", f->ops);
    if (!op[0] || !strstr(allowed, padded)) {
        bill_problem(&q->p, "filters: operator '%.*s' is not supported for %s (supported: %s)",
                     (int)oplen, c1 + 1, f->name, f->ops);
        return;
    }
    const char *v = c2 + 1, *vend = s + len;
    if (vend - v >= 2 && *v == '"' && vend[-1] == '"')
        v++, vend--;
    static const struct {
        const char *op, *sql;
    } sqlop[] = {{"eq", "="}, {"ne", "<>"}, {"gt", ">"}, {"gte", ">="}, {"lt", "<"}, {"lte", "<="}};
    if (strcmp(op, "in") == 0) {
        sbuf_addf(&q->sql, " AND %s IN (", f->column);
        int k = 0;
        for (const char *a = v; a <= vend;) {
            const char *e = memchr(a, ',', (size_t)(vend - a));
            if (!e)
                e = vend;
            sbuf_adds(&q->sql, k++ ? ",?" : "?");
            bind_value(q, f, a, (size_t)(e - a));
            a = e + 1;
        }
        sbuf_adds(&q->sql, ")");
        return;
    }
    for (size_t i = 0; i < IC_ARRAY_LEN(sqlop); i++)
        if (strcmp(op, sqlop[i].op) == 0)
            sbuf_addf(&q->sql, " AND %s %s ?", f->column, sqlop[i].sql);
    bind_value(q, f, v, (size_t)(vend - v));
}

static void add_filters(query *q, const char *filters)
{
    const char *s = filters;
    while (*s) {
        const char *e = s;
        bool quoted = false;
        while (*e && (quoted || *e != ',')) {
            if (*e == '"')
                quoted = !quoted;
            e++;
        }
        add_filter(q, s, (size_t)(e - s));
        s = *e ? e + 1 : e;
    }
}

static void add_sort(query *q, const char *sort)
{
    sbuf_adds(&q->sql, " ORDER BY ");
    const char *s = sort;
    while (s && *s) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        const char *colon = memchr(s, ':', len);
        size_t nlen = colon ? (size_t)(colon - s) : len;
        const char *dir = colon ? colon + 1 : "asc";
        size_t dlen = colon ? len - nlen - 1 : 3;
        const char *column = NULL;
        for (size_t i = 0; i < IC_ARRAY_LEN(sortable); i++)
            if (strlen(sortable[i].name) == nlen && memcmp(sortable[i].name, s, nlen) == 0)
                column = sortable[i].column;
        bool desc = dlen == 4 && memcmp(dir, "desc", 4) == 0;
        if (!column)
            bill_problem(&q->p, "sort: '%.*s' is not a sortable field of invoices", (int)nlen, s);
        else if (!desc && !(dlen == 3 && memcmp(dir, "asc", 3) == 0))
            bill_problem(&q->p, "sort: direction '%.*s' must be asc or desc", (int)dlen, dir);
        else
            sbuf_addf(&q->sql, "%s %s, ", column, desc ? "DESC" : "ASC");
        s = e ? e + 1 : NULL;
    }
    sbuf_adds(&q->sql, "seq ASC LIMIT ? OFFSET ?");
}

static void query_release(query *q)
{
    for (int i = 0; i < q->n; i++)
        if (!q->binds[i].is_int)
            free(q->binds[i].text);
    sbuf_release(&q->sql);
    sbuf_release(&q->p.text);
}

void bill_h_invoice_list(bill_state *b, const sb_api_call *call, sb_reply *out)
{
    int64_t limit, offset;
    if (!bill_page_args(call, &limit, &offset, out))
        return;
    query q = {.sql = SBUF_INIT, .p = {SBUF_INIT, 0}};
    sbuf_adds(&q.sql, "SELECT doc FROM bill_invoice WHERE 1");
    const char *filters = sb_arg(&call->rq, "filters"), *sort = sb_arg(&call->rq, "sort");
    if (filters)
        add_filters(&q, filters);
    add_sort(&q, sort);
    if (bill_problems_answer(&q.p, 400, out)) {
        query_release(&q);
        return;
    }
    sbuf s = SBUF_INIT;
    sbuf_adds(&s, "{\"results\":[");
    pthread_mutex_lock(&b->db_mu);
    sqlite3_stmt *st = NULL;
    int64_t n = 0;
    bool more = false;
    if (sqlite3_prepare_v2(b->db, q.sql.data, -1, &st, NULL) == SQLITE_OK) {
        int i = 0;
        for (; i < q.n; i++) {
            if (q.binds[i].is_int)
                sqlite3_bind_int64(st, i + 1, q.binds[i].i);
            else
                sqlite3_bind_text(st, i + 1, q.binds[i].text, -1, SQLITE_STATIC);
        }
        sqlite3_bind_int64(st, i + 1, limit + 1);
        sqlite3_bind_int64(st, i + 2, offset);
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (n == limit) {
                more = true;
                break;
            }
            if (n++)
                sbuf_adds(&s, ",");
            sbuf_add(&s, (const char *)sqlite3_column_text(st, 0),
                     (size_t)sqlite3_column_bytes(st, 0));
        }
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&b->db_mu);
    sbuf_adds(&s, "]");
    bill_page_links(&s, offset, limit, more);
    sbuf_adds(&s, "}");
    sb_reply_raw(out, 200, "application/json", s.data);
    sbuf_release(&s);
    query_release(&q);
}
