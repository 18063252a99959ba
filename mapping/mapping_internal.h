/* Internals of the mapping module, shared by the files of mapping/ only.
 *
 * A loaded mapping is a tree of field specs (fspec), one per field the mapping file names.  Every
 * spec owns its strings; mapping_free releases them all.  Binding to a CSV header fills the column
 * indices (col) and the set of invoice-level columns.
 */
#ifndef INVOICECTL_MAPPING_INTERNAL_H
#define INVOICECTL_MAPPING_INTERNAL_H

#include "mapping/mapping.h"
#include "util/arena.h"
#include "util/sbuf.h"
#include "util/strmap.h"
#include "model/money.h"

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* SRC_SUM: {"sum": C}, the sum of column C over every row of the invoice (mapping/amounts.c). */
enum fsrc { SRC_NONE = 0, SRC_COLUMN, SRC_VALUE, SRC_TEMPLATE, SRC_MAP, SRC_COMPUTE, SRC_SUM };
enum ftype { FT_STRING = 0, FT_INTEGER, FT_DECIMAL, FT_MONEY, FT_DATE };
/* What the target field holds; decides the default type and which types fit. */
enum tkind { TK_STRING = 0, TK_INTEGER, TK_DECIMAL, TK_MONEY, TK_DATE, TK_CURRENCY };
enum compute_kind { CMP_SUBTOTAL = 0, CMP_COSTS, CMP_TOTAL };
enum totals_mode { TOTALS_ERROR = 0, TOTALS_WARNING, TOTALS_OFF };

typedef struct tpl_part {
    char *text; /* literal text, or the column name of a placeholder */
    size_t len;
    bool is_col;
    int col; /* bound index of a placeholder */
} tpl_part;

typedef struct map_pair {
    char *key;
    char *val; /* the value as text (numbers written exactly) */
} map_pair;

typedef struct fspec {
    enum fsrc src;
    enum ftype type;
    enum tkind kind;
    char *path;   /* JSON path: "invoice.dueDate" */
    char *name;   /* field name in messages: "dueDate", "lineItems.sku", "billingAddress.city" */
    char *column; /* SRC_COLUMN, SRC_MAP */
    int col;      /* bound column index, -1 until bound */
    char *format; /* date format (the field's own or locale.date); NULL for other types */
    bool plain;   /* written as a bare "Column" string */
    bool optional;
    bool blank_is_empty; /* address fields: an optional blank gives "" rather than "not given" */
    bool required;       /* the API requires the field: a blank is never optional */
    int lo, hi;          /* TK_INTEGER range (lo > hi: unbounded) */
    char *def;           /* "default": text used when the cell is blank */
    char *value;         /* SRC_VALUE */
    tpl_part *parts;
    size_t nparts;
    map_pair *map;
    size_t nmap;
    strmap *map_index;           /* map key to its index in map, for lookups in constant time */
    struct lookup_table *lookup; /* SRC_COLUMN with "lookup": names to ids (mapping/lookup.h) */
    enum compute_kind compute;
    size_t sum_idx; /* SRC_SUM: its slot in mapping.sums and in each group's sums */
    bool percent; /* lineItems.unitDiscount {"percent": C}: the cell is a percentage of unitPrice */
    int order;    /* place in the mapping file, for the export layout */
} fspec;

enum inv_field {
    IF_INVOICE_NUMBER = 0,
    IF_CUSTOMER_ID,
    IF_EXTERNAL_ID,
    IF_EXTERNAL_CUSTOMER_ID,
    IF_TYPE,
    IF_STATUS,
    IF_SOURCE,
    IF_ORDER_NUMBER,
    IF_PO_NUMBER,
    IF_TERMS,
    IF_PDF_URL,
    IF_CHANNEL_ID,
    IF_CURRENCY,
    IF_ORIGINAL_BALANCE,
    IF_OPEN_BALANCE,
    IF_DUE_DATE,
    IF_ISSUED_AT,
    IF_CUSTOMER_NAME, /* BILL: with customerEmail, the customer created with the invoice */
    IF_CUSTOMER_EMAIL,
    IF__COUNT
};

enum addr_field {
    AF_FIRST_NAME = 0,
    AF_LAST_NAME,
    AF_STREET1,
    AF_STREET2,
    AF_CITY,
    AF_STATE,
    AF_ZIP,
    AF_COUNTRY,
    AF__COUNT
};

enum li_field {
    LF_SKU = 0,
    LF_DESCRIPTION,
    LF_QUANTITY,
    LF_UNIT_PRICE,
    LF_UNIT_DISCOUNT,
    LF_TYPE,
    LF_COMMENTS,
    LF__COUNT
};

typedef struct field_def {
    const char *name;
    enum tkind kind;
    int lo, hi; /* integer range; lo > hi when unbounded */
} field_def;

extern const field_def inv_field_defs[IF__COUNT];
extern const char *const addr_field_names[AF__COUNT];
extern const field_def li_field_defs[LF__COUNT];

typedef struct addr_spec {
    bool present;
    fspec f[AF__COUNT];
} addr_spec;

typedef struct cost_spec {
    fspec description;
    fspec amount;
} cost_spec;

/* {"column": C, "equals": V or [V, …]}: a row matches when its trimmed cell equals one of the
 * values. */
typedef struct when_spec {
    bool present;
    char *path;
    char *column;
    int col;
    char **equals;
    size_t nequals;
} when_spec;

/* One "skip" rule (skip.c): a row it matches is skipped and counted, never grouped. */
enum skip_kind { SKIP_BLANK = 0, SKIP_REPEATED_HEADER, SKIP_MATCHES, SKIP_EQUALS };
typedef struct skip_rule {
    enum skip_kind kind;
    char *path; /* "skip[2]", for messages */
    char
        *desc; /* what the rule says, for the list of skipped rows: "column 'Customer' matches …" */
    char *column; /* SKIP_MATCHES, SKIP_EQUALS */
    int col;      /* bound index, -1 until bound */
    regex_t re;   /* SKIP_MATCHES: compiled once at load */
    bool re_ok;
    char **equals; /* SKIP_EQUALS */
    size_t nequals;
} skip_rule;

typedef struct extra_spec {
    char *name;
    fspec f;
} extra_spec;

struct mapping {
    char *path; /* the mapping file, for messages */
    char *target;
    csv_options csv;
    char *sheet;     /* "sheet": a workbook's sheet to read, NULL for the first */
    long header_row; /* "header_row": a workbook's header row, 0 for 1 */
    char *join_col;  /* "join": {"column": C, "sheets": [...]}: sheets joined to "sheet" on C */
    char **join_sheets;
    size_t njoin;
    /* The input is a workbook: a date field also takes the ISO dates its date cells read as. */
    bool workbook_dates;
    char decimal;      /* '.' or ',' */
    char *date_format; /* locale.date */
    char *timezone;
    char currency[4]; /* locale.currency, "" when not set */
    char **group_by;
    int *group_cols;
    size_t n_group;
    char *match;
    /* "mode": the column that holds each row's import mode (mapping/mode.c); NULL when none. */
    char *mode_column;
    int mode_col;     /* bound index, -1 until bound (an invoice-level column) */
    int default_mode; /* enum ic_mode of rows whose mode cell is blank (import --mode) */
    enum totals_mode totals;
    money_t tolerance;  /* checks.tolerance: a totals difference up to this is accepted */
    bool round_lines;   /* rounding.lines "currency": line amounts to the currency's minor unit */
    size_t n_sums;      /* fields of the form {"sum": C} */
    const fspec **sums; /* after binding: the n_sums fields, by sum_idx */

    fspec inv[IF__COUNT]; /* src SRC_NONE when not mapped */
    addr_spec billing;
    addr_spec *shipping;
    size_t n_shipping;
    extra_spec *extra;
    size_t n_extra;

    cost_spec *costs; /* column form: one cost line per entry */
    size_t n_costs;
    bool cost_rows; /* row form */
    when_spec cost_when;
    cost_spec cost_row;

    bool has_items;
    when_spec item_when;
    fspec item[LF__COUNT];

    /* Row rules (skip.c): rows skipped before grouping, and columns carried down to blank cells. */
    skip_rule *skip;
    size_t n_skip;
    char **fill_down;
    int *fill_cols; /* bound indices, -1 until bound */
    size_t n_fill;

    /* After binding. */
    bool bound;
    size_t ncols;
    char **header; /* copy of the header names */
    int *il_cols;  /* invoice-level columns: their values must agree across an invoice's rows */
    size_t n_il;
    int *col_to_il; /* ncols entries, -1 when not invoice-level */
    int *rl_cols;   /* row-level columns: read by line items and cost rows */
    size_t n_rl;
    int currency_col;

    int next_order; /* while loading: the next fspec's order */

    fspec **lookups; /* the fields with a lookup table (they own it), for each read's counts */
    size_t n_lookups;

    /* The reverse layout (export --map), computed at load. */
    char **rev_names;
    size_t n_rev;
};

/* ---- load.c and load_fspec.c helpers used elsewhere ---- */
void fspec_release(fspec *f);
/* Visits every field spec: level 0 invoice-level, 1 row-level.  Returns the first non-zero fn
 * result.  (walk.c) */
int mapping_each_fspec(mapping *m, int (*fn)(void *ctx, fspec *f, int level), void *ctx);

/* ---- reverse.c ---- */
/* Computes m->rev_names (the columns export --map writes); called at the end of mapping_load. */
void reverse_layout(mapping *m);

/* ---- amounts.c (the rest is in read_internal.h) ---- */
/* The percentage of `price` that `discount` is, for export --map: the value with the fewest
 * decimals that gives the discount back on import. */
bool amounts_percent_back(money_t price, money_t discount, money_t *pct);

/* ---- suggest.c ---- */
/* Case-insensitive Levenshtein distance (bytes). */
size_t str_distance(const char *a, const char *b);
/* The nearest of `cands` to `s`, or NULL when none is close. */
const char *nearest_name(const char *s, const char *const *cands, size_t n);
/* Up to `max` close candidates, best first, written to out; returns how many. */
size_t nearest_names(const char *s, const char *const *cands, size_t n, const char **out,
                     size_t max);

/* ---- eval.c ---- */

/* Cells a field reads: a CSV record (untrimmed) or an invoice's agreed values (trimmed). */
typedef struct cellsrc {
    const char *const *vals;
    const size_t *lens;
    const long *lines; /* per column, the line a value came from; NULL: use `line` */
    long line;
    size_t ncols;
} cellsrc;

static inline bool is_blank_char(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}
/* Narrows [s, s+len) to its text without surrounding white space. */
static inline void trim_span(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    if (n == 0 || (!is_blank_char(p[0]) && !is_blank_char(p[n - 1])))
        return;
    while (n && is_blank_char(*p)) {
        p++;
        n--;
    }
    while (n && is_blank_char(p[n - 1]))
        n--;
    *s = p;
    *len = n;
}
/* A cell of the row, trimmed; blank past the row's end or when the column is not there.  Inline:
 * every field of every row comes through here. */
static inline void cell_get(const cellsrc *src, int col, const char **s, size_t *len)
{
    if (col < 0 || (size_t)col >= src->ncols || !src->vals[col]) {
        *s = "";
        *len = 0;
        return;
    }
    *s = src->vals[col];
    *len = src->lens[col];
    trim_span(s, len);
}

/* The physical line a cell came from. */
static inline long cell_line(const cellsrc *src, int col)
{
    if (src->lines && col >= 0 && (size_t)col < src->ncols && src->lines[col])
        return src->lines[col];
    return src->line;
}

/* Where problems go while evaluating fields. */
typedef struct reporter {
    ic_batch *batch;
    const char *file;
    const char *invoice; /* key, NULL for rows without one */
    uint32_t n_err, n_warn;
} reporter;
void report(reporter *rp, enum severity sev, long line, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

enum ev { EV_OK = 0, EV_BLANK, EV_ERR };

typedef struct fvalue {
    const char
        *s; /* text (not NUL-terminated), valid until the next evaluation with the same scratch */
    size_t len;
    money_t money;   /* TK_MONEY, TK_DECIMAL */
    int64_t num;     /* TK_INTEGER, TK_DATE */
    char cur[4];     /* TK_CURRENCY, upper-cased */
    long line;       /* where it came from */
    const char *col; /* the column it came from, or NULL */
} fvalue;

/* Evaluates a non-compute field.  EV_BLANK: no value and none needed (optional); a blank required
 * field and every bad value are reported (EV_ERR). */
enum ev eval_field(const mapping *m, const fspec *f, const cellsrc *src, sbuf *scratch,
                   reporter *rp, fvalue *out);
/* Parses text as the field's type (validating), used for cells, constants, defaults and map values.
 */
enum ev convert_text(const mapping *m, const fspec *f, const char *s, size_t len, char *why,
                     size_t whysize, fvalue *out);
/* A currency field's text as an ISO 4217 code: a code in any case ("usd") or an English name
 * ("US Dollar", "Pound Sterling"; model/currency.c).  False when it is neither. */
bool currency_of_text(const char *s, size_t len, char code[4]);
/* Money as text for messages and export: the currency's decimals, more when the amount needs them.
 */
size_t money_text(money_t v, const char *currency, char decimal, char *buf, size_t size);
/* An example date in a format ("2026-11-21" for %Y-%m-%d). */
void date_example(const char *format, char *buf, size_t size);
/* A civil date written in a date format (strptime-style, "iso" or "excel"). */
void date_render(const char *format, int year, int month, int day, char *buf, size_t size);

/* ---- suggest.c ---- */
/* Lower-case letters and digits only, for comparing header names loosely: "Invoice No." and
 * "*InvoiceNumber" become "invoiceno" and "invoicenumber". */
void mapping_squash(const char *s, char *out, size_t size);

/* ---- hash.c: the grouping hash (the arena is util/arena.h) ---- */
uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);

/* ---- skip.c: the "skip" and "fill_down" keys ---- */
struct cJSON;
/* Reports one mapping error ("PATH: MSG") for the loader; returns IC_EXIT_USAGE. */
typedef int (*rows_fail_fn)(void *ctx, const char *path, const char *msg);
/* Parse the top-level "skip" list and "fill_down" list into m (strict: unknown keys named with
 * the nearest known one, wrong types refused with their JSON path, regexes compiled once).
 * 0 or IC_EXIT_USAGE after calling fail for each error. */
int rows_parse_skip(mapping *m, const struct cJSON *j, rows_fail_fn fail, void *ctx);
int rows_parse_fill_down(mapping *m, const struct cJSON *j, rows_fail_fn fail, void *ctx);
/* When costLines.when and lineItems.when can match the same row whatever its other cells (same
 * column, a shared value), writes the reason into buf and returns true. */
bool rows_when_overlap(const mapping *m, char *buf, size_t size);
void rows_release(mapping *m);
/* The first skip rule the row matches (cells as read, fill_down applied), or NULL. */
const skip_rule *rows_skip_match(const mapping *m, const cellsrc *src, sbuf *scratch);

#endif
