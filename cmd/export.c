/* `invoicectl export`: lists invoices from the API (pages in parallel, delivered in order) and
 * streams them into an XLSX workbook, a CSV (the Invoices columns or a mapping's layout) or JSON /
 * JSON Lines.  The file appears under its final name only when complete (util/atomic_file); an
 * interrupt or an API failure leaves none.  This file holds the options and the order of the
 * steps; the steps are in export_setup.c and export_run.c (export_internal.h). */
#include "cmd/cmd.h"
#include "cmd/export_internal.h"
#include "cmd/options.h"
#include "cmd/signals.h"
#include "model/date.h"
#include "util/common.h"
#include "util/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_FORMAT = CMD_OPT_LONG,
    OPT_MAP,
    OPT_NO_NEUTRALISE,
    OPT_AS_OF,
    OPT_TIMEZONE,
    OPT_STATUS,
    OPT_CUSTOMER,
    OPT_CREATED_FROM,
    OPT_CREATED_TO,
    OPT_SEARCH,
    OPT_SEARCH_BY,
    OPT_DUE_BEFORE,
    OPT_DUE_AFTER,
    OPT_PAGE_SIZE,
    OPT_TARGET,
};

/* clang-format off */
static const cmd_option options[] = {
    CMD_OPT_GROUP_ENTRY("output:\n", 0),
    CMD_OPT_VALUE_ENTRY('o', "output", 'o', "FILE",
        ".xlsx, .csv, .json or .jsonl; '-' (the default) writes CSV to\n"
        "standard output"),
    CMD_OPT_VALUE_ENTRY(0, "format", OPT_FORMAT, "FMT",
        "xlsx, csv, json or jsonl, whatever the file name says"),
    CMD_OPT_VALUE_ENTRY(0, "map", OPT_MAP, "MAP",
        "CSV in the layout of mapping file MAP (one row per line item), so that\n"
        "'invoicectl import -m MAP' reads it back unchanged"),
    CMD_OPT_FLAG_ENTRY(0, "no-neutralise", OPT_NO_NEUTRALISE,
        "write CSV text cells exactly, even those starting with = + - @"),
    CMD_OPT_FLAG_ENTRY(0, "no-neutralize", OPT_NO_NEUTRALISE, NULL),
    CMD_OPT_VALUE_ENTRY(0, "as-of", OPT_AS_OF, "DATE",
        "days past due and aging as of DATE (default: today, or the day of\n"
        "SOURCE_DATE_EPOCH when set)"),
    CMD_OPT_VALUE_ENTRY(0, "timezone", OPT_TIMEZONE, "ZONE",
        "the zone of every date given and written (default: the\n"
        "profile's \"timezone\", else with --map the mapping's, else\n"
        "this machine's zone)"),
    CMD_OPT_GROUP_ENTRY("\nfilters sent to the API:\n", 0),
    CMD_OPT_VALUE_ENTRY(0, "status", OPT_STATUS, "WORD",
        "open, partial, completed, unpaid (open or partial: two lists) or all\n"
        "(default)"),
    CMD_OPT_VALUE_ENTRY(0, "customer", OPT_CUSTOMER, "ID", "one customer (B2B company id)"),
    CMD_OPT_VALUE_ENTRY(0, "created-from", OPT_CREATED_FROM, "DATE",
        "created on or after DATE (YYYY-MM-DD)"),
    CMD_OPT_VALUE_ENTRY(0, "created-to", OPT_CREATED_TO, "DATE", "created on or before DATE"),
    CMD_OPT_VALUE_ENTRY(0, "search", OPT_SEARCH, "TEXT",
        "the API's keyword search, on --search-by FIELD (default\n"
        "invoiceNumber; also type, orderNumber, purchaseOrderNumber,\n"
        "customerId, externalCustomerId)"),
    CMD_OPT_VALUE_ENTRY(0, "search-by", OPT_SEARCH_BY, "FIELD", NULL), /* listed with --search */
    CMD_OPT_GROUP_ENTRY("filters applied here (the API has none):\n", 0),
    CMD_OPT_VALUE_ENTRY(0, "due-before", OPT_DUE_BEFORE, "DATE",
        "due strictly before DATE (invoices without a due date are left out)"),
    CMD_OPT_VALUE_ENTRY(0, "due-after", OPT_DUE_AFTER, "DATE", "due strictly after DATE"),
    CMD_OPT_GROUP_ENTRY("\n", 0),
    CMD_OPT_INCLUDE_ENTRY(&cmd_conn_options),
    /* listed with the connection options, in their column */
    CMD_OPT_GROUP_ENTRY(NULL, 23),
    CMD_OPT_VALUE_ENTRY(0, "page-size", OPT_PAGE_SIZE, "N",
        "invoices per page (default and at most 250)"),
    CMD_OPT_VALUE_ENTRY(0, "target", OPT_TARGET, "NAME",
        "the API to read: bigcommerce-b2b (default) or another target this build\n"
        "reaches (else the profile's \"target\")"),
    CMD_OPT_END_ENTRY,
};
/* clang-format on */

static const cmd_option_table table = {24, false, options, 0};

static void usage(FILE *out)
{
    fprintf(out, "usage: invoicectl export [-o FILE.xlsx|FILE.csv|FILE.json|FILE.jsonl|-] "
                 "[options]\n"
                 "\n"
                 "List invoices from the API into a workbook, a CSV or JSON.  The file appears "
                 "under its name\n"
                 "only when complete: an interrupted export leaves none.\n"
                 "\n");
    cmd_options_print(out, &table);
    fprintf(out, "\n"
                 "Progress (pages, invoices, ETA) goes to standard error: one updating line on a "
                 "terminal,\n"
                 "otherwise a plain line every 10 seconds (INVOICECTL_PROGRESS_INTERVAL=SECONDS "
                 "changes\n"
                 "that period), none with -q.\n"
                 "exit codes: 0 done, 2 usage or configuration error, 3 I/O or API failure, 4 "
                 "interrupted\n");
}

static int take(void *ctx, int id, const char *arg)
{
    export_cmd *x = ctx;
    struct export_opts *o = &x->o;
    switch (id) {
    case 'o':
        o->output = arg;
        break;
    case OPT_FORMAT:
        o->format = arg;
        break;
    case OPT_MAP:
        o->map_path = arg;
        break;
    case OPT_NO_NEUTRALISE:
        o->no_neutralise = true;
        break;
    case OPT_AS_OF:
        o->as_of = arg;
        break;
    case OPT_TIMEZONE:
        o->zone = arg;
        break;
    case OPT_STATUS:
        o->status = arg;
        break;
    case OPT_CUSTOMER:
        o->customer = arg;
        break;
    case OPT_CREATED_FROM:
        o->created_from = arg;
        break;
    case OPT_CREATED_TO:
        o->created_to = arg;
        break;
    case OPT_SEARCH:
        o->search = arg;
        break;
    case OPT_SEARCH_BY:
        o->search_by = arg;
        break;
    case OPT_DUE_BEFORE:
        o->due_before = arg;
        break;
    case OPT_DUE_AFTER:
        o->due_after = arg;
        break;
    case OPT_TARGET:
        api_conn_opts_set_target(x->co, arg);
        break;
    case OPT_PAGE_SIZE: {
        char *end;
        errno = 0;
        long v = strtol(arg, &end, 10);
        /* the target's own limit is checked once it is known (export_filters) */
        if (errno || *end || v < 1 || v > CONN_PAGE_SIZE_MAX)
            return cmd_usage_error("export", "--page-size: '%s' is not a number from 1 to %d", arg,
                                   connector_default()->max_page_size);
        o->page_limit = (int)v;
        break;
    }
    default: /* the connection options */
        return cmd_take_conn_option("export", x->co, id, arg, &x->err);
    }
    return 0;
}

/* The options: 0, CMD_PARSE_HELP, or IC_EXIT_USAGE. */
static int parse_args(export_cmd *x, int argc, char **argv)
{
    cmd_parser p = {"export", &table, usage, take, x};
    int first = 0;
    int rc = cmd_parse(&p, argc, argv, &first);
    if (rc == 0 && first < argc)
        return cmd_usage_error("export", "unexpected argument '%s'", argv[first]);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    export_cmd x;
    memset(&x, 0, sizeof x);
    x.o.output = "-";
    x.o.search_by = "invoiceNumber";
    x.local_known = date_local_zone(x.local_zone, sizeof x.local_zone);
    x.zone_from = "--timezone";
    x.co = api_conn_opts_new();
    int rc = parse_args(&x, argc, argv);
    if (rc == 0)
        rc = export_choose_format(&x);
    if (rc == 0)
        rc = export_connect(&x);
    if (rc == 0)
        rc = export_choose_zone(&x);
    if (rc == 0)
        rc = export_filters(&x);
    if (rc == 0)
        rc = export_dates(&x);
    if (rc == 0)
        rc = export_open(&x);
    if (rc == 0)
        rc = export_list(&x);

    export_run_release(&x.run);
    if (x.af)
        atomic_file_abort(x.af);
    cmd_signals_uninstall();
    http_engine_free(x.engine);
    mapping_free(x.map);
    api_conn_release(&x.conn);
    api_conn_opts_free(x.co);
    return rc == CMD_PARSE_HELP ? IC_EXIT_OK : rc;
}
