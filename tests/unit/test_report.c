/* Validation reports: format by extension, problem lines, invoice statuses and figures, the JSON
 * and CSV shapes, and the XLSX workbook's money cells. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "formats/report.h"
#include "util/common.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_format_from_path(void **state)
{
    (void)state;
    assert_int_equal(report_format_from_path("r.json"), REPORT_JSON);
    assert_int_equal(report_format_from_path("out/R.JSON"), REPORT_JSON);
    assert_int_equal(report_format_from_path("r.csv"), REPORT_CSV);
    assert_int_equal(report_format_from_path("r.xlsx"), REPORT_XLSX);
    assert_int_equal(report_format_from_path("-"), REPORT_JSON);
    assert_int_equal(report_format_from_path("r.txt"), -1);
    assert_int_equal(report_format_from_path("report"), -1);
    assert_int_equal(report_format_from_path("dir.json/report"), -1);
    assert_int_equal(report_format_from_path("r.xls"), -1);
}

static void test_problem_line(void **state)
{
    (void)state;
    char buf[256];
    ic_problem p = {SEV_ERROR,       (char *)"x.csv",           14,  (char *)"Due Date",
                    (char *)"INV-3", (char *)"expected a date", NULL};
    /* a workbook's place: the sheet after the file, the cell after "!" */
    ic_problem w = p;
    w.file = (char *)"book.xlsx";
    w.cell = (char *)"Invoices!C14";
    report_format_problem(&w, buf, sizeof buf);
    assert_string_equal(
        buf, "book.xlsx:Invoices!C14: error: column 'Due Date', invoice INV-3: expected a date");
    report_format_problem(&p, buf, sizeof buf);
    assert_string_equal(buf, "x.csv:14: error: column 'Due Date', invoice INV-3: expected a date");
    p.invoice = NULL;
    report_format_problem(&p, buf, sizeof buf);
    assert_string_equal(buf, "x.csv:14: error: column 'Due Date': expected a date");
    p.column = NULL;
    p.invoice = (char *)"INV-3";
    p.line = 0;
    p.severity = SEV_WARNING;
    report_format_problem(&p, buf, sizeof buf);
    assert_string_equal(buf, "x.csv: warning: invoice INV-3: expected a date");
    p.file = NULL;
    p.invoice = NULL;
    report_format_problem(&p, buf, sizeof buf);
    assert_string_equal(buf, "warning: expected a date");
    /* Truncation keeps a terminated string. */
    char small[12];
    report_format_problem(&p, small, sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1);
}

/* A batch of three invoices: valid, invalid, valid with a warning. */
static void make_batch(ic_batch *b)
{
    memset(b, 0, sizeof *b);
    b->csv_path = xstrdup("in.csv");
    b->rows = 4;
    b->n_invoices = 3;
    b->invoices = xcalloc(3, sizeof *b->invoices);
    static const char *const keys[] = {"A-1", "A-2", "A-3"};
    for (int i = 0; i < 3; i++) {
        ic_invoice *inv = &b->invoices[i];
        invoice_init(inv);
        inv->key = xstrdup(keys[i]);
        invoice_set_str(&inv->invoice_number, keys[i]);
        memcpy(inv->currency, i == 2 ? "EUR" : "USD", 4);
        inv->first_line = 2 + i;
        inv->valid = i != 1;
        invoice_add_record(inv, (size_t)i);
        ic_line_item *li = invoice_add_line_item(inv);
        li->sku = xstrdup("SKU-1");
        li->quantity = 3 * MONEY_SCALE;
        li->unit_price = 12345; /* 1.2345 */
        inv->has_original_balance = true;
        inv->original_balance = 50000; /* 5.0000: costs are 5 - 3.7035 = 1.2965 */
    }
    b->n_valid = 2;
    b->n_invalid = 1;
    b->n_warned = 1;
    problem_list_init(&b->problems, 0);
    problem_add(&b->problems, SEV_ERROR, "in.csv", 3, "Due Date", "A-2", "=HYPERLINK(\"x\") %s",
                "bad");
    problem_add(&b->problems, SEV_WARNING, "in.csv", 4, NULL, "A-3", "open above original");
}

static void test_statuses_and_figures(void **state)
{
    (void)state;
    ic_batch b;
    make_batch(&b);
    enum report_status *st = report_statuses(&b);
    assert_int_equal(st[0], REPORT_VALID);
    assert_int_equal(st[1], REPORT_INVALID);
    assert_int_equal(st[2], REPORT_WARNING);
    assert_string_equal(report_status_word(st[2]), "warning");
    free(st);
    report_figures f;
    report_invoice_figures(&b.invoices[0], &f);
    assert_true(f.has_subtotal && f.has_total && f.has_costs);
    assert_int_equal(f.subtotal, 37035);
    assert_int_equal(f.costs, 12965);
    assert_int_equal(f.total, 50000);
    b.invoices[0].has_original_balance = false;
    report_invoice_figures(&b.invoices[0], &f);
    assert_false(f.has_total);
    assert_false(f.has_costs);
    assert_int_equal(report_omitted(&b), 0);
    /* A batch read without keeping invoices lists none. */
    ic_invoice *keep = b.invoices;
    b.invoices = NULL;
    assert_int_equal(report_listed_invoices(&b), 0);
    assert_null(report_statuses(&b));
    b.invoices = keep;
    batch_release(&b);
}

static char *slurp(FILE *fp)
{
    long n = ftell(fp);
    rewind(fp);
    char *s = xmalloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, fp);
    s[got] = '\0';
    return s;
}

static void test_json_shape(void **state)
{
    (void)state;
    ic_batch b;
    make_batch(&b);
    FILE *fp = tmpfile();
    ic_err err;
    ic_err_clear(&err);
    assert_int_equal(report_write_json(fp, &b, "m.json", &err), 0);
    char *text = slurp(fp);
    fclose(fp);
    cJSON *j = cJSON_Parse(text);
    assert_non_null(j);
    assert_int_equal(cJSON_GetObjectItem(j, "version")->valueint, 1);
    assert_string_equal(cJSON_GetObjectItem(j, "file")->valuestring, "in.csv");
    assert_string_equal(cJSON_GetObjectItem(j, "mapping")->valuestring, "m.json");
    cJSON *sum = cJSON_GetObjectItem(j, "summary");
    assert_int_equal(cJSON_GetObjectItem(sum, "invoices")->valueint, 3);
    assert_int_equal(cJSON_GetObjectItem(sum, "errors")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItem(sum, "warnings")->valueint, 1);
    cJSON *inv = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "invoices"), 0);
    assert_string_equal(cJSON_GetObjectItem(inv, "subtotal")->valuestring, "3.7035");
    assert_string_equal(cJSON_GetObjectItem(inv, "costs")->valuestring, "1.2965");
    assert_string_equal(cJSON_GetObjectItem(inv, "total")->valuestring, "5.0000");
    assert_string_equal(cJSON_GetObjectItem(inv, "status")->valuestring, "valid");
    cJSON *p = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "problems"), 1);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(p, "column")));
    assert_string_equal(cJSON_GetObjectItem(p, "severity")->valuestring, "warning");
    /* One invoice per line, so the file diffs well. */
    assert_non_null(strstr(text, "\n{\"key\":\"A-2\""));
    cJSON_Delete(j);
    free(text);
    batch_release(&b);
}

static void test_csv_neutralised(void **state)
{
    (void)state;
    ic_batch b;
    make_batch(&b);
    FILE *fp = tmpfile();
    ic_err err;
    ic_err_clear(&err);
    assert_int_equal(report_write_csv(fp, &b, &err), 0);
    char *text = slurp(fp);
    fclose(fp);
    assert_non_null(strstr(text, "severity,file,line,column,invoice,message\r\n"));
    /* The message that looks like a formula is written as text. */
    assert_non_null(strstr(text, "error,in.csv,3,Due Date,A-2,\"'=HYPERLINK(\"\"x\"\") bad\"\r\n"));
    assert_non_null(strstr(text, "warning,in.csv,4,,A-3,open above original\r\n"));
    free(text);
    batch_release(&b);
}

static void test_xlsx_writes(void **state)
{
    (void)state;
    ic_batch b;
    make_batch(&b);
    char path[] = "/tmp/test_report_XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    ic_err err;
    ic_err_clear(&err);
    assert_int_equal(report_write_xlsx(path, &b, "m.json", &err), 0);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char magic[2] = {0, 0};
    assert_int_equal(fread(magic, 1, 2, fp), 2);
    fclose(fp);
    assert_memory_equal(magic, "PK", 2); /* a zip container */
    unlink(path);
    /* An unwritable place is an error, not a crash. */
    assert_int_not_equal(report_write_xlsx("/nonexistent-dir/r.xlsx", &b, NULL, &err), 0);
    batch_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_from_path),     cmocka_unit_test(test_problem_line),
        cmocka_unit_test(test_statuses_and_figures), cmocka_unit_test(test_json_shape),
        cmocka_unit_test(test_csv_neutralised),      cmocka_unit_test(test_xlsx_writes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
