/* The terminal side of a validation: problems one per line, the way compilers print them (so
 * editors can jump to the place), and a short summary. */
#include "formats/report.h"

#include <string.h>

void report_format_problem(const ic_problem *p, char *buf, size_t bufsize)
{
    size_t n = 0;
#define APPEND(...)                                                                                \
    do {                                                                                           \
        if (n < bufsize) {                                                                         \
            int k_ = snprintf(buf + n, bufsize - n, __VA_ARGS__);                                  \
            n += k_ > 0 ? (size_t)k_ : 0;                                                          \
        }                                                                                          \
    } while (0)
    buf[0] = '\0';
    if (p->file && p->cell)
        APPEND("%s:%s: ", p->file, p->cell);
    else if (p->file && p->line > 0)
        APPEND("%s:%ld: ", p->file, p->line);
    else if (p->file)
        APPEND("%s: ", p->file);
    APPEND("%s: ", severity_word(p->severity));
    if (p->column)
        APPEND("column '%s'%s", p->column, p->invoice ? ", " : ": ");
    if (p->invoice)
        APPEND("invoice %s: ", p->invoice);
    APPEND("%s", p->message ? p->message : "");
#undef APPEND
}

void report_print_problems(FILE *fp, const ic_batch *b, size_t limit, bool errors_only,
                           const char *report_path)
{
    char line[4096];
    size_t shown = 0, more = 0;
    for (size_t i = 0; i < b->problems.n; i++) {
        const ic_problem *p = &b->problems.items[i];
        if (errors_only && p->severity != SEV_ERROR)
            continue;
        if (limit && shown >= limit) {
            more++;
            continue;
        }
        report_format_problem(p, line, sizeof line);
        fprintf(fp, "%s\n", line);
        shown++;
    }
    /* Problems past the --max-problems cap were counted but not kept. */
    size_t dropped = report_omitted(b);
    if (errors_only) {
        size_t kept_errors = 0;
        for (size_t i = 0; i < b->problems.n; i++)
            kept_errors += b->problems.items[i].severity == SEV_ERROR;
        dropped = b->problems.n_errors - kept_errors;
    }
    if (more && report_path && strcmp(report_path, "-") == 0)
        fprintf(fp, "… and %zu more in the report on standard output\n", more);
    else if (more && report_path)
        fprintf(fp, "… and %zu more in the report '%s'\n", more, report_path);
    else if (more)
        fprintf(fp, "… and %zu more (list them all with --report FILE)\n", more);
    if (dropped)
        fprintf(fp, "… and %zu more past --max-problems %zu, counted but not kept\n", dropped,
                b->problems.cap_limit);
}

void report_print_summary(FILE *fp, const ic_batch *b)
{
    fprintf(fp, "%s: %zu rows, %zu invoices\n", b->csv_path ? b->csv_path : "-", b->rows,
            b->n_invoices);
    /* every row is accounted for: in an invoice, skipped by a rule, or in error */
    fprintf(fp, "  rows: %zu read = %zu used + %zu skipped + %zu in error\n", b->rows, b->rows_used,
            b->rows_skipped, b->rows_error);
    fprintf(fp, "  valid:    %zu\n", b->n_valid);
    fprintf(fp, "  invalid:  %zu\n", b->n_invalid);
    fprintf(fp, "  warnings: %zu (in %zu invoice%s)\n", b->problems.n_warnings, b->n_warned,
            b->n_warned == 1 ? "" : "s");
    fprintf(fp, "  errors:   %zu\n", b->problems.n_errors);
}

void report_print_skipped(FILE *fp, const ic_batch *b)
{
    for (size_t i = 0; i < b->n_skipped; i++)
        fprintf(fp, "%s%s%s%s%ld: skipped: %s\n", b->csv_path ? b->csv_path : "-",
                b->sheet ? ":" : "", b->sheet ? b->sheet : "", b->sheet ? "!" : ":",
                b->skipped[i].line, b->skipped[i].why);
    if (b->rows_skipped > b->n_skipped)
        fprintf(fp, "… and %zu more skipped rows\n", b->rows_skipped - b->n_skipped);
}
