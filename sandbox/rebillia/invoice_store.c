/* Invoices in the store (a row and its lines) and the answer an invoice is written as: the fields
 * of Rebillia's InvoiceNormalizer (the MCP server's types.ts), money in cents, ids as strings of
 * digits, the lines only when include names detail. */
#include "sandbox/rebillia/rebillia.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INVOICE_COLS                                                                               \
    "id, invoice_no, status, currency_id, gateway_id, customer_id, payment_method_id,"             \
    " payment_type, date_due, date_from, date_to, customer_email, customer_name, customer_phone,"  \
    " comments, terms, shipping, total, balance, billing, shipping_addr, created, updated,"        \
    " paid_at, voided_at, service_id"

static char *dup_col(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : xstrdup(reb_col(st, i));
}

static void copy_col(char *dst, size_t size, sqlite3_stmt *st, int i)
{
    snprintf(dst, size, "%s", reb_col(st, i));
}

static void load_lines(reb_state *r, reb_invoice *inv)
{
    sqlite3_stmt *st = reb_prepare(
        r, "SELECT description, qty, amount, id FROM reb_line WHERE invoice_id = ?1 ORDER BY pos");
    size_t cap = 0;
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, inv->id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (inv->n_lines == cap) {
            cap = cap ? cap * 2 : 4;
            inv->lines = xrealloc(inv->lines, cap * sizeof *inv->lines);
        }
        reb_line *l = &inv->lines[inv->n_lines++];
        l->description = dup_col(st, 0);
        l->qty = sqlite3_column_int64(st, 1);
        l->amount = sqlite3_column_int64(st, 2);
        l->id = sqlite3_column_int64(st, 3);
    }
    sqlite3_finalize(st);
}

bool reb_invoice_load(reb_state *r, int64_t id, reb_invoice *inv)
{
    sqlite3_stmt *st = reb_prepare(r, "SELECT " INVOICE_COLS " FROM reb_invoice WHERE id = ?1");
    bool found = false;
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        found = true;
        inv->id = sqlite3_column_int64(st, 0);
        copy_col(inv->invoice_no, sizeof inv->invoice_no, st, 1);
        copy_col(inv->status, sizeof inv->status, st, 2);
        inv->currency_id = sqlite3_column_int64(st, 3);
        inv->gateway_id = sqlite3_column_int64(st, 4);
        inv->customer_id = sqlite3_column_int64(st, 5);
        inv->payment_method_id = sqlite3_column_int64(st, 6);
        copy_col(inv->payment_type, sizeof inv->payment_type, st, 7);
        copy_col(inv->date_due, sizeof inv->date_due, st, 8);
        copy_col(inv->date_from, sizeof inv->date_from, st, 9);
        copy_col(inv->date_to, sizeof inv->date_to, st, 10);
        inv->customer_email = dup_col(st, 11);
        inv->customer_name = dup_col(st, 12);
        inv->customer_phone = dup_col(st, 13);
        inv->comments = dup_col(st, 14);
        inv->terms = dup_col(st, 15);
        inv->shipping =
            sqlite3_column_type(st, 16) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 16);
        inv->total = sqlite3_column_int64(st, 17);
        inv->balance = sqlite3_column_int64(st, 18);
        inv->billing = dup_col(st, 19);
        inv->shipping_addr = dup_col(st, 20);
        inv->created = sqlite3_column_int64(st, 21);
        inv->updated = sqlite3_column_int64(st, 22);
        inv->paid_at = sqlite3_column_int64(st, 23);
        inv->voided_at = sqlite3_column_int64(st, 24);
        inv->service_id = dup_col(st, 25);
    }
    sqlite3_finalize(st);
    if (found)
        load_lines(r, inv);
    return found;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s && *s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void bind_time(sqlite3_stmt *st, int i, int64_t t)
{
    if (t)
        sqlite3_bind_int64(st, i, t);
    else
        sqlite3_bind_null(st, i);
}

bool reb_invoice_save(reb_state *r, reb_invoice *inv)
{
    if (!inv->id)
        inv->id = 2000 + reb_store_next(r, "invoice_id"); /* apart from the invoiceNo's numbers */
    sqlite3_stmt *st = reb_prepare(r, "INSERT OR REPLACE INTO reb_invoice(" INVOICE_COLS
                                      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                                      " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,"
                                      " ?25, ?26)");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, inv->id);
    bind_text(st, 2, inv->invoice_no);
    bind_text(st, 3, inv->status);
    sqlite3_bind_int64(st, 4, inv->currency_id);
    sqlite3_bind_int64(st, 5, inv->gateway_id);
    sqlite3_bind_int64(st, 6, inv->customer_id);
    sqlite3_bind_int64(st, 7, inv->payment_method_id);
    bind_text(st, 8, inv->payment_type);
    bind_text(st, 9, inv->date_due);
    bind_text(st, 10, inv->date_from);
    bind_text(st, 11, inv->date_to);
    bind_text(st, 12, inv->customer_email);
    bind_text(st, 13, inv->customer_name);
    bind_text(st, 14, inv->customer_phone);
    bind_text(st, 15, inv->comments);
    bind_text(st, 16, inv->terms);
    if (inv->shipping >= 0)
        sqlite3_bind_int64(st, 17, inv->shipping);
    sqlite3_bind_int64(st, 18, inv->total);
    sqlite3_bind_int64(st, 19, inv->balance);
    bind_text(st, 20, inv->billing);
    bind_text(st, 21, inv->shipping_addr);
    sqlite3_bind_int64(st, 22, inv->created);
    sqlite3_bind_int64(st, 23, inv->updated);
    bind_time(st, 24, inv->paid_at);
    bind_time(st, 25, inv->voided_at);
    bind_text(st, 26, inv->service_id);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    if (!ok || !inv->lines_given)
        return ok;
    ok = false;
    /* Lines have no ids on input: the given ones replace all, with new ids. */
    if ((st = reb_prepare(r, "DELETE FROM reb_line WHERE invoice_id = ?1"))) {
        sqlite3_bind_int64(st, 1, inv->id);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
    }
    st = reb_prepare(r, "INSERT INTO reb_line(invoice_id, pos, description, qty, amount)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st)
        return false;
    for (size_t i = 0; i < inv->n_lines; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, inv->id);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        bind_text(st, 3, inv->lines[i].description);
        sqlite3_bind_int64(st, 4, inv->lines[i].qty);
        sqlite3_bind_int64(st, 5, inv->lines[i].amount);
        ok = ok && sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok;
}

bool reb_invoice_delete(reb_state *r, int64_t id)
{
    sqlite3_stmt *st = reb_prepare(r, "DELETE FROM reb_line WHERE invoice_id = ?1");
    bool ok = st != NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
    }
    if ((st = reb_prepare(r, "DELETE FROM reb_invoice WHERE id = ?1"))) {
        sqlite3_bind_int64(st, 1, id);
        ok = sqlite3_step(st) == SQLITE_DONE && ok;
        sqlite3_finalize(st);
    }
    return ok;
}

bool reb_include_has(const char *include, const char *what)
{
    size_t n = strlen(what);
    for (const char *p = include; p && *p;) {
        p += strspn(p, " ,");
        size_t len = strcspn(p, ",");
        size_t trim = len;
        while (trim && p[trim - 1] == ' ')
            trim--;
        if (trim == n && strncmp(p, what, n) == 0)
            return true;
        p += len;
    }
    return false;
}

static void add_text(sbuf *s, const char *name, const char *v)
{
    sbuf_addf(s, ",\"%s\":", name);
    if (v && *v)
        sbuf_add_json_string(s, v);
    else
        sbuf_adds(s, "null");
}

static void add_time(sbuf *s, const char *name, int64_t t)
{
    char buf[32];
    if (!t) {
        sbuf_addf(s, ",\"%s\":null", name);
        return;
    }
    reb_time_text(t, buf, sizeof buf);
    sbuf_addf(s, ",\"%s\":\"%s\"", name, buf);
}

/* A stored address with its country as an object, or null. */
static void add_address(reb_state *r, sbuf *s, const char *name, const char *stored)
{
    cJSON *a = stored ? cJSON_Parse(stored) : NULL;
    sbuf_addf(s, ",\"%s\":", name);
    if (!a) {
        sbuf_adds(s, "null");
        return;
    }
    static const char *const keys[] = {
        "street1",     "street2",      "city",         "state",          "zip", NULL,
        "contactName", "contactEmail", "contactPhone", "contactCompany", "type"};
    for (size_t i = 0; i < IC_ARRAY_LEN(keys); i++) {
        sbuf_adds(s, i ? "," : "{");
        if (!keys[i]) {
            const cJSON *c = cJSON_GetObjectItemCaseSensitive(a, "countryId");
            sbuf_adds(s, "\"country\":");
            size_t before = s->len;
            reb_add_country(r, s, cJSON_IsNumber(c) ? (int64_t)c->valuedouble : 0);
            if (s->len == before)
                sbuf_adds(s, "null");
            continue;
        }
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, keys[i]);
        sbuf_addf(s, "\"%s\":", keys[i]);
        if (cJSON_IsString(v) && v->valuestring[0])
            sbuf_add_json_string(s, v->valuestring);
        else
            sbuf_adds(s, "null");
    }
    sbuf_adds(s, "}");
    cJSON_Delete(a);
}

/* A nested object, or null when it is gone. */
static void add_nested(reb_state *r, sbuf *s, const char *name,
                       void (*fn)(reb_state *, sbuf *, int64_t), int64_t id)
{
    sbuf_addf(s, ",\"%s\":", name);
    size_t before = s->len;
    fn(r, s, id);
    if (s->len == before)
        sbuf_adds(s, "null");
}

void reb_invoice_write(reb_state *r, sbuf *s, const reb_invoice *inv, bool detail)
{
    int64_t subtotal = inv->total - (inv->shipping > 0 ? inv->shipping : 0);
    sbuf_addf(s, "{\"id\":\"%lld\"", (long long)inv->id);
    add_text(s, "invoiceNo", inv->invoice_no);
    add_text(s, "status", inv->status);
    add_nested(r, s, "customer", reb_add_customer, inv->customer_id);
    add_text(s, "customerName", inv->customer_name);
    add_text(s, "customerEmail", inv->customer_email);
    add_text(s, "customerPhone", inv->customer_phone);
    add_nested(r, s, "currency", reb_add_currency, inv->currency_id);
    add_nested(r, s, "companyGateway", reb_add_gateway, inv->gateway_id);
    add_nested(r, s, "customerPaymentMethod", reb_add_payment_method, inv->payment_method_id);
    add_text(s, "paymentType", inv->payment_type);
    add_text(s, "dateDue", inv->date_due);
    add_text(s, "dateFrom", inv->date_from);
    add_text(s, "dateTo", inv->date_to);
    add_time(s, "datePaid", inv->paid_at);
    add_time(s, "dateVoid", inv->voided_at);
    sbuf_addf(s,
              ",\"dateRefund\":null,\"datePaymentRetry\":null,\"total\":%lld,\"balanceDue\":%lld,"
              "\"subtotalTaxExc\":%lld,\"subtotalTaxInc\":%lld,\"taxAmount\":0,\"taxRate\":null",
              (long long)inv->total, (long long)inv->balance, (long long)subtotal,
              (long long)subtotal);
    if (inv->shipping >= 0)
        sbuf_addf(s, ",\"shippingAmount\":%lld", (long long)inv->shipping);
    else
        sbuf_adds(s, ",\"shippingAmount\":null");
    sbuf_adds(s, ",\"refundAmount\":null");
    add_text(s, "shippingServiceId", inv->service_id);
    sbuf_adds(s, ",\"shippingServiceName\":\"\"");
    add_address(r, s, "billingAddress", inv->billing);
    add_address(r, s, "shippingAddress", inv->shipping_addr);
    add_text(s, "comments", inv->comments);
    add_text(s, "terms", inv->terms);
    sbuf_adds(s, ",\"autoCollection\":true,\"offlinePaymentId\":null");
    if (detail) {
        sbuf_adds(s, ",\"detail\":[");
        for (size_t i = 0; i < inv->n_lines; i++) {
            const reb_line *l = &inv->lines[i];
            sbuf_addf(s, "%s{\"id\":\"%lld\",\"description\":", i ? "," : "", (long long)l->id);
            if (l->description)
                sbuf_add_json_string(s, l->description);
            else
                sbuf_adds(s, "null");
            sbuf_addf(s,
                      ",\"qty\":%lld,\"amount\":%lld,\"taxAmount\":null,\"taxRate\":null,"
                      "\"totalTaxExc\":%lld,\"totalTaxInc\":%lld,\"product\":null,"
                      "\"productRatePlanCharge\":null,\"ratePlanCharge\":null,"
                      "\"subscription\":null,\"chargeCredit\":null}",
                      (long long)l->qty, (long long)l->amount, (long long)(l->qty * l->amount),
                      (long long)(l->qty * l->amount));
        }
        sbuf_adds(s, "]");
    }
    add_time(s, "createdAt", inv->created);
    add_time(s, "updatedAt", inv->updated);
    sbuf_adds(s, "}");
}
