/* The parts of the export workbook writer (formats/xlsx_export.h) shared by its files; nothing
 * outside formats/xlsx_*.c includes this.
 *
 *   xlsx_export.c   opening, the streamed data sheets (Invoices, Line Items, Cost Lines), finishing
 *   xlsx_cells.c    cells that track column widths, headers, autofilters, the zone note, the
 *                   page header (used by the others, using none of them)
 *   xlsx_summary.c  the Summary sheet (first in the workbook, written last)
 *   xlsx_aging.c    the Aging sheet and the Charts sheet
 *
 * Ownership: everything here belongs to the xlsx_export; a struct sheet's width array is freed by
 * whoever called xlsx_sheet_init on it.
 */
#ifndef INVOICECTL_FORMATS_XLSX_EXPORT_INTERNAL_H
#define INVOICECTL_FORMATS_XLSX_EXPORT_INTERNAL_H

#include "formats/aging.h"
#include "formats/xlsx_export.h"
#include "formats/xlsx_style.h"
#include "model/money.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xlsxwriter.h>

/* Excel's limits: rows per sheet (the header takes one) and characters per cell. */
#define XLSX_MAX_ROWS 1048576u
#define XLSX_MAX_TEXT 32767u
/* Column widths in characters: at least the heading, at most this. */
#define WIDTH_MAX 60

struct sheet {
    lxw_worksheet *ws;
    const char *name;
    lxw_row_t next;  /* the next row to write (0 is the header) */
    uint16_t *width; /* widest content per column, in characters */
    lxw_col_t ncols;
};

struct cur_total {
    char code[4];
    money_t original, open;
    size_t invoices;
};

/* Invoices by status for the Summary: open, partially paid, completed, anything else. */
#define XLSX_NSTATUS 4

struct xlsx_export {
    lxw_workbook *wb;
    xlsx_styles *st;
    struct sheet inv, li, cl;
    lxw_worksheet *summary, *ag, *charts;
    struct cur_total *tot;
    size_t ntot;
    size_t by_status[XLSX_NSTATUS];
    aging aging;
    int64_t as_of_day;
    char *zone;
    char *path;
    char *store;
    char *filters;
    char as_of_text[96];         /* "As of 2026-03-31 (UTC)", for page headers */
    lxw_row_t summary_aging_row; /* the Summary row of the first currency's aging totals */
    size_t invoices;
    bool truncated_warned;
};

const char *xlsx_zone_name(const xlsx_export *x);
/* The page header of every sheet of the export. */
xlsx_page xlsx_export_page(const xlsx_export *x);

void xlsx_sheet_init(struct sheet *sh, lxw_worksheet *ws, const char *name, lxw_col_t ncols);
int xlsx_cell_fail(ic_err *err, lxw_error e, const struct sheet *sh, const char *what);
/* A text cell; NULL or "" leaves the cell empty; widens the column's tracked width. */
int xlsx_cell_text(struct sheet *sh, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *fmt,
                   ic_err *err);
int xlsx_cell_number(struct sheet *sh, lxw_row_t row, lxw_col_t col, double v, size_t chars,
                     lxw_format *fmt, ic_err *err);
/* The one place an amount becomes a double: the XLSX number cell. */
int xlsx_cell_money(struct sheet *sh, lxw_row_t row, lxw_col_t col, money_t m, const char *code,
                    lxw_format *fmt, ic_err *err);
int xlsx_cell_date(xlsx_export *x, struct sheet *sh, lxw_row_t row, lxw_col_t col, int64_t t,
                   ic_err *err);
/* Row 0: the headings, bold, frozen; the next row to write becomes 1.  Headings stay left-aligned
 * even over amounts: on screen the autofilter button covers the right end of a heading cell. */
int xlsx_sheet_header(xlsx_export *x, struct sheet *sh, const char *const *names, ic_err *err);
/* The autofilter over the header and the data rows (before any totals rows: constant_memory). */
int xlsx_sheet_autofilter(struct sheet *sh, ic_err *err);
/* Column widths from the tracked content, at least each heading's. */
void xlsx_sheet_widths(struct sheet *sh, const char *const *names);
/* The line under a sheet's totals that says how its dates were made: a date is a day only in a
 * zone, and the same invoice is due a day earlier in New York than in Sydney. */
int xlsx_zone_note(xlsx_export *x, struct sheet *sh, lxw_row_t r, ic_err *err);

/* xlsx_summary.c: the Summary sheet, from the counts and the aging totals per currency. */
int xlsx_write_summary(xlsx_export *x, const aging_row *tot, size_t nt, ic_err *err);
/* xlsx_aging.c: the Aging sheet (rows sorted, totals per currency) and the Charts sheet (per
 * currency a stacked bar of the Summary's bucket totals and the ten largest overdue balances). */
int xlsx_write_aging(xlsx_export *x, const aging_row *rows, size_t n, const aging_row *tot,
                     size_t nt, ic_err *err);
int xlsx_write_charts(xlsx_export *x, const aging_row *rows, size_t n, const aging_row *tot,
                      size_t nt, ic_err *err);

#endif
