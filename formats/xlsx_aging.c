#include "formats/xlsx_export_internal.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AG_NCOLS (3 + AGING_NBUCKETS + 1)

/* The Charts sheet prints one page wide with a page break every CHART_PAGE_ROWS rows (default rows
 * of 20 pixels): a chart of CHART_WIDTH x CHART_HEIGHT pixels at the top of each block, so each
 * chart prints whole on a page of its own (LibreOffice keeps manual breaks when fitting to width).
 * The figures a chart draws from sit to the right of the printed columns (CHART_PRINT_COLS), so
 * they are on screen beside the chart but not on paper. */
#define CHART_PAGE_ROWS 28
#define CHART_WIDTH 800
#define CHART_HEIGHT 480
/* A:N: 14 default columns, a little wider than the chart. */
#define CHART_PRINT_COLS 14
#define CHART_DATA_COL (CHART_PRINT_COLS + 1)
#define TOP_N 10

int xlsx_write_aging(xlsx_export *x, const aging_row *rows, size_t n, const aging_row *tot,
                     size_t nt, ic_err *err)
{
    static const char *const fixed[] = {"Customer ID", "Customer Name", "Currency"};
    const char *names[AG_NCOLS];
    for (int i = 0; i < 3; i++)
        names[i] = fixed[i];
    for (int b = 0; b < AGING_NBUCKETS; b++)
        names[3 + b] = aging_bucket_name((enum aging_bucket)b);
    names[AG_NCOLS - 1] = "Total";

    struct sheet sh = {0};
    xlsx_sheet_init(&sh, x->ag, "Aging", AG_NCOLS);
    int rc = xlsx_sheet_header(x, &sh, names, err);
    if (rc)
        goto out;
    for (size_t i = 0; i < n; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);
        const aging_row *a = &rows[i];
        lxw_format *mf = xlsx_style_money(x->st, a->currency, false);
        if ((rc = xlsx_cell_text(&sh, r, 0, a->customer_id, NULL, err)) ||
            (rc = xlsx_cell_text(&sh, r, 1, a->customer_name, NULL, err)) ||
            (rc = xlsx_cell_text(&sh, r, 2, a->currency, xlsx_style_code(x->st, false), err)))
            goto out;
        for (int b = 0; b <= AGING_NBUCKETS; b++) {
            money_t v = b < AGING_NBUCKETS ? a->bucket[b] : a->total;
            if ((rc = xlsx_cell_money(&sh, r, (lxw_col_t)(3 + b), v, a->currency, mf, err)))
                goto out;
        }
    }
    sh.next = (lxw_row_t)(n + 1);
    if ((rc = xlsx_sheet_autofilter(&sh, err)))
        goto out;
    lxw_row_t tr = (lxw_row_t)(n + 2);
    for (size_t i = 0; i < nt; i++, tr++) {
        const aging_row *a = &tot[i];
        lxw_format *mf = xlsx_style_money(x->st, a->currency, true);
        if ((rc = xlsx_cell_text(&sh, tr, 0, "Total", xlsx_style_bold(x->st), err)) ||
            (rc = xlsx_cell_text(&sh, tr, 2, a->currency, xlsx_style_code(x->st, true), err)))
            goto out;
        for (int b = 0; b <= AGING_NBUCKETS; b++) {
            money_t v = b < AGING_NBUCKETS ? a->bucket[b] : a->total;
            if ((rc = xlsx_cell_money(&sh, tr, (lxw_col_t)(3 + b), v, a->currency, mf, err)))
                goto out;
        }
    }
    if ((rc = xlsx_zone_note(x, &sh, tr + 1, err)))
        goto out;
    xlsx_sheet_widths(&sh, names);
    xlsx_page page = xlsx_export_page(x);
    xlsx_page_setup(sh.ws, &page, XLSX_FIT_WIDTH, 1, tr + 1, AG_NCOLS - 1);
out:
    free(sh.width);
    return rc;
}

/* A customer's overdue balance: every bucket but Current.  Sums of sums already held exactly. */
static money_t overdue_of(const aging_row *a)
{
    money_t s = 0;
    for (int b = AGING_1_30; b < AGING_NBUCKETS; b++)
        if (!money_add(s, a->bucket[b], &s))
            return INT64_MAX; /* cannot happen: the row's total held the same sum */
    return s;
}

static int overdue_cmp(const void *pa, const void *pb)
{
    const aging_row *a = *(const aging_row *const *)pa, *b = *(const aging_row *const *)pb;
    money_t x = overdue_of(a), y = overdue_of(b);
    if (x != y)
        return x < y ? 1 : -1;
    return strcmp(a->customer_id, b->customer_id);
}

/* Per currency, one stacked bar of the Summary's bucket totals (the row written there). */
static lxw_chart *bucket_chart(xlsx_export *x, const aging_row *t, lxw_row_t summary_row)
{
    lxw_chart *ch = workbook_add_chart(x->wb, LXW_CHART_BAR_STACKED);
    char title[64];
    snprintf(title, sizeof title, "Open balance by age (%s)",
             t->currency[0] ? t->currency : "no currency");
    chart_title_set_name(ch, title);
    for (int b = 0; b < AGING_NBUCKETS; b++) {
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(s, "Summary", summary_row, 0, summary_row, 0);
        chart_series_set_values(s, "Summary", summary_row, (lxw_col_t)(1 + b), summary_row,
                                (lxw_col_t)(1 + b));
        chart_series_set_name(s, aging_bucket_name((enum aging_bucket)b));
    }
    char numfmt[64];
    xlsx_currency_numfmt(t->currency, numfmt, sizeof numfmt);
    /* In a bar chart libxlsxwriter's x axis is the value axis (horizontal). */
    chart_axis_set_num_format(ch->x_axis, numfmt);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    return ch;
}

/* The largest overdue balances of one currency (rows[start..end)): their figures at the block's
 * data columns, and a stacked bar per customer, largest on top.  NULL when nobody is overdue. */
static lxw_chart *overdue_chart(xlsx_export *x, struct sheet *sh, const aging_row *rows,
                                size_t start, size_t end, lxw_row_t r0, int *rc, ic_err *err)
{
    const aging_row *top[TOP_N];
    const aging_row **all = xcalloc(end - start + 1, sizeof *all);
    size_t m = 0;
    for (size_t i = start; i < end; i++)
        if (overdue_of(&rows[i]) > 0)
            all[m++] = &rows[i];
    qsort(all, m, sizeof *all, overdue_cmp);
    if (m > TOP_N)
        m = TOP_N;
    memcpy(top, all, m * sizeof *top);
    free(all);
    if (m == 0)
        return NULL;
    const char *cur = top[0]->currency;
    lxw_format *mf = xlsx_style_money(x->st, cur, false);
    lxw_col_t c0 = CHART_DATA_COL;
    if ((*rc = xlsx_cell_text(sh, r0, c0, "Customer", xlsx_style_header(x->st), err)))
        return NULL;
    for (int b = AGING_1_30; b < AGING_NBUCKETS; b++)
        if ((*rc = xlsx_cell_text(sh, r0, (lxw_col_t)(c0 + b),
                                  aging_bucket_name((enum aging_bucket)b), xlsx_style_header(x->st),
                                  err)))
            return NULL;
    for (size_t i = 0; i < m; i++) {
        lxw_row_t r = (lxw_row_t)(r0 + 1 + i);
        char label[160];
        snprintf(label, sizeof label, "%.120s",
                 top[i]->customer_name[0] ? top[i]->customer_name : top[i]->customer_id);
        if (!label[0])
            snprintf(label, sizeof label, "(no customer)");
        if ((*rc = xlsx_cell_text(sh, r, c0, label, NULL, err)))
            return NULL;
        for (int b = AGING_1_30; b < AGING_NBUCKETS; b++)
            if ((*rc =
                     xlsx_cell_money(sh, r, (lxw_col_t)(c0 + b), top[i]->bucket[b], cur, mf, err)))
                return NULL;
    }
    lxw_chart *ch = workbook_add_chart(x->wb, LXW_CHART_BAR_STACKED);
    char title[96];
    snprintf(title, sizeof title, "%s overdue balances (%s)",
             m == TOP_N ? "Ten largest" : "Largest", cur[0] ? cur : "no currency");
    chart_title_set_name(ch, title);
    lxw_row_t r1 = (lxw_row_t)(r0 + m);
    for (int b = AGING_1_30; b < AGING_NBUCKETS; b++) {
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(s, "Charts", r0 + 1, c0, r1, c0);
        chart_series_set_values(s, "Charts", r0 + 1, (lxw_col_t)(c0 + b), r1, (lxw_col_t)(c0 + b));
        chart_series_set_name_range(s, "Charts", r0, (lxw_col_t)(c0 + b));
    }
    char numfmt[64];
    xlsx_currency_numfmt(cur, numfmt, sizeof numfmt);
    chart_axis_set_num_format(ch->x_axis, numfmt);
    /* Bars run top-down in the order of the figures: the largest first. */
    chart_axis_set_reverse(ch->y_axis);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    return ch;
}

static int place_chart(struct sheet *sh, lxw_chart *ch, lxw_row_t row, ic_err *err)
{
    lxw_chart_options co = {.x_scale = CHART_WIDTH / 480.0, .y_scale = CHART_HEIGHT / 288.0};
    lxw_error e = worksheet_insert_chart_opt(sh->ws, row, 0, ch, &co);
    return e == LXW_NO_ERROR ? 0 : xlsx_cell_fail(err, e, sh, "a chart");
}

int xlsx_write_charts(xlsx_export *x, const aging_row *rows, size_t n, const aging_row *tot,
                      size_t nt, ic_err *err)
{
    struct sheet sh = {0};
    xlsx_sheet_init(&sh, x->charts, "Charts", CHART_DATA_COL + AGING_NBUCKETS);
    /* Two pages per currency at most; Excel takes at most 1023 manual breaks. */
    size_t maxbreaks = 2 * nt < 1023 ? 2 * nt : 1023;
    lxw_row_t *breaks = xcalloc(maxbreaks + 1, sizeof *breaks);
    size_t blocks = 0;
    int rc = 0;
    if (nt == 0)
        rc = xlsx_cell_text(&sh, 0, 0, "No open balances: nothing to chart.", NULL, err);
    for (size_t i = 0, start = 0; !rc && i < nt; i++) {
        size_t end = start;
        while (end < n && strcmp(rows[end].currency, tot[i].currency) == 0)
            end++;
        lxw_row_t r0 = (lxw_row_t)(blocks * CHART_PAGE_ROWS);
        if (blocks > 0 && blocks <= maxbreaks)
            breaks[blocks - 1] = r0;
        blocks++;
        if ((rc = place_chart(&sh, bucket_chart(x, &tot[i], x->summary_aging_row + (lxw_row_t)i),
                              r0, err)))
            break;
        r0 = (lxw_row_t)(blocks * CHART_PAGE_ROWS);
        lxw_chart *ch = overdue_chart(x, &sh, rows, start, end, r0, &rc, err);
        if (ch) {
            if (blocks <= maxbreaks)
                breaks[blocks - 1] = r0;
            blocks++;
            rc = place_chart(&sh, ch, r0, err);
        }
        start = end;
    }
    if (!rc) {
        if (blocks > 1)
            worksheet_set_h_pagebreaks(sh.ws, breaks);
        xlsx_page page = xlsx_export_page(x);
        lxw_row_t last = blocks ? (lxw_row_t)(blocks * CHART_PAGE_ROWS - 1) : 0;
        xlsx_page_setup(sh.ws, &page, XLSX_FIT_WIDTH, 0, last, CHART_PRINT_COLS - 1);
        worksheet_set_column(sh.ws, CHART_DATA_COL, CHART_DATA_COL, 30, NULL);
        worksheet_set_column(sh.ws, CHART_DATA_COL + 1, CHART_DATA_COL + AGING_NBUCKETS - 1, 18,
                             NULL);
    }
    free(breaks);
    free(sh.width);
    return rc;
}
