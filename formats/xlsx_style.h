/* Cell formats for workbooks: amounts in a currency (ISO code shown, the currency's customary
 * decimals), dates, headers.  One xlsx_styles per workbook caches a format per currency, so a
 * million cells share a handful of formats.
 *
 * Number formats: "[$USD] #,##0.00" (JPY "[$JPY] #,##0", KWD "[$KWD] #,##0.000"): Excel and
 * LibreOffice show the code as literal text and keep the cell numeric.  A code that is not three
 * ASCII letters gets "#,##0.00".
 *
 * Ownership: xlsx_styles_new returns a cache the caller frees with xlsx_styles_free (before or
 * after workbook_close; the lxw_format objects themselves belong to the workbook).
 */
#ifndef INVOICECTL_FORMATS_XLSX_STYLE_H
#define INVOICECTL_FORMATS_XLSX_STYLE_H

#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>

#define XLSX_DATE_NUMFMT "yyyy-mm-dd"

/* Writes the number format of amounts in `code` (see above) to buf; returns its length. */
size_t xlsx_currency_numfmt(const char *code, char *buf, size_t bufsize);

typedef struct xlsx_styles xlsx_styles;

xlsx_styles *xlsx_styles_new(lxw_workbook *wb);
void xlsx_styles_free(xlsx_styles *s);

/* Amount in a currency; bold for totals rows. */
lxw_format *xlsx_style_money(xlsx_styles *s, const char *code, bool bold);
/* A date cell (XLSX_DATE_NUMFMT). */
lxw_format *xlsx_style_date(xlsx_styles *s);
/* A header cell: bold, bottom border. */
lxw_format *xlsx_style_header(xlsx_styles *s);
/* A header cell over amounts: as xlsx_style_header, right-aligned like the amounts. */
lxw_format *xlsx_style_header_right(xlsx_styles *s);
/* Bold text (totals rows). */
lxw_format *xlsx_style_bold(xlsx_styles *s);
/* A currency code, centred: it sits between a right-aligned number and the amounts, and centred it
 * never touches either; bold for totals rows. */
lxw_format *xlsx_style_code(xlsx_styles *s, bool bold);
/* Text right of a right-aligned amount, indented one character so the two never run together. */
lxw_format *xlsx_style_after_amount(xlsx_styles *s);
/* A sheet's title line: bold, larger. */
lxw_format *xlsx_style_title(xlsx_styles *s);

/* How a sheet prints (docs/export.md, "Printing"): every sheet of every workbook gets the same page
 * header (title left, store or source in the middle, the as-of date and zone right) and footer
 * ("Invoices, page 3 of 40", centred).  Strings are borrowed for the call; '&' in them is
 * escaped and each part is cut to fit Excel's 255-character header. */
typedef struct xlsx_page {
    const char *title;  /* e.g. "Open balances"; NULL: none */
    const char *source; /* the store, the CSV file; NULL or "": none */
    const char *as_of;  /* e.g. "As of 2026-03-31 (UTC)"; NULL or "": none */
} xlsx_page;

enum xlsx_fit {
    XLSX_FIT_WIDTH, /* landscape, all columns on one page wide, as many pages down as needed */
    XLSX_FIT_PAGE,  /* landscape, the whole print area on one page (a summary) */
    XLSX_FIT_NONE   /* landscape at 100%: the sheet places its own page breaks (charts) */
};

/* Sets landscape, the fit, the header and footer, rows 0..repeat_rows-1 repeated at the top of
 * every page (0: none) and the print area rows 0..last_row, columns 0..last_col (cells outside it,
 * such as chart data, do not print). */
void xlsx_page_setup(lxw_worksheet *ws, const xlsx_page *p, enum xlsx_fit fit,
                     lxw_row_t repeat_rows, lxw_row_t last_row, lxw_col_t last_col);

#endif
