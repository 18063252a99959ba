/* SQLite storage for the sandbox; see store.h.  All access goes through one
 * connection under `mu`, so the connection is opened without SQLite's own
 * mutex. */
#include "sandbox/store.h"
#include "model/money.h"
#include "util/common.h"
#include "util/log.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum stmt_id {
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_LOAD,
    ST_INSERT,
    ST_UPDATE,
    ST_DELETE,
    ST_BY_ORDER,
    ST_PAY_INSERT,
    ST_PAY_UPDATE,
    ST_COUNT_
};

static const char *const stmt_sql[ST_COUNT_] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_LOAD] = "SELECT doc, extra_fields FROM invoices WHERE id = ?1",
    [ST_INSERT] = "INSERT INTO invoices (invoice_number, customer_id, external_id, "
                  "external_customer_id,"
                  " customer_name, type, order_number, po_number, status, "
                  "original_balance, open_balance,"
                  " currency, due_date, created_at, updated_at, channel_id, doc, "
                  "extra_fields)"
                  " VALUES "
                  "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
    [ST_UPDATE] = "UPDATE invoices SET invoice_number=?1, customer_id=?2, external_id=?3,"
                  " external_customer_id=?4, customer_name=?5, type=?6, order_number=?7, "
                  "po_number=?8,"
                  " status=?9, original_balance=?10, open_balance=?11, currency=?12, "
                  "due_date=?13,"
                  " created_at=?14, updated_at=?15, channel_id=?16, doc=?17, "
                  "extra_fields=?18"
                  " WHERE id=?19",
    [ST_DELETE] = "DELETE FROM invoices WHERE id = ?1",
    [ST_BY_ORDER] = "SELECT id FROM invoices WHERE order_number = ?1 ORDER BY id LIMIT 1",
    [ST_PAY_INSERT] = ("INSERT INTO payments (customer_id, created_at, doc) "
                       "VALUES (?1, ?2, '{}')"),
    [ST_PAY_UPDATE] = "UPDATE payments SET doc = ?1 WHERE id = ?2",
};

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS invoices ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " invoice_number TEXT NOT NULL UNIQUE,"
    " customer_id TEXT, external_id TEXT, external_customer_id TEXT, "
    "customer_name TEXT,"
    " type TEXT, order_number TEXT, po_number TEXT,"
    " status INTEGER NOT NULL DEFAULT 0,"
    " original_balance INTEGER NOT NULL DEFAULT 0," /* money_t: 1/10000 units */
    " open_balance INTEGER NOT NULL DEFAULT 0,"
    " currency TEXT, due_date INTEGER, created_at INTEGER NOT NULL, updated_at "
    "INTEGER NOT NULL,"
    " channel_id INTEGER,"
    " doc TEXT NOT NULL,"
    " extra_fields TEXT NOT NULL DEFAULT '[]');"
    "CREATE INDEX IF NOT EXISTS invoices_customer ON invoices(customer_id);"
    "CREATE INDEX IF NOT EXISTS invoices_external ON invoices(external_id);"
    "CREATE INDEX IF NOT EXISTS invoices_created ON invoices(created_at);"
    "CREATE INDEX IF NOT EXISTS invoices_order ON invoices(order_number);"
    "CREATE TABLE IF NOT EXISTS payments ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " customer_id TEXT, created_at INTEGER NOT NULL, doc TEXT NOT NULL);";

#define DYN_CACHE 32

struct sb_store {
    pthread_mutex_t mu;
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT_];
    struct {
        char *sql;
        sqlite3_stmt *st;
    } dyn[DYN_CACHE];
    size_t n_dyn;
};

static int db_fail(sb_store *s, const char *what)
{
    ic_error("sandbox: database: %s: %s", what, sqlite3_errmsg(s->db));
    return SB_ERR_DB;
}

sb_store *sb_store_open(const char *path, ic_err *err)
{
    sb_store *s = xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    const char *name = path ? path : ":memory:";
    int rc = sqlite3_open_v2(
        name, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        ic_err_set(err, IC_EXIT_IO, "cannot open database '%s': %s", name,
                   s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 5000);
    /* WAL lets another process read a --db file while the sandbox writes; NORMAL
     * sync is enough for a test double (a committed write survives a crash of the
     * process, not of the machine). */
    if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL,
                     NULL) != SQLITE_OK ||
        sqlite3_exec(s->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
        ic_err_set(err, IC_EXIT_IO, "cannot set up database '%s': %s", name, sqlite3_errmsg(s->db));
        goto fail;
    }
    for (int i = 0; i < ST_COUNT_; i++) {
        if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
                               NULL) != SQLITE_OK) {
            ic_err_set(err, IC_EXIT_INTERNAL, "cannot prepare statement: %s",
                       sqlite3_errmsg(s->db));
            goto fail;
        }
    }
    return s;
fail:
    sb_store_close(s);
    return NULL;
}

void sb_store_close(sb_store *s)
{
    if (!s)
        return;
    for (int i = 0; i < ST_COUNT_; i++)
        sqlite3_finalize(s->st[i]);
    for (size_t i = 0; i < s->n_dyn; i++) {
        sqlite3_finalize(s->dyn[i].st);
        free(s->dyn[i].sql);
    }
    sqlite3_close(s->db);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

static sqlite3_stmt *stmt(sb_store *s, enum stmt_id id)
{
    sqlite3_stmt *st = s->st[id];
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

/* A cached statement for dynamically built SQL (lists); the cache is emptied
 * when full. */
static sqlite3_stmt *dyn_stmt(sb_store *s, const char *sql)
{
    for (size_t i = 0; i < s->n_dyn; i++) {
        if (strcmp(s->dyn[i].sql, sql) == 0) {
            sqlite3_reset(s->dyn[i].st);
            sqlite3_clear_bindings(s->dyn[i].st);
            return s->dyn[i].st;
        }
    }
    if (s->n_dyn == DYN_CACHE) {
        for (size_t i = 0; i < s->n_dyn; i++) {
            sqlite3_finalize(s->dyn[i].st);
            free(s->dyn[i].sql);
        }
        s->n_dyn = 0;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        db_fail(s, "prepare list");
        return NULL;
    }
    s->dyn[s->n_dyn].sql = xstrdup(sql);
    s->dyn[s->n_dyn].st = st;
    s->n_dyn++;
    return st;
}

int sb_store_tx(sb_store *s, int (*fn)(sb_tx *tx, void *arg), void *arg)
{
    pthread_mutex_lock(&s->mu);
    int rc;
    if (sqlite3_step(stmt(s, ST_BEGIN)) != SQLITE_DONE) {
        rc = db_fail(s, "begin");
        goto out;
    }
    rc = fn(s, arg);
    if (rc == SB_OK) {
        if (sqlite3_step(stmt(s, ST_COMMIT)) != SQLITE_DONE) {
            rc = db_fail(s, "commit");
            sqlite3_step(stmt(s, ST_ROLLBACK));
        }
    } else {
        sqlite3_step(stmt(s, ST_ROLLBACK));
    }
out:
    sqlite3_reset(s->st[ST_BEGIN]);
    sqlite3_reset(s->st[ST_COMMIT]);
    sqlite3_reset(s->st[ST_ROLLBACK]);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* ---- documents to columns ---- */

static const char *jstr(const cJSON *o, const char *name)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

static int64_t jint(const cJSON *o, const char *name, int64_t dflt)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
    if (cJSON_IsNumber(it))
        return (int64_t)it->valuedouble;
    if (cJSON_IsString(it) && it->valuestring[0]) {
        char *end;
        long long v = strtoll(it->valuestring, &end, 10);
        if (*end == '\0')
            return v;
    }
    return dflt;
}

/* The 4-decimal text of a stored balance ("400.0000") as money_t; 0 when
 * absent. */
static money_t jmoney(const cJSON *o, const char *name)
{
    const char *v = jstr(cJSON_GetObjectItemCaseSensitive(o, name), "value");
    money_t m = 0;
    if (v && money_parse(v, strlen(v), '.', &m) != MONEY_OK)
        m = 0;
    return m;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* Binds parameters 1..18 of ST_INSERT / ST_UPDATE from the document. `doc_text`
 * and `extra_text` must outlive the step (bound static). */
static void bind_columns(sqlite3_stmt *st, const cJSON *doc, const char *doc_text,
                         const char *extra_text)
{
    bind_text(st, 1, jstr(doc, "invoiceNumber"));
    bind_text(st, 2, jstr(doc, "customerId"));
    bind_text(st, 3, jstr(doc, "externalId"));
    bind_text(st, 4, jstr(doc, "externalCustomerId"));
    bind_text(st, 5, jstr(doc, "customerName"));
    bind_text(st, 6, jstr(doc, "type"));
    bind_text(st, 7, jstr(doc, "orderNumber"));
    bind_text(st, 8, jstr(doc, "purchaseOrderNumber"));
    sqlite3_bind_int64(st, 9, jint(doc, "status", 0));
    sqlite3_bind_int64(st, 10, jmoney(doc, "originalBalance"));
    sqlite3_bind_int64(st, 11, jmoney(doc, "openBalance"));
    bind_text(st, 12, jstr(cJSON_GetObjectItemCaseSensitive(doc, "openBalance"), "code"));
    sqlite3_bind_int64(st, 13, jint(doc, "dueDate", 0));
    sqlite3_bind_int64(st, 14, jint(doc, "createdAt", 0));
    sqlite3_bind_int64(st, 15, jint(doc, "updatedAt", 0));
    sqlite3_bind_int64(st, 16, jint(doc, "channelId", 0));
    sqlite3_bind_text(st, 17, doc_text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 18, extra_text, -1, SQLITE_STATIC);
}

/* Prints doc without its extraFields and the extraFields alone ("[]" when
 * absent); caller cJSON_frees. */
static int print_split(cJSON *doc, char **doc_text, char **extra_text)
{
    cJSON *extra = cJSON_DetachItemFromObjectCaseSensitive(doc, "extraFields");
    *doc_text = cJSON_PrintUnformatted(doc);
    *extra_text = extra ? cJSON_PrintUnformatted(extra) : NULL;
    if (extra)
        cJSON_AddItemToObject(doc, "extraFields", extra);
    if (!*extra_text && !extra) {
        *extra_text = cJSON_malloc(3);
        if (*extra_text)
            memcpy(*extra_text, "[]", 3);
    }
    return (*doc_text && *extra_text) ? SB_OK : SB_ERR_DB;
}

static void set_id(cJSON *doc, int64_t id)
{
    cJSON *it = cJSON_GetObjectItemCaseSensitive(doc, "id");
    if (it)
        cJSON_SetNumberValue(it, (double)id);
    else
        cJSON_AddNumberToObject(doc, "id", (double)id);
}

static int write_row(sb_tx *s, cJSON *doc, int64_t id, bool insert)
{
    char *doc_text = NULL, *extra_text = NULL;
    int rc = print_split(doc, &doc_text, &extra_text);
    if (rc != SB_OK)
        goto out;
    sqlite3_stmt *st = stmt(s, insert ? ST_INSERT : ST_UPDATE);
    bind_columns(st, doc, doc_text, extra_text);
    if (!insert)
        sqlite3_bind_int64(st, 19, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_CONSTRAINT)
        rc = SB_DUPLICATE;
    else if (r != SQLITE_DONE)
        rc = db_fail(s, insert ? "insert invoice" : "update invoice");
    else if (!insert && sqlite3_changes(s->db) == 0)
        rc = SB_NOT_FOUND;
    sqlite3_reset(st);
out:
    cJSON_free(doc_text);
    cJSON_free(extra_text);
    return rc;
}

int sb_tx_invoice_insert(sb_tx *s, cJSON *doc, int64_t *id)
{
    /* The id is known only after the insert: insert, then write the document
     * again with its id. */
    int rc = write_row(s, doc, 0, true);
    if (rc != SB_OK)
        return rc;
    *id = sqlite3_last_insert_rowid(s->db);
    set_id(doc, *id);
    return write_row(s, doc, *id, false);
}

int sb_tx_invoice_save(sb_tx *s, int64_t id, cJSON *doc)
{
    set_id(doc, id);
    return write_row(s, doc, id, false);
}

int sb_tx_invoice_load(sb_tx *s, int64_t id, cJSON **doc)
{
    *doc = NULL;
    sqlite3_stmt *st = stmt(s, ST_LOAD);
    sqlite3_bind_int64(st, 1, id);
    int rc = SB_OK;
    int r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        rc = SB_NOT_FOUND;
        goto out;
    }
    if (r != SQLITE_ROW) {
        rc = db_fail(s, "load invoice");
        goto out;
    }
    *doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
    cJSON *extra = cJSON_Parse((const char *)sqlite3_column_text(st, 1));
    if (!*doc) {
        cJSON_Delete(extra);
        rc = db_fail(s, "stored document is not JSON");
        goto out;
    }
    cJSON_AddItemToObject(*doc, "extraFields", extra ? extra : cJSON_CreateArray());
out:
    sqlite3_reset(st);
    return rc;
}

int sb_tx_invoice_delete(sb_tx *s, int64_t id)
{
    sqlite3_stmt *st = stmt(s, ST_DELETE);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st) == SQLITE_DONE ? SB_OK : db_fail(s, "delete invoice");
    if (rc == SB_OK && sqlite3_changes(s->db) == 0)
        rc = SB_NOT_FOUND;
    sqlite3_reset(st);
    return rc;
}

int sb_tx_invoice_by_order(sb_tx *s, const char *order_number, int64_t *id)
{
    sqlite3_stmt *st = stmt(s, ST_BY_ORDER);
    sqlite3_bind_text(st, 1, order_number, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    int rc = r == SQLITE_ROW ? SB_OK : r == SQLITE_DONE ? SB_NOT_FOUND : db_fail(s, "find order");
    if (rc == SB_OK)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc;
}

int sb_tx_payment_insert(sb_tx *s, cJSON *doc, int64_t *id)
{
    sqlite3_stmt *st = stmt(s, ST_PAY_INSERT);
    bind_text(st, 1, jstr(doc, "customerId"));
    sqlite3_bind_int64(st, 2, jint(doc, "createdAt", 0));
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return db_fail(s, "insert payment");
    *id = sqlite3_last_insert_rowid(s->db);
    set_id(doc, *id);
    cJSON *line;
    cJSON_ArrayForEach(line, cJSON_GetObjectItemCaseSensitive(doc, "lineItems"))
    {
        cJSON *pid = cJSON_GetObjectItemCaseSensitive(line, "paymentId");
        if (pid)
            cJSON_SetNumberValue(pid, (double)*id);
    }
    char *text = cJSON_PrintUnformatted(doc);
    if (!text)
        return SB_ERR_DB;
    st = stmt(s, ST_PAY_UPDATE);
    sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, *id);
    r = sqlite3_step(st);
    sqlite3_reset(st);
    cJSON_free(text);
    return r == SQLITE_DONE ? SB_OK : db_fail(s, "write payment");
}

/* ---- reads ---- */

/* Appends the document, splicing the extraFields array in before its closing
 * brace. */
static void append_doc(sbuf *out, sqlite3_stmt *st, int doc_col, bool with_extra)
{
    const char *doc = (const char *)sqlite3_column_text(st, doc_col);
    int n = sqlite3_column_bytes(st, doc_col);
    if (!doc || n < 2) {
        sbuf_adds(out, "{}");
        return;
    }
    if (!with_extra) {
        sbuf_add(out, doc, (size_t)n);
        return;
    }
    const char *extra = (const char *)sqlite3_column_text(st, doc_col + 1);
    sbuf_add(out, doc, (size_t)n - 1);
    sbuf_adds(out, n > 2 ? ",\"extraFields\":" : "\"extraFields\":");
    sbuf_adds(out, extra ? extra : "[]");
    sbuf_adds(out, "}");
}

int sb_store_invoice_text(sb_store *s, int64_t id, bool with_extra, sbuf *out)
{
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = stmt(s, ST_LOAD);
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    int rc = r == SQLITE_ROW ? SB_OK : r == SQLITE_DONE ? SB_NOT_FOUND : db_fail(s, "read invoice");
    if (rc == SB_OK)
        append_doc(out, st, 0, with_extra);
    sqlite3_reset(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

static const char *const sort_col[] = {
    [SB_SORT_INVOICE_NUMBER] = "invoice_number",
    [SB_SORT_CREATED_AT] = "created_at",
    [SB_SORT_CUSTOMER_ID] = "customer_id",
    [SB_SORT_EXTERNAL_CUSTOMER_ID] = "external_customer_id",
    [SB_SORT_DUE_DATE] = "due_date",
    [SB_SORT_UPDATED_AT] = "updated_at",
    [SB_SORT_IS_PENDING_PAYMENT] = "(open_balance > 0)",
    [SB_SORT_OPEN_BALANCE] = "open_balance",
    [SB_SORT_ORIGINAL_BALANCE] = "original_balance",
    [SB_SORT_STATUS] = "status",
};

static const char *const search_col[] = {
    [SB_SEARCH_INVOICE_NUMBER] = "invoice_number",
    [SB_SEARCH_TYPE] = "type",
    [SB_SEARCH_ORDER_NUMBER] = "order_number",
    [SB_SEARCH_PO_NUMBER] = "po_number",
    [SB_SEARCH_CUSTOMER_ID] = "customer_id",
    [SB_SEARCH_EXTERNAL_CUSTOMER_ID] = "external_customer_id",
};

/* Bound values of a list query, in parameter order. */
struct binds {
    struct {
        const char *text;
        int64_t num;
    } v[64];
    int n;
};

static int add_text(struct binds *b, const char *t)
{
    if (b->n == (int)IC_ARRAY_LEN(b->v))
        return 0;
    b->v[b->n].text = t;
    return ++b->n;
}

static int add_num(struct binds *b, int64_t x)
{
    if (b->n == (int)IC_ARRAY_LEN(b->v))
        return 0;
    b->v[b->n].text = NULL;
    b->v[b->n].num = x;
    return ++b->n;
}

static void build_where(const sb_list_query *q, sbuf *w, struct binds *b)
{
    sbuf_adds(w, " WHERE 1");
    if (q->q && q->q[0]) {
        int p = add_text(b, q->q);
        if (q->search_by == SB_SEARCH_ALL) {
            sbuf_adds(w, " AND (0");
            for (size_t i = 0; i < IC_ARRAY_LEN(search_col); i++)
                sbuf_addf(w, " OR instr(lower(%s), lower(?%d)) > 0", search_col[i], p);
            sbuf_adds(w, ")");
        } else {
            sbuf_addf(w, " AND instr(lower(%s), lower(?%d)) > 0", search_col[q->search_by], p);
        }
    }
    if (q->status >= 0)
        sbuf_addf(w, " AND status = ?%d", add_num(b, q->status));
    if (q->customer_id)
        sbuf_addf(w, " AND customer_id = ?%d", add_text(b, q->customer_id));
    if (q->customer_name)
        sbuf_addf(w, " AND instr(lower(customer_name), lower(?%d)) > 0",
                  add_text(b, q->customer_name));
    if (q->has_begin)
        sbuf_addf(w, " AND created_at >= ?%d", add_num(b, q->begin));
    if (q->has_end)
        sbuf_addf(w, " AND created_at <= ?%d", add_num(b, q->end));
    if (q->n_external_ids) {
        sbuf_adds(w, " AND external_id IN (");
        for (size_t i = 0; i < q->n_external_ids; i++)
            sbuf_addf(w, "%s?%d", i ? "," : "", add_text(b, q->external_ids[i]));
        sbuf_adds(w, ")");
    }
    if (q->n_channel_ids) {
        sbuf_adds(w, " AND channel_id IN (");
        for (size_t i = 0; i < q->n_channel_ids; i++)
            sbuf_addf(w, "%s?%d", i ? "," : "", add_num(b, q->channel_ids[i]));
        sbuf_adds(w, ")");
    }
}

static void bind_all(sqlite3_stmt *st, const struct binds *b)
{
    for (int i = 0; i < b->n; i++) {
        if (b->v[i].text)
            sqlite3_bind_text(st, i + 1, b->v[i].text, -1, SQLITE_STATIC);
        else
            sqlite3_bind_int64(st, i + 1, b->v[i].num);
    }
}

int sb_store_invoice_list(sb_store *s, const sb_list_query *q, sbuf *out, int64_t *total)
{
    struct binds b = {.n = 0};
    sbuf where = SBUF_INIT, sql = SBUF_INIT;
    build_where(q, &where, &b);
    int rc = SB_OK;
    pthread_mutex_lock(&s->mu);

    sbuf_addf(&sql, "SELECT count(*) FROM invoices%s", where.data);
    sqlite3_stmt *st = dyn_stmt(s, sql.data);
    if (!st) {
        rc = SB_ERR_DB;
        goto out;
    }
    bind_all(st, &b);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = db_fail(s, "count invoices");
        sqlite3_reset(st);
        goto out;
    }
    *total = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);

    const char *dir = q->desc ? "DESC" : "ASC";
    sbuf_release(&sql);
    sbuf_addf(&sql,
              "SELECT doc, extra_fields FROM invoices%s ORDER BY %s %s, id %s "
              "LIMIT ?%d OFFSET ?%d",
              where.data, sort_col[q->sort], dir, dir, b.n + 1, b.n + 2);
    st = dyn_stmt(s, sql.data);
    if (!st) {
        rc = SB_ERR_DB;
        goto out;
    }
    bind_all(st, &b);
    sqlite3_bind_int64(st, b.n + 1, q->limit);
    sqlite3_bind_int64(st, b.n + 2, q->offset);
    sbuf_adds(out, "[");
    int r, n = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (n++)
            sbuf_adds(out, ",");
        append_doc(out, st, 0, q->with_extra);
    }
    sbuf_adds(out, "]");
    if (r != SQLITE_DONE)
        rc = db_fail(s, "list invoices");
    sqlite3_reset(st);
out:
    pthread_mutex_unlock(&s->mu);
    sbuf_release(&where);
    sbuf_release(&sql);
    return rc;
}

int sb_store_payment_each(sb_store *s, int (*fn)(void *ctx, const char *doc), void *ctx)
{
    pthread_mutex_lock(&s->mu);
    int rc = SB_OK;
    sqlite3_stmt *st = dyn_stmt(s, "SELECT doc FROM payments ORDER BY created_at DESC, id DESC");
    if (!st) {
        rc = SB_ERR_DB;
        goto out;
    }
    int r;
    while (rc == SB_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ctx, (const char *)sqlite3_column_text(st, 0));
    if (rc == SB_OK && r != SQLITE_DONE)
        rc = db_fail(s, "list payments");
    sqlite3_reset(st);
out:
    pthread_mutex_unlock(&s->mu);
    return rc;
}
