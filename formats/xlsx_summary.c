#include "formats/xlsx_export_internal.h"
#include "model/date.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns A:G: a label or the currency, the five buckets, the total. */
#define SUM_NCOLS (1 + AGING_NBUCKETS + 1)
/* About how many characters fit across B:G, for the height of a wrapped line. */
#define SUM_TEXT_CHARS 80

static const char *const status_label[XLSX_NSTATUS] = {"Open", "Partially paid", "Completed",
                                                       "Other status"};

/* A label in A and a text across B:G, wrapped (filters can be long). */
static int labelled_text(xlsx_export *x, struct sheet *sh, lxw_row_t r, const char *label,
                         const char *text, lxw_format *wrap, ic_err *err)
{
    size_t chars = strlen(text);
    if (chars > SUM_TEXT_CHARS)
        worksheet_set_row(sh->ws, r, 15.0 * (double)(chars / SUM_TEXT_CHARS + 1), NULL);
    int rc = xlsx_cell_text(sh, r, 0, label, xlsx_style_bold(x->st), err);
    if (rc)
        return rc;
    lxw_error e = worksheet_merge_range(sh->ws, r, 1, r, SUM_NCOLS - 1, text, wrap);
    return e == LXW_NO_ERROR ? 0 : xlsx_cell_fail(err, e, sh, "a summary line");
}

static int write_counts(xlsx_export *x, struct sheet *sh, lxw_row_t *r, ic_err *err)
{
    lxw_format *head = xlsx_style_header(x->st);
    int rc;
    if ((rc = xlsx_cell_text(sh, *r, 0, "Status", head, err)) ||
        (rc = xlsx_cell_text(sh, *r, 1, "Invoices", xlsx_style_header_right(x->st), err)))
        return rc;
    (*r)++;
    for (int s = 0; s < XLSX_NSTATUS; s++, (*r)++) {
        /* "Other status" only when there is one: the API knows three. */
        if (s == XLSX_NSTATUS - 1 && !x->by_status[s])
            break;
        if ((rc = xlsx_cell_text(sh, *r, 0, status_label[s], NULL, err)) ||
            (rc = xlsx_cell_number(sh, *r, 1, (double)x->by_status[s], 8, NULL, err)))
            return rc;
    }
    if ((rc = xlsx_cell_text(sh, *r, 0, "Total", xlsx_style_bold(x->st), err)) ||
        (rc = xlsx_cell_number(sh, *r, 1, (double)x->invoices, 8, xlsx_style_bold(x->st), err)))
        return rc;
    *r += 2;
    return 0;
}

static int write_buckets(xlsx_export *x, struct sheet *sh, lxw_row_t *r, const aging_row *tot,
                         size_t nt, ic_err *err)
{
    lxw_format *head = xlsx_style_header(x->st);
    int rc = xlsx_cell_text(sh, *r, 0, "Open balance by age", xlsx_style_bold(x->st), err);
    if (rc)
        return rc;
    (*r)++;
    if ((rc = xlsx_cell_text(sh, *r, 0, "Currency", head, err)))
        return rc;
    for (int b = 0; b < AGING_NBUCKETS; b++)
        if ((rc =
                 xlsx_cell_text(sh, *r, (lxw_col_t)(1 + b), aging_bucket_name((enum aging_bucket)b),
                                xlsx_style_header_right(x->st), err)))
            return rc;
    if ((rc = xlsx_cell_text(sh, *r, SUM_NCOLS - 1, "Total", xlsx_style_header_right(x->st), err)))
        return rc;
    (*r)++;
    x->summary_aging_row = *r;
    if (nt == 0) {
        rc = xlsx_cell_text(sh, (*r)++, 0, "No open balances.", NULL, err);
        return rc;
    }
    for (size_t i = 0; i < nt; i++, (*r)++) {
        const aging_row *a = &tot[i];
        lxw_format *mf = xlsx_style_money(x->st, a->currency, false);
        if ((rc = xlsx_cell_text(sh, *r, 0, a->currency[0] ? a->currency : "(none)",
                                 xlsx_style_bold(x->st), err)))
            return rc;
        for (int b = 0; b < AGING_NBUCKETS; b++)
            if ((rc = xlsx_cell_money(sh, *r, (lxw_col_t)(1 + b), a->bucket[b], a->currency, mf,
                                      err)))
                return rc;
        if ((rc = xlsx_cell_money(sh, *r, SUM_NCOLS - 1, a->total, a->currency,
                                  xlsx_style_money(x->st, a->currency, true), err)))
            return rc;
    }
    return 0;
}

int xlsx_write_summary(xlsx_export *x, const aging_row *tot, size_t nt, ic_err *err)
{
    static const char *const widths_of[SUM_NCOLS] = {"Partially paid", "Current", "1-30", "31-60",
                                                     "61-90",          "Over 90", "Total"};
    struct sheet sh = {0};
    xlsx_sheet_init(&sh, x->summary, "Summary", SUM_NCOLS);
    lxw_format *wrap = workbook_add_format(x->wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_LEFT);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

    int y, m, d;
    date_civil_from_days(x->as_of_day, &y, &m, &d);
    char as_of[96];
    snprintf(as_of, sizeof as_of, "%04d-%02d-%02d, dates in %.60s", y, m, d, xlsx_zone_name(x));
    lxw_row_t r = 0;
    int rc = xlsx_cell_text(&sh, r, 0, "Open balances", xlsx_style_title(x->st), err);
    r += 2;
    if (rc || (rc = labelled_text(x, &sh, r++, "As of", as_of, wrap, err)) ||
        (x->store && (rc = labelled_text(x, &sh, r++, "Store", x->store, wrap, err))) ||
        (rc = labelled_text(x, &sh, r++, "Filters", x->filters ? x->filters : "none", wrap, err)))
        goto out;
    r++;
    if ((rc = write_counts(x, &sh, &r, err)) || (rc = write_buckets(x, &sh, &r, tot, nt, err)))
        goto out;
    r++;
    const char *note = "Only invoices that are not completed count, by their open balance.";
    /* Written without width tracking: the note overflows into the empty cells to its right and
     * must not widen column A. */
    lxw_error e = worksheet_write_string(sh.ws, r, 0, note, NULL);
    if (e != LXW_NO_ERROR) {
        rc = xlsx_cell_fail(err, e, &sh, "a note");
        goto out;
    }
    if ((rc = xlsx_zone_note(x, &sh, ++r, err)))
        goto out;
    for (lxw_col_t c = 0; c < SUM_NCOLS; c++)
        if (sh.width[c] < 12)
            sh.width[c] = 12;
    xlsx_sheet_widths(&sh, widths_of);
    xlsx_page page = xlsx_export_page(x);
    xlsx_page_setup(sh.ws, &page, XLSX_FIT_PAGE, 0, r, SUM_NCOLS - 1);
out:
    free(sh.width);
    return rc;
}
