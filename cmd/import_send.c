/* import, steps 4 to 6: the dry run's output, or the question before creating, the requests, and
 * the results folder that accounts for every row. */
#include "import/progress.h"
#include "cmd/import_internal.h"
#include "cmd/signals.h"
#include "import/plan_write.h"
#include "util/common.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int import_dry_run(import_cmd *ic)
{
    const import_plan *p = &ic->plan;
    char counts[256];
    import_plan_counts_line(p, counts, sizeof counts);
    import_print_plan(p, ic_log_level >= IC_LOG_VERBOSE);
    ic_info("plan: %s", counts);
    int rc = plan_write_files(p, ic->in.shown, ic->results_dir, &ic->err);
    ic->results_written = true; /* what it wrote before a failure stays */
    if (rc != 0) {
        ic_error("%s", ic->err.msg);
        return rc;
    }
    ic_info("plan written to '%s/plan.json' and '%s/plan.xlsx'; nothing was sent", ic->results_dir,
            ic->results_dir);
    return p->counts[PLAN_INVALID] + p->counts[PLAN_REFUSED] + ic->batch.n_orphans ? IC_EXIT_INVALID
                                                                                   : IMPORT_DONE;
}

/* Removing cannot be taken back: asked for like creates, with the count. */
static int confirm_deletes(import_cmd *ic)
{
    const char *verb = ic->target && ic->target->delete_verb ? ic->target->delete_verb : "delete";
    if (ic->deletes == 0 || ic->yes)
        return 0;
    if (!(isatty(STDIN_FILENO) && isatty(STDERR_FILENO))) {
        ic_error("refusing to %s %zu invoice%s from store '%s' without confirmation; pass --yes "
                 "to go ahead",
                 verb, ic->deletes, import_plural(ic->deletes), import_store_name(&ic->conn));
        return IC_EXIT_USAGE;
    }
    if (!import_ask_delete(ic->deletes, verb, &ic->conn)) {
        ic_info("nothing sent");
        return IC_EXIT_USAGE;
    }
    return 0;
}

int import_confirm(import_cmd *ic)
{
    const import_plan *p = &ic->plan;
    char counts[256];
    import_plan_counts_line(p, counts, sizeof counts);
    ic_info("plan: %s", counts);

    /* the journal: resume what an earlier run of the same command left */
    size_t earlier_created = 0, earlier_updated = 0;
    for (size_t i = 0; i < p->n; i++) {
        const journal_entry *je = journal_get(ic->jr, p->items[i].key);
        /* as import_run counts it: only what the store confirms */
        bool was_deleted = je && je->action && ic->target && ic->target->delete_done &&
                           strcmp(je->action, ic->target->delete_done) == 0;
        if (je && je->state == JOURNAL_DONE && p->items[i].cls == PLAN_UNCHANGED && !was_deleted) {
            if (je->action && strcmp(je->action, "updated") == 0)
                earlier_updated++;
            else
                earlier_created++;
            continue;
        }
        ic->creates += p->items[i].cls == PLAN_CREATE;
        ic->updates += p->items[i].cls == PLAN_UPDATE;
        ic->deletes += p->items[i].cls == PLAN_DELETE;
    }
    if (ic->resumed && journal_count(ic->jr) > 0) {
        size_t earlier = earlier_created + earlier_updated;
        ic_info("resuming from journal '%s': %zu invoice%s done in an earlier run (%zu created, "
                "%zu updated), which the plan finds in the store; they count as created or updated "
                "below",
                ic->journal_file, earlier, import_plural(earlier), earlier_created,
                earlier_updated);
    }

    /* the question before creating: what the target does then (B2B Edition emails buyers; BILL
     * only with --send-email) */
    char asked[160] = "";
    const char *note = ic->target ? ic->target->create_note : NULL;
    if (ic->send_email && ic->target) {
        snprintf(asked, sizeof asked,
                 "--send-email: %s emails the customer each invoice created (%zu email%s)",
                 ic->target->title, ic->creates, import_plural(ic->creates));
        note = asked;
        if (ic->creates > 0 && ic->yes)
            ic_warn("%s", asked); /* said even with --yes: emails cannot be taken back */
    }
    if (ic->creates > 0 && !ic->yes) {
        if (!(isatty(STDIN_FILENO) && isatty(STDERR_FILENO))) {
            ic_error("refusing to create %zu invoice%s without confirmation%s%s; pass --yes to go "
                     "ahead",
                     ic->creates, import_plural(ic->creates), note ? ": " : "", note ? note : "");
            return IC_EXIT_USAGE;
        }
        if (!import_ask(ic->creates, ic->updates, p, &ic->conn, note)) {
            ic_info("nothing sent");
            return IC_EXIT_USAGE;
        }
    }
    return confirm_deletes(ic);
}

/* success.csv and errors.csv: every invoice, and the rows that belong to no invoice, each with
 * its error.  0, or an ic_exit code with werr set. */
static int write_rows(import_cmd *ic, ic_err *werr)
{
    const ic_batch *b = &ic->batch;
    const import_plan *p = &ic->plan;
    ic->rows = xcalloc(p->n + b->n_orphans + 1, sizeof *ic->rows);
    ic->orphan_places = xcalloc(b->n_orphans + 1, sizeof *ic->orphan_places);
    for (size_t i = 0; i < b->n_orphans; i++) {
        result_invoice *ri = &ic->rows[p->n + i];
        char place[48];
        snprintf(place, sizeof place, "line %ld", b->orphans[i].line);
        ic->orphan_places[i] = xstrdup(place);
        ri->records = &b->orphans[i].record;
        ri->n_records = 1;
        ri->error = b->orphans[i].why;
        ri->error_place = ic->orphan_places[i];
    }
    for (size_t i = 0; i < p->n; i++) {
        const import_outcome *oc = &ic->outcomes[i];
        result_invoice *ri = &ic->rows[i];
        ri->records = p->items[i].inv->records;
        ri->n_records = p->items[i].inv->n_records;
        ri->id = oc->id;
        if (oc->result == RES_DELETED) {
            ri->action = ic->target && ic->target->delete_done ? ic->target->delete_done
                                                               : import_result_name(oc->result);
        } else if (oc->result == RES_CREATED || oc->result == RES_UPDATED ||
                   oc->result == RES_UNCHANGED || oc->result == RES_SKIPPED) {
            ri->action = import_result_name(oc->result);
        } else {
            ri->error = oc->error ? oc->error : import_result_name(oc->result);
            ri->error_place = oc->error_place;
        }
    }
    table_options copt = mapping_table_options(ic->m);
    int wrc = results_write_rows(ic->results_dir, ic->csv_path, &copt, ic->rows,
                                 p->n + b->n_orphans, werr);
    import_input_fix_message(&ic->in, werr);
    ic->results_written = true;
    return wrc;
}

/* The run's exit code from what became of each invoice. */
static int run_exit_code(const import_cmd *ic, int run_rc)
{
    const size_t *b = ic->tot.by_result;
    if (run_rc == IC_EXIT_INTERRUPTED)
        return IC_EXIT_INTERRUPTED;
    if (run_rc != 0)
        return run_rc;
    if (b[RES_UNREACHABLE] || b[RES_UNKNOWN])
        return IC_EXIT_IO;
    if (b[RES_NOT_SENT])
        return IC_EXIT_INTERRUPTED;
    if (b[RES_REJECTED] || b[RES_INVALID] || b[RES_REFUSED] || ic->batch.n_orphans)
        return IC_EXIT_INVALID;
    return 0;
}

int import_send(import_cmd *ic)
{
    ic->outcomes = xcalloc(ic->plan.n, sizeof *ic->outcomes);
    progress prog;
    progress_init(&prog, stderr, isatty(STDERR_FILENO), ic_log_level <= IC_LOG_QUIET);
    import_run_opts ro = {.journal = ic->jr,
                          .progress = &prog,
                          .stop = cmd_signals_flag(),
                          .window = ic->conn.concurrency,
                          .max_resends = ic->conn.max_retries};
    cmd_signals_sending(true);
    int run_rc = import_run(ic->e, &ic->batch, &ic->plan, &ro, ic->outcomes, &ic->tot, &ic->err);
    cmd_signals_sending(false);
    if (run_rc != 0 && run_rc != IC_EXIT_INTERRUPTED)
        ic_error("%s", ic->err.msg);

    ic_err werr = {0};
    int wrc = write_rows(ic, &werr);
    int rc = run_exit_code(ic, run_rc);
    if (wrc != 0) {
        ic_error("%s", werr.msg);
        if (rc == 0 || rc == IC_EXIT_INVALID)
            rc = wrc;
    }
    rc = import_write_summary(ic, rc);
    import_say_outcome(ic, rc);
    return rc;
}
