/* Field specs of mapping_load: one field of the mapping in any of its forms (a column name, or
 * {"column"}, {"value"}, {"template"}, {"map"}, {"lookup"}, {"compute"}, {"sum"}, {"percent"}),
 * with its type, format, default and constants checked before any row is read. */
#include "mapping/load_internal.h"
#include "mapping/lookup.h"
#include "util/common.h"
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {"string", "integer", "decimal", "money", "date"};

static bool type_fits(enum tkind kind, enum ftype t)
{
    switch (kind) {
    case TK_MONEY:
        return t == FT_MONEY || t == FT_DECIMAL || t == FT_INTEGER;
    case TK_DECIMAL:
        return t == FT_DECIMAL || t == FT_MONEY || t == FT_INTEGER;
    case TK_INTEGER:
        return t == FT_INTEGER;
    case TK_DATE:
        return t == FT_DATE;
    case TK_CURRENCY:
        return t == FT_STRING;
    case TK_STRING:
        return true;
    }
    return false;
}

static enum ftype default_type(enum tkind kind)
{
    switch (kind) {
    case TK_MONEY:
        return FT_MONEY;
    case TK_DECIMAL:
        return FT_DECIMAL;
    case TK_INTEGER:
        return FT_INTEGER;
    case TK_DATE:
        return FT_DATE;
    default:
        return FT_STRING;
    }
}

/* Checks a constant (value, default, map value) against the field's type at load time. */
static int check_constant(lctx *c, const char *path, const fspec *f, const char *text)
{
    if (f->type == FT_DATE && f->kind != TK_DATE)
        return 0;
    char why[512];
    fvalue v;
    if (convert_text(c->m, f, text, strlen(text), why, sizeof why, &v) != EV_OK)
        return load_fail(c, path, "%s", why);
    return 0;
}

/* "lookup": "customers.csv" — the table is read now, so `mapping check` fails on a missing or
 * malformed one, and a read only probes it. */
static int parse_lookup(lctx *c, const cJSON *lookup, const char *path, const char *name, fspec *f)
{
    char p[PATH_MAX_LEN];
    join_path(p, path, "lookup");
    if (!cJSON_IsString(lookup) || !*lookup->valuestring)
        return load_fail(c, p, "expected a file name such as \"customers.csv\", got %s",
                         cJSON_IsString(lookup) ? "an empty string" : json_kind(lookup));
    if (f->kind != TK_STRING && f->kind != TK_CURRENCY)
        return load_fail(c, p, "a lookup gives text, and %s holds %s", name,
                         f->kind == TK_MONEY     ? "an amount"
                         : f->kind == TK_DECIMAL ? "a number"
                         : f->kind == TK_INTEGER ? "a whole number (use \"map\")"
                                                 : "a date");
    char why[1024];
    f->lookup = lookup_load(c->file, lookup->valuestring, &c->m->csv, why, sizeof why);
    if (!f->lookup)
        return load_fail(c, p, "%s", why);
    /* An id must fit the field like a constant does (a currency table must give currencies). */
    for (size_t i = 0; f->kind != TK_STRING && i < f->lookup->n; i++) {
        char why2[512];
        fvalue v;
        if (convert_text(c->m, f, f->lookup->ids[i], strlen(f->lookup->ids[i]), why2, sizeof why2,
                         &v) != EV_OK)
            return load_fail(c, p, "%s: '%s': %s", f->lookup->file, f->lookup->names[i], why2);
    }
    return 0;
}

/* The keys of a field spec in its object form; NULL where not given. */
typedef struct fkeys {
    const cJSON *column, *type, *format, *optional, *dflt, *value, *tpl, *map, *compute, *sum,
        *percent, *lookup;
} fkeys;

static void get_fkeys(const cJSON *j, fkeys *k)
{
    k->column = cJSON_GetObjectItemCaseSensitive(j, "column");
    k->type = cJSON_GetObjectItemCaseSensitive(j, "type");
    k->format = cJSON_GetObjectItemCaseSensitive(j, "format");
    k->optional = cJSON_GetObjectItemCaseSensitive(j, "optional");
    k->dflt = cJSON_GetObjectItemCaseSensitive(j, "default");
    k->value = cJSON_GetObjectItemCaseSensitive(j, "value");
    k->tpl = cJSON_GetObjectItemCaseSensitive(j, "template");
    k->map = cJSON_GetObjectItemCaseSensitive(j, "map");
    k->compute = cJSON_GetObjectItemCaseSensitive(j, "compute");
    k->sum = cJSON_GetObjectItemCaseSensitive(j, "sum");
    k->percent = cJSON_GetObjectItemCaseSensitive(j, "percent");
    k->lookup = cJSON_GetObjectItemCaseSensitive(j, "lookup");
}

/* The keys that cannot go together: one source, and "map" or "lookup" only over a column. */
static int check_sources(lctx *c, const char *path, const fkeys *k)
{
    int nsrc = !!k->column + !!k->value + !!k->tpl + !!k->compute + !!k->sum + !!k->percent;
    if (nsrc == 0)
        return load_fail(c, path,
                         "needs one of \"column\", \"value\", \"template\" or \"compute\"");
    if (nsrc > 1)
        return load_fail(c, path,
                         "give only one of \"column\", \"value\", \"template\", \"compute\", "
                         "\"sum\" and \"percent\"");
    if (k->map && !k->column)
        return load_fail(c, path, "\"map\" needs a \"column\" to look up");
    if (k->lookup && !k->column)
        return load_fail(c, path, "\"lookup\" needs a \"column\" to look up");
    if (k->lookup && k->map)
        return load_fail(c, path, "give only one of \"map\" and \"lookup\"");
    return 0;
}

/* "type": one of type_names, fitting the field. */
static int parse_type(lctx *c, const char *path, const char *name, const field_def *def,
                      const fkeys *k, fspec *f)
{
    char p[PATH_MAX_LEN];
    const cJSON *type = k->type;
    join_path(p, path, "type");
    if (!cJSON_IsString(type))
        return load_fail(c, p, "expected a string, got %s", json_kind(type));
    size_t t;
    for (t = 0; t < IC_ARRAY_LEN(type_names); t++)
        if (strcmp(type->valuestring, type_names[t]) == 0)
            break;
    if (t == IC_ARRAY_LEN(type_names)) {
        const char *near = nearest_name(type->valuestring, type_names, IC_ARRAY_LEN(type_names));
        if (near)
            return load_fail(c, p, "unknown type '%s'; did you mean '%s'?", type->valuestring,
                             near);
        return load_fail(
            c, p, "unknown type '%s'; expected 'string', 'integer', 'decimal', 'money' or 'date'",
            type->valuestring);
    }
    if (!type_fits(def->kind, (enum ftype)t))
        return load_fail(c, p, "type '%s' does not fit %s, which holds %s", type->valuestring, name,
                         def->kind == TK_MONEY      ? "an amount (use 'money')"
                         : def->kind == TK_DECIMAL  ? "a number (use 'decimal')"
                         : def->kind == TK_INTEGER  ? "a whole number (use 'integer')"
                         : def->kind == TK_DATE     ? "a date (use 'date')"
                         : def->kind == TK_CURRENCY ? "a currency code (use 'string')"
                                                    : "text");
    if (k->compute || k->map || k->percent || k->lookup)
        return load_fail(c, p, "\"type\" does not apply to %s",
                         k->compute   ? "\"compute\""
                         : k->map     ? "\"map\""
                         : k->percent ? "\"percent\""
                                      : "\"lookup\"");
    f->type = (enum ftype)t;
    return 0;
}

/* "compute": "subtotal", "costs" or "total", alone. */
static int parse_compute(lctx *c, const char *path, int flags, const fkeys *k, fspec *f)
{
    char p[PATH_MAX_LEN];
    const cJSON *compute = k->compute;
    join_path(p, path, "compute");
    if (!(flags & ALLOW_COMPUTE))
        return load_fail(c, p, "only invoice balances and cost-line amounts can be computed");
    if (!cJSON_IsString(compute))
        return load_fail(c, p, "expected \"subtotal\", \"costs\" or \"total\", got %s",
                         json_kind(compute));
    const char *v = compute->valuestring;
    if (strcmp(v, "subtotal") == 0)
        f->compute = CMP_SUBTOTAL;
    else if (strcmp(v, "costs") == 0)
        f->compute = CMP_COSTS;
    else if (strcmp(v, "total") == 0)
        f->compute = CMP_TOTAL;
    else
        return load_fail(
            c, p, "unknown computation '%s'; expected \"subtotal\", \"costs\" or \"total\"", v);
    if (k->format || k->dflt || k->optional)
        return load_fail(c, path, "\"compute\" takes no other keys");
    f->src = SRC_COMPUTE;
    f->type = FT_MONEY;
    return 0;
}

/* "sum": a column summed over the invoice's rows; "percent": a column read as a percentage. */
static int parse_sum_percent(lctx *c, const char *path, int flags, const fkeys *k, fspec *f)
{
    char p[PATH_MAX_LEN];
    const cJSON *sum = k->sum, *percent = k->percent;
    const cJSON *col = sum ? sum : percent;
    join_path(p, path, sum ? "sum" : "percent");
    if (sum && !(flags & ALLOW_COMPUTE))
        return load_fail(c, p,
                         "only invoice balances and cost-line amounts (the list form) can be a "
                         "sum over the invoice's rows");
    if (percent && !(flags & ALLOW_PERCENT))
        return load_fail(c, p, "only lineItems.unitDiscount can be a percentage");
    if (!cJSON_IsString(col))
        return load_fail(c, p, "expected a column name, got %s", json_kind(col));
    if (!*col->valuestring)
        return load_fail(c, p, "empty column name");
    if (k->format || k->dflt || k->map)
        return load_fail(c, path, "\"%s\" takes only \"%s\" and \"optional\"",
                         sum ? "sum" : "percent", sum ? "type\", \"optional" : "optional");
    f->column = xstrdup(col->valuestring);
    if (sum) {
        f->src = SRC_SUM;
        f->sum_idx = c->m->n_sums++;
    } else {
        f->src = SRC_COLUMN;
        f->percent = true;
        f->type = FT_DECIMAL;
    }
    return 0;
}

/* "map": {"Open": 0, "Paid": 2}, the cell's text to a constant. */
static int parse_map(lctx *c, const char *path, const cJSON *map, fspec *f)
{
    char p[PATH_MAX_LEN];
    join_path(p, path, "map");
    if (!cJSON_IsObject(map))
        return load_fail(c, p, "expected an object such as {\"Open\": 0, \"Paid\": 2}, got %s",
                         json_kind(map));
    if (!map->child)
        return load_fail(c, p, "empty map");
    f->src = SRC_MAP;
    f->map = xcalloc((size_t)cJSON_GetArraySize(map), sizeof *f->map);
    /* The index serves the lookups too: one per row, in constant time whatever the map's
     * size. */
    f->map_index = xcalloc(1, sizeof *f->map_index);
    strmap_init(f->map_index);
    for (const cJSON *e = map->child; e; e = e->next) {
        char ep[PATH_MAX_LEN];
        join_path(ep, p, e->string);
        size_t ignored;
        if (strmap_get(f->map_index, e->string, &ignored))
            return load_fail(c, ep, "given twice");
        char *val = scalar_text(e);
        if (!val)
            return load_fail(c, ep, "expected a string or number, got %s", json_kind(e));
        strmap_put(f->map_index, e->string, f->nmap);
        f->map[f->nmap++] = (map_pair){xstrdup(e->string), val};
    }
    return 0;
}

/* The forms that read a cell or give a constant: "value", "template", "column" (with "lookup" or
 * "map"), and the "default" of a blank cell. */
static int parse_source(lctx *c, const char *path, const char *name, const fkeys *k, fspec *f)
{
    char p[PATH_MAX_LEN];
    int rc;
    if (k->value) {
        join_path(p, path, "value");
        f->value = scalar_text(k->value);
        if (!f->value)
            return load_fail(c, p, "expected a string, number or true/false, got %s",
                             json_kind(k->value));
        if (k->dflt || k->optional)
            return load_fail(c, path, "a constant \"value\" takes no \"default\" or \"optional\"");
        f->src = SRC_VALUE;
    }
    if (k->tpl) {
        join_path(p, path, "template");
        if (!cJSON_IsString(k->tpl))
            return load_fail(c, p, "expected a string such as \"ERP-{Invoice Number}\", got %s",
                             json_kind(k->tpl));
        f->src = SRC_TEMPLATE;
        rc = parse_template(c, p, k->tpl->valuestring, f);
        if (rc)
            return rc;
    }
    if (k->column) {
        join_path(p, path, "column");
        if (!cJSON_IsString(k->column))
            return load_fail(c, p, "expected a column name, got %s", json_kind(k->column));
        if (!*k->column->valuestring)
            return load_fail(c, p, "empty column name");
        f->column = xstrdup(k->column->valuestring);
        f->src = SRC_COLUMN;
    }
    if (k->lookup && (rc = parse_lookup(c, k->lookup, path, name, f)))
        return rc;
    if (k->map && (rc = parse_map(c, path, k->map, f)))
        return rc;
    if (k->dflt) {
        join_path(p, path, "default");
        f->def = scalar_text(k->dflt);
        if (!f->def)
            return load_fail(c, p, "expected a string or number, got %s", json_kind(k->dflt));
    }
    return 0;
}

/* "format" of a date (else the locale's), then the constants checked against the type, so that a
 * typo in a constant fails before any row is read. */
static int finish_typed(lctx *c, const char *path, const cJSON *format, fspec *f)
{
    char p[PATH_MAX_LEN];
    int rc;
    if (format) {
        join_path(p, path, "format");
        if (f->type != FT_DATE)
            return load_fail(c, p, "\"format\" applies only to dates (add \"type\": \"date\")");
        if (!cJSON_IsString(format))
            return load_fail(c, p, "expected a date format such as \"%%d.%%m.%%Y\", got %s",
                             json_kind(format));
        char why[512];
        const char *bad = date_format_problem(format->valuestring, why, sizeof why);
        if (bad)
            return load_fail(c, p, "%s", bad);
        f->format = xstrdup(format->valuestring);
    } else if (f->type == FT_DATE) {
        f->format = xstrdup(c->m->date_format);
    }
    if (f->src == SRC_VALUE) {
        join_path(p, path, "value");
        if ((rc = check_constant(c, p, f, f->value)))
            return rc;
    }
    if (f->def) {
        join_path(p, path, "default");
        if ((rc = check_constant(c, p, f, f->def)))
            return rc;
    }
    for (size_t i = 0; i < f->nmap; i++) {
        char mp[PATH_MAX_LEN], ep[PATH_MAX_LEN];
        join_path(mp, path, "map");
        join_path(ep, mp, f->map[i].key);
        if ((rc = check_constant(c, ep, f, f->map[i].val)))
            return rc;
    }
    return 0;
}

int parse_fspec(lctx *c, const cJSON *j, const char *path, const char *name, const field_def *def,
                int flags, fspec *f)
{
    static const char *const keys[] = {"column",  "type",    "format",   "optional",
                                       "default", "value",   "template", "map",
                                       "lookup",  "compute", "sum",      "percent"};
    int rc;
    memset(f, 0, sizeof *f);
    f->path = xstrdup(path);
    f->name = xstrdup(name);
    f->kind = def->kind;
    f->lo = def->lo;
    f->hi = def->hi;
    f->col = -1;
    f->type = default_type(def->kind);
    f->order = c->m->next_order++;

    if (cJSON_IsString(j)) {
        if (!*j->valuestring)
            return load_fail(c, path, "empty column name");
        f->src = SRC_COLUMN;
        f->plain = true;
        f->column = xstrdup(j->valuestring);
        return finish_typed(c, path, NULL, f);
    }
    if (!cJSON_IsObject(j))
        return load_fail(
            c, path,
            "expected a column name or an object such as {\"column\": …}, {\"value\": …}, got %s",
            json_kind(j));
    if ((rc = check_keys(c, j, path, keys, IC_ARRAY_LEN(keys), false)))
        return rc;
    fkeys k;
    get_fkeys(j, &k);
    if ((rc = check_sources(c, path, &k)))
        return rc;
    if (k.type && (rc = parse_type(c, path, name, def, &k, f)))
        return rc;
    if (k.optional) {
        char p[PATH_MAX_LEN];
        join_path(p, path, "optional");
        if (!cJSON_IsBool(k.optional))
            return load_fail(c, p, "expected true or false, got %s", json_kind(k.optional));
        f->optional = cJSON_IsTrue(k.optional);
    }
    if (k.compute)
        return parse_compute(c, path, flags, &k, f);
    if (k.sum || k.percent)
        return parse_sum_percent(c, path, flags, &k, f);
    if ((rc = parse_source(c, path, name, &k, f)))
        return rc;
    return finish_typed(c, path, k.format, f);
}

void fspec_release(fspec *f)
{
    free(f->path);
    free(f->name);
    free(f->column);
    free(f->format);
    free(f->def);
    free(f->value);
    for (size_t i = 0; i < f->nparts; i++)
        free(f->parts[i].text);
    free(f->parts);
    for (size_t i = 0; i < f->nmap; i++) {
        free(f->map[i].key);
        free(f->map[i].val);
    }
    free(f->map);
    lookup_free(f->lookup);
    if (f->map_index) {
        strmap_release(f->map_index);
        free(f->map_index);
    }
    memset(f, 0, sizeof *f);
}
