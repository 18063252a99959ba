/* Private to mapping/load*.c: the loader's context and the helpers its parts share.
 *
 * load.c walks the top-level keys of the file that load_file.c reads; load_settings.c and
 * load_sections.c check the sections, load_fspec.c each field spec in them (with load_template.c
 * and load_date.c); load_json.c holds the JSON shape checks (paths, known keys, kinds of value)
 * every part uses.  Each error goes through load_fail, which keeps the first in the caller's
 * ic_err and lists every one in mapping_errors. */
#ifndef INVOICECTL_MAPPING_LOAD_INTERNAL_H
#define INVOICECTL_MAPPING_LOAD_INTERNAL_H

#include "mapping/mapping_internal.h"
#include "util/strmap.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct lctx {
    const char *file;
    ic_err *err;
    mapping *m;
    mapping_errors *errs; /* every error, up to the cap */
    size_t nerr;          /* errors found so far (err holds the first) */
} lctx;

#define PATH_MAX_LEN 512

/* ---- load_json.c ---- */
/* Reports an error at a JSON path ("invoice.dueDate.format"; NULL or "" for the file itself);
 * returns IC_EXIT_USAGE. */
int load_fail(lctx *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool misspelt(const cJSON *obj, const char *name, const char *const *known, size_t n);
void join_path(char *out, const char *base, const char *key);
const char *json_kind(const cJSON *j);
bool seen_before(strmap *seen, const char *key);
int check_keys(lctx *c, const cJSON *obj, const char *path, const char *const *known, size_t n,
               bool allow_comments);
char *scalar_text(const cJSON *j);

/* ---- load_date.c ---- */
/* NULL when the strptime-style format can name a day, else what is wrong with it (in buf). */
const char *date_format_problem(const char *fmt, char *buf, size_t size);

/* ---- load_template.c ---- */
/* Adds the parts of template t to f->parts. */
int parse_template(lctx *c, const char *path, const char *t, fspec *f);

/* ---- load_fspec.c ---- */
/* ALLOW_COMPUTE: "compute" and "sum" (invoice balances, column-form cost amounts);
 * ALLOW_PERCENT: "percent" (lineItems.unitDiscount). */
enum { ALLOW_COMPUTE = 1, ALLOW_PERCENT = 2 };
/* Reads one field spec `j` at `path` into f (emptied first) for the field described by def;
 * `name` is the field's name in messages ("billingAddress.city"). */
int parse_fspec(lctx *c, const cJSON *j, const char *path, const char *name, const field_def *def,
                int flags, fspec *f);

/* ---- load_sections.c ---- */
int parse_invoice(lctx *c, const cJSON *j);
int parse_cost_lines(lctx *c, const cJSON *j);
int parse_line_items(lctx *c, const cJSON *j);
void address_spec_release(addr_spec *a);
void when_release(when_spec *w);

/* ---- load_settings.c ---- */
/* Each takes the section's value, or NULL when the file has none. */
int parse_locale(lctx *c, const cJSON *j);
int parse_csv_opts(lctx *c, const cJSON *j);
/* The top-level "target" (NULL: absent, the default stays): a known target's name into the
 * mapping, else an error naming the targets there are.  Shared by invoice and payments mappings. */
void parse_target(lctx *c, const cJSON *t);
/* "sheet" and "header_row": where a workbook's rows are. */
int parse_workbook_opts(lctx *c, const cJSON *root);
int parse_group_by(lctx *c, const cJSON *j);
int parse_checks(lctx *c, const cJSON *j);
int parse_rounding(lctx *c, const cJSON *j);
/* "mode": the column of each row's import mode (mapping/mode.c). */
int parse_mode(lctx *c, const cJSON *j);
/* Refuses a mapping that still has a "_todo" list (as `mapping init` writes it). */
int refuse_todo(lctx *c, const cJSON *todo);

/* ---- load_file.c ---- */
/* The mapping file parsed, or NULL with err set (cannot read, too large, invalid JSON). */
cJSON *load_json_file(const char *path, ic_err *err);

#endif
