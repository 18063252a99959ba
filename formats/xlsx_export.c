#include "formats/xlsx_export_internal.h"
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

static int next_row(struct sheet *sh, lxw_row_t *row, ic_err *err)
{
    if (sh->next >= XLSX_MAX_ROWS)
        return ic_err_set(err, IC_EXIT_IO,
                          "sheet '%s' is full (Excel allows %u rows): export to CSV instead",
                          sh->name, XLSX_MAX_ROWS);
    *row = sh->next++;
    return 0;
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
    free(x->store);
    free(x->filters);
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
    x->store = o->store && *o->store ? xstrdup(o->store) : NULL;
    x->filters = o->filters && *o->filters ? xstrdup(o->filters) : NULL;
    aging_init(&x->aging);

    int y, m, d;
    date_civil_from_days(o->as_of_day, &y, &m, &d);
    snprintf(x->as_of_text, sizeof x->as_of_text, "As of %04d-%02d-%02d (%.60s)", y, m, d,
             xlsx_zone_name(x));
    char subject[320];
    snprintf(subject, sizeof subject, "Invoices and open balances as of %04d-%02d-%02d (%s)", y, m,
             d, xlsx_zone_name(x));
    lxw_doc_properties props = {
        .title = (char *)(o->title ? o->title : "Invoices"),
        .subject = (char *)(o->subject ? o->subject : subject),
        .comments = (char *)"Written by invoicectl export",
        .created = (time_t)o->created,
    };
    workbook_set_properties(wb, &props);

    /* The Summary comes first (it is what an accountant reads first) though it is written last. */
    x->summary = workbook_add_worksheet(wb, "Summary");
    xlsx_sheet_init(&x->inv, workbook_add_worksheet(wb, "Invoices"), "Invoices",
                    XLSX_INVOICE_NCOLS);
    xlsx_sheet_init(&x->li, workbook_add_worksheet(wb, "Line Items"), "Line Items", LI_NCOLS);
    xlsx_sheet_init(&x->cl, workbook_add_worksheet(wb, "Cost Lines"), "Cost Lines", CL_NCOLS);
    x->ag = workbook_add_worksheet(wb, "Aging");
    x->charts = workbook_add_worksheet(wb, "Charts");
    if (!x->summary || !x->inv.ws || !x->li.ws || !x->cl.ws || !x->ag || !x->charts) {
        ic_err_set(err, IC_EXIT_IO, "cannot create the sheets of '%s'", o->path);
        goto fail;
    }
    if (xlsx_sheet_header(x, &x->inv, xlsx_invoice_columns, err) ||
        xlsx_sheet_header(x, &x->li, li_columns, err) ||
        xlsx_sheet_header(x, &x->cl, cl_columns, err))
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
    snprintf(idtext, sizeof idtext, "%lld", (long long)inv->id);
    int64_t days, issued;
    if ((rc = xlsx_cell_text(sh, r, IC_NUMBER, inv->invoice_number, NULL, err)) ||
        /* Identifiers are text, left-aligned like the Customer ID beside them: a right-aligned
         * number there ran into it ("40 3188"). */
        (inv->id && (rc = xlsx_cell_text(sh, r, IC_ID, idtext, NULL, err))) ||
        (!inv->id && inv->text_id &&
         (rc = xlsx_cell_text(sh, r, IC_ID, inv->text_id, NULL, err))) ||
        (rc = xlsx_cell_text(sh, r, IC_CUSTOMER_ID, inv->customer_id, NULL, err)) ||
        (rc = xlsx_cell_text(sh, r, IC_CUSTOMER_NAME, inv->customer_name, NULL, err)) ||
        (inv->has_status &&
         (rc = xlsx_cell_text(sh, r, IC_STATUS, invoice_status_word(inv->status), NULL, err))) ||
        (rc = xlsx_cell_text(sh, r, IC_PO, inv->purchase_order_number, NULL, err)) ||
        (rc = xlsx_cell_text(sh, r, IC_ORDER, inv->order_number, NULL, err)) ||
        (export_issued_at(inv, &issued) &&
         (rc = xlsx_cell_date(x, sh, r, IC_ISSUED, issued, err))) ||
        (inv->has_due_date && (rc = xlsx_cell_date(x, sh, r, IC_DUE, inv->due_date, err))) ||
        (aging_days_shown(inv, x->as_of_day, x->zone, &days) &&
         (rc = xlsx_cell_number(sh, r, IC_DAYS, (double)days, 6, NULL, err))) ||
        (rc = xlsx_cell_text(sh, r, IC_CURRENCY, cur, xlsx_style_code(x->st, false), err)) ||
        (inv->has_original_balance &&
         (rc = xlsx_cell_money(sh, r, IC_ORIGINAL, inv->original_balance, cur,
                               xlsx_style_money(x->st, cur, false), err))) ||
        (inv->has_open_balance &&
         (rc = xlsx_cell_money(sh, r, IC_OPEN, inv->open_balance, cur,
                               xlsx_style_money(x->st, cur, false), err))) ||
        (rc = xlsx_cell_text(sh, r, IC_EXTERNAL_ID, inv->external_id,
                             xlsx_style_after_amount(x->st), err)))
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
            (rc = xlsx_cell_text(sh, r, 0, inv->invoice_number, NULL, err)) ||
            (rc = xlsx_cell_text(sh, r, 1, li->sku, NULL, err)) ||
            (rc = xlsx_cell_text(sh, r, 2, li->description, NULL, err)) ||
            (rc = xlsx_cell_number(sh, r, 3, money_to_double(li->quantity), qlen, NULL, err)) ||
            (rc = xlsx_cell_money(sh, r, 4, li->unit_price, cur, mf, err)) ||
            (li->has_discount &&
             (rc = xlsx_cell_money(sh, r, 5, li->unit_discount, cur, mf, err))) ||
            (rc = xlsx_cell_money(sh, r, 6, total, cur, mf, err)))
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
            (rc = xlsx_cell_text(sh, r, 0, inv->invoice_number, NULL, err)) ||
            (rc = xlsx_cell_text(sh, r, 1, cl->description, NULL, err)) ||
            (rc = xlsx_cell_money(sh, r, 2, cl->amount, cur, mf, err)))
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
    x->by_status[inv->has_status && inv->status >= 0 && inv->status < XLSX_NSTATUS - 1
                     ? inv->status
                     : XLSX_NSTATUS - 1]++;
    x->invoices++;
    return 0;
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
    int rc = xlsx_sheet_autofilter(sh, err);
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
        if ((rc = xlsx_cell_text(sh, r, IC_NUMBER, label, xlsx_style_bold(x->st), err)) ||
            (rc = xlsx_cell_text(sh, r, IC_CURRENCY, t->code, xlsx_style_code(x->st, true), err)) ||
            (rc = xlsx_cell_money(sh, r, IC_ORIGINAL, t->original, t->code, mf, err)) ||
            (rc = xlsx_cell_money(sh, r, IC_OPEN, t->open, t->code, mf, err)))
            return rc;
    }
    if ((rc = xlsx_zone_note(x, sh, r + 1, err)))
        return rc;
    xlsx_page page = xlsx_export_page(x);
    xlsx_page_setup(sh->ws, &page, XLSX_FIT_WIDTH, 1, r + 1, (lxw_col_t)(sh->ncols - 1));
    return 0;
}

/* The aging tables and charts and the Summary: everything that needs the sums of all invoices. */
static int write_sums(xlsx_export *x, ic_err *err)
{
    size_t n, nt;
    const aging_row *rows = aging_rows(&x->aging, &n);
    const aging_row *tot = NULL;
    int rc = aging_totals(&x->aging, &tot, &nt, err);
    if (rc || (rc = xlsx_write_summary(x, tot, nt, err)) ||
        (rc = xlsx_write_aging(x, rows, n, tot, nt, err)) ||
        (rc = xlsx_write_charts(x, rows, n, tot, nt, err)))
        return rc;
    return 0;
}

/* A line-level sheet: its autofilter, widths and page setup. */
static int finish_detail_sheet(xlsx_export *x, struct sheet *sh, const char *const *names,
                               ic_err *err)
{
    int rc = xlsx_sheet_autofilter(sh, err);
    if (rc)
        return rc;
    xlsx_sheet_widths(sh, names);
    xlsx_page page = xlsx_export_page(x);
    xlsx_page_setup(sh->ws, &page, XLSX_FIT_WIDTH, 1, sh->next > 1 ? sh->next - 1 : 0,
                    (lxw_col_t)(sh->ncols - 1));
    return 0;
}

int xlsx_export_finish(xlsx_export *x, ic_err *err)
{
    int rc;
    if ((rc = write_invoice_totals(x, err)) || (rc = write_sums(x, err)) ||
        (rc = finish_detail_sheet(x, &x->li, li_columns, err)) ||
        (rc = finish_detail_sheet(x, &x->cl, cl_columns, err))) {
        xlsx_export_abort(x);
        return rc;
    }
    xlsx_sheet_widths(&x->inv, xlsx_invoice_columns);
    worksheet_activate(x->summary);
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
