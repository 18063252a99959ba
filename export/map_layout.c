#include "export/map_layout.h"

static int mapping_rows(const void *src, const ic_invoice *inv, const char *zone,
                        export_csv_row_fn fn, void *ctx)
{
    return mapping_reverse_rows_in(src, inv, zone, fn, ctx);
}

export_csv_layout export_map_layout(const mapping *m)
{
    const char **names = NULL;
    size_t n = mapping_reverse_header(m, &names);
    csv_options co = mapping_csv_options(m);
    return (export_csv_layout){.header = names,
                               .ncols = n,
                               .delimiter = co.delimiter,
                               .encoding = co.encoding,
                               .decimal = mapping_decimal(m),
                               .rows = mapping_rows,
                               .src = m};
}
