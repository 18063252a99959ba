/* Strict reading of the documents an API answers with, shared by the connectors: a field of the
 * wrong type is an error that names the document and the field ("invoice 12: 'customerId' is not a
 * string"), never a zero or an empty value.
 *
 * Ownership: a doc_reader is a plain struct on the caller's stack; err is borrowed.
 */
#ifndef INVOICECTL_API_DOC_READ_H
#define INVOICECTL_API_DOC_READ_H

#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

typedef struct doc_reader {
    ic_err *err;
    char who[96]; /* who the messages are about: "invoice 12", "invoice 'INV-7'" */
} doc_reader;

/* Starts reading an invoice document: r's messages name it by its invoiceNumber when it has one
 * ("invoice 'INV-7'"), else "invoice".  0, or IC_EXIT_IO when doc is not a JSON object. */
int doc_reader_open(doc_reader *r, const cJSON *doc, ic_err *err);

/* Sets err to "WHO: message" with IC_EXIT_IO and returns IC_EXIT_IO. */
int doc_fail(doc_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Absent and null are the same: the API did not say. */
bool doc_absent(const cJSON *v);

/* An optional string field: absent or null leaves *slot alone; anything but a string is an error
 * naming path+key.  *slot is replaced by a copy (invoice_set_str). */
int doc_get_str(doc_reader *r, const cJSON *obj, const char *key, const char *path, char **slot);

#endif
