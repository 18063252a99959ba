/* pay, steps 1 and 2: the payments file read once and every row checked; then what the run
 * writes checked before its first request (the connection, the results folder, the journal). */
#include "cmd/pay_internal.h"
#include "cmd/signals.h"
#include "formats/results_write.h"
#include "util/common.h"
#include "util/log.h"
#include "util/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rows that are wrong, as compilers print them: file:line: error: column 'X': what; a
 * workbook's place as validate names it: book.xlsx:Statement!G7. */
static void print_invalid(const pay_batch *b)
{
    size_t shown = 0;
    for (size_t i = 0; i < b->n && shown < 20; i++) {
        const ic_payment *p = &b->items[i];
        if (p->valid)
            continue;
        shown++;
        char line[32];
        snprintf(line, sizeof line, "%ld", p->line);
        const char *place = p->error_cell ? p->error_cell : line;
        if (p->error_column)
            fprintf(stderr, "%s:%s: error: column '%s': %s\n", b->csv_path, place, p->error_column,
                    p->error);
        else
            fprintf(stderr, "%s:%s: error: %s\n", b->csv_path, place, p->error);
    }
    if (b->n_invalid > shown)
        fprintf(stderr, "… and %zu more rows in error (all of them are in errors.csv)\n",
                b->n_invalid - shown);
}

int pay_read_file(pay_cmd *pc, const char *arg)
{
    ic_err *err = &pc->err;
    cmd_signals_install(CMD_SIGNALS_FINISH, NULL);
    int rc = import_input_open(arg, cmd_signals_flag(), &pc->in, err);
    cmd_signals_uninstall();
    if (rc != 0) {
        ic_error("%s", err->msg);
        return rc;
    }
    mapping_errors merrs;
    memset(&merrs, 0, sizeof merrs);
    pc->pm = pay_map_load(pc->map_path, &merrs, err);
    if (!pc->pm) {
        mapping_errors_log(&merrs);
        mapping_errors_release(&merrs);
        return err->code ? err->code : IC_EXIT_USAGE;
    }
    mapping_errors_release(&merrs);
    /* a target that cannot record payments is said before anything else is looked at */
    pc->target = connector_find(pay_map_target(pc->pm));
    if (!pc->target) {
        ic_error("the mapping's target '%s' cannot be reached by this build (it reaches %s); "
                 "nothing was sent",
                 pay_map_target(pc->pm), connector_names());
        return IC_EXIT_USAGE;
    }
    if (!pc->target->payment_body) {
        ic_error("%s (target '%s') cannot record payments: %s; nothing was sent", pc->target->title,
                 pc->target->name,
                 pc->target->payment_none ? pc->target->payment_none
                                          : "its connector has no payment request");
        return IC_EXIT_USAGE;
    }
    rc = pay_map_read(pc->pm, pc->in.path, &pc->batch, err);
    free(pc->batch.csv_path);
    pc->batch.csv_path = xstrdup(pc->in.shown);
    if (rc != 0) {
        import_input_fix_message(&pc->in, err);
        ic_error("%s", err->msg);
        return rc;
    }
    if (pc->batch.n == 0) {
        ic_error("'%s' has a header but no payment rows; nothing was sent", pc->in.shown);
        return IC_EXIT_INVALID;
    }
    ic_info("rows: %zu payment%s read, %zu invalid, %zu blank skipped", pc->batch.n,
            pc->batch.n == 1 ? "" : "s", pc->batch.n_invalid, pc->batch.rows_blank);
    print_invalid(&pc->batch);
    return 0;
}

/* One journal per store, whatever the file: a payment recorded from one bank export is known as
 * recorded when a later export (which overlaps it) is paid in, by its payment key. */
static void journal_identity_of_store(pay_cmd *pc)
{
    const char *store = pc->conn.store_hash        ? pc->conn.store_hash
                        : pc->conn.organization_id ? pc->conn.organization_id
                                                   : "";
    journal_identity *id = &pc->jid;
    memset(id, 0, sizeof *id);
    id->csv_path = xstrdup("payments");
    id->mapping_path = xstrdup("payments");
    sha256_hex("invoicectl pay", strlen("invoicectl pay"), id->csv_sha256);
    memcpy(id->mapping_sha256, id->csv_sha256, sizeof id->mapping_sha256);
    id->api_url = xstrdup(pc->conn.base_url);
    id->store_hash = xstrdup(store);
}

int pay_prepare(pay_cmd *pc)
{
    ic_err *err = &pc->err;
    api_conn_opts_set_target(pc->co, pc->target->name);
    int rc = api_conn_resolve(pc->co, &pc->conn, err);
    if (rc != 0) {
        ic_error("%s", err->msg);
        return rc;
    }
    if (!pc->dry_run) {
        rc = import_results_prepare(pc->results_arg, pc->in.shown,
                                    import_results_need(pc->in.size, pc->batch.n, pc->batch.n),
                                    &pc->results_dir, &pc->results_created, err);
        if (rc != 0) {
            ic_error("%s", err->msg);
            return rc;
        }
    }
    journal_identity_of_store(pc);
    if (!pc->journal_arg && (rc = results_make_dir(PAY_RESULTS_DIR, err)) != 0) {
        ic_error("%s", err->msg);
        return rc;
    }
    pc->journal_file = pc->journal_arg ? xstrdup(pc->journal_arg)
                                       : journal_default_path(PAY_RESULTS_DIR, &pc->jid);
    pc->jr = journal_open(pc->journal_file, &pc->jid, &pc->resumed, err);
    if (!pc->jr) {
        ic_error("%s", err->msg);
        return err->code;
    }
    return 0;
}
