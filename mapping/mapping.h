/* The mapping file (docs/mapping.md): loading, checking against a CSV header, and turning rows into
 * validated invoices.  Every error names a JSON path ("invoice.dueDate.format") or a place in the
 * CSV (file, physical line, column, invoice key).
 *
 * Ownership: mapping_load returns a mapping the caller frees with mapping_free.  An ic_batch
 * (model/batch.h) is filled by mapping_read_invoices and released with batch_release, which frees
 * every invoice and problem in it.
 */
#ifndef INVOICECTL_MAPPING_MAPPING_H
#define INVOICECTL_MAPPING_MAPPING_H

#include "formats/csv_read.h"
#include "formats/table_read.h"
#include "model/batch.h"
#include "model/invoice.h"
#include "model/problem.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct mapping mapping;

/* Reads and checks a mapping file: JSON syntax (with line and column), known keys, field forms,
 * types, formats, time zone, currency.  NULL with err (IC_EXIT_USAGE, or IC_EXIT_IO when
 * unreadable).  Messages are "FILE: JSON.PATH: what is wrong" (syntax errors: "FILE:LINE:COL:
 * invalid JSON near '…'"). */
mapping *mapping_load(const char *path, ic_err *err);
void mapping_free(mapping *m);

/* Every independent error of a mapping file, so that a user fixing it by hand sees the whole list
 * at once: one line each ("FILE: JSON.PATH: what is wrong"), in a fixed order (csv, locale,
 * checks, invoice, costLines, lineItems, skip, fill_down, group_by, match).  Errors that follow
 * from another one (a field reported unknown and then missing) are left out.  At most
 * MAPPING_MAX_LOAD_ERRORS are kept; `more` counts the rest.  The caller owns the struct and
 * releases it with mapping_errors_release (also when it stayed empty). */
#define MAPPING_MAX_LOAD_ERRORS 20
typedef struct mapping_errors {
    char *msgs[MAPPING_MAX_LOAD_ERRORS];
    size_t n;    /* kept messages */
    size_t more; /* errors found beyond the cap */
} mapping_errors;
void mapping_errors_release(mapping_errors *e);
/* Logs each kept message with ic_error, then "… and N more" when some were not kept. */
void mapping_errors_log(const mapping_errors *e);

/* mapping_load that also collects every independent error into `errs` (which must start zeroed).
 * err holds the first one alone; I/O and JSON syntax errors are single.  mapping_load itself
 * gives the first error followed by how many more there are. */
mapping *mapping_load_all(const char *path, mapping_errors *errs, ic_err *err);

/* Checks that every column the mapping names is in the header; an unknown one gives
 * "invoice.dueDate.column: no column 'Due date' in 'x.csv'; nearest: 'Due Date', 'Date Due'".
 * Returns 0 or IC_EXIT_USAGE.  mapping_read_invoices calls it itself. */
int mapping_bind(mapping *m, const char *const *header, size_t ncols, const char *csv_path,
                 ic_err *err);
/* The most columns a CSV header may have (a hostile file must not make checking it slow): more is
 * "x.csv: the header has N columns; at most 100000 are supported", exit 2. */
#define MAPPING_MAX_COLUMNS 100000
/* A template names at most this many columns ("{Column}" placeholders), and what it gives for one
 * row (or its own text) is at most MAPPING_MAX_TEMPLATE_BYTES: a template that repeats a column
 * thousands of times must not turn a small file into gigabytes.  Too many placeholders is a mapping
 * error (exit 2); a row whose text would be too long is an error on that row. */
#define MAPPING_MAX_TEMPLATE_PLACEHOLDERS 64
#define MAPPING_MAX_TEMPLATE_BYTES 16384
/* Arrays and objects in a mapping file nest at most this deep (a mapping's own keys need 5): more
 * is "map.json:LINE:COL: nested too deep (more than 64 levels of [ and {)", exit 2. */
#define MAPPING_MAX_DEPTH 64
/* A mapping file is at most 64 MiB: "'map.json' is too large for a mapping file (more than 64
 * MiB)", exit 2. */
#define MAPPING_MAX_FILE_BYTES (64 << 20)
/* mapping_bind that records every unknown column (each with its nearest names) in `errs` (which
 * must start zeroed; NULL: only err).  err holds the first, followed by how many more. */
int mapping_bind_all(mapping *m, const char *const *header, size_t ncols, const char *csv_path,
                     mapping_errors *errs, ic_err *err);

/* After a successful mapping_bind: how many of the header's columns the mapping reads (0 when
 * unbound). */
size_t mapping_columns_used(mapping *m);

/* The CSV options the mapping asks for (delimiter, encoding). */
csv_options mapping_csv_options(const mapping *m);
/* What a table reader needs: the CSV options, and for a workbook the mapping's "sheet" and
 * "header_row". */
table_options mapping_table_options(const mapping *m);
/* --sheet: reads that sheet of a workbook, whatever the mapping's "sheet" says (copied). */
void mapping_set_sheet(mapping *m, const char *sheet);
/* import --mode: the mode (enum ic_mode, model/mode.h) of invoices whose mode cell is blank, or of
 * every invoice when the mapping has no "mode" column.  Delete and skip invoices need only their
 * match key: nothing else of their rows is read or checked.  The default is upsert. */
void mapping_set_mode(mapping *m, int mode);
/* The "mode" column, or NULL when the mapping has none. */
const char *mapping_mode_column(const mapping *m);
/* "invoiceNumber" or "externalId": the field that identifies an invoice in the store. */
const char *mapping_match_field(const mapping *m);
/* The target API ("bigcommerce-b2b"). */
const char *mapping_target(const mapping *m);

/* The whole offline pipeline: opens the CSV with the mapping's options, binds the header, groups
 * rows into invoices, applies every rule, and records each problem (with its place) in
 * out->problems. Returns 0 when the file could be read (even with invalid invoices: see
 * out->n_invalid), or an ic_exit code with err set when it could not (I/O error, malformed CSV,
 * mapping does not fit the header). A file with a header but no data rows succeeds with 0 invoices:
 * the command decides what that means. Fully blank rows (every cell empty) and rows a "skip" rule
 * matches are skipped without a problem; they count in out->rows and out->rows_skipped. Stored
 * problems are capped (MAPPING_MAX_PROBLEMS) but all are counted; they are sorted by line. A row
 * whose group_by cells are all blank gives an error with no invoice: it counts in problems.n_errors
 * and rows_error but in neither n_valid nor n_invalid (with keep_invoices it is listed in
 * out->orphans, so that an import can write it to errors.csv). `out` is overwritten (it need not be
 * initialised); release it with batch_release even on error. */
int mapping_read_invoices(mapping *m, const char *csv_path, ic_batch *out, ic_err *err);

#define MAPPING_MAX_PROBLEMS 10000

typedef struct mapping_read_options {
    /* false: check and count every invoice but keep none (out->invoices stays NULL, n_invoices is
     * set), so memory grows with the number of invoices, not rows: what `validate` needs on very
     * large files. */
    bool keep_invoices;
    size_t max_problems; /* stored problems; 0 gives MAPPING_MAX_PROBLEMS */
    /* Optional, with keep_invoices false: every invoice, complete (line items, cost lines, records,
     * valid set), is handed to on_invoice after the last row, in order of first appearance, and
     * freed when it returns; the batch keeps only counts and problems.  Memory is then the compact
     * row values (about 70 bytes a row) instead of whole invoices (about 500).  A non-zero return
     * (an ic_exit code, with err set by the callback) stops reading; mapping_read_invoices_opt
     * returns it. */
    int (*on_invoice)(void *ctx, const ic_invoice *inv, ic_err *err);
    void *ctx;
    /* Optional: when the mapping does not fit the header, every unknown column is listed here
     * (see mapping_bind_all), not only the first in err.  Released by the caller. */
    mapping_errors *bind_errors;
} mapping_read_options;

/* mapping_read_invoices with options (NULL opt: keep invoices, default cap). */
int mapping_read_invoices_opt(mapping *m, const char *csv_path, const mapping_read_options *opt,
                              ic_batch *out, ic_err *err);

/* The reverse direction, for `export --map`: the CSV header the mapping reads (only the columns
 * that can be written back), and the rows of one invoice (one per line item, invoice fields
 * repeated).  Forms that cannot be reversed (compute, constants, non-affix templates) are skipped.
 * Each row is handed to fn as an array of ncols strings (NULL for an empty cell), valid during the
 * call; a non-zero return from fn stops and is returned.  The header: group_by columns first, then
 * the mapping file's order, `when` columns last; the names are owned by the mapping (valid until
 * mapping_free).  Rows: one per line item, then one per cost line when cost lines are rows; an
 * invoice with neither gives one row.  Money uses locale.decimal, dates the field's format in
 * locale.timezone.  No binding to a header is needed. */
size_t mapping_reverse_header(const mapping *m, const char ***names);
int mapping_reverse_rows(const mapping *m, const ic_invoice *inv,
                         int (*fn)(void *ctx, const char *const *cells, size_t ncols), void *ctx);
/* mapping_reverse_rows with dates written in `zone` (an IANA name; NULL: locale.timezone). */
int mapping_reverse_rows_in(const mapping *m, const ic_invoice *inv, const char *zone,
                            int (*fn)(void *ctx, const char *const *cells, size_t ncols),
                            void *ctx);
/* What the reverse direction writes with: locale.timezone ("UTC" when the mapping states none) and
 * locale.decimal ('.' or ','). */
const char *mapping_timezone(const mapping *m);
char mapping_decimal(const mapping *m);

/* Writes a starter mapping for a CSV file to `out` (recognising common header names, marking what
 * it could not place); returns 0 or an ic_exit code with err set.  What it cannot place or decide
 * (a required field, an ambiguous day/month order, a missing currency) is listed in a top-level
 * "_todo", which mapping_load refuses until the user removes it; advice goes into "_comment". */
int mapping_init_from_csv(const char *csv_path, FILE *out, ic_err *err);
/* The same for a CSV file or a workbook's sheet (opt: its "sheet" and "header_row", written into
 * the mapping; NULL for the defaults). */
int mapping_init_from_table(const char *csv_path, const table_options *opt, FILE *out, ic_err *err);

#endif
