/* The settings sections of mapping_load: locale, csv, group_by, checks, rounding, and the "_todo"
 * list of an unfinished mapping. */
#include "mapping/load_internal.h"
#include "model/date.h"
#include "model/target.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int parse_locale(lctx *c, const cJSON *j)
{
    static const char *const keys[] = {"decimal", "date", "timezone", "currency"};
    mapping *m = c->m;
    if (!j)
        return 0;
    if (!cJSON_IsObject(j))
        return load_fail(c, "locale", "expected an object, got %s", json_kind(j));
    /* Each setting is checked on its own. */
    int rc = check_keys(c, j, "locale", keys, 4, false);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "decimal");
    if (d) {
        if (!cJSON_IsString(d) ||
            (strcmp(d->valuestring, ".") != 0 && strcmp(d->valuestring, ",") != 0))
            rc = load_fail(c, "locale.decimal", "expected \".\" or \",\"");
        else
            m->decimal = d->valuestring[0];
    }
    const cJSON *df = cJSON_GetObjectItemCaseSensitive(j, "date");
    if (df) {
        char why[512];
        const char *bad = NULL;
        if (!cJSON_IsString(df))
            rc = load_fail(c, "locale.date",
                           "expected a date format such as \"%%Y-%%m-%%d\", \"iso\" or \"excel\"");
        else if ((bad = date_format_problem(df->valuestring, why, sizeof why)))
            rc = load_fail(c, "locale.date", "%s", bad);
        else {
            free(m->date_format);
            m->date_format = xstrdup(df->valuestring);
        }
    }
    const cJSON *tz = cJSON_GetObjectItemCaseSensitive(j, "timezone");
    if (tz) {
        if (!cJSON_IsString(tz) || !*tz->valuestring)
            rc = load_fail(c, "locale.timezone",
                           "expected an IANA time zone name such as \"Europe/Berlin\"");
        else if (!date_zone_valid(tz->valuestring))
            rc = load_fail(c, "locale.timezone",
                           "unknown time zone '%s'; expected an IANA name such as "
                           "\"America/Chicago\" or \"UTC\"",
                           tz->valuestring);
        else {
            free(m->timezone);
            m->timezone = xstrdup(tz->valuestring);
        }
    }
    const cJSON *cur = cJSON_GetObjectItemCaseSensitive(j, "currency");
    if (cur) {
        if (!cJSON_IsString(cur) || strlen(cur->valuestring) != 3 ||
            !currency_is_iso4217(cur->valuestring))
            rc = load_fail(c, "locale.currency",
                           "expected an ISO 4217 currency code such as \"USD\", got %s%s%s",
                           cJSON_IsString(cur) ? "'" : "",
                           cJSON_IsString(cur) ? cur->valuestring : json_kind(cur),
                           cJSON_IsString(cur) ? "'" : "");
        else
            memcpy(m->currency, cur->valuestring, 4);
    }
    return rc;
}

int parse_workbook_opts(lctx *c, const cJSON *root)
{
    int rc = 0;
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "sheet");
    if (s && (!cJSON_IsString(s) || !s->valuestring[0]))
        rc = load_fail(c, "sheet", "expected the name of a sheet of the workbook, got %s",
                       json_kind(s));
    else if (s)
        c->m->sheet = xstrdup(s->valuestring);
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(root, "header_row");
    if (h && (!cJSON_IsNumber(h) || h->valuedouble != (double)(long)h->valuedouble ||
              h->valuedouble < 1 || h->valuedouble > 1048576))
        rc = load_fail(c, "header_row", "expected a row number from 1 to 1048576");
    else if (h)
        c->m->header_row = (long)h->valuedouble;
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(root, "join");
    if (j) {
        static const char *const keys[] = {"column", "sheets"};
        const cJSON *col = cJSON_GetObjectItemCaseSensitive(j, "column");
        const cJSON *sh = cJSON_GetObjectItemCaseSensitive(j, "sheets");
        if (!cJSON_IsObject(j) || check_keys(c, j, "join", keys, 2, false))
            return load_fail(c, "join", "expected {\"column\": C, \"sheets\": [...]}");
        if (!cJSON_IsString(col) || !col->valuestring[0])
            return load_fail(c, "join.column", "expected the name of the column the sheets share");
        if (!cJSON_IsArray(sh) || !cJSON_GetArraySize(sh))
            return load_fail(c, "join.sheets", "expected a list of sheet names");
        const cJSON *e;
        cJSON_ArrayForEach(e, sh)
        {
            if (!cJSON_IsString(e) || !e->valuestring[0])
                return load_fail(c, "join.sheets", "expected a list of sheet names");
        }
        mapping *m = c->m;
        m->join_col = xstrdup(col->valuestring);
        m->njoin = (size_t)cJSON_GetArraySize(sh);
        m->join_sheets = xcalloc(m->njoin, sizeof *m->join_sheets);
        size_t k = 0;
        cJSON_ArrayForEach(e, sh) m->join_sheets[k++] = xstrdup(e->valuestring);
    }
    return rc;
}

int parse_csv_opts(lctx *c, const cJSON *j)
{
    static const char *const keys[] = {"delimiter", "encoding"};
    mapping *m = c->m;
    if (!j)
        return 0;
    if (!cJSON_IsObject(j))
        return load_fail(c, "csv", "expected an object, got %s", json_kind(j));
    int rc = check_keys(c, j, "csv", keys, 2, false);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "delimiter");
    if (d) {
        const char *v = cJSON_IsString(d) ? d->valuestring : "";
        if (strcmp(v, "auto") == 0)
            m->csv.delimiter = 0;
        else if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
            m->csv.delimiter = '\t';
        else if (strlen(v) == 1 && strchr(",;\t|", v[0]))
            m->csv.delimiter = v[0];
        else
            rc = load_fail(c, "csv.delimiter", "expected \",\", \";\", \"\\t\", \"|\" or \"auto\"");
    }
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "encoding");
    if (e) {
        int enc = cJSON_IsString(e) ? csv_encoding_from_name(e->valuestring) : -1;
        if (enc < 0)
            rc = load_fail(c, "csv.encoding",
                           "expected \"utf-8\", \"windows-1252\" or \"latin-1\"%s%s%s",
                           cJSON_IsString(e) ? ", got '" : "",
                           cJSON_IsString(e) ? e->valuestring : "", cJSON_IsString(e) ? "'" : "");
        else
            m->csv.encoding = (enum csv_encoding)enc;
    }
    return rc;
}

int parse_group_by(lctx *c, const cJSON *j)
{
    mapping *m = c->m;
    if (!j) {
        const fspec *inv = &m->inv[IF_INVOICE_NUMBER];
        if (inv->src == SRC_NONE)
            return 0; /* invoice.invoiceNumber is missing or wrong: that error says it all */
        if (inv->src != SRC_COLUMN)
            return load_fail(c, "group_by",
                             "missing: name the columns whose equal values make one invoice, "
                             "such as [\"Invoice Number\"]");
        m->group_by = xmalloc(sizeof *m->group_by);
        m->group_by[0] = xstrdup(inv->column);
        m->n_group = 1;
    } else if (cJSON_IsString(j) && *j->valuestring) {
        m->group_by = xmalloc(sizeof *m->group_by);
        m->group_by[0] = xstrdup(j->valuestring);
        m->n_group = 1;
    } else if (cJSON_IsArray(j)) {
        int n = cJSON_GetArraySize(j);
        if (n == 0)
            return load_fail(c, "group_by", "empty list: name at least one column");
        m->group_by = xcalloc((size_t)n, sizeof *m->group_by);
        int i = 0;
        for (const cJSON *e = j->child; e; e = e->next, i++) {
            if (!cJSON_IsString(e) || !*e->valuestring) {
                char p[64];
                snprintf(p, sizeof p, "group_by[%d]", i);
                return load_fail(c, p, "expected a column name");
            }
            m->group_by[i] = xstrdup(e->valuestring);
            m->n_group = (size_t)i + 1;
        }
    } else {
        return load_fail(c, "group_by", "expected a list of column names, got %s", json_kind(j));
    }
    m->group_cols = xmalloc(m->n_group * sizeof *m->group_cols);
    for (size_t i = 0; i < m->n_group; i++)
        m->group_cols[i] = -1;
    return 0;
}

int parse_checks(lctx *c, const cJSON *j)
{
    static const char *const keys[] = {"totals", "tolerance"};
    if (!j)
        return 0;
    if (!cJSON_IsObject(j))
        return load_fail(c, "checks", "expected an object, got %s", json_kind(j));
    int rc = check_keys(c, j, "checks", keys, IC_ARRAY_LEN(keys), false);
    if (rc)
        return rc;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "totals");
    if (t) {
        const char *v = cJSON_IsString(t) ? t->valuestring : "";
        if (strcmp(v, "error") == 0)
            c->m->totals = TOTALS_ERROR;
        else if (strcmp(v, "warning") == 0)
            c->m->totals = TOTALS_WARNING;
        else if (strcmp(v, "off") == 0)
            c->m->totals = TOTALS_OFF;
        else
            return load_fail(c, "checks.totals", "expected \"error\", \"warning\" or \"off\"");
    }
    /* An amount written as in JSON ('.' decimals), whatever the CSV's locale: "0.01". */
    const cJSON *tol = cJSON_GetObjectItemCaseSensitive(j, "tolerance");
    if (tol) {
        char *text = cJSON_IsString(tol) || cJSON_IsNumber(tol) ? scalar_text(tol) : NULL;
        money_t v = 0;
        enum money_status st = text ? money_parse(text, strlen(text), '.', &v) : MONEY_SYNTAX;
        if (st == MONEY_OK && v < 0)
            rc = load_fail(c, "checks.tolerance",
                           "'%s' is negative; expected an amount such as \"0.01\"", text);
        else if (st != MONEY_OK)
            rc = load_fail(c, "checks.tolerance", "expected an amount such as \"0.01\", got %s%s%s",
                           text ? "'" : "", text ? text : json_kind(tol), text ? "'" : "");
        else
            c->m->tolerance = v;
        free(text);
    }
    return rc;
}

/* "rounding": {"lines": "currency"} rounds each line amount to the currency's minor unit before
 * the lines are summed (as ERPs do); "4", the default, keeps the API's 4 decimals. */
int parse_rounding(lctx *c, const cJSON *j)
{
    static const char *const keys[] = {"lines"};
    if (!j)
        return 0;
    if (!cJSON_IsObject(j))
        return load_fail(c, "rounding",
                         "expected an object such as {\"lines\": \"currency\"}, got %s",
                         json_kind(j));
    int rc = check_keys(c, j, "rounding", keys, IC_ARRAY_LEN(keys), false);
    if (rc)
        return rc;
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(j, "lines");
    if (!l)
        return 0;
    const char *v = cJSON_IsString(l) ? l->valuestring : "";
    if (strcmp(v, "currency") == 0)
        c->m->round_lines = true;
    else if (strcmp(v, "4") == 0)
        c->m->round_lines = false;
    else
        return load_fail(c, "rounding.lines", "expected \"currency\" or \"4\", got %s%s%s",
                         cJSON_IsString(l) ? "'" : "", cJSON_IsString(l) ? v : json_kind(l),
                         cJSON_IsString(l) ? "'" : "");
    return 0;
}

int refuse_todo(lctx *c, const cJSON *todo)
{
    char list[768];
    size_t used = 0, n = 0;
    list[0] = '\0';
    if (cJSON_IsArray(todo))
        for (const cJSON *e = todo->child; e; e = e->next, n++)
            if (cJSON_IsString(e) && used + 4 < sizeof list)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", n ? "; " : "",
                                         e->valuestring);
    if (used >= sizeof list)
        used = sizeof list - 1;
    return load_fail(c, "_todo", "the mapping is unfinished%s%s; fix %s and remove \"_todo\"",
                     n ? ": " : "", list, n == 1 ? "it" : "them");
}

void parse_target(lctx *c, const cJSON *t)
{
    if (!t)
        return;
    if (!cJSON_IsString(t) || !target_known(t->valuestring)) {
        load_fail(c, "target", "%s%s%s is not supported; expected %s", cJSON_IsString(t) ? "'" : "",
                  cJSON_IsString(t) ? t->valuestring : json_kind(t), cJSON_IsString(t) ? "'" : "",
                  target_names());
        return;
    }
    free(c->m->target);
    c->m->target = xstrdup(t->valuestring);
}
