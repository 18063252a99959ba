/* The results folder of an import: success.csv (the input rows of the invoices that are in the
 * store as the CSV says, plus "invoice_id" and "action"), errors.csv (the input rows of every other
 * invoice, in the input's own column layout and delimiter, cells byte for byte, plus "error" and
 * "error_place", so the file can be fixed and imported again with the same mapping), and JSON
 * documents such as summary.json.
 *
 * When the input already has "error" / "error_place" columns (an errors.csv imported again), those
 * columns are filled in place instead of added twice.
 *
 * Ownership: all arguments are borrowed; results_default_dir returns a string the caller frees.
 */
#ifndef INVOICECTL_FORMATS_RESULTS_WRITE_H
#define INVOICECTL_FORMATS_RESULTS_WRITE_H

#include "formats/csv_read.h"
#include "formats/table_read.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

typedef struct result_invoice {
    const size_t *records; /* 0-based data-record indices of the invoice's rows */
    size_t n_records;
    const char
        *action;       /* success.csv: "created", "updated", "unchanged"; NULL when not a success */
    const char *id;    /* the store's invoice id as text ("123", "00e02BZ…"; NULL or "": unknown);
                          borrowed */
    const char *error; /* errors.csv: why it is not in the store as the CSV says */
    const char *error_place; /* "line 12, column 'Due Date'", "API: lineItems", … */
} result_invoice;

/* Creates dir and its parents (mode 0700 for new ones).  0 or IC_EXIT_IO. */
int results_make_dir(const char *dir, ic_err *err);

/* The default results folder for a CSV: ./invoicectl-results/<csv name without
 * .csv>-<YYYYmmdd-HHMMSS> (the machine's local time), with "-2", "-3"… appended when that exists,
 * so earlier results are never overwritten.  Created here. NULL with err set when it cannot be
 * created. */
char *results_default_dir(const char *csv_path, ic_err *err);

/* Reads the input again (with the same options: a CSV file, or a workbook's sheet) and writes
 * DIR/success.csv and DIR/errors.csv, each file whole or not at all.  Records that belong to no
 * invoice (blank rows) are in neither.  0 or an ic_exit code. */
int results_write_rows(const char *dir, const char *csv_path, const table_options *opt,
                       const result_invoice *invs, size_t n, ic_err *err);

/* Writes doc, pretty-printed, to DIR/NAME atomically.  0 or IC_EXIT_IO. */
int results_write_json(const char *dir, const char *name, const cJSON *doc, ic_err *err);

#endif
