/* The mapping file (docs/mapping.md): loading, checking against a CSV header, and turning rows into
 * validated invoices.  Every error names a JSON path ("invoice.dueDate.format") or a place in the CSV
 * (file, physical line, column, invoice key).
 *
 * Ownership: mapping_load returns a mapping the caller frees with mapping_free.  An ic_batch is filled by
 * mapping_read_invoices and released with batch_free, which frees every invoice and problem in it.
 */
#ifndef INVOICECTL_MAPPING_MAPPING_H
#define INVOICECTL_MAPPING_MAPPING_H

#include "formats/csv_read.h"
#include "model/invoice.h"
#include "model/problem.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct mapping mapping;

/* Reads and checks a mapping file: JSON syntax (with line and column), known keys, field forms, types,
 * formats, time zone, currency.  NULL with err (IC_EXIT_USAGE, or IC_EXIT_IO when unreadable). */
mapping *mapping_load(const char *path, ic_err *err);
void mapping_free(mapping *m);

/* Checks that every column the mapping names is in the header; an unknown one gives
 * "invoice.dueDate.column: no column 'Due date' in 'x.csv'; nearest: 'Due Date', 'Date Due'".
 * Returns 0 or IC_EXIT_USAGE.  mapping_read_invoices calls it itself. */
int mapping_bind(mapping *m, const char *const *header, size_t ncols, const char *csv_path, ic_err *err);

/* The CSV options the mapping asks for (delimiter, encoding). */
csv_options mapping_csv_options(const mapping *m);
/* "invoiceNumber" or "externalId": the field that identifies an invoice in the store. */
const char *mapping_match_field(const mapping *m);
/* The target API ("bigcommerce-b2b"). */
const char *mapping_target(const mapping *m);

typedef struct ic_batch {
    char *csv_path;
    size_t rows;         /* data rows read */
    ic_invoice *invoices; /* in order of first appearance */
    size_t n_invoices;
    size_t n_valid, n_invalid, n_warned; /* n_warned: invoices with at least one warning */
    problem_list problems;
} ic_batch;

/* The whole offline pipeline: opens the CSV with the mapping's options, binds the header, groups rows into
 * invoices, applies every rule, and records each problem (with its place) in out->problems.
 * Returns 0 when the file could be read (even with invalid invoices: see out->n_invalid), or an ic_exit code
 * with err set when it could not (I/O error, malformed CSV, mapping does not fit the header). */
int mapping_read_invoices(mapping *m, const char *csv_path, ic_batch *out, ic_err *err);
void batch_free(ic_batch *b);

/* The reverse direction, for `export --map`: the CSV header the mapping reads (only the columns that can be
 * written back), and the rows of one invoice (one per line item, invoice fields repeated).  Forms that cannot
 * be reversed (compute, non-affix templates) are skipped.  Each row is handed to fn as an array of ncols
 * strings (NULL for an empty cell), valid during the call. */
size_t mapping_reverse_header(const mapping *m, const char ***names);
int mapping_reverse_rows(const mapping *m, const ic_invoice *inv,
                         int (*fn)(void *ctx, const char *const *cells, size_t ncols), void *ctx);

/* Writes a starter mapping for a CSV file to `out` (recognising common header names, marking what it could
 * not place); returns 0 or an ic_exit code with err set. */
int mapping_init_from_csv(const char *csv_path, FILE *out, ic_err *err);

#endif
