/* Files that appear whole or not at all: written under a temporary name in the same folder,
 * fsync'ed, then renamed over the final name.  An interrupted writer leaves no half-written file
 * under the final name.
 *
 * Ownership: atomic_file_open returns a handle the caller must end with exactly one of
 * atomic_file_commit or atomic_file_abort, which free it.  Path "-" writes straight to standard
 * output (commit just flushes); an existing device or pipe (/dev/null, a FIFO) is written in place,
 * never replaced.
 */
#ifndef INVOICECTL_UTIL_ATOMIC_FILE_H
#define INVOICECTL_UTIL_ATOMIC_FILE_H

#include "util/err.h"

#include <stdio.h>

typedef struct atomic_file {
    FILE *fp;       /* write here */
    char *path;     /* final name */
    char *tmp_path; /* temporary name, NULL for stdout */
} atomic_file;

/* NULL with err set (IC_EXIT_IO, naming the folder) when the temporary file cannot be created. */
atomic_file *atomic_file_open(const char *path, ic_err *err);
/* The file name to write to, for libraries that want one (libxlsxwriter): the temporary path, the
 * path itself for a device or pipe, NULL for stdout. */
const char *atomic_file_tmp_path(const atomic_file *af);
/* Flushes, fsyncs, closes and renames; on any failure removes the temporary file and sets err
 * ("cannot write 'out.xlsx': No space left on device").  Returns 0 or IC_EXIT_IO. */
int atomic_file_commit(atomic_file *af, ic_err *err);
/* Closes and removes the temporary file. */
void atomic_file_abort(atomic_file *af);

/* Removes every registered temporary file; safe to call from a signal handler (uses unlink only).
 */
void atomic_file_cleanup_on_signal(void);

#endif
