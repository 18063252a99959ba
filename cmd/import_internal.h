/* The parts of `invoicectl import` (cmd/import*.c): one run's state, and the steps cmd_import
 * takes in order.  Each step returns 0 to go on, IMPORT_DONE when the run ended as it should
 * before sending (a dry run), or an ic_exit code after saying why.  Whatever a step made is in
 * import_cmd and released by import_cmd_release, however far the run got.
 */
#ifndef INVOICECTL_CMD_IMPORT_INTERNAL_H
#define INVOICECTL_CMD_IMPORT_INTERNAL_H

#include "api/conn.h"
#include "api/connector.h"
#include "api/http.h"
#include "import/run.h"
#include "import/journal.h"
#include "import/plan.h"
#include "import/prep.h"
#include "formats/results_write.h"
#include "mapping/mapping.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>

#define JOURNAL_DIR "invoicectl-results"

/* A step's "stop here, all is well". */
#define IMPORT_DONE (-1)

typedef struct import_cmd {
    /* the options */
    const char *map_path, *journal_arg, *results_arg;
    const char *sheet; /* --sheet */
    int mode;
    bool dry_run, yes, skip_invalid;
    bool send_email; /* --send-email: the target emails each customer (connector ask_email) */
    api_conn_opts *co;
    /* what the steps make, in order */
    import_input in;
    const char *csv_path; /* what every pass reads: in.path */
    mapping *m;
    ic_batch batch;
    bool have_batch;
    api_conn conn;
    const ic_connector *target; /* the mapping's target (api/connector.h) */
    char *results_dir;
    bool results_created, results_written;
    bool jdir_existed; /* ./invoicectl-results was there before the run */
    journal_identity jid;
    char *journal_file;
    journal *jr;
    bool resumed;
    http_engine *e;
    store_index idx;
    bool have_idx;
    import_plan plan;
    bool have_plan;
    size_t creates, updates; /* what the plan sends, less what an earlier run did */
    size_t deletes;          /* removals the plan sends (delete mode) */
    import_outcome *outcomes;
    import_totals tot;
    result_invoice *rows;
    char **orphan_places;
    double t_start;
    ic_err err;
} import_cmd;

/* import_check.c: the input read once, the mapping, every invoice checked. */
int import_read_csv(import_cmd *ic, const char *arg);
int import_check_batch(import_cmd *ic);

/* import_store.c: the connection, the results folder and the journal; then the store's list and
 * the plan. */
int import_prepare(import_cmd *ic);
int import_read_store(import_cmd *ic);

/* import_send.c: the dry run's output, the question, the requests, the results. */
int import_dry_run(import_cmd *ic);
int import_confirm(import_cmd *ic);
int import_send(import_cmd *ic);

/* import_say.c: what the user reads. */
const char *import_plural(size_t n);
void import_print_plan(const import_plan *p, bool verbose);
void import_plan_counts_line(const import_plan *p, char *buf, size_t n);
bool import_ask(size_t creates, size_t updates, const import_plan *p, const api_conn *conn,
                const char *note);
/* "delete 3 invoices from store 'abc'? [y/N]" (BILL: "archive"); true for yes. */
bool import_ask_delete(size_t deletes, const char *verb, const api_conn *conn);
/* The store's name in questions: its hash, organisation, or the target's name. */
const char *import_store_name(const api_conn *conn);
int import_write_summary(import_cmd *ic, int rc);
void import_say_outcome(const import_cmd *ic, int rc);

#endif
