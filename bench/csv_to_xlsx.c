/* Writes a CSV file as a one-sheet workbook with libxlsxwriter, for bench/50_xlsx_read.sh: numbers
 * as numbers, ISO dates as date cells (yyyy-mm-dd), everything else as text.  -i writes strings
 * inline (libxlsxwriter's constant_memory mode); without it they go to the shared strings table,
 * as Excel writes them.
 *
 *   csv_to_xlsx [-i] IN.csv OUT.xlsx
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

typedef struct conv {
    lxw_worksheet *ws;
    lxw_format *date;
    lxw_row_t row;
    lxw_col_t col;
} conv;

static int is_number(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (!*p || (p[0] == '0' && p[1] && p[1] != '.'))
        return 0; /* leading zeros stay text, as a careful user keeps them */
    int digits = 0, dot = 0;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p == '.' && !dot)
            dot = 1;
        else
            return 0;
    }
    return digits > 0;
}

static int is_date(const char *s, lxw_datetime *dt)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return 0;
    *dt = (lxw_datetime){y, m, d, 0, 0, 0};
    return 1;
}

static void on_field(void *f, size_t len, void *ctx)
{
    conv *c = ctx;
    char *s = malloc(len + 1);
    memcpy(s, f, len);
    s[len] = '\0';
    lxw_datetime dt;
    if (c->row && is_number(s))
        worksheet_write_number(c->ws, c->row, c->col, strtod(s, NULL), NULL);
    else if (c->row && is_date(s, &dt))
        worksheet_write_datetime(c->ws, c->row, c->col, &dt, c->date);
    else if (len)
        worksheet_write_string(c->ws, c->row, c->col, s, NULL);
    free(s);
    c->col++;
}

static void on_row(int term, void *ctx)
{
    (void)term;
    conv *c = ctx;
    c->row++;
    c->col = 0;
}

int main(int argc, char **argv)
{
    int inl = argc > 1 && strcmp(argv[1], "-i") == 0;
    if (argc != 3 + inl) {
        fprintf(stderr, "usage: csv_to_xlsx [-i] IN.csv OUT.xlsx\n");
        return 2;
    }
    FILE *in = fopen(argv[1 + inl], "rb");
    if (!in) {
        perror(argv[1 + inl]);
        return 1;
    }
    lxw_workbook_options opt = {.constant_memory = (uint8_t)inl, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(argv[2 + inl], &opt);
    conv c = {workbook_add_worksheet(wb, "Invoices"), workbook_add_format(wb), 0, 0};
    format_set_num_format(c.date, "yyyy-mm-dd");
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        csv_parse(&p, buf, n, on_field, on_row, &c);
    csv_fini(&p, on_field, on_row, &c);
    csv_free(&p);
    fclose(in);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
