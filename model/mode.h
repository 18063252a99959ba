/* What an import does with one invoice: its mode, from the file's mode column (mapping "mode") or
 * the command's --mode.  The names are the words users write, in any case: "upsert" (create or
 * update), "create", "update", "replace" (update with the file's details whole, nothing of the
 * stored ones kept), "delete" (by match key: nothing else of the row is needed), "skip" (read and
 * planned, never sent).  Plain data: no allocation, nothing to free.
 */
#ifndef INVOICECTL_MODEL_MODE_H
#define INVOICECTL_MODEL_MODE_H

#include <stdbool.h>
#include <stddef.h>

enum ic_mode {
    IC_MODE_UPSERT = 0,
    IC_MODE_CREATE,
    IC_MODE_UPDATE,
    IC_MODE_REPLACE,
    IC_MODE_DELETE,
    IC_MODE_SKIP,
    IC_MODE_COUNT
};

/* The mode a word names (case-insensitive, len bytes, no surrounding blanks); -1 when none. */
int ic_mode_parse(const char *s, size_t len);
/* "upsert", "create", …; "?" out of range. */
const char *ic_mode_name(int mode);
/* "upsert, create, update, replace, delete or skip", for messages. */
const char *ic_mode_choices(void);
/* Modes whose rows need only the match key: delete and skip. */
static inline bool ic_mode_key_only(int mode)
{
    return mode == IC_MODE_DELETE || mode == IC_MODE_SKIP;
}

#endif
