/* The Rebillia emulation's SQLite store: the lookups (currencies, gateways, customers and their
 * payment methods, countries), invoices and their lines, and counters.  Every function here runs
 * under r->db_mu, taken by the handler for its whole read-check-write. */
#include "sandbox/rebillia/rebillia.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char schema[] =
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS reb_currency (id INTEGER PRIMARY KEY, gbl_id INTEGER NOT NULL,"
    " iso3 TEXT NOT NULL, name TEXT NOT NULL, symbol TEXT, numeric_code TEXT,"
    " decimals INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS reb_gateway (id INTEGER PRIMARY KEY, gbl_id INTEGER NOT NULL,"
    " display_name TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS reb_customer (id INTEGER PRIMARY KEY, first_name TEXT NOT NULL,"
    " last_name TEXT NOT NULL, email TEXT NOT NULL, business_name TEXT, phone TEXT);"
    "CREATE TABLE IF NOT EXISTS reb_payment_method (id INTEGER PRIMARY KEY,"
    " customer_id INTEGER NOT NULL, gateway_id INTEGER NOT NULL, type TEXT NOT NULL,"
    " account_name TEXT, account_number TEXT, exp_date TEXT);"
    "CREATE TABLE IF NOT EXISTS reb_country (id INTEGER PRIMARY KEY, alpha2 TEXT NOT NULL,"
    " alpha3 TEXT, name TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS reb_invoice (id INTEGER PRIMARY KEY, invoice_no TEXT NOT NULL,"
    " status TEXT NOT NULL, currency_id INTEGER NOT NULL, gateway_id INTEGER NOT NULL,"
    " customer_id INTEGER NOT NULL, payment_method_id INTEGER NOT NULL, payment_type TEXT,"
    " date_due TEXT NOT NULL, date_from TEXT NOT NULL, date_to TEXT NOT NULL,"
    " customer_email TEXT, customer_name TEXT, customer_phone TEXT, comments TEXT, terms TEXT,"
    " shipping INTEGER, total INTEGER NOT NULL, balance INTEGER NOT NULL, billing TEXT,"
    " shipping_addr TEXT, created INTEGER NOT NULL, updated INTEGER NOT NULL, paid_at INTEGER,"
    " voided_at INTEGER, service_id TEXT);"
    "CREATE TABLE IF NOT EXISTS reb_line (id INTEGER PRIMARY KEY, invoice_id INTEGER NOT NULL,"
    " pos INTEGER NOT NULL, description TEXT, qty INTEGER NOT NULL, amount INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS reb_line_invoice ON reb_line(invoice_id, pos);"
    "CREATE TABLE IF NOT EXISTS reb_counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);";

int reb_store_open(reb_state *r, const char *path, ic_err *err)
{
    const char *name = path ? path : ":memory:";
    int rc = sqlite3_open_v2(
        name, &r->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
    if (rc != SQLITE_OK) {
        ic_err_set(err, IC_EXIT_IO, "cannot open '%s': %s", name,
                   r->db ? sqlite3_errmsg(r->db) : sqlite3_errstr(rc));
        sqlite3_close(r->db);
        r->db = NULL;
        return IC_EXIT_IO;
    }
    sqlite3_busy_timeout(r->db, 5000);
    char *msg = NULL;
    if (sqlite3_exec(r->db, schema, NULL, NULL, &msg) != SQLITE_OK) {
        ic_err_set(err, IC_EXIT_IO, "cannot use '%s' as the sandbox's database: %s", name,
                   msg ? msg : "unknown error");
        sqlite3_free(msg);
        sqlite3_close(r->db);
        r->db = NULL;
        return IC_EXIT_IO;
    }
    return 0;
}

void reb_store_close(reb_state *r)
{
    if (r->db)
        sqlite3_close(r->db);
    r->db = NULL;
}

bool reb_exec(reb_state *r, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(r->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return true;
    ic_warn("sandbox: database: %s", msg ? msg : "unknown error");
    sqlite3_free(msg);
    return false;
}

sqlite3_stmt *reb_prepare(reb_state *r, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK) {
        ic_warn("sandbox: database: %s", sqlite3_errmsg(r->db));
        return NULL;
    }
    return st;
}

int64_t reb_store_next(reb_state *r, const char *name)
{
    sqlite3_stmt *st = reb_prepare(r, "INSERT INTO reb_counter(name, value) VALUES (?1, 1) "
                                      "ON CONFLICT(name) DO UPDATE SET value = value + 1 "
                                      "RETURNING value");
    int64_t v = 0;
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

bool reb_store_exists(reb_state *r, const char *sql, int64_t a, int64_t b)
{
    sqlite3_stmt *st = reb_prepare(r, sql);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, a);
    if (b)
        sqlite3_bind_int64(st, 2, b);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

const char *reb_col(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? t : "";
}

void reb_add_text_or_null(sbuf *s, sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        sbuf_adds(s, "null");
    else
        sbuf_add_json_string(s, reb_col(st, i));
}
