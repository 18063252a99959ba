/* Guessing a CSV file's delimiter from its first lines.
 *
 * Ownership: reads the caller's buffer; allocates nothing.
 */
#ifndef INVOICECTL_FORMATS_CSV_SNIFF_H
#define INVOICECTL_FORMATS_CSV_SNIFF_H

#include <stddef.h>

/* Counts ',', ';', TAB and '|' outside double quotes on the header line (the
 * first non-blank line of buf[0..n)) and on up to 20 following complete lines.
 * A candidate is consistent when every following line has as many as the
 * header; the most frequent consistent candidate wins, else the most frequent
 * one in the header.  A tie, or no candidate at all, gives ','. */
char csv_sniff_delimiter(const char *buf, size_t n);

#endif
