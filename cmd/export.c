/* `invoicectl export`: lists invoices from the API (pages in parallel, delivered in order) and
 * streams them into an XLSX workbook, a CSV (the Invoices columns or a mapping's layout) or JSON /
 * JSON Lines.  The file appears under its final name only when complete (util/atomic_file); an
 * interrupt or an API failure leaves none. */
#include "api/b2b.h"
#include "api/b2b_json.h"
#include "api/conn.h"
#include "api/http.h"
#include "cmd/cmd.h"
#include "formats/aging.h"
#include "formats/export_csv.h"
#include "formats/export_json.h"
#include "formats/xlsx_export.h"
#include "mapping/mapping.h"
#include "model/date.h"
#include "util/atomic_file.h"
#include "util/clock.h"
#include "util/common.h"
#include "util/idset.h"
#include "util/err.h"
#include "util/log.h"

#include <errno.h>
#include <inttypes.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

enum out_format { FMT_XLSX, FMT_CSV, FMT_JSON, FMT_JSONL };

enum status_choice { ST_ALL, ST_OPEN, ST_PARTIAL, ST_COMPLETED, ST_UNPAID };

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: invoicectl export [-o FILE.xlsx|FILE.csv|FILE.json|FILE.jsonl|-] [options]\n"
        "\n"
        "List invoices from the API into a workbook, a CSV or JSON.  The file appears under its "
        "name\n"
        "only when complete: an interrupted export leaves none.\n"
        "\n"
        "output:\n"
        "  -o, --output FILE     .xlsx, .csv, .json or .jsonl; '-' (the default) writes CSV to\n"
        "                        standard output\n"
        "  --format FMT          xlsx, csv, json or jsonl, whatever the file name says\n"
        "  --map MAP             CSV in the layout of mapping file MAP (one row per line item), so "
        "that\n"
        "                        'invoicectl import -m MAP' reads it back unchanged\n"
        "  --no-neutralise       write CSV text cells exactly, even those starting with = + - @\n"
        "  --as-of DATE          days past due and aging as of DATE (default: today, or the day "
        "of\n"
        "                        SOURCE_DATE_EPOCH when set)\n"
        "  --timezone ZONE       the zone of every date given and written (default: the\n"
        "                        profile's \"timezone\", else with --map the mapping's, else\n"
        "                        this machine's zone)\n"
        "\n"
        "filters sent to the API:\n"
        "  --status WORD         open, partial, completed, unpaid (open or partial: two lists) or "
        "all\n"
        "                        (default)\n"
        "  --customer ID         one customer (B2B company id)\n"
        "  --created-from DATE   created on or after DATE (YYYY-MM-DD)\n"
        "  --created-to DATE     created on or before DATE\n"
        "  --search TEXT         the API's keyword search, on --search-by FIELD (default\n"
        "                        invoiceNumber; also type, orderNumber, purchaseOrderNumber,\n"
        "                        customerId, externalCustomerId)\n"
        "filters applied here (the API has none):\n"
        "  --due-before DATE     due strictly before DATE (invoices without a due date are left "
        "out)\n"
        "  --due-after DATE      due strictly after DATE\n"
        "\n"
        "%s"
        "  --page-size N        invoices per page (default and at most 250)\n"
        "\n"
        "Progress (pages, invoices, ETA) goes to standard error: one updating line on a terminal,\n"
        "otherwise a plain line every 10 seconds (INVOICECTL_PROGRESS_INTERVAL=SECONDS changes\n"
        "that period), none with -q.\n"
        "exit codes: 0 done, 2 usage or configuration error, 3 I/O or API failure, 4 interrupted\n",
        api_conn_usage);
}

enum {
    OPT_FORMAT = 1,
    OPT_MAP,
    OPT_NO_NEUTRALISE,
    OPT_AS_OF,
    OPT_TIMEZONE,
    OPT_STATUS,
    OPT_CUSTOMER,
    OPT_CREATED_FROM,
    OPT_CREATED_TO,
    OPT_SEARCH,
    OPT_SEARCH_BY,
    OPT_DUE_BEFORE,
    OPT_DUE_AFTER,
    OPT_PAGE_SIZE,
};

static const struct option own_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"map", required_argument, NULL, OPT_MAP},
    {"no-neutralise", no_argument, NULL, OPT_NO_NEUTRALISE},
    {"no-neutralize", no_argument, NULL, OPT_NO_NEUTRALISE},
    {"as-of", required_argument, NULL, OPT_AS_OF},
    {"timezone", required_argument, NULL, OPT_TIMEZONE},
    {"status", required_argument, NULL, OPT_STATUS},
    {"customer", required_argument, NULL, OPT_CUSTOMER},
    {"created-from", required_argument, NULL, OPT_CREATED_FROM},
    {"created-to", required_argument, NULL, OPT_CREATED_TO},
    {"search", required_argument, NULL, OPT_SEARCH},
    {"search-by", required_argument, NULL, OPT_SEARCH_BY},
    {"due-before", required_argument, NULL, OPT_DUE_BEFORE},
    {"due-after", required_argument, NULL, OPT_DUE_AFTER},
    {"page-size", required_argument, NULL, OPT_PAGE_SIZE},
    CMD_LOG_LONGOPTS,
};

/* What the page callback needs: the writer, the client-side filters, progress counters. */
struct run {
    idset ids;         /* every invoice id written: a page that repeats one is not written twice */
    size_t duplicates; /* invoices the API listed more than once */
    enum out_format fmt;
    xlsx_export *xlsx;
    export_csv *csv;
    export_json *json;
    const char *zone;
    bool due_before_set, due_after_set;
    int64_t due_before_day, due_after_day;
    bool only_unpaid; /* a safety net for the two unpaid lists */
    /* progress */
    http_engine *engine;
    size_t pages_done, pages_total, pages_total_before; /* totals of finished lists */
    size_t seen, written;
    int page_limit;
    bool tty;
    long line_interval; /* seconds between plain lines when stderr is not a terminal */
    time_t started, last_line;
    /* Time spent in the writer (workbook cells, CSV, JSON), for -v and benchmarks; the CPU time is
     * steady when the API shares the machine. */
    double write_s, write_cpu_s;
    ic_err err;
};

static volatile sig_atomic_t interrupted;
static http_engine *volatile signal_engine;

static void on_signal(int sig)
{
    (void)sig;
    if (interrupted) {
        /* A second signal: leave at once, without the temporary file. */
        atomic_file_cleanup_on_signal();
        _exit(IC_EXIT_INTERRUPTED);
    }
    interrupted = 1;
    if (signal_engine)
        http_engine_stop(signal_engine);
}

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
    if (r->pages_done == 0 || offset == 0) {
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
        rc = b2b_invoice_from_json(obj, &inv, &r->err);
        if (!rc && !inv.has_issued_at && inv.created_at) {
            /* B2B Edition keeps a create's issuedAt as the invoice's createdAt and answers with
             * that only: it is the issue date every writer (and a mapping's reverse) should see. */
            inv.has_issued_at = true;
            inv.issued_at = inv.created_at;
        }
        if (rc) {
            ic_err_prefix(&r->err, "invoice at offset %zu", offset + i);
        } else if (!idset_add(&r->ids, inv.id)) {
            r->duplicates++; /* pages shifted under a concurrent write, or a broken server */
            ic_verbose("invoice %" PRId64 " was listed twice; written once", inv.id);
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
        invoice_free(&inv);
        r->seen++;
        i++;
        if (rc)
            return rc;
    }
    r->pages_done++;
    if (interrupted)
        return IC_EXIT_INTERRUPTED;
    return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int parse_format(const char *s, enum out_format *f)
{
    static const struct {
        const char *name;
        enum out_format fmt;
    } names[] = {{"xlsx", FMT_XLSX}, {"csv", FMT_CSV}, {"json", FMT_JSON}, {"jsonl", FMT_JSONL}};
    for (size_t i = 0; i < IC_ARRAY_LEN(names); i++)
        if (strcasecmp(s, names[i].name) == 0) {
            *f = names[i].fmt;
            return 0;
        }
    return -1;
}

/* A YYYY-MM-DD date: midnight in zone (*t) and its civil day number (*day). */
static int parse_day(const char *opt, const char *s, const char *zone, int64_t *t, int64_t *day)
{
    int64_t v;
    enum date_status st = date_parse(s, strlen(s), "%Y-%m-%d", zone, &v);
    if (st != DATE_OK) {
        char why[128];
        return cmd_usage_error("export", "--%s: '%s' is not a date: %s", opt, s,
                               date_strerror(st, "%Y-%m-%d", why, sizeof why));
    }
    if (t)
        *t = v;
    if (day)
        *day = aging_day_of(v, zone);
    return 0;
}

/* The last second of a civil day in zone: midnight of the next day, minus one. */
static int64_t end_of_day(int64_t day, const char *zone)
{
    int y, m, d;
    date_civil_from_days(day + 1, &y, &m, &d);
    char buf[16];
    int n = snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    int64_t next = 0;
    if (date_parse(buf, (size_t)n, "%Y-%m-%d", zone, &next) != DATE_OK)
        next = (day + 1) * 86400;
    return next - 1;
}

/* Two names of one zone as far as dates go: equal, or both UTC. */
static bool same_zone(const char *a, const char *b)
{
    static const char *const utc[] = {"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Zulu",
                                      "Etc/Zulu"};
    bool ua = false, ub = false;
    for (size_t i = 0; i < IC_ARRAY_LEN(utc); i++) {
        ua = ua || strcmp(a, utc[i]) == 0;
        ub = ub || strcmp(b, utc[i]) == 0;
    }
    return strcmp(a, b) == 0 || (ua && ub);
}

struct opts {
    const char *output, *format, *map_path, *as_of, *zone, *status, *customer;
    const char *created_from, *created_to, *search, *search_by, *due_before, *due_after;
    bool no_neutralise;
    int page_limit;
};

static int parse_args(int argc, char **argv, struct opts *o, api_conn_opts *co, ic_err *err)
{
    struct option longopts[IC_ARRAY_LEN(own_options) + API_CONN_NOPTS + 1];
    memcpy(longopts, own_options, sizeof own_options);
    memcpy(longopts + IC_ARRAY_LEN(own_options), api_conn_long_options,
           (API_CONN_NOPTS + 1) * sizeof *longopts);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h" CMD_LOG_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o->output = optarg;
            break;
        case 'h':
            usage(stdout);
            return -1;
        case 'v':
        case 'q':
            cmd_log_option(c);
            break;
        case OPT_FORMAT:
            o->format = optarg;
            break;
        case OPT_MAP:
            o->map_path = optarg;
            break;
        case OPT_NO_NEUTRALISE:
            o->no_neutralise = true;
            break;
        case OPT_AS_OF:
            o->as_of = optarg;
            break;
        case OPT_TIMEZONE:
            o->zone = optarg;
            break;
        case OPT_STATUS:
            o->status = optarg;
            break;
        case OPT_CUSTOMER:
            o->customer = optarg;
            break;
        case OPT_CREATED_FROM:
            o->created_from = optarg;
            break;
        case OPT_CREATED_TO:
            o->created_to = optarg;
            break;
        case OPT_SEARCH:
            o->search = optarg;
            break;
        case OPT_SEARCH_BY:
            o->search_by = optarg;
            break;
        case OPT_DUE_BEFORE:
            o->due_before = optarg;
            break;
        case OPT_DUE_AFTER:
            o->due_after = optarg;
            break;
        case OPT_PAGE_SIZE: {
            char *end;
            errno = 0;
            long v = strtol(optarg, &end, 10);
            if (errno || *end || v < 1 || v > B2B_PAGE_LIMIT)
                return cmd_usage_error("export", "--page-size: '%s' is not a number from 1 to %d",
                                       optarg, B2B_PAGE_LIMIT);
            o->page_limit = (int)v;
            break;
        }
        case ':':
            return cmd_usage_error("export", "option '%s' needs a value", argv[optind - 1]);
        case '?':
            return cmd_usage_error("export", "unknown option '%s'", argv[optind - 1]);
        default: {
            int rc = api_conn_opts_take(co, c, optarg, err);
            if (rc == 1)
                break;
            if (rc == 0)
                return cmd_usage_error("export", "unknown option '%s'", argv[optind - 1]);
            return cmd_usage_error("export", "%s", err->msg);
        }
        }
    }
    if (optind < argc)
        return cmd_usage_error("export", "unexpected argument '%s'", argv[optind]);
    return 0;
}

static int list_all(http_engine *e, b2b_filter *f, struct run *r, enum status_choice sc,
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
        int rc = b2b_list_invoices(e, f, on_page, r, err);
        if (rc) {
            if (r->err.code) /* our own callback stopped the list: its message is the one to show */
                *err = r->err;
            return rc;
        }
    }
    return 0;
}

int cmd_export(int argc, char **argv)
{
    struct opts o = {.output = "-", .search_by = "invoiceNumber"};
    /* The machine's zone is read before anything sets TZ (model/date switches it per zone). */
    char local_zone[256];
    bool local_known = date_local_zone(local_zone, sizeof local_zone);
    const char *zone_from = "--timezone";
    ic_err err = {0};
    api_conn conn = {0};
    api_conn_opts *co = api_conn_opts_new();
    http_engine *engine = NULL;
    mapping *map = NULL;
    atomic_file *af = NULL;
    struct run run = {0};
    struct sigaction old_int, old_term;
    bool handlers = false;
    int rc = parse_args(argc, argv, &o, co, &err);
    if (rc) {
        rc = rc < 0 ? 0 : rc;
        goto out;
    }

    /* What to write. */
    enum out_format fmt = FMT_CSV;
    if (o.format) {
        if (parse_format(o.format, &fmt)) {
            rc = cmd_usage_error("export", "--format: '%s' is not one of xlsx, csv, json, jsonl",
                                 o.format);
            goto out;
        }
    } else if (strcmp(o.output, "-") != 0) {
        if (ends_with(o.output, ".xlsx"))
            fmt = FMT_XLSX;
        else if (ends_with(o.output, ".jsonl") || ends_with(o.output, ".ndjson"))
            fmt = FMT_JSONL;
        else if (ends_with(o.output, ".json"))
            fmt = FMT_JSON;
        else if (ends_with(o.output, ".csv") || ends_with(o.output, ".txt"))
            fmt = FMT_CSV;
        else {
            rc = cmd_usage_error("export",
                                 "cannot tell the format of '%s' from its name: use .xlsx, .csv, "
                                 ".json or .jsonl, or --format",
                                 o.output);
            goto out;
        }
    }
    if (fmt == FMT_XLSX && strcmp(o.output, "-") == 0) {
        rc =
            cmd_usage_error("export", "a workbook cannot go to standard output: give -o FILE.xlsx");
        goto out;
    }
    if (o.map_path && fmt != FMT_CSV) {
        rc = cmd_usage_error("export", "--map writes CSV: it does not apply to %s output",
                             fmt == FMT_XLSX ? "XLSX" : "JSON");
        goto out;
    }
    if (o.zone && !date_zone_valid(o.zone)) {
        rc = cmd_usage_error("export", "--timezone: '%s' is not a time zone known here", o.zone);
        goto out;
    }

    if (o.map_path) {
        mapping_errors merrs;
        memset(&merrs, 0, sizeof merrs);
        map = mapping_load_all(o.map_path, &merrs, &err);
        if (!map) {
            rc = err.code;
            mapping_errors_log(&merrs); /* every independent error, not only the first */
        }
        mapping_errors_free(&merrs);
        if (!map)
            goto out;
    }
    if ((rc = api_conn_resolve(co, &conn, &err))) {
        ic_error("%s", err.msg);
        goto out;
    }

    /* The zone every date is given and written in: stated, never UTC by accident. */
    if (!o.zone && conn.timezone) {
        o.zone = conn.timezone;
        zone_from = "the profile's timezone";
        if (!date_zone_valid(o.zone)) {
            rc = cmd_usage_error("export",
                                 "profile '%s': timezone '%s' is not a time zone known here",
                                 conn.profile ? conn.profile : "", o.zone);
            goto out;
        }
    } else if (!o.zone && map) {
        o.zone = mapping_timezone(map);
        zone_from = "the mapping's locale.timezone";
    } else if (!o.zone) {
        if (!local_known) {
            rc = cmd_usage_error("export",
                                 "this machine's time zone ('%s') is not an IANA name known here: "
                                 "give --timezone ZONE",
                                 local_zone);
            goto out;
        }
        o.zone = local_zone;
        zone_from = "this machine's zone";
    }
    if (map && !same_zone(o.zone, mapping_timezone(map)))
        ic_warn("dates are written in %s (%s) but '%s' reads them in %s: imported back, a date "
                "may move by a day",
                o.zone, zone_from, o.map_path, mapping_timezone(map));

    /* Filters. */
    enum status_choice sc = ST_ALL;
    if (o.status) {
        static const struct {
            const char *w;
            enum status_choice s;
        } words[] = {{"all", ST_ALL},
                     {"open", ST_OPEN},
                     {"partial", ST_PARTIAL},
                     {"completed", ST_COMPLETED},
                     {"unpaid", ST_UNPAID}};
        size_t i = 0;
        while (i < IC_ARRAY_LEN(words) && strcasecmp(words[i].w, o.status) != 0)
            i++;
        if (i == IC_ARRAY_LEN(words)) {
            rc = cmd_usage_error(
                "export", "--status: '%s' is not one of open, partial, completed, unpaid, all",
                o.status);
            goto out;
        }
        sc = words[i].s;
    }
    b2b_filter f;
    b2b_filter_init(&f);
    /* Oldest first: an invoice created while the export runs lands on the last page instead of
     * shifting every later page by one (which would list one invoice twice and skip another). */
    f.sort_by = "createdAt";
    f.order_by = "ASC";
    f.page_limit = o.page_limit;
    f.customer_id = o.customer;
    /* The API lists extra fields only when asked; a mapping may read them back (extraFields). */
    f.include_extra_fields = o.map_path != NULL;
    if (o.search) {
        f.search_by = o.search_by;
        f.q = o.search;
    }
    int64_t t, day;
    if (o.created_from && (rc = parse_day("created-from", o.created_from, o.zone, &t, NULL)) == 0)
        f.begin_date_at = t;
    if (!rc && o.created_to &&
        (rc = parse_day("created-to", o.created_to, o.zone, NULL, &day)) == 0)
        f.end_date_at = end_of_day(day, o.zone);
    if (!rc && o.due_before &&
        (rc = parse_day("due-before", o.due_before, o.zone, NULL, &run.due_before_day)) == 0)
        run.due_before_set = true;
    if (!rc && o.due_after &&
        (rc = parse_day("due-after", o.due_after, o.zone, NULL, &run.due_after_day)) == 0)
        run.due_after_set = true;
    if (rc)
        goto out;

    /* The as-of day and the document time: SOURCE_DATE_EPOCH makes a workbook reproducible. */
    int64_t created = 0, as_of_day;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (errno || *end || v < 0) {
            rc = cmd_usage_error("export", "SOURCE_DATE_EPOCH: '%s' is not a unix time", sde);
            goto out;
        }
        created = v;
    }
    as_of_day = aging_day_of(created ? created : (int64_t)time(NULL), o.zone);
    /* The period of the plain progress lines written when stderr is not a terminal (a log, CI).
     * The engine ticks once a second, so 1 is the shortest period that means anything. */
    run.line_interval = 10;
    const char *pi = getenv("INVOICECTL_PROGRESS_INTERVAL");
    if (pi && *pi) {
        char *end;
        errno = 0;
        long v = strtol(pi, &end, 10);
        if (errno || *end || v < 1 || v > 86400) {
            rc = cmd_usage_error("export",
                                 "INVOICECTL_PROGRESS_INTERVAL: '%s' is not a number of seconds "
                                 "from 1 to 86400",
                                 pi);
            goto out;
        }
        run.line_interval = v;
    }
    if (o.as_of && (rc = parse_day("as-of", o.as_of, o.zone, NULL, &as_of_day)))
        goto out;

    if (!(engine = http_engine_new(&conn, &err))) {
        rc = err.code ? err.code : IC_EXIT_IO;
        ic_error("%s", err.msg);
        goto out;
    }

    /* The file: a temporary name until everything is in it. */
    if (!(af = atomic_file_open(o.output, &err))) {
        rc = err.code ? err.code : IC_EXIT_IO;
        ic_error("%s", err.msg);
        goto out;
    }
    run.fmt = fmt;
    run.zone = o.zone;
    run.engine = engine;
    run.page_limit = o.page_limit ? o.page_limit : B2B_PAGE_LIMIT;
    run.tty = isatty(STDERR_FILENO);
    run.started = run.last_line = time(NULL);
    switch (fmt) {
    case FMT_XLSX: {
        xlsx_export_opts xo = {.path = atomic_file_tmp_path(af),
                               .as_of_day = as_of_day,
                               .zone = o.zone,
                               .created = created};
        if (!(run.xlsx = xlsx_export_open(&xo, &err))) {
            rc = err.code;
            ic_error("%s", err.msg);
            goto out;
        }
        break;
    }
    case FMT_CSV:
        if (!(run.csv = export_csv_open(af->fp, as_of_day, o.zone, map, !o.no_neutralise, &err))) {
            rc = err.code;
            ic_error("%s", err.msg);
            goto out;
        }
        break;
    case FMT_JSON:
    case FMT_JSONL:
        run.json = export_json_open(af->fp, fmt == FMT_JSONL);
        break;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    signal_engine = engine;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    handlers = true;
    http_set_tick(engine, on_tick, &run);

    rc = list_all(engine, &f, &run, sc, &err);
    if (!rc && interrupted)
        rc = IC_EXIT_INTERRUPTED;
    progress(&run, true);
    double t_finish = mono_now(), c_finish = thread_cpu_now();
    if (!rc) {
        switch (fmt) {
        case FMT_XLSX:
            rc = xlsx_export_finish(run.xlsx, &err);
            run.xlsx = NULL;
            break;
        case FMT_CSV:
            rc = export_csv_finish(run.csv, &err);
            run.csv = NULL;
            break;
        case FMT_JSON:
        case FMT_JSONL:
            rc = export_json_finish(run.json, &err);
            run.json = NULL;
            break;
        }
    }
    t_finish = mono_now() - t_finish;
    run.write_s += t_finish;
    run.write_cpu_s += thread_cpu_now() - c_finish;
    if (!rc && interrupted)
        rc = IC_EXIT_INTERRUPTED;
    if (!rc) {
        /* Verbose figures: the writer's own time, apart from the API's (bench/40_export.sh reads
         * it). */
        ic_verbose(
            "export: writer %.3f s, cpu %.3f s (finishing %.3f s), %zu of %zu invoices listed "
            "written",
            run.write_s, run.write_cpu_s, t_finish, run.written, run.seen);
        rc = atomic_file_commit(af, &err);
        af = NULL;
    }
    /* The writers say what failed ("cannot write the CSV: No space left on device"); the user wants
     * the file they asked for named, not a temporary one. */
    if (rc == IC_EXIT_IO && strncmp(err.msg, "cannot write the ", 17) == 0) {
        const char *why = strstr(err.msg, ": ");
        char tmp[IC_ERR_MSG_MAX];
        snprintf(tmp, sizeof tmp, "%s", why ? why + 2 : "write error");
        ic_err_set(&err, IC_EXIT_IO, "cannot write '%s': %s", o.output, tmp);
    }
    if (run.duplicates)
        ic_warn("the API listed %zu invoice%s more than once; each was written once",
                run.duplicates, run.duplicates == 1 ? "" : "s");
    if (rc == IC_EXIT_INTERRUPTED)
        ic_error("export interrupted: no file written");
    else if (rc)
        ic_error("%s", err.msg[0] ? err.msg : "export failed");
    else if (strcmp(o.output, "-") != 0)
        ic_info("exported %zu invoice%s to '%s'; dates in %s (%s)", run.written,
                run.written == 1 ? "" : "s", o.output, o.zone, zone_from);
    else
        ic_info("exported %zu invoice%s; dates in %s (%s)", run.written,
                run.written == 1 ? "" : "s", o.zone, zone_from);
out:
    idset_free(&run.ids);
    if (run.xlsx)
        xlsx_export_abort(run.xlsx);
    export_csv_free(run.csv);
    if (run.json)
        export_json_free(run.json);
    if (af)
        atomic_file_abort(af);
    if (handlers) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        signal_engine = NULL;
    }
    http_engine_free(engine);
    mapping_free(map);
    api_conn_free(&conn);
    api_conn_opts_free(co);
    return rc;
}
