/* `invoicectl pay`: record payments received (a bank export, a remittance file) against the
 * store's invoices, each exactly once.  This file holds the options and the order of the steps;
 * the steps are in pay_read.c, pay_plan_step.c and pay_send.c (pay_internal.h); the work in
 * mapping/pay_map.c, import/pay_plan.c and import/pay_run.c. */
#include "cmd/cmd.h"
#include "cmd/options.h"
#include "cmd/pay_internal.h"
#include "cmd/signals.h"
#include "util/clock.h"
#include "util/common.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OPT_DRY_RUN = CMD_OPT_LONG, OPT_JOURNAL, OPT_RESULTS, OPT_RETRY_UNKNOWN };

/* clang-format off */
static const cmd_option options[] = {
    CMD_OPT_VALUE_ENTRY('m', "map", 'm', "FILE", "the payments mapping (required)"),
    CMD_OPT_FLAG_ENTRY(0, "dry-run", OPT_DRY_RUN,
        "plan only: print what would become of every row; only list\n"
        "requests are sent"),
    CMD_OPT_FLAG_ENTRY('y', "yes", 'y',
        "do not ask before recording payments (needed when not on a terminal)"),
    CMD_OPT_FLAG_ENTRY(0, "retry-unknown", OPT_RETRY_UNKNOWN,
        "send again the payments an earlier run sent without an answer,\n"
        "on a target that cannot look a payment up (BILL): only once you\n"
        "have checked they are not recorded"),
    CMD_OPT_VALUE_ENTRY(0, "journal", OPT_JOURNAL, "FILE",
        "the journal of recorded payments (default one per store:\n"
        "./" PAY_RESULTS_DIR "/payments.<hash>.journal)"),
    CMD_OPT_VALUE_ENTRY(0, "results", OPT_RESULTS, "DIR",
        "where success.csv, errors.csv and summary.json go (default a new\n"
        "./" PAY_RESULTS_DIR "/<csv name>-<date>-<time>)"),
    CMD_OPT_HELP_ENTRY("this help"),
    CMD_OPT_GROUP_ENTRY("\n", 0),
    CMD_OPT_INCLUDE_ENTRY(&cmd_conn_options),
    CMD_OPT_END_ENTRY,
};
/* clang-format on */

static const cmd_option_table table = {23, false, options, 0};

static void usage(FILE *out)
{
    fprintf(out, "usage: invoicectl pay -m MAP [options] PAYMENTS.csv\n\n"
                 "Record payments received (a bank export, a remittance file) against the store's "
                 "invoices.\n"
                 "Each row names an invoice, an amount and a day; the plan refuses payments for "
                 "invoices\n"
                 "not in the store, paid already or in another currency, payments larger than what "
                 "is left\n"
                 "of an open balance, and rows that repeat an earlier one.  A payment is recorded "
                 "once:\n"
                 "a journal and its payment key keep a second run from recording it again.  See "
                 "docs/payments.md.\n\n"
                 "options:\n");
    cmd_options_print(out, &table);
    fprintf(out, "\n"
                 "exit codes: 0 all recorded, 1 some rows invalid, refused or rejected, 2 usage "
                 "or configuration\n"
                 "            (or a target that cannot record payments), 3 API unreachable or "
                 "an outcome unknown,\n"
                 "            4 interrupted (run the same command again to resume)\n");
}

static int take(void *ctx, int id, const char *arg)
{
    pay_cmd *pc = ctx;
    switch (id) {
    case 'm':
        pc->map_path = arg;
        break;
    case OPT_DRY_RUN:
        pc->dry_run = true;
        break;
    case 'y':
        pc->yes = true;
        break;
    case OPT_RETRY_UNKNOWN:
        pc->retry_unknown = true;
        break;
    case OPT_JOURNAL:
        pc->journal_arg = arg;
        break;
    case OPT_RESULTS:
        pc->results_arg = arg;
        break;
    default: /* the connection options */
        return cmd_take_conn_option("pay", pc->co, id, arg, &pc->err);
    }
    return 0;
}

static int parse_args(pay_cmd *pc, int argc, char **argv, const char **csv)
{
    cmd_parser p = {"pay", &table, usage, take, pc};
    int first = 0;
    int rc = cmd_parse(&p, argc, argv, &first);
    if (rc != 0)
        return rc == CMD_PARSE_HELP ? PAY_DONE : rc;
    if (!pc->map_path)
        return cmd_usage_error("pay", "a payments mapping is required: -m MAP");
    if (first != argc - 1)
        return cmd_usage_error("pay", first >= argc ? "a payments file is required"
                                                    : "only one payments file at a time");
    *csv = argv[first];
    return 0;
}

static void pay_cmd_init(pay_cmd *pc)
{
    memset(pc, 0, sizeof *pc);
    pc->in.spool_fd = -1;
    struct stat st;
    pc->jdir_existed = stat(PAY_RESULTS_DIR, &st) == 0;
    pc->t_start = mono_now();
    pc->co = api_conn_opts_new();
}

static void pay_cmd_release(pay_cmd *pc)
{
    cmd_signals_uninstall();
    if (pc->results_created && !pc->results_written)
        rmdir(pc->results_dir);
    journal_close_unused(pc->jr);
    if (!pc->jdir_existed)
        rmdir(PAY_RESULTS_DIR); /* only when this run made it and left nothing in it */
    import_input_release(&pc->in);
    if (pc->outcomes)
        pay_outcomes_release(pc->outcomes, pc->plan.n);
    free(pc->outcomes);
    if (pc->have_plan)
        pay_plan_release(&pc->plan);
    journal_identity_release(&pc->jid);
    free(pc->journal_file);
    free(pc->results_dir);
    http_engine_free(pc->e);
    api_conn_release(&pc->conn);
    api_conn_opts_free(pc->co);
    pay_batch_release(&pc->batch);
    pay_map_free(pc->pm);
}

int cmd_pay(int argc, char **argv)
{
    pay_cmd pc;
    pay_cmd_init(&pc);
    const char *csv = NULL;
    int rc = parse_args(&pc, argc, argv, &csv);
    if (rc == 0)
        rc = pay_read_file(&pc, csv); /* 1. read and check every row */
    if (rc == 0)
        rc = pay_prepare(&pc); /* 2. connection, results folder, journal */
    if (rc == 0)
        rc = pay_make_plan(&pc); /* 3. the store, the plan */
    if (rc == 0)
        rc = pay_confirm(&pc); /* 4. the question */
    if (rc == 0)
        rc = pay_send(&pc); /* 5. record, 6. results */
    pay_cmd_release(&pc);
    return rc == PAY_DONE ? IC_EXIT_OK : rc;
}
