/* Preparing an import before its first request, so that a run that could not record its work
 * sends nothing:
 *
 *  - the input: a CSV that is not a regular file (standard input, a pipe, `<(…)`, a FIFO) is read
 * exactly once, into a private spool file that every later pass reads (validation, the journal's
 * content hash, the results in the input's own layout);
 *  - the results folder: created, checked writable (a probe file written, synced and removed) and
 * checked to have room for the files it will hold.
 *
 * Ownership: import_input and the folder name are owned by the caller and released with
 * import_input_release / free.
 */
#ifndef INVOICECTL_IMPORT_PREP_H
#define INVOICECTL_IMPORT_PREP_H

#include "util/err.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct import_input {
    char *shown;  /* the name in messages: the path as given, "<stdin>" for "-" */
    char *path;   /* what every pass reads: the path as given, or the spool */
    int spool_fd; /* the spool, open for the whole run (its name is already removed); -1 for none */
    size_t size;  /* bytes of input */
} import_input;

/* Opens the input: a regular file is used in place; anything else is copied once into a spool.
 * *stop non-zero (a signal) while waiting for input gives IC_EXIT_INTERRUPTED.  0, or an ic_exit
 * code with err set (IC_EXIT_IO: cannot open or read it). */
int import_input_open(const char *arg, volatile sig_atomic_t *stop, import_input *in, ic_err *err);
void import_input_release(import_input *in);
/* Replaces the spool's name with the input's own in err's message, so messages name what the
 * user gave. */
void import_input_fix_message(const import_input *in, ic_err *err);

/* The results folder: `arg`, or a new one under ./invoicectl-results named for the input and the
 * machine's local time.  Checks that a file can be written and synced in it and that the file
 * system has at least `need` bytes free.  *created tells whether this call made the folder (so that
 * a run that ends before writing anything can remove it).  0, or IC_EXIT_IO with err naming the
 * folder. */
int import_results_prepare(const char *arg, const char *input_name, size_t need, char **dir,
                           bool *created, ic_err *err);
/* Bytes the results of an input of `size` bytes, `rows` rows and `invoices` invoices may take. */
size_t import_results_need(size_t size, size_t rows, size_t invoices);

#endif
