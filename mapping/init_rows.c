/* The shape of the rows `mapping init` samples: which are not data (blank, repeated header,
 * totals), and whether the invoice columns are written only on an invoice's first row.  See
 * init_internal.h. */
#include "mapping/init_internal.h"
#include "model/mode.h"
#include "mapping/mapping_internal.h"
#include "util/common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool blank_row(const init_sample *s, size_t r)
{
    for (size_t i = 0; i < s->ncols; i++)
        if (s->vals[r][i] && *s->vals[r][i])
            return false;
    return true;
}

static bool header_row(const init_sample *s, size_t r)
{
    for (size_t i = 0; i < s->ncols; i++)
        if (!s->vals[r][i] || strcmp(s->vals[r][i], s->header[i]) != 0)
            return false;
    return true;
}

/* "Total", "TOTAL", "Totals", "Grand Total", "Subtotal" or a run of asterisks (SAP's list totals).
 */
static bool total_cell(const char *v)
{
    if (!v || !*v)
        return false;
    if (strspn(v, "*") == strlen(v))
        return true;
    char sq[64];
    mapping_squash(v, sq, sizeof sq);
    return !strcmp(sq, "total") || !strcmp(sq, "totals") || !strcmp(sq, "grandtotal") ||
           !strcmp(sq, "subtotal");
}

static void drop_row(init_sample *s, size_t r)
{
    for (size_t i = 0; i < s->ncols; i++)
        free(s->vals[r][i]);
    free(s->vals[r]);
    memmove(&s->vals[r], &s->vals[r + 1], (s->nrows - r - 1) * sizeof *s->vals);
    s->nrows--;
}

/* Adds v to the list of values of column col in rules (one {"column", "equals"} rule a column). */
static void add_equals(cJSON *by_col, const char *column, const char *v)
{
    cJSON *vals = cJSON_GetObjectItemCaseSensitive(by_col, column);
    if (!vals)
        vals = cJSON_AddArrayToObject(by_col, column);
    cJSON *e;
    cJSON_ArrayForEach(e, vals)
    {
        if (strcmp(e->valuestring, v) == 0)
            return;
    }
    cJSON_AddItemToArray(vals, cJSON_CreateString(v));
}

cJSON *init_skip_rules(init_sample *s)
{
    bool blank = false, header = false;
    cJSON *by_col = cJSON_CreateObject();
    for (size_t r = 0; r < s->nrows;) {
        if (blank_row(s, r)) {
            blank = true;
        } else if (header_row(s, r)) {
            header = true;
        } else {
            size_t i = 0;
            while (i < s->ncols && !total_cell(s->vals[r][i]))
                i++;
            if (i == s->ncols) {
                r++;
                continue;
            }
            add_equals(by_col, s->header[i], s->vals[r][i]);
        }
        drop_row(s, r);
    }
    if (!blank && !header && !by_col->child) {
        cJSON_Delete(by_col);
        return NULL;
    }
    cJSON *rules = cJSON_CreateArray();
    if (blank) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddBoolToObject(o, "blank", 1);
        cJSON_AddItemToArray(rules, o);
    }
    if (header) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddBoolToObject(o, "repeated_header", 1);
        cJSON_AddItemToArray(rules, o);
    }
    for (cJSON *c = by_col->child; c; c = c->next) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "column", c->string);
        if (cJSON_GetArraySize(c) == 1)
            cJSON_AddStringToObject(o, "equals", c->child->valuestring);
        else
            cJSON_AddItemToObject(o, "equals", cJSON_Duplicate(c, 1));
        cJSON_AddItemToArray(rules, o);
    }
    cJSON_Delete(by_col);
    return rules;
}

cJSON *init_fill_down(init_sample *s, int inv)
{
    if (inv < 0 || s->nrows == 0 || !*s->vals[0][inv])
        return NULL;
    size_t cont = 0;
    for (size_t r = 0; r < s->nrows; r++)
        cont += !*s->vals[r][inv];
    if (cont == 0)
        return NULL;
    /* which rows continue an invoice, before any column (the invoice number's too) is filled */
    bool *is_cont = xcalloc(s->nrows, sizeof *is_cont);
    for (size_t r = 0; r < s->nrows; r++)
        is_cont[r] = !*s->vals[r][inv];
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < s->ncols; i++) {
        bool blank_on_cont = true, filled = false;
        for (size_t r = 0; r < s->nrows; r++) {
            bool empty = !*s->vals[r][i];
            if (is_cont[r])
                blank_on_cont &= empty;
            else
                filled |= !empty;
        }
        if (!blank_on_cont || !filled)
            continue;
        cJSON_AddItemToArray(list, cJSON_CreateString(s->header[i]));
        const char *last = "";
        for (size_t r = 0; r < s->nrows; r++) {
            if (*s->vals[r][i]) {
                last = s->vals[r][i];
            } else {
                free(s->vals[r][i]);
                s->vals[r][i] = xstrdup(last);
            }
        }
    }
    free(is_cont);
    return list;
}

bool init_varies(const init_sample *s, int col, int inv)
{
    if (col < 0 || inv < 0)
        return false;
    for (size_t r = 0; r < s->nrows; r++) {
        const char *v = s->vals[r][col];
        if (!*v)
            continue;
        for (size_t q = r + 1; q < s->nrows; q++)
            if (strcmp(s->vals[q][inv], s->vals[r][inv]) == 0 && *s->vals[q][col] &&
                strcmp(s->vals[q][col], v) != 0)
                return true;
    }
    return false;
}

bool init_all_digits(const init_sample *s, int col)
{
    for (size_t r = 0; r < s->nrows; r++)
        for (const char *p = s->vals[r][col]; *p; p++)
            if (!isdigit((unsigned char)*p))
                return false;
    return true;
}

bool init_has_long_values(const init_sample *s, int col)
{
    for (size_t r = 0; r < s->nrows; r++) {
        const char *v = s->vals[r][col];
        if (*v && (strlen(v) != 3 || !isalpha((unsigned char)v[0]) ||
                   !isalpha((unsigned char)v[1]) || !isalpha((unsigned char)v[2])))
            return true;
    }
    return false;
}

int init_mode_column(init_sample *s, int col)
{
    if (col < 0)
        return -1;
    /* (a column blank in every sampled row is kept: a blank cell says "the --mode given") */
    for (size_t r = 0; r < s->nrows; r++) {
        const char *v = s->vals[r][col];
        if (*v && ic_mode_parse(v, strlen(v)) < 0) {
            s->used[col] = false;
            return -1;
        }
    }
    return col;
}
