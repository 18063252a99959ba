/* The payments mapping: loading (the "csv" and "locale" sections through the invoice mapping's own
 * checks, load_settings.c) and reading a payments file row by row.  See pay_map.h. */
#include "mapping/pay_map.h"

#include "mapping/load_internal.h"
#include "mapping/mapping_internal.h"
#include "model/date.h"
#include "model/money.h"
#include "model/target.h"
#include "util/common.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum pay_field {
    PF_INVOICE,
    PF_AMOUNT,
    PF_DATE,
    PF_METHOD,
    PF_REFERENCE,
    PF_CURRENCY,
    PF_PAYER,
    PF__N
};

static const char *const field_names[PF__N] = {"invoice",   "amount",   "date", "method",
                                               "reference", "currency", "payer"};

typedef struct pay_spec {
    char *column; /* NULL: a constant, or not mapped */
    char *value;  /* {"value": V} */
    char *format; /* date: overrides locale.date */
    bool has_pattern;
    regex_t pattern; /* invoice: the invoice number inside a longer text (remittance info) */
    char *pattern_text;
    int col; /* bound column, -1 */
} pay_spec;

struct pay_map {
    mapping *m; /* csv, locale and target, as an invoice mapping holds them */
    char *match;
    pay_spec f[PF__N];
};

bool pay_map_is_payments(const char *path)
{
    ic_err err = {0};
    cJSON *root = load_json_file(path, &err);
    bool yes = cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "payment");
    cJSON_Delete(root);
    return yes;
}

/* One field of the "payment" section. */
static void parse_field(lctx *c, pay_map *pm, const cJSON *sec, enum pay_field k)
{
    static const char *const keys[] = {"column", "value", "format", "pattern"};
    const char *name = field_names[k];
    pay_spec *f = &pm->f[k];
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "payment.%s", name);
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(sec, name);
    if (!j) {
        if (k <= PF_DATE)
            load_fail(c, path, "missing: name the column that holds the %s", name);
        return;
    }
    if (cJSON_IsString(j)) {
        if (!j->valuestring[0])
            load_fail(c, path, "expected a column name, got \"\"");
        else
            f->column = xstrdup(j->valuestring);
        return;
    }
    if (!cJSON_IsObject(j)) {
        load_fail(c, path, "expected a column name or an object, got %s", json_kind(j));
        return;
    }
    check_keys(c, j, path, keys, IC_ARRAY_LEN(keys), false);
    const cJSON *col = cJSON_GetObjectItemCaseSensitive(j, "column");
    const cJSON *val = cJSON_GetObjectItemCaseSensitive(j, "value");
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(j, "format");
    const cJSON *pat = cJSON_GetObjectItemCaseSensitive(j, "pattern");
    char sub[PATH_MAX_LEN];
    if (col && val)
        load_fail(c, path, "give either \"column\" or \"value\", not both");
    else if (col && (!cJSON_IsString(col) || !col->valuestring[0]))
        load_fail(c, (join_path(sub, path, "column"), sub), "expected a column name");
    else if (col)
        f->column = xstrdup(col->valuestring);
    else if (val && k <= PF_DATE)
        load_fail(c, (join_path(sub, path, "value"), sub),
                  "the %s of a payment comes from its row: name a column", name);
    else if (val && (!cJSON_IsString(val) || !val->valuestring[0]))
        load_fail(c, (join_path(sub, path, "value"), sub), "expected a non-empty string");
    else if (val)
        f->value = xstrdup(val->valuestring);
    else
        load_fail(c, path, "missing \"column\"");
    if (fmt) {
        char why[512];
        const char *bad = NULL;
        join_path(sub, path, "format");
        if (k != PF_DATE)
            load_fail(c, sub, "only the date takes a format");
        else if (!cJSON_IsString(fmt))
            load_fail(c, sub,
                      "expected a date format such as \"%%d.%%m.%%Y\", \"iso\" or \"excel\"");
        else if ((bad = date_format_problem(fmt->valuestring, why, sizeof why)))
            load_fail(c, sub, "%s", bad);
        else
            f->format = xstrdup(fmt->valuestring);
    }
    if (pat) {
        join_path(sub, path, "pattern");
        if (k != PF_INVOICE)
            load_fail(c, sub, "only the invoice takes a pattern");
        else if (!cJSON_IsString(pat) || !pat->valuestring[0])
            load_fail(c, sub, "expected a regular expression such as \"INV-[0-9]+\"");
        else if (regcomp(&f->pattern, pat->valuestring, REG_EXTENDED) != 0)
            load_fail(c, sub, "'%s' is not a valid extended regular expression", pat->valuestring);
        else {
            f->has_pattern = true;
            f->pattern_text = xstrdup(pat->valuestring);
        }
    }
    if (val && k == PF_CURRENCY && f->value &&
        (strlen(f->value) != 3 || !currency_is_iso4217(f->value)))
        load_fail(c, (join_path(sub, path, "value"), sub),
                  "expected an ISO 4217 currency code such as \"USD\", got '%s'", f->value);
}

static mapping *settings_new(const char *path)
{
    mapping *m = xcalloc(1, sizeof *m);
    m->path = xstrdup(path);
    m->decimal = '.';
    m->date_format = xstrdup("%Y-%m-%d");
    m->timezone = xstrdup("UTC");
    m->target = xstrdup("bigcommerce-b2b");
    m->match = xstrdup("invoiceNumber");
    m->csv.delimiter = ',';
    m->currency_col = -1;
    for (int i = 0; i < IF__COUNT; i++)
        m->inv[i].col = -1;
    return m;
}

pay_map *pay_map_load(const char *path, mapping_errors *errs, ic_err *err)
{
    static const char *const top[] = {"target", "csv", "locale", "match", "payment"};
    static const char *const sec_keys[] = {"invoice",   "amount",   "date", "method",
                                           "reference", "currency", "payer"};
    pay_map *pm = xcalloc(1, sizeof *pm);
    pm->m = settings_new(path);
    pm->match = xstrdup("invoiceNumber");
    for (int k = 0; k < PF__N; k++)
        pm->f[k].col = -1;
    lctx c = {path, err, pm->m, errs, 0};
    cJSON *root = load_json_file(path, err);
    if (!root)
        goto fail;
    if (!cJSON_IsObject(root)) {
        load_fail(&c, NULL, "expected a JSON object at the top, got %s", json_kind(root));
        goto fail;
    }
    check_keys(&c, root, "", top, IC_ARRAY_LEN(top), true);
    parse_target(&c, cJSON_GetObjectItemCaseSensitive(root, "target"));
    parse_csv_opts(&c, cJSON_GetObjectItemCaseSensitive(root, "csv"));
    parse_locale(&c, cJSON_GetObjectItemCaseSensitive(root, "locale"));
    const cJSON *match = cJSON_GetObjectItemCaseSensitive(root, "match");
    if (match && (!cJSON_IsString(match) || (strcmp(match->valuestring, "invoiceNumber") != 0 &&
                                             strcmp(match->valuestring, "externalId") != 0)))
        load_fail(&c, "match", "expected \"invoiceNumber\" or \"externalId\"");
    else if (match) {
        free(pm->match);
        pm->match = xstrdup(match->valuestring);
    }
    const cJSON *sec = cJSON_GetObjectItemCaseSensitive(root, "payment");
    if (!sec)
        load_fail(&c, "payment", "missing: map at least the invoice, amount and date columns");
    else if (!cJSON_IsObject(sec))
        load_fail(&c, "payment", "expected an object, got %s", json_kind(sec));
    else {
        check_keys(&c, sec, "payment", sec_keys, IC_ARRAY_LEN(sec_keys), true);
        for (int k = 0; k < PF__N; k++)
            parse_field(&c, pm, sec, (enum pay_field)k);
    }
    if (c.nerr)
        goto fail;
    cJSON_Delete(root);
    return pm;
fail:
    if (errs->n == 0 && errs->more == 0 && err->code)
        errs->msgs[errs->n++] = xstrdup(err->msg);
    cJSON_Delete(root);
    pay_map_free(pm);
    return NULL;
}

void pay_map_free(pay_map *pm)
{
    if (!pm)
        return;
    for (int k = 0; k < PF__N; k++) {
        free(pm->f[k].column);
        free(pm->f[k].value);
        free(pm->f[k].format);
        free(pm->f[k].pattern_text);
        if (pm->f[k].has_pattern)
            regfree(&pm->f[k].pattern);
    }
    free(pm->match);
    mapping_free(pm->m);
    free(pm);
}

const char *pay_map_target(const pay_map *pm)
{
    return mapping_target(pm->m);
}

const char *pay_map_match(const pay_map *pm)
{
    return pm->match;
}

table_options pay_map_table_options(const pay_map *pm)
{
    return mapping_table_options(pm->m);
}

int pay_map_bind(pay_map *pm, const char *const *header, size_t ncols, const char *csv_path,
                 mapping_errors *errs, ic_err *err)
{
    lctx c = {pm->m->path, err, pm->m, errs, 0};
    for (int k = 0; k < PF__N; k++) {
        pay_spec *f = &pm->f[k];
        f->col = -1;
        if (!f->column)
            continue;
        for (size_t i = 0; i < ncols && f->col < 0; i++)
            if (strcmp(header[i], f->column) == 0)
                f->col = (int)i;
        if (f->col >= 0)
            continue;
        char path[PATH_MAX_LEN];
        snprintf(path, sizeof path, "payment.%s", field_names[k]);
        const char *near = nearest_name(f->column, header, ncols);
        load_fail(&c, path, "no column '%s' in '%s'%s%s%s", f->column, csv_path,
                  near ? "; nearest: '" : "", near ? near : "", near ? "'" : "");
    }
    return c.nerr ? IC_EXIT_USAGE : 0;
}

/* ---- reading rows ---- */

typedef struct read_ctx {
    pay_map *pm;
    pay_batch *out;
    const table_reader *rd;
} read_ctx;

/* A workbook's place for a row in error, as the invoice reader names it (mapping/cells.c): the
 * column's sheet and letters and the row ("Statement!G7"), or the sheet and the row. */
static char *sheet_cell(const table_reader *rd, const ic_payment *p)
{
    const char *const *h = table_reader_header(rd);
    for (size_t i = 0; p->error_column && i < table_reader_ncols(rd); i++)
        if (strcmp(h[i], p->error_column) == 0)
            return xasprintf("%s%ld", table_reader_col_ref(rd, i), p->line);
    return xasprintf("%s!%ld", table_reader_sheet(rd), p->line);
}

/* The trimmed text of a field for this row: its cell, or its constant; NULL when blank. */
static char *field_text(const pay_spec *f, const csv_record *rec)
{
    if (f->value)
        return xstrdup(f->value);
    if (f->col < 0 || (size_t)f->col >= rec->nfields)
        return NULL;
    const char *s = rec->fields[f->col];
    size_t len = rec->lens[f->col];
    trim_span(&s, &len);
    return len ? xstrndup(s, len) : NULL;
}

static void read_invoice(const pay_spec *f, ic_payment *p, char *text)
{
    if (!text) {
        payment_fail(p, f->column, "invoice: the cell is blank; which invoice is paid?");
        return;
    }
    if (!f->has_pattern) {
        p->invoice = text;
        return;
    }
    regmatch_t mt[2];
    if (regexec(&f->pattern, text, 2, mt, 0) != 0) {
        payment_fail(p, f->column, "invoice: no invoice matching '%s' in '%s'", f->pattern_text,
                     text);
        free(text);
        return;
    }
    /* the first group when the pattern has one, else the whole match */
    regmatch_t *m = f->pattern.re_nsub > 0 && mt[1].rm_so >= 0 ? &mt[1] : &mt[0];
    p->invoice = xstrndup(text + m->rm_so, (size_t)(m->rm_eo - m->rm_so));
    free(text);
}

static void read_amount(const pay_map *pm, ic_payment *p, char *text)
{
    const char *col = pm->f[PF_AMOUNT].column;
    if (!text) {
        payment_fail(p, col, "amount: the cell is blank");
        return;
    }
    money_t v = 0;
    enum money_status st = money_parse(text, strlen(text), pm->m->decimal, &v);
    if (st != MONEY_OK)
        payment_fail(p, col, "amount: '%s' is not an amount (%s)", text, money_strerror(st));
    else if (v <= 0)
        payment_fail(p, col, "amount: %s is not a payment received (it must be more than 0)", text);
    else
        p->amount = v;
    free(text);
}

static void read_date(const pay_map *pm, ic_payment *p, char *text)
{
    const pay_spec *f = &pm->f[PF_DATE];
    const char *fmt = f->format ? f->format : pm->m->date_format;
    if (!text) {
        payment_fail(p, f->column, "date: the cell is blank");
        return;
    }
    int64_t t = 0;
    enum date_status st = date_parse(text, strlen(text), fmt, pm->m->timezone, &t);
    if (st != DATE_OK) {
        char why[256];
        payment_fail(p, f->column, "date: '%s' %s", text, date_strerror(st, fmt, why, sizeof why));
    } else {
        p->date = t;
        date_format_ymd(t, pm->m->timezone, p->date_ymd, sizeof p->date_ymd);
    }
    free(text);
}

static void read_currency(const pay_map *pm, ic_payment *p, char *text)
{
    if (!text)
        return; /* the invoice's */
    char code[4] = "";
    if (strlen(text) == 3)
        for (int i = 0; i < 3; i++)
            code[i] = (char)toupper((unsigned char)text[i]);
    if (!code[0] || !currency_is_iso4217(code))
        payment_fail(p, pm->f[PF_CURRENCY].column,
                     "currency: '%s' is not an ISO 4217 currency code", text);
    else
        memcpy(p->currency, code, 4);
    free(text);
}

static bool blank_record(const csv_record *rec)
{
    for (size_t i = 0; i < rec->nfields; i++) {
        const char *s = rec->fields[i];
        size_t len = rec->lens[i];
        trim_span(&s, &len);
        if (len)
            return false;
    }
    return true;
}

static int on_record(void *ctx, const csv_record *rec)
{
    read_ctx *rc = ctx;
    pay_map *pm = rc->pm;
    if (blank_record(rec)) {
        rc->out->rows_blank++;
        return 0;
    }
    ic_payment *p = pay_batch_add(rc->out);
    p->line = rec->line;
    p->record = rec->index;
    read_invoice(&pm->f[PF_INVOICE], p, field_text(&pm->f[PF_INVOICE], rec));
    read_amount(pm, p, field_text(&pm->f[PF_AMOUNT], rec));
    read_date(pm, p, field_text(&pm->f[PF_DATE], rec));
    read_currency(pm, p, field_text(&pm->f[PF_CURRENCY], rec));
    p->method = field_text(&pm->f[PF_METHOD], rec);
    p->reference = field_text(&pm->f[PF_REFERENCE], rec);
    p->payer = field_text(&pm->f[PF_PAYER], rec);
    if (p->valid) {
        payment_make_key(p);
    } else {
        rc->out->n_invalid++;
        if (table_reader_sheet(rc->rd))
            p->error_cell = sheet_cell(rc->rd, p);
    }
    return 0;
}

int pay_map_read(pay_map *pm, const char *csv_path, pay_batch *out, ic_err *err)
{
    memset(out, 0, sizeof *out);
    out->csv_path = xstrdup(csv_path);
    table_options to = pay_map_table_options(pm);
    table_reader *rd = table_reader_open(csv_path, &to, err);
    if (!rd)
        return err->code ? err->code : IC_EXIT_IO;
    free(out->csv_path);
    out->csv_path = xstrdup(table_reader_path(rd));
    mapping_errors errs;
    memset(&errs, 0, sizeof errs);
    int rc = pay_map_bind(pm, table_reader_header(rd), table_reader_ncols(rd), out->csv_path, &errs,
                          err);
    mapping_errors_release(&errs);
    if (rc == 0) {
        read_ctx ctx = {pm, out, rd};
        rc = table_reader_run(rd, on_record, &ctx, err);
    }
    table_reader_free(rd);
    return rc;
}
