/* import, step 1: the input read once, the mapping loaded, every invoice checked; nothing is sent
 * when any invoice is invalid (unless --skip-invalid). */
#include "api/connector.h"
#include "cmd/import_internal.h"
#include "cmd/signals.h"
#include "formats/report.h"
#include "util/common.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int import_read_csv(import_cmd *ic, const char *arg)
{
    ic_err *err = &ic->err;
    /* The input is read once when it is not a regular file (a pipe, standard input): a copy
     * serves every later pass.  A signal ends a wait for a FIFO's writer. */
    cmd_signals_install(CMD_SIGNALS_FINISH, NULL);
    int rc = import_input_open(arg, cmd_signals_flag(), &ic->in, err);
    cmd_signals_uninstall();
    if (rc != 0) {
        ic_error("%s", err->msg);
        return rc;
    }
    ic->csv_path = ic->in.path;

    mapping_errors merrs;
    memset(&merrs, 0, sizeof merrs);
    ic->m = mapping_load_all(ic->map_path, &merrs, err);
    if (!ic->m) {
        if (merrs.n) /* every independent error, not only the first */
            mapping_errors_log(&merrs);
        else
            ic_error("%s", err->msg);
        mapping_errors_release(&merrs);
        return err->code;
    }
    mapping_errors_release(&merrs);
    if (ic->sheet)
        mapping_set_sheet(ic->m, ic->sheet);
    mapping_set_mode(ic->m, ic->mode); /* a delete or skip row needs only its key */
    rc = mapping_read_invoices(ic->m, ic->csv_path, &ic->batch, err);
    ic->have_batch = true;
    /* messages and reports name the input as given, not its copy */
    free(ic->batch.csv_path);
    ic->batch.csv_path = xstrdup(ic->in.shown);
    if (rc != 0) {
        import_input_fix_message(&ic->in, err);
        ic_error("%s", err->msg);
    }
    return rc;
}

/* The target's own checks (api/connector.h), as `validate` runs them: what it cannot hold makes the
 * invoice invalid, so import never sends what validate reports (BILL: more than 2 decimals, a
 * number over 100 characters); what it holds otherwise is a warning, said before the plan. */
static void target_check(import_cmd *ic)
{
    ic_batch *b = &ic->batch;
    const ic_connector *target = connector_find(mapping_target(ic->m));
    if (!target || !target->check)
        return; /* an unknown target is reported by import_prepare */
    size_t warnings = b->problems.n_warnings;
    connector_check_batch(target, b);
    if (b->problems.n_warnings > warnings && b->n_invalid == 0)
        report_print_problems(stderr, b, 20, false, NULL);
}

int import_check_batch(import_cmd *ic)
{
    ic_batch *b = &ic->batch;
    if (b->n_invoices == 0) {
        /* as `validate` says it: a header alone is most likely the wrong file or a failed export */
        if (b->problems.n_errors)
            report_print_problems(stderr, b, 20, true, NULL);
        else if (b->rows_skipped)
            ic_error("'%s' has a header but no data rows (%s blank or skipped by a rule); "
                     "nothing was sent",
                     ic->in.shown, b->rows_skipped == 1 ? "its one row is" : "all its rows are");
        else
            ic_error("'%s' has a header but no data rows; nothing was sent", ic->in.shown);
        return IC_EXIT_INVALID;
    }
    /* Every row is accounted for, and the import refuses whenever `validate` would report an
     * error: an invalid invoice, or a row that belongs to no invoice (a blank group_by cell). */
    ic_info("rows: %zu read = %zu used + %zu skipped + %zu in error", b->rows, b->rows_used,
            b->rows_skipped, b->rows_error);
    if (ic_log_level >= IC_LOG_VERBOSE)
        report_print_skipped(stderr, b);
    target_check(ic);
    if (b->n_invalid > 0 || b->n_orphans > 0) {
        report_print_problems(stderr, b, 20, true, NULL);
        char what[256] = "";
        if (b->n_invalid)
            snprintf(what, sizeof what, "%zu of %zu invoice%s %s invalid", b->n_invalid,
                     b->n_invoices, import_plural(b->n_invoices), b->n_invalid == 1 ? "is" : "are");
        if (b->n_orphans) {
            size_t used = strlen(what);
            snprintf(what + used, sizeof what - used, "%s%zu row%s belong%s to no invoice",
                     used ? " and " : "", b->n_orphans, import_plural(b->n_orphans),
                     b->n_orphans == 1 ? "s" : "");
        }
        if (!ic->skip_invalid) {
            ic_error("%s; nothing was sent (fix them, or import the valid invoices with "
                     "--skip-invalid)",
                     what);
            return IC_EXIT_INVALID;
        }
        ic_warn("%s: not sent, listed in errors.csv", what);
    }
    return 0;
}
