/* `invoicectl mapping`: start a mapping file from a CSV header (init), or check one (check). */
#include "cmd/cmd.h"
#include "formats/csv_read.h"
#include "formats/report.h"
#include "mapping/mapping.h"
#include "util/err.h"
#include "util/log.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: invoicectl mapping init FILE.csv [-o MAP.json] [--force]\n"
        "       invoicectl mapping check MAP [FILE.csv]\n"
        "\n"
        "init   writes a starter mapping for FILE.csv (\"-\" for standard input) to standard "
        "output or\n"
        "       to MAP.json: the columns it recognises are placed, everything it could not place "
        "is\n"
        "       marked with \"_todo\", which 'check' and 'validate' refuse until it is resolved.\n"
        "       -o, --output MAP.json   write there instead of standard output\n"
        "       -f, --force             overwrite MAP.json if it exists\n"
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

static int mapping_init(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        CMD_LOG_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const char *out_path = NULL;
    bool force = false;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:fh" CMD_LOG_SHORTOPTS, opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out_path = optarg;
            break;
        case 'f':
            force = true;
            break;
        case 'h':
            usage(stdout);
            return IC_EXIT_OK;
        case 'v':
        case 'q':
            cmd_log_option(c);
            break;
        case ':':
            return cmd_usage_error("mapping", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cmd_usage_error("mapping", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cmd_usage_error("mapping", "init needs a CSV file: 'mapping init FILE.csv'");
    if (argc - optind > 1)
        return cmd_usage_error("mapping", "init takes one CSV file, got '%s' and '%s'",
                               argv[optind], argv[optind + 1]);
    const char *csv_path = argv[optind];
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
    int rc = report_out_open(&out, out_path, &err);
    if (rc != 0) {
        ic_error("%s", err.msg);
        return rc;
    }
    rc = mapping_init_from_csv(csv_path, out.fp, &err);
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

static int mapping_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        CMD_LOG_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h" CMD_LOG_SHORTOPTS, opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage(stdout);
            return IC_EXIT_OK;
        case 'v':
        case 'q':
            cmd_log_option(c);
            break;
        default:
            return cmd_usage_error("mapping", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cmd_usage_error("mapping",
                               "check needs a mapping file: 'mapping check MAP [FILE.csv]'");
    if (argc - optind > 2)
        return cmd_usage_error("mapping", "check takes a mapping and at most one CSV file");
    const char *map_path = argv[optind];
    const char *csv_path = argc - optind == 2 ? argv[optind + 1] : NULL;

    int rc = IC_EXIT_OK;
    ic_err err;
    ic_err_clear(&err);
    csv_reader *r = NULL;
    /* Every independent error is listed, not only the first: this is the command a user runs
     * while fixing a hand-written mapping. */
    mapping_errors merrs;
    memset(&merrs, 0, sizeof merrs);
    mapping *m = mapping_load_all(map_path, &merrs, &err);
    if (!m) {
        mapping_errors_log(&merrs);
        mapping_errors_free(&merrs);
        return err.code ? err.code : IC_EXIT_USAGE;
    }
    if (!csv_path) {
        printf("mapping '%s' is valid\n", map_path);
        goto out;
    }
    csv_options co = mapping_csv_options(m);
    r = csv_reader_open(csv_path, &co, &err);
    if (!r) {
        ic_error("%s", err.msg);
        rc = err.code ? err.code : IC_EXIT_IO;
        goto out;
    }
    size_t ncols = csv_reader_ncols(r);
    /* Places name the file as the CSV reader does ("<stdin>" for "-"). */
    csv_path = csv_reader_path(r);
    rc = mapping_bind_all(m, csv_reader_header(r), ncols, csv_path, &merrs, &err);
    if (rc != 0) {
        mapping_errors_log(&merrs);
        goto out;
    }
    size_t used = mapping_columns_used(m);
    printf("mapping '%s' is valid for '%s' (%zu column%s used of %zu)\n", map_path, csv_path, used,
           used == 1 ? "" : "s", ncols);
out:
    if (r)
        csv_reader_free(r);
    mapping_free(m);
    mapping_errors_free(&merrs);
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
