/* The reverse direction (export --map): invoices written back as rows in the layout of a mapping,
 * so that importing the file with the same mapping changes nothing.
 *
 * Written: plain and typed column forms (money in the locale's decimal separator, dates in the
 * field's format), lookup tables reversed (value to key), and templates that are a plain affix
 * ("ERP-{Invoice Number}": the affix is stripped).  Skipped: compute, constants, other templates.
 * Plain column forms win over templates when both name one column.
 */
#include "mapping/lookup.h"
#include "mapping/mapping_internal.h"
#include "model/date.h"
#include "util/common.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one placeholder of a plain-affix template, or NULL. */
static const tpl_part *affix_col(const fspec *f, const tpl_part **pre, const tpl_part **post)
{
    const tpl_part *col = NULL;
    *pre = *post = NULL;
    for (size_t i = 0; i < f->nparts; i++) {
        if (f->parts[i].is_col) {
            if (col)
                return NULL;
            col = &f->parts[i];
        } else if (!col) {
            *pre = &f->parts[i];
        } else {
            *post = &f->parts[i];
        }
    }
    return col;
}

static void add_name(mapping *m, const char *name)
{
    for (size_t i = 0; i < m->n_rev; i++)
        if (strcmp(m->rev_names[i], name) == 0)
            return;
    m->rev_names = xrealloc(m->rev_names, (m->n_rev + 1) * sizeof *m->rev_names);
    m->rev_names[m->n_rev++] = xstrdup(name);
}

typedef struct placed {
    int order;
    const char *name;
} placed;

typedef struct layout {
    placed *v;
    size_t n;
} layout;

static void place(layout *l, int order, const char *name)
{
    l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n++] = (placed){order, name};
}

static int layout_fspec(void *ctx, fspec *f, int level)
{
    (void)level;
    layout *l = ctx;
    if (f->src == SRC_COLUMN || f->src == SRC_MAP || f->src == SRC_SUM) {
        place(l, f->order, f->column);
    } else if (f->src == SRC_TEMPLATE) {
        const tpl_part *pre, *post, *col = affix_col(f, &pre, &post);
        if (col)
            place(l, f->order, col->text);
    }
    return 0;
}

static int cmp_placed(const void *a, const void *b)
{
    const placed *x = a, *y = b;
    return (x->order > y->order) - (x->order < y->order);
}

/* The group_by columns first, then the columns in the order the mapping file names them. */
void reverse_layout(mapping *m)
{
    layout l = {NULL, 0};
    mapping_each_fspec(m, layout_fspec, &l);
    if (l.n)
        qsort(l.v, l.n, sizeof *l.v, cmp_placed);
    for (size_t i = 0; i < m->n_group; i++)
        add_name(m, m->group_by[i]);
    for (size_t i = 0; i < l.n; i++)
        add_name(m, l.v[i].name);
    free(l.v);
    if (m->cost_rows)
        add_name(m, m->cost_when.column);
    if (m->item_when.present)
        add_name(m, m->item_when.column);
    /* Columns only the row rules name are written too (blank), so the file has every column the
     * mapping reads and imports back through it. */
    for (size_t i = 0; i < m->n_fill; i++)
        add_name(m, m->fill_down[i]);
    for (size_t i = 0; i < m->n_skip; i++)
        if (m->skip[i].column)
            add_name(m, m->skip[i].column);
}

size_t mapping_reverse_header(const mapping *m, const char ***names)
{
    *names = (const char **)m->rev_names;
    return m->n_rev;
}

typedef struct rrow {
    const mapping *m;
    char **cells;
    const char *currency;
    int pass;         /* 1: columns and maps, 2: affix templates */
    bool first;       /* the invoice's first row: a {"sum": C} amount is written there, whole */
    const char *zone; /* dates are the civil day in this zone */
} rrow;

static int col_of(const mapping *m, const char *name)
{
    for (size_t i = 0; i < m->n_rev; i++)
        if (strcmp(m->rev_names[i], name) == 0)
            return (int)i;
    return -1;
}

static void set_cell(rrow *rw, const char *name, const char *text, bool overwrite)
{
    int c = col_of(rw->m, name);
    if (c < 0 || (!overwrite && rw->cells[c]))
        return;
    free(rw->cells[c]);
    rw->cells[c] = text && *text ? xstrdup(text) : NULL;
}

/* Writes the canonical text of a value through a field form. */
static void put(rrow *rw, const fspec *f, const char *text)
{
    if (!text)
        return;
    if (f->src == SRC_SUM) {
        /* Summed back on import: the whole amount on one row, the others blank. */
        if (rw->pass == 1 && rw->first)
            set_cell(rw, f->column, text, true);
    } else if (f->src == SRC_COLUMN && f->lookup && rw->pass == 1) {
        /* The name the table gives for the id, so that the file reads back to the same id. */
        const char *name = lookup_name_of(f->lookup, text);
        set_cell(rw, f->column, name ? name : text, true);
    } else if (f->src == SRC_COLUMN && rw->pass == 1) {
        set_cell(rw, f->column, text, true);
    } else if (f->src == SRC_MAP && rw->pass == 1) {
        for (size_t i = 0; i < f->nmap; i++)
            if (strcmp(f->map[i].val, text) == 0) {
                set_cell(rw, f->column, f->map[i].key, true);
                return;
            }
    } else if (f->src == SRC_TEMPLATE && rw->pass == 2) {
        const tpl_part *pre, *post, *col = affix_col(f, &pre, &post);
        if (!col)
            return;
        size_t len = strlen(text);
        size_t pl = pre ? pre->len : 0, sl = post ? post->len : 0;
        if (len < pl + sl || (pl && memcmp(text, pre->text, pl) != 0) ||
            (sl && memcmp(text + len - sl, post->text, sl) != 0))
            return;
        char *inner = xstrndup(text + pl, len - pl - sl);
        set_cell(rw, col->text, inner, false);
        free(inner);
    }
}

static void put_money(rrow *rw, const fspec *f, money_t v)
{
    char buf[MONEY_MAX_TEXT + 8];
    if (f->type == FT_INTEGER) {
        if (v % MONEY_SCALE != 0)
            return;
        snprintf(buf, sizeof buf, "%" PRId64, v / MONEY_SCALE);
    } else if (f->kind == TK_DECIMAL || f->percent) {
        size_t n = money_format_min(v, buf, sizeof buf);
        for (size_t i = 0; i < n; i++)
            if (buf[i] == '.')
                buf[i] = rw->m->decimal;
    } else {
        money_text(v, rw->currency, rw->m->decimal, buf, sizeof buf);
    }
    put(rw, f, buf);
}

static void put_int(rrow *rw, const fspec *f, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    put(rw, f, buf);
}

static void put_date(rrow *rw, const fspec *f, int64_t t)
{
    const mapping *m = rw->m;
    int y, mo, d;
    char buf[128];
    date_civil(t, rw->zone, &y, &mo, &d);
    date_render(f->format ? f->format : m->date_format, y, mo, d, buf, sizeof buf);
    put(rw, f, buf);
}

static void put_address(rrow *rw, const addr_spec *as, const ic_address *a)
{
    if (!a || !a->present)
        return;
    const char *v[AF__COUNT] = {
        [AF_FIRST_NAME] = a->first_name, [AF_LAST_NAME] = a->last_name, [AF_STREET1] = a->street1,
        [AF_STREET2] = a->street2,       [AF_CITY] = a->city,           [AF_STATE] = a->state,
        [AF_ZIP] = a->zip_code,          [AF_COUNTRY] = a->country,
    };
    for (int i = 0; i < AF__COUNT; i++)
        put(rw, &as->f[i], v[i]);
}

static void put_invoice(rrow *rw, const ic_invoice *inv)
{
    const mapping *m = rw->m;
    const char *texts[IF__COUNT] = {
        [IF_INVOICE_NUMBER] = inv->invoice_number,
        [IF_CUSTOMER_ID] = inv->customer_id,
        [IF_EXTERNAL_ID] = inv->external_id,
        [IF_EXTERNAL_CUSTOMER_ID] = inv->external_customer_id,
        [IF_TYPE] = inv->type,
        [IF_ORDER_NUMBER] = inv->order_number,
        [IF_PO_NUMBER] = inv->purchase_order_number,
        [IF_TERMS] = inv->terms_conditions,
        [IF_PDF_URL] = inv->external_pdf_url,
        [IF_CHANNEL_ID] = inv->channel_id,
        [IF_CURRENCY] = inv->currency[0] ? inv->currency : NULL,
        [IF_CUSTOMER_NAME] = inv->customer_name,
        [IF_CUSTOMER_EMAIL] = inv->customer_email,
    };
    for (int i = 0; i < IF__COUNT; i++) {
        const fspec *f = &m->inv[i];
        if (f->src == SRC_NONE || f->src == SRC_COMPUTE || f->src == SRC_VALUE)
            continue;
        switch ((enum inv_field)i) {
        case IF_STATUS:
            if (inv->has_status)
                put_int(rw, f, inv->status);
            break;
        case IF_SOURCE:
            if (inv->has_source)
                put_int(rw, f, inv->source);
            break;
        case IF_ORIGINAL_BALANCE:
            if (inv->has_original_balance)
                put_money(rw, f, inv->original_balance);
            break;
        case IF_OPEN_BALANCE:
            if (inv->has_open_balance)
                put_money(rw, f, inv->open_balance);
            break;
        case IF_DUE_DATE:
            if (inv->has_due_date)
                put_date(rw, f, inv->due_date);
            break;
        case IF_ISSUED_AT:
            if (inv->has_issued_at)
                put_date(rw, f, inv->issued_at);
            break;
        default:
            put(rw, f, texts[i]);
        }
    }
    if (m->billing.present)
        put_address(rw, &m->billing, &inv->billing);
    for (size_t s = 0; s < m->n_shipping && s < inv->n_shipping; s++)
        put_address(rw, &m->shipping[s], &inv->shipping[s]);
    for (size_t i = 0; i < m->n_extra; i++)
        for (size_t k = 0; k < inv->n_extra_fields; k++)
            if (strcmp(inv->extra_fields[k].name, m->extra[i].name) == 0)
                put(rw, &m->extra[i].f, inv->extra_fields[k].value);
    /* Column-form cost lines: matched by their fixed description, else by position. */
    for (size_t k = 0; k < m->n_costs; k++) {
        const cost_spec *cs = &m->costs[k];
        const ic_cost_line *cl = NULL;
        if (cs->description.src == SRC_VALUE) {
            for (size_t j = 0; j < inv->n_cost_lines && !cl; j++)
                if (inv->cost_lines[j].description &&
                    strcmp(inv->cost_lines[j].description, cs->description.value) == 0)
                    cl = &inv->cost_lines[j];
        } else if (k < inv->n_cost_lines) {
            cl = &inv->cost_lines[k];
            put(rw, &cs->description, cl->description);
        }
        if (cl && cs->amount.src != SRC_COMPUTE)
            put_money(rw, &cs->amount, cl->amount);
    }
}

static void put_item(rrow *rw, const ic_line_item *li)
{
    const mapping *m = rw->m;
    const fspec *it = m->item;
    put(rw, &it[LF_SKU], li->sku);
    put(rw, &it[LF_DESCRIPTION], li->description);
    put(rw, &it[LF_TYPE], li->type);
    put(rw, &it[LF_COMMENTS], li->comments);
    put_money(rw, &it[LF_QUANTITY], li->quantity);
    put_money(rw, &it[LF_UNIT_PRICE], li->unit_price);
    money_t pct;
    if (li->has_discount && it[LF_UNIT_DISCOUNT].percent) {
        if (amounts_percent_back(li->unit_price, li->unit_discount, &pct))
            put_money(rw, &it[LF_UNIT_DISCOUNT], pct); /* a decimal: no currency decimals */
    } else if (li->has_discount) {
        put_money(rw, &it[LF_UNIT_DISCOUNT], li->unit_discount);
    }
}

static void clear_cells(const mapping *m, char **cells)
{
    for (size_t i = 0; i < m->n_rev; i++) {
        free(cells[i]);
        cells[i] = NULL;
    }
}

/* Fills one row: the invoice's fields, then (when given) one line item or one cost line. */
static void fill_row(rrow *rw, const ic_invoice *inv, const ic_line_item *li,
                     const ic_cost_line *cl)
{
    const mapping *m = rw->m;
    clear_cells(m, rw->cells);
    for (rw->pass = 1; rw->pass <= 2; rw->pass++) {
        put_invoice(rw, inv);
        if (li)
            put_item(rw, li);
        if (cl) {
            put(rw, &m->cost_row.description, cl->description);
            put_money(rw, &m->cost_row.amount, cl->amount);
        }
    }
    /* A group_by column no field writes still has to group the rows: it gets the invoice number. */
    for (size_t i = 0; i < m->n_group; i++) {
        int c = col_of(m, m->group_by[i]);
        if (c >= 0 && !rw->cells[c] && inv->invoice_number && *inv->invoice_number)
            rw->cells[c] = xstrdup(inv->invoice_number);
    }
    if (li && m->item_when.present)
        set_cell(rw, m->item_when.column, m->item_when.equals[0], true);
    if (cl && m->cost_rows)
        set_cell(rw, m->cost_when.column, m->cost_when.equals[0], true);
}

const char *mapping_timezone(const mapping *m)
{
    return m->timezone;
}

char mapping_decimal(const mapping *m)
{
    return m->decimal;
}

int mapping_reverse_rows(const mapping *m, const ic_invoice *inv,
                         int (*fn)(void *ctx, const char *const *cells, size_t ncols), void *ctx)
{
    return mapping_reverse_rows_in(m, inv, NULL, fn, ctx);
}

int mapping_reverse_rows_in(const mapping *m, const ic_invoice *inv, const char *zone,
                            int (*fn)(void *ctx, const char *const *cells, size_t ncols), void *ctx)
{
    rrow rw = {m,
               xcalloc(m->n_rev ? m->n_rev : 1, sizeof(char *)),
               inv->currency,
               1,
               true,
               zone ? zone : m->timezone};
    int rc = 0;
    size_t rows = 0;
    if (m->has_items)
        for (size_t i = 0; i < inv->n_line_items && rc == 0; i++, rows++) {
            fill_row(&rw, inv, &inv->line_items[i], NULL);
            rc = fn(ctx, (const char *const *)rw.cells, m->n_rev);
            rw.first = false;
        }
    if (m->cost_rows)
        for (size_t i = 0; i < inv->n_cost_lines && rc == 0; i++, rows++) {
            fill_row(&rw, inv, NULL, &inv->cost_lines[i]);
            rc = fn(ctx, (const char *const *)rw.cells, m->n_rev);
            rw.first = false;
        }
    if (rows == 0 && rc == 0) {
        fill_row(&rw, inv, NULL, NULL);
        rc = fn(ctx, (const char *const *)rw.cells, m->n_rev);
    }
    clear_cells(m, rw.cells);
    free(rw.cells);
    return rc;
}
