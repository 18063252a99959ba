/* SIGINT and SIGTERM for the commands that talk to the API, in one place.
 *
 * Installed around the part of a run that a signal should end gently; the previous handlers come
 * back with cmd_signals_uninstall.  Two policies:
 *  - CMD_SIGNALS_ABORT (export): the first signal stops the engine; a second one leaves at once
 *    (exit 4) after removing the temporary file, so nothing half-written stays.
 *  - CMD_SIGNALS_FINISH (import): while requests are being sent, the first signal lets those in
 *    flight finish (requests waiting out a backoff are dropped) and the second abandons them;
 *    outside sending, a signal stops the engine.
 * The count of signals received is what the pipelines poll (cmd_signals_flag).
 */
#ifndef INVOICECTL_CMD_SIGNALS_H
#define INVOICECTL_CMD_SIGNALS_H

#include "api/http.h"

#include <signal.h>
#include <stdbool.h>

enum cmd_signals_policy { CMD_SIGNALS_ABORT, CMD_SIGNALS_FINISH };

/* Resets the count and installs the handlers; engine may be NULL (nothing to stop yet). */
void cmd_signals_install(enum cmd_signals_policy policy, http_engine *engine);
/* Restores the handlers found by install; does nothing when they are not installed. */
void cmd_signals_uninstall(void);
/* Whether requests are being sent (CMD_SIGNALS_FINISH). */
void cmd_signals_sending(bool on);
/* Signals received since install: 0, 1 or 2. */
int cmd_signals_received(void);
/* The count itself, for code that polls it (import_run, the wait for a FIFO's writer). */
volatile sig_atomic_t *cmd_signals_flag(void);

#endif
