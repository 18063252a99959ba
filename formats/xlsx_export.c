#include "formats/xlsx_export.h"
#include "formats/aging.h"
#include "formats/xlsx_style.h"
#include "model/date.h"
#include "model/money.h"
#include "util/common.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

/* Excel's limits: rows per sheet (the header takes one) and characters per cell. */
#define XLSX_MAX_ROWS 1048576u
#define XLSX_MAX_TEXT 32767u
/* Column widths in characters: at least the heading, at most this. */
#define WIDTH_MAX 60

enum inv_col {
    IC_NUMBER,
    IC_ID,
    IC_CUSTOMER_ID,
    IC_CUSTOMER_NAME,
    IC_STATUS,
    IC_PO,
    IC_ORDER,
    IC_ISSUED,
    IC_DUE,
    IC_DAYS,
    IC_CURRENCY,
    IC_ORIGINAL,
    IC_OPEN,
    IC_EXTERNAL_ID
};

const char *const xlsx_invoice_columns[XLSX_INVOICE_NCOLS] = {
    "Invoice Number", "ID",         "Customer ID", "Customer Name", "Status",   "PO Number",
    "Order Number",   "Issued",     "Due",         "Days Past Due", "Currency", "Original Balance",
    "Open Balance",   "External ID"};

static const char *const li_columns[] = {"Invoice Number", "SKU",      "Description", "Quantity",
                                         "Unit Price",     "Discount", "Line Total"};
static const char *const cl_columns[] = {"Invoice Number", "Description", "Amount"};
#define LI_NCOLS IC_ARRAY_LEN(li_columns)
#define CL_NCOLS IC_ARRAY_LEN(cl_columns)
#define AG_NCOLS (3 + AGING_NBUCKETS + 1)

struct sheet {
    lxw_worksheet *ws;
    const char *name;
    lxw_row_t next;  /* the next row to write (0 is the header) */
    uint16_t *width; /* widest content per column, in characters */
    lxw_col_t ncols;
};

struct cur_total {
    char code[4];
    money_t original, open;
    size_t invoices;
};

struct xlsx_export {
    lxw_workbook *wb;
    xlsx_styles *st;
    struct sheet inv, li, cl;
    lxw_worksheet *ag;
    struct cur_total *tot;
    size_t ntot;
    aging aging;
    int64_t as_of_day;
    char *zone;
    char *path;
    size_t invoices;
    bool truncated_warned;
};

static const char *zone_name(const xlsx_export *x)
{
    return x->zone && *x->zone ? x->zone : "UTC";
}

/* The line under a sheet's totals that says how its dates were made: a date is a day only in a
 * zone, and the same invoice is due a day earlier in New York than in Sydney. */
static int put_zone_note(xlsx_export *x, struct sheet *sh, lxw_row_t r, ic_err *err);

bool export_issued_at(const ic_invoice *inv, int64_t *t)
{
    if (inv->has_issued_at) {
        *t = inv->issued_at;
        return true;
    }
    if (inv->created_at) {
        *t = inv->created_at;
        return true;
    }
    return false;
}

size_t xlsx_export_invoices(const xlsx_export *x)
{
    return x->invoices;
}

/* Characters (UTF-8 code points) of a text, for widths. */
static size_t text_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

static void note_width(struct sheet *sh, lxw_col_t col, size_t chars)
{
    if (chars > WIDTH_MAX)
        chars = WIDTH_MAX;
    if (chars > sh->width[col])
        sh->width[col] = (uint16_t)chars;
}

static int lxw_fail(ic_err *err, lxw_error e, const struct sheet *sh, const char *what)
{
    return ic_err_set(err, IC_EXIT_IO, "cannot write %s on sheet '%s': %s", what, sh->name,
                      lxw_strerror(e));
}

/* A text cell; NULL or "" leaves the cell empty.  Excel holds at most 32,767 characters per cell:
 * longer texts are cut at a character boundary (said once on stderr by the caller's log). */
static int put_text(struct sheet *sh, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *fmt,
                    ic_err *err)
{
    if (!s || !*s)
        return 0;
    lxw_error e = worksheet_write_string(sh->ws, row, col, s, fmt);
    if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
        size_t len = strlen(s), cut = len < XLSX_MAX_TEXT ? len : XLSX_MAX_TEXT;
        /* Count characters, not bytes: keep at most XLSX_MAX_TEXT code points. */
        size_t chars = 0, i = 0;
        for (; i < len; i++) {
            if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars > XLSX_MAX_TEXT)
                break;
        }
        cut = i;
        char *t = xstrndup(s, cut);
        e = worksheet_write_string(sh->ws, row, col, t, fmt);
        free(t);
    }
    if (e != LXW_NO_ERROR)
        return lxw_fail(err, e, sh, "a text cell");
    note_width(sh, col, text_chars(s));
    return 0;
}

static int put_number(struct sheet *sh, lxw_row_t row, lxw_col_t col, double v, size_t chars,
                      lxw_format *fmt, ic_err *err)
{
    lxw_error e = worksheet_write_number(sh->ws, row, col, v, fmt);
    if (e != LXW_NO_ERROR)
        return lxw_fail(err, e, sh, "a number cell");
    note_width(sh, col, chars);
    return 0;
}

/* Display width of an amount in its currency format: digits, grouping commas, decimals, "[$USD] ".
 */
static size_t money_chars(money_t m, const char *code)
{
    char buf[MONEY_MAX_TEXT];
    size_t n = money_format(m, currency_decimals(code), buf, sizeof buf);
    const char *dot = strchr(buf, '.');
    size_t intdigits = (dot ? (size_t)(dot - buf) : n) - (buf[0] == '-');
    return n + (intdigits > 0 ? (intdigits - 1) / 3 : 0) + 4;
}

static int put_money(struct sheet *sh, lxw_row_t row, lxw_col_t col, money_t m, const char *code,
                     lxw_format *fmt, ic_err *err)
{
    /* The one place an amount becomes a double: the XLSX number cell. */
    return put_number(sh, row, col, money_to_double(m), money_chars(m, code), fmt, err);
}

static int put_date(xlsx_export *x, struct sheet *sh, lxw_row_t row, lxw_col_t col, int64_t t,
                    ic_err *err)
{
    int64_t day = aging_day_of(t, x->zone), serial;
    if (date_excel_serial(day, &serial))
        return put_number(sh, row, col, (double)serial, 10, xlsx_style_date(x->st), err);
    /* Before 1900 (or past 9999) Excel has no day number: the date as text loses nothing. */
    int y, m, d;
    char text[32];
    date_civil_from_days(day, &y, &m, &d);
    snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
    return put_text(sh, row, col, text, NULL, err);
}

static int put_header(xlsx_export *x, struct sheet *sh, const char *const *names, ic_err *err)
{
    for (lxw_col_t c = 0; c < sh->ncols; c++) {
        int rc = put_text(sh, 0, c, names[c], xlsx_style_header(x->st), err);
        if (rc)
            return rc;
    }
    worksheet_freeze_panes(sh->ws, 1, 0);
    sh->next = 1;
    return 0;
}

static int next_row(struct sheet *sh, lxw_row_t *row, ic_err *err)
{
    if (sh->next >= XLSX_MAX_ROWS)
        return ic_err_set(err, IC_EXIT_IO,
                          "sheet '%s' is full (Excel allows %u rows): export to CSV instead",
                          sh->name, XLSX_MAX_ROWS);
    *row = sh->next++;
    return 0;
}

static void sheet_init(struct sheet *sh, lxw_worksheet *ws, const char *name, lxw_col_t ncols)
{
    sh->ws = ws;
    sh->name = name;
    sh->ncols = ncols;
    sh->width = xcalloc(ncols, sizeof *sh->width);
}

static void free_writer(xlsx_export *x)
{
    xlsx_styles_free(x->st);
    free(x->inv.width);
    free(x->li.width);
    free(x->cl.width);
    free(x->tot);
    aging_release(&x->aging);
    free(x->zone);
    free(x->path);
    free(x);
}

xlsx_export *xlsx_export_open(const xlsx_export_opts *o, ic_err *err)
{
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = (char *)o->tmpdir};
    lxw_workbook *wb = workbook_new_opt(o->path, &wo);
    if (!wb) {
        ic_err_set(err, IC_EXIT_IO, "cannot create the workbook '%s'", o->path);
        return NULL;
    }
    xlsx_export *x = xcalloc(1, sizeof *x);
    x->wb = wb;
    x->st = xlsx_styles_new(wb);
    x->as_of_day = o->as_of_day;
    x->zone = o->zone ? xstrdup(o->zone) : NULL;
    x->path = xstrdup(o->path);
    aging_init(&x->aging);

    int y, m, d;
    date_civil_from_days(o->as_of_day, &y, &m, &d);
    char subject[320];
    snprintf(subject, sizeof subject, "Invoices and open balances as of %04d-%02d-%02d (%s)", y, m,
             d, zone_name(x));
    lxw_doc_properties props = {
        .title = (char *)(o->title ? o->title : "Invoices"),
        .subject = (char *)(o->subject ? o->subject : subject),
        .comments = (char *)"Written by invoicectl export",
        .created = (time_t)o->created,
    };
    workbook_set_properties(wb, &props);

    sheet_init(&x->inv, workbook_add_worksheet(wb, "Invoices"), "Invoices", XLSX_INVOICE_NCOLS);
    sheet_init(&x->li, workbook_add_worksheet(wb, "Line Items"), "Line Items", LI_NCOLS);
    sheet_init(&x->cl, workbook_add_worksheet(wb, "Cost Lines"), "Cost Lines", CL_NCOLS);
    x->ag = workbook_add_worksheet(wb, "Aging");
    if (!x->inv.ws || !x->li.ws || !x->cl.ws || !x->ag) {
        ic_err_set(err, IC_EXIT_IO, "cannot create the sheets of '%s'", o->path);
        goto fail;
    }
    if (put_header(x, &x->inv, xlsx_invoice_columns, err) ||
        put_header(x, &x->li, li_columns, err) || put_header(x, &x->cl, cl_columns, err))
        goto fail;
    return x;
fail:
    xlsx_export_abort(x);
    return NULL;
}

static struct cur_total *total_for(xlsx_export *x, const char *code)
{
    for (size_t i = 0; i < x->ntot; i++)
        if (strcmp(x->tot[i].code, code) == 0)
            return &x->tot[i];
    x->tot = xrealloc(x->tot, (x->ntot + 1) * sizeof *x->tot);
    struct cur_total *t = &x->tot[x->ntot++];
    memset(t, 0, sizeof *t);
    snprintf(t->code, sizeof t->code, "%s", code);
    return t;
}

static int add_totals(xlsx_export *x, const ic_invoice *inv, ic_err *err)
{
    struct cur_total *t = total_for(x, inv->currency);
    money_t o = t->original, p = t->open;
    if ((inv->has_original_balance && !money_add(o, inv->original_balance, &o)) ||
        (inv->has_open_balance && !money_add(p, inv->open_balance, &p)))
        return ic_err_set(err, IC_EXIT_INVALID,
                          "invoice '%s': the total in '%s' is too large to hold exactly",
                          inv->invoice_number ? inv->invoice_number : "", t->code);
    t->original = o;
    t->open = p;
    t->invoices++;
    return 0;
}

static int write_invoice_row(xlsx_export *x, const ic_invoice *inv, ic_err *err)
{
    struct sheet *sh = &x->inv;
    lxw_row_t r = 0;
    int rc = next_row(sh, &r, err);
    if (rc)
        return rc;
    const char *cur = inv->currency;
    char idtext[24];
    int idlen = snprintf(idtext, sizeof idtext, "%lld", (long long)inv->id);
    int64_t days, issued;
    if ((rc = put_text(sh, r, IC_NUMBER, inv->invoice_number, NULL, err)) ||
        (inv->id && (rc = put_number(sh, r, IC_ID, (double)inv->id, (size_t)idlen, NULL, err))) ||
        (rc = put_text(sh, r, IC_CUSTOMER_ID, inv->customer_id, NULL, err)) ||
        (rc = put_text(sh, r, IC_CUSTOMER_NAME, inv->customer_name, NULL, err)) ||
        (inv->has_status &&
         (rc = put_text(sh, r, IC_STATUS, invoice_status_word(inv->status), NULL, err))) ||
        (rc = put_text(sh, r, IC_PO, inv->purchase_order_number, NULL, err)) ||
        (rc = put_text(sh, r, IC_ORDER, inv->order_number, NULL, err)) ||
        (export_issued_at(inv, &issued) && (rc = put_date(x, sh, r, IC_ISSUED, issued, err))) ||
        (inv->has_due_date && (rc = put_date(x, sh, r, IC_DUE, inv->due_date, err))) ||
        (aging_days_shown(inv, x->as_of_day, x->zone, &days) &&
         (rc = put_number(sh, r, IC_DAYS, (double)days, 6, NULL, err))) ||
        (rc = put_text(sh, r, IC_CURRENCY, cur, NULL, err)) ||
        (inv->has_original_balance &&
         (rc = put_money(sh, r, IC_ORIGINAL, inv->original_balance, cur,
                         xlsx_style_money(x->st, cur, false), err))) ||
        (inv->has_open_balance && (rc = put_money(sh, r, IC_OPEN, inv->open_balance, cur,
                                                  xlsx_style_money(x->st, cur, false), err))) ||
        (rc = put_text(sh, r, IC_EXTERNAL_ID, inv->external_id, NULL, err)))
        return rc;
    return 0;
}

static int write_line_items(xlsx_export *x, const ic_invoice *inv, ic_err *err)
{
    struct sheet *sh = &x->li;
    const char *cur = inv->currency;
    lxw_format *mf = xlsx_style_money(x->st, cur, false);
    for (size_t i = 0; i < inv->n_line_items; i++) {
        const ic_line_item *li = &inv->line_items[i];
        money_t net, total;
        if (!money_sub(li->unit_price, li->has_discount ? li->unit_discount : 0, &net) ||
            !money_mul(li->quantity, net, &total))
            return ic_err_set(err, IC_EXIT_INVALID,
                              "invoice '%s', line item %zu: the line total is too large to hold "
                              "exactly",
                              inv->invoice_number ? inv->invoice_number : "", i + 1);
        char q[MONEY_MAX_TEXT];
        size_t qlen = money_format_min(li->quantity, q, sizeof q);
        lxw_row_t r = 0;
        int rc;
        if ((rc = next_row(sh, &r, err)) ||
            (rc = put_text(sh, r, 0, inv->invoice_number, NULL, err)) ||
            (rc = put_text(sh, r, 1, li->sku, NULL, err)) ||
            (rc = put_text(sh, r, 2, li->description, NULL, err)) ||
            (rc = put_number(sh, r, 3, money_to_double(li->quantity), qlen, NULL, err)) ||
            (rc = put_money(sh, r, 4, li->unit_price, cur, mf, err)) ||
            (li->has_discount && (rc = put_money(sh, r, 5, li->unit_discount, cur, mf, err))) ||
            (rc = put_money(sh, r, 6, total, cur, mf, err)))
            return rc;
    }
    return 0;
}

static int write_cost_lines(xlsx_export *x, const ic_invoice *inv, ic_err *err)
{
    struct sheet *sh = &x->cl;
    const char *cur = inv->currency;
    lxw_format *mf = xlsx_style_money(x->st, cur, false);
    for (size_t i = 0; i < inv->n_cost_lines; i++) {
        const ic_cost_line *cl = &inv->cost_lines[i];
        lxw_row_t r = 0;
        int rc;
        if ((rc = next_row(sh, &r, err)) ||
            (rc = put_text(sh, r, 0, inv->invoice_number, NULL, err)) ||
            (rc = put_text(sh, r, 1, cl->description, NULL, err)) ||
            (rc = put_money(sh, r, 2, cl->amount, cur, mf, err)))
            return rc;
    }
    return 0;
}

int xlsx_export_add(xlsx_export *x, const ic_invoice *inv, ic_err *err)
{
    int rc;
    if ((rc = write_invoice_row(x, inv, err)) || (rc = write_line_items(x, inv, err)) ||
        (rc = write_cost_lines(x, inv, err)) || (rc = add_totals(x, inv, err)) ||
        (rc = aging_add_invoice(&x->aging, inv, x->as_of_day, x->zone, err)))
        return rc;
    x->invoices++;
    return 0;
}

/* The autofilter over the header and the data rows.  In constant_memory mode libxlsxwriter refuses
 * a range that ends above the row being written, so this comes before any totals rows. */
static int set_autofilter(struct sheet *sh, ic_err *err)
{
    lxw_row_t last = sh->next > 1 ? sh->next - 1 : 0;
    lxw_error e = worksheet_autofilter(sh->ws, 0, 0, last, (lxw_col_t)(sh->ncols - 1));
    return e == LXW_NO_ERROR ? 0 : lxw_fail(err, e, sh, "the autofilter");
}

static int total_cmp(const void *pa, const void *pb)
{
    return strcmp(((const struct cur_total *)pa)->code, ((const struct cur_total *)pb)->code);
}

/* Totals per currency under the data, after one empty row; outside the autofilter range. */
static int write_invoice_totals(xlsx_export *x, ic_err *err)
{
    struct sheet *sh = &x->inv;
    if (x->ntot > 1)
        qsort(x->tot, x->ntot, sizeof *x->tot, total_cmp);
    int rc = set_autofilter(sh, err);
    if (rc)
        return rc;
    lxw_row_t r = sh->next + 1;
    for (size_t i = 0; i < x->ntot; i++, r++) {
        const struct cur_total *t = &x->tot[i];
        lxw_format *mf = xlsx_style_money(x->st, t->code, true);
        if (r >= XLSX_MAX_ROWS)
            return ic_err_set(err, IC_EXIT_IO, "sheet '%s' is full: export to CSV instead",
                              sh->name);
        /* The count goes with the label: a number in the ID column would read as an invoice id. */
        char label[64];
        snprintf(label, sizeof label, "Total, %zu invoice%s", t->invoices,
                 t->invoices == 1 ? "" : "s");
        if ((rc = put_text(sh, r, IC_NUMBER, label, xlsx_style_bold(x->st), err)) ||
            (rc = put_text(sh, r, IC_CURRENCY, t->code, xlsx_style_bold(x->st), err)) ||
            (rc = put_money(sh, r, IC_ORIGINAL, t->original, t->code, mf, err)) ||
            (rc = put_money(sh, r, IC_OPEN, t->open, t->code, mf, err)))
            return rc;
    }
    return put_zone_note(x, sh, r + 1, err);
}

static int put_zone_note(xlsx_export *x, struct sheet *sh, lxw_row_t r, ic_err *err)
{
    if (r >= XLSX_MAX_ROWS)
        return ic_err_set(err, IC_EXIT_IO, "sheet '%s' is full: export to CSV instead", sh->name);
    int y, m, d;
    date_civil_from_days(x->as_of_day, &y, &m, &d);
    char note[320];
    snprintf(note, sizeof note, "Dates in %s; days past due as of %04d-%02d-%02d", zone_name(x), y,
             m, d);
    /* Written without note_width: the note must not widen the first column. */
    lxw_error e = worksheet_write_string(sh->ws, r, 0, note, NULL);
    return e == LXW_NO_ERROR ? 0 : lxw_fail(err, e, sh, "the time zone note");
}

static void set_widths(struct sheet *sh, const char *const *names)
{
    for (lxw_col_t c = 0; c < sh->ncols; c++) {
        size_t w = sh->width[c];
        /* The header's autofilter button takes about three characters of its own. */
        size_t h = text_chars(names[c]) + 3;
        if (w < h)
            w = h;
        if (w < 6)
            w = 6;
        worksheet_set_column(sh->ws, c, c, (double)w + 2, NULL);
    }
}

static int write_aging(xlsx_export *x, ic_err *err)
{
    static const char *const fixed[] = {"Customer ID", "Customer Name", "Currency"};
    const char *names[AG_NCOLS];
    for (int i = 0; i < 3; i++)
        names[i] = fixed[i];
    for (int b = 0; b < AGING_NBUCKETS; b++)
        names[3 + b] = aging_bucket_name((enum aging_bucket)b);
    names[AG_NCOLS - 1] = "Total";

    struct sheet sh = {0};
    sheet_init(&sh, x->ag, "Aging", AG_NCOLS);
    int rc = put_header(x, &sh, names, err);
    size_t n, nt;
    const aging_row *rows = aging_rows(&x->aging, &n);
    const aging_row *tot = NULL;
    if (rc || (rc = aging_totals(&x->aging, &tot, &nt, err)))
        goto out;
    for (size_t i = 0; i < n; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);
        const aging_row *a = &rows[i];
        lxw_format *mf = xlsx_style_money(x->st, a->currency, false);
        if ((rc = put_text(&sh, r, 0, a->customer_id, NULL, err)) ||
            (rc = put_text(&sh, r, 1, a->customer_name, NULL, err)) ||
            (rc = put_text(&sh, r, 2, a->currency, NULL, err)))
            goto out;
        for (int b = 0; b <= AGING_NBUCKETS; b++) {
            money_t v = b < AGING_NBUCKETS ? a->bucket[b] : a->total;
            if ((rc = put_money(&sh, r, (lxw_col_t)(3 + b), v, a->currency, mf, err)))
                goto out;
        }
    }
    sh.next = (lxw_row_t)(n + 1);
    if ((rc = set_autofilter(&sh, err)))
        goto out;
    lxw_row_t tr = (lxw_row_t)(n + 2);
    for (size_t i = 0; i < nt; i++, tr++) {
        const aging_row *a = &tot[i];
        lxw_format *mf = xlsx_style_money(x->st, a->currency, true);
        if ((rc = put_text(&sh, tr, 0, "Total", xlsx_style_bold(x->st), err)) ||
            (rc = put_text(&sh, tr, 2, a->currency, xlsx_style_bold(x->st), err)))
            goto out;
        for (int b = 0; b <= AGING_NBUCKETS; b++) {
            money_t v = b < AGING_NBUCKETS ? a->bucket[b] : a->total;
            if ((rc = put_money(&sh, tr, (lxw_col_t)(3 + b), v, a->currency, mf, err)))
                goto out;
        }
    }
    if ((rc = put_zone_note(x, &sh, tr + 1, err)))
        goto out;
    set_widths(&sh, names);

    /* One stacked bar chart per currency (amounts in different currencies do not share an axis), to
     * the right of the table; its categories are the customers of that currency's rows. */
    lxw_row_t chart_row = 1;
    for (size_t i = 0, start = 0; i < nt; i++) {
        size_t end = start;
        bool names_complete = true;
        while (end < n && strcmp(rows[end].currency, tot[i].currency) == 0) {
            names_complete = names_complete && rows[end].customer_name[0];
            end++;
        }
        lxw_chart *ch = workbook_add_chart(x->wb, LXW_CHART_BAR_STACKED);
        char title[64];
        snprintf(title, sizeof title, "Open balance by age (%s)",
                 tot[i].currency[0] ? tot[i].currency : "no currency");
        chart_title_set_name(ch, title);
        lxw_row_t r0 = (lxw_row_t)(start + 1), r1 = (lxw_row_t)end;
        lxw_col_t cat = names_complete ? 1 : 0;
        for (int b = 0; b < AGING_NBUCKETS; b++) {
            lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
            chart_series_set_categories(s, "Aging", r0, cat, r1, cat);
            chart_series_set_values(s, "Aging", r0, (lxw_col_t)(3 + b), r1, (lxw_col_t)(3 + b));
            chart_series_set_name_range(s, "Aging", 0, (lxw_col_t)(3 + b));
        }
        char numfmt[64];
        xlsx_currency_numfmt(tot[i].currency, numfmt, sizeof numfmt);
        chart_axis_set_num_format(ch->x_axis, numfmt);
        chart_axis_set_reverse(ch->y_axis);
        chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
        /* Taller for many customers: about 18 pixels a bar past the first 12. */
        size_t ncat = end - start;
        double yscale = ncat > 12 ? 1.0 + (double)(ncat - 12) * 18.0 / 288.0 : 1.0;
        if (yscale > 40)
            yscale = 40;
        lxw_chart_options co = {.x_scale = 1.5, .y_scale = yscale};
        lxw_error e = worksheet_insert_chart_opt(sh.ws, chart_row, AG_NCOLS + 1, ch, &co);
        if (e != LXW_NO_ERROR) {
            rc = lxw_fail(err, e, &sh, "a chart");
            goto out;
        }
        chart_row += (lxw_row_t)(15.0 * yscale) + 2;
        start = end;
    }
out:
    free(sh.width);
    return rc;
}

int xlsx_export_finish(xlsx_export *x, ic_err *err)
{
    int rc;
    if ((rc = write_invoice_totals(x, err)) || (rc = write_aging(x, err))) {
        xlsx_export_abort(x);
        return rc;
    }
    if ((rc = set_autofilter(&x->li, err)) || (rc = set_autofilter(&x->cl, err))) {
        xlsx_export_abort(x);
        return rc;
    }
    set_widths(&x->inv, xlsx_invoice_columns);
    set_widths(&x->li, li_columns);
    set_widths(&x->cl, cl_columns);
    worksheet_activate(x->inv.ws);
    errno = 0; /* so that a system error seen by workbook_close can be named */
    lxw_error e = workbook_close(x->wb);
    x->wb = NULL;
    if (e != LXW_NO_ERROR)
        rc = ic_err_set(err, IC_EXIT_IO, "cannot write the workbook: %s%s%s", lxw_strerror(e),
                        errno ? " " : "", errno ? strerror(errno) : "");
    free_writer(x);
    return rc;
}

void xlsx_export_abort(xlsx_export *x)
{
    if (!x)
        return;
    if (x->wb) {
        /* lxw_workbook_free leaves the constant_memory row files open: close them first. */
        lxw_worksheet *ws;
        STAILQ_FOREACH(ws, x->wb->worksheets, list_pointers)
        {
            if (ws->optimize_tmpfile) {
                fclose(ws->optimize_tmpfile);
                ws->optimize_tmpfile = NULL;
            }
        }
        lxw_workbook_free(x->wb);
    }
    free_writer(x);
}
