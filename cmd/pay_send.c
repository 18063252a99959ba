/* pay, steps 5 and 6: the payments recorded, then the results folder (success.csv, errors.csv,
 * summary.json) that accounts for every row, and the closing lines. */
#include "cmd/pay_internal.h"
#include "cmd/signals.h"
#include "formats/results_write.h"
#include "util/clock.h"
#include "util/common.h"
#include "util/log.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int exit_code(const pay_cmd *pc, int run_rc)
{
    const size_t *b = pc->tot.by_result;
    if (run_rc != 0)
        return run_rc;
    if (b[PR_UNREACHABLE] || b[PR_UNKNOWN])
        return IC_EXIT_IO;
    if (b[PR_NOT_SENT])
        return IC_EXIT_INTERRUPTED;
    if (b[PR_REJECTED] || b[PR_REFUSED] || b[PR_INVALID])
        return IC_EXIT_INVALID;
    return 0;
}

static bool success(enum pay_result r)
{
    return r == PR_RECORDED || r == PR_EARLIER;
}

/* success.csv and errors.csv: every row, in the file's own layout. */
static int write_rows(pay_cmd *pc, ic_err *werr)
{
    const pay_plan *p = &pc->plan;
    result_invoice *rows = xcalloc(p->n ? p->n : 1, sizeof *rows);
    char(*places)[128] = xcalloc(p->n ? p->n : 1, sizeof *places);
    for (size_t i = 0; i < p->n; i++) {
        const pay_outcome *oc = &pc->outcomes[i];
        const ic_payment *pm = p->items[i].p;
        result_invoice *ri = &rows[i];
        ri->records = &pm->record;
        ri->n_records = 1;
        ri->id = oc->id;
        if (success(oc->result)) {
            ri->action = pay_result_name(oc->result);
        } else {
            ri->error = oc->error ? oc->error : pay_result_name(oc->result);
            if (oc->result == PR_INVALID && pm->error_column)
                snprintf(places[i], sizeof places[i], "line %ld, column '%.80s'", pm->line,
                         pm->error_column);
            else
                snprintf(places[i], sizeof places[i], "line %ld", pm->line);
            ri->error_place = places[i];
        }
    }
    table_options opt = pay_map_table_options(pc->pm);
    int rc = results_write_rows(pc->results_dir, pc->in.path, &opt, rows, p->n, werr);
    import_input_fix_message(&pc->in, werr);
    pc->results_written = true;
    free(places);
    free(rows);
    return rc;
}

static cJSON *summary(const pay_cmd *pc, int rc)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "csv", pc->in.shown);
    cJSON_AddStringToObject(doc, "mapping", pc->map_path);
    cJSON_AddStringToObject(doc, "target", pc->target->name);
    cJSON_AddStringToObject(doc, "journal", pc->journal_file);
    cJSON_AddNumberToObject(doc, "exit", rc);
    cJSON_AddNumberToObject(doc, "elapsed_s", mono_now() - pc->t_start);
    cJSON *counts = cJSON_AddObjectToObject(doc, "counts");
    cJSON_AddNumberToObject(counts, "payments", (double)pc->plan.n);
    for (int r = 0; r < PR_NCODES; r++) {
        char key[32];
        snprintf(key, sizeof key, "%s", pay_result_name((enum pay_result)r));
        for (char *c = key; *c; c++)
            if (*c == ' ')
                *c = '_';
        cJSON_AddNumberToObject(counts, key, (double)pc->tot.by_result[r]);
    }
    cJSON_AddNumberToObject(counts, "lookups", (double)pc->tot.lookups);
    cJSON_AddNumberToObject(counts, "resends", (double)pc->tot.resends);
    cJSON *arr = cJSON_AddArrayToObject(doc, "payments");
    for (size_t i = 0; i < pc->plan.n; i++) {
        const pay_item *it = &pc->plan.items[i];
        const pay_outcome *oc = &pc->outcomes[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "line", (double)it->p->line);
        if (it->p->invoice)
            cJSON_AddStringToObject(o, "invoice", it->p->invoice);
        if (it->p->valid)
            cJSON_AddStringToObject(o, "key", it->p->key);
        cJSON_AddStringToObject(o, "outcome", pay_result_name(oc->result));
        if (oc->id[0])
            cJSON_AddStringToObject(o, "payment_id", oc->id);
        if (oc->by_lookup)
            cJSON_AddBoolToObject(o, "by_lookup", true);
        if (oc->error)
            cJSON_AddStringToObject(o, "error", oc->error);
        cJSON_AddItemToArray(arr, o);
    }
    return doc;
}

int pay_write_results(pay_cmd *pc, int rc)
{
    ic_err werr = {0};
    int wrc = write_rows(pc, &werr);
    if (wrc == 0) {
        cJSON *doc = summary(pc, rc);
        wrc = results_write_json(pc->results_dir, "summary.json", doc, &werr);
        cJSON_Delete(doc);
    }
    if (wrc != 0) {
        ic_error("%s", werr.msg);
        if (rc == 0 || rc == IC_EXIT_INVALID)
            rc = wrc;
    }
    const size_t *b = pc->tot.by_result;
    ic_info("pay: %zu recorded, %zu already recorded, %zu refused, %zu invalid, %zu rejected, "
            "%zu unknown, %zu unreachable, %zu not sent (%lu lookup%s, %lu resend%s); results in "
            "'%s'",
            b[PR_RECORDED], b[PR_EARLIER], b[PR_REFUSED], b[PR_INVALID], b[PR_REJECTED],
            b[PR_UNKNOWN], b[PR_UNREACHABLE], b[PR_NOT_SENT], pc->tot.lookups,
            pc->tot.lookups == 1 ? "" : "s", pc->tot.resends, pc->tot.resends == 1 ? "" : "s",
            pc->results_dir);
    if (b[PR_UNKNOWN])
        ic_warn("%zu payment%s may or may not have been recorded: see errors.csv before sending "
                "them again",
                b[PR_UNKNOWN], b[PR_UNKNOWN] == 1 ? "" : "s");
    if (rc == IC_EXIT_INTERRUPTED)
        ic_info("interrupted: run the same command again to record the rest");
    return rc;
}

int pay_send(pay_cmd *pc)
{
    pc->outcomes = xcalloc(pc->plan.n ? pc->plan.n : 1, sizeof *pc->outcomes);
    pay_run_opts ro = {.journal = pc->jr,
                       .stop = cmd_signals_flag(),
                       .max_resends = pc->conn.max_retries,
                       .window = http_engine_concurrency(pc->e)};
    cmd_signals_sending(true);
    int run_rc = pay_run(pc->e, &pc->plan, &ro, pc->outcomes, &pc->tot, &pc->err);
    cmd_signals_sending(false);
    if (run_rc != 0 && run_rc != IC_EXIT_INTERRUPTED)
        ic_error("%s", pc->err.msg);
    return pay_write_results(pc, exit_code(pc, run_rc));
}
