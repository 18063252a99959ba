/* A payment received, as a payments file states it (one row: `invoicectl pay`, docs/payments.md):
 * the invoice it pays (by number or external id), the amount, the day, how it came and its
 * reference; and the payment key that identifies it wherever it is recorded, so that it is never
 * recorded twice.
 *
 * The payment key is "invoicectl:" and the first 16 hex digits of the SHA-256 of the row's identity
 * (invoice, amount, date, reference, joined by NUL bytes): the same payment read from another
 * export of the same bank account has the same key, and two payments that differ in any of those
 * have different keys.  Two rows with the same identity are one payment stated twice (the plan
 * refuses the second).
 *
 * Ownership: an ic_payment owns its strings (payment_release frees them); a pay_batch owns its
 * payments and is released with pay_batch_release.
 */
#ifndef INVOICECTL_MODEL_PAYMENT_H
#define INVOICECTL_MODEL_PAYMENT_H

#include "model/money.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAYMENT_KEY_PREFIX "invoicectl:"
#define PAYMENT_KEY_MAX 32 /* the prefix, 16 hex digits and the NUL, with room to spare */

typedef struct ic_payment {
    char *invoice;             /* the invoice's number or external id (trimmed); NULL when blank */
    money_t amount;            /* > 0 when valid */
    int64_t date;              /* unix seconds: midnight of the day in the mapping's zone */
    char date_ymd[11];         /* the same day, "YYYY-MM-DD" ("" when not read) */
    char currency[4];          /* ISO 4217 when the file says; "" when it does not */
    char *method;              /* "wire", "CHECK", …; NULL when not given */
    char *reference;           /* the bank's reference; NULL when not given */
    char *payer;               /* who paid; NULL when not given */
    long line;                 /* physical line of the row */
    size_t record;             /* 0-based data-record index (for the results files) */
    bool valid;                /* false once a problem was found */
    char *error;               /* the first problem ("'12,5x' is not an amount") */
    char *error_column;        /* the column it is in; NULL for the row */
    char *error_cell;          /* a workbook: where it is, as validate names it ("Statement!G7", or
                                  "Statement!7" for the row); NULL for CSV */
    char key[PAYMENT_KEY_MAX]; /* the payment key, once the row is valid */
} ic_payment;

void payment_release(ic_payment *p);
/* Records a problem (the first one is kept) and marks the payment invalid; column may be NULL. */
void payment_fail(ic_payment *p, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Fills p->key from invoice, amount, date_ymd and reference (see above). */
void payment_make_key(ic_payment *p);

/* A payments file read: every data row, blank rows left out. */
typedef struct pay_batch {
    char *csv_path; /* as given, for messages */
    ic_payment *items;
    size_t n, cap;
    size_t n_invalid;
    size_t rows_blank; /* blank rows skipped */
} pay_batch;

/* Appends a zeroed payment the batch owns. */
ic_payment *pay_batch_add(pay_batch *b);
void pay_batch_release(pay_batch *b);

#endif
