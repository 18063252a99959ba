/* State of one mapping_read_invoices pass, shared by read.c (rows) and finish.c (invoices). */
#ifndef INVOICECTL_MAPPING_READ_INTERNAL_H
#define INVOICECTL_MAPPING_READ_INTERNAL_H

#include "mapping/mapping_internal.h"

/* An invoice-level value as agreed so far: the first non-blank cell (trimmed, in the arena). */
typedef struct ilcell {
    const char *s; /* NULL while every row was blank */
    uint32_t len;
    uint32_t line; /* physical line it came from */
} ilcell;

/* A row kept for building its invoice later (streaming mode): the row-level cells, packed.  A
 * million-row --emit keeps one per row, so the header holds no padding: 16 bytes. */
typedef struct rowrec {
    struct rowrec *next;
    uint32_t index; /* data-record index */
    uint32_t line;
    /* followed by one byte, ROW_NONE, ROW_ITEM or ROW_COST, then n_rl varint lengths, then the
     * cell bytes */
} rowrec;

enum { ROW_NONE = 0, ROW_ITEM, ROW_COST };

/* One invoice while reading: what is needed to build and check it at the end, and no more.  A
 * large file holds one per invoice (a million rows, two hundred thousand of them), so the rare
 * parts hang off one pointer and the fields are ordered to leave no holes. */
typedef struct group {
    const char *gkey;         /* group_by values joined by \x1f, in the arena */
    ilcell *cells;            /* mapping->n_il entries, in the arena */
    money_t subtotal;         /* Σ quantity × (unit price − discount) of its valid line items */
    money_t row_costs;        /* Σ cost lines from rows */
    rowrec *rows, *rows_tail; /* streaming mode only */
    /* Only when the mapping has {"sum": C} fields or rounds lines (amounts.c lays it out): the
     * rounded subtotals, the sums and which sums saw a non-blank cell; NULL otherwise. */
    money_t *amounts;
    uint32_t gkeylen;
    uint32_t first_line;
    uint32_t n_err, n_warn;
    uint32_t n_items, n_row_costs;
    uint32_t n_rows; /* data rows of the invoice, for the row accounting */
    /* Identifiers another group also uses (group index + 1, 0 none), found before finishing:
     * [0] invoiceNumber, [1] externalId. */
    uint32_t dup_of[2]; /* this group reuses the identifier of that earlier one */
    uint32_t dup_by[2]; /* a later group reuses this one's identifier */
    uint32_t id_line[2];
    /* An earlier group whose identifier differs from this one's only by case or look-alike
     * characters (mapping/keyfold.h): group index + 1, 0 none. */
    uint32_t alike_of[2];
    bool overflow;
} group;

/* A folded identifier (its hash) and the first group that gave it; the text is evaluated again
 * from that group's cells when a later one hashes the same, so the table holds no strings. */
typedef struct alike_slot {
    uint32_t hash;  /* its low 32 bits: the table never holds 2^32 slots */
    uint32_t group; /* index + 1, 0 empty */
} alike_slot;

/* A seen identifier (invoice number or external id) and the group that first used it. */
typedef struct seen_id {
    uint64_t hash;
    const char *s; /* in the arena */
    uint32_t len;
    uint32_t group;
} seen_id;

typedef struct rctx {
    const mapping *m;
    ic_batch *b;
    bool keep;   /* invoices stay in the batch */
    bool stream; /* invoices are built at the end and handed to on_invoice */
    bool build;  /* keep || stream: field values are copied into invoices */
    int (*on_invoice)(void *ctx, const ic_invoice *inv, ic_err *err);
    void *cb_ctx;
    ic_err *err;
    const char *file;
    arena ar;
    /* The groups in blocks of GROUP_BLOCK, never moved: a flat array grown by doubling copied
     * every group at each step (and touched twice the memory). */
    group **gblocks;
    size_t ngroups;
    ic_invoice *invs; /* keep mode: parallel to groups */
    size_t capinvs;
    /* Open addressing over the group keys while reading (freed after): each slot is the key
     * hash's low 32 bits above the group index + 1 (0 empty), so probing and growing compare
     * hashes without touching the groups. */
    uint64_t *table;
    size_t tcap;
    size_t last; /* the previous row's group, index + 1: rows of an invoice mostly come together */
    sbuf keybuf, dkey, scratch;
    /* finish.c: the agreed cells of one invoice as a cellsrc */
    const char **ivals;
    size_t *ilens;
    long *ilines;
    const char **rvals; /* streaming: one kept row as a cellsrc */
    size_t *rlens;
    seen_id *numbers, *extids; /* open addressing tables, capacity ncap */
    alike_slot *alikes[2];     /* folded invoiceNumber, externalId (when it identifies invoices) */
    size_t ncap;
    sbuf fold, other, ofold; /* finish.c: look-alike identifiers */
    /* fill_down: the row as read with carried values in its blank cells, and the last non-blank
     * value of each fill_down column (mapping->n_fill entries). */
    const char **fvals;
    size_t *flens;
    size_t fcap;
    sbuf *fill_last;
    bool *fill_has;
} rctx;

#define GROUP_BLOCK_SHIFT 14 /* 16,384 groups, about 2 MiB a block */
#define GROUP_BLOCK ((size_t)1 << GROUP_BLOCK_SHIFT)

/* Group i (0-based) of the pass. */
static inline group *group_at(const rctx *r, size_t i)
{
    return &r->gblocks[i >> GROUP_BLOCK_SHIFT][i & (GROUP_BLOCK - 1)];
}

/* ---- rows.c ---- */
/* The invoice key for messages: group_by values joined by " / ". */
const char *display_key(rctx *r, const group *g);
/* A line item or a cost line from one row; inv NULL when nothing is kept. */
void item_row(rctx *r, group *g, ic_invoice *inv, const cellsrc *src, reporter *rp);
void cost_row(rctx *r, group *g, ic_invoice *inv, const cellsrc *src, reporter *rp);
/* ---- amounts.c: sums over an invoice's rows, percentage discounts, rounded line amounts ---- */
#define AMOUNTS_PLACES 5 /* a currency's minor unit has 0 to 4 decimals */
/* Sets up the group's sums and rounded subtotals (nothing when the mapping has neither). */
void amounts_group_init(rctx *r, group *g);
/* Adds one row's cells to the group's sums; a cell that is not an amount is an error. */
void amounts_row(rctx *r, group *g, const cellsrc *src, reporter *rp);
/* lineItems.unitDiscount {"percent": C}: unit price × the cell's percentage / 100, rounded half
 * away from zero to 4 places.  `price_ok` false: the cell is only checked. */
enum ev amounts_percent(rctx *r, const fspec *f, const cellsrc *src, money_t price, bool price_ok,
                        reporter *rp, money_t *out);
/* Adds a line amount to the rounded subtotals; false on overflow. */
bool amounts_add_line(const rctx *r, group *g, money_t line_total);
/* The invoice's subtotal: the rounded one for its currency when the mapping asks for it. */
money_t amounts_subtotal(const rctx *r, const group *g, const char *currency);
/* A {"sum": C} field's value for the group: EV_BLANK when it is optional and every cell was
 * blank. */
enum ev amounts_sum_value(const rctx *r, const group *g, const fspec *f, fvalue *out);

/* ---- mode.c: the "mode" column ---- */
/* The mode a row asks for: its own cell, else the invoice's agreed one so far, else the default.
 * A cell that names no mode is an error on the row (its column named); the default is then used.
 */
int mode_of_row(rctx *r, group *g, const cellsrc *src, reporter *rp);
/* The invoice's mode from its agreed cells; *given false when every row left it blank (the
 * default, returned, then applies).  An unknown word was reported by mode_of_row. */
int mode_of_group(const rctx *r, const group *g, bool *given);
/* Two mode cells say the same mode ("Delete" and "delete"). */
bool mode_cells_agree(const char *a, size_t alen, const char *b, size_t blen);

/* Evaluates the invoice-level fields of every group, applies the invoice rules, and fills the batch
 * counts.  Returns 0 or the first non-zero on_invoice result. */
int finish_groups(rctx *r);

#endif
