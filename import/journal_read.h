/* Reading a journal file whole, as `invoicectl undo` needs it: the header (kind, target, API URL,
 * store, the run's start), and for every invoice key the last "before" line (the stored document
 * before the request and what was sent or said) and the outcome.  The journal in memory
 * (import/journal.h) keeps outcomes only; this reader is for a journal no run holds open, or one
 * about to be opened to append (undo's own).
 *
 * Lines are read as import/journal.h describes them; a torn last line (a kill during a write) is
 * ignored, as journal_open ignores it; other lines that are not events are counted in `skipped`.
 *
 * Ownership: journal_log_read fills a caller-owned journal_log released with journal_log_release;
 * records, their strings and documents belong to the log.
 */
#ifndef INVOICECTL_IMPORT_JOURNAL_READ_H
#define INVOICECTL_IMPORT_JOURNAL_READ_H

#include "api/connector.h"
#include "import/journal.h"
#include "util/err.h"
#include "util/strmap.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct journal_rec {
    char *key;
    char *number;              /* from the last intent; NULL when none */
    enum journal_state state;  /* the last outcome or intent; 0 when only "before" lines */
    char *action;              /* DONE: "created", "updated", "deleted", "restored", … */
    char id[CONN_ID_MAX];      /* DONE: the id the outcome gives, else the last "before"'s */
    bool has_before;           /* a "before" line was read */
    bool before_after_outcome; /* the last "before" came after the last outcome (a request whose
                                  outcome was never written: interrupted, or answered and killed) */
    cJSON *before_doc;         /* the last "before"'s "doc" (NULL when null) */
    cJSON *before_after;       /* its "after" (NULL when null) */
    char *error;               /* FAILED: the reason */
} journal_rec;

typedef struct journal_log {
    cJSON *header; /* the first line; NULL for an empty file */
    journal_rec *recs;
    size_t n, cap;
    strmap index; /* key -> recs[] position */
    size_t lines, skipped;
} journal_log;

/* Reads the journal at path.  0, or IC_EXIT_IO with err set (cannot be read; IC_EXIT_USAGE when
 * its first line is not a journal header). */
int journal_log_read(const char *path, journal_log *out, ic_err *err);
void journal_log_release(journal_log *l);
/* A header string ("journal", "target", "api", "store", "started", "csv", "mapping"); NULL when
 * absent. */
const char *journal_log_field(const journal_log *l, const char *name);
/* The record of a key; NULL when the journal has none. */
const journal_rec *journal_log_get(const journal_log *l, const char *key);

#endif
