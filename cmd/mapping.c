/* `invoicectl mapping`: start a mapping file from a CSV header (init), or check one (check). */
#include "cmd/cmd.h"
#include "cmd/options.h"
#include "formats/table_read.h"
#include "formats/report.h"
#include "mapping/mapping.h"
#include "mapping/pay_map.h"
#include "util/err.h"
#include "util/log.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

enum { OPT_SHEET = CMD_OPT_LONG };

/* clang-format off */
static const cmd_option init_options[] = {
    CMD_OPT_VALUE_ENTRY('o', "output", 'o', "MAP.json", "write there instead of standard output"),
    CMD_OPT_FLAG_ENTRY('f', "force", 'f', "overwrite MAP.json if it exists"),
    CMD_OPT_VALUE_ENTRY(0, "sheet", OPT_SHEET, "NAME", "a workbook's sheet to read (default: the first)"),
    CMD_OPT_END_ENTRY,
};
static const cmd_option check_options[] = {
    CMD_OPT_VALUE_ENTRY(0, "sheet", OPT_SHEET, "NAME", "a workbook's sheet to read (default: the first)"),
    CMD_OPT_END_ENTRY,
};
/* clang-format on */

/* init's options are listed inside its paragraph, under its text. */
static const cmd_option_table init_table = {31, false, init_options, 7};
static const cmd_option_table check_table = {31, false, check_options, 7};

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: invoicectl mapping init FILE [-o MAP.json] [--force] [--sheet NAME]\n"
        "       invoicectl mapping check MAP [FILE] [--sheet NAME]\n"
        "FILE is a CSV file or an xlsx workbook (FILE.xlsx).\n"
        "\n"
        "init   writes a starter mapping for FILE.csv (\"-\" for standard input) to standard "
        "output or\n"
        "       to MAP.json: the columns it recognises are placed, everything it could not place "
        "is\n"
        "       marked with \"_todo\", which 'check' and 'validate' refuse until it is "
        "resolved.\n");
    cmd_options_print(out, &init_table);
    fprintf(
        out,
        "\n"
        "check  loads MAP and reports the first problem with its place (JSON path, line:column); "
        "with\n"
        "       FILE.csv it also reads the file's header and checks that every column MAP names "
        "is\n"
        "       there, suggesting the nearest names when one is not.\n"
        "\n"
        "The mapping file is described in docs/mapping.md.\n"
        "\n"
        "exit codes: 0 the mapping is valid (for the file), 2 it is not, or a usage error,\n"
        "            3 a file cannot be read or written\n");
}

struct init_args {
    const char *out_path;
    bool force;
    const char *sheet;
};

static int take_init(void *ctx, int id, const char *arg)
{
    struct init_args *a = ctx;
    if (id == 'o')
        a->out_path = arg;
    else if (id == 'f')
        a->force = true;
    else if (id == OPT_SHEET)
        a->sheet = arg;
    return 0;
}

static int take_sheet(void *ctx, int id, const char *arg)
{
    if (id == OPT_SHEET)
        *(const char **)ctx = arg;
    return 0;
}

static int mapping_init(int argc, char **argv)
{
    struct init_args a = {0};
    cmd_parser p = {"mapping", &init_table, usage, take_init, &a};
    int first = 0;
    int rc = cmd_parse(&p, argc, argv, &first);
    if (rc != 0)
        return rc == CMD_PARSE_HELP ? IC_EXIT_OK : rc;
    const char *out_path = a.out_path;
    bool force = a.force;
    if (first >= argc)
        return cmd_usage_error("mapping", "init needs a CSV file: 'mapping init FILE.csv'");
    if (argc - first > 1)
        return cmd_usage_error("mapping", "init takes one CSV file, got '%s' and '%s'", argv[first],
                               argv[first + 1]);
    const char *csv_path = argv[first];
    if (!out_path)
        out_path = "-";
    struct stat st;
    if (strcmp(out_path, "-") != 0 && !force && stat(out_path, &st) == 0) {
        ic_error("'%s' already exists; use --force to overwrite it", out_path);
        return IC_EXIT_USAGE;
    }

    ic_err err;
    ic_err_clear(&err);
    report_out out;
    rc = report_out_open(&out, out_path, &err);
    if (rc != 0) {
        ic_error("%s", err.msg);
        return rc;
    }
    table_options topt = {{0}, a.sheet, 0, NULL, NULL, 0};
    rc = mapping_init_from_table(csv_path, &topt, out.fp, &err);
    if (rc != 0) {
        report_out_abort(&out);
        ic_error("%s", err.msg);
        return rc;
    }
    rc = report_out_commit(&out, &err);
    if (rc != 0) {
        ic_error("%s", err.msg);
        return rc;
    }
    if (strcmp(out_path, "-") != 0) {
        /* Say what is left to do: the file loads as it is only when nothing is marked "_todo". */
        ic_err lerr;
        mapping *m = mapping_load(out_path, &lerr);
        if (m)
            ic_info("wrote '%s'; review it, then run 'invoicectl mapping check %s %s'", out_path,
                    out_path, csv_path);
        else
            ic_info("wrote '%s'; fill in what is marked \"_todo\" and delete that list, then run "
                    "'invoicectl mapping check %s %s'",
                    out_path, out_path, csv_path);
        mapping_free(m);
    }
    return IC_EXIT_OK;
}

/* `mapping check` of a payments mapping (docs/payments.md): the same checks, its own loader. */
static int pay_mapping_check(const char *map_path, const char *csv_path)
{
    ic_err err;
    ic_err_clear(&err);
    mapping_errors merrs;
    memset(&merrs, 0, sizeof merrs);
    int rc = IC_EXIT_OK;
    table_reader *r = NULL;
    pay_map *pm = pay_map_load(map_path, &merrs, &err);
    if (!pm) {
        mapping_errors_log(&merrs);
        rc = err.code ? err.code : IC_EXIT_USAGE;
        goto out;
    }
    if (!csv_path) {
        printf("payments mapping '%s' is valid\n", map_path);
        goto out;
    }
    table_options to = pay_map_table_options(pm);
    r = table_reader_open(csv_path, &to, &err);
    if (!r) {
        ic_error("%s", err.msg);
        rc = err.code ? err.code : IC_EXIT_IO;
        goto out;
    }
    csv_path = table_reader_path(r);
    rc = pay_map_bind(pm, table_reader_header(r), table_reader_ncols(r), csv_path, &merrs, &err);
    if (rc != 0)
        mapping_errors_log(&merrs);
    else
        printf("payments mapping '%s' is valid for '%s'\n", map_path, csv_path);
out:
    table_reader_free(r);
    pay_map_free(pm);
    mapping_errors_release(&merrs);
    return rc;
}

static int mapping_check(int argc, char **argv)
{
    const char *sheet = NULL;
    cmd_parser p = {"mapping", &check_table, usage, take_sheet, &sheet};
    int first = 0;
    int prc = cmd_parse(&p, argc, argv, &first);
    if (prc != 0)
        return prc == CMD_PARSE_HELP ? IC_EXIT_OK : prc;
    if (first >= argc)
        return cmd_usage_error("mapping",
                               "check needs a mapping file: 'mapping check MAP [FILE.csv]'");
    if (argc - first > 2)
        return cmd_usage_error("mapping", "check takes a mapping and at most one CSV file");
    const char *map_path = argv[first];
    const char *csv_path = argc - first == 2 ? argv[first + 1] : NULL;
    if (pay_map_is_payments(map_path))
        return pay_mapping_check(map_path, csv_path);

    int rc = IC_EXIT_OK;
    ic_err err;
    ic_err_clear(&err);
    table_reader *r = NULL;
    /* Every independent error is listed, not only the first: this is the command a user runs
     * while fixing a hand-written mapping. */
    mapping_errors merrs;
    memset(&merrs, 0, sizeof merrs);
    mapping *m = mapping_load_all(map_path, &merrs, &err);
    if (!m) {
        mapping_errors_log(&merrs);
        mapping_errors_release(&merrs);
        return err.code ? err.code : IC_EXIT_USAGE;
    }
    if (!csv_path) {
        printf("mapping '%s' is valid\n", map_path);
        goto out;
    }
    if (sheet)
        mapping_set_sheet(m, sheet);
    table_options to = mapping_table_options(m);
    r = table_reader_open(csv_path, &to, &err);
    if (!r) {
        ic_error("%s", err.msg);
        rc = err.code ? err.code : IC_EXIT_IO;
        goto out;
    }
    size_t ncols = table_reader_ncols(r);
    /* Places name the file as the CSV reader does ("<stdin>" for "-"). */
    csv_path = table_reader_path(r);
    rc = mapping_bind_all(m, table_reader_header(r), ncols, csv_path, &merrs, &err);
    if (rc != 0) {
        mapping_errors_log(&merrs);
        goto out;
    }
    size_t used = mapping_columns_used(m);
    printf("mapping '%s' is valid for '%s' (%zu column%s used of %zu)\n", map_path, csv_path, used,
           used == 1 ? "" : "s", ncols);
out:
    table_reader_free(r);
    mapping_free(m);
    mapping_errors_release(&merrs);
    return rc;
}

int cmd_mapping(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return IC_EXIT_USAGE;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        usage(stdout);
        return IC_EXIT_OK;
    }
    if (strcmp(sub, "init") == 0)
        return mapping_init(argc - 1, argv + 1);
    if (strcmp(sub, "check") == 0)
        return mapping_check(argc - 1, argv + 1);
    return cmd_usage_error("mapping", "'%s' is not a mapping command: use 'init' or 'check'", sub);
}
