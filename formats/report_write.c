/* report_write: the report in the format of its file name, written whole or not at all. */
#include "formats/report.h"
#include "util/atomic_file.h"

#include <string.h>

int report_write(const char *path, const ic_batch *b, const char *map_path, ic_err *err)
{
    int fmt = report_format_from_path(path);
    if (fmt < 0)
        return ic_err_set(err, IC_EXIT_USAGE,
                          "cannot tell the report format of '%s': use a .json, .csv or .xlsx name",
                          path);
    if (fmt == REPORT_XLSX && strcmp(path, "-") == 0)
        return ic_err_set(err, IC_EXIT_USAGE, "an .xlsx report cannot go to standard output");
    report_out o;
    int rc = report_out_open(&o, path, err);
    if (rc != 0)
        return rc;
    switch (fmt) {
    case REPORT_CSV:
        rc = report_write_csv(o.fp, b, err);
        break;
    case REPORT_XLSX:
        /* libxlsxwriter writes the file by name: hand it the temporary one, then commit. */
        rc = report_write_xlsx(o.af ? atomic_file_tmp_path(o.af) : path, b, map_path, err);
        if (rc != 0)
            ic_err_prefix(err, "cannot write '%s'", path);
        break;
    default:
        rc = report_write_json(o.fp, b, map_path, err);
        break;
    }
    if (rc != 0) {
        report_out_abort(&o);
        return rc;
    }
    return report_out_commit(&o, err);
}
