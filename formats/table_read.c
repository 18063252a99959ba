#include "formats/table_read.h"
#include "formats/xlsx_read.h"
#include "util/common.h"

#include <stdlib.h>
#include <string.h>

struct table_reader {
    csv_reader *csv;
    xlsx_reader *xlsx;
};

bool table_path_is_workbook(const char *path)
{
    if (strcmp(path, "-") == 0)
        return false;
    if (xlsx_path_is_workbook(path))
        return true;
    enum xlsx_kind k = xlsx_sniff(path);
    return k == XLSX_KIND_ZIP || k == XLSX_KIND_OLE;
}

table_reader *table_reader_open(const char *path, const table_options *opt, ic_err *err)
{
    table_options dflt = {0};
    if (!opt)
        opt = &dflt;
    table_reader *r = xcalloc(1, sizeof *r);
    if (table_path_is_workbook(path)) {
        xlsx_options xo = {opt->sheet,    opt->header_row,  opt->csv.max_record_bytes,
                           opt->join_col, opt->join_sheets, opt->njoin};
        r->xlsx = xlsx_reader_open(path, &xo, err);
    } else {
        r->csv = csv_reader_open(path, &opt->csv, err);
    }
    if (!r->csv && !r->xlsx) {
        free(r);
        return NULL;
    }
    return r;
}

size_t table_reader_ncols(const table_reader *r)
{
    return r->csv ? csv_reader_ncols(r->csv) : xlsx_reader_ncols(r->xlsx);
}

const char *const *table_reader_header(const table_reader *r)
{
    return r->csv ? csv_reader_header(r->csv) : xlsx_reader_header(r->xlsx);
}

const char *table_reader_path(const table_reader *r)
{
    return r->csv ? csv_reader_path(r->csv) : xlsx_reader_path(r->xlsx);
}

char table_reader_delimiter(const table_reader *r)
{
    return r->csv ? csv_reader_delimiter(r->csv) : ',';
}

const char *table_reader_sheet(const table_reader *r)
{
    return r->xlsx ? xlsx_reader_sheet(r->xlsx) : NULL;
}

const char *table_reader_col_ref(const table_reader *r, size_t i)
{
    return r->xlsx ? xlsx_reader_col_ref(r->xlsx, i) : NULL;
}

int table_reader_run(table_reader *r, csv_record_fn fn, void *ctx, ic_err *err)
{
    return r->csv ? csv_reader_run(r->csv, fn, ctx, err) : xlsx_reader_run(r->xlsx, fn, ctx, err);
}

void table_reader_free(table_reader *r)
{
    if (!r)
        return;
    csv_reader_free(r->csv);
    xlsx_reader_free(r->xlsx);
    free(r);
}
