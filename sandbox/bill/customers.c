/* BILL customers, as far as invoices need them: the seeded ones (--customers FILE or the built-in
 * five), those an invoice's customer {name, email} creates, GET /v3/customers and
 * GET /v3/customers/{id}. */
#include "sandbox/bill/bill.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *id, *name, *email;
} builtin[] = {
    {"0cu01SANDBOX00000001", "Acme Supplies", "ap@acme.example"},
    {"0cu01SANDBOX00000002", "Globex Trading", "billing@globex.example"},
    {"0cu01SANDBOX00000003", "Initech Services", "accounts@initech.example"},
    {"0cu01SANDBOX00000004", "Umbrella Retail", "payables@umbrella.example"},
    {"0cu01SANDBOX00000005", "Stark Industrial", "finance@stark.example"},
};

static bool customer_id_ok(const char *id)
{
    return strlen(id) == BILL_ID_LEN && strncmp(id, "0cu", 3) == 0;
}

int bill_customers_seed(bill_state *b, const char *path, ic_err *err)
{
    if (!path) {
        for (size_t i = 0; i < IC_ARRAY_LEN(builtin); i++)
            bill_store_customer_add(b, builtin[i].id, builtin[i].name, builtin[i].email);
        return 0;
    }
    size_t len;
    char *text = sandbox_read_file(path, &len, err);
    if (!text)
        return err->code;
    cJSON *doc = cJSON_ParseWithLength(text, len);
    free(text);
    if (!cJSON_IsArray(doc)) {
        cJSON_Delete(doc);
        return ic_err_set(err, IC_EXIT_USAGE, "'%s': expected a JSON array of customers", path);
    }
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, doc)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(c, "id");
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
        const cJSON *email = cJSON_GetObjectItemCaseSensitive(c, "email");
        if (!cJSON_IsString(id) || !customer_id_ok(id->valuestring) || !cJSON_IsString(name) ||
            !name->valuestring[0] || (email && !cJSON_IsString(email))) {
            cJSON_Delete(doc);
            return ic_err_set(err, IC_EXIT_USAGE,
                              "'%s': customer %d: expected {\"id\": \"0cu…\" (20 characters), "
                              "\"name\": \"…\", \"email\": \"…\"}",
                              path, i + 1);
        }
        bill_store_customer_add(b, id->valuestring, name->valuestring,
                                email ? email->valuestring : NULL);
        i++;
    }
    cJSON_Delete(doc);
    return 0;
}

static void add_customer(sbuf *s, sqlite3_stmt *st)
{
    sbuf_adds(s, "{\"id\":");
    sbuf_add_json_string(s, (const char *)sqlite3_column_text(st, 0));
    sbuf_adds(s, ",\"name\":");
    sbuf_add_json_string(s, (const char *)sqlite3_column_text(st, 1));
    if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
        sbuf_adds(s, ",\"email\":");
        sbuf_add_json_string(s, (const char *)sqlite3_column_text(st, 2));
    }
    sbuf_adds(s, ",\"archived\":false}");
}

void bill_h_customer_list(bill_state *b, const sb_api_call *call, sb_reply *out)
{
    int64_t limit, offset;
    if (!bill_page_args(call, &limit, &offset, out))
        return;
    sbuf s = SBUF_INIT;
    sbuf_adds(&s, "{\"results\":[");
    pthread_mutex_lock(&b->db_mu);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(b->db,
                       "SELECT id, name, email FROM bill_customer ORDER BY seq LIMIT ?1 OFFSET ?2",
                       -1, &st, NULL);
    int64_t n = 0;
    bool more = false;
    if (st) {
        sqlite3_bind_int64(st, 1, limit + 1);
        sqlite3_bind_int64(st, 2, offset);
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (n == limit) {
                more = true;
                break;
            }
            if (n++)
                sbuf_adds(&s, ",");
            add_customer(&s, st);
        }
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&b->db_mu);
    sbuf_adds(&s, "]");
    bill_page_links(&s, offset, limit, more);
    sbuf_adds(&s, "}");
    sb_reply_raw(out, 200, "application/json", s.data);
    sbuf_release(&s);
}

void bill_h_customer_get(bill_state *b, const sb_api_call *call, sb_reply *out)
{
    sbuf s = SBUF_INIT;
    pthread_mutex_lock(&b->db_mu);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(b->db, "SELECT id, name, email FROM bill_customer WHERE id = ?1", -1, &st,
                       NULL);
    if (st) {
        sqlite3_bind_text(st, 1, BILL_PARAM(call), -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            add_customer(&s, st);
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&b->db_mu);
    if (s.len)
        sb_reply_raw(out, 200, "application/json", s.data);
    else
        bill_error(out, 404, "BDC_1205", "DOWNSTREAM", "Record not found.");
    sbuf_release(&s);
}
