/* export: from the options to what to write (the format), in which zone, with which filters, and
 * as of which day. */
#include "cmd/cmd.h"
#include "cmd/export_internal.h"
#include "formats/aging.h"
#include "model/date.h"
#include "util/common.h"
#include "util/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    static const char *const utc[] = {"UTC",       "Etc/UTC", "Etc/Universal",
                                      "Universal", "Zulu",    "Etc/Zulu"};
    bool ua = false, ub = false;
    for (size_t i = 0; i < IC_ARRAY_LEN(utc); i++) {
        ua = ua || strcmp(a, utc[i]) == 0;
        ub = ub || strcmp(b, utc[i]) == 0;
    }
    return strcmp(a, b) == 0 || (ua && ub);
}

/* The output format: --format, else the file's extension; and what goes with which. */
int export_choose_format(export_cmd *x)
{
    struct export_opts *op = &x->o;
    /* What to write. */
    enum out_format fmt = FMT_CSV;
    int rc;
    if (op->format) {
        if (parse_format(op->format, &fmt)) {
            rc = cmd_usage_error("export", "--format: '%s' is not one of xlsx, csv, json, jsonl",
                                 op->format);
            return rc;
        }
    } else if (strcmp(op->output, "-") != 0) {
        if (ends_with(op->output, ".xlsx"))
            fmt = FMT_XLSX;
        else if (ends_with(op->output, ".jsonl") || ends_with(op->output, ".ndjson"))
            fmt = FMT_JSONL;
        else if (ends_with(op->output, ".json"))
            fmt = FMT_JSON;
        else if (ends_with(op->output, ".csv") || ends_with(op->output, ".txt"))
            fmt = FMT_CSV;
        else {
            rc = cmd_usage_error("export",
                                 "cannot tell the format of '%s' from its name: use .xlsx, .csv, "
                                 ".json or .jsonl, or --format",
                                 op->output);
            return rc;
        }
    }
    if (fmt == FMT_XLSX && strcmp(op->output, "-") == 0) {
        rc =
            cmd_usage_error("export", "a workbook cannot go to standard output: give -o FILE.xlsx");
        return rc;
    }
    if (op->map_path && fmt != FMT_CSV) {
        rc = cmd_usage_error("export", "--map writes CSV: it does not apply to %s output",
                             fmt == FMT_XLSX ? "XLSX" : "JSON");
        return rc;
    }
    if (op->zone && !date_zone_valid(op->zone)) {
        rc = cmd_usage_error("export", "--timezone: '%s' is not a time zone known here", op->zone);
        return rc;
    }

    x->fmt = fmt;
    return 0;
}

/* The mapping (--map) and the connection. */
int export_connect(export_cmd *x)
{
    int rc = 0;
    if (x->o.map_path) {
        mapping_errors merrs;
        memset(&merrs, 0, sizeof merrs);
        x->map = mapping_load_all(x->o.map_path, &merrs, &x->err);
        if (!x->map) {
            rc = x->err.code;
            mapping_errors_log(&merrs); /* every independent error, not only the first */
        }
        mapping_errors_release(&merrs);
        if (!x->map)
            return rc;
    }
    if ((rc = api_conn_resolve(x->co, &x->conn, &x->err)))
        ic_error("%s", x->err.msg);
    if (!rc)
        x->target = connector_find(x->conn.target);
    return rc;
}

/* The zone every date is given and written in: stated, never UTC by accident. */
int export_choose_zone(export_cmd *x)
{
    if (!x->o.zone && x->conn.timezone) {
        x->o.zone = x->conn.timezone;
        x->zone_from = "the profile's timezone";
        if (!date_zone_valid(x->o.zone)) {
            return cmd_usage_error("export",
                                   "profile '%s': timezone '%s' is not a time zone known here",
                                   x->conn.profile ? x->conn.profile : "", x->o.zone);
        }
    } else if (!x->o.zone && x->map) {
        x->o.zone = mapping_timezone(x->map);
        x->zone_from = "the mapping's locale.timezone";
    } else if (!x->o.zone) {
        if (!x->local_known) {
            return cmd_usage_error(
                "export",
                "this machine's time zone ('%s') is not an IANA name known here: "
                "give --timezone ZONE",
                x->local_zone);
        }
        x->o.zone = x->local_zone;
        x->zone_from = "this machine's zone";
    }
    if (x->map && !same_zone(x->o.zone, mapping_timezone(x->map)))
        ic_warn("dates are written in %s (%s) but '%s' reads them in %s: imported back, a date "
                "may move by a day",
                x->o.zone, x->zone_from, x->o.map_path, mapping_timezone(x->map));

    return 0;
}

/* --status, and the filters: those the API applies and those applied here. */
int export_filters(export_cmd *x)
{
    x->sc = ST_ALL;
    int rc = 0;
    if (x->o.status) {
        static const struct {
            const char *w;
            enum status_choice s;
        } words[] = {{"all", ST_ALL},
                     {"open", ST_OPEN},
                     {"partial", ST_PARTIAL},
                     {"completed", ST_COMPLETED},
                     {"unpaid", ST_UNPAID}};
        size_t i = 0;
        while (i < IC_ARRAY_LEN(words) && strcasecmp(words[i].w, x->o.status) != 0)
            i++;
        if (i == IC_ARRAY_LEN(words)) {
            return cmd_usage_error(
                "export", "--status: '%s' is not one of open, partial, completed, unpaid, all",
                x->o.status);
        }
        x->sc = words[i].s;
    }
    conn_filter *f = &x->f;
    conn_filter_init(f);
    if (x->o.page_limit > x->target->max_page_size)
        return cmd_usage_error("export", "--page-size: '%d' is not a number from 1 to %d",
                               x->o.page_limit, x->target->max_page_size);
    if (x->o.search && !x->target->can_search)
        return cmd_usage_error("export", "--search: %s cannot search invoices", x->target->title);
    /* Oldest first: an invoice created while the export runs lands on the last page instead of
     * shifting every later page by one (which would list one invoice twice and skip another). */
    f->sort_field = "createdAt";
    f->sort_dir = "asc";
    f->page_limit = x->o.page_limit;
    f->customer_id = x->o.customer;
    /* APIs list extra fields only when asked; a mapping may read them back (extraFields). */
    f->include_extra_fields = x->o.map_path != NULL;
    if (x->o.search) {
        f->search_field = x->o.search_by;
        f->search = x->o.search;
    }
    int64_t t, day;
    if (x->o.created_from &&
        (rc = parse_day("created-from", x->o.created_from, x->o.zone, &t, NULL)) == 0)
        f->created_from = t;
    if (!rc && x->o.created_to &&
        (rc = parse_day("created-to", x->o.created_to, x->o.zone, NULL, &day)) == 0)
        f->created_to = end_of_day(day, x->o.zone);
    if (!rc && x->o.due_before &&
        (rc = parse_day("due-before", x->o.due_before, x->o.zone, NULL, &x->run.due_before_day)) ==
            0)
        x->run.due_before_set = true;
    if (!rc && x->o.due_after &&
        (rc = parse_day("due-after", x->o.due_after, x->o.zone, NULL, &x->run.due_after_day)) == 0)
        x->run.due_after_set = true;
    return rc;
}

/* The as-of day and the document time: SOURCE_DATE_EPOCH makes a workbook reproducible. */
int export_dates(export_cmd *x)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (errno || *end || v < 0) {
            return cmd_usage_error("export", "SOURCE_DATE_EPOCH: '%s' is not a unix time", sde);
        }
        x->created = v;
    }
    x->as_of_day = aging_day_of(x->created ? x->created : (int64_t)time(NULL), x->o.zone);
    /* The period of the plain progress lines written when stderr is not a terminal (a log, CI).
     * The engine ticks once a second, so 1 is the shortest period that means anything. */
    x->run.line_interval = 10;
    const char *pi = getenv("INVOICECTL_PROGRESS_INTERVAL");
    if (pi && *pi) {
        char *end;
        errno = 0;
        long v = strtol(pi, &end, 10);
        if (errno || *end || v < 1 || v > 86400) {
            return cmd_usage_error("export",
                                   "INVOICECTL_PROGRESS_INTERVAL: '%s' is not a number of seconds "
                                   "from 1 to 86400",
                                   pi);
        }
        x->run.line_interval = v;
    }
    if (x->o.as_of)
        return parse_day("as-of", x->o.as_of, x->o.zone, NULL, &x->as_of_day);
    return 0;
}

void export_filters_text(const export_cmd *x, char *buf, size_t size)
{
    const struct export_opts *o = &x->o;
    const struct {
        const char *label, *value;
    } parts[] = {{"status", o->status},
                 {"customer", o->customer},
                 {"created from", o->created_from},
                 {"created to", o->created_to},
                 {"search", o->search},
                 {"search by", o->search_by},
                 {"due before", o->due_before},
                 {"due after", o->due_after}};
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < IC_ARRAY_LEN(parts) && n < size; i++) {
        if (!parts[i].value || !*parts[i].value)
            continue;
        /* "search by" has a default: it is a filter only beside a search. */
        if (parts[i].value == o->search_by && !(o->search && *o->search))
            continue;
        int k =
            snprintf(buf + n, size - n, "%s%s %s", n ? "; " : "", parts[i].label, parts[i].value);
        if (k < 0)
            break;
        n += (size_t)k;
    }
}
