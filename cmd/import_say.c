/* import: what the user reads (the plan, the question, the closing lines) and summary.json. */
#include "cmd/import_internal.h"
#include "util/clock.h"
#include "util/common.h"
#include "util/log.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* "s" unless n is 1: "1 invoice", "2 invoices". */
const char *import_plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* A changed value as the plan shows it: dates (unix seconds in the API) also as a UTC date. */
static const char *shown(const char *path, const char *v, char *buf, size_t n)
{
    if (!v)
        return "(none)";
    const char *last = strrchr(path, '.');
    last = last ? last + 1 : path;
    if (strcmp(last, "dueDate") != 0 && strcmp(last, "issuedAt") != 0)
        return v;
    char *end = NULL;
    errno = 0;
    long long secs = strtoll(v, &end, 10);
    if (errno || end == v || *end)
        return v;
    time_t t = (time_t)secs;
    struct tm tm;
    char day[32];
    if (!gmtime_r(&t, &tm) ||
        !strftime(day, sizeof day, tm.tm_hour || tm.tm_min ? "%Y-%m-%d %H:%M UTC" : "%Y-%m-%d",
                  &tm))
        return v;
    snprintf(buf, n, "%s (%s)", day, v);
    return buf;
}

void import_print_plan(const import_plan *p, bool verbose)
{
    for (size_t i = 0; i < p->n; i++) {
        const plan_item *it = &p->items[i];
        printf("%-9s  %-7s  %s  line %ld", plan_class_name(it->cls), import_mode_name(it->mode),
               it->key, it->inv->first_line);
        if (it->id[0])
            printf("  invoice %s", it->id);
        if (it->cls == PLAN_UPDATE)
            printf("  %zu change%s", it->n_changes, import_plural(it->n_changes));
        if (it->reason)
            printf("  %s", it->reason);
        putchar('\n');
        if (verbose && it->cls == PLAN_UPDATE)
            for (size_t k = 0; k < it->n_changes; k++) {
                const merge_change *ch = &it->changes[k];
                char o[64], n[64];
                printf("    %s: %s -> %s\n", ch->path, shown(ch->path, ch->old_value, o, sizeof o),
                       shown(ch->path, ch->new_value, n, sizeof n));
            }
    }
}

void import_plan_counts_line(const import_plan *p, char *buf, size_t n)
{
    /* deletes and skips only when the file has some: plans without them read as before */
    char more[96] = "";
    if (p->counts[PLAN_DELETE] || p->counts[PLAN_SKIP])
        snprintf(more, sizeof more, ", %zu to %s, %zu skipped", p->counts[PLAN_DELETE],
                 p->conn && p->conn->delete_verb ? p->conn->delete_verb : "delete",
                 p->counts[PLAN_SKIP]);
    snprintf(buf, n,
             "%zu to create, %zu to update, %zu unchanged, %zu refused, %zu invalid%s (the store "
             "lists %zu invoice%s)",
             p->counts[PLAN_CREATE], p->counts[PLAN_UPDATE], p->counts[PLAN_UNCHANGED],
             p->counts[PLAN_REFUSED], p->counts[PLAN_INVALID], more, p->store_listed,
             import_plural(p->store_listed));
}

static cJSON *summary_json(const char *csv_path, const char *map_path, const import_plan *p,
                           const import_outcome *oc, const import_totals *t, const http_stats *st,
                           const char *journal_file, bool resumed, int exit_code, double elapsed)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "csv", csv_path);
    cJSON_AddStringToObject(doc, "mapping", map_path);
    cJSON_AddStringToObject(doc, "mode", import_mode_name(p->mode));
    cJSON_AddStringToObject(doc, "match", p->match_field);
    if (journal_file)
        cJSON_AddStringToObject(doc, "journal", journal_file);
    cJSON_AddBoolToObject(doc, "resumed", resumed);
    cJSON_AddNumberToObject(doc, "exit", exit_code);
    cJSON_AddNumberToObject(doc, "elapsed_s", elapsed);
    cJSON_AddNumberToObject(doc, "sending_s", t->send_elapsed_s);
    cJSON *counts = cJSON_AddObjectToObject(doc, "counts");
    cJSON_AddNumberToObject(counts, "invoices", (double)p->n);
    for (int r = 0; r < RES_NCODES; r++) {
        char key[32];
        snprintf(key, sizeof key, "%s", import_result_name((enum import_result)r));
        for (char *c = key; *c; c++)
            if (*c == ' ')
                *c = '_';
        cJSON_AddNumberToObject(counts, key, (double)t->by_result[r]);
    }
    cJSON *plan = cJSON_AddObjectToObject(doc, "plan");
    for (int c = 0; c < PLAN_NCLASSES; c++)
        cJSON_AddNumberToObject(plan, plan_class_name((enum plan_class)c), (double)p->counts[c]);
    cJSON_AddNumberToObject(plan, "store_listed", (double)p->store_listed);
    cJSON *req = cJSON_AddObjectToObject(doc, "requests");
    cJSON_AddNumberToObject(req, "total", (double)st->requests);
    cJSON_AddNumberToObject(req, "GET", (double)st->by_method[0]);
    cJSON_AddNumberToObject(req, "POST", (double)st->by_method[1]);
    cJSON_AddNumberToObject(req, "PUT", (double)st->by_method[2]);
    cJSON_AddNumberToObject(req, "DELETE", (double)st->by_method[3]);
    cJSON_AddNumberToObject(req, "answered_429", (double)st->answered_429);
    cJSON_AddNumberToObject(req, "answered_5xx", (double)st->answered_5xx);
    cJSON_AddNumberToObject(req, "answered_busy", (double)st->answered_busy);
    cJSON_AddNumberToObject(req, "sign_ins", (double)st->sign_ins);
    cJSON_AddNumberToObject(req, "retries", (double)st->retries);
    cJSON_AddNumberToObject(req, "lookups", (double)t->lookups);
    cJSON_AddNumberToObject(req, "resends", (double)t->resends);
    cJSON_AddNumberToObject(req, "lookups_after_exists", (double)t->lookups_after_exists);
    cJSON_AddNumberToObject(req, "budget_wait_s", st->waited_s);
    cJSON *arr = cJSON_AddArrayToObject(doc, "invoices");
    for (size_t i = 0; i < p->n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "key", p->items[i].key);
        cJSON_AddNumberToObject(o, "line", (double)p->items[i].inv->first_line);
        cJSON_AddStringToObject(o, "mode", import_mode_name(p->items[i].mode));
        cJSON_AddStringToObject(o, "outcome", import_result_name(oc[i].result));
        if (conn_id_numeric(oc[i].id))
            cJSON_AddNumberToObject(o, "id", strtod(oc[i].id, NULL));
        else if (oc[i].id[0])
            cJSON_AddStringToObject(o, "id", oc[i].id);
        if (oc[i].earlier)
            cJSON_AddBoolToObject(o, "earlier_run", true);
        if (oc[i].by_lookup)
            cJSON_AddBoolToObject(o, "confirmed_by_lookup", true);
        if (oc[i].maker_unknown)
            cJSON_AddBoolToObject(o, "maker_unknown", true);
        if (oc[i].already_gone)
            cJSON_AddBoolToObject(o, "already_gone", true);
        if (oc[i].error)
            cJSON_AddStringToObject(o, "error", oc[i].error);
        if (oc[i].error_place)
            cJSON_AddStringToObject(o, "error_place", oc[i].error_place);
        cJSON_AddItemToArray(arr, o);
    }
    return doc;
}

/* Asks on the terminal, with the plan's counts (shown even with -q); true for yes. */
bool import_ask(size_t creates, size_t updates, const import_plan *p, const api_conn *conn,
                const char *note)
{
    size_t unsent = p->counts[PLAN_REFUSED] + p->counts[PLAN_INVALID];
    char more[96] = "";
    if (unsent)
        snprintf(more, sizeof more, "; %zu refused or invalid, not sent", unsent);
    fprintf(stderr,
            "invoicectl: about to create %zu invoice%s and update %zu in store '%s' (%s); %zu "
            "unchanged%s\n"
            "%s%s%s"
            "Continue? [y/N] ",
            creates, import_plural(creates), updates, import_store_name(conn), conn->base_url,
            p->counts[PLAN_UNCHANGED], more, note ? "invoicectl: " : "", note ? note : "",
            note ? "\n" : "");
    fflush(stderr);
    char line[64];
    if (!fgets(line, sizeof line, stdin))
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

const char *import_store_name(const api_conn *conn)
{
    return conn->store_hash        ? conn->store_hash
           : conn->organization_id ? conn->organization_id
                                   : (conn->target ? conn->target : "");
}

bool import_ask_delete(size_t deletes, const char *verb, const api_conn *conn)
{
    fprintf(stderr, "invoicectl: %s %zu invoice%s from store '%s' (%s)? [y/N] ", verb, deletes,
            import_plural(deletes), import_store_name(conn), conn->base_url);
    fflush(stderr);
    char line[64];
    if (!fgets(line, sizeof line, stdin))
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

/* " (all 3 in an earlier run)", " (2 of them in an earlier run)", or "". */
static void earlier_note(size_t n, size_t earlier, char *buf, size_t size)
{
    buf[0] = '\0';
    if (earlier == n && n > 0)
        snprintf(buf, size, n == 1 ? " (in an earlier run)" : " (all %zu in an earlier run)", n);
    else if (earlier)
        snprintf(buf, size, " (%zu of them in an earlier run)", earlier);
}

/* "results in 'DIR' (…)", naming only the files that are there. */
static void results_say_where(const char *dir)
{
    static const char *const names[] = {"success.csv", "errors.csv", "summary.json"};
    char list[128] = "";
    for (size_t i = 0; i < IC_ARRAY_LEN(names); i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) != 0)
            continue;
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", names[i]);
    }
    if (list[0])
        ic_info("results in '%s' (%s)", dir, list);
    else
        ic_error("no results were written in '%s'", dir);
}

/* summary.json: the counts, the requests, every invoice's outcome.  Returns rc, or the write's
 * error when rc said nothing worse. */
int import_write_summary(import_cmd *ic, int rc)
{
    const ic_batch *b = &ic->batch;
    http_stats st;
    http_get_stats(ic->e, &st);
    cJSON *sum = summary_json(ic->in.shown, ic->map_path, &ic->plan, ic->outcomes, &ic->tot, &st,
                              ic->journal_file, ic->resumed, rc, mono_now() - ic->t_start);
    /* rows read = used + skipped + in error */
    cJSON *jrows = cJSON_AddObjectToObject(sum, "rows");
    cJSON_AddNumberToObject(jrows, "read", (double)b->rows);
    cJSON_AddNumberToObject(jrows, "used", (double)b->rows_used);
    cJSON_AddNumberToObject(jrows, "skipped", (double)b->rows_skipped);
    cJSON_AddNumberToObject(jrows, "error", (double)b->rows_error);
    /* group commit at work: lines written against fdatasync calls made */
    cJSON_AddNumberToObject(sum, "journal_lines", (double)journal_lines(ic->jr));
    cJSON_AddNumberToObject(sum, "journal_syncs", (double)journal_syncs(ic->jr));
    /* which run of the journal this was, for `invoicectl undo RESULTS_DIR` (cmd/undo_find.c) */
    char *jabs = ic->jr ? realpath(journal_path(ic->jr), NULL) : NULL;
    cJSON_AddStringToObject(sum, "journal_file", jabs ? jabs : "");
    cJSON_AddStringToObject(sum, "journal_started", ic->jr ? journal_started(ic->jr) : "");
    free(jabs);
    ic_err serr = {0};
    if (results_write_json(ic->results_dir, "summary.json", sum, &serr) != 0) {
        ic_error("%s", serr.msg);
        if (rc == 0 || rc == IC_EXIT_INVALID)
            rc = serr.code;
    }
    cJSON_Delete(sum);
    return rc;
}

/* The closing lines: the counts (what an earlier run did said next to its own count), where the
 * results are, and what to do about what was not done. */
void import_say_outcome(const import_cmd *ic, int rc)
{
    const size_t *b = ic->tot.by_result;
    const import_plan *p = &ic->plan;
    http_stats st;
    http_get_stats(ic->e, &st);
    size_t before[RES_NCODES] = {0}, maker_unknown = 0;
    for (size_t i = 0; i < p->n; i++) {
        before[ic->outcomes[i].result] += ic->outcomes[i].earlier;
        maker_unknown += ic->outcomes[i].maker_unknown;
    }
    char created_note[192], updated_note[64];
    earlier_note(b[RES_CREATED], before[RES_CREATED], created_note, sizeof created_note);
    if (maker_unknown) {
        /* another run creating the same invoices at the same time looks exactly like libcurl
         * resending this run's own POST: say so rather than claim them */
        size_t used = strlen(created_note);
        snprintf(created_note + used, sizeof created_note - used,
                 " (%zu of them found in the store after \"already exists\": made by this run or "
                 "by another one at the same time, which cannot be told)",
                 maker_unknown);
    }
    earlier_note(b[RES_UPDATED], before[RES_UPDATED], updated_note, sizeof updated_note);
    char signins[64] = ""; /* targets with sessions (BILL allows 200 sign-ins an hour) */
    if (st.sign_ins)
        snprintf(signins, sizeof signins, ", %lu sign-in%s", st.sign_ins,
                 st.sign_ins == 1 ? "" : "s");
    char removed[128] = ""; /* only when the file has deletes or skips */
    if (b[RES_DELETED] || b[RES_SKIPPED] || p->counts[PLAN_DELETE] || p->counts[PLAN_SKIP]) {
        char deleted_note[64];
        earlier_note(b[RES_DELETED], before[RES_DELETED], deleted_note, sizeof deleted_note);
        snprintf(removed, sizeof removed, ", %s %zu%s, skipped %zu",
                 ic->target && ic->target->delete_done ? ic->target->delete_done : "deleted",
                 b[RES_DELETED], deleted_note, b[RES_SKIPPED]);
    }
    ic_info("created %zu%s, updated %zu%s, unchanged %zu%s, rejected %zu, unreachable %zu, unknown "
            "%zu, invalid %zu, refused %zu, not sent %zu; %lu request%s (%lu answered 429%s)",
            b[RES_CREATED], created_note, b[RES_UPDATED], updated_note, b[RES_UNCHANGED], removed,
            b[RES_REJECTED], b[RES_UNREACHABLE], b[RES_UNKNOWN], b[RES_INVALID], b[RES_REFUSED],
            b[RES_NOT_SENT], st.requests, import_plural(st.requests), st.answered_429, signins);
    results_say_where(ic->results_dir);
    if (rc == IC_EXIT_INTERRUPTED)
        ic_error("interrupted: %zu invoice%s not sent or not resolved; resume with the same "
                 "command",
                 b[RES_NOT_SENT], import_plural(b[RES_NOT_SENT]));
    else if (rc == IC_EXIT_IO && (b[RES_UNREACHABLE] || b[RES_UNKNOWN])) {
        if (b[RES_UNREACHABLE])
            ic_error("%zu invoice%s could not be sent (the API did not answer); run the same "
                     "command again to retry them",
                     b[RES_UNREACHABLE], import_plural(b[RES_UNREACHABLE]));
        if (b[RES_UNKNOWN])
            ic_error("%zu invoice%s may or may not have been created (no answer came back); run "
                     "the same command again: it looks them up before sending anything for them",
                     b[RES_UNKNOWN], import_plural(b[RES_UNKNOWN]));
    } else if (rc == IC_EXIT_INVALID) {
        size_t bad = b[RES_REJECTED] + b[RES_INVALID] + b[RES_REFUSED];
        size_t orphans = ic->batch.n_orphans;
        if (bad)
            ic_error("%zu invoice%s %s not imported; see '%s/errors.csv' (fix it and import it "
                     "again)",
                     bad, import_plural(bad), bad == 1 ? "was" : "were", ic->results_dir);
        if (orphans)
            ic_error("%zu row%s belong%s to no invoice and %s not imported; see '%s/errors.csv'",
                     orphans, import_plural(orphans), orphans == 1 ? "s" : "",
                     orphans == 1 ? "was" : "were", ic->results_dir);
    }
}
