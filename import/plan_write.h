/* The dry-run plan as files: plan.json (counts and one entry per invoice with its class, place, id,
 * reason and field-level changes) and plan.xlsx (a sheet per class; updates list one row per
 * changed field).
 *
 * Ownership: everything is borrowed; plan_to_json returns a tree the caller frees with
 * cJSON_Delete.
 */
#ifndef INVOICECTL_IMPORT_PLAN_WRITE_H
#define INVOICECTL_IMPORT_PLAN_WRITE_H

#include "import/plan.h"
#include "util/err.h"

#include <cjson/cJSON.h>

cJSON *plan_to_json(const import_plan *p, const char *csv_path);
/* Writes DIR/plan.json and DIR/plan.xlsx, each whole or not at all.  0 or an ic_exit code. */
int plan_write_files(const import_plan *p, const char *csv_path, const char *dir, ic_err *err);

#endif
