/* The payments mapping (docs/payments.md): which columns of a bank export or remittance file
 * name the invoice paid, the amount, the day and the rest, and how the file is written (the
 * "csv" and "locale" sections of an invoice mapping, with the same rules).  Reading a payments
 * file gives one ic_payment per data row (model/payment.h), each checked: a bad or non-positive
 * amount, a date that does not follow the format, a missing invoice make the row invalid with its
 * place (file, line, column).
 *
 * Ownership: pay_map_load returns a mapping freed with pay_map_free; pay_map_read fills a batch
 * the caller releases with pay_batch_release (also after an error).
 */
#ifndef INVOICECTL_MAPPING_PAY_MAP_H
#define INVOICECTL_MAPPING_PAY_MAP_H

#include "formats/table_read.h"
#include "mapping/mapping.h"
#include "model/payment.h"
#include "util/err.h"

#include <stdbool.h>

typedef struct pay_map pay_map;

/* True when the JSON object is a payments mapping (it has a "payment" section), so that
 * `mapping check` can tell the two kinds apart.  Reads the file; false when it cannot. */
bool pay_map_is_payments(const char *path);

/* Loads and checks a payments mapping: every independent error into errs (which must start
 * zeroed), the first in err (IC_EXIT_USAGE; IC_EXIT_IO when unreadable).  NULL on error. */
pay_map *pay_map_load(const char *path, mapping_errors *errs, ic_err *err);
void pay_map_free(pay_map *pm);

const char *pay_map_target(const pay_map *pm);
/* "invoiceNumber" (default) or "externalId": what the invoice column holds. */
const char *pay_map_match(const pay_map *pm);
table_options pay_map_table_options(const pay_map *pm);

/* Checks that every column the mapping names is in the header ("payment.amount.column: no
 * column 'Amount' in 'x.csv'"), every one into errs.  0 or IC_EXIT_USAGE. */
int pay_map_bind(pay_map *pm, const char *const *header, size_t ncols, const char *csv_path,
                 mapping_errors *errs, ic_err *err);

/* Reads every row of the file into out (blank rows skipped), each checked, with its payment key
 * when valid.  0 when the file could be read (see out->n_invalid), or an ic_exit code with err
 * (cannot read it, malformed CSV, a column the mapping names is missing: IC_EXIT_USAGE). */
int pay_map_read(pay_map *pm, const char *csv_path, pay_batch *out, ic_err *err);

#endif
