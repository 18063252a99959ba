/* The JSON validation report (shape in docs/validate.md).  The outer object is written piece by
 * piece so a large batch never needs one tree for the whole file; each invoice and problem is a
 * cJSON object printed on its own line, which keeps the file easy to diff and to grep. */
#include "formats/report.h"
#include "util/common.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Prints one object (consumed) followed by `after`; false when printing failed. */
static bool put_item(FILE *fp, cJSON *obj, const char *after)
{
    char *s = cJSON_PrintUnformatted(obj);
    cJSON_Delete(obj);
    if (!s)
        return false;
    fputs(s, fp);
    fputs(after, fp);
    cJSON_free(s);
    return true;
}

static void add_money(cJSON *obj, const char *name, bool has, money_t m)
{
    if (!has) {
        cJSON_AddNullToObject(obj, name);
        return;
    }
    char buf[MONEY_MAX_TEXT];
    money_format(m, 4, buf, sizeof buf);
    cJSON_AddStringToObject(obj, name, buf);
}

static void add_str_or_null(cJSON *obj, const char *name, const char *s)
{
    if (s)
        cJSON_AddStringToObject(obj, name, s);
    else
        cJSON_AddNullToObject(obj, name);
}

static cJSON *invoice_object(const ic_invoice *inv, enum report_status st)
{
    cJSON *o = cJSON_CreateObject();
    add_str_or_null(o, "key", inv->key);
    add_str_or_null(o, "invoiceNumber", inv->invoice_number);
    cJSON_AddNumberToObject(o, "firstLine", (double)inv->first_line);
    cJSON_AddStringToObject(o, "status", report_status_word(st));
    cJSON_AddNumberToObject(o, "rows", (double)inv->n_records);
    cJSON_AddNumberToObject(o, "lines", (double)inv->n_line_items);
    add_str_or_null(o, "currency", inv->currency[0] ? inv->currency : NULL);
    report_figures f;
    report_invoice_figures(inv, &f);
    add_money(o, "subtotal", f.has_subtotal, f.subtotal);
    add_money(o, "costs", f.has_costs, f.costs);
    add_money(o, "total", f.has_total, f.total);
    return o;
}

static cJSON *problem_object(const ic_problem *p)
{
    cJSON *o = cJSON_CreateObject();
    add_str_or_null(o, "file", p->file);
    if (p->line > 0)
        cJSON_AddNumberToObject(o, "line", (double)p->line);
    else
        cJSON_AddNullToObject(o, "line");
    add_str_or_null(o, "column", p->column);
    if (p->cell) /* a workbook: "Invoices!C14", line being the sheet's row */
        cJSON_AddStringToObject(o, "cell", p->cell);
    add_str_or_null(o, "invoice", p->invoice);
    cJSON_AddStringToObject(o, "severity", severity_word(p->severity));
    add_str_or_null(o, "message", p->message);
    return o;
}

int report_write_json(FILE *fp, const ic_batch *b, const char *map_path, ic_err *err)
{
    int rc = 0;
    enum report_status *st = report_statuses(b);

    cJSON *head = cJSON_CreateObject();
    cJSON_AddNumberToObject(head, "version", 1);
    add_str_or_null(head, "file", b->csv_path);
    add_str_or_null(head, "mapping", map_path);
    char *hs = cJSON_PrintUnformatted(head);
    cJSON_Delete(head);
    if (!hs) {
        rc = ic_err_set(err, IC_EXIT_INTERNAL, "cannot format the report");
        goto out;
    }
    /* Reopen the object to append the rest: `{"version":1,…}` loses its closing brace. */
    hs[strlen(hs) - 1] = '\0';
    fprintf(fp, "%s,\n", hs);
    cJSON_free(hs);

    cJSON *sum = cJSON_CreateObject();
    cJSON_AddNumberToObject(sum, "rows", (double)b->rows);
    cJSON_AddNumberToObject(sum, "invoices", (double)b->n_invoices);
    cJSON_AddNumberToObject(sum, "valid", (double)b->n_valid);
    cJSON_AddNumberToObject(sum, "invalid", (double)b->n_invalid);
    cJSON_AddNumberToObject(sum, "warned", (double)b->n_warned);
    cJSON_AddNumberToObject(sum, "errors", (double)b->problems.n_errors);
    cJSON_AddNumberToObject(sum, "warnings", (double)b->problems.n_warnings);
    cJSON_AddNumberToObject(sum, "omitted", (double)report_omitted(b));
    /* rows = used + skipped + error: every row accounted for */
    cJSON *rows = cJSON_AddObjectToObject(sum, "row_counts");
    cJSON_AddNumberToObject(rows, "read", (double)b->rows);
    cJSON_AddNumberToObject(rows, "used", (double)b->rows_used);
    cJSON_AddNumberToObject(rows, "skipped", (double)b->rows_skipped);
    cJSON_AddNumberToObject(rows, "error", (double)b->rows_error);
    fputs("\"summary\":", fp);
    if (!put_item(fp, sum, ",\n")) {
        rc = ic_err_set(err, IC_EXIT_INTERNAL, "cannot format the report");
        goto out;
    }

    fputs("\"invoices\":[", fp);
    size_t ninv = report_listed_invoices(b);
    for (size_t i = 0; i < ninv; i++) {
        fputs(i ? ",\n" : "\n", fp);
        if (!put_item(fp, invoice_object(&b->invoices[i], st[i]), "")) {
            rc = ic_err_set(err, IC_EXIT_INTERNAL, "cannot format the report");
            goto out;
        }
    }
    fputs(ninv ? "\n],\n" : "],\n", fp);

    fputs("\"problems\":[", fp);
    for (size_t i = 0; i < b->problems.n; i++) {
        fputs(i ? ",\n" : "\n", fp);
        if (!put_item(fp, problem_object(&b->problems.items[i]), "")) {
            rc = ic_err_set(err, IC_EXIT_INTERNAL, "cannot format the report");
            goto out;
        }
    }
    fputs(b->problems.n ? "\n]}\n" : "]}\n", fp);
    if (ferror(fp))
        rc = ic_err_set(err, IC_EXIT_IO, "cannot write the report: %s", strerror(errno));
out:
    free(st);
    return rc;
}
