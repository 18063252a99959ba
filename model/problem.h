/* Problems found while reading, mapping or sending invoices: what the reports list.
 *
 * Ownership: a problem_list owns its problems and their strings; problem_list_release() releases
 * them.
 */
#ifndef INVOICECTL_MODEL_PROBLEM_H
#define INVOICECTL_MODEL_PROBLEM_H

#include <stddef.h>

enum severity { SEV_ERROR = 0, SEV_WARNING = 1 };

typedef struct ic_problem {
    enum severity severity;
    char *file;    /* input file name as given ("-" for stdin) */
    long line;     /* physical line, 0 when none */
    char *column;  /* CSV column name, NULL when none */
    char *invoice; /* invoice key, NULL when none */
    char *message; /* "expected a date like 2026-11-21 (%Y-%m-%d), got '31.02.2026'" */
    char *cell;    /* workbook input: sheet and cell ("Invoices!C14", or "Invoices!14" for a
                    * row); NULL for CSV */
} ic_problem;

typedef struct problem_list {
    ic_problem *items;
    size_t n, cap;
    size_t n_errors, n_warnings; /* counted even past the cap */
    size_t cap_limit;            /* keep at most this many (0: no limit) */
} problem_list;

void problem_list_init(problem_list *pl, size_t cap_limit);
void problem_list_release(problem_list *pl);
/* Adds a problem (strings copied; NULLs allowed); message is printf-style. */
void problem_add(problem_list *pl, enum severity sev, const char *file, long line,
                 const char *column, const char *invoice, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
const char *severity_word(enum severity s); /* "error" / "warning" */

#endif
