#include "formats/export_csv.h"
#include "formats/aging.h"
#include "formats/csv_write.h"
#include "util/utf8.h"
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
    bool mapped; /* a layout was given: map holds it */
    export_csv_layout map;
    int64_t as_of_day;
    char *zone;
    /* With a mapping: its decimal separator, and its encoding when that is not UTF-8. */
    char decimal;
    enum csv_encoding encoding;
    char *conv;      /* a cell converted to the mapping's encoding */
    size_t conv_cap; /* bytes conv holds */
    ic_err row_err;  /* why mapped_row stopped */
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
    return export_text_is_number_in(s, '.');
}

bool export_text_is_number_in(const char *s, char decimal)
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
    if (*s == decimal) {
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

/* A cell in the mapping's encoding: itself for UTF-8, else converted into w->conv.  NULL with
 * *bad set when the encoding has no byte for one of its characters. */
static const char *encoded(export_csv *w, const char *s, size_t *bad)
{
    if (!s || w->encoding == CSV_ENC_UTF8)
        return s;
    size_t n = strlen(s);
    if (n + 1 > w->conv_cap) {
        w->conv_cap = n + 1;
        w->conv = xrealloc(w->conv, w->conv_cap);
    }
    size_t len = utf8_to_8bit(w->conv, s, n, w->encoding == CSV_ENC_WINDOWS_1252, bad);
    if (len == (size_t)-1)
        return NULL;
    w->conv[len] = '\0';
    return w->conv;
}

static const char *encoding_name(enum csv_encoding e)
{
    return e == CSV_ENC_WINDOWS_1252 ? "windows-1252" : e == CSV_ENC_LATIN1 ? "latin-1" : "utf-8";
}

/* The first character of s from byte `at`, for messages ("'Ł'"). */
static int char_len(const char *s, size_t at)
{
    unsigned c = (unsigned char)s[at];
    int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    int k = 0;
    while (k < n && s[at + (size_t)k])
        k++;
    return k;
}

/* The mapping's header row, written before the first invoice's rows. */
static int mapped_header(export_csv *w, ic_err *err)
{
    const char *const *names = w->map.header;
    for (size_t i = 0; i < w->map.ncols; i++) {
        size_t bad = 0;
        const char *t = encoded(w, names[i], &bad);
        if (!t)
            return ic_err_set(err, IC_EXIT_USAGE,
                              "column '%s' of the mapping cannot be written in %s (its "
                              "csv.encoding): '%.*s' has no byte there",
                              names[i], encoding_name(w->encoding), char_len(names[i], bad),
                              names[i] + bad);
        csv_put_raw(&w->w, t);
    }
    csv_end_row(&w->w);
    return 0;
}

export_csv *export_csv_open(FILE *fp, int64_t as_of_day, const char *zone,
                            const export_csv_layout *layout, bool neutralise, ic_err *err)
{
    export_csv *w = xcalloc(1, sizeof *w);
    w->fp = fp;
    w->as_of_day = as_of_day;
    w->zone = zone ? xstrdup(zone) : NULL;
    char delim = ',';
    w->decimal = '.';
    if (layout) {
        w->mapped = true;
        w->map = *layout;
        if (layout->delimiter) /* 0 is "auto": reading sniffs it, so a comma reads back */
            delim = layout->delimiter;
        w->encoding = layout->encoding;
        w->decimal = layout->decimal;
    }
    csv_writer_init(&w->w, fp, delim);
    w->w.neutralise = neutralise;
    if (!layout) {
        csv_put_row(&w->w, xlsx_invoice_columns, XLSX_INVOICE_NCOLS);
    } else if (mapped_header(w, err)) {
        export_csv_free(w);
        return NULL;
    }
    return w;
}

static int mapped_row(void *ctx, const char *const *cells, size_t ncols)
{
    export_csv *w = ctx;
    const char *const *names = w->map.header;
    for (size_t i = 0; i < ncols; i++) {
        if (!cells[i]) {
            csv_put_number(&w->w, NULL);
            continue;
        }
        size_t bad = 0;
        const char *t = encoded(w, cells[i], &bad);
        if (!t)
            return ic_err_set(&w->row_err, IC_EXIT_USAGE,
                              "'%.*s' in column '%s' cannot be written in %s (the mapping's "
                              "csv.encoding)",
                              char_len(cells[i], bad), cells[i] + bad, names[i],
                              encoding_name(w->encoding));
        /* A number in the mapping's own spelling ("-25,29" with a decimal comma) is data, never a
         * formula: neutralising it would change what the import reads back. */
        if (export_text_is_number_in(t, w->decimal))
            csv_put_number(&w->w, t);
        else
            csv_put_text(&w->w, t);
    }
    csv_end_row(&w->w);
    return 0;
}

int export_csv_add(export_csv *w, const ic_invoice *inv, ic_err *err)
{
    if (w->mapped) {
        int rc = w->map.rows(w->map.src, inv, w->zone, mapped_row, w);
        if (rc)
            return ic_err_set(
                err, rc, "invoice '%s': %s", inv->invoice_number ? inv->invoice_number : "",
                w->row_err.msg[0] ? w->row_err.msg : "cannot write it in the mapping's layout");
        if (ferror(w->fp))
            return ic_err_set(err, IC_EXIT_IO, "cannot write the CSV: %s", strerror(errno));
        return 0;
    }
    csv_writer *c = &w->w;
    char buf[32];
    csv_put_text(c, inv->invoice_number);
    if (inv->id) {
        snprintf(buf, sizeof buf, "%lld", (long long)inv->id);
        csv_put_number(c, buf);
    } else if (inv->text_id) {
        csv_put_text(c, inv->text_id);
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
    free(w->conv);
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
