/* The `lookup` field form: {"column": "Customer", "lookup": "customers.csv"} reads a name from the
 * cell and gives the id a small table next to the mapping file says (docs/mapping.md, "Lookup
 * tables").  The table is read once, when the mapping is loaded; every lookup is one hash probe.
 *
 * A name the table lacks is one error for the whole file, not one per row: the table counts the
 * rows that carry each unknown name while a file is read, and lookup_end reports each name once,
 * at the first row that carries it, with the count.  Every invoice that carries one is invalid.
 *
 * Ownership: a lookup_table belongs to its field spec (fspec.lookup) and is freed by fspec_release
 * through lookup_free.  The unmatched names live in the table between lookup_begin and lookup_end.
 */
#ifndef INVOICECTL_MAPPING_LOOKUP_H
#define INVOICECTL_MAPPING_LOOKUP_H

#include "formats/csv_read.h"
#include "mapping/mapping_internal.h"
#include "util/strmap.h"

#include <stdbool.h>
#include <stddef.h>

/* A name the table lacks, as first seen. */
typedef struct lookup_miss {
    char *name;    /* the trimmed cell */
    size_t rows;   /* rows that carry it */
    long line;     /* the first of them */
    char *invoice; /* its invoice key (NULL when none) */
} lookup_miss;

typedef struct lookup_table {
    char *file;   /* as the mapping names it, for messages: "customers.csv" */
    strmap index; /* folded name to entry */
    strmap by_id; /* id to its first entry, for writing names back (export --map) */
    char **names; /* as written in the table */
    char **ids;
    size_t n, cap;
    bool counted_by_rows; /* invoice-level: rows are counted as they are read (lookup_count_row) */
    strmap miss_index;    /* folded name to its miss */
    lookup_miss *misses;
    size_t n_miss, cap_miss;
} lookup_table;

/* Reads `file` (relative to the directory of the mapping file `mapping_path`): a CSV with a header
 * and two columns, name and id, read with `csv` (its encoding; the delimiter is detected), or, when
 * the name ends in ".json", a JSON object {"Name": "id", …} (ids may be numbers).  NULL with a
 * message in why ("customers.csv:4: expected 2 columns (name, id), got 3"; "cannot open
 * 'customers.csv': No such file or directory"). */
lookup_table *lookup_load(const char *mapping_path, const char *file, const csv_options *csv,
                          char *why, size_t whysize);
void lookup_free(lookup_table *t);

/* The id for a cell (trimmed, compared without regard to ASCII case), or NULL.  scratch receives
 * the folded name. */
const char *lookup_find(const lookup_table *t, const char *s, size_t len, sbuf *scratch);
/* The name written for an id (its first row in the table), or NULL. */
const char *lookup_name_of(const lookup_table *t, const char *id);

/* Counts one row carrying the unknown name s.  Returns the miss when it is the name's first row,
 * so that the caller can record its invoice (lookup_miss.invoice, xstrdup'd), else NULL. */
lookup_miss *lookup_note_miss(lookup_table *t, const char *s, size_t len, long line);

/* Lists the fields with a lookup in m->lookups, once every spec has its final place (the end of
 * mapping_load); invoice-level ones are counted row by row as a file is read. */
void lookup_collect(mapping *m);

/* ---- one read of a CSV file (mapping/read.c) ---- */
struct rctx;
struct group;
/* Forgets the unmatched names of an earlier read. */
void lookup_begin(const mapping *m);
/* Counts, on one row of invoice g, every invoice-level lookup whose cell names no entry. */
void lookup_count_row(struct rctx *r, struct group *g, const cellsrc *src, long line);
/* Reports each unmatched name once: "customerId: customer 'Acme Ltd' is not in customers.csv (3
 * rows)", at its first row, under its first invoice. */
void lookup_end(const mapping *m, reporter *rp);

#endif
