#include "formats/xlsx_style.h"
#include "model/money.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct money_fmt {
    char code[4];
    bool bold;
    lxw_format *fmt;
};

struct xlsx_styles {
    lxw_workbook *wb;
    struct money_fmt *money;
    size_t n, cap;
    lxw_format *date, *header, *bold, *title, *code[2], *after_amount, *header_right;
};

static bool code_ok(const char *code)
{
    if (!code || strlen(code) != 3)
        return false;
    for (int i = 0; i < 3; i++)
        if (!((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= 'a' && code[i] <= 'z')))
            return false;
    return true;
}

size_t xlsx_currency_numfmt(const char *code, char *buf, size_t bufsize)
{
    int places = code_ok(code) ? currency_decimals(code) : 2;
    if (places < 0 || places > 4)
        places = 2;
    char dec[8] = "";
    if (places > 0) {
        dec[0] = '.';
        memset(dec + 1, '0', (size_t)places);
        dec[places + 1] = '\0';
    }
    int n = code_ok(code) ? snprintf(buf, bufsize, "[$%.3s] #,##0%s", code, dec)
                          : snprintf(buf, bufsize, "#,##0%s", dec);
    return n < 0 ? 0 : (size_t)n;
}

xlsx_styles *xlsx_styles_new(lxw_workbook *wb)
{
    xlsx_styles *s = xcalloc(1, sizeof *s);
    s->wb = wb;
    return s;
}

void xlsx_styles_free(xlsx_styles *s)
{
    if (!s)
        return;
    free(s->money);
    free(s);
}

lxw_format *xlsx_style_money(xlsx_styles *s, const char *code, bool bold)
{
    char key[4] = "";
    if (code_ok(code))
        for (int i = 0; i < 3; i++)
            key[i] = (char)(code[i] >= 'a' ? code[i] - 'a' + 'A' : code[i]);
    for (size_t i = 0; i < s->n; i++)
        if (s->money[i].bold == bold && strcmp(s->money[i].code, key) == 0)
            return s->money[i].fmt;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->money = xrealloc(s->money, s->cap * sizeof *s->money);
    }
    char numfmt[64];
    xlsx_currency_numfmt(key, numfmt, sizeof numfmt);
    lxw_format *f = workbook_add_format(s->wb);
    format_set_num_format(f, numfmt);
    if (bold)
        format_set_bold(f);
    struct money_fmt *m = &s->money[s->n++];
    memcpy(m->code, key, sizeof m->code);
    m->bold = bold;
    m->fmt = f;
    return f;
}

lxw_format *xlsx_style_date(xlsx_styles *s)
{
    if (!s->date) {
        s->date = workbook_add_format(s->wb);
        format_set_num_format(s->date, XLSX_DATE_NUMFMT);
    }
    return s->date;
}

lxw_format *xlsx_style_header(xlsx_styles *s)
{
    if (!s->header) {
        s->header = workbook_add_format(s->wb);
        format_set_bold(s->header);
        format_set_bottom(s->header, LXW_BORDER_THIN);
    }
    return s->header;
}

lxw_format *xlsx_style_bold(xlsx_styles *s)
{
    if (!s->bold) {
        s->bold = workbook_add_format(s->wb);
        format_set_bold(s->bold);
    }
    return s->bold;
}

lxw_format *xlsx_style_title(xlsx_styles *s)
{
    if (!s->title) {
        s->title = workbook_add_format(s->wb);
        format_set_bold(s->title);
        format_set_font_size(s->title, 14);
    }
    return s->title;
}

/* Appends text to a header string, '&' doubled (a single one starts a control code), about max
 * bytes of text, cut at a character boundary. */
static void header_text(char *buf, size_t bufsize, const char *text, size_t max)
{
    size_t n = strlen(buf), used = 0;
    for (const char *t = text; t && *t && n + 3 < bufsize; t++) {
        /* Stop before a character that would pass max (continuation bytes follow their lead). */
        if (((unsigned char)*t & 0xC0) != 0x80 && used >= max)
            break;
        if (*t == '&')
            buf[n++] = '&';
        buf[n++] = *t;
        used++;
    }
    buf[n] = '\0';
}

/* Appends a control code ("&C", "&R") as it is. */
static void header_code(char *buf, size_t bufsize, const char *code)
{
    size_t n = strlen(buf);
    snprintf(buf + n, bufsize - n, "%s", code);
}

void xlsx_page_setup(lxw_worksheet *ws, const xlsx_page *p, enum xlsx_fit fit,
                     lxw_row_t repeat_rows, lxw_row_t last_row, lxw_col_t last_col)
{
    worksheet_set_landscape(ws);
    if (fit == XLSX_FIT_WIDTH)
        worksheet_fit_to_pages(ws, 1, 0);
    else if (fit == XLSX_FIT_PAGE)
        worksheet_fit_to_pages(ws, 1, 1);
    /* Excel allows 255 characters in a header: the title and date are short, the store is cut. */
    char head[256] = "&L&\"-,Bold\"";
    header_text(head, sizeof head, p->title, 60);
    if (p->source && *p->source) {
        header_code(head, sizeof head, "&C");
        header_text(head, sizeof head, p->source, 80);
    }
    if (p->as_of && *p->as_of) {
        header_code(head, sizeof head, "&R");
        header_text(head, sizeof head, p->as_of, 60);
    }
    worksheet_set_header(ws, head);
    worksheet_set_footer(ws, "&C&A, page &P of &N");
    if (repeat_rows)
        worksheet_repeat_rows(ws, 0, repeat_rows - 1);
    worksheet_print_area(ws, 0, 0, last_row, last_col);
}

lxw_format *xlsx_style_code(xlsx_styles *s, bool bold)
{
    if (!s->code[bold]) {
        s->code[bold] = workbook_add_format(s->wb);
        format_set_align(s->code[bold], LXW_ALIGN_CENTER);
        if (bold)
            format_set_bold(s->code[bold]);
    }
    return s->code[bold];
}

lxw_format *xlsx_style_after_amount(xlsx_styles *s)
{
    if (!s->after_amount) {
        s->after_amount = workbook_add_format(s->wb);
        format_set_align(s->after_amount, LXW_ALIGN_LEFT);
        format_set_indent(s->after_amount, 1);
    }
    return s->after_amount;
}

lxw_format *xlsx_style_header_right(xlsx_styles *s)
{
    if (!s->header_right) {
        s->header_right = workbook_add_format(s->wb);
        format_set_bold(s->header_right);
        format_set_bottom(s->header_right, LXW_BORDER_THIN);
        format_set_align(s->header_right, LXW_ALIGN_RIGHT);
    }
    return s->header_right;
}
