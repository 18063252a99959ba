/* The parts of `invoicectl undo` (cmd/undo*.c): one undo's state and the steps cmd_undo takes in
 * order.  Each step returns 0 to go on, UNDO_STOP when the undo ended as it should (a dry run,
 * nothing to do), or an ic_exit code after saying why.  Whatever a step made is in undo_cmd and
 * released by undo_cmd_release, however far the undo got.
 */
#ifndef INVOICECTL_CMD_UNDO_INTERNAL_H
#define INVOICECTL_CMD_UNDO_INTERNAL_H

#include "api/conn.h"
#include "api/connector.h"
#include "api/http.h"
#include "import/journal.h"
#include "import/journal_read.h"
#include "import/undo_plan.h"
#include "import/undo_run.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>

#define UNDO_STOP (-1)

typedef struct undo_cmd {
    /* the options */
    bool dry_run, yes;
    const char *results_arg;
    api_conn_opts *co;
    const char *arg;     /* RESULTS_DIR or JOURNAL as given */
    bool arg_is_results; /* a results folder: the default results go inside it */
    /* what the steps make, in order */
    char *run_path; /* the run's journal (the live one, or the one kept when replaced) */
    int run_fd; /* open on it with a shared lock for the whole undo: no import resumes it meanwhile
                 */
    journal_log run;
    bool have_run;
    char *undo_path;  /* undo's own journal of that run */
    journal_log done; /* what an earlier undo of the run recorded */
    bool have_done;
    const ic_connector *target;
    api_conn conn;
    http_engine *e;
    undo_plan plan;
    bool have_plan;
    bool prepared; /* target->prepare ran: target->finish releases its cache */
    journal_identity uid;
    journal *jr;
    bool resumed;
    undo_outcome *out;
    size_t by[UR_NCODES];
    char *results_dir;
    double t_start;
    ic_err err;
} undo_cmd;

/* undo_find.c: the run's journal from RESULTS_DIR (its summary.json) or JOURNAL, read whole, with
 * what an earlier undo of it recorded. */
int undo_locate(undo_cmd *uc);

/* undo_store.c: the connection (the target and store the journal names), the plan, the question,
 * undo's own journal. */
int undo_connect(undo_cmd *uc);
int undo_make_plan(undo_cmd *uc);
int undo_confirm(undo_cmd *uc);
int undo_open_journal(undo_cmd *uc);
/* What undo's journal of a run is keyed on (its "csv_sha256"): the run journal's header and its
 * length in lines.  hex holds SHA256_HEX_LEN + 1. */
void undo_run_hash(const journal_log *run, char *hex);

/* undo_say.c: the plan printed, the results folder (summary.json, undo.csv), the closing lines. */
void undo_print_plan(const undo_plan *p, bool verbose);
void undo_plan_counts_line(const undo_plan *p, char *buf, size_t n);
int undo_finish(undo_cmd *uc, int run_rc);

#endif
