/* Amounts the source systems write in their own ways: an invoice-level amount summed over the
 * invoice's rows ({"sum": C}, per-line tax), a discount as a percentage of the unit price
 * ({"percent": C}), and line amounts rounded to the currency's minor unit before they are summed
 * (rounding.lines "currency").  Exact decimals only (model/money.h). */
#include "mapping/read_internal.h"

#include <string.h>

/* g->amounts: AMOUNTS_PLACES rounded subtotals when the mapping rounds lines, then one sum per
 * {"sum": C} field, then one byte per sum (a non-blank cell was seen). */
static money_t *rsub_of(const rctx *r, const group *g)
{
    (void)r;
    return g->amounts;
}

static money_t *sums_of(const rctx *r, const group *g)
{
    return g->amounts + (r->m->round_lines ? AMOUNTS_PLACES : 0);
}

static uint8_t *seen_of(const rctx *r, const group *g)
{
    return (uint8_t *)(sums_of(r, g) + r->m->n_sums);
}

void amounts_group_init(rctx *r, group *g)
{
    const mapping *m = r->m;
    size_t n = (m->round_lines ? AMOUNTS_PLACES : 0) + m->n_sums;
    if (n == 0)
        return;
    size_t bytes = n * sizeof *g->amounts + m->n_sums;
    g->amounts = arena_alloc(&r->ar, bytes);
    memset(g->amounts, 0, bytes);
}

/* Every row of the invoice counts, line items and cost rows alike (and rows that are neither): a
 * tax column is summed over all the rows the export wrote for the invoice.  Rows a "skip" rule
 * drops never reach here. */
void amounts_row(rctx *r, group *g, const cellsrc *src, reporter *rp)
{
    const mapping *m = r->m;
    for (size_t k = 0; k < m->n_sums; k++) {
        const fspec *f = m->sums[k];
        const char *s;
        size_t len;
        cell_get(src, f->col, &s, &len);
        if (len == 0)
            continue; /* a blank cell counts as 0 */
        fvalue v;
        if (eval_field(m, f, src, &r->scratch, rp, &v) != EV_OK)
            continue;
        money_t *sums = sums_of(r, g);
        seen_of(r, g)[k] = 1;
        if (!money_add(sums[k], v.money, &sums[k])) {
            report(rp, SEV_ERROR, src->line, f->column,
                   "%s: the sum of column '%s' overflows the amount range", f->name, f->column);
            g->overflow = true;
        }
    }
}

/* "10", "10%", "12.5 %": digits, a sign and the decimal separator, then an optional '%'. */
enum ev amounts_percent(rctx *r, const fspec *f, const cellsrc *src, money_t price, bool price_ok,
                        reporter *rp, money_t *out)
{
    const mapping *m = r->m;
    const char *s;
    size_t len;
    cell_get(src, f->col, &s, &len);
    long line = cell_line(src, f->col);
    const char *cell = s;
    size_t cell_len = len;
    if (len && s[len - 1] == '%') {
        len--;
        trim_span(&s, &len);
    }
    if (len == 0) {
        if (f->optional) /* no discount on this line */
            return EV_BLANK;
        report(rp, SEV_ERROR, line, f->column,
               "%s: column '%s' is blank; expected a percentage (mark the field \"optional\": "
               "true to allow blanks)",
               f->name, f->column);
        return EV_ERR;
    }
    bool plain = true;
    for (size_t i = 0; i < len && plain; i++)
        plain = (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '+' || s[i] == '.' ||
                s[i] == ',';
    money_t pct = 0;
    if (!plain || money_parse(s, len, m->decimal, &pct) != MONEY_OK) {
        report(rp, SEV_ERROR, line, f->column,
               "%s: '%.*s' is not a percentage; expected a number such as 10, 10%% or 12.5",
               f->name, (int)(cell_len > 200 ? 200 : cell_len), cell);
        return EV_ERR;
    }
    if (pct < 0 || pct > 100 * MONEY_SCALE) {
        report(rp, SEV_ERROR, line, f->column, "%s: '%.*s' is not a percentage from 0 to 100",
               f->name, (int)(cell_len > 200 ? 200 : cell_len), cell);
        return EV_ERR;
    }
    if (!price_ok)
        return EV_ERR; /* the unit price was reported already */
    /* |price| × 100 % is the price itself: no overflow possible. */
    money_percent_of(price, pct, out);
    return EV_OK;
}

bool amounts_add_line(const rctx *r, group *g, money_t line_total)
{
    if (!r->m->round_lines)
        return true;
    money_t *rsub = rsub_of(r, g);
    for (int places = 0; places < AMOUNTS_PLACES; places++) {
        money_t v;
        if (!money_round_places(line_total, places, &v) ||
            !money_add(rsub[places], v, &rsub[places]))
            return false;
    }
    return true;
}

money_t amounts_subtotal(const rctx *r, const group *g, const char *currency)
{
    if (!r->m->round_lines)
        return g->subtotal;
    int places = currency_decimals(currency && currency[0] ? currency : "");
    if (places < 0)
        places = 0;
    if (places >= AMOUNTS_PLACES)
        places = AMOUNTS_PLACES - 1;
    return rsub_of(r, g)[places];
}

enum ev amounts_sum_value(const rctx *r, const group *g, const fspec *f, fvalue *out)
{
    memset(out, 0, sizeof *out);
    out->line = g->first_line;
    out->col = f->column;
    if (f->optional && !seen_of(r, g)[f->sum_idx])
        return EV_BLANK;
    out->money = sums_of(r, g)[f->sum_idx];
    return EV_OK;
}

bool amounts_percent_back(money_t price, money_t discount, money_t *pct)
{
    if (price == 0) {
        *pct = 0;
        return discount == 0;
    }
    /* discount × 100 / price at 4 places, then the fewest decimals that give the discount back
     * exactly (10 rather than 10.0001), so that export then import changes nothing. */
    __extension__ __int128 num = (__int128)discount * 100 * MONEY_SCALE, q = num / price,
                           r = num % price;
    if ((r < 0 ? -r : r) * 2 >= (price < 0 ? -price : price))
        q += ((num < 0) != (price < 0)) ? -1 : 1;
    if (q > INT64_MAX || q < INT64_MIN)
        return false;
    for (int places = 0; places <= 4; places++) {
        money_t p, back;
        if (money_round_places((money_t)q, places, &p) && money_percent_of(price, p, &back) &&
            back == discount) {
            *pct = p;
            return true;
        }
    }
    *pct = (money_t)q;
    return true;
}
