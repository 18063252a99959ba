/* The CSV validation report: one row per problem, ready for a spreadsheet.  Text cells go through
 * the writer's formula neutralisation, because messages quote the user's own cells (which may start
 * with '='). */
#include "formats/csv_write.h"
#include "formats/report.h"

#include <errno.h>
#include <string.h>

int report_write_csv(FILE *fp, const ic_batch *b, ic_err *err)
{
    static const char *const header[] = {"severity", "file",    "line",
                                         "column",   "invoice", "message"};
    csv_writer w;
    csv_writer_init(&w, fp, ',');
    csv_put_row(&w, header, sizeof header / sizeof header[0]);
    for (size_t i = 0; i < b->problems.n; i++) {
        const ic_problem *p = &b->problems.items[i];
        char line[32] = "";
        if (p->line > 0)
            snprintf(line, sizeof line, "%ld", p->line);
        csv_put_text(&w, severity_word(p->severity));
        csv_put_text(&w, p->file);
        csv_put_number(&w, line);
        csv_put_text(&w, p->column);
        csv_put_text(&w, p->invoice);
        csv_put_text(&w, p->message);
        csv_end_row(&w);
    }
    if (ferror(fp))
        return ic_err_set(err, IC_EXIT_IO, "cannot write the report: %s", strerror(errno));
    return 0;
}
