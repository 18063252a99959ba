/* import, steps 2 and 3: what the run writes checked before its first request (the connection,
 * the results folder, the journal), then the store's invoices listed and the plan made. */
#include "api/connector.h"
#include "cmd/import_internal.h"
#include "cmd/signals.h"
#include "util/common.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>

int import_prepare(import_cmd *ic)
{
    ic_err *err = &ic->err;
    /* The mapping names the target; this build may not reach every target a mapping can name. */
    ic->target = connector_find(mapping_target(ic->m));
    if (!ic->target) {
        ic_error("the mapping's target '%s' cannot be reached by this build (it reaches %s); "
                 "nothing was sent",
                 mapping_target(ic->m), connector_names());
        return IC_EXIT_USAGE;
    }
    if (ic->send_email && !ic->target->ask_email) {
        const char *note = ic->target->create_note;
        ic_error("--send-email: %s cannot be asked to email the customer per invoice%s%s%s; "
                 "nothing was sent",
                 ic->target->title, note ? " (" : "", note ? note : "", note ? ")" : "");
        return IC_EXIT_USAGE;
    }
    api_conn_opts_set_target(ic->co, ic->target->name);
    int rc = api_conn_resolve(ic->co, &ic->conn, err);
    if (rc != 0) {
        ic_error("%s", err->msg);
        return rc;
    }
    /* Everything the run will write is checked before its first request: the results folder
     * takes files and has room for them, and the journal can be created (and is locked). */
    rc = import_results_prepare(
        ic->results_arg, ic->in.shown,
        import_results_need(ic->in.size, ic->batch.rows, ic->batch.n_invoices), &ic->results_dir,
        &ic->results_created, err);
    if (rc != 0) {
        ic_error("%s", err->msg);
        return rc;
    }
    if (ic->dry_run)
        return 0;
    /* The store's identity: B2B Edition's store hash; a target without one (BILL) is told apart by
     * its organisation. */
    const char *store = ic->conn.store_hash        ? ic->conn.store_hash
                        : ic->conn.organization_id ? ic->conn.organization_id
                                                   : "";
    rc = journal_identity_make(ic->csv_path, ic->map_path, ic->conn.base_url, store, &ic->jid, err);
    if (rc == 0 && ic->in.spool_fd >= 0) {
        /* a copy's name means nothing: the journal is keyed on the name as given */
        free(ic->jid.csv_path);
        ic->jid.csv_path = xstrdup(strcmp(ic->in.shown, "<stdin>") == 0 ? "stdin" : ic->in.shown);
    }
    ic->jid.target = ic->target->name; /* undo asks the same target */
    if (rc == 0 && !ic->journal_arg)
        rc = results_make_dir(JOURNAL_DIR, err);
    if (rc != 0) {
        import_input_fix_message(&ic->in, err);
        ic_error("%s", err->msg);
        return rc;
    }
    ic->journal_file =
        ic->journal_arg ? xstrdup(ic->journal_arg) : journal_default_path(JOURNAL_DIR, &ic->jid);
    ic->jr = journal_open(ic->journal_file, &ic->jid, &ic->resumed, err);
    if (!ic->jr) {
        ic_error("%s", err->msg);
        return err->code;
    }
    return 0;
}

typedef struct list_ctx {
    store_index *idx;
    ic_err err; /* why a page was refused */
} list_ctx;

static int on_page(void *ctx, const cJSON *invoices, size_t offset, size_t total)
{
    (void)total;
    list_ctx *lc = ctx;
    return store_index_add_page(lc->idx, invoices, offset, &lc->err);
}

/* The ids a target needs that the file does not hold (Rebillia's currency, customer, gateway…),
 * resolved once before the plan: each value that cannot be resolved is named once, and nothing is
 * sent. */
static int prepare_lookups(import_cmd *ic)
{
    if (!ic->target->prepare)
        return 0;
    problem_list pl;
    problem_list_init(&pl, 0);
    ic_verbose("resolving the ids %s needs", ic->target->title);
    int rc = ic->target->prepare(ic->e, ic->batch.invoices, ic->batch.n_invoices, &ic->conn, &pl,
                                 &ic->err);
    for (size_t i = 0; i < pl.n; i++) {
        const ic_problem *p = &pl.items[i];
        ic_error("%s%s%s%s", p->invoice ? "invoice " : "", p->invoice ? p->invoice : "",
                 p->invoice ? ": " : "", p->message);
    }
    problem_list_release(&pl);
    if (rc != 0) {
        if (rc == IC_EXIT_INTERRUPTED || cmd_signals_received() != 0)
            ic_error("interrupted while resolving ids; nothing was sent");
        else
            ic_error("%s; nothing was sent", ic->err.msg);
        return cmd_signals_received() != 0 ? IC_EXIT_INTERRUPTED : rc;
    }
    return 0;
}

int import_read_store(import_cmd *ic)
{
    ic_err *err = &ic->err;
    http_proto proto;
    ic->e = NULL;
    if (ic->target->engine_proto(&ic->conn, &proto, err) == 0)
        ic->e = http_engine_new(&ic->conn, &proto, err);
    if (!ic->e) {
        ic_error("%s", err->msg);
        return err->code ? err->code : IC_EXIT_INTERNAL;
    }
    cmd_signals_install(CMD_SIGNALS_FINISH, ic->e);

    int rc = prepare_lookups(ic);
    if (rc != 0)
        return rc;
    store_index_init(&ic->idx, ic->target, mapping_match_field(ic->m), &ic->batch);
    ic->have_idx = true;
    conn_filter f;
    conn_filter_init(&f);
    /* APIs may leave extra fields out of lists unless asked: without them every invoice whose
     * mapping sends extra fields would look changed, and an update could not keep the others */
    f.include_extra_fields = true;
    ic_verbose("listing the store's invoices");
    list_ctx lc = {.idx = &ic->idx};
    rc = ic->target->list(ic->e, &f, on_page, &lc, err);
    if (rc != 0) {
        bool stopped = cmd_signals_received() != 0;
        if (rc == IC_EXIT_INTERRUPTED || stopped)
            ic_error("interrupted while reading the store; nothing was sent");
        else if (lc.err.code)
            ic_error("%s; nothing was sent", lc.err.msg);
        else
            ic_error("%s", err->msg);
        return stopped ? IC_EXIT_INTERRUPTED : rc;
    }

    rc = plan_build(&ic->batch, &ic->idx, (enum import_mode)ic->mode, &ic->plan, err);
    ic->have_plan = true;
    if (rc != 0)
        ic_error("%s", err->msg);
    else if (ic->send_email) /* only asked for: never on by default (api/connector.h) */
        for (size_t i = 0; i < ic->plan.n; i++)
            if (ic->plan.items[i].cls == PLAN_CREATE && ic->plan.items[i].body)
                ic->target->ask_email(ic->plan.items[i].body);
    return rc;
}
