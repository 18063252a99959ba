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
    lxw_format *date, *header, *bold;
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
