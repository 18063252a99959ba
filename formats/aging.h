/* Aging of open balances: the bucket of an invoice by days past due, and exact sums per customer
 * and currency (the Aging sheet of an export).
 *
 * Rules (docs/export.md): days past due = the as-of day minus the due day, both civil dates in the
 * export's time zone.  0 or fewer days (or no due date) is "current"; 1-30, 31-60, 61-90 and over
 * 90 are the others. Only invoices that are not completed count, by their open balance.  Sums are
 * exact (money_add); an overflow is an error, never a wrap.
 *
 * Ownership: an aging table is initialised by aging_init and released by aging_release, which frees
 * every row and the strings it copied.  Rows returned by aging_rows/aging_totals are owned by the
 * table and valid until the next aging_add or aging_release.
 */
#ifndef INVOICECTL_FORMATS_AGING_H
#define INVOICECTL_FORMATS_AGING_H

#include "model/invoice.h"
#include "model/money.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum aging_bucket {
    AGING_CURRENT = 0, /* not past due (0 days or fewer, or no due date) */
    AGING_1_30,
    AGING_31_60,
    AGING_61_90,
    AGING_OVER_90,
    AGING_NBUCKETS
};

/* Column titles of the buckets: "Current", "1-30", "31-60", "61-90", "Over 90". Static storage. */
const char *aging_bucket_name(enum aging_bucket b);

/* The bucket of a number of days past due (negative: not yet due). */
enum aging_bucket aging_bucket_of(int64_t days_past_due);

/* Days since 1970-01-01 of the civil date of a unix time in `zone` (NULL or "UTC": UTC). */
int64_t aging_day_of(int64_t unix_seconds, const char *zone);

/* Days past due of an invoice as of a civil day (days since 1970-01-01): as_of_day minus the due
 * day. Negative when not yet due; 0 when the invoice has no due date. */
int64_t aging_days_past_due(const ic_invoice *inv, int64_t as_of_day, const char *zone);

/* The "days past due" shown for an invoice: false (a blank cell) when it has no due date or is
 * completed, else true with *days = max(0, days past due). */
bool aging_days_shown(const ic_invoice *inv, int64_t as_of_day, const char *zone, int64_t *days);

/* True when an invoice counts in the aging (it is not completed). */
bool aging_counts(const ic_invoice *inv);

typedef struct aging_row {
    char *customer_id;   /* "" when the invoice had none */
    char *customer_name; /* the first non-empty name seen for the customer, "" when none */
    char currency[4];    /* "" when unknown */
    money_t bucket[AGING_NBUCKETS];
    money_t total;
    size_t invoices; /* how many invoices were added */
} aging_row;

typedef struct aging {
    aging_row *rows;
    size_t n, cap;
    size_t *slots; /* open-addressing index into rows (+1; 0 = empty) */
    size_t nslots;
    aging_row *totals; /* per currency, built by aging_totals */
    size_t ntotals;
} aging;

void aging_init(aging *a);
void aging_release(aging *a);

/* Adds an open balance to the customer's row for its currency, in the bucket for days_past_due.
 * Returns 0, or IC_EXIT_INVALID with err set when a sum would overflow (naming customer and
 * currency). */
int aging_add(aging *a, const char *customer_id, const char *customer_name, const char *currency,
              int64_t days_past_due, money_t open_balance, ic_err *err);

/* Adds an invoice when aging_counts says so (as of a civil day, in zone).  Returns 0 or as
 * aging_add. */
int aging_add_invoice(aging *a, const ic_invoice *inv, int64_t as_of_day, const char *zone,
                      ic_err *err);

/* Sorts the rows by currency, then customer id (numerically when both are digits), and returns
 * them. */
const aging_row *aging_rows(aging *a, size_t *n);

/* Sums per currency, sorted by currency (customer_id and customer_name are ""). Returns 0 and the
 * rows, or IC_EXIT_INVALID with err set on overflow. */
int aging_totals(aging *a, const aging_row **rows, size_t *n, ic_err *err);

#endif
