/* The zip container of a workbook, read entry by entry without extracting anything to disk.
 *
 * Opening checks the whole central directory first: an entry whose name is absolute or climbs out
 * of the archive (".."), an encrypted entry or too many entries refuse the file.  Streaming an
 * entry counts what it inflates to and stops past an absolute limit or a compression ratio no real
 * workbook has (a zip bomb), before the bytes reach the caller.
 *
 * Ownership: xlsx_zip_open returns a reader the caller frees with xlsx_zip_free; `shown` (the name
 * in messages) is copied.  Chunks handed to the callback are borrowed for the call only.
 */
#ifndef INVOICECTL_FORMATS_XLSX_ZIP_H
#define INVOICECTL_FORMATS_XLSX_ZIP_H

#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits on what one entry may inflate to: bytes, and bytes per compressed byte (past a floor, so
 * that a tiny entry of zeros is not refused).  Real sheets compress 5 to 40 times. */
#define XLSX_ZIP_MAX_ENTRY_BYTES ((uint64_t)4 << 30)
#define XLSX_ZIP_MAX_RATIO 200
#define XLSX_ZIP_RATIO_FLOOR ((uint64_t)1 << 20)
#define XLSX_ZIP_MAX_ENTRIES 10000

typedef struct xlsx_zip xlsx_zip;

/* Opens `path` as a zip archive; `shown` names it in messages.  NULL with err set: IC_EXIT_IO when
 * it cannot be opened, IC_EXIT_USAGE when it is not a zip archive or is refused. */
xlsx_zip *xlsx_zip_open(const char *path, const char *shown, ic_err *err);
bool xlsx_zip_has(xlsx_zip *z, const char *name);

/* Called with each inflated chunk; a non-zero return stops the stream and is returned. */
typedef int (*xlsx_chunk_fn)(void *ctx, const char *buf, size_t len);

/* Streams entry `name` through fn.  Returns 0, fn's non-zero value, or an ic_exit code with err
 * set (a missing or damaged entry, a limit passed: IC_EXIT_USAGE). */
int xlsx_zip_stream(xlsx_zip *z, const char *name, xlsx_chunk_fn fn, void *ctx, ic_err *err);

void xlsx_zip_free(xlsx_zip *z);

#endif
