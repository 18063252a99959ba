/* `invoicectl undo RESULTS_DIR | JOURNAL`: reverses one finished or interrupted import run from its
 * journal: what it created is removed (the target's delete, or BILL's archive), what it updated is
 * put back as the journal recorded it before the update; whatever was changed or paid in the store
 * since the run is refused, never overwritten.  Journaled itself, so a killed undo resumes.  This
 * file holds the options and the order of the steps (cmd/undo_internal.h); the work is in
 * import/undo_plan.c and import/undo_run.c. */
#include "cmd/cmd.h"
#include "cmd/options.h"
#include "cmd/signals.h"
#include "cmd/undo_internal.h"
#include "util/clock.h"
#include "util/common.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_DRY_RUN = CMD_OPT_LONG, OPT_RESULTS };

/* clang-format off */
static const cmd_option options[] = {
    CMD_OPT_FLAG_ENTRY(0, "dry-run", OPT_DRY_RUN,
        "plan only: print what would be removed, restored or refused; only\n"
        "list requests are sent"),
    CMD_OPT_FLAG_ENTRY('y', "yes", 'y',
        "do not ask before removing or restoring invoices (needed when not on\n"
        "a terminal)"),
    CMD_OPT_VALUE_ENTRY(0, "results", OPT_RESULTS, "DIR",
        "where undo.csv and summary.json go (default RESULTS_DIR/undo-<date>-<time>,\n"
        "or ./invoicectl-results/undo-<date>-<time> for a journal)"),
    CMD_OPT_HELP_ENTRY("this help"),
    CMD_OPT_GROUP_ENTRY("\n", 0),
    CMD_OPT_INCLUDE_ENTRY(&cmd_conn_options),
    CMD_OPT_END_ENTRY,
};
/* clang-format on */

static const cmd_option_table table = {23, false, options, 0};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: invoicectl undo [options] RESULTS_DIR\n"
            "       invoicectl undo [options] JOURNAL\n\n"
            "Reverse one import run, named by its results folder or its journal: invoices it "
            "created are\n"
            "deleted (BILL: archived), invoices it updated are put back as they were before,\n"
            "invoices it deleted are brought back (BILL: unarchived; else created anew, under\n"
            "new ids).  An invoice changed or paid in the store since the run is refused and\n"
            "left as it is.  See "
            "docs/undo.md.\n\n"
            "options:\n");
    cmd_options_print(out, &table);
    fprintf(out, "\n"
                 "exit codes: 0 all undone (or nothing to undo), 1 some invoices refused or "
                 "rejected,\n"
                 "            2 usage or configuration (nothing sent), 3 API unreachable or a "
                 "file not written,\n"
                 "            4 interrupted (run the same command again to resume)\n");
}

static int take(void *ctx, int id, const char *arg)
{
    undo_cmd *uc = ctx;
    switch (id) {
    case OPT_DRY_RUN:
        uc->dry_run = true;
        break;
    case 'y':
        uc->yes = true;
        break;
    case OPT_RESULTS:
        uc->results_arg = arg;
        break;
    default: /* the connection options */
        return cmd_take_conn_option("undo", uc->co, id, arg, &uc->err);
    }
    return 0;
}

static int parse_args(undo_cmd *uc, int argc, char **argv)
{
    cmd_parser p = {"undo", &table, usage, take, uc};
    int first = 0;
    int rc = cmd_parse(&p, argc, argv, &first);
    if (rc != 0)
        return rc == CMD_PARSE_HELP ? UNDO_STOP : rc;
    if (first != argc - 1)
        return cmd_usage_error("undo", first >= argc ? "a results folder or a journal is required"
                                                     : "only one run can be undone at a time");
    uc->arg = argv[first];
    return 0;
}

static void undo_cmd_release(undo_cmd *uc)
{
    cmd_signals_uninstall();
    journal_close_unused(uc->jr);
    if (uc->out)
        undo_outcomes_release(uc->out, uc->plan.n);
    free(uc->out);
    if (uc->have_plan)
        undo_plan_release(&uc->plan);
    if (uc->prepared)
        uc->target->finish();
    http_engine_free(uc->e);
    journal_identity_release(&uc->uid);
    api_conn_release(&uc->conn);
    api_conn_opts_free(uc->co);
    if (uc->have_done)
        journal_log_release(&uc->done);
    if (uc->have_run)
        journal_log_release(&uc->run);
    if (uc->run_fd >= 0)
        close(uc->run_fd);
    free(uc->run_path);
    free(uc->undo_path);
    free(uc->results_dir);
}

static int send_plan(undo_cmd *uc)
{
    uc->out = xcalloc(uc->plan.n ? uc->plan.n : 1, sizeof *uc->out);
    undo_run_opts ro = {
        .journal = uc->jr, .stop = cmd_signals_flag(), .window = uc->conn.concurrency};
    cmd_signals_sending(true);
    int rc = undo_run(uc->e, &uc->plan, &ro, uc->out, uc->by, &uc->err);
    cmd_signals_sending(false);
    return undo_finish(uc, rc);
}

int cmd_undo(int argc, char **argv)
{
    undo_cmd uc;
    memset(&uc, 0, sizeof uc);
    uc.t_start = mono_now();
    uc.run_fd = -1;
    uc.co = api_conn_opts_new();
    int rc = parse_args(&uc, argc, argv);
    if (rc == 0)
        rc = undo_locate(&uc); /* 1. which run */
    if (rc == 0)
        rc = undo_connect(&uc); /* 2. the store it wrote to */
    if (rc == 0)
        rc = undo_make_plan(&uc); /* 3. what to do */
    if (rc == 0)
        rc = undo_confirm(&uc); /* 4. */
    if (rc == 0)
        rc = undo_open_journal(&uc);
    if (rc == 0)
        rc = send_plan(&uc); /* 5. the requests, 6. the results */
    undo_cmd_release(&uc);
    return rc == UNDO_STOP ? IC_EXIT_OK : rc;
}
