/* `invoicectl import`: validate, plan against the store, then create / update / upsert through the
 * API, with a journal that makes a killed run resumable and a results folder that accounts for
 * every row.  This file holds the options and the order of the steps; the steps are in
 * import_check.c, import_store.c, import_send.c and import_say.c (import_internal.h). */
#include "cmd/cmd.h"
#include "cmd/import_internal.h"
#include "model/mode.h"
#include "cmd/options.h"
#include "cmd/signals.h"
#include "util/clock.h"
#include "util/common.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    OPT_MODE = CMD_OPT_LONG,
    OPT_DRY_RUN,
    OPT_SKIP_INVALID,
    OPT_SEND_EMAIL,
    OPT_JOURNAL,
    OPT_RESULTS,
    OPT_SHEET
};

/* clang-format off */
static const cmd_option options[] = {
    CMD_OPT_VALUE_ENTRY('m', "map", 'm', "FILE", "the mapping file (required)"),
    CMD_OPT_VALUE_ENTRY(0, "sheet", OPT_SHEET, "NAME",
        "the sheet of a workbook (FILE.xlsx) to read (default: the mapping's,\nelse the first)"),
    CMD_OPT_VALUE_ENTRY(0, "mode", OPT_MODE, "MODE",
        "upsert (default): create what is missing, update what differs;\n"
        "create: only create (an existing invoice with other values is refused);\n"
        "update: only update (a missing invoice is refused);\n"
        "replace: update with the file's details whole (stored lines dropped);\n"
        "delete: remove by match key (BILL: archive); skip: plan only;\n"
        "for the rows whose mapping \"mode\" column is blank"),
    CMD_OPT_FLAG_ENTRY(0, "dry-run", OPT_DRY_RUN,
        "plan only: print the plan, write plan.json and plan.xlsx; only list\n"
        "requests are sent"),
    CMD_OPT_FLAG_ENTRY('y', "yes", 'y',
        "do not ask before creating invoices (needed when not on a terminal)"),
    CMD_OPT_FLAG_ENTRY(0, "skip-invalid", OPT_SKIP_INVALID,
        "import the valid invoices even when some are invalid or some\n"
        "rows belong to no invoice (those go to errors.csv)"),
    CMD_OPT_FLAG_ENTRY(0, "send-email", OPT_SEND_EMAIL,
        "ask the target to email the customer each invoice created (BILL;\n"
        "off by default)"),
    CMD_OPT_VALUE_ENTRY(0, "journal", OPT_JOURNAL, "FILE",
        "the journal that makes the run resumable (default\n"
        "./" JOURNAL_DIR "/<csv name>.<hash>.journal)"),
    CMD_OPT_VALUE_ENTRY(0, "results", OPT_RESULTS, "DIR",
        "where success.csv, errors.csv and summary.json go (default a new\n"
        "./" JOURNAL_DIR "/<csv name>-<date>-<time>)"),
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
            "usage: invoicectl import -m MAP [options] FILE.csv\n"
            "       (FILE.csv may be - for standard input, or a pipe: it is read once;\n"
            "       or an xlsx workbook, FILE.xlsx)\n\n"
            "Validate the CSV, compare it with what the store holds, then create and update "
            "invoices so\n"
            "the store matches it.  Unchanged invoices cost no request; unmapped fields of stored "
            "invoices\n"
            "(billing addresses, shipments, extra fields) are kept.  See docs/import.md.\n\n"
            "options:\n");
    cmd_options_print(out, &table);
    fprintf(out, "\n"
                 "Creating an invoice makes B2B Edition email the buyer a \"New Invoice\" message "
                 "unless the store\n"
                 "has turned that email template off; BILL emails the customer only with "
                 "--send-email.\n\n"
                 "exit codes: 0 all done, 1 some invoices invalid, refused or rejected, 2 usage or "
                 "configuration,\n"
                 "            3 API unreachable after retries (or a file could not be written),\n"
                 "            4 interrupted (run the same command again to resume)\n");
}

static int take(void *ctx, int id, const char *arg)
{
    import_cmd *ic = ctx;
    switch (id) {
    case 'm':
        ic->map_path = arg;
        break;
    case OPT_MODE:
        ic->mode = import_mode_parse(arg);
        if (ic->mode < 0)
            return cmd_usage_error("import", "unknown --mode '%s'; use %s", arg, ic_mode_choices());
        break;
    case OPT_DRY_RUN:
        ic->dry_run = true;
        break;
    case 'y':
        ic->yes = true;
        break;
    case OPT_SKIP_INVALID:
        ic->skip_invalid = true;
        break;
    case OPT_SEND_EMAIL:
        ic->send_email = true;
        break;
    case OPT_JOURNAL:
        ic->journal_arg = arg;
        break;
    case OPT_RESULTS:
        ic->results_arg = arg;
        break;
    case OPT_SHEET:
        ic->sheet = arg;
        break;
    default: /* the connection options */
        return cmd_take_conn_option("import", ic->co, id, arg, &ic->err);
    }
    return 0;
}

/* The options and the one CSV file: 0 with *csv set, IMPORT_DONE after --help, or IC_EXIT_USAGE. */
static int parse_args(import_cmd *ic, int argc, char **argv, const char **csv)
{
    cmd_parser p = {"import", &table, usage, take, ic};
    int first = 0;
    int rc = cmd_parse(&p, argc, argv, &first);
    if (rc != 0)
        return rc == CMD_PARSE_HELP ? IMPORT_DONE : rc;
    if (!ic->map_path)
        return cmd_usage_error("import", "a mapping is required: -m MAP");
    if (first != argc - 1)
        return cmd_usage_error("import", first >= argc
                                             ? "a CSV file is required"
                                             : "only one CSV file can be imported at a time");
    *csv = argv[first];
    return 0;
}

static void import_cmd_init(import_cmd *ic)
{
    memset(ic, 0, sizeof *ic);
    ic->mode = IMPORT_UPSERT;
    ic->in.spool_fd = -1;
    struct stat st;
    ic->jdir_existed = stat(JOURNAL_DIR, &st) == 0;
    ic->t_start = mono_now();
    ic->co = api_conn_opts_new();
}

static void import_cmd_release(import_cmd *ic)
{
    cmd_signals_uninstall();
    /* a run that ends before writing results or sending anything leaves nothing behind */
    if (ic->results_created && !ic->results_written)
        rmdir(ic->results_dir);
    journal_close_unused(ic->jr);
    ic->jr = NULL;
    if (!ic->jdir_existed)
        rmdir(JOURNAL_DIR); /* only when this run made it and left nothing in it */
    import_input_release(&ic->in);
    if (ic->outcomes)
        import_outcomes_release(ic->outcomes, ic->plan.n);
    free(ic->outcomes);
    free(ic->rows);
    for (size_t i = 0; ic->orphan_places && i < ic->batch.n_orphans; i++)
        free(ic->orphan_places[i]);
    free(ic->orphan_places);
    journal_identity_release(&ic->jid);
    free(ic->journal_file);
    free(ic->results_dir);
    if (ic->have_plan)
        plan_release(&ic->plan);
    if (ic->have_idx)
        store_index_release(&ic->idx);
    http_engine_free(ic->e);
    if (ic->target && ic->target->finish)
        ic->target->finish();
    api_conn_release(&ic->conn);
    api_conn_opts_free(ic->co);
    if (ic->have_batch)
        batch_release(&ic->batch);
    mapping_free(ic->m);
}

int cmd_import(int argc, char **argv)
{
    import_cmd ic;
    import_cmd_init(&ic);
    const char *csv = NULL;
    int rc = parse_args(&ic, argc, argv, &csv);
    if (rc == 0)
        rc = import_read_csv(&ic, csv); /* 1. validate */
    if (rc == 0)
        rc = import_check_batch(&ic);
    if (rc == 0)
        rc = import_prepare(&ic);
    if (rc == 0)
        rc = import_read_store(&ic); /* 2. read the store, 3. classify */
    if (rc == 0)
        rc = ic.dry_run ? import_dry_run(&ic) : import_confirm(&ic); /* 4. */
    if (rc == 0)
        rc = import_send(&ic); /* 5. send, 6. results */
    import_cmd_release(&ic);
    return rc == IMPORT_DONE ? IC_EXIT_OK : rc;
}
