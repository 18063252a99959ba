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
/* Bold text (totals rows). */
lxw_format *xlsx_style_bold(xlsx_styles *s);

#endif
