/* Payments read from a file, and their keys: see payment.h. */
#include "model/payment.h"

#include "util/common.h"
#include "util/sha256.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void payment_release(ic_payment *p)
{
    free(p->invoice);
    free(p->method);
    free(p->reference);
    free(p->payer);
    free(p->error);
    free(p->error_column);
    free(p->error_cell);
    memset(p, 0, sizeof *p);
}

void payment_fail(ic_payment *p, const char *column, const char *fmt, ...)
{
    p->valid = false;
    if (p->error)
        return; /* the first problem of a row is the one reported */
    va_list ap;
    va_start(ap, fmt);
    p->error = xvasprintf(fmt, ap);
    va_end(ap);
    p->error_column = column ? xstrdup(column) : NULL;
}

static void add_part(sha256_ctx *c, const char *s)
{
    /* NUL between the parts: "A1" + "2" and "A" + "12" must not hash alike */
    sha256_update(c, s ? s : "", s ? strlen(s) + 1 : 1);
}

void payment_make_key(ic_payment *p)
{
    char amount[MONEY_MAX_TEXT], hex[SHA256_HEX_LEN + 1];
    /* the exact amount, 4 places: "12.5" and "12.50" are the same payment */
    money_format(p->amount, 4, amount, sizeof amount);
    sha256_ctx c;
    sha256_init(&c);
    add_part(&c, p->invoice);
    add_part(&c, amount);
    add_part(&c, p->date_ymd);
    add_part(&c, p->reference);
    sha256_final_hex(&c, hex);
    snprintf(p->key, sizeof p->key, PAYMENT_KEY_PREFIX "%.16s", hex);
}

ic_payment *pay_batch_add(pay_batch *b)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->items = xrealloc(b->items, b->cap * sizeof *b->items);
    }
    ic_payment *p = &b->items[b->n++];
    memset(p, 0, sizeof *p);
    p->valid = true;
    return p;
}

void pay_batch_release(pay_batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        payment_release(&b->items[i]);
    free(b->items);
    free(b->csv_path);
    memset(b, 0, sizeof *b);
}
