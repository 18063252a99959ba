#include "formats/export_csv.h"
#include "formats/aging.h"
#include "formats/csv_write.h"
#include "formats/xlsx_export.h"
#include "model/date.h"
#include "model/money.h"
#include "util/common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct export_csv {
    csv_writer w;
    FILE *fp;
    const mapping *map;
    int64_t as_of_day;
    char *zone;
};

size_t export_amount_text(money_t m, const char *currency, char *buf, size_t bufsize)
{
    int places = currency_decimals(currency);
    size_t n = money_format(m, 4, buf, bufsize);
    /* Drop trailing zeros down to the currency's decimals: exact, and as people write it. */
    char *dot = strchr(buf, '.');
    if (!dot)
        return n;
    while (n > 0 && (size_t)(buf + n - 1 - dot) > (size_t)places && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (buf[n - 1] == '.')
        buf[--n] = '\0';
    return n;
}

bool export_text_is_number(const char *s)
{
    if (!s || !*s)
        return false;
    if (*s == '-')
        s++;
    size_t digits = 0;
    while (*s >= '0' && *s <= '9')
        s++, digits++;
    if (!digits)
        return false;
    if (*s == '.') {
        s++;
        size_t frac = 0;
        while (*s >= '0' && *s <= '9')
            s++, frac++;
        if (!frac)
            return false;
    }
    return *s == '\0';
}

static void put_date(export_csv *w, bool has, int64_t t)
{
    if (!has) {
        csv_put_number(&w->w, "");
        return;
    }
    int y, m, d;
    date_civil_from_days(aging_day_of(t, w->zone), &y, &m, &d);
    char buf[16];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    csv_put_number(&w->w, buf);
}

static void put_amount(export_csv *w, bool has, money_t m, const char *cur)
{
    char buf[MONEY_MAX_TEXT] = "";
    if (has)
        export_amount_text(m, cur, buf, sizeof buf);
    csv_put_number(&w->w, buf);
}

export_csv *export_csv_open(FILE *fp, int64_t as_of_day, const char *zone, const mapping *map,
                            bool neutralise)
{
    export_csv *w = xcalloc(1, sizeof *w);
    w->fp = fp;
    w->map = map;
    w->as_of_day = as_of_day;
    w->zone = zone ? xstrdup(zone) : NULL;
    char delim = ',';
    if (map) {
        csv_options co = mapping_csv_options(map);
        if (co.delimiter) /* 0 is "auto": reading sniffs it, so a comma reads back */
            delim = co.delimiter;
    }
    csv_writer_init(&w->w, fp, delim);
    w->w.neutralise = neutralise;
    if (map) {
        const char **names = NULL;
        size_t n = mapping_reverse_header(map, &names);
        for (size_t i = 0; i < n; i++)
            csv_put_raw(&w->w, names[i]);
        csv_end_row(&w->w);
    } else {
        csv_put_row(&w->w, xlsx_invoice_columns, XLSX_INVOICE_NCOLS);
    }
    return w;
}

static int mapped_row(void *ctx, const char *const *cells, size_t ncols)
{
    export_csv *w = ctx;
    for (size_t i = 0; i < ncols; i++) {
        if (export_text_is_number(cells[i]))
            csv_put_number(&w->w, cells[i]);
        else
            csv_put_text(&w->w, cells[i]);
    }
    csv_end_row(&w->w);
    return 0;
}

int export_csv_add(export_csv *w, const ic_invoice *inv, ic_err *err)
{
    if (w->map) {
        int rc = mapping_reverse_rows(w->map, inv, mapped_row, w);
        if (rc)
            return ic_err_set(err, rc, "invoice '%s': cannot write it in the mapping's layout",
                              inv->invoice_number ? inv->invoice_number : "");
        return 0;
    }
    csv_writer *c = &w->w;
    char buf[32];
    csv_put_text(c, inv->invoice_number);
    if (inv->id) {
        snprintf(buf, sizeof buf, "%lld", (long long)inv->id);
        csv_put_number(c, buf);
    } else {
        csv_put_number(c, "");
    }
    csv_put_text(c, inv->customer_id);
    csv_put_text(c, inv->customer_name);
    csv_put_text(c, inv->has_status ? invoice_status_word(inv->status) : NULL);
    csv_put_text(c, inv->purchase_order_number);
    csv_put_text(c, inv->order_number);
    int64_t issued = 0;
    bool has_issued = export_issued_at(inv, &issued);
    put_date(w, has_issued, issued);
    put_date(w, inv->has_due_date, inv->due_date);
    int64_t days;
    if (aging_days_shown(inv, w->as_of_day, w->zone, &days)) {
        snprintf(buf, sizeof buf, "%lld", (long long)days);
        csv_put_number(c, buf);
    } else {
        csv_put_number(c, "");
    }
    csv_put_text(c, inv->currency);
    put_amount(w, inv->has_original_balance, inv->original_balance, inv->currency);
    put_amount(w, inv->has_open_balance, inv->open_balance, inv->currency);
    csv_put_text(c, inv->external_id);
    csv_end_row(c);
    if (ferror(w->fp))
        return ic_err_set(err, IC_EXIT_IO, "cannot write the CSV: %s", strerror(errno));
    return 0;
}

void export_csv_free(export_csv *w)
{
    if (!w)
        return;
    free(w->zone);
    free(w);
}

int export_csv_finish(export_csv *w, ic_err *err)
{
    int rc = 0;
    if (fflush(w->fp) != 0 || ferror(w->fp))
        rc = ic_err_set(err, IC_EXIT_IO, "cannot write the CSV: %s", strerror(errno));
    export_csv_free(w);
    return rc;
}
