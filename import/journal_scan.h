/* Reading back what the journal file holds but the journal in memory does not: the keys of the
 * invoices whose removal (delete mode) was about to be sent.  A removal's "before" line (the
 * stored document, and null for what the file said) is on disk before its request leaves
 * (import/journal.h), so a run killed with the request in flight leaves one; the next run of the
 * same command (the journal resumed) finds the invoice gone and counts it as deleted by that
 * earlier attempt, rather than refuse it as "not in the store".
 *
 * Ownership: keys is the caller's (strmap_init before, strmap_release after).
 */
#ifndef INVOICECTL_IMPORT_JOURNAL_SCAN_H
#define INVOICECTL_IMPORT_JOURNAL_SCAN_H

#include "util/err.h"
#include "util/strmap.h"

/* Adds to keys (value: the id as a number when numeric, else 0; unused) every key with a removal
 * "before" line in the journal file at path.  0, or IC_EXIT_IO with err set when it cannot be
 * read.  A torn or foreign line is passed over (the journal's own reader cuts a torn last line). */
int journal_scan_removals(const char *path, strmap *keys, ic_err *err);

#endif
