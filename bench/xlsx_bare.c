/* The floor for bench/40_export.sh: bare libxlsxwriter writing the same cells `invoicectl export`
 * writes for the Invoices, Line Items and Cost Lines sheets (constant_memory mode, the same number
 * formats, headers, frozen panes and widths), from a JSON Lines export of the same invoices.
 *
 *   xlsx_bare IN.jsonl OUT.xlsx AS_OF_DAY     (AS_OF_DAY: days since 1970-01-01)
 *
 * The JSON is read and turned into cell values first (not timed); then the writing and
 * workbook_close are timed and printed as "bare_write_s=SECONDS rows=N".  Amounts are kept as
 * integer ten-thousandths until the cell is written, like the real writer.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

struct li {
    char *sku, *desc;
    int64_t qty, price, disc, total;
    int has_disc;
};
struct cl {
    char *desc;
    int64_t amount;
};
struct inv {
    char *number, *cust, *name, *po, *order, *ext;
    const char *status;
    char cur[4];
    double id;
    int64_t issued, due, orig, open; /* days, days, ten-thousandths */
    int has_issued, has_due, show_days;
    int64_t days;
    struct li *li;
    size_t nli;
    struct cl *cl;
    size_t ncl;
};

static char *dup_str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) && v->valuestring[0] ? strdup(v->valuestring) : NULL;
}

/* "123.4500" (or a number) to ten-thousandths. */
static int64_t amount(const cJSON *v)
{
    if (cJSON_IsObject(v))
        v = cJSON_GetObjectItemCaseSensitive(v, "value");
    const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
    char buf[64];
    if (!s && cJSON_IsNumber(v)) {
        snprintf(buf, sizeof buf, "%.4f", v->valuedouble);
        s = buf;
    }
    if (!s)
        return 0;
    int neg = *s == '-';
    if (neg || *s == '+')
        s++;
    int64_t whole = 0, frac = 0;
    int places = 0;
    for (; *s >= '0' && *s <= '9'; s++)
        whole = whole * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            if (places < 4) {
                frac = frac * 10 + (*s - '0');
                places++;
            }
    while (places++ < 4)
        frac *= 10;
    int64_t r = whole * 10000 + frac;
    return neg ? -r : r;
}

static int64_t day_of(int64_t t)
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

static int decimals(const char *c)
{
    static const char *const zero[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                       "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
                                       "VND", "VUV", "XAF", "XOF", "XPF"};
    static const char *const three[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
    for (size_t i = 0; i < sizeof zero / sizeof *zero; i++)
        if (!strcmp(c, zero[i]))
            return 0;
    for (size_t i = 0; i < sizeof three / sizeof *three; i++)
        if (!strcmp(c, three[i]))
            return 3;
    return 2;
}

static void parse(const cJSON *o, struct inv *v, int64_t as_of)
{
    memset(v, 0, sizeof *v);
    v->number = dup_str(o, "invoiceNumber");
    v->cust = dup_str(o, "customerId");
    v->name = dup_str(o, "customerName");
    v->po = dup_str(o, "purchaseOrderNumber");
    v->order = dup_str(o, "orderNumber");
    v->ext = dup_str(o, "externalId");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    v->id = cJSON_IsNumber(id) ? id->valuedouble : 0;
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(o, "status");
    int status = cJSON_IsNumber(st) ? st->valueint : -1;
    v->status = status == 0   ? "open"
                : status == 1 ? "partially paid"
                : status == 2 ? "completed"
                              : NULL;
    const cJSON *ob = cJSON_GetObjectItemCaseSensitive(o, "originalBalance");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(ob, "code");
    snprintf(v->cur, sizeof v->cur, "%s", cJSON_IsString(code) ? code->valuestring : "");
    v->orig = amount(ob);
    v->open = amount(cJSON_GetObjectItemCaseSensitive(o, "openBalance"));
    const cJSON *is = cJSON_GetObjectItemCaseSensitive(o, "issuedAt");
    const cJSON *du = cJSON_GetObjectItemCaseSensitive(o, "dueDate");
    if (cJSON_IsNumber(is) && is->valuedouble > 0) {
        v->has_issued = 1;
        v->issued = day_of((int64_t)is->valuedouble);
    }
    if (cJSON_IsNumber(du) && du->valuedouble > 0) {
        v->has_due = 1;
        v->due = day_of((int64_t)du->valuedouble);
        if (status != 2) {
            v->show_days = 1;
            v->days = as_of - v->due > 0 ? as_of - v->due : 0;
        }
    }
    const cJSON *det = cJSON_GetObjectItemCaseSensitive(o, "details");
    const cJSON *lis = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(det, "details"), "lineItems");
    const cJSON *cls = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(det, "header"), "costLines");
    v->nli = (size_t)cJSON_GetArraySize(lis);
    v->li = calloc(v->nli + 1, sizeof *v->li);
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, lis)
    {
        struct li *l = &v->li[i++];
        l->sku = dup_str(e, "sku");
        l->desc = dup_str(e, "description");
        l->qty = amount(cJSON_GetObjectItemCaseSensitive(e, "quantity"));
        l->price = amount(cJSON_GetObjectItemCaseSensitive(e, "unitPrice"));
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(e, "unitDiscount");
        l->has_disc = d != NULL && !cJSON_IsNull(d);
        l->disc = l->has_disc ? amount(d) : 0;
        __int128 p = (__int128)l->qty * (l->price - l->disc);
        l->total = (int64_t)((p + (p >= 0 ? 5000 : -5000)) / 10000);
    }
    v->ncl = (size_t)cJSON_GetArraySize(cls);
    v->cl = calloc(v->ncl + 1, sizeof *v->cl);
    i = 0;
    cJSON_ArrayForEach(e, cls)
    {
        v->cl[i].desc = dup_str(e, "description");
        v->cl[i].amount = amount(cJSON_GetObjectItemCaseSensitive(e, "amount"));
        i++;
    }
}

static lxw_workbook *wb;
static struct {
    char cur[4];
    lxw_format *f;
} fmts[64];
static size_t nfmts;

static lxw_format *money_fmt(const char *cur)
{
    for (size_t i = 0; i < nfmts; i++)
        if (!strcmp(fmts[i].cur, cur))
            return fmts[i].f;
    char nf[64];
    int d = decimals(cur);
    snprintf(nf, sizeof nf, "[$%s] #,##0%s%.*s", cur, d ? "." : "", d, "0000");
    lxw_format *f = workbook_add_format(wb);
    format_set_num_format(f, nf);
    if (nfmts < 64) {
        memcpy(fmts[nfmts].cur, cur, 4);
        fmts[nfmts++].f = f;
    }
    return f;
}

static void str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s)
{
    if (s)
        worksheet_write_string(ws, r, c, s, NULL);
}

static double money(int64_t m)
{
    return (double)m / 10000.0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: xlsx_bare IN.jsonl OUT.xlsx AS_OF_DAY\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    int64_t as_of = strtoll(argv[3], NULL, 10);
    size_t n = 0, cap = 1024;
    struct inv *v = malloc(cap * sizeof *v);
    char *line = NULL;
    size_t lcap = 0;
    while (getline(&line, &lcap, in) > 0) {
        cJSON *o = cJSON_Parse(line);
        if (!o)
            continue;
        if (n == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        parse(o, &v[n++], as_of);
        cJSON_Delete(o);
    }
    free(line);
    fclose(in);

    struct timespec t0, t1, c0, c1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE};
    wb = workbook_new_opt(argv[2], &wo);
    lxw_worksheet *si = workbook_add_worksheet(wb, "Invoices");
    lxw_worksheet *sl = workbook_add_worksheet(wb, "Line Items");
    lxw_worksheet *sc = workbook_add_worksheet(wb, "Cost Lines");
    lxw_format *hdr = workbook_add_format(wb);
    format_set_bold(hdr);
    format_set_bottom(hdr, LXW_BORDER_THIN);
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    static const char *const hi[] = {"Invoice Number", "ID",         "Customer ID",
                                     "Customer Name",  "Status",     "PO Number",
                                     "Order Number",   "Issued",     "Due",
                                     "Days Past Due",  "Currency",   "Original Balance",
                                     "Open Balance",   "External ID"};
    static const char *const hl[] = {"Invoice Number", "SKU",      "Description", "Quantity",
                                     "Unit Price",     "Discount", "Line Total"};
    static const char *const hc[] = {"Invoice Number", "Description", "Amount"};
    for (lxw_col_t c = 0; c < 14; c++)
        worksheet_write_string(si, 0, c, hi[c], hdr);
    for (lxw_col_t c = 0; c < 7; c++)
        worksheet_write_string(sl, 0, c, hl[c], hdr);
    for (lxw_col_t c = 0; c < 3; c++)
        worksheet_write_string(sc, 0, c, hc[c], hdr);
    lxw_row_t ri = 1, rl = 1, rc = 1;
    for (size_t i = 0; i < n; i++, ri++) {
        struct inv *x = &v[i];
        lxw_format *mf = money_fmt(x->cur);
        str(si, ri, 0, x->number);
        if (x->id)
            worksheet_write_number(si, ri, 1, x->id, NULL);
        str(si, ri, 2, x->cust);
        str(si, ri, 3, x->name);
        str(si, ri, 4, x->status);
        str(si, ri, 5, x->po);
        str(si, ri, 6, x->order);
        if (x->has_issued)
            worksheet_write_number(si, ri, 7, (double)(x->issued + 25569), date);
        if (x->has_due)
            worksheet_write_number(si, ri, 8, (double)(x->due + 25569), date);
        if (x->show_days)
            worksheet_write_number(si, ri, 9, (double)x->days, NULL);
        str(si, ri, 10, x->cur[0] ? x->cur : NULL);
        worksheet_write_number(si, ri, 11, money(x->orig), mf);
        worksheet_write_number(si, ri, 12, money(x->open), mf);
        str(si, ri, 13, x->ext);
        for (size_t j = 0; j < x->nli; j++, rl++) {
            struct li *l = &x->li[j];
            str(sl, rl, 0, x->number);
            str(sl, rl, 1, l->sku);
            str(sl, rl, 2, l->desc);
            worksheet_write_number(sl, rl, 3, money(l->qty), NULL);
            worksheet_write_number(sl, rl, 4, money(l->price), mf);
            if (l->has_disc)
                worksheet_write_number(sl, rl, 5, money(l->disc), mf);
            worksheet_write_number(sl, rl, 6, money(l->total), mf);
        }
        for (size_t j = 0; j < x->ncl; j++, rc++) {
            str(sc, rc, 0, x->number);
            str(sc, rc, 1, x->cl[j].desc);
            worksheet_write_number(sc, rc, 2, money(x->cl[j].amount), mf);
        }
    }
    worksheet_freeze_panes(si, 1, 0);
    worksheet_freeze_panes(sl, 1, 0);
    worksheet_freeze_panes(sc, 1, 0);
    worksheet_set_column(si, 0, 13, 16, NULL);
    worksheet_set_column(sl, 0, 6, 16, NULL);
    worksheet_set_column(sc, 0, 2, 16, NULL);
    lxw_error e = workbook_close(wb);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    if (e != LXW_NO_ERROR) {
        fprintf(stderr, "xlsx_bare: %s\n", lxw_strerror(e));
        return 1;
    }
    printf("bare_write_s=%.3f bare_cpu_s=%.3f invoices=%zu line_items=%u cost_lines=%u\n",
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
           (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9, n, rl - 1,
           rc - 1);
    return 0;
}
