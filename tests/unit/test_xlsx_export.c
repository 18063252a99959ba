/* The export workbook, compared the way libxlsxwriter's own tests do: write a workbook from fixed
 * invoices with a fixed creation time, unzip each sheet's XML and compare it with
 * tests/golden/export/.  The golden files hold the XML with a line break between elements so a
 * difference reads well; UPDATE_GOLDEN=1 rewrites them (refused when CI is set).  Also: the same
 * input gives the same bytes, and the currency number formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "formats/xlsx_export.h"
#include "formats/xlsx_style.h"
#include "model/date.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char golden_dir[512];

static int64_t day(int y, int m, int d)
{
    return date_days_from_civil(y, m, d);
}

static void add_li(ic_invoice *inv, const char *sku, const char *desc, money_t q, money_t p,
                   bool has_d, money_t d)
{
    ic_line_item *li = invoice_add_line_item(inv);
    invoice_set_str(&li->sku, sku);
    invoice_set_str(&li->description, desc);
    li->quantity = q;
    li->unit_price = p;
    li->has_discount = has_d;
    li->unit_discount = d;
}

static void add_cl(ic_invoice *inv, const char *desc, money_t amount)
{
    ic_cost_line *cl = invoice_add_cost_line(inv);
    invoice_set_str(&cl->description, desc);
    cl->amount = amount;
}

static void make_invoice(ic_invoice *inv, int64_t id, const char *number, const char *cust,
                         const char *name, int status, const char *cur, money_t orig, money_t open,
                         int64_t issued_day, int64_t due_day)
{
    invoice_init(inv);
    inv->id = id;
    invoice_set_str(&inv->invoice_number, number);
    invoice_set_str(&inv->customer_id, cust);
    invoice_set_str(&inv->customer_name, name);
    inv->has_status = true;
    inv->status = status;
    snprintf(inv->currency, sizeof inv->currency, "%s", cur);
    inv->has_original_balance = inv->has_open_balance = true;
    inv->original_balance = orig;
    inv->open_balance = open;
    if (issued_day) {
        inv->has_issued_at = true;
        inv->issued_at = issued_day * 86400 + 3600;
    }
    if (due_day) {
        inv->has_due_date = true;
        inv->due_date = due_day * 86400 + 7200;
    }
}

/* Five invoices over three currencies, every status, due dates over the aging buckets as of
 * 2026-03-31. */
static void write_workbook(const char *path)
{
    ic_invoice inv[5];
    int64_t asof = day(2026, 3, 31);
    make_invoice(&inv[0], 101, "INV-001", "7", "Acme & Sons <Ltd>", 0, "USD", 1250000, 1250000,
                 day(2026, 3, 1), day(2026, 3, 31)); /* current */
    add_li(&inv[0], "SKU-1", "Widget \"pro\"", 20000, 500000, false, 0);
    add_li(&inv[0], "SKU-2", "=HYPERLINK(\"http://x\",\"y\")", 15000, 33333, true, 3333);
    add_cl(&inv[0], "Subtotal", 1045000);
    add_cl(&inv[0], "Freight", 205000);
    make_invoice(&inv[1], 102, "INV-002", "7", "Acme & Sons <Ltd>", 1, "USD", 3000000, 1000001,
                 day(2026, 1, 1), day(2026, 1, 30)); /* 60 days: 31-60 */
    invoice_set_str(&inv[1].purchase_order_number, "PO-9");
    invoice_set_str(&inv[1].order_number, "1234");
    invoice_set_str(&inv[1].external_id, "ERP-002");
    make_invoice(&inv[2], 103, "INV-003", "12", "Bäckerei Müller", 0, "EUR", 999900, 999900,
                 day(2025, 12, 1), day(2025, 12, 30)); /* 91 days: over 90 */
    add_li(&inv[2], "BRT", "Brötchen", 1000000, 9999, false, 0);
    make_invoice(&inv[3], 104, "INV-004", "12", "Bäckerei Müller", 2, "EUR", 50000, 0,
                 day(2026, 2, 1), day(2026, 2, 1)); /* completed: not in the aging */
    make_invoice(&inv[4], 105, "INV-005", "30", "東京商事", 0, "JPY", 123450000, 123450000,
                 day(2026, 2, 28), day(2026, 3, 30)); /* 1 day: 1-30 */
    add_li(&inv[4], "JP-1", "Tea", 30000, 41150000, false, 0);

    /* A '&' in the store must be doubled in the page header, where a single one starts a code. */
    xlsx_export_opts o = {.path = path,
                          .as_of_day = asof,
                          .zone = "UTC",
                          .created = 1767225600,
                          .store = "Müller & Söhne",
                          .filters = "status unpaid; due before 2026-04-01"};
    ic_err err = {0};
    xlsx_export *x = xlsx_export_open(&o, &err);
    assert_non_null(x);
    for (int i = 0; i < 5; i++)
        assert_int_equal(xlsx_export_add(x, &inv[i], &err), 0);
    assert_int_equal(xlsx_export_invoices(x), 5);
    assert_int_equal(xlsx_export_finish(x, &err), 0);
    for (int i = 0; i < 5; i++)
        invoice_release(&inv[i]);
}

/* The XML of one part of the zip, with a line break between elements. */
static char *unzip_part(const char *zip, const char *part)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", zip, part);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap);
    int c, prev = 0;
    while ((c = fgetc(p)) != EOF) {
        if (n + 3 >= cap)
            buf = xrealloc(buf, cap *= 2);
        if (prev == '>' && c == '<')
            buf[n++] = '\n';
        buf[n++] = (char)c;
        prev = c;
    }
    buf[n] = '\0';
    assert_int_equal(pclose(p), 0);
    return buf;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = xmalloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

static void compare_part(const char *zip, const char *part, const char *golden_name)
{
    char *actual = unzip_part(zip, part);
    char gpath[1024];
    snprintf(gpath, sizeof gpath, "%s/%s", golden_dir, golden_name);
    const char *upd = getenv("UPDATE_GOLDEN");
    if (upd && *upd == '1') {
        FILE *f = fopen(gpath, "wb");
        assert_non_null(f);
        fputs(actual, f);
        fputc('\n', f);
        fclose(f);
    }
    char *want = slurp(gpath);
    if (!want)
        fail_msg("no golden file '%s' (UPDATE_GOLDEN=1 writes it)", gpath);
    size_t wl = strlen(want);
    if (wl && want[wl - 1] == '\n')
        want[--wl] = '\0';
    if (strcmp(want, actual) != 0) {
        /* Show the first differing line of both. */
        const char *a = actual, *w = want;
        int line = 1;
        while (*a && *a == *w) {
            if (*a == '\n')
                line++;
            a++, w++;
        }
        while (a > actual && a[-1] != '\n')
            a--, w--;
        fail_msg("%s differs from %s at line %d:\n  want: %.200s\n  got:  %.200s", part, gpath,
                 line, w, a);
    }
    free(want);
    free(actual);
}

static void test_golden_sheets(void **state)
{
    (void)state;
    char path[] = "/tmp/test_xlsx_export_XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    write_workbook(path);
    /* Sheets in workbook order: Summary first (what an accountant reads first), Charts last. */
    compare_part(path, "xl/worksheets/sheet1.xml", "summary.xml");
    compare_part(path, "xl/worksheets/sheet2.xml", "invoices.xml");
    compare_part(path, "xl/worksheets/sheet3.xml", "line_items.xml");
    compare_part(path, "xl/worksheets/sheet4.xml", "cost_lines.xml");
    compare_part(path, "xl/worksheets/sheet5.xml", "aging.xml");
    compare_part(path, "xl/worksheets/sheet6.xml", "charts.xml");
    /* The first currency's bar of bucket totals, then its largest overdue balances. */
    compare_part(path, "xl/charts/chart1.xml", "chart1.xml");
    compare_part(path, "xl/charts/chart2.xml", "chart2.xml");
    compare_part(path, "xl/workbook.xml", "workbook.xml");
    compare_part(path, "docProps/core.xml", "core.xml");

    /* Reproducible: the same invoices and creation time give the same bytes. */
    char path2[] = "/tmp/test_xlsx_export_XXXXXX.xlsx";
    fd = mkstemps(path2, 5);
    assert_true(fd >= 0);
    close(fd);
    write_workbook(path2);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", path, path2);
    assert_int_equal(system(cmd), 0);
    unlink(path);
    unlink(path2);
}

static void test_currency_numfmt(void **state)
{
    (void)state;
    char buf[64];
    xlsx_currency_numfmt("USD", buf, sizeof buf);
    assert_string_equal(buf, "[$USD] #,##0.00");
    xlsx_currency_numfmt("JPY", buf, sizeof buf);
    assert_string_equal(buf, "[$JPY] #,##0");
    xlsx_currency_numfmt("KWD", buf, sizeof buf);
    assert_string_equal(buf, "[$KWD] #,##0.000");
    xlsx_currency_numfmt("", buf, sizeof buf);
    assert_string_equal(buf, "#,##0.00");
    xlsx_currency_numfmt("U\"D", buf, sizeof buf); /* never quoted into the format */
    assert_string_equal(buf, "#,##0.00");
}

/* Abort leaves no file and frees everything (the sanitizer build checks the freeing). */
static void test_abort(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_xlsx_abort_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[600];
    snprintf(path, sizeof path, "%s/out.xlsx", dir);
    xlsx_export_opts o = {.path = path, .as_of_day = day(2026, 1, 1), .created = 1};
    ic_err err = {0};
    xlsx_export *x = xlsx_export_open(&o, &err);
    assert_non_null(x);
    ic_invoice inv;
    make_invoice(&inv, 1, "A", "1", "N", 0, "USD", 1, 1, 0, 0);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(xlsx_export_add(x, &inv, &err), 0);
    invoice_release(&inv);
    xlsx_export_abort(x);
    assert_int_equal(access(path, F_OK), -1);
    rmdir(dir);
}

/* Dates as Excel reads them (1900 date system): 1900-01-01 is serial 1, not 2; Excel counts a
 * 1900-02-29 that never was (serial 60), so only from 1900-03-01 on is the serial the days since
 * 1899-12-30.  ERP exports use 1900-01-01 as "no date", so the first two months matter.  Read back
 * by openpyxl, which follows Excel; a day before 1900-01-01 has no serial and is written as text.
 */
static void test_old_dates_read_by_openpyxl(void **state)
{
    (void)state;
    char path[] = "/tmp/test_xlsx_dates_XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    static const int days[][3] = {{1900, 1, 1},   {1900, 1, 2}, {1900, 2, 28}, {1900, 3, 1},
                                  {1899, 12, 31}, {1970, 1, 2}, {2026, 3, 31}, {9999, 12, 31},
                                  {1900, 2, 27},  {1900, 3, 2}};
    size_t n = IC_ARRAY_LEN(days);
    xlsx_export_opts o = {.path = path, .as_of_day = day(2026, 3, 31), .zone = "UTC", .created = 1};
    ic_err err = {0};
    xlsx_export *x = xlsx_export_open(&o, &err);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++) {
        ic_invoice inv;
        char num[16];
        snprintf(num, sizeof num, "D%zu", i);
        int64_t d = day(days[i][0], days[i][1], days[i][2]);
        make_invoice(&inv, (int64_t)i + 1, num, "1", "N", 2, "USD", 100, 0, d, d);
        assert_int_equal(xlsx_export_add(x, &inv, &err), 0);
        invoice_release(&inv);
    }
    assert_int_equal(xlsx_export_finish(x, &err), 0);

    char cmd[1024];
    snprintf(
        cmd, sizeof cmd,
        "/usr/bin/python3 -c 'import openpyxl,sys,datetime\n"
        "ws = openpyxl.load_workbook(sys.argv[1])[\"Invoices\"]\n"
        "for r in ws.iter_rows(min_row=2, max_row=%zu, values_only=True):\n"
        "    for v in (r[7], r[8]):\n"
        "        print(v.date().isoformat() if isinstance(v, datetime.datetime) else \"text:\" + "
        "str(v))' '%s'",
        n + 1, path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[128];
    size_t got = 0;
    while (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n")] = '\0';
        assert_true(got / 2 < n);
        const int *want = days[got / 2];
        char expect[32];
        if (want[0] < 1900)
            snprintf(expect, sizeof expect, "text:%04d-%02d-%02d", want[0], want[1], want[2]);
        else
            snprintf(expect, sizeof expect, "%04d-%02d-%02d", want[0], want[1], want[2]);
        assert_string_equal(line, expect);
        got++;
    }
    assert_int_equal(pclose(p), 0);
    assert_int_equal(got, 2 * n);
    unlink(path);
}

int main(void)
{
    /* Golden files live beside this source: tests/unit/../golden/export. */
    const char *here = __FILE__;
    const char *slash = strrchr(here, '/');
    if (slash)
        snprintf(golden_dir, sizeof golden_dir, "%.*s/../golden/export", (int)(slash - here), here);
    else
        snprintf(golden_dir, sizeof golden_dir, "../golden/export");
    /* Golden files are expectations: in CI they are only compared, never rewritten. */
    const char *ci = getenv("CI"), *upd = getenv("UPDATE_GOLDEN");
    if (ci && *ci && upd && *upd) {
        fprintf(stderr, "UPDATE_GOLDEN is refused when CI is set: update golden files on a "
                        "workstation and review the diff\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_sheets),
        cmocka_unit_test(test_currency_numfmt),
        cmocka_unit_test(test_abort),
        cmocka_unit_test(test_old_dates_read_by_openpyxl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
