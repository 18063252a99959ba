/* plan.json and plan.xlsx. */
#include "import/plan_write.h"

#include "formats/results_write.h"
#include "formats/xlsx_style.h"
#include "util/atomic_file.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static void add_str_or_null(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

cJSON *plan_to_json(const import_plan *p, const char *csv_path)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "csv", csv_path);
    cJSON_AddStringToObject(doc, "mode", import_mode_name(p->mode));
    cJSON_AddStringToObject(doc, "match", p->match_field);
    cJSON_AddNumberToObject(doc, "store_listed", (double)p->store_listed);
    cJSON *counts = cJSON_AddObjectToObject(doc, "counts");
    for (int c = 0; c < PLAN_NCLASSES; c++)
        cJSON_AddNumberToObject(counts, plan_class_name((enum plan_class)c), (double)p->counts[c]);
    cJSON *arr = cJSON_AddArrayToObject(doc, "invoices");
    for (size_t i = 0; i < p->n; i++) {
        const plan_item *it = &p->items[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "key", it->key);
        cJSON_AddStringToObject(o, "mode", import_mode_name(it->mode));
        cJSON_AddStringToObject(o, "class", plan_class_name(it->cls));
        cJSON_AddNumberToObject(o, "line", (double)it->inv->first_line);
        if (conn_id_numeric(it->id))
            cJSON_AddNumberToObject(o, "id", strtod(it->id, NULL));
        else if (it->id[0])
            cJSON_AddStringToObject(o, "id", it->id);
        if (it->reason)
            cJSON_AddStringToObject(o, "reason", it->reason);
        if (it->cls == PLAN_UPDATE) {
            cJSON *ch = cJSON_AddArrayToObject(o, "changes");
            for (size_t k = 0; k < it->n_changes; k++) {
                cJSON *c = cJSON_CreateObject();
                cJSON_AddStringToObject(c, "path", it->changes[k].path);
                add_str_or_null(c, "stored", it->changes[k].old_value);
                add_str_or_null(c, "new", it->changes[k].new_value);
                cJSON_AddItemToArray(ch, c);
            }
        }
        cJSON_AddItemToArray(arr, o);
    }
    return doc;
}

static int write_xlsx(const import_plan *p, const char *csv_path, const char *path, ic_err *err)
{
    atomic_file *af = atomic_file_open(path, err);
    if (!af)
        return err->code;
    /* libxlsxwriter writes by name: reserve the temporary name, let it write there, then commit. */
    lxw_workbook *wb = workbook_new(atomic_file_tmp_path(af));
    if (!wb) {
        atomic_file_abort(af);
        return ic_err_set(err, IC_EXIT_IO, "cannot create '%s'", path);
    }
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (int c = 0; c < PLAN_NCLASSES; c++) {
        /* the delete and skip sheets only when the plan has such invoices: a plan without them
         * is the workbook it always was */
        if ((c == PLAN_DELETE || c == PLAN_SKIP) && p->counts[c] == 0)
            continue;
        lxw_worksheet *ws = workbook_add_worksheet(wb, plan_class_name((enum plan_class)c));
        /* the mode last: each invoice's own (a mapping "mode" column) or the command's */
        const char *const head_update[] = {"key",    "line", "invoice id", "field",
                                           "stored", "new",  "mode"};
        const char *const head_other[] = {"key", "line", "invoice id", "reason", "mode"};
        const char *const *head = c == PLAN_UPDATE ? head_update : head_other;
        size_t nh = c == PLAN_UPDATE ? IC_ARRAY_LEN(head_update) : IC_ARRAY_LEN(head_other);
        for (size_t h = 0; h < nh; h++)
            worksheet_write_string(ws, 0, (lxw_col_t)h, head[h], bold);
        worksheet_set_column(ws, 0, 0, 18, NULL);
        worksheet_set_column(ws, 3, 5, 30, NULL);
        worksheet_freeze_panes(ws, 1, 0);
        lxw_row_t row = 1;
        for (size_t i = 0; i < p->n; i++) {
            const plan_item *it = &p->items[i];
            if ((int)it->cls != c)
                continue;
            size_t nrows = c == PLAN_UPDATE && it->n_changes ? it->n_changes : 1;
            for (size_t k = 0; k < nrows; k++, row++) {
                worksheet_write_string(ws, row, 0, it->key, NULL);
                worksheet_write_string(ws, row, (lxw_col_t)(nh - 1), import_mode_name(it->mode),
                                       NULL);
                worksheet_write_number(ws, row, 1, (double)it->inv->first_line, NULL);
                if (conn_id_numeric(it->id))
                    worksheet_write_number(ws, row, 2, strtod(it->id, NULL), NULL);
                else if (it->id[0])
                    worksheet_write_string(ws, row, 2, it->id, NULL);
                if (c == PLAN_UPDATE && it->n_changes) {
                    const merge_change *ch = &it->changes[k];
                    worksheet_write_string(ws, row, 3, ch->path, NULL);
                    if (ch->old_value)
                        worksheet_write_string(ws, row, 4, ch->old_value, NULL);
                    if (ch->new_value)
                        worksheet_write_string(ws, row, 5, ch->new_value, NULL);
                } else if (it->reason) {
                    worksheet_write_string(ws, row, 3, it->reason, NULL);
                }
            }
        }
        /* Printed like every workbook invoicectl writes (formats/xlsx_style.h). */
        xlsx_page page = {.title = "Import plan", .source = csv_path ? csv_path : "-"};
        xlsx_page_setup(ws, &page, XLSX_FIT_WIDTH, 1, row - 1, (lxw_col_t)(nh - 1));
    }
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        atomic_file_abort(af);
        return ic_err_set(err, IC_EXIT_IO, "cannot write '%s': %s", path, lxw_strerror(e));
    }
    return atomic_file_commit(af, err);
}

int plan_write_files(const import_plan *p, const char *csv_path, const char *dir, ic_err *err)
{
    cJSON *doc = plan_to_json(p, csv_path);
    int rc = results_write_json(dir, "plan.json", doc, err);
    cJSON_Delete(doc);
    if (rc != 0)
        return rc;
    size_t n = strlen(dir) + 16;
    char *path = xmalloc(n);
    snprintf(path, n, "%s/plan.xlsx", dir);
    rc = write_xlsx(p, csv_path, path, err);
    free(path);
    return rc;
}
