/* GET /invoices: itemPerPage (1..250, default 25) and pageNo (from 1), include=detail, status,
 * query (a part of the invoiceNo, customer name or email), orderBy (the column) and sortBy (the
 * direction, ASC or DESC): Rebillia's names are the other way round from most APIs', so a sortBy
 * naming a column is refused rather than ignored. */
#include "sandbox/rebillia/rebillia.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name, *column;
} columns[] = {
    {"id", "id"},
    {"invoiceNo", "invoice_no"},
    {"status", "status"},
    {"dateDue", "date_due"},
    {"dateFrom", "date_from"},
    {"dateTo", "date_to"},
    {"total", "total"},
    {"balanceDue", "balance"},
    {"customerName", "customer_name"},
    {"createdAt", "created"},
    {"updatedAt", "updated"},
};

static const char *const statuses[] = {"authorized", "posted",      "requestPayment",
                                       "canceled",   "partialPaid", "paid",
                                       "voided",     "refund",      "partialRefund"};

static bool bad(sb_reply *out, const char *msg)
{
    reb_error(out, 400, "BAD_REQUEST", msg, NULL);
    return false;
}

/* The ORDER BY clause from orderBy and sortBy; false with out filled (400). */
static bool order_clause(const sb_api_call *call, char *buf, size_t size, sb_reply *out)
{
    const char *order_by = sb_arg(&call->rq, "orderBy"), *sort_by = sb_arg(&call->rq, "sortBy");
    const char *column = "id", *dir = "DESC"; /* newest first */
    if (order_by && *order_by) {
        size_t i = 0;
        while (i < IC_ARRAY_LEN(columns) && strcmp(columns[i].name, order_by))
            i++;
        if (i == IC_ARRAY_LEN(columns))
            return bad(out, "orderBy names the column to sort on: id, invoiceNo, status, "
                            "dateDue, dateFrom, dateTo, total, balanceDue, customerName, "
                            "createdAt or updatedAt.");
        column = columns[i].column;
    }
    if (sort_by && *sort_by) {
        if (!strcasecmp(sort_by, "asc"))
            dir = "ASC";
        else if (strcasecmp(sort_by, "desc"))
            return bad(out, "sortBy is the direction, ASC or DESC; orderBy names the column.");
    }
    snprintf(buf, size, "%s %s, id %s", column, dir, dir);
    return true;
}

void reb_h_invoice_list(reb_state *r, const sb_api_call *call, sb_reply *out)
{
    int64_t per_page, page_no, total = 0;
    char order[96];
    const char *status = sb_arg(&call->rq, "status"), *query = sb_arg(&call->rq, "query");
    if (!reb_page_args(call, &per_page, &page_no, out) ||
        !order_clause(call, order, sizeof order, out))
        return;
    if (sb_arg(&call->rq, "filterId")) {
        bad(out, "filterId: the sandbox has no saved filters; use status and query.");
        return;
    }
    if (status && *status) {
        size_t i = 0;
        while (i < IC_ARRAY_LEN(statuses) && strcmp(statuses[i], status))
            i++;
        if (i == IC_ARRAY_LEN(statuses)) {
            bad(out, "status must be one of authorized, posted, requestPayment, canceled, "
                     "partialPaid, paid, voided, refund, partialRefund.");
            return;
        }
    }
    bool detail = reb_include_has(sb_arg(&call->rq, "include"), "detail");
    static const char where[] =
        " FROM reb_invoice WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR"
        " instr(lower(invoice_no || ' ' || coalesce(customer_name, '') || ' ' ||"
        " coalesce(customer_email, '')), lower(?2)) > 0)";
    sbuf q = SBUF_INIT, s = SBUF_INIT;
    pthread_mutex_lock(&r->db_mu);
    sbuf_addf(&q, "SELECT count(*)%s", where);
    sqlite3_stmt *st = reb_prepare(r, q.data);
    if (st) {
        sqlite3_bind_text(st, 1, status ? status : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, query ? query : "", -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            total = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    reb_page_open(&s, page_no, per_page, total);
    sbuf_reset(&q);
    sbuf_addf(&q, "SELECT id%s ORDER BY %s LIMIT %lld OFFSET %lld", where, order,
              (long long)per_page, (long long)((page_no - 1) * per_page));
    st = reb_prepare(r, q.data);
    int64_t ids[REB_PAGE_MAX];
    size_t n = 0;
    if (st) {
        sqlite3_bind_text(st, 1, status ? status : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, query ? query : "", -1, SQLITE_STATIC);
        while (n < REB_PAGE_MAX && sqlite3_step(st) == SQLITE_ROW)
            ids[n++] = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    for (size_t i = 0, written = 0; i < n; i++) {
        reb_invoice inv = {0};
        if (!reb_invoice_load(r, ids[i], &inv))
            continue;
        if (written++)
            sbuf_adds(&s, ",");
        reb_invoice_write(r, &s, &inv, detail);
        reb_invoice_release(&inv);
    }
    pthread_mutex_unlock(&r->db_mu);
    sbuf_adds(&s, "]}");
    sbuf_release(&q);
    reb_reply_json(out, 200, &s);
}
