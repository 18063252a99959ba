/* Shared by mapping/init.c (the starter mapping) and mapping/init_rows.c (the shape of the sampled
 * rows: footer and repeated header rows to skip, one-to-many layouts to fill down). */
#ifndef IC_MAPPING_INIT_INTERNAL_H
#define IC_MAPPING_INIT_INTERNAL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* The header and the first rows of the file, trimmed. */
typedef struct init_sample {
    size_t ncols;
    char **header;
    char ***vals; /* [row][col] */
    size_t nrows;
    char delimiter;
    char *sheet;     /* a workbook: the sheet read (its name), NULL for CSV */
    long header_row; /* a workbook: the header's row when not 1, else 0 */
    bool used[512];  /* columns already placed */
} init_sample;

/* Drops the rows that are not data from the sample: blank rows, rows that repeat the header, total
 * and subtotal rows (a cell "Total", "TOTAL", "Grand Total", "*", "**").  Returns the "skip" rules
 * that describe them, or NULL when every row is data. */
cJSON *init_skip_rules(init_sample *s);

/* One-to-many layouts (Odoo, some NetSuite and Excel exports) write the invoice columns only on an
 * invoice's first row.  When rows without an invoice number follow rows with one, returns the
 * columns that are blank on every such row (the "fill_down" list) and fills them down in the
 * sample; else NULL. */
cJSON *init_fill_down(init_sample *s, int inv);

/* Whether two rows of one invoice (equal cells in column inv) hold different non-blank values in
 * col. */
bool init_varies(const init_sample *s, int col, int inv);

/* Whether every non-blank sampled cell of col is made of digits only (an id rather than a name). */
bool init_all_digits(const init_sample *s, int col);

/* Whether a non-blank sampled cell of col is something other than a 3-letter code. */
bool init_has_long_values(const init_sample *s, int col);

/* A column named like a mode (Mode, Action, Operation) is import's "mode" column when every
 * non-blank sampled cell names one (model/mode.h); else it is given back (not used) and -1. */
int init_mode_column(init_sample *s, int col);

#endif
