#include "formats/xlsx_export_internal.h"
#include "model/date.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *xlsx_zone_name(const xlsx_export *x)
{
    return x->zone && *x->zone ? x->zone : "UTC";
}

xlsx_page xlsx_export_page(const xlsx_export *x)
{
    return (xlsx_page){.title = "Open balances", .source = x->store, .as_of = x->as_of_text};
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

int xlsx_cell_fail(ic_err *err, lxw_error e, const struct sheet *sh, const char *what)
{
    return ic_err_set(err, IC_EXIT_IO, "cannot write %s on sheet '%s': %s", what, sh->name,
                      lxw_strerror(e));
}

/* A text cell; NULL or "" leaves the cell empty.  Excel holds at most 32,767 characters per cell:
 * longer texts are cut at a character boundary (said once on stderr by the caller's log). */
int xlsx_cell_text(struct sheet *sh, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *fmt,
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
        return xlsx_cell_fail(err, e, sh, "a text cell");
    note_width(sh, col, text_chars(s));
    return 0;
}

int xlsx_cell_number(struct sheet *sh, lxw_row_t row, lxw_col_t col, double v, size_t chars,
                     lxw_format *fmt, ic_err *err)
{
    lxw_error e = worksheet_write_number(sh->ws, row, col, v, fmt);
    if (e != LXW_NO_ERROR)
        return xlsx_cell_fail(err, e, sh, "a number cell");
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

int xlsx_cell_money(struct sheet *sh, lxw_row_t row, lxw_col_t col, money_t m, const char *code,
                    lxw_format *fmt, ic_err *err)
{
    /* The one place an amount becomes a double: the XLSX number cell. */
    return xlsx_cell_number(sh, row, col, money_to_double(m), money_chars(m, code), fmt, err);
}

int xlsx_cell_date(xlsx_export *x, struct sheet *sh, lxw_row_t row, lxw_col_t col, int64_t t,
                   ic_err *err)
{
    int64_t day = aging_day_of(t, x->zone), serial;
    if (date_excel_serial(day, &serial))
        return xlsx_cell_number(sh, row, col, (double)serial, 10, xlsx_style_date(x->st), err);
    /* Before 1900 (or past 9999) Excel has no day number: the date as text loses nothing. */
    int y, m, d;
    char text[32];
    date_civil_from_days(day, &y, &m, &d);
    snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
    return xlsx_cell_text(sh, row, col, text, NULL, err);
}

int xlsx_sheet_header(xlsx_export *x, struct sheet *sh, const char *const *names, ic_err *err)
{
    for (lxw_col_t c = 0; c < sh->ncols; c++) {
        int rc = xlsx_cell_text(sh, 0, c, names[c], xlsx_style_header(x->st), err);
        if (rc)
            return rc;
    }
    worksheet_freeze_panes(sh->ws, 1, 0);
    sh->next = 1;
    return 0;
}

void xlsx_sheet_init(struct sheet *sh, lxw_worksheet *ws, const char *name, lxw_col_t ncols)
{
    sh->ws = ws;
    sh->name = name;
    sh->ncols = ncols;
    sh->width = xcalloc(ncols, sizeof *sh->width);
}

/* In constant_memory mode libxlsxwriter refuses a range that ends above the row being written. */
int xlsx_sheet_autofilter(struct sheet *sh, ic_err *err)
{
    lxw_row_t last = sh->next > 1 ? sh->next - 1 : 0;
    lxw_error e = worksheet_autofilter(sh->ws, 0, 0, last, (lxw_col_t)(sh->ncols - 1));
    return e == LXW_NO_ERROR ? 0 : xlsx_cell_fail(err, e, sh, "the autofilter");
}

int xlsx_zone_note(xlsx_export *x, struct sheet *sh, lxw_row_t r, ic_err *err)
{
    if (r >= XLSX_MAX_ROWS)
        return ic_err_set(err, IC_EXIT_IO, "sheet '%s' is full: export to CSV instead", sh->name);
    int y, m, d;
    date_civil_from_days(x->as_of_day, &y, &m, &d);
    char note[320];
    snprintf(note, sizeof note, "Dates in %s; days past due as of %04d-%02d-%02d",
             xlsx_zone_name(x), y, m, d);
    /* Written without note_width: the note must not widen the first column. */
    lxw_error e = worksheet_write_string(sh->ws, r, 0, note, NULL);
    return e == LXW_NO_ERROR ? 0 : xlsx_cell_fail(err, e, sh, "the time zone note");
}

void xlsx_sheet_widths(struct sheet *sh, const char *const *names)
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
