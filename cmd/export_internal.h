/* The parts of `invoicectl export` (cmd/export*.c): one run's state and the steps cmd_export takes
 * in order.  Each step returns 0 to go on or an ic_exit code after saying why; whatever a step made
 * is in export_cmd and released by cmd_export, however far the run got.
 */
#ifndef INVOICECTL_CMD_EXPORT_INTERNAL_H
#define INVOICECTL_CMD_EXPORT_INTERNAL_H

#include "api/connector.h"
#include "api/conn.h"
#include "api/http.h"
#include "formats/export_csv.h"
#include "formats/export_json.h"
#include "formats/xlsx_export.h"
#include "mapping/mapping.h"
#include "util/atomic_file.h"
#include "util/err.h"
#include "util/idset.h"
#include "util/strmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum out_format { FMT_XLSX, FMT_CSV, FMT_JSON, FMT_JSONL };

enum status_choice { ST_ALL, ST_OPEN, ST_PARTIAL, ST_COMPLETED, ST_UNPAID };

/* The options as given. */
struct export_opts {
    const char *output, *format, *map_path, *as_of, *zone, *status, *customer;
    const char *created_from, *created_to, *search, *search_by, *due_before, *due_after;
    bool no_neutralise;
    int page_limit;
};

/* What the page callback needs: the writer, the client-side filters, progress counters. */
struct run {
    idset ids;       /* every invoice id written: a page that repeats one is not written twice */
    strmap text_ids; /* the same for ids that are not numbers (read_doc leaves inv.id 0) */
    const ic_connector *target;
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

typedef struct export_cmd {
    struct export_opts o;
    /* The machine's zone is read before anything sets TZ (model/date switches it per zone). */
    char local_zone[256];
    bool local_known;
    const char *zone_from; /* where o.zone came from, for the closing line */
    api_conn_opts *co;
    api_conn conn;
    mapping *map;
    enum out_format fmt;
    enum status_choice sc;
    conn_filter f;
    const ic_connector *target; /* the target listed (api/connector.h) */
    int64_t created, as_of_day; /* the document time (SOURCE_DATE_EPOCH) and the aging day */
    http_engine *engine;
    atomic_file *af;
    struct run run;
    ic_err err;
} export_cmd;

/* export_setup.c: from the options to what to write, in which zone, with which filters. */
int export_choose_format(export_cmd *x);
int export_connect(export_cmd *x);
int export_choose_zone(export_cmd *x);
int export_filters(export_cmd *x);
int export_dates(export_cmd *x);
/* The filters as given, for the workbook's Summary ("status open; due before 2026-03-01"); "" for
 * none. */
void export_filters_text(const export_cmd *x, char *buf, size_t size);

/* export_run.c: the file and its writer, then the lists written into it. */
int export_open(export_cmd *x);
int export_list(export_cmd *x);
void export_run_release(struct run *r);

#endif
