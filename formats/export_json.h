/* JSON output of `export`: the invoices in the API's own shape (the objects of the list answer,
 * unchanged), either as one array (".json", one invoice per line inside it) or as JSON Lines
 * (".jsonl").  Streaming: each invoice is written as it arrives; nothing is held.
 *
 * Ownership: export_json_open returns a writer the caller frees with export_json_finish (or
 * export_json_free on failure paths).  The FILE is borrowed; objects given to export_json_add are
 * borrowed for the call.
 */
#ifndef INVOICECTL_FORMATS_EXPORT_JSON_H
#define INVOICECTL_FORMATS_EXPORT_JSON_H

#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>

typedef struct export_json export_json;

export_json *export_json_open(FILE *fp, bool lines);
/* Returns 0 or IC_EXIT_IO / IC_EXIT_INTERNAL with err set. */
int export_json_add(export_json *w, const cJSON *invoice, ic_err *err);
/* Closes the array (when not lines), flushes and frees w.  Returns 0 or IC_EXIT_IO. */
int export_json_finish(export_json *w, ic_err *err);
void export_json_free(export_json *w);

#endif
