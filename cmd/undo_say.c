/* undo: what the user reads (the plan, the closing lines) and the results folder (summary.json,
 * undo.csv). */
#include "cmd/undo_internal.h"
#include "formats/csv_write.h"
#include "formats/results_write.h"
#include "util/atomic_file.h"
#include "util/clock.h"
#include "util/common.h"
#include "util/log.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* The plan's class as the user reads it: the target's own verb for a removal ("archive"). */
static const char *class_word(const undo_plan *p, enum undo_class c)
{
    if (c == UNDO_RECREATE && p->conn->undelete_verb)
        return p->conn->undelete_verb;
    return c == UNDO_DELETE ? p->conn->delete_verb : undo_class_name(c);
}

void undo_print_plan(const undo_plan *p, bool verbose)
{
    for (size_t i = 0; i < p->n; i++) {
        const undo_item *it = &p->items[i];
        if (!verbose && (it->cls == UNDO_UNTOUCHED || it->cls == UNDO_UNDONE))
            continue;
        printf("%-9s  %s", class_word(p, it->cls), it->key);
        if (it->id[0])
            printf("  invoice %s", it->id);
        if (it->was)
            printf("  (the run: %s)", it->was);
        if (it->reason)
            printf("  %s", it->reason);
        putchar('\n');
        if (verbose)
            for (size_t k = 0; k < it->n_changes; k++)
                printf("    %s: %s now, the run left %s\n", it->changes[k].path,
                       it->changes[k].old_value ? it->changes[k].old_value : "(none)",
                       it->changes[k].new_value ? it->changes[k].new_value : "(none)");
    }
}

void undo_plan_counts_line(const undo_plan *p, char *buf, size_t n)
{
    /* the invoices to bring back are named only when there are some (most runs remove none) */
    char back[64] = "";
    if (p->counts[UNDO_RECREATE])
        snprintf(back, sizeof back, ", %zu to %s", p->counts[UNDO_RECREATE],
                 class_word(p, UNDO_RECREATE));
    snprintf(buf, n,
             "%zu to %s, %zu to restore%s, %zu refused, %zu gone, %zu untouched, %zu undone "
             "earlier (the store lists %zu invoice%s)",
             p->counts[UNDO_DELETE], p->conn->delete_verb, p->counts[UNDO_RESTORE], back,
             p->counts[UNDO_REFUSED], p->counts[UNDO_GONE], p->counts[UNDO_UNTOUCHED],
             p->counts[UNDO_UNDONE], p->store_listed, plural(p->store_listed));
}

static cJSON *summary_json(const undo_cmd *uc, int rc)
{
    const undo_plan *p = &uc->plan;
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "journal", uc->run_path);
    const char *started = journal_log_field(&uc->run, "started");
    cJSON_AddStringToObject(doc, "run_started", started ? started : "");
    cJSON_AddStringToObject(doc, "undo_journal", uc->undo_path);
    cJSON_AddBoolToObject(doc, "resumed", uc->resumed);
    cJSON_AddNumberToObject(doc, "exit", rc);
    cJSON_AddNumberToObject(doc, "elapsed_s", mono_now() - uc->t_start);
    cJSON *plan = cJSON_AddObjectToObject(doc, "plan");
    for (int c = 0; c < UNDO_NCLASSES; c++)
        cJSON_AddNumberToObject(plan, undo_class_name((enum undo_class)c), (double)p->counts[c]);
    cJSON_AddNumberToObject(plan, "store_listed", (double)p->store_listed);
    cJSON *counts = cJSON_AddObjectToObject(doc, "counts");
    for (int r = 0; r < UR_NCODES; r++) {
        char key[32];
        snprintf(key, sizeof key, "%s", undo_result_name((enum undo_result)r));
        for (char *c = key; *c; c++)
            if (*c == ' ')
                *c = '_';
        cJSON_AddNumberToObject(counts, key, (double)uc->by[r]);
    }
    http_stats st;
    http_get_stats(uc->e, &st);
    cJSON *req = cJSON_AddObjectToObject(doc, "requests");
    cJSON_AddNumberToObject(req, "total", (double)st.requests);
    cJSON_AddNumberToObject(req, "GET", (double)st.by_method[0]);
    cJSON_AddNumberToObject(req, "POST", (double)st.by_method[1]);
    cJSON_AddNumberToObject(req, "PUT", (double)st.by_method[2]);
    cJSON_AddNumberToObject(req, "DELETE", (double)st.by_method[3]);
    cJSON_AddNumberToObject(req, "retries", (double)st.retries);
    cJSON *arr = cJSON_AddArrayToObject(doc, "invoices");
    for (size_t i = 0; i < p->n; i++) {
        const undo_item *it = &p->items[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "key", it->key);
        if (conn_id_numeric(it->id))
            cJSON_AddNumberToObject(o, "id", strtod(it->id, NULL));
        else if (it->id[0])
            cJSON_AddStringToObject(o, "id", it->id);
        cJSON_AddStringToObject(o, "run", it->was ? it->was : "");
        cJSON_AddStringToObject(o, "plan", class_word(p, it->cls));
        cJSON_AddStringToObject(o, "outcome", undo_result_name(uc->out[i].result));
        const char *why = uc->out[i].error ? uc->out[i].error : it->reason;
        if (why)
            cJSON_AddStringToObject(o, "reason", why);
        cJSON_AddItemToArray(arr, o);
    }
    return doc;
}

/* undo.csv: one row per invoice of the run, what undo did and why. */
static int write_csv(const undo_cmd *uc, ic_err *err)
{
    size_t n = strlen(uc->results_dir) + 16;
    char *path = xmalloc(n);
    snprintf(path, n, "%s/undo.csv", uc->results_dir);
    atomic_file *af = atomic_file_open(path, err);
    free(path);
    if (!af)
        return err->code;
    csv_writer w;
    csv_writer_init(&w, af->fp, ',');
    static const char *const head[] = {"key", "invoice_id", "run", "plan", "outcome", "reason"};
    csv_put_row(&w, head, IC_ARRAY_LEN(head));
    for (size_t i = 0; i < uc->plan.n; i++) {
        const undo_item *it = &uc->plan.items[i];
        const char *why = uc->out[i].error ? uc->out[i].error : it->reason;
        const char *row[] = {it->key,
                             it->id,
                             it->was ? it->was : "",
                             class_word(&uc->plan, it->cls),
                             undo_result_name(uc->out[i].result),
                             why ? why : ""};
        csv_put_row(&w, row, IC_ARRAY_LEN(row));
    }
    return atomic_file_commit(af, err);
}

/* The results folder: --results, else inside RESULTS_DIR, else beside the journal's results. */
static int make_results_dir(undo_cmd *uc, ic_err *err)
{
    if (uc->results_arg) {
        uc->results_dir = xstrdup(uc->results_arg);
        return results_make_dir(uc->results_dir, err);
    }
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    if (!uc->arg_is_results) {
        uc->results_dir = results_default_dir("undo", err);
        return uc->results_dir ? 0 : err->code;
    }
    size_t n = strlen(uc->arg) + 48;
    uc->results_dir = xmalloc(n);
    for (int k = 1; k < 100; k++) {
        snprintf(uc->results_dir, n, k == 1 ? "%s/undo-%s" : "%s/undo-%s-%d", uc->arg, stamp, k);
        if (access(uc->results_dir, F_OK) != 0)
            break;
    }
    return results_make_dir(uc->results_dir, err);
}

static void say_outcome(const undo_cmd *uc, int rc)
{
    const size_t *b = uc->by;
    char back[64] = ""; /* named only when some came back, as in the plan's counts */
    if (b[UR_RECREATED] + b[UR_UNARCHIVED])
        snprintf(back, sizeof back, ", %s %zu",
                 uc->target->undelete_done ? uc->target->undelete_done : "recreated",
                 b[UR_RECREATED] + b[UR_UNARCHIVED]);
    ic_info("%s %zu, restored %zu%s, undone earlier %zu, nothing to do %zu, refused %zu, "
            "rejected %zu, unreachable %zu, not sent %zu",
            uc->target->delete_done, b[UR_REMOVED], b[UR_RESTORED], back, b[UR_EARLIER],
            b[UR_NOTHING], b[UR_REFUSED], b[UR_REJECTED], b[UR_UNREACHABLE], b[UR_NOT_SENT]);
    if (uc->results_dir)
        ic_info("results in '%s' (undo.csv, summary.json)", uc->results_dir);
    if (rc == IC_EXIT_INTERRUPTED)
        ic_error("interrupted: %zu invoice%s not undone; resume with the same command",
                 b[UR_NOT_SENT], plural(b[UR_NOT_SENT]));
    else if (rc == IC_EXIT_IO && b[UR_UNREACHABLE])
        ic_error("%zu invoice%s could not be undone (the API did not answer); run the same "
                 "command again",
                 b[UR_UNREACHABLE], plural(b[UR_UNREACHABLE]));
    else if (b[UR_REFUSED] + b[UR_REJECTED])
        ic_error("%zu invoice%s left as %s (changed or paid since the run, or refused by the "
                 "API); see undo.csv",
                 b[UR_REFUSED] + b[UR_REJECTED], plural(b[UR_REFUSED] + b[UR_REJECTED]),
                 b[UR_REFUSED] + b[UR_REJECTED] == 1 ? "it is" : "they are");
}

int undo_finish(undo_cmd *uc, int run_rc)
{
    const size_t *b = uc->by;
    int rc = run_rc;
    if (rc == 0)
        rc = b[UR_UNREACHABLE]                ? IC_EXIT_IO
             : b[UR_NOT_SENT]                 ? IC_EXIT_INTERRUPTED
             : b[UR_REFUSED] + b[UR_REJECTED] ? IC_EXIT_INVALID
                                              : IC_EXIT_OK;
    else if (rc != IC_EXIT_INTERRUPTED)
        ic_error("%s", uc->err.msg);
    ic_err werr = {0};
    int wrc = make_results_dir(uc, &werr);
    if (wrc == 0)
        wrc = write_csv(uc, &werr);
    if (wrc == 0) {
        cJSON *sum = summary_json(uc, rc);
        wrc = results_write_json(uc->results_dir, "summary.json", sum, &werr);
        cJSON_Delete(sum);
    }
    if (wrc != 0) {
        ic_error("%s", werr.msg);
        if (rc == 0 || rc == IC_EXIT_INVALID)
            rc = wrc;
    }
    say_outcome(uc, rc);
    return rc;
}
