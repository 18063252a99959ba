/* RFC 4180 CSV writing: fields quoted when they hold the delimiter, a quote, CR or LF; quotes
 * doubled; CRLF line ends.  Formula neutralisation: a text cell that starts with '=', '+', '-',
 * '@', TAB or CR gets a leading apostrophe, so a spreadsheet shows it as text instead of running
 * it.  Numbers written with csv_put_number are never touched.
 *
 * Ownership: the writer does not own the FILE; the caller opens and closes it (usually an
 * atomic_file).
 */
#ifndef INVOICECTL_FORMATS_CSV_WRITE_H
#define INVOICECTL_FORMATS_CSV_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct csv_writer {
    FILE *fp;
    char delimiter;
    bool neutralise; /* apply formula neutralisation to text cells (default true) */
    size_t col;      /* fields written on the current row */
} csv_writer;

void csv_writer_init(csv_writer *w, FILE *fp, char delimiter);
/* A text cell (neutralised when w->neutralise). NULL writes an empty field. */
void csv_put_text(csv_writer *w, const char *s);
/* A text cell written exactly as given (quoted as needed, never neutralised): for data that must
 * round-trip unchanged, such as the input rows echoed in errors.csv. */
void csv_put_raw(csv_writer *w, const char *s);
/* A numeric cell: written as is, never neutralised (e.g. "-12.50"). */
void csv_put_number(csv_writer *w, const char *s);
void csv_end_row(csv_writer *w);
/* Writes a whole row of text cells. */
void csv_put_row(csv_writer *w, const char *const *fields, size_t n);
/* True when a text needs neutralising (exposed for the XLSX and report writers' tests). */
bool csv_text_is_formula_like(const char *s);

#endif
