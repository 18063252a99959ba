/* The import journal: an append-only file (JSON Lines) recording what happened to each invoice,
 * written with write(2) and fdatasync as each event completes, so that a run killed at any moment
 * can be resumed by running the same command again.
 *
 * Lines:
 *   {"journal":"invoicectl-import","version":1,"csv":…,"csv_size":…,"csv_mtime":…,"csv_sha256":…,
 *    "mapping":…,"mapping_sha256":…,"api":…,"store":…,"started":…}      the header (never the
 * token)
 *   {"op":"intent","key":"INV-1","number":"INV-1","body":"<sha256 of the POST body>","t":…} before
 * a POST
 *   {"op":"done","key":"INV-1","action":"created","id":123,"t":…}          created or updated
 *                                              (an id that is not all digits: "id":"00e02BZ…")
 *   {"op":"failed","key":"INV-1","error":"…","t":…}                         rejected or unreachable
 *   {"op":"before","key":"INV-1","id":123,"doc":{…}|null,"after":{…}|null,"t":…}
 *                      what undo needs, on disk before the request leaves: the stored document
 *                      as it was ("doc"; null before a create), and what the file said, as the
 *                      create body of the file's invoice ("after"; null before a removal).  Undo
 *                      removes or restores only while the store still holds what the file said
 *                      (the plan's "unchanged" test: merge(stored, after) differs in nothing).
 *                      Kept on disk only: the journal in memory does not hold documents.
 *
 * Durability (group commit): every line is written with write(2) as the event happens, so a killed
 * process loses nothing, and handed to the journal's syncer thread, which calls fdatasync whenever
 * lines were written since its last call; one call covers every line written before it started,
 * so lines that come together share one sync and a sync never waits for a timer.  An outcome
 * ("done", "failed") is thus on disk a sync's time (~2 ms on an ordinary disk) after it happened,
 * without the writer waiting.  An intent must be on disk before its POST leaves: the writer takes
 * the intent's end offset from journal_intent_write and sends once journal_durable says so (the
 * syncer's notify callback tells it when to look again), or waits with journal_intent.  Once an
 * fdatasync fails, nothing more is durable: every later write, journal_check and the waits return
 * IC_EXIT_IO.
 *
 * A journal "matches" a run when the CSV's content hash, the mapping's content hash, the API URL
 * and the store hash are equal.  Opening a matching journal resumes it: its entries are loaded (a
 * torn last line, from a kill in the middle of a write, is cut off).  Opening a journal that does
 * not match starts a new one in its place, carrying over the intents that never got an outcome, so
 * that they are still resolved by lookup.  A new journal is written under a temporary name, synced,
 * renamed into place and its folder synced, so that a power cut leaves the old journal or the new
 * one, never neither.  The journal replaced is kept, under journal_run_path's name (its start time
 * in the name), so that `invoicectl undo` can still reverse that run.  The file is locked (flock)
 * while open: a second run on the same journal is refused.
 *
 * Ownership: journal_open returns a journal the caller ends with journal_close.  Entries returned
 * by journal_get / journal_entry_at are owned by the journal and valid until the next write or the
 * close. journal_identity_make fills a caller-owned struct released with journal_identity_release.
 */
#ifndef INVOICECTL_IMPORT_JOURNAL_H
#define INVOICECTL_IMPORT_JOURNAL_H

#include "api/connector.h"
#include "util/err.h"
#include "util/sha256.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct journal_identity {
    char *csv_path; /* absolute */
    long long csv_size, csv_mtime;
    char csv_sha256[SHA256_HEX_LEN + 1];
    char *mapping_path; /* absolute */
    char mapping_sha256[SHA256_HEX_LEN + 1];
    char *api_url;
    char *store_hash;
    /* Borrowed static text (never freed): the header's kind, NULL for "invoicectl-import" (undo's
     * own journal is "invoicectl-undo"); the target's connector name, written as "target" when
     * set, so that undo knows whom to ask. */
    const char *kind;
    const char *target;
} journal_identity;

/* Hashes the CSV and the mapping.  Returns 0 or IC_EXIT_IO with err set. */
int journal_identity_make(const char *csv_path, const char *mapping_path, const char *api_url,
                          const char *store_hash, journal_identity *out, ic_err *err);
void journal_identity_release(journal_identity *id);

/* The default journal path: DIR/<csv file name>.<8 hex digits>.journal, the digits a hash of the
 * CSV and mapping paths, the API URL and the store hash (so the same command finds the same
 * journal, and another store or mapping gets its own).  A new string the caller frees. */
char *journal_default_path(const char *dir, const journal_identity *id);

enum journal_state { JOURNAL_INTENT = 1, JOURNAL_DONE, JOURNAL_FAILED };

typedef struct journal_entry {
    char *key;    /* the invoice's match value (invoice number or external id) */
    char *number; /* its invoice number (for lookups); may equal key */
    enum journal_state state;
    char body_sha256[SHA256_HEX_LEN + 1]; /* of the last POST body intended ("" when none) */
    char *action;                         /* DONE: "created" or "updated" */
    char id[CONN_ID_MAX];                 /* DONE: the invoice id as text ("" unknown) */
    char *error;                          /* FAILED: the reason */
} journal_entry;

typedef struct journal journal;

/* Opens or creates the journal at path for this identity.  *resumed is true when a matching journal
 * was loaded.  NULL with err set (IC_EXIT_IO: cannot create or read it, or it is in use by another
 * run). */
journal *journal_open(const char *path, const journal_identity *id, bool *resumed, ic_err *err);
void journal_close(journal *j);
/* Closes the journal and, when this run created the file and wrote nothing but its header (the
 * import stopped before sending: refused, answered no, the store could not be read), removes it, so
 * that nothing is left behind.  A journal that existed before is kept as it is. */
void journal_close_unused(journal *j);

const char *journal_path(const journal *j);
/* The header's "started" (UTC, "2026-11-30T15:43:42Z"): with the path, what names one run of the
 * journal ("" when the header has none). */
const char *journal_started(const journal *j);
/* Where a journal replaced by a new one (other inputs) is kept: PATH without ".journal", then
 * ".<started as 20261130T154342Z>.journal"; suffix replaces ".journal" when not NULL (undo's
 * journal of that run: ".undo").  A new string the caller frees. */
char *journal_run_path(const char *path, const char *started, const char *suffix);
/* Lines in the file (header included). */
size_t journal_lines(const journal *j);
size_t journal_count(const journal *j);
const journal_entry *journal_entry_at(const journal *j, size_t i);
/* The entry of an invoice key, or NULL when the journal knows nothing of it. */
const journal_entry *journal_get(const journal *j, const char *key);

/* Events, one line each; each returns 0 or IC_EXIT_IO (also once the syncer has failed).
 *
 * journal_intent_write writes an intent and returns at once; *durable_at gets the offset to pass to
 * journal_durable / journal_wait_durable.  journal_intent writes one and returns once it is on
 * disk.  journal_done and journal_failed return at once; the syncer makes them durable right away.
 */
int journal_intent_write(journal *j, const char *key, const char *number, const char *body_sha256,
                         uint64_t *durable_at, ic_err *err);
int journal_intent(journal *j, const char *key, const char *number, const char *body_sha256,
                   ic_err *err);
/* 1 when every line up to offset is on disk, 0 not yet, -1 an fdatasync failed.  Thread-safe. */
int journal_durable(journal *j, uint64_t offset);
/* Waits until every line up to offset is on disk.  0 or IC_EXIT_IO. */
int journal_wait_durable(journal *j, uint64_t offset, ic_err *err);
/* Waits until every line written so far is on disk.  0 or IC_EXIT_IO. */
int journal_sync(journal *j, ic_err *err);
/* IC_EXIT_IO with err set when an fdatasync has failed, else 0; does not wait. */
int journal_check(journal *j, ic_err *err);
/* fn(ctx) is called from the syncer thread after each fdatasync (with the journal's lock held: it
 * must be quick and must not call back into the journal), e.g. to wake an event loop.  NULL stops
 * it; once journal_set_notify returns, the old fn is not called any more. */
void journal_set_notify(journal *j, void (*fn)(void *ctx), void *ctx);
/* fdatasync calls the syncer made so far. */
unsigned long journal_syncs(journal *j);
/* id: the store's invoice id as text (api/connector.h), "" or NULL when unknown.  An id of digits
 * only is written as a JSON number, as journals have always held B2B Edition's ids; any other id as
 * a string.  Both forms are read back as text, so journals of earlier runs still resume. */
int journal_done(journal *j, const char *key, const char *action, const char *id, ic_err *err);
int journal_failed(journal *j, const char *key, const char *error, ic_err *err);
/* Writes a "before" line (above) and returns at once, like journal_intent_write: *durable_at is
 * the offset the request must wait for (journal_durable).  id "" or NULL when none (a create);
 * before and after are borrowed, either may be NULL. */
int journal_before_write(journal *j, const char *key, const char *id, const cJSON *before,
                         const cJSON *after, uint64_t *durable_at, ic_err *err);

#endif
