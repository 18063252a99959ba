/* Evaluating one field form against the cells of a row or of an invoice: columns, constants,
 * templates, lookup tables, and conversion to the field's type with a message that says what was
 * expected. */
#include "mapping/lookup.h"
#include "mapping/mapping_internal.h"
#include "model/date.h"
#include "model/target.h"
#include "util/common.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest cell text quoted in a message. */
#define SHOWN 80
#define SHOW(len) (int)((len) > SHOWN ? SHOWN : (len))

void date_example(const char *format, char *buf, size_t size)
{
    date_render(format, 2026, 11, 21, buf, size);
}

void date_render(const char *format, int year, int month, int day, char *buf, size_t size)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    if (strcmp(format, "iso") == 0) {
        snprintf(buf, size, "%04d-%02d-%02d", year, month, day);
        return;
    }
    if (strcmp(format, "excel") == 0) {
        /* Excel's own numbering (1900-01-01 is 1); a day it cannot number stays an ISO date. */
        int64_t serial;
        if (date_excel_serial(date_days_from_civil(year, month, day), &serial))
            snprintf(buf, size, "%lld", (long long)serial);
        else
            snprintf(buf, size, "%04d-%02d-%02d", year, month, day);
        return;
    }
    if (month < 1 || month > 12)
        month = 1;
    int64_t yday = date_days_from_civil(year, month, day) - date_days_from_civil(year, 1, 1) + 1;
    size_t n = 0;
    buf[0] = '\0';
    for (const char *p = format; *p && n + 1 < size; p++) {
        char piece[32];
        const char *add = piece;
        if (*p != '%' || !p[1]) {
            piece[0] = *p;
            piece[1] = '\0';
        } else {
            switch (*++p) {
            case 'Y':
                snprintf(piece, sizeof piece, "%04d", year);
                break;
            case 'y':
                snprintf(piece, sizeof piece, "%02d", year % 100);
                break;
            case 'm':
                snprintf(piece, sizeof piece, "%02d", month);
                break;
            case 'd':
                snprintf(piece, sizeof piece, "%02d", day);
                break;
            case 'e':
                snprintf(piece, sizeof piece, "%d", day);
                break;
            case 'b':
                snprintf(piece, sizeof piece, "%.3s", months[month - 1]);
                break;
            case 'B':
                add = months[month - 1];
                break;
            case 'H':
            case 'M':
            case 'S':
                add = "00";
                break;
            case 'j':
                snprintf(piece, sizeof piece, "%03lld", (long long)yday);
                break;
            default:
                piece[0] = *p;
                piece[1] = '\0';
            }
        }
        n += (size_t)snprintf(buf + n, size - n, "%s", add);
        if (n >= size)
            break;
    }
}

size_t money_text(money_t v, const char *currency, char decimal, char *buf, size_t size)
{
    int places = currency && currency[0] ? currency_decimals(currency) : 2;
    size_t n;
    static const money_t unit[] = {10000, 1000, 100, 10, 1};
    if (places < 0 || places > 4)
        places = 2;
    if (v % unit[places] == 0)
        n = money_format(v, places, buf, size);
    else
        n = money_format_min(v, buf, size);
    if (decimal != '.')
        for (size_t i = 0; i < n; i++)
            if (buf[i] == '.')
                buf[i] = decimal;
    return n;
}

static bool parse_int(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    if (i == len)
        return false;
    uint64_t v = 0;
    for (; i < len; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (v > (UINT64_C(9223372036854775807) - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = neg ? -(int64_t)v : (int64_t)v;
    return true;
}

bool currency_of_text(const char *s, size_t len, char code[4])
{
    if (len == 3 && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) &&
        isalpha((unsigned char)s[2])) {
        for (size_t i = 0; i < 3; i++)
            code[i] = (char)toupper((unsigned char)s[i]);
        code[3] = '\0';
        if (currency_is_iso4217(code))
            return true;
    }
    return currency_from_name(s, len, code);
}

/* An amount beyond what the target keeps exactly (model/target.h): refused here, with the limit,
 * rather than stored with another last decimal and proposed as an update on every later import. */
static enum ev beyond_target(const mapping *m, const fspec *f, const char *s, size_t len, char *why,
                             size_t whysize, const fvalue *v)
{
    if (f->kind != TK_MONEY || !target_amount_too_large(m->target, v->money))
        return EV_OK;
    char lim[MONEY_MAX_TEXT];
    money_format(target_max_amount(m->target), 4, lim, sizeof lim);
    snprintf(why, whysize, "'%.*s' is more than %s keeps exactly (amounts up to %s)", SHOW(len), s,
             m->target, lim);
    return EV_ERR;
}

enum ev convert_text(const mapping *m, const fspec *f, const char *s, size_t len, char *why,
                     size_t whysize, fvalue *out)
{
    out->s = s;
    out->len = len;
    switch (f->type) {
    case FT_MONEY:
    case FT_DECIMAL: {
        size_t bad_off = 0, bad_len = 0;
        enum money_status st =
            money_parse_where(s, len, m->decimal, &out->money, &bad_off, &bad_len);
        if (st == MONEY_OK)
            return beyond_target(m, f, s, len, why, whysize, out);
        const char *what = f->type == FT_MONEY ? "an amount" : "a number";
        const char *like =
            f->type == FT_MONEY
                ? (m->decimal == ',' ? "an amount like 1234,56" : "an amount like 1234.56")
                : (m->decimal == ',' ? "a number like 2,5" : "a number like 2.5");
        if (st == MONEY_PRECISION)
            snprintf(why, whysize, "expected at most 4 decimal places, got '%.*s'", SHOW(len), s);
        else if (st == MONEY_OVERFLOW)
            snprintf(why, whysize, "'%.*s' is out of range (at most 922337203685477.5807)",
                     SHOW(len), s);
        else if (bad_len == 1 && (s[bad_off] == ',' || s[bad_off] == '.'))
            /* A separator in the wrong place is usually the other locale's decimal ("0,125",
             * "12,50" with decimal '.'): say which one the mapping reads. */
            snprintf(why, whysize,
                     "'%.*s' is not %s: '%c' is not understood (expected %s; locale.decimal is "
                     "'%c')",
                     SHOW(len), s, what, s[bad_off], like, m->decimal);
        else if (bad_len == len)
            snprintf(why, whysize, "'%.*s' is not %s (expected %s)", SHOW(len), s, what, like);
        else
            snprintf(why, whysize, "'%.*s' is not %s: '%.*s' is not understood (expected %s)",
                     SHOW(len), s, what, SHOW(bad_len), s + bad_off, like);
        return EV_ERR;
    }
    case FT_INTEGER: {
        int64_t v;
        if (!parse_int(s, len, &v)) {
            snprintf(why, whysize, "expected a whole number, got '%.*s'", SHOW(len), s);
            return EV_ERR;
        }
        if (f->kind == TK_INTEGER && f->lo <= f->hi && (v < f->lo || v > f->hi)) {
            snprintf(why, whysize, "expected a whole number from %d to %d, got '%.*s'", f->lo,
                     f->hi, SHOW(len), s);
            return EV_ERR;
        }
        out->num = v;
        if (f->kind == TK_MONEY || f->kind == TK_DECIMAL) {
            if (v > INT64_MAX / MONEY_SCALE || v < INT64_MIN / MONEY_SCALE) {
                snprintf(why, whysize, "'%.*s' is out of range (at most 922337203685477)",
                         SHOW(len), s);
                return EV_ERR;
            }
            out->money = (money_t)v * MONEY_SCALE;
            return beyond_target(m, f, s, len, why, whysize, out);
        }
        return EV_OK;
    }
    case FT_DATE: {
        const char *fmt = f->format ? f->format : m->date_format;
        enum date_status st = date_parse(s, len, fmt, m->timezone, &out->num);
        if (st == DATE_OK)
            return EV_OK;
        /* A workbook's date cells read as ISO dates (formats/xlsx_read.h): a day, not text in the
         * mapping's format. */
        if (m->workbook_dates && st == DATE_SYNTAX && strcmp(fmt, "iso") != 0 &&
            date_parse(s, len, "iso", m->timezone, &out->num) == DATE_OK)
            return EV_OK;
        char ex[64];
        date_example(fmt, ex, sizeof ex);
        const char *tail = st == DATE_IMPOSSIBLE ? ": no such day"
                           : st == DATE_RANGE    ? ": outside 1900-9999"
                                                 : "";
        if (strcmp(fmt, "iso") == 0)
            snprintf(why, whysize, "expected an ISO 8601 date like %s, got '%.*s'%s", ex, SHOW(len),
                     s, tail);
        else if (strcmp(fmt, "excel") == 0)
            snprintf(why, whysize, "expected an Excel day number like %s, got '%.*s'%s", ex,
                     SHOW(len), s, tail);
        else
            snprintf(why, whysize, "expected a date like %s (%s), got '%.*s'%s", ex, fmt, SHOW(len),
                     s, tail);
        return EV_ERR;
    }
    case FT_STRING:
        if (f->kind == TK_CURRENCY) {
            char code[4];
            if (!currency_of_text(s, len, code)) {
                snprintf(why, whysize,
                         "expected an ISO 4217 currency code such as USD or a currency name such "
                         "as 'US Dollar', got '%.*s'",
                         SHOW(len), s);
                return EV_ERR;
            }
            memcpy(out->cur, code, 4);
        }
        return EV_OK;
    }
    return EV_OK;
}

/* "'Open', 'Paid' or 'Void'" (the first few keys of a map). */
static void map_choices(const fspec *f, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < f->nmap && n + 8 < size; i++) {
        if (i == 8) {
            snprintf(buf + n, size - n, " … (%zu in all)", f->nmap);
            return;
        }
        const char *sep = i == 0 ? "" : i + 1 == f->nmap ? " or " : ", ";
        n += (size_t)snprintf(buf + n, size - n, "%s'%s'", sep, f->map[i].key);
    }
}

/* The ISO code a money cell names ("12.50 EUR", "usd 3"): money_parse accepts letters only as that
 * code, so three letters standing alone are it.  False when the cell names none. */
static bool cell_currency(const char *s, size_t len, char code[4])
{
    for (size_t i = 0; i + 3 <= len; i++) {
        if (!isalpha((unsigned char)s[i]) || (i > 0 && isalpha((unsigned char)s[i - 1])))
            continue;
        if (isalpha((unsigned char)s[i + 1]) && isalpha((unsigned char)s[i + 2]) &&
            (i + 3 == len || !isalpha((unsigned char)s[i + 3]))) {
            for (int k = 0; k < 3; k++)
                code[k] = (char)toupper((unsigned char)s[i + k]);
            code[3] = '\0';
            return true;
        }
    }
    return false;
}

/* The invoice's currency as this row states it: its currency cell, the mapped constant, or
 * locale.currency when currency is not mapped.  False when the row does not say. */
static bool row_currency(const mapping *m, const cellsrc *src, char code[4])
{
    const fspec *cf = &m->inv[IF_CURRENCY];
    const char *s = NULL;
    size_t len = 0;
    if (cf->src == SRC_COLUMN && m->currency_col >= 0) {
        cell_get(src, m->currency_col, &s, &len);
    } else if (cf->src == SRC_VALUE) {
        s = cf->value;
        len = strlen(s);
    } else if (cf->src == SRC_NONE && m->currency[0]) {
        s = m->currency;
        len = strlen(s);
    }
    return len && currency_of_text(s, len, code);
}

/* The currencies that write their amounts with a sign money_parse skips, so that "€12" on a USD
 * invoice is refused like "12 EUR" is.  '$' is the sign of dollars, pesos and a few more; an
 * invoice in a currency outside a sign's list refuses an amount marked with it. */
static const struct {
    const char *sign;
    const char *codes; /* space-separated */
} signs[] = {
    {"\xE2\x82\xAC", "EUR"},
    {"\xC2\xA3", "GBP GIP FKP SHP EGP LBP SYP SSP SDG"},
    {"\xC2\xA5", "JPY CNY"},
    {"$", "USD USN CAD AUD NZD HKD SGD TWD MXN MXV ARS CLP CLF COP COU CUP CUC DOP UYU UYI UYW BSD "
          "BBD BMD BND BZD FJD GYD JMD KYD LRD NAD SBD SRD TTD XCD ZWL ZWG CVE NIO BRL TOP WST SVC "
          "PAB"},
};

/* The sign an amount cell carries (NULL when none), and in *codes the currencies that write it. */
static const char *cell_sign(const char *s, size_t len, const char **codes)
{
    /* Most cells are plain digits: one pass for the signs' first bytes decides that. */
    size_t k0 = 0;
    while (k0 < len && s[k0] != '$' && s[k0] != '\xE2' && s[k0] != '\xC2')
        k0++;
    if (k0 == len)
        return NULL;
    for (size_t i = 0; i < IC_ARRAY_LEN(signs); i++) {
        size_t n = strlen(signs[i].sign);
        for (size_t k = 0; k + n <= len; k++)
            if (s[k] == signs[i].sign[0] && memcmp(s + k, signs[i].sign, n) == 0) {
                *codes = signs[i].codes;
                return signs[i].sign;
            }
    }
    return NULL;
}

static bool code_in(const char *codes, const char *code)
{
    for (const char *c = codes; *c; c += c[3] ? 4 : 3)
        if (memcmp(c, code, 3) == 0)
            return true;
    return false;
}

enum ev eval_field(const mapping *m, const fspec *f, const cellsrc *src, sbuf *scratch,
                   reporter *rp, fvalue *out)
{
    const char *s = "";
    size_t len = 0;
    const char *blank_col = NULL;
    memset(out, 0, sizeof *out);
    out->line = src->line;
    switch (f->src) {
    case SRC_NONE:
    case SRC_COMPUTE:
        return EV_BLANK;
    case SRC_VALUE:
        s = f->value;
        len = strlen(s);
        if (len == 0) {
            out->s = s;
            return EV_OK;
        }
        break;
    case SRC_COLUMN:
    case SRC_MAP:
    case SRC_SUM: /* one row's cell of a sum (mapping/amounts.c) */
        cell_get(src, f->col, &s, &len);
        out->line = cell_line(src, f->col);
        out->col = f->column;
        blank_col = f->column;
        if (f->lookup && len) {
            const char *id = lookup_find(f->lookup, s, len, scratch);
            if (id) {
                s = id;
                len = strlen(id);
                break;
            }
            /* One error for the whole file names this name (lookup_end); this invoice is invalid
             * all the same.  Invoice-level fields are counted row by row as the file is read. */
            if (!f->lookup->counted_by_rows) {
                lookup_miss *first = lookup_note_miss(f->lookup, s, len, out->line);
                if (first && rp->invoice)
                    first->invoice = xstrdup(rp->invoice);
            }
            rp->n_err++;
            return EV_ERR;
        }
        if (f->src == SRC_MAP) {
            /* The cell as a C string for the index (a NUL inside it cannot match: the length is
             * checked). */
            size_t i = f->nmap;
            sbuf_reset(scratch);
            sbuf_add(scratch, s, len);
            if (!strmap_get(f->map_index, scratch->data, &i) || strlen(f->map[i].key) != len)
                i = f->nmap;
            if (i < f->nmap) {
                s = f->map[i].val;
                len = strlen(s);
            } else if (len) {
                char choices[512];
                map_choices(f, choices, sizeof choices);
                report(rp, SEV_ERROR, out->line, f->column,
                       "%s: '%.*s' is not in the map; expected %s", f->name, SHOW(len), s, choices);
                return EV_ERR;
            }
        }
        break;
    case SRC_TEMPLATE: {
        sbuf_reset(scratch);
        bool first = true;
        size_t total = 0; /* what the template gives, counted before anything is copied */
        const tpl_part *longest = NULL;
        size_t longest_len = 0;
        for (size_t i = 0; i < f->nparts; i++) {
            const tpl_part *tp = &f->parts[i];
            if (!tp->is_col) {
                total += tp->len;
                continue;
            }
            const char *v;
            size_t vl;
            cell_get(src, tp->col, &v, &vl);
            total += vl;
            if (!longest || vl > longest_len) {
                longest = tp;
                longest_len = vl;
            }
        }
        if (total > MAPPING_MAX_TEMPLATE_BYTES) {
            report(rp, SEV_ERROR, longest ? cell_line(src, longest->col) : src->line,
                   longest ? longest->text : NULL,
                   "%s: the template gives %zu bytes; at most %d are allowed", f->name, total,
                   MAPPING_MAX_TEMPLATE_BYTES);
            return EV_ERR;
        }
        for (size_t i = 0; i < f->nparts; i++) {
            const tpl_part *tp = &f->parts[i];
            if (!tp->is_col) {
                sbuf_add(scratch, tp->text, tp->len);
                continue;
            }
            const char *v;
            size_t vl;
            cell_get(src, tp->col, &v, &vl);
            if (first) {
                out->line = cell_line(src, tp->col);
                out->col = tp->text;
                first = false;
            }
            if (vl == 0 && !blank_col) {
                blank_col = tp->text;
                out->line = cell_line(src, tp->col);
                out->col = tp->text;
            }
            sbuf_add(scratch, v, vl);
        }
        if (!scratch->data)
            sbuf_add(scratch, "", 0);
        s = scratch->data;
        len = blank_col ? 0 : scratch->len;
        break;
    }
    }
    if (len == 0) {
        if (f->def) {
            s = f->def;
            len = strlen(s);
        } else if (f->optional && !f->required) {
            out->s = "";
            out->len = 0;
            return f->blank_is_empty ? EV_OK : EV_BLANK;
        } else {
            const char *need =
                f->required
                    ? "the API requires a value"
                    : "expected a value (mark the field \"optional\": true to allow blanks)";
            if (f->src == SRC_TEMPLATE)
                report(rp, SEV_ERROR, out->line, blank_col,
                       "%s: column '%s' of the template is blank; %s", f->name, blank_col, need);
            else if (f->src == SRC_MAP) {
                char choices[512];
                map_choices(f, choices, sizeof choices);
                report(rp, SEV_ERROR, out->line, blank_col, "%s: column '%s' is blank; expected %s",
                       f->name, blank_col, choices);
            } else
                report(rp, SEV_ERROR, out->line, blank_col, "%s: column '%s' is blank; %s", f->name,
                       blank_col, need);
            return EV_ERR;
        }
    }
    char why[512];
    if (convert_text(m, f, s, len, why, sizeof why, out) != EV_OK) {
        report(rp, SEV_ERROR, out->line, out->col, "%s: %s", f->name, why);
        return EV_ERR;
    }
    /* An amount that names another currency than its invoice's would otherwise be taken as a
     * number in the invoice's currency: "12.00 EUR" on a USD invoice is refused, not read as $12.
     */
    char named[4], inv_code[4];
    if (f->type == FT_MONEY && cell_currency(s, len, named) && row_currency(m, src, inv_code) &&
        strcmp(named, inv_code) != 0) {
        report(rp, SEV_ERROR, out->line, out->col,
               "%s: the amount '%.*s' is in %s, but the invoice is in %s", f->name, SHOW(len), s,
               named, inv_code);
        return EV_ERR;
    }
    const char *sign = NULL, *codes = NULL;
    if (f->type == FT_MONEY && (sign = cell_sign(s, len, &codes)) != NULL &&
        row_currency(m, src, inv_code) && !code_in(codes, inv_code)) {
        report(rp, SEV_ERROR, out->line, out->col,
               "%s: the amount '%.*s' is marked %s, which is not a sign of %s, the invoice's "
               "currency",
               f->name, SHOW(len), s, sign, inv_code);
        return EV_ERR;
    }
    return EV_OK;
}
