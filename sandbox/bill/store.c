/* The BILL emulation's SQLite store: invoices (the answer document plus the columns lists filter
 * and sort on, derived from the document on every save), customers, and id counters.  Every
 * function here runs under b->db_mu, taken by the handler for its whole read-check-write. */
#include "sandbox/bill/bill.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char schema[] =
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS bill_invoice ("
    " seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, invoice_number TEXT NOT NULL,"
    " customer_id TEXT NOT NULL, archived INTEGER NOT NULL, status TEXT NOT NULL,"
    " invoice_date TEXT NOT NULL, due_date TEXT NOT NULL, total INTEGER NOT NULL,"
    " created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, doc TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS bill_invoice_number ON bill_invoice(invoice_number);"
    "CREATE TABLE IF NOT EXISTS bill_customer ("
    " seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, name TEXT NOT NULL, email TEXT);"
    "CREATE TABLE IF NOT EXISTS bill_counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);";

int bill_store_open(bill_state *b, const char *path, ic_err *err)
{
    int rc =
        sqlite3_open_v2(path ? path : ":memory:", &b->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
    if (rc != SQLITE_OK) {
        ic_err_set(err, IC_EXIT_IO, "cannot open '%s': %s",
                   path ? path : ":memory:", b->db ? sqlite3_errmsg(b->db) : sqlite3_errstr(rc));
        sqlite3_close(b->db);
        b->db = NULL;
        return IC_EXIT_IO;
    }
    sqlite3_busy_timeout(b->db, 5000);
    char *msg = NULL;
    if (sqlite3_exec(b->db, schema, NULL, NULL, &msg) != SQLITE_OK) {
        ic_err_set(err, IC_EXIT_IO, "cannot use '%s' as the sandbox's database: %s",
                   path ? path : ":memory:", msg ? msg : "unknown error");
        sqlite3_free(msg);
        sqlite3_close(b->db);
        b->db = NULL;
        return IC_EXIT_IO;
    }
    return 0;
}

void bill_store_close(bill_state *b)
{
    if (b->db)
        sqlite3_close(b->db);
    b->db = NULL;
}

bool bill_store_exec(bill_state *b, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(b->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return true;
    ic_warn("sandbox: database: %s", msg ? msg : "unknown error");
    sqlite3_free(msg);
    return false;
}

static sqlite3_stmt *prepare(bill_state *b, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(b->db, sql, -1, &st, NULL) != SQLITE_OK) {
        ic_warn("sandbox: database: %s", sqlite3_errmsg(b->db));
        return NULL;
    }
    return st;
}

int64_t bill_store_next(bill_state *b, const char *name)
{
    sqlite3_stmt *st = prepare(b, "INSERT INTO bill_counter(name, value) VALUES (?1, 1) "
                                  "ON CONFLICT(name) DO UPDATE SET value = value + 1");
    int64_t v = 0;
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }
    if ((st = prepare(b, "SELECT value FROM bill_counter WHERE name = ?1"))) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

void bill_new_id(bill_state *b, const char *prefix, const char *counter, char out[BILL_ID_LEN + 1])
{
    /* 3 + 9 + 8 = 20 characters, the length of BILL's ids. */
    char buf[48];
    snprintf(buf, sizeof buf, "%.3s01SANDBOX%08lld", prefix,
             (long long)(bill_store_next(b, counter) % 100000000));
    memcpy(out, buf, BILL_ID_LEN);
    out[BILL_ID_LEN] = '\0';
}

cJSON *bill_store_invoice(bill_state *b, const char *id)
{
    sqlite3_stmt *st = prepare(b, "SELECT doc FROM bill_invoice WHERE id = ?1");
    cJSON *doc = NULL;
    if (!st)
        return NULL;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(st, 0);
        doc = bill_json_parse(text, (size_t)sqlite3_column_bytes(st, 0));
    }
    sqlite3_finalize(st);
    return doc;
}

static const char *text_of(const cJSON *doc, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, name);
    return cJSON_IsString(v) ? v->valuestring : "";
}

bool bill_store_invoice_save(bill_state *b, const cJSON *doc, bool insert)
{
    sqlite3_stmt *st = prepare(
        b, insert ? "INSERT INTO bill_invoice(id, invoice_number, customer_id, archived, status,"
                    " invoice_date, due_date, total, created_ms, updated_ms, doc)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                  : "UPDATE bill_invoice SET invoice_number = ?2, customer_id = ?3, archived = ?4,"
                    " status = ?5, invoice_date = ?6, due_date = ?7, total = ?8,"
                    " created_ms = ?9, updated_ms = ?10, doc = ?11 WHERE id = ?1");
    if (!st)
        return false;
    money_t total = 0;
    int64_t created = 0, updated = 0;
    bill_json_money_value(cJSON_GetObjectItemCaseSensitive(doc, "totalAmount"), &total);
    bill_time_parse(text_of(doc, "createdTime"), &created);
    bill_time_parse(text_of(doc, "updatedTime"), &updated);
    char *text = bill_json_print(doc);
    sqlite3_bind_text(st, 1, text_of(doc, "id"), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, text_of(doc, "invoiceNumber"), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, text_of(doc, "customerId"), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 4, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "archived")));
    sqlite3_bind_text(st, 5, text_of(doc, "status"), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, text_of(doc, "invoiceDate"), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, text_of(doc, "dueDate"), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 8, total);
    sqlite3_bind_int64(st, 9, created);
    sqlite3_bind_int64(st, 10, updated);
    sqlite3_bind_text(st, 11, text, -1, free);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        ic_warn("sandbox: database: %s", sqlite3_errmsg(b->db));
    sqlite3_finalize(st);
    return ok;
}

bool bill_store_number_taken(bill_state *b, const char *number, const char *except_id)
{
    sqlite3_stmt *st =
        prepare(b, "SELECT 1 FROM bill_invoice WHERE invoice_number = ?1 AND id <> ?2");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, except_id ? except_id : "", -1, SQLITE_STATIC);
    bool taken = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return taken;
}

bool bill_store_customer_exists(bill_state *b, const char *id)
{
    sqlite3_stmt *st = prepare(b, "SELECT 1 FROM bill_customer WHERE id = ?1");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

void bill_store_customer_add(bill_state *b, const char *id, const char *name, const char *email)
{
    sqlite3_stmt *st =
        prepare(b, "INSERT OR IGNORE INTO bill_customer(id, name, email) VALUES (?1, ?2, ?3)");
    if (!st)
        return;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    if (email && *email)
        sqlite3_bind_text(st, 3, email, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        ic_warn("sandbox: database: %s", sqlite3_errmsg(b->db));
    sqlite3_finalize(st);
}
