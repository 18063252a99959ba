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
 *   {"op":"failed","key":"INV-1","error":"…","t":…}                         rejected or unreachable
 *
 * Durability: every line is written with write(2) as the event happens, so a killed process loses
 * nothing; fdatasync (surviving a power loss) comes before anything is sent: an intent is synced
 * before its POST leaves.  A "done" or "failed" line is synced by the next intent, by journal_sync
 * (the sending loop calls it about once a second) or by journal_close; one lost to a power cut is
 * an intent without an outcome, which the next run resolves by lookup, or an update the next plan
 * finds unchanged.
 *
 * A journal "matches" a run when the CSV's content hash, the mapping's content hash, the API URL
 * and the store hash are equal.  Opening a matching journal resumes it: its entries are loaded (a
 * torn last line, from a kill in the middle of a write, is cut off).  Opening a journal that does
 * not match starts a new one in its place, carrying over the intents that never got an outcome, so
 * that they are still resolved by lookup. The file is locked (flock) while open: a second run on
 * the same journal is refused.
 *
 * Ownership: journal_open returns a journal the caller ends with journal_close.  Entries returned
 * by journal_get / journal_entry_at are owned by the journal and valid until the next write or the
 * close. journal_identity_make fills a caller-owned struct released with journal_identity_free.
 */
#ifndef INVOICECTL_API_JOURNAL_H
#define INVOICECTL_API_JOURNAL_H

#include "util/err.h"
#include "util/sha256.h"

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
} journal_identity;

/* Hashes the CSV and the mapping.  Returns 0 or IC_EXIT_IO with err set. */
int journal_identity_make(const char *csv_path, const char *mapping_path, const char *api_url,
                          const char *store_hash, journal_identity *out, ic_err *err);
void journal_identity_free(journal_identity *id);

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
    int64_t id;                           /* DONE: the invoice id */
    char *error;                          /* FAILED: the reason */
} journal_entry;

typedef struct journal journal;

/* Opens or creates the journal at path for this identity.  *resumed is true when a matching journal
 * was loaded.  NULL with err set (IC_EXIT_IO: cannot create or read it, or it is in use by another
 * run). */
journal *journal_open(const char *path, const journal_identity *id, bool *resumed, ic_err *err);
void journal_close(journal *j);

const char *journal_path(const journal *j);
/* Lines in the file (header included). */
size_t journal_lines(const journal *j);
size_t journal_count(const journal *j);
const journal_entry *journal_entry_at(const journal *j, size_t i);
/* The entry of an invoice key, or NULL when the journal knows nothing of it. */
const journal_entry *journal_get(const journal *j, const char *key);

/* Events, one line each.  journal_intent returns once the line is on disk (fdatasync);
 * journal_intents writes several and syncs once (intents for invoices about to be sent).  done and
 * failed are written at once and synced later (see above).  Each returns 0 or IC_EXIT_IO. */
int journal_intent(journal *j, const char *key, const char *number, const char *body_sha256,
                   ic_err *err);
int journal_intents(journal *j, size_t n, const char *const *keys, const char *const *numbers,
                    const char *const *shas, ic_err *err);
/* fdatasync when lines were written since the last one. */
int journal_sync(journal *j, ic_err *err);
int journal_done(journal *j, const char *key, const char *action, int64_t id, ic_err *err);
int journal_failed(journal *j, const char *key, const char *error, ic_err *err);

#endif
