/* `invoicectl validate`: read a CSV export through a mapping, offline, and report every problem.
 *
 * Problems go to standard error one per line (file:line first, as compilers do); the summary goes
 * to standard output, or to standard error when standard output carries the report or the emitted
 * bodies.
 */
#include "api/connector.h"
#include "cmd/cmd.h"
#include "cmd/options.h"
#include "formats/report.h"
#include "mapping/mapping.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/common.h"
#include "util/err.h"
#include "util/log.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How many problems the terminal shows before pointing at the report (-v shows all). */
#define SHOWN_PROBLEMS 20

#define STR_(x) #x
#define STR(x) STR_(x)

enum { OPT_MAX_PROBLEMS = CMD_OPT_LONG, OPT_SHEET };

/* clang-format off */
static const cmd_option options[] = {
    CMD_OPT_VALUE_ENTRY('m', "map", 'm', "MAP",
        "the mapping file (see docs/mapping.md; start one with\n"
        "'invoicectl mapping init FILE.csv')"),
    CMD_OPT_VALUE_ENTRY('r', "report", 'r', "FILE",
        "write every problem and every invoice to FILE: .json, .csv (problems\n"
        "only) or .xlsx, chosen by the extension; \"-\" writes JSON to stdout"),
    CMD_OPT_VALUE_ENTRY('e', "emit", 'e', "FILE",
        "write the Create Invoice request body of each valid invoice to FILE,\n"
        "one JSON object per line, in file order (\"-\": standard output)"),
    CMD_OPT_VALUE_ENTRY(0, "sheet", OPT_SHEET, "NAME",
        "the sheet of a workbook (FILE.xlsx) to read; default: the mapping's\n"
        "\"sheet\", else the first"),
    CMD_OPT_VALUE_ENTRY(0, "max-problems", OPT_MAX_PROBLEMS, "N",
        "keep at most N problems for the report (default " STR(MAPPING_MAX_PROBLEMS) "); all are "
        "counted"),
    CMD_OPT_QUIET_ENTRY("print only the errors, no warnings and no summary"),
    CMD_OPT_VERBOSE_ENTRY("list every problem, not only the first " STR(SHOWN_PROBLEMS)
                          ", and say more"),
    CMD_OPT_HELP_ENTRY("this help"),
    CMD_OPT_END_ENTRY,
};
/* clang-format on */

static const cmd_option_table table = {25, true, options, 0};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: invoicectl validate -m MAP [--report FILE] [--emit FILE] [--sheet NAME]\n"
            "                           [--max-problems N] FILE.csv|FILE.xlsx\n"
            "\n"
            "Reads FILE.csv (\"-\" for standard input) or a sheet of FILE.xlsx through the "
            "mapping MAP,\noffline: groups its rows into invoices, checks every rule, and reports "
            "every problem\nwith its place (file:line or book.xlsx:Sheet!C14, column, invoice).  "
            "Nothing is sent anywhere.\n"
            "\n"
            "options:\n");
    cmd_options_print(out, &table);
    fprintf(out,
            "\n"
            "The terminal shows the first %d problems, then a summary: rows, invoices, valid, "
            "invalid,\n"
            "warnings and errors.  Report shapes: docs/validate.md.\n"
            "\n"
            "exit codes: 0 every invoice valid (warnings allowed), 1 some invoices invalid (or no "
            "data rows),\n"
            "            2 usage or mapping error, or a malformed CSV (quoting, field counts, "
            "encoding),\n"
            "            3 a file cannot be opened or a report cannot be written\n",
            SHOWN_PROBLEMS);
}

struct args {
    const char *map_path, *report_path, *emit_path, *csv_path, *sheet;
    size_t max_problems;
};

static int take(void *ctx, int id, const char *arg)
{
    struct args *a = ctx;
    switch (id) {
    case 'm':
        a->map_path = arg;
        break;
    case 'r':
        a->report_path = arg;
        break;
    case 'e':
        a->emit_path = arg;
        break;
    case OPT_SHEET:
        a->sheet = arg;
        break;
    case OPT_MAX_PROBLEMS: {
        char *end;
        errno = 0;
        long long v = strtoll(arg, &end, 10);
        if (errno || end == arg || *end || v < 1 || v > INT_MAX)
            return cmd_usage_error("validate",
                                   "--max-problems wants a whole number from 1, got '%s'", arg);
        a->max_problems = (size_t)v;
        break;
    }
    }
    return 0;
}

/* Writes Create Invoice bodies, one per line, as invoices come: from a kept batch, or straight from
 * the mapping engine's on_invoice callback so that --emit alone never holds every invoice in
 * memory. */
typedef struct emitter {
    const ic_connector *target; /* makes the bodies */
    report_out out;
    char *buf; /* reused for every body (grown when one does not fit): a fresh allocation per body
                  shows in the profile of a million-row file */
    int cap;
    size_t written;
} emitter;

static int emitter_open(emitter *em, const char *path, ic_err *err);

/* --emit: the target's bodies into path (the target must be one this build reaches).  0, or an exit
 * code already reported. */
static int emit_start(emitter *em, const ic_connector *target, const mapping *m, const char *path,
                      ic_err *err)
{
    if (!target) {
        ic_error("--emit: the mapping's target '%s' cannot be reached by this build (it reaches "
                 "%s)",
                 mapping_target(m), connector_names());
        return IC_EXIT_USAGE;
    }
    int rc = emitter_open(em, path, err);
    em->target = target;
    if (rc != 0)
        ic_error("%s", err->msg);
    return rc;
}

static int emitter_open(emitter *em, const char *path, ic_err *err)
{
    memset(em, 0, sizeof *em);
    int rc = report_out_open(&em->out, path, err);
    if (rc != 0)
        return rc;
    em->cap = 1 << 16;
    em->buf = xmalloc((size_t)em->cap);
    return 0;
}

/* Each body is a tree of dozens of small cJSON nodes that lives for one print: while it is built,
 * cJSON allocates from an arena that is reset afterwards, instead of one malloc and free per node.
 */
static arena body_arena;

static void *body_alloc(size_t n)
{
    return arena_alloc(&body_arena, n);
}

static void body_free(void *p)
{
    (void)p; /* released all at once by arena_reset */
}

static int emit_one(void *ctx, const ic_invoice *inv, ic_err *err)
{
    emitter *em = ctx;
    if (!inv->valid)
        return 0;
    cJSON_Hooks hooks = {body_alloc, body_free};
    cJSON_InitHooks(&hooks);
    cJSON *j = em->target->create_body(inv);
    bool ok = j != NULL;
    while (ok && !cJSON_PrintPreallocated(j, em->buf, em->cap, 0)) {
        ok = em->cap < (1 << 28);
        if (ok) {
            em->cap *= 2;
            em->buf = xrealloc(em->buf, (size_t)em->cap);
        }
    }
    cJSON_Delete(j);
    cJSON_InitHooks(NULL); /* back to malloc and free for everything else */
    arena_reset(&body_arena);
    if (!ok)
        return ic_err_set(err, IC_EXIT_INTERNAL, "cannot format the body of invoice %s",
                          inv->key ? inv->key : "?");
    fputs(em->buf, em->out.fp);
    fputc('\n', em->out.fp);
    em->written++;
    return 0;
}

/* Ends the emitter: commits the file when ok, removes it otherwise.  Returns 0 or an ic_exit code.
 */
static int emitter_close(emitter *em, bool ok, ic_err *err)
{
    free(em->buf);
    em->buf = NULL;
    arena_release(&body_arena);
    if (!ok) {
        report_out_abort(&em->out);
        return 0;
    }
    return report_out_commit(&em->out, err);
}

/* The options and the one CSV file: 0 with a->csv_path set, CMD_PARSE_HELP, or IC_EXIT_USAGE. */
static int parse_args(struct args *a, int argc, char **argv)
{
    cmd_parser p = {"validate", &table, usage, take, a};
    int first = 0;
    int rc = cmd_parse(&p, argc, argv, &first);
    if (rc != 0)
        return rc;
    if (!a->map_path)
        return cmd_usage_error("validate", "no mapping given: use -m MAP");
    if (first >= argc)
        return cmd_usage_error("validate", "no CSV file given (\"-\" reads standard input)");
    if (argc - first > 1)
        return cmd_usage_error("validate", "one CSV file at a time, got '%s' and '%s'", argv[first],
                               argv[first + 1]);
    a->csv_path = argv[first];
    if (a->report_path && report_format_from_path(a->report_path) < 0)
        return cmd_usage_error(
            "validate", "cannot tell the report format of '%s': use a .json, .csv or .xlsx name",
            a->report_path);
    if (a->report_path && strcmp(a->report_path, "-") == 0 && a->emit_path &&
        strcmp(a->emit_path, "-") == 0)
        return cmd_usage_error("validate",
                               "--report and --emit cannot both write to standard output");
    return 0;
}

int cmd_validate(int argc, char **argv)
{
    struct args a = {.max_problems = MAPPING_MAX_PROBLEMS};
    int prc = parse_args(&a, argc, argv);
    if (prc != 0)
        return prc == CMD_PARSE_HELP ? IC_EXIT_OK : prc;
    const char *map_path = a.map_path, *report_path = a.report_path, *emit_path = a.emit_path;
    const char *csv_path = a.csv_path;
    size_t max_problems = a.max_problems;
    bool report_stdout = report_path && strcmp(report_path, "-") == 0;
    bool emit_stdout = emit_path && strcmp(emit_path, "-") == 0;

    int rc = IC_EXIT_OK;
    ic_err err;
    ic_err_clear(&err);
    ic_batch batch;
    memset(&batch, 0, sizeof batch);
    double t0 = mono_now();

    /* Every independent error of the mapping (and every unknown column) is listed, not only the
     * first, so that one run shows the user all there is to fix. */
    mapping_errors merrs;
    memset(&merrs, 0, sizeof merrs);
    mapping *m = mapping_load_all(map_path, &merrs, &err);
    if (!m) {
        mapping_errors_log(&merrs);
        mapping_errors_release(&merrs);
        return err.code ? err.code : IC_EXIT_USAGE;
    }
    if (a.sheet)
        mapping_set_sheet(m, a.sheet);
    /* Only a report needs every invoice kept.  Without one, invoices are checked and dropped
     * (bodies, when asked for, are written as each invoice completes), so memory follows the
     * compact row values, not whole invoices. */
    /* The target decides what its bodies look like and what it cannot hold. */
    const ic_connector *target = connector_find(mapping_target(m));
    emitter em;
    bool emitting = false;
    if (emit_path && (rc = emit_start(&em, target, m, emit_path, &err)) != 0)
        goto out;
    emitting = emit_path != NULL;
    /* A target with its own checks sees every invoice, so they are kept then. */
    bool target_checks = target && target->check;
    mapping_read_options ro = {.keep_invoices = report_path != NULL || target_checks,
                               .max_problems = max_problems,
                               .bind_errors = &merrs};
    if (emitting && !ro.keep_invoices) {
        ro.on_invoice = emit_one;
        ro.ctx = &em;
    }
    rc = mapping_read_invoices_opt(m, csv_path, &ro, &batch, &err);
    if (rc == 0 && target_checks)
        connector_check_batch(target, &batch);
    if (rc == 0 && emitting && ro.keep_invoices) {
        for (size_t i = 0; rc == 0 && batch.invoices && i < batch.n_invoices; i++)
            rc = emit_one(&em, &batch.invoices[i], &err);
    }
    if (emitting) {
        size_t written = em.written;
        int crc = emitter_close(&em, rc == 0, &err);
        emitting = false;
        if (rc == 0)
            rc = crc;
        if (rc == 0)
            ic_verbose("wrote %zu request bodies to '%s'", written, emit_path);
    }
    if (rc != 0) {
        if (merrs.n)
            mapping_errors_log(&merrs);
        else
            ic_error("%s", err.msg);
        goto out;
    }
    ic_verbose("read %zu rows into %zu invoices in %.2f s", batch.rows, batch.n_invoices,
               mono_now() - t0);

    /* -q: errors only; -v: every problem kept. */
    bool quiet = ic_log_level <= IC_LOG_QUIET;
    size_t limit = ic_log_level >= IC_LOG_VERBOSE ? 0 : SHOWN_PROBLEMS;
    report_print_problems(stderr, &batch, limit, quiet, report_path);
    if (ic_log_level >= IC_LOG_VERBOSE)
        report_print_skipped(stderr, &batch);

    if (report_path) {
        rc = report_write(report_path, &batch, map_path, &err);
        if (rc != 0) {
            ic_error("%s", err.msg);
            goto out;
        }
        ic_verbose("wrote the report '%s'", report_path);
    }
    if (!quiet) {
        FILE *sum = report_stdout || emit_stdout ? stderr : stdout;
        report_print_summary(sum, &batch);
        fflush(sum);
    }
    /* A header alone is most likely the wrong file or a failed export: say so rather than pass. */
    if (batch.n_invoices == 0 && batch.problems.n_errors == 0) {
        if (batch.rows_skipped)
            ic_error("'%s' has a header but no data rows (%s blank or skipped by a rule)",
                     batch.csv_path,
                     batch.rows_skipped == 1 ? "its one row is" : "all its rows are");
        else
            ic_error("'%s' has a header but no data rows", batch.csv_path);
        rc = IC_EXIT_INVALID;
    } else
        rc = batch.n_invalid || batch.problems.n_errors ? IC_EXIT_INVALID : IC_EXIT_OK;
out:
    batch_release(&batch);
    mapping_free(m);
    mapping_errors_release(&merrs);
    return rc;
}
