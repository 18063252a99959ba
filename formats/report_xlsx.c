/* The XLSX validation report (libxlsxwriter): sheets Summary, Problems and Invoices, each set up to
 * print (formats/xlsx_style.h: landscape, one page wide, header row repeated, page header/footer).
 *
 * Money goes in as numeric cells with the export's number format in the invoice's currency
 * (xlsx_style_money), so a finance user can sum and filter; money_to_double is used only at that
 * moment (the exact value is in the JSON report). libxlsxwriter copies every string it is given, so
 * nothing here outlives a call.
 */
#include "formats/report.h"
#include "formats/xlsx_style.h"
#include "util/common.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#define XLSX_MAX_ROWS 1048576u
#define MAX_WIDTH 90.0

/* Characters (not bytes) of a UTF-8 text: close enough to a column width in Excel's units. */
static size_t text_width(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void fit(double *w, const char *s)
{
    double x = (double)text_width(s) + 2.0;
    if (x > MAX_WIDTH)
        x = MAX_WIDTH;
    if (x > *w)
        *w = x;
}

/* The last row of the Summary sheet ("Written by") and the columns of the Invoices sheet. */
#define SUMMARY_LAST_ROW 16
#define INVOICE_NCOLS 10

/* The last row a list sheet writes: its header plus n rows, as Excel's row limit allows. */
static lxw_row_t listed_rows(size_t n)
{
    return (lxw_row_t)(n > XLSX_MAX_ROWS - 1 ? XLSX_MAX_ROWS - 1 : n);
}

static void write_money(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, bool has, money_t m,
                        lxw_format *f)
{
    if (has)
        worksheet_write_number(ws, r, c, money_to_double(m), f);
}

static void summary_row(lxw_worksheet *ws, lxw_row_t r, const char *label, double value)
{
    worksheet_write_string(ws, r, 0, label, NULL);
    worksheet_write_number(ws, r, 1, value, NULL);
}

static void write_summary(lxw_worksheet *ws, lxw_format *bold, const ic_batch *b,
                          const char *map_path)
{
    lxw_row_t r = 0;
    worksheet_write_string(ws, r, 0, "Validation report", bold);
    r += 2;
    worksheet_write_string(ws, r, 0, "File", NULL);
    worksheet_write_string(ws, r++, 1, b->csv_path ? b->csv_path : "-", NULL);
    worksheet_write_string(ws, r, 0, "Mapping", NULL);
    worksheet_write_string(ws, r++, 1, map_path ? map_path : "", NULL);
    summary_row(ws, r++, "Rows", (double)b->rows);
    summary_row(ws, r++, "Rows used", (double)b->rows_used);
    summary_row(ws, r++, "Rows skipped", (double)b->rows_skipped);
    summary_row(ws, r++, "Rows in error", (double)b->rows_error);
    summary_row(ws, r++, "Invoices", (double)b->n_invoices);
    summary_row(ws, r++, "Valid", (double)b->n_valid);
    summary_row(ws, r++, "Invalid", (double)b->n_invalid);
    summary_row(ws, r++, "Invoices with warnings", (double)b->n_warned);
    summary_row(ws, r++, "Errors", (double)b->problems.n_errors);
    summary_row(ws, r++, "Warnings", (double)b->problems.n_warnings);
    summary_row(ws, r++, "Problems not listed (past --max-problems)", (double)report_omitted(b));
    r++;
    worksheet_write_string(ws, r, 0, "Written by", NULL);
    worksheet_write_string(ws, r, 1, "invoicectl " INVOICECTL_VERSION, NULL);
    double w0 = 0, w1 = 12;
    fit(&w0, "Problems not listed (past --max-problems)");
    fit(&w1, b->csv_path);
    fit(&w1, map_path);
    worksheet_set_column(ws, 0, 0, w0, NULL);
    worksheet_set_column(ws, 1, 1, w1, NULL);
}

static void write_problems(lxw_worksheet *ws, lxw_format *bold, const ic_batch *b)
{
    static const char *const head[] = {"Severity", "File", "Line", "Column", "Invoice", "Message"};
    double w[6];
    for (lxw_col_t c = 0; c < 6; c++) {
        w[c] = 0;
        fit(&w[c], head[c]);
        worksheet_write_string(ws, 0, c, head[c], bold);
    }
    size_t n = b->problems.n;
    if (n > XLSX_MAX_ROWS - 1)
        n = XLSX_MAX_ROWS - 1;
    for (size_t i = 0; i < n; i++) {
        const ic_problem *p = &b->problems.items[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, r, 0, severity_word(p->severity), NULL);
        if (p->file)
            worksheet_write_string(ws, r, 1, p->file, NULL);
        if (p->line > 0)
            worksheet_write_number(ws, r, 2, (double)p->line, NULL);
        if (p->column)
            worksheet_write_string(ws, r, 3, p->column, NULL);
        if (p->invoice)
            worksheet_write_string(ws, r, 4, p->invoice, NULL);
        worksheet_write_string(ws, r, 5, p->message ? p->message : "", NULL);
        fit(&w[1], p->file);
        fit(&w[3], p->column);
        fit(&w[4], p->invoice);
        fit(&w[5], p->message);
    }
    w[2] = w[2] < 8 ? 8 : w[2];
    for (lxw_col_t c = 0; c < 6; c++)
        worksheet_set_column(ws, c, c, w[c], NULL);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, 5);
    worksheet_freeze_panes(ws, 1, 0);
}

static void write_invoices(lxw_worksheet *ws, lxw_format *bold, xlsx_styles *styles,
                           const ic_batch *b)
{
    static const char *const head[] = {"Key",   "Invoice Number", "First Line", "Status", "Rows",
                                       "Lines", "Currency",       "Subtotal",   "Costs",  "Total"};
    enum { NCOLS = INVOICE_NCOLS };
    double w[NCOLS];
    for (lxw_col_t c = 0; c < NCOLS; c++) {
        w[c] = 0;
        fit(&w[c], head[c]);
        worksheet_write_string(ws, 0, c, head[c], bold);
    }
    enum report_status *st = report_statuses(b);
    size_t n = report_listed_invoices(b);
    if (n > XLSX_MAX_ROWS - 1)
        n = XLSX_MAX_ROWS - 1;
    char buf[MONEY_MAX_TEXT];
    for (size_t i = 0; i < n; i++) {
        const ic_invoice *inv = &b->invoices[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        const char *cur = inv->currency[0] ? inv->currency : NULL;
        if (inv->key)
            worksheet_write_string(ws, r, 0, inv->key, NULL);
        if (inv->invoice_number)
            worksheet_write_string(ws, r, 1, inv->invoice_number, NULL);
        worksheet_write_number(ws, r, 2, (double)inv->first_line, NULL);
        worksheet_write_string(ws, r, 3, report_status_word(st[i]), NULL);
        worksheet_write_number(ws, r, 4, (double)inv->n_records, NULL);
        worksheet_write_number(ws, r, 5, (double)inv->n_line_items, NULL);
        if (cur)
            worksheet_write_string(ws, r, 6, cur, NULL);
        report_figures f;
        report_invoice_figures(inv, &f);
        lxw_format *mfmt = xlsx_style_money(styles, cur, false);
        write_money(ws, r, 7, f.has_subtotal, f.subtotal, mfmt);
        write_money(ws, r, 8, f.has_costs, f.costs, mfmt);
        write_money(ws, r, 9, f.has_total, f.total, mfmt);
        fit(&w[0], inv->key);
        fit(&w[1], inv->invoice_number);
        /* A formatted amount is about as wide as its digits plus grouping and the currency. */
        money_format(f.has_total ? f.total : f.subtotal, 2, buf, sizeof buf);
        double mw = (double)strlen(buf) * 1.35 + 6;
        for (int c = 7; c <= 9; c++)
            if (mw > w[c])
                w[c] = mw;
    }
    free(st);
    for (lxw_col_t c = 0; c < NCOLS; c++)
        worksheet_set_column(ws, c, c, w[c], NULL);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, NCOLS - 1);
    worksheet_freeze_panes(ws, 1, 0);
}

/* SOURCE_DATE_EPOCH (reproducible builds' convention) fixes the creation time; 0 means "now". */
static time_t creation_time(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s)
        return 0;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return 0;
    return (time_t)v;
}

int report_write_xlsx(const char *xlsx_path, const ic_batch *b, const char *map_path, ic_err *err)
{
    lxw_workbook *wb = workbook_new(xlsx_path);
    if (!wb)
        return ic_err_set(err, IC_EXIT_IO, "cannot create the workbook");
    char subject[512];
    snprintf(subject, sizeof subject, "invoicectl validate of '%s'",
             b->csv_path ? b->csv_path : "-");
    lxw_doc_properties props = {
        .title = (char *)"Validation report",
        .subject = subject,
        .author = (char *)"invoicectl",
        .comments = (char *)"Written by invoicectl " INVOICECTL_VERSION,
        .created = creation_time(),
    };
    workbook_set_properties(wb, &props);

    xlsx_styles *st = xlsx_styles_new(wb);
    lxw_format *bold = xlsx_style_bold(st);
    lxw_worksheet *sum = workbook_add_worksheet(wb, "Summary");
    lxw_worksheet *probs = workbook_add_worksheet(wb, "Problems");
    lxw_worksheet *invs = workbook_add_worksheet(wb, "Invoices");
    write_summary(sum, bold, b, map_path);
    write_problems(probs, bold, b);
    write_invoices(invs, bold, st, b);
    xlsx_page page = {.title = "Validation report", .source = b->csv_path ? b->csv_path : "-"};
    xlsx_page_setup(sum, &page, XLSX_FIT_PAGE, 0, SUMMARY_LAST_ROW, 1);
    xlsx_page_setup(probs, &page, XLSX_FIT_WIDTH, 1, listed_rows(b->problems.n), 5);
    xlsx_page_setup(invs, &page, XLSX_FIT_WIDTH, 1, listed_rows(report_listed_invoices(b)),
                    INVOICE_NCOLS - 1);

    lxw_error e = workbook_close(wb);
    xlsx_styles_free(st);
    if (e != LXW_NO_ERROR)
        return ic_err_set(err, IC_EXIT_IO, "%s", lxw_strerror(e));
    return 0;
}
