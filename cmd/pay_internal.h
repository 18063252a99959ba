/* The parts of `invoicectl pay` (cmd/pay*.c): one run's state, and the steps cmd_pay takes in
 * order.  Each step returns 0 to go on, PAY_DONE when the run ended as it should before sending
 * (a dry run), or an ic_exit code after saying why.  Whatever a step made is in pay_cmd and
 * released by pay_cmd_release, however far the run got.
 */
#ifndef INVOICECTL_CMD_PAY_INTERNAL_H
#define INVOICECTL_CMD_PAY_INTERNAL_H

#include "api/conn.h"
#include "api/connector.h"
#include "api/http.h"
#include "import/journal.h"
#include "import/pay_plan.h"
#include "import/pay_run.h"
#include "import/prep.h"
#include "mapping/pay_map.h"
#include "model/payment.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>

#define PAY_DONE (-1)
#define PAY_RESULTS_DIR "invoicectl-results"

typedef struct pay_cmd {
    /* the options */
    const char *map_path, *journal_arg, *results_arg;
    bool dry_run, yes, retry_unknown;
    api_conn_opts *co;
    /* what the steps make, in order */
    import_input in;
    pay_map *pm;
    pay_batch batch;
    api_conn conn;
    const ic_connector *target;
    char *results_dir;
    bool results_created, results_written;
    bool jdir_existed;
    journal_identity jid;
    char *journal_file;
    journal *jr;
    bool resumed;
    http_engine *e;
    pay_plan plan;
    bool have_plan;
    pay_outcome *outcomes;
    pay_totals tot;
    double t_start;
    ic_err err;
} pay_cmd;

/* pay_read.c: the input read once, the mapping, every row checked; the target, the connection,
 * the results folder and the journal. */
int pay_read_file(pay_cmd *pc, const char *arg);
int pay_prepare(pay_cmd *pc);
/* pay_plan_step.c: the store read, the plan made and printed; the question. */
int pay_make_plan(pay_cmd *pc);
int pay_confirm(pay_cmd *pc);
/* pay_send.c: the requests, the results folder, the closing lines. */
int pay_send(pay_cmd *pc);
int pay_write_results(pay_cmd *pc, int rc);

#endif
