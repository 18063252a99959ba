/* `invoicectl import`: validate, plan against the store, then create / update / upsert through the
 * API, with a journal that makes a killed run resumable and a results folder that accounts for
 * every row. */
#include "api/b2b.h"
#include "api/conn.h"
#include "api/http.h"
#include "api/import_run.h"
#include "api/journal.h"
#include "api/plan.h"
#include "api/progress.h"
#include "cmd/cmd.h"
#include "cmd/import_prep.h"
#include "formats/plan_write.h"
#include "formats/report.h"
#include "formats/results_write.h"
#include "mapping/mapping.h"
#include "util/clock.h"
#include "util/common.h"
#include "util/err.h"
#include "util/log.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define JOURNAL_DIR "invoicectl-results"

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: invoicectl import -m MAP [options] FILE.csv\n"
        "       (FILE.csv may be - for standard input, or a pipe: it is read once)\n\n"
        "Validate the CSV, compare it with what the store holds, then create and update invoices "
        "so\n"
        "the store matches it.  Unchanged invoices cost no request; unmapped fields of stored "
        "invoices\n"
        "(billing addresses, shipments, extra fields) are kept.  See docs/import.md.\n\n"
        "options:\n"
        "  -m, --map FILE       the mapping file (required)\n"
        "  --mode MODE          upsert (default): create what is missing, update what differs;\n"
        "                       create: only create (an existing invoice with other values is "
        "refused);\n"
        "                       update: only update (a missing invoice is refused)\n"
        "  --dry-run            plan only: print the plan, write plan.json and plan.xlsx; only "
        "list\n"
        "                       requests are sent\n"
        "  -y, --yes            do not ask before creating invoices (needed when not on a "
        "terminal)\n"
        "  --skip-invalid       import the valid invoices even when some are invalid or some\n"
        "                       rows belong to no invoice (those go to errors.csv)\n"
        "  --journal FILE       the journal that makes the run resumable (default\n"
        "                       ./" JOURNAL_DIR "/<csv name>.<hash>.journal)\n"
        "  --results DIR        where success.csv, errors.csv and summary.json go (default a new\n"
        "                       ./" JOURNAL_DIR "/<csv name>-<date>-<time>)\n"
        "  -h, --help           this help\n\n"
        "%s\n"
        "Creating an invoice makes B2B Edition email the buyer a \"New Invoice\" message unless "
        "the store\n"
        "has turned that email template off.\n\n"
        "exit codes: 0 all done, 1 some invoices invalid, refused or rejected, 2 usage or "
        "configuration,\n"
        "            3 API unreachable after retries (or a file could not be written),\n"
        "            4 interrupted (run the same command again to resume)\n",
        api_conn_usage);
}

/* --- signals: the first stops new requests, the second abandons those in flight
 * ---------------------- */

static volatile sig_atomic_t g_stop;
static volatile sig_atomic_t g_sending;
static http_engine *volatile g_engine;

static void on_signal(int sig)
{
    (void)sig;
    if (g_stop < 2)
        g_stop++;
    if ((g_stop >= 2 || !g_sending) && g_engine) {
        http_engine_stop(g_engine);
        if (g_sending) {
            static const char m[] = "\ninvoicectl: abandoning the requests in flight\n";
            ssize_t w = write(STDERR_FILENO, m, sizeof m - 1);
            (void)w;
        }
    } else if (g_sending) {
        /* requests waiting out a backoff or a rate window are not in flight: drop them now */
        if (g_engine)
            http_engine_drain(g_engine);
        static const char m[] = "\ninvoicectl: stopping after the requests in flight finish; "
                                "press Ctrl-C again to abandon them\n";
        ssize_t w = write(STDERR_FILENO, m, sizeof m - 1);
        (void)w;
    }
}

static void signals_install(bool on)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on ? on_signal : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* --- listing the store
 * ---------------------------------------------------------------------------------- */

typedef struct list_ctx {
    store_index *idx;
    ic_err err; /* why a page was refused */
} list_ctx;

static int on_page(void *ctx, const cJSON *invoices, size_t offset, size_t total)
{
    (void)total;
    list_ctx *lc = ctx;
    return store_index_add_page(lc->idx, invoices, offset, &lc->err);
}

/* --- output
 * --------------------------------------------------------------------------------------------- */

/* "s" unless n is 1: "1 invoice", "2 invoices". */
static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* A changed value as the plan shows it: dates (unix seconds in the API) also as a UTC date. */
static const char *shown(const char *path, const char *v, char *buf, size_t n)
{
    if (!v)
        return "(none)";
    const char *last = strrchr(path, '.');
    last = last ? last + 1 : path;
    if (strcmp(last, "dueDate") != 0 && strcmp(last, "issuedAt") != 0)
        return v;
    char *end = NULL;
    errno = 0;
    long long secs = strtoll(v, &end, 10);
    if (errno || end == v || *end)
        return v;
    time_t t = (time_t)secs;
    struct tm tm;
    char day[32];
    if (!gmtime_r(&t, &tm) ||
        !strftime(day, sizeof day, tm.tm_hour || tm.tm_min ? "%Y-%m-%d %H:%M UTC" : "%Y-%m-%d",
                  &tm))
        return v;
    snprintf(buf, n, "%s (%s)", day, v);
    return buf;
}

static void print_plan(const import_plan *p, bool verbose)
{
    for (size_t i = 0; i < p->n; i++) {
        const plan_item *it = &p->items[i];
        printf("%-9s  %s  line %ld", plan_class_name(it->cls), it->key, it->inv->first_line);
        if (it->id)
            printf("  invoice %" PRId64, it->id);
        if (it->cls == PLAN_UPDATE)
            printf("  %zu change%s", it->n_changes, plural(it->n_changes));
        if (it->reason)
            printf("  %s", it->reason);
        putchar('\n');
        if (verbose && it->cls == PLAN_UPDATE)
            for (size_t k = 0; k < it->n_changes; k++) {
                const merge_change *ch = &it->changes[k];
                char o[64], n[64];
                printf("    %s: %s -> %s\n", ch->path, shown(ch->path, ch->old_value, o, sizeof o),
                       shown(ch->path, ch->new_value, n, sizeof n));
            }
    }
}

static void plan_counts_line(const import_plan *p, char *buf, size_t n)
{
    snprintf(buf, n,
             "%zu to create, %zu to update, %zu unchanged, %zu refused, %zu invalid (the store "
             "lists %zu invoice%s)",
             p->counts[PLAN_CREATE], p->counts[PLAN_UPDATE], p->counts[PLAN_UNCHANGED],
             p->counts[PLAN_REFUSED], p->counts[PLAN_INVALID], p->store_listed,
             plural(p->store_listed));
}

static cJSON *summary_json(const char *csv_path, const char *map_path, const import_plan *p,
                           const import_outcome *oc, const import_totals *t, const http_stats *st,
                           const char *journal_file, bool resumed, int exit_code, double elapsed)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "csv", csv_path);
    cJSON_AddStringToObject(doc, "mapping", map_path);
    cJSON_AddStringToObject(doc, "mode", import_mode_name(p->mode));
    cJSON_AddStringToObject(doc, "match", p->match_field);
    if (journal_file)
        cJSON_AddStringToObject(doc, "journal", journal_file);
    cJSON_AddBoolToObject(doc, "resumed", resumed);
    cJSON_AddNumberToObject(doc, "exit", exit_code);
    cJSON_AddNumberToObject(doc, "elapsed_s", elapsed);
    cJSON_AddNumberToObject(doc, "sending_s", t->send_elapsed_s);
    cJSON *counts = cJSON_AddObjectToObject(doc, "counts");
    cJSON_AddNumberToObject(counts, "invoices", (double)p->n);
    for (int r = 0; r < RES_NCODES; r++) {
        char key[32];
        snprintf(key, sizeof key, "%s", import_result_name((enum import_result)r));
        for (char *c = key; *c; c++)
            if (*c == ' ')
                *c = '_';
        cJSON_AddNumberToObject(counts, key, (double)t->by_result[r]);
    }
    cJSON *plan = cJSON_AddObjectToObject(doc, "plan");
    for (int c = 0; c < PLAN_NCLASSES; c++)
        cJSON_AddNumberToObject(plan, plan_class_name((enum plan_class)c), (double)p->counts[c]);
    cJSON_AddNumberToObject(plan, "store_listed", (double)p->store_listed);
    cJSON *req = cJSON_AddObjectToObject(doc, "requests");
    cJSON_AddNumberToObject(req, "total", (double)st->requests);
    cJSON_AddNumberToObject(req, "GET", (double)st->by_method[0]);
    cJSON_AddNumberToObject(req, "POST", (double)st->by_method[1]);
    cJSON_AddNumberToObject(req, "PUT", (double)st->by_method[2]);
    cJSON_AddNumberToObject(req, "DELETE", (double)st->by_method[3]);
    cJSON_AddNumberToObject(req, "answered_429", (double)st->answered_429);
    cJSON_AddNumberToObject(req, "answered_5xx", (double)st->answered_5xx);
    cJSON_AddNumberToObject(req, "retries", (double)st->retries);
    cJSON_AddNumberToObject(req, "lookups", (double)t->lookups);
    cJSON_AddNumberToObject(req, "resends", (double)t->resends);
    cJSON_AddNumberToObject(req, "lookups_after_exists", (double)t->lookups_after_exists);
    cJSON_AddNumberToObject(req, "budget_wait_s", st->waited_s);
    cJSON *arr = cJSON_AddArrayToObject(doc, "invoices");
    for (size_t i = 0; i < p->n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "key", p->items[i].key);
        cJSON_AddNumberToObject(o, "line", (double)p->items[i].inv->first_line);
        cJSON_AddStringToObject(o, "outcome", import_result_name(oc[i].result));
        if (oc[i].id)
            cJSON_AddNumberToObject(o, "id", (double)oc[i].id);
        if (oc[i].earlier)
            cJSON_AddBoolToObject(o, "earlier_run", true);
        if (oc[i].by_lookup)
            cJSON_AddBoolToObject(o, "confirmed_by_lookup", true);
        if (oc[i].maker_unknown)
            cJSON_AddBoolToObject(o, "maker_unknown", true);
        if (oc[i].error)
            cJSON_AddStringToObject(o, "error", oc[i].error);
        if (oc[i].error_place)
            cJSON_AddStringToObject(o, "error_place", oc[i].error_place);
        cJSON_AddItemToArray(arr, o);
    }
    return doc;
}

/* Asks on the terminal, with the plan's counts (shown even with -q); true for yes. */
static bool confirm(size_t creates, size_t updates, const import_plan *p, const api_conn *conn)
{
    size_t unsent = p->counts[PLAN_REFUSED] + p->counts[PLAN_INVALID];
    char more[96] = "";
    if (unsent)
        snprintf(more, sizeof more, "; %zu refused or invalid, not sent", unsent);
    fprintf(stderr,
            "invoicectl: about to create %zu invoice%s and update %zu in store '%s' (%s); %zu "
            "unchanged%s\n"
            "invoicectl: B2B Edition emails the buyer a \"New Invoice\" message for every invoice "
            "created,\n"
            "            unless the store has turned that email template off\n"
            "Continue? [y/N] ",
            creates, plural(creates), updates, conn->store_hash, conn->base_url,
            p->counts[PLAN_UNCHANGED], more);
    fflush(stderr);
    char line[64];
    if (!fgets(line, sizeof line, stdin))
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

/* " (all 3 in an earlier run)", " (2 of them in an earlier run)", or "". */
static void earlier_note(size_t n, size_t earlier, char *buf, size_t size)
{
    buf[0] = '\0';
    if (earlier == n && n > 0)
        snprintf(buf, size, n == 1 ? " (in an earlier run)" : " (all %zu in an earlier run)", n);
    else if (earlier)
        snprintf(buf, size, " (%zu of them in an earlier run)", earlier);
}

/* "results in 'DIR' (…)", naming only the files that are there. */
static void results_say_where(const char *dir)
{
    static const char *const names[] = {"success.csv", "errors.csv", "summary.json"};
    char list[128] = "";
    for (size_t i = 0; i < IC_ARRAY_LEN(names); i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) != 0)
            continue;
        if (list[0])
            strcat(list, ", ");
        strcat(list, names[i]);
    }
    if (list[0])
        ic_info("results in '%s' (%s)", dir, list);
    else
        ic_error("no results were written in '%s'", dir);
}

/* --- the command
 * ---------------------------------------------------------------------------------------- */

enum { OPT_MODE = 2000, OPT_DRY_RUN, OPT_SKIP_INVALID, OPT_JOURNAL, OPT_RESULTS };

int cmd_import(int argc, char **argv)
{
    static const struct option own[] = {
        {"map", required_argument, NULL, 'm'},
        {"mode", required_argument, NULL, OPT_MODE},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"yes", no_argument, NULL, 'y'},
        {"skip-invalid", no_argument, NULL, OPT_SKIP_INVALID},
        {"journal", required_argument, NULL, OPT_JOURNAL},
        {"results", required_argument, NULL, OPT_RESULTS},
        {"help", no_argument, NULL, 'h'},
        CMD_LOG_LONGOPTS,
    };
    struct option longopts[IC_ARRAY_LEN(own) + API_CONN_NOPTS + 1];
    memcpy(longopts, own, sizeof own);
    memcpy(longopts + IC_ARRAY_LEN(own), api_conn_long_options,
           (API_CONN_NOPTS + 1) * sizeof *longopts);

    const char *map_path = NULL, *journal_arg = NULL, *results_arg = NULL;
    int mode = IMPORT_UPSERT;
    bool dry_run = false, yes = false, skip_invalid = false;
    int rc = 0;
    ic_err err = {0};
    mapping *m = NULL;
    ic_batch batch;
    memset(&batch, 0, sizeof batch);
    bool have_batch = false;
    api_conn conn;
    memset(&conn, 0, sizeof conn);
    http_engine *e = NULL;
    store_index idx;
    bool have_idx = false;
    import_plan plan;
    memset(&plan, 0, sizeof plan);
    bool have_plan = false;
    journal_identity jid;
    memset(&jid, 0, sizeof jid);
    journal *jr = NULL;
    char *journal_file = NULL, *results_dir = NULL;
    bool results_created = false, results_written = false;
    struct stat jdir_st;
    bool jdir_existed = stat(JOURNAL_DIR, &jdir_st) == 0;
    import_input in;
    memset(&in, 0, sizeof in);
    in.spool_fd = -1;
    import_outcome *outcomes = NULL;
    result_invoice *rows = NULL;
    char **orphan_places = NULL;
    double t_start = mono_now();

    api_conn_opts *co = api_conn_opts_new();
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "m:yh" CMD_LOG_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case 'm':
            map_path = optarg;
            break;
        case OPT_MODE:
            mode = import_mode_parse(optarg);
            if (mode < 0) {
                rc = cmd_usage_error("import", "unknown --mode '%s'; use upsert, create or update",
                                     optarg);
                goto out;
            }
            break;
        case OPT_DRY_RUN:
            dry_run = true;
            break;
        case 'y':
            yes = true;
            break;
        case 'v':
        case 'q':
            cmd_log_option(c);
            break;
        case OPT_SKIP_INVALID:
            skip_invalid = true;
            break;
        case OPT_JOURNAL:
            journal_arg = optarg;
            break;
        case OPT_RESULTS:
            results_arg = optarg;
            break;
        case 'h':
            usage(stdout);
            goto out;
        case '?':
            rc = IC_EXIT_USAGE;
            fprintf(stderr, "Try 'invoicectl import --help'.\n");
            goto out;
        default: {
            int t = api_conn_opts_take(co, c, optarg, &err);
            if (t == 1)
                break;
            if (t == 0)
                rc = cmd_usage_error("import", "unexpected option");
            else
                rc = cmd_usage_error("import", "%s", err.msg);
            goto out;
        }
        }
    }
    if (!map_path) {
        rc = cmd_usage_error("import", "a mapping is required: -m MAP");
        goto out;
    }
    if (optind != argc - 1) {
        rc = cmd_usage_error("import", optind >= argc
                                           ? "a CSV file is required"
                                           : "only one CSV file can be imported at a time");
        goto out;
    }
    /* The input is read once when it is not a regular file (a pipe, standard input): a copy
     * serves every later pass.  A signal ends a wait for a FIFO's writer. */
    g_stop = 0;
    signals_install(true);
    rc = import_input_open(argv[optind], &g_stop, &in, &err);
    signals_install(false);
    if (rc != 0) {
        ic_error("%s", err.msg);
        goto out;
    }
    const char *csv_path = in.path;

    /* 1. validate */
    mapping_errors merrs;
    memset(&merrs, 0, sizeof merrs);
    m = mapping_load_all(map_path, &merrs, &err);
    if (!m) {
        if (merrs.n) /* every independent error, not only the first */
            mapping_errors_log(&merrs);
        else
            ic_error("%s", err.msg);
        mapping_errors_free(&merrs);
        rc = err.code;
        goto out;
    }
    mapping_errors_free(&merrs);
    rc = mapping_read_invoices(m, csv_path, &batch, &err);
    have_batch = true;
    /* messages and reports name the input as given, not its copy */
    free(batch.csv_path);
    batch.csv_path = xstrdup(in.shown);
    if (rc != 0) {
        import_input_fix_message(&in, &err);
        ic_error("%s", err.msg);
        goto out;
    }
    if (batch.n_invoices == 0) {
        /* as `validate` says it: a header alone is most likely the wrong file or a failed export */
        if (batch.problems.n_errors)
            report_print_problems(stderr, &batch, 20, true, NULL);
        else if (batch.rows_skipped)
            ic_error("'%s' has a header but no data rows (%s blank or skipped by a rule); "
                     "nothing was sent",
                     in.shown, batch.rows_skipped == 1 ? "its one row is" : "all its rows are");
        else
            ic_error("'%s' has a header but no data rows; nothing was sent", in.shown);
        rc = IC_EXIT_INVALID;
        goto out;
    }
    /* Every row is accounted for, and the import refuses whenever `validate` would report an
     * error: an invalid invoice, or a row that belongs to no invoice (a blank group_by cell). */
    ic_info("rows: %zu read = %zu used + %zu skipped + %zu in error", batch.rows, batch.rows_used,
            batch.rows_skipped, batch.rows_error);
    if (ic_log_level >= IC_LOG_VERBOSE)
        report_print_skipped(stderr, &batch);
    if (batch.n_invalid > 0 || batch.n_orphans > 0) {
        report_print_problems(stderr, &batch, 20, true, NULL);
        char what[256] = "";
        if (batch.n_invalid)
            snprintf(what, sizeof what, "%zu of %zu invoice%s %s invalid", batch.n_invalid,
                     batch.n_invoices, plural(batch.n_invoices),
                     batch.n_invalid == 1 ? "is" : "are");
        if (batch.n_orphans) {
            size_t used = strlen(what);
            snprintf(what + used, sizeof what - used, "%s%zu row%s belong%s to no invoice",
                     used ? " and " : "", batch.n_orphans, plural(batch.n_orphans),
                     batch.n_orphans == 1 ? "s" : "");
        }
        if (!skip_invalid) {
            ic_error("%s; nothing was sent (fix them, or import the valid invoices with "
                     "--skip-invalid)",
                     what);
            rc = IC_EXIT_INVALID;
            goto out;
        }
        ic_warn("%s: not sent, listed in errors.csv", what);
    }

    rc = api_conn_resolve(co, &conn, &err);
    if (rc != 0) {
        ic_error("%s", err.msg);
        goto out;
    }

    /* Everything the run will write is checked before its first request: the results folder
     * takes files and has room for them, and the journal can be created (and is locked). */
    rc = import_results_prepare(results_arg, in.shown,
                                import_results_need(in.size, batch.rows, batch.n_invoices),
                                &results_dir, &results_created, &err);
    if (rc != 0) {
        ic_error("%s", err.msg);
        goto out;
    }
    bool resumed = false;
    if (!dry_run) {
        rc = journal_identity_make(csv_path, map_path, conn.base_url, conn.store_hash, &jid, &err);
        if (rc == 0 && in.spool_fd >= 0) {
            /* a copy's name means nothing: the journal is keyed on the name as given */
            free(jid.csv_path);
            jid.csv_path = xstrdup(strcmp(in.shown, "<stdin>") == 0 ? "stdin" : in.shown);
        }
        if (rc == 0 && !journal_arg)
            rc = results_make_dir(JOURNAL_DIR, &err);
        if (rc != 0) {
            import_input_fix_message(&in, &err);
            ic_error("%s", err.msg);
            goto out;
        }
        journal_file = journal_arg ? xstrdup(journal_arg) : journal_default_path(JOURNAL_DIR, &jid);
        jr = journal_open(journal_file, &jid, &resumed, &err);
        if (!jr) {
            ic_error("%s", err.msg);
            rc = err.code;
            goto out;
        }
    }

    /* 2. read the store */
    e = http_engine_new(&conn, &err);
    if (!e) {
        ic_error("%s", err.msg);
        rc = err.code ? err.code : IC_EXIT_INTERNAL;
        goto out;
    }
    g_engine = e;
    g_stop = 0;
    g_sending = 0;
    signals_install(true);

    store_index_init(&idx, mapping_match_field(m), &batch);
    have_idx = true;
    b2b_filter f;
    b2b_filter_init(&f);
    /* the API leaves extraFields out of lists unless asked: without them every invoice whose
     * mapping sends extra fields would look changed, and an update could not keep the others */
    f.include_extra_fields = true;
    ic_verbose("listing the store's invoices");
    list_ctx lc = {.idx = &idx};
    rc = b2b_list_invoices(e, &f, on_page, &lc, &err);
    if (rc != 0) {
        if (rc == IC_EXIT_INTERRUPTED || g_stop)
            ic_error("interrupted while reading the store; nothing was sent");
        else if (lc.err.code)
            ic_error("%s; nothing was sent", lc.err.msg);
        else
            ic_error("%s", err.msg);
        rc = g_stop ? IC_EXIT_INTERRUPTED : rc;
        goto out;
    }

    /* 3. classify */
    rc = plan_build(&batch, &idx, (enum import_mode)mode, &plan, &err);
    have_plan = true;
    if (rc != 0) {
        ic_error("%s", err.msg);
        goto out;
    }
    char counts[256];
    plan_counts_line(&plan, counts, sizeof counts);

    /* 4. dry run: the plan, and nothing else */
    if (dry_run) {
        print_plan(&plan, ic_log_level >= IC_LOG_VERBOSE);
        ic_info("plan: %s", counts);
        rc = plan_write_files(&plan, in.shown, results_dir, &err);
        results_written = true; /* what it wrote before a failure stays */
        if (rc != 0) {
            ic_error("%s", err.msg);
            goto out;
        }
        ic_info("plan written to '%s/plan.json' and '%s/plan.xlsx'; nothing was sent", results_dir,
                results_dir);
        rc = plan.counts[PLAN_INVALID] + plan.counts[PLAN_REFUSED] + batch.n_orphans
                 ? IC_EXIT_INVALID
                 : 0;
        goto out;
    }
    ic_info("plan: %s", counts);

    /* the journal: resume what an earlier run of the same command left */
    size_t creates = 0, updates = 0, earlier_created = 0, earlier_updated = 0;
    for (size_t i = 0; i < plan.n; i++) {
        const journal_entry *je = journal_get(jr, plan.items[i].key);
        /* as import_run counts it: only what the store confirms */
        if (je && je->state == JOURNAL_DONE && plan.items[i].cls == PLAN_UNCHANGED) {
            if (je->action && strcmp(je->action, "updated") == 0)
                earlier_updated++;
            else
                earlier_created++;
            continue;
        }
        creates += plan.items[i].cls == PLAN_CREATE;
        updates += plan.items[i].cls == PLAN_UPDATE;
    }
    if (resumed && journal_count(jr) > 0) {
        size_t earlier = earlier_created + earlier_updated;
        ic_info("resuming from journal '%s': %zu invoice%s done in an earlier run (%zu created, "
                "%zu updated), which the plan finds in the store; they count as created or updated "
                "below",
                journal_file, earlier, plural(earlier), earlier_created, earlier_updated);
    }

    /* the question before creating (B2B Edition emails buyers about new invoices) */
    if (creates > 0 && !yes) {
        if (!(isatty(STDIN_FILENO) && isatty(STDERR_FILENO))) {
            ic_error(
                "refusing to create %zu invoice%s without confirmation: B2B Edition emails each "
                "buyer a \"New Invoice\" message unless that template is off; pass --yes to go "
                "ahead",
                creates, plural(creates));
            rc = IC_EXIT_USAGE;
            goto out;
        }
        if (!confirm(creates, updates, &plan, &conn)) {
            ic_info("nothing sent");
            rc = IC_EXIT_USAGE;
            goto out;
        }
    }

    /* 5. send */
    outcomes = xcalloc(plan.n, sizeof *outcomes);
    progress prog;
    progress_init(&prog, stderr, isatty(STDERR_FILENO), ic_log_level <= IC_LOG_QUIET);
    import_run_opts ro = {.journal = jr,
                          .progress = &prog,
                          .stop = &g_stop,
                          .window = conn.concurrency,
                          .max_resends = conn.max_retries};
    import_totals tot;
    g_sending = 1;
    int run_rc = import_run(e, &batch, &plan, &ro, outcomes, &tot, &err);
    g_sending = 0;
    if (run_rc != 0 && run_rc != IC_EXIT_INTERRUPTED)
        ic_error("%s", err.msg);

    /* 6. results */
    /* the rows that belong to no invoice go to errors.csv too, each with its error */
    rows = xcalloc(plan.n + batch.n_orphans + 1, sizeof *rows);
    orphan_places = xcalloc(batch.n_orphans + 1, sizeof *orphan_places);
    for (size_t i = 0; i < batch.n_orphans; i++) {
        result_invoice *ri = &rows[plan.n + i];
        char place[48];
        snprintf(place, sizeof place, "line %ld", batch.orphans[i].line);
        orphan_places[i] = xstrdup(place);
        ri->records = &batch.orphans[i].record;
        ri->n_records = 1;
        ri->error = batch.orphans[i].why;
        ri->error_place = orphan_places[i];
    }
    for (size_t i = 0; i < plan.n; i++) {
        const import_outcome *oc = &outcomes[i];
        rows[i].records = plan.items[i].inv->records;
        rows[i].n_records = plan.items[i].inv->n_records;
        rows[i].id = oc->id;
        if (oc->result == RES_CREATED || oc->result == RES_UPDATED || oc->result == RES_UNCHANGED) {
            rows[i].action = import_result_name(oc->result);
        } else {
            rows[i].error = oc->error ? oc->error : import_result_name(oc->result);
            rows[i].error_place = oc->error_place;
        }
    }
    csv_options copt = mapping_csv_options(m);
    ic_err werr = {0};
    int wrc =
        results_write_rows(results_dir, csv_path, &copt, rows, plan.n + batch.n_orphans, &werr);
    import_input_fix_message(&in, &werr);
    results_written = true;

    size_t *b = tot.by_result;
    if (run_rc == IC_EXIT_INTERRUPTED)
        rc = IC_EXIT_INTERRUPTED;
    else if (run_rc != 0)
        rc = run_rc;
    else if (b[RES_UNREACHABLE] || b[RES_UNKNOWN])
        rc = IC_EXIT_IO;
    else if (b[RES_NOT_SENT])
        rc = IC_EXIT_INTERRUPTED;
    else if (b[RES_REJECTED] || b[RES_INVALID] || b[RES_REFUSED] || batch.n_orphans)
        rc = IC_EXIT_INVALID;
    else
        rc = 0;
    if (wrc != 0) {
        ic_error("%s", werr.msg);
        if (rc == 0 || rc == IC_EXIT_INVALID)
            rc = wrc;
    }
    http_stats st;
    http_get_stats(e, &st);
    cJSON *sum = summary_json(in.shown, map_path, &plan, outcomes, &tot, &st, journal_file, resumed,
                              rc, mono_now() - t_start);
    /* rows read = used + skipped + in error */
    cJSON *jrows = cJSON_AddObjectToObject(sum, "rows");
    cJSON_AddNumberToObject(jrows, "read", (double)batch.rows);
    cJSON_AddNumberToObject(jrows, "used", (double)batch.rows_used);
    cJSON_AddNumberToObject(jrows, "skipped", (double)batch.rows_skipped);
    cJSON_AddNumberToObject(jrows, "error", (double)batch.rows_error);
    /* group commit at work: lines written against fdatasync calls made */
    cJSON_AddNumberToObject(sum, "journal_lines", (double)journal_lines(jr));
    cJSON_AddNumberToObject(sum, "journal_syncs", (double)journal_syncs(jr));
    ic_err serr = {0};
    if (results_write_json(results_dir, "summary.json", sum, &serr) != 0) {
        ic_error("%s", serr.msg);
        if (rc == 0 || rc == IC_EXIT_INVALID)
            rc = serr.code;
    }
    cJSON_Delete(sum);

    /* what an earlier run did is said next to its own count */
    size_t before[RES_NCODES] = {0}, maker_unknown = 0;
    for (size_t i = 0; i < plan.n; i++) {
        before[outcomes[i].result] += outcomes[i].earlier;
        maker_unknown += outcomes[i].maker_unknown;
    }
    char created_note[192], updated_note[64];
    earlier_note(b[RES_CREATED], before[RES_CREATED], created_note, sizeof created_note);
    if (maker_unknown) {
        /* another run creating the same invoices at the same time looks exactly like libcurl
         * resending this run's own POST: say so rather than claim them */
        size_t used = strlen(created_note);
        snprintf(created_note + used, sizeof created_note - used,
                 " (%zu of them found in the store after \"already exists\": made by this run or "
                 "by another one at the same time, which cannot be told)",
                 maker_unknown);
    }
    earlier_note(b[RES_UPDATED], before[RES_UPDATED], updated_note, sizeof updated_note);
    ic_info(
        "created %zu%s, updated %zu%s, unchanged %zu, rejected %zu, unreachable %zu, unknown %zu, "
        "invalid %zu, refused %zu, not sent %zu; %lu request%s (%lu answered 429)",
        b[RES_CREATED], created_note, b[RES_UPDATED], updated_note, b[RES_UNCHANGED],
        b[RES_REJECTED], b[RES_UNREACHABLE], b[RES_UNKNOWN], b[RES_INVALID], b[RES_REFUSED],
        b[RES_NOT_SENT], st.requests, plural(st.requests), st.answered_429);
    results_say_where(results_dir);
    if (rc == IC_EXIT_INTERRUPTED)
        ic_error("interrupted: %zu invoice%s not sent or not resolved; resume with the same "
                 "command",
                 b[RES_NOT_SENT], plural(b[RES_NOT_SENT]));
    else if (rc == IC_EXIT_IO && (b[RES_UNREACHABLE] || b[RES_UNKNOWN])) {
        if (b[RES_UNREACHABLE])
            ic_error("%zu invoice%s could not be sent (the API did not answer); run the same "
                     "command again to retry them",
                     b[RES_UNREACHABLE], plural(b[RES_UNREACHABLE]));
        if (b[RES_UNKNOWN])
            ic_error("%zu invoice%s may or may not have been created (no answer came back); run "
                     "the same command again: it looks them up before sending anything for them",
                     b[RES_UNKNOWN], plural(b[RES_UNKNOWN]));
    } else if (rc == IC_EXIT_INVALID) {
        size_t bad = b[RES_REJECTED] + b[RES_INVALID] + b[RES_REFUSED];
        if (bad)
            ic_error("%zu invoice%s %s not imported; see '%s/errors.csv' (fix it and import it "
                     "again)",
                     bad, plural(bad), bad == 1 ? "was" : "were", results_dir);
        if (batch.n_orphans)
            ic_error("%zu row%s belong%s to no invoice and %s not imported; see '%s/errors.csv'",
                     batch.n_orphans, plural(batch.n_orphans), batch.n_orphans == 1 ? "s" : "",
                     batch.n_orphans == 1 ? "was" : "were", results_dir);
    }

out:
    signals_install(false);
    g_engine = NULL;
    /* a run that ends before writing results or sending anything leaves nothing behind */
    if (results_created && !results_written)
        rmdir(results_dir);
    journal_close_unused(jr);
    jr = NULL;
    if (!jdir_existed)
        rmdir(JOURNAL_DIR); /* only when this run made it and left nothing in it */
    import_input_free(&in);
    if (outcomes)
        import_outcomes_free(outcomes, plan.n);
    free(outcomes);
    free(rows);
    for (size_t i = 0; orphan_places && i < batch.n_orphans; i++)
        free(orphan_places[i]);
    free(orphan_places);
    journal_close(jr);
    journal_identity_free(&jid);
    free(journal_file);
    free(results_dir);
    if (have_plan)
        plan_free(&plan);
    if (have_idx)
        store_index_free(&idx);
    http_engine_free(e);
    api_conn_free(&conn);
    api_conn_opts_free(co);
    if (have_batch)
        batch_free(&batch);
    mapping_free(m);
    return rc;
}
