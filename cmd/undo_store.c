/* undo, steps 2 to 4: the connection to the store the run wrote to, the plan, the question, and
 * undo's own journal of the run. */
#include "cmd/signals.h"
#include "cmd/undo_internal.h"
#include "util/common.h"
#include "util/log.h"
#include "util/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The store's identity as import writes it into the journal's header (cmd/import_store.c). */
static const char *store_of(const api_conn *c)
{
    return c->store_hash ? c->store_hash : c->organization_id ? c->organization_id : "";
}

int undo_connect(undo_cmd *uc)
{
    ic_err *err = &uc->err;
    const char *name = journal_log_field(&uc->run, "target");
    uc->target = name ? connector_find(name) : NULL;
    if (!uc->target) {
        ic_error("journal '%s' does not name a target this build reaches (%s); nothing was sent",
                 uc->run_path, name ? name : "written by an older invoicectl");
        return IC_EXIT_USAGE;
    }
    api_conn_opts_set_target(uc->co, uc->target->name);
    int rc = api_conn_resolve(uc->co, &uc->conn, err);
    if (rc != 0) {
        ic_error("%s", err->msg);
        return rc;
    }
    /* Undo acts on the store the run wrote to, never on another one reached by other settings. */
    const char *api = journal_log_field(&uc->run, "api");
    const char *store = journal_log_field(&uc->run, "store");
    if (!api || strcmp(api, uc->conn.base_url) != 0 || !store ||
        strcmp(store, store_of(&uc->conn)) != 0) {
        ic_error("the run wrote to store '%s' at %s, but the connection is store '%s' at %s; "
                 "nothing was sent (use the run's settings: --api-url, --profile, ...)",
                 store ? store : "?", api ? api : "?", store_of(&uc->conn), uc->conn.base_url);
        return IC_EXIT_USAGE;
    }
    http_proto proto;
    if (uc->target->engine_proto(&uc->conn, &proto, err) == 0)
        uc->e = http_engine_new(&uc->conn, &proto, err);
    if (!uc->e) {
        ic_error("%s", err->msg);
        return err->code ? err->code : IC_EXIT_INTERNAL;
    }
    cmd_signals_install(CMD_SIGNALS_FINISH, uc->e);
    return 0;
}

/* The ids a recreate's create body needs (Rebillia's currency, customer, gateway…), resolved as
 * import resolves them, from the invoices the run removed (their documents before the removal);
 * nothing to do for a target without prepare, or a run that removed nothing. */
static int prepare_recreates(undo_cmd *uc)
{
    const ic_connector *c = uc->target;
    if (!c->prepare || c->undelete_request)
        return 0;
    ic_invoice *invs = xcalloc(uc->run.n ? uc->run.n : 1, sizeof *invs);
    size_t n = 0;
    for (size_t i = 0; i < uc->run.n; i++) {
        const journal_rec *r = &uc->run.recs[i];
        if (!r->has_before || !r->before_doc || r->before_after)
            continue;
        ic_err rerr = {0};
        invoice_init(&invs[n]);
        if (c->read_doc(r->before_doc, &invs[n], &rerr) == 0)
            n++;
        else
            invoice_release(&invs[n]); /* the plan refuses it, naming why */
    }
    int rc = 0;
    if (n > 0) {
        problem_list pl;
        problem_list_init(&pl, 0);
        ic_verbose("resolving the ids %s needs to create invoices again", c->title);
        rc = c->prepare(uc->e, invs, n, &uc->conn, &pl, &uc->err);
        uc->prepared = true;
        for (size_t k = 0; k < pl.n; k++)
            ic_error("%s%s%s%s", pl.items[k].invoice ? "invoice " : "",
                     pl.items[k].invoice ? pl.items[k].invoice : "",
                     pl.items[k].invoice ? ": " : "", pl.items[k].message);
        problem_list_release(&pl);
    }
    for (size_t k = 0; k < n; k++)
        invoice_release(&invs[k]);
    free(invs);
    return rc;
}

int undo_make_plan(undo_cmd *uc)
{
    int prc = prepare_recreates(uc);
    if (prc != 0) {
        bool stopped = cmd_signals_received() != 0;
        ic_error("%s; nothing was sent", uc->err.msg);
        return stopped ? IC_EXIT_INTERRUPTED : prc;
    }
    int rc = undo_plan_build(uc->e, uc->target, &uc->run, uc->have_done ? &uc->done : NULL,
                             &uc->plan, &uc->err);
    uc->have_plan = true;
    if (rc != 0) {
        bool stopped = cmd_signals_received() != 0;
        if (rc == IC_EXIT_INTERRUPTED || stopped)
            ic_error("interrupted while reading the store; nothing was sent");
        else
            ic_error("%s; nothing was sent", uc->err.msg);
        return stopped ? IC_EXIT_INTERRUPTED : rc;
    }
    char counts[256];
    undo_plan_counts_line(&uc->plan, counts, sizeof counts);
    if (uc->dry_run || ic_log_level > IC_LOG_QUIET)
        undo_print_plan(&uc->plan, ic_log_level >= IC_LOG_VERBOSE || uc->dry_run);
    ic_info("undo plan for '%s' (run started %s): %s", uc->run_path,
            journal_log_field(&uc->run, "started") ? journal_log_field(&uc->run, "started") : "?",
            counts);
    if (uc->dry_run) {
        ic_info("dry run: nothing was sent");
        return uc->plan.counts[UNDO_REFUSED] ? IC_EXIT_INVALID : UNDO_STOP;
    }
    return 0;
}

/* "delete 5 invoices, restore 3 and recreate 2" (what is sent, for the question and the refusal;
 * without invoices to bring back, "delete 5 invoices and restore 3"). */
static void what_is_sent(const undo_cmd *uc, char *buf, size_t n)
{
    const size_t *k = uc->plan.counts;
    const char *back = uc->target->undelete_verb ? uc->target->undelete_verb : "recreate";
    if (k[UNDO_RECREATE])
        snprintf(buf, n, "%s %zu invoice%s, restore %zu and %s %zu", uc->target->delete_verb,
                 k[UNDO_DELETE], k[UNDO_DELETE] == 1 ? "" : "s", k[UNDO_RESTORE], back,
                 k[UNDO_RECREATE]);
    else
        snprintf(buf, n, "%s %zu invoice%s and restore %zu", uc->target->delete_verb,
                 k[UNDO_DELETE], k[UNDO_DELETE] == 1 ? "" : "s", k[UNDO_RESTORE]);
}

/* Asks on the terminal, with the plan's counts (shown even with -q); true for yes. */
static bool ask(const undo_cmd *uc, const char *what)
{
    fprintf(stderr,
            "invoicectl: about to %s in store '%s' (%s); %zu refused, left as they are\n"
            "Continue? [y/N] ",
            what, store_of(&uc->conn), uc->conn.base_url, uc->plan.counts[UNDO_REFUSED]);
    fflush(stderr);
    char line[64];
    return fgets(line, sizeof line, stdin) && (line[0] == 'y' || line[0] == 'Y');
}

int undo_confirm(undo_cmd *uc)
{
    const size_t *k = uc->plan.counts;
    if (k[UNDO_DELETE] + k[UNDO_RESTORE] + k[UNDO_RECREATE] == 0 || uc->yes)
        return 0;
    char what[160];
    what_is_sent(uc, what, sizeof what);
    if (!(isatty(STDIN_FILENO) && isatty(STDERR_FILENO))) {
        ic_error("refusing to %s without confirmation; pass --yes to go ahead", what);
        return IC_EXIT_USAGE;
    }
    if (!ask(uc, what)) {
        ic_info("nothing sent");
        return IC_EXIT_USAGE;
    }
    return 0;
}

void undo_run_hash(const journal_log *run, char *hex)
{
    char *header = cJSON_PrintUnformatted(run->header);
    size_t n = strlen(header) + 32;
    char *seed = xmalloc(n);
    snprintf(seed, n, "%s\n%zu", header, run->lines);
    cJSON_free(header);
    sha256_hex(seed, strlen(seed), hex);
    free(seed);
}

int undo_open_journal(undo_cmd *uc)
{
    /* undo's journal belongs to one run: the run's journal header (its start) */
    journal_identity *id = &uc->uid;
    const journal_log *run = &uc->run;
    /* ... and its length: a run's journal that grew since (the same command imported again,
     * after an undo) holds requests no earlier undo saw, so it gets a new undo journal (the old one
     * is kept, as journals replaced are) */
    id->kind = "invoicectl-undo";
    id->target = uc->target->name;
    id->csv_path = xstrdup(uc->run_path);
    undo_run_hash(run, id->csv_sha256);
    const char *mapping = journal_log_field(run, "mapping");
    const char *mapping_sha = journal_log_field(run, "mapping_sha256");
    id->mapping_path = xstrdup(mapping ? mapping : "");
    snprintf(id->mapping_sha256, sizeof id->mapping_sha256, "%s", mapping_sha ? mapping_sha : "");
    id->api_url = xstrdup(journal_log_field(run, "api"));
    id->store_hash = xstrdup(journal_log_field(run, "store"));
    uc->jr = journal_open(uc->undo_path, id, &uc->resumed, &uc->err);
    if (!uc->jr) {
        ic_error("%s", uc->err.msg);
        return uc->err.code;
    }
    if (uc->resumed && journal_lines(uc->jr) > 1)
        ic_info("resuming the undo recorded in '%s'", uc->undo_path);
    return 0;
}
