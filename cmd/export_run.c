/* export: the file and its writer, then the lists written into it page by page (with progress on
 * standard error), and the file committed under its name only when complete. */
#include "cmd/export_internal.h"
#include "api/connector.h"
#include "cmd/signals.h"
#include "export/map_layout.h"
#include "formats/aging.h"
#include "util/clock.h"
#include "util/common.h"
#include "util/log.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void fmt_duration(double s, char *buf, size_t n)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, n, "%ldh%02ldm", t / 3600, t / 60 % 60);
    else if (t >= 60)
        snprintf(buf, n, "%ldm%02lds", t / 60, t % 60);
    else
        snprintf(buf, n, "%lds", t);
}

static void progress(struct run *r, bool final)
{
    if (ic_log_level < IC_LOG_NORMAL)
        return;
    time_t now = time(NULL);
    if (!final && !r->tty && now - r->last_line < r->line_interval)
        return;
    r->last_line = now;
    char eta[32] = "?";
    double el = difftime(now, r->started);
    if (r->pages_done && r->pages_total >= r->pages_done)
        fmt_duration(el / (double)r->pages_done * (double)(r->pages_total - r->pages_done), eta,
                     sizeof eta);
    char line[160];
    snprintf(line, sizeof line, "export: %zu/%zu pages, %zu invoices%s%s", r->pages_done,
             r->pages_total, r->written, final ? "" : ", ETA ", final ? "" : eta);
    if (r->tty)
        fprintf(stderr, "\r%s\033[K%s", line, final ? "\n" : "");
    else if (!final)
        fprintf(stderr, "invoicectl: %s\n", line);
}

static void on_tick(void *ctx)
{
    progress(ctx, false);
}

static bool passes_client_filters(const struct run *r, const ic_invoice *inv)
{
    if (r->only_unpaid && !(inv->has_status && (inv->status == 0 || inv->status == 1)))
        return false;
    if (r->due_before_set || r->due_after_set) {
        if (!inv->has_due_date)
            return false;
        int64_t d = aging_day_of(inv->due_date, r->zone);
        if (r->due_before_set && !(d < r->due_before_day))
            return false;
        if (r->due_after_set && !(d > r->due_after_day))
            return false;
    }
    return true;
}

static int on_page(void *ctx, const cJSON *invoices, size_t offset, size_t total)
{
    struct run *r = ctx;
    if (total == (size_t)-1) {
        /* the API never tells its total (BILL): this page and at least one more, until the end */
        r->pages_total = r->pages_done + 1;
    } else if (r->pages_done == 0 || offset == 0) {
        size_t pages = (total + (size_t)r->page_limit - 1) / (size_t)r->page_limit;
        r->pages_total = r->pages_total_before + (pages ? pages : 1);
    }
    int rc = 0;
    size_t i = 0;
    const cJSON *obj;
    cJSON_ArrayForEach(obj, invoices)
    {
        ic_invoice inv;
        invoice_init(&inv);
        rc = r->target->read_doc(obj, &inv, &r->err);
        char tid[CONN_ID_MAX] = "";
        bool again = false;
        if (!rc && inv.id) {
            again = !idset_add(&r->ids, inv.id);
            snprintf(tid, sizeof tid, "%" PRId64, inv.id);
        } else if (!rc && r->target->doc_id(obj, tid, sizeof tid)) {
            size_t unused;
            again = strmap_get(&r->text_ids, tid, &unused);
            strmap_put(&r->text_ids, tid, 1);
            invoice_set_str(&inv.text_id, tid); /* the ID column shows it */
        }
        if (rc) {
            ic_err_prefix(&r->err, "invoice at offset %zu", offset + i);
        } else if (again) {
            r->duplicates++; /* pages shifted under a concurrent write, or a broken server */
            ic_verbose("invoice %s was listed twice; written once", tid);
        } else if (passes_client_filters(r, &inv)) {
            double t0 = mono_now(), c0 = thread_cpu_now();
            switch (r->fmt) {
            case FMT_XLSX:
                rc = xlsx_export_add(r->xlsx, &inv, &r->err);
                break;
            case FMT_CSV:
                rc = export_csv_add(r->csv, &inv, &r->err);
                break;
            case FMT_JSON:
            case FMT_JSONL:
                rc = export_json_add(r->json, obj, &r->err);
                break;
            }
            r->write_s += mono_now() - t0;
            r->write_cpu_s += thread_cpu_now() - c0;
            if (!rc)
                r->written++;
        }
        invoice_release(&inv);
        r->seen++;
        i++;
        if (rc)
            return rc;
    }
    r->pages_done++;
    if (cmd_signals_received())
        return IC_EXIT_INTERRUPTED;
    return 0;
}

static int list_all(http_engine *e, conn_filter *f, struct run *r, enum status_choice sc,
                    ic_err *err)
{
    int lists[2], nlists = 0;
    switch (sc) {
    case ST_ALL:
        lists[nlists++] = -1;
        break;
    case ST_OPEN:
        lists[nlists++] = 0;
        break;
    case ST_PARTIAL:
        lists[nlists++] = 1;
        break;
    case ST_COMPLETED:
        lists[nlists++] = 2;
        break;
    case ST_UNPAID:
        /* The API filters one status at a time: two lists cost fewer requests than all of them. */
        lists[nlists++] = 0;
        lists[nlists++] = 1;
        r->only_unpaid = true;
        break;
    }
    for (int i = 0; i < nlists; i++) {
        f->status = lists[i];
        r->pages_total_before = r->pages_done;
        int rc = r->target->list(e, f, on_page, r, err);
        if (rc) {
            if (r->err.code) /* our own callback stopped the list: its message is the one to show */
                *err = r->err;
            return rc;
        }
    }
    return 0;
}

/* The engine, the file under a temporary name, and the writer of the chosen format. */
int export_open(export_cmd *x)
{
    struct run *run = &x->run;
    http_proto proto;
    if (x->target->engine_proto(&x->conn, &proto, &x->err) != 0 ||
        !(x->engine = http_engine_new(&x->conn, &proto, &x->err))) {
        ic_error("%s", x->err.msg);
        return x->err.code ? x->err.code : IC_EXIT_IO;
    }
    /* The file: a temporary name until everything is in it. */
    if (!(x->af = atomic_file_open(x->o.output, &x->err))) {
        ic_error("%s", x->err.msg);
        return x->err.code ? x->err.code : IC_EXIT_IO;
    }
    run->fmt = x->fmt;
    run->zone = x->o.zone;
    run->engine = x->engine;
    run->target = x->target;
    strmap_init(&run->text_ids);
    run->page_limit = x->o.page_limit ? x->o.page_limit : x->target->max_page_size;
    run->tty = isatty(STDERR_FILENO);
    run->started = run->last_line = time(NULL);
    switch (x->fmt) {
    case FMT_XLSX: {
        char filters[1024];
        export_filters_text(x, filters, sizeof filters);
        xlsx_export_opts xo = {.path = atomic_file_tmp_path(x->af),
                               .as_of_day = x->as_of_day,
                               .zone = x->o.zone,
                               .created = x->created,
                               .store = x->conn.store_hash,
                               .filters = filters};
        if (!(run->xlsx = xlsx_export_open(&xo, &x->err))) {
            ic_error("%s", x->err.msg);
            return x->err.code;
        }
        break;
    }
    case FMT_CSV: {
        export_csv_layout layout = {0};
        if (x->map)
            layout = export_map_layout(x->map);
        if (!(run->csv = export_csv_open(x->af->fp, x->as_of_day, x->o.zone,
                                         x->map ? &layout : NULL, !x->o.no_neutralise, &x->err))) {
            ic_error("%s", x->err.msg);
            return x->err.code;
        }
        break;
    }
    case FMT_JSON:
    case FMT_JSONL:
        run->json = export_json_open(x->af->fp, x->fmt == FMT_JSONL);
        break;
    }
    return 0;
}

/* Ends the writer: the workbook, CSV or JSON completed in its temporary file. */
static int finish_writer(struct run *run, ic_err *err)
{
    int rc = 0;
    switch (run->fmt) {
    case FMT_XLSX:
        rc = xlsx_export_finish(run->xlsx, err);
        run->xlsx = NULL;
        break;
    case FMT_CSV:
        rc = export_csv_finish(run->csv, err);
        run->csv = NULL;
        break;
    case FMT_JSON:
    case FMT_JSONL:
        rc = export_json_finish(run->json, err);
        run->json = NULL;
        break;
    }
    return rc;
}

/* The closing lines: duplicates, the error, or what was written and in which zone. */
static void say_outcome(const export_cmd *x, int rc)
{
    const struct run *run = &x->run;
    if (run->duplicates)
        ic_warn("the API listed %zu invoice%s more than once; each was written once",
                run->duplicates, run->duplicates == 1 ? "" : "s");
    if (rc == IC_EXIT_INTERRUPTED)
        ic_error("export interrupted: no file written");
    else if (rc)
        ic_error("%s", x->err.msg[0] ? x->err.msg : "export failed");
    else if (strcmp(x->o.output, "-") != 0)
        ic_info("exported %zu invoice%s to '%s'; dates in %s (%s)", run->written,
                run->written == 1 ? "" : "s", x->o.output, x->o.zone, x->zone_from);
    else
        ic_info("exported %zu invoice%s; dates in %s (%s)", run->written,
                run->written == 1 ? "" : "s", x->o.zone, x->zone_from);
}

int export_list(export_cmd *x)
{
    struct run *run = &x->run;
    cmd_signals_install(CMD_SIGNALS_ABORT, x->engine);
    http_set_tick(x->engine, on_tick, run);

    int rc = list_all(x->engine, &x->f, run, x->sc, &x->err);
    if (!rc && cmd_signals_received())
        rc = IC_EXIT_INTERRUPTED;
    progress(run, true);
    double t_finish = mono_now(), c_finish = thread_cpu_now();
    if (!rc)
        rc = finish_writer(run, &x->err);
    t_finish = mono_now() - t_finish;
    run->write_s += t_finish;
    run->write_cpu_s += thread_cpu_now() - c_finish;
    if (!rc && cmd_signals_received())
        rc = IC_EXIT_INTERRUPTED;
    if (!rc) {
        /* Verbose figures: the writer's own time, apart from the API's (bench/40_export.sh reads
         * it). */
        ic_verbose(
            "export: writer %.3f s, cpu %.3f s (finishing %.3f s), %zu of %zu invoices listed "
            "written",
            run->write_s, run->write_cpu_s, t_finish, run->written, run->seen);
        rc = atomic_file_commit(x->af, &x->err);
        x->af = NULL;
    }
    /* The writers say what failed ("cannot write the CSV: No space left on device"); the user wants
     * the file they asked for named, not a temporary one. */
    if (rc == IC_EXIT_IO && strncmp(x->err.msg, "cannot write the ", 17) == 0) {
        const char *why = strstr(x->err.msg, ": ");
        char tmp[IC_ERR_MSG_MAX];
        snprintf(tmp, sizeof tmp, "%s", why ? why + 2 : "write error");
        ic_err_set(&x->err, IC_EXIT_IO, "cannot write '%s': %s", x->o.output, tmp);
    }
    say_outcome(x, rc);
    return rc;
}

void export_run_release(struct run *r)
{
    idset_release(&r->ids);
    strmap_release(&r->text_ids);
    if (r->xlsx)
        xlsx_export_abort(r->xlsx);
    export_csv_free(r->csv);
    if (r->json)
        export_json_free(r->json);
}
