/* mapping_load: reads the mapping file (load_file.c) and checks every key, field form, type,
 * format, zone and currency before any row is read, section by section (load_settings.c,
 * load_sections.c, load_fspec.c).  Each error names the JSON path ("invoice.dueDate.format"). */
#include "mapping/load_internal.h"
#include "mapping/lookup.h"
#include "mapping/mapping_internal.h"
#include "model/target.h"
#include "util/common.h"
#include "util/log.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* fail for skip.c, which formats its own messages. */
static int fail_cb(void *ctx, const char *path, const char *msg)
{
    return load_fail(ctx, path, "%s", msg);
}

mapping *mapping_load_all(const char *path, mapping_errors *errs, ic_err *err)
{
    static const char *const top_keys[] = {"target",    "csv",        "locale",  "group_by",
                                           "match",     "checks",     "invoice", "costLines",
                                           "lineItems", "rounding",   "skip",    "fill_down",
                                           "sheet",     "header_row", "join",    "mode"};
    mapping *m = xcalloc(1, sizeof *m);
    cJSON *root = NULL;
    lctx c = {path, err, m, errs, 0};

    m->path = xstrdup(path);
    m->decimal = '.';
    m->date_format = xstrdup("%Y-%m-%d");
    m->timezone = xstrdup("UTC");
    m->target = xstrdup("bigcommerce-b2b");
    m->match = xstrdup("invoiceNumber");
    m->csv.delimiter = ',';
    m->currency_col = -1;
    m->mode_col = -1;
    for (int i = 0; i < IF__COUNT; i++)
        m->inv[i].col = -1;

    root = load_json_file(path, err);
    if (!root)
        goto fail;
    if (!cJSON_IsObject(root)) {
        load_fail(&c, NULL, "expected a JSON object at the top, got %s", json_kind(root));
        goto fail;
    }
    const cJSON *todo = cJSON_GetObjectItemCaseSensitive(root, "_todo");
    if (todo) {
        refuse_todo(&c, todo);
        goto fail;
    }
    /* From here on every part is checked even after an error, so that the user sees every
     * independent mistake at once; a check that depends on a part in error is skipped (the
     * errors collected in c.errs, the first in err). */
    check_keys(&c, root, "", top_keys, IC_ARRAY_LEN(top_keys), true);

    parse_target(&c, cJSON_GetObjectItemCaseSensitive(root, "target"));
    parse_csv_opts(&c, cJSON_GetObjectItemCaseSensitive(root, "csv"));
    parse_workbook_opts(&c, root);
    const cJSON *loc = cJSON_GetObjectItemCaseSensitive(root, "locale");
    parse_locale(&c, loc);
    parse_checks(&c, cJSON_GetObjectItemCaseSensitive(root, "checks"));
    parse_rounding(&c, cJSON_GetObjectItemCaseSensitive(root, "rounding"));
    parse_mode(&c, cJSON_GetObjectItemCaseSensitive(root, "mode"));
    const cJSON *inv = cJSON_GetObjectItemCaseSensitive(root, "invoice");
    if (inv)
        parse_invoice(&c, inv);
    else if (!misspelt(root, "invoice", top_keys, IC_ARRAY_LEN(top_keys)))
        load_fail(
            &c, "invoice",
            "missing: map at least invoiceNumber, customerId, originalBalance and openBalance");
    const cJSON *cl = cJSON_GetObjectItemCaseSensitive(root, "costLines");
    if (cl)
        parse_cost_lines(&c, cl);
    const cJSON *li = cJSON_GetObjectItemCaseSensitive(root, "lineItems");
    if (li)
        parse_line_items(&c, li);
    char why[600];
    if (rows_when_overlap(m, why, sizeof why))
        load_fail(&c, "lineItems.when", "%s", why);
    rows_parse_skip(m, cJSON_GetObjectItemCaseSensitive(root, "skip"), fail_cb, &c);
    rows_parse_fill_down(m, cJSON_GetObjectItemCaseSensitive(root, "fill_down"), fail_cb, &c);
    const cJSON *gb = cJSON_GetObjectItemCaseSensitive(root, "group_by");
    if (gb || !misspelt(root, "group_by", top_keys, IC_ARRAY_LEN(top_keys)))
        parse_group_by(&c, gb);
    const cJSON *match = cJSON_GetObjectItemCaseSensitive(root, "match");
    if (match) {
        if (!cJSON_IsString(match) || (strcmp(match->valuestring, "invoiceNumber") != 0 &&
                                       strcmp(match->valuestring, "externalId") != 0)) {
            load_fail(&c, "match", "expected \"invoiceNumber\" or \"externalId\"");
        } else {
            free(m->match);
            m->match = xstrdup(match->valuestring);
            /* (when invoice.externalId is there but wrong, its own error says so) */
            if (strcmp(m->match, "externalId") == 0 && m->inv[IF_EXTERNAL_ID].src == SRC_NONE &&
                !cJSON_GetObjectItemCaseSensitive(inv, "externalId"))
                load_fail(&c, "match", "\"externalId\" needs invoice.externalId to be mapped");
        }
    }
    if (m->inv[IF_CURRENCY].src == SRC_NONE && !m->currency[0] &&
        !cJSON_GetObjectItemCaseSensitive(inv, "currency") &&
        !cJSON_GetObjectItemCaseSensitive(loc, "currency"))
        load_fail(&c, "locale.currency", "missing: needed because invoice.currency is not mapped");
    if (c.nerr)
        goto fail;
    lookup_collect(m);
    reverse_layout(m);
    cJSON_Delete(root);
    return m;
fail:
    /* Single errors (cannot read, invalid JSON, unfinished) are listed too, so that a caller can
     * always print the list. */
    if (errs->n == 0 && errs->more == 0 && err->code)
        errs->msgs[errs->n++] = xstrdup(err->msg);
    cJSON_Delete(root);
    mapping_free(m);
    return NULL;
}

mapping *mapping_load(const char *path, ic_err *err)
{
    mapping_errors errs;
    memset(&errs, 0, sizeof errs);
    mapping *m = mapping_load_all(path, &errs, err);
    size_t more = errs.n + errs.more - (errs.n ? 1 : 0);
    if (!m && more) {
        size_t l = strlen(err->msg);
        snprintf(err->msg + l, sizeof err->msg - l,
                 " (and %zu more error%s: 'invoicectl mapping check %s' lists them all)", more,
                 more == 1 ? "" : "s", path);
    }
    mapping_errors_release(&errs);
    return m;
}

void mapping_errors_release(mapping_errors *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++)
        free(e->msgs[i]);
    memset(e, 0, sizeof *e);
}

void mapping_errors_log(const mapping_errors *e)
{
    for (size_t i = 0; i < e->n; i++)
        ic_error("%s", e->msgs[i]);
    if (e->more)
        ic_error("… and %zu more error%s", e->more, e->more == 1 ? "" : "s");
}

void mapping_free(mapping *m)
{
    if (!m)
        return;
    free(m->path);
    free(m->sheet);
    free(m->mode_column);
    free(m->join_col);
    for (size_t i = 0; i < m->njoin; i++)
        free(m->join_sheets[i]);
    free(m->join_sheets);
    free(m->lookups);
    free(m->target);
    free(m->date_format);
    free(m->timezone);
    for (size_t i = 0; i < m->n_group; i++)
        free(m->group_by[i]);
    free(m->group_by);
    free(m->group_cols);
    free(m->match);
    for (int i = 0; i < IF__COUNT; i++)
        fspec_release(&m->inv[i]);
    address_spec_release(&m->billing);
    for (size_t i = 0; i < m->n_shipping; i++)
        address_spec_release(&m->shipping[i]);
    free(m->shipping);
    for (size_t i = 0; i < m->n_extra; i++) {
        free(m->extra[i].name);
        fspec_release(&m->extra[i].f);
    }
    free(m->extra);
    for (size_t i = 0; i < m->n_costs; i++) {
        fspec_release(&m->costs[i].description);
        fspec_release(&m->costs[i].amount);
    }
    free(m->costs);
    when_release(&m->cost_when);
    fspec_release(&m->cost_row.description);
    fspec_release(&m->cost_row.amount);
    when_release(&m->item_when);
    for (int i = 0; i < LF__COUNT; i++)
        fspec_release(&m->item[i]);
    rows_release(m);
    for (size_t i = 0; i < m->ncols; i++)
        free(m->header[i]);
    free(m->header);
    free(m->il_cols);
    free(m->col_to_il);
    free(m->rl_cols);
    free(m->sums);
    for (size_t i = 0; i < m->n_rev; i++)
        free(m->rev_names[i]);
    free(m->rev_names);
    free(m);
}

csv_options mapping_csv_options(const mapping *m)
{
    return m->csv;
}

table_options mapping_table_options(const mapping *m)
{
    return (table_options){
        m->csv,  m->sheet, m->header_row, m->join_col, (const char *const *)m->join_sheets,
        m->njoin};
}

void mapping_set_sheet(mapping *m, const char *sheet)
{
    free(m->sheet);
    m->sheet = sheet ? xstrdup(sheet) : NULL;
}

const char *mapping_match_field(const mapping *m)
{
    return m->match;
}

const char *mapping_target(const mapping *m)
{
    return m->target;
}
