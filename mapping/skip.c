/* The mapping's row rules (docs/mapping.md, "Rows that are not invoice data"): "skip" rules that
 * leave out totals, repeated header rows and page footers, counted and listed; "fill_down" columns
 * that one-to-many exports write only on an invoice's first row; and the check that costLines and
 * lineItems cannot both claim a row.
 *
 * The rules are parsed and their regular expressions compiled once, at load; per row, a mapping
 * without rules costs one test of n_skip.
 */
#include "mapping/mapping_internal.h"
#include "util/common.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failf(rows_fail_fn fail, void *ctx, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int failf(rows_fail_fn fail, void *ctx, const char *path, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return fail(ctx, path, msg);
}

/* Unknown and repeated keys of one rule, with the nearest known key as the loader does it. */
static int rule_keys(const cJSON *o, const char *path, rows_fail_fn fail, void *ctx)
{
    static const char *const known[] = {"blank", "repeated_header", "column", "matches", "equals"};
    int rc = 0;
    for (const cJSON *k = o->child; k; k = k->next) {
        char p[600];
        snprintf(p, sizeof p, "%s.%s", path, k->string);
        bool twice = false;
        for (const cJSON *e = o->child; e != k && !twice; e = e->next)
            twice = strcmp(e->string, k->string) == 0;
        if (twice) {
            rc = failf(fail, ctx, p, "given twice");
            continue;
        }
        bool ok = false;
        for (size_t i = 0; i < IC_ARRAY_LEN(known) && !ok; i++)
            ok = strcmp(k->string, known[i]) == 0;
        if (ok)
            continue;
        const char *near = nearest_name(k->string, known, IC_ARRAY_LEN(known));
        if (near)
            rc = failf(fail, ctx, p, "unknown field; did you mean '%s'?", near);
        else
            rc = failf(fail, ctx, p,
                       "unknown field; expected one of 'blank', 'repeated_header', 'column', "
                       "'matches', 'equals'");
    }
    return rc;
}

/* {"blank": true} or {"repeated_header": true}: the flag alone, and true. */
static int parse_flag_rule(const cJSON *o, const char *path, const char *key, skip_rule *r,
                           rows_fail_fn fail, void *ctx)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    char p[600];
    snprintf(p, sizeof p, "%s.%s", path, key);
    if (!cJSON_IsTrue(v))
        return failf(fail, ctx, p, "expected true (leave the rule out otherwise)");
    if (cJSON_GetArraySize(o) != 1)
        return failf(fail, ctx, path, "\"%s\" stands alone in its rule", key);
    r->desc = xstrdup(r->kind == SKIP_BLANK ? "blank row" : "repeated header row");
    return 0;
}

static int parse_column_rule(const cJSON *o, const char *path, skip_rule *r, rows_fail_fn fail,
                             void *ctx)
{
    const cJSON *col = cJSON_GetObjectItemCaseSensitive(o, "column");
    const cJSON *mt = cJSON_GetObjectItemCaseSensitive(o, "matches");
    const cJSON *eq = cJSON_GetObjectItemCaseSensitive(o, "equals");
    char p[600];
    snprintf(p, sizeof p, "%s.column", path);
    if (!cJSON_IsString(col) || !*col->valuestring)
        return failf(fail, ctx, p, "expected a column name");
    if (mt && eq)
        return failf(fail, ctx, path, "give \"matches\" or \"equals\", not both");
    if (!mt && !eq)
        return failf(fail, ctx, path,
                     "missing \"matches\" (a regular expression) or \"equals\" (a value or a "
                     "list of values)");
    r->column = xstrdup(col->valuestring);
    if (mt) {
        snprintf(p, sizeof p, "%s.matches", path);
        if (!cJSON_IsString(mt) || !*mt->valuestring)
            return failf(fail, ctx, p, "expected a regular expression such as \"^(Grand )?Total\"");
        r->kind = SKIP_MATCHES;
        int e = regcomp(&r->re, mt->valuestring, REG_EXTENDED | REG_NOSUB);
        if (e != 0) {
            char why[256];
            regerror(e, &r->re, why, sizeof why);
            return failf(fail, ctx, p, "'%s' is not a POSIX extended regular expression: %s",
                         mt->valuestring, why);
        }
        r->re_ok = true;
        char d[1024];
        snprintf(d, sizeof d, "column '%s' matches '%s'", r->column, mt->valuestring);
        r->desc = xstrdup(d);
        return 0;
    }
    snprintf(p, sizeof p, "%s.equals", path);
    r->kind = SKIP_EQUALS;
    const cJSON *one = eq;
    if (cJSON_IsArray(eq)) {
        if (!eq->child)
            return failf(fail, ctx, p, "empty list");
        one = eq->child;
    }
    for (const cJSON *e = one; e; e = cJSON_IsArray(eq) ? e->next : NULL) {
        if (!cJSON_IsString(e))
            return failf(fail, ctx, p, "expected a string or a list of strings, got %s",
                         cJSON_IsNumber(e)   ? "a number"
                         : cJSON_IsObject(e) ? "an object"
                         : cJSON_IsArray(e)  ? "an array"
                                             : "true/false/null");
        r->equals = xrealloc(r->equals, (r->nequals + 1) * sizeof *r->equals);
        r->equals[r->nequals++] = xstrdup(e->valuestring);
    }
    char d[1024];
    snprintf(d, sizeof d, "column '%s' equals '%s'%s", r->column, r->equals[0],
             r->nequals > 1 ? " (or another value of the list)" : "");
    r->desc = xstrdup(d);
    return 0;
}

int rows_parse_skip(mapping *m, const cJSON *j, rows_fail_fn fail, void *ctx)
{
    if (!j)
        return 0;
    if (!cJSON_IsArray(j))
        return failf(fail, ctx, "skip",
                     "expected a list of rules such as [{\"blank\": true}, {\"column\": "
                     "\"Customer\", \"matches\": \"^Total\"}]");
    int n = cJSON_GetArraySize(j);
    m->skip = xcalloc(n ? (size_t)n : 1, sizeof *m->skip);
    int rc = 0, i = 0;
    for (const cJSON *o = j->child; o; o = o->next, i++) {
        skip_rule *r = &m->skip[m->n_skip++];
        r->col = -1;
        char path[64];
        snprintf(path, sizeof path, "skip[%d]", i);
        r->path = xstrdup(path);
        if (!cJSON_IsObject(o)) {
            rc = failf(fail, ctx, path,
                       "expected a rule: {\"blank\": true}, {\"repeated_header\": true}, "
                       "{\"column\": C, \"matches\": RE} or {\"column\": C, \"equals\": V}");
            continue;
        }
        if (rule_keys(o, path, fail, ctx)) {
            rc = IC_EXIT_USAGE;
            continue;
        }
        int e;
        if (cJSON_GetObjectItemCaseSensitive(o, "blank")) {
            r->kind = SKIP_BLANK;
            e = parse_flag_rule(o, path, "blank", r, fail, ctx);
        } else if (cJSON_GetObjectItemCaseSensitive(o, "repeated_header")) {
            r->kind = SKIP_REPEATED_HEADER;
            e = parse_flag_rule(o, path, "repeated_header", r, fail, ctx);
        } else if (!o->child) {
            e = failf(fail, ctx, path, "empty rule");
        } else {
            e = parse_column_rule(o, path, r, fail, ctx);
        }
        if (e)
            rc = e;
    }
    return rc;
}

int rows_parse_fill_down(mapping *m, const cJSON *j, rows_fail_fn fail, void *ctx)
{
    if (!j)
        return 0;
    if (!cJSON_IsArray(j))
        return failf(fail, ctx, "fill_down",
                     "expected a list of column names such as [\"Invoice Number\", \"Customer\"]");
    if (!j->child)
        return failf(fail, ctx, "fill_down", "empty list: name at least one column");
    int n = cJSON_GetArraySize(j), i = 0, rc = 0;
    m->fill_down = xcalloc((size_t)n, sizeof *m->fill_down);
    m->fill_cols = xcalloc((size_t)n, sizeof *m->fill_cols);
    for (const cJSON *e = j->child; e; e = e->next, i++) {
        char p[64];
        snprintf(p, sizeof p, "fill_down[%d]", i);
        if (!cJSON_IsString(e) || !*e->valuestring) {
            rc = failf(fail, ctx, p, "expected a column name");
            continue;
        }
        bool twice = false;
        for (size_t k = 0; k < m->n_fill && !twice; k++)
            twice = strcmp(m->fill_down[k], e->valuestring) == 0;
        if (twice) {
            rc = failf(fail, ctx, p, "'%s' is given twice", e->valuestring);
            continue;
        }
        m->fill_cols[m->n_fill] = -1;
        m->fill_down[m->n_fill++] = xstrdup(e->valuestring);
    }
    return rc;
}

bool rows_when_overlap(const mapping *m, char *buf, size_t size)
{
    const when_spec *c = &m->cost_when, *l = &m->item_when;
    if (!m->cost_rows || !c->present || !l->present || !c->column || !l->column ||
        strcmp(c->column, l->column) != 0)
        return false;
    for (size_t i = 0; i < c->nequals; i++)
        for (size_t k = 0; k < l->nequals; k++)
            if (strcmp(c->equals[i], l->equals[k]) == 0) {
                snprintf(buf, size,
                         "matches the same rows as costLines.when (column '%s' equals '%s' in "
                         "both): a row must be either a cost line or a line item",
                         c->column, c->equals[i]);
                return true;
            }
    return false;
}

void rows_release(mapping *m)
{
    for (size_t i = 0; i < m->n_skip; i++) {
        skip_rule *r = &m->skip[i];
        free(r->path);
        free(r->desc);
        free(r->column);
        if (r->re_ok)
            regfree(&r->re);
        for (size_t k = 0; k < r->nequals; k++)
            free(r->equals[k]);
        free(r->equals);
    }
    free(m->skip);
    for (size_t i = 0; i < m->n_fill; i++)
        free(m->fill_down[i]);
    free(m->fill_down);
    free(m->fill_cols);
    m->skip = NULL;
    m->fill_down = NULL;
    m->fill_cols = NULL;
    m->n_skip = m->n_fill = 0;
}

/* Every cell equals its header name (after trimming): a page header repeated inside the data. */
static bool is_header_row(const mapping *m, const cellsrc *src)
{
    for (size_t i = 0; i < m->ncols; i++) {
        const char *s;
        size_t len;
        cell_get(src, (int)i, &s, &len);
        const char *h = m->header[i];
        size_t hl = strlen(h);
        trim_span(&h, &hl);
        if (len != hl || memcmp(s, h, len) != 0)
            return false;
    }
    return m->ncols > 0;
}

const skip_rule *rows_skip_match(const mapping *m, const cellsrc *src, sbuf *scratch)
{
    for (size_t i = 0; i < m->n_skip; i++) {
        const skip_rule *r = &m->skip[i];
        const char *s;
        size_t len;
        switch (r->kind) {
        case SKIP_BLANK:
            /* fully blank rows are skipped before the rules run */
            break;
        case SKIP_REPEATED_HEADER:
            if (is_header_row(m, src))
                return r;
            break;
        case SKIP_EQUALS:
            cell_get(src, r->col, &s, &len);
            for (size_t k = 0; k < r->nequals; k++)
                if (strlen(r->equals[k]) == len && memcmp(r->equals[k], s, len) == 0)
                    return r;
            break;
        case SKIP_MATCHES:
            cell_get(src, r->col, &s, &len);
            /* regexec wants a NUL-terminated string: the cell is copied into the scratch buffer */
            sbuf_reset(scratch);
            sbuf_add(scratch, s, len);
            if (regexec(&r->re, scratch->data, 0, NULL, 0) == 0)
                return r;
            break;
        }
    }
    return NULL;
}
