/* What Rebillia cannot hold of a valid canonical invoice: errors for what it would refuse or
 * could not keep exactly, warnings naming each field that is not sent or is sent otherwise.  See
 * docs/rebillia.md. */
#include "api/rebillia/rebillia_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct checker {
    const ic_invoice *inv;
    const char *file;
    problem_list *out;
    const char *cur;
} checker;

static void say(const checker *c, enum severity sev, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void say(const checker *c, enum severity sev, long line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    problem_add(c->out, sev, c->file, line ? line : c->inv->first_line, NULL, c->inv->key, "%s",
                msg);
}

static bool all_digits(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* Characters, not bytes: the API's limits are on text. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static void amount(const checker *c, long line, const char *what, money_t m, bool signed_ok)
{
    int64_t minor;
    char text[MONEY_MAX_TEXT];
    money_format_min(m, text, sizeof text);
    enum rebillia_cents st = rebillia_to_minor(m, c->cur, &minor);
    if (st != REBILLIA_CENTS_OK)
        say(c, SEV_ERROR, line, "%s %s %s %s", what, text, rebillia_cents_strerror(st),
            c->cur[0] ? c->cur : "(2 decimals assumed until the company's currency is known)");
    else if (m < 0 && !signed_ok)
        say(c, SEV_ERROR, line, "%s %s is negative: Rebillia takes no negative amounts", what,
            text);
}

static void check_lines(const checker *c)
{
    const ic_invoice *inv = c->inv;
    for (size_t i = 0; i < inv->n_line_items; i++) {
        const ic_line_item *li = &inv->line_items[i];
        char what[64];
        snprintf(what, sizeof what, "line item %zu: unit price", i + 1);
        if (li->quantity % MONEY_SCALE != 0 || li->quantity < MONEY_SCALE)
            say(c, SEV_ERROR, li->line,
                "line item %zu: Rebillia takes whole quantities of at least 1 (qty)", i + 1);
        money_t unit = li->unit_price;
        if (li->has_discount) {
            if (!money_sub(li->unit_price, li->unit_discount, &unit)) {
                say(c, SEV_ERROR, li->line, "line item %zu: price less discount overflows", i + 1);
                continue;
            }
            if (li->unit_discount != 0)
                say(c, SEV_WARNING, li->line,
                    "line item %zu: the discount is taken off the unit amount (Rebillia has no "
                    "discounts)",
                    i + 1);
        }
        amount(c, li->line, what, unit, false);
        const char *desc = li->description ? li->description : li->sku;
        if (chars(desc) > 255)
            say(c, SEV_ERROR, li->line,
                "line item %zu: the description is over the 255 characters Rebillia takes", i + 1);
        if (li->description && li->sku)
            say(c, SEV_WARNING, li->line,
                "line item %zu: sku '%s' is not sent (Rebillia lines have a description only)",
                i + 1, li->sku);
        if (li->type || li->comments)
            say(c, SEV_WARNING, li->line,
                "line item %zu: its %s not sent (Rebillia lines have no such fields)", i + 1,
                li->type && li->comments ? "type and comments are"
                : li->type               ? "type is"
                                         : "comments are");
    }
    long ship = rebillia_shipping_cost_line(inv);
    for (size_t i = 0; i < inv->n_cost_lines; i++) {
        const ic_cost_line *cl = &inv->cost_lines[i];
        const char *d = cl->description ? cl->description : "";
        char what[300];
        snprintf(what, sizeof what, "cost line '%s':", d);
        amount(c, cl->line, what, cl->amount, false);
        if ((long)i == ship)
            say(c, SEV_WARNING, cl->line,
                "cost line '%s' is sent as shippingAmount (its description is not kept)", d);
        else
            say(c, SEV_WARNING, cl->line,
                "cost line '%s' is sent as a line of quantity 1 (Rebillia keeps one shipping "
                "amount and no other costs)",
                d);
    }
    if (inv->n_line_items + inv->n_cost_lines == 0)
        say(c, SEV_ERROR, 0, "Rebillia needs at least one line (detail)");
}

static void check_address(const checker *c, const ic_address *a, const char *name)
{
    if (!rebillia_address_given(a))
        return;
    char *contact = rebillia_contact_name(a);
    const char *missing[5];
    size_t n = 0;
    if (!contact[0])
        missing[n++] = "first or last name";
    if (!a->street1 || !a->street1[0])
        missing[n++] = "street1";
    if (!a->city || !a->city[0])
        missing[n++] = "city";
    if (!a->zip_code || !a->zip_code[0])
        missing[n++] = "zip code";
    if (!a->country || !a->country[0])
        missing[n++] = "country";
    free(contact);
    for (size_t i = 0; i < n; i++)
        say(c, SEV_ERROR, 0, "%s: Rebillia needs the %s of an address", name, missing[i]);
    if (a->country && a->country[0] &&
        (strlen(a->country) != 2 ||
         !((a->country[0] | 0x20) >= 'a' && (a->country[0] | 0x20) <= 'z') ||
         !((a->country[1] | 0x20) >= 'a' && (a->country[1] | 0x20) <= 'z')))
        say(c, SEV_ERROR, 0, "%s: country '%s' is not an ISO 3166 alpha-2 code (US, DE)", name,
            a->country);
}

static void check_header(const checker *c)
{
    const ic_invoice *inv = c->inv;
    if (!inv->invoice_number || !inv->invoice_number[0])
        say(c, SEV_ERROR, 0,
            "Rebillia needs the invoice number: it is the match key, kept in "
            "comments");
    else if (chars(inv->invoice_number) + strlen(REBILLIA_KEY_PREFIX) > REBILLIA_COMMENTS_MAX)
        say(c, SEV_ERROR, 0,
            "invoice number is too long for Rebillia's comments (at most %zu characters)",
            REBILLIA_COMMENTS_MAX - strlen(REBILLIA_KEY_PREFIX));
    if (!inv->customer_id || !inv->customer_id[0])
        say(c, SEV_ERROR, 0,
            "Rebillia needs the customer: Rebillia's numeric customer id or the customer's email");
    else if (!strchr(inv->customer_id, '@') && !all_digits(inv->customer_id))
        say(c, SEV_ERROR, 0,
            "customer '%s' is neither Rebillia's numeric customer id nor an email address",
            inv->customer_id);
    if (!inv->has_due_date)
        say(c, SEV_ERROR, 0, "Rebillia needs the due date (dateDue)");
    else if (!inv->has_issued_at)
        say(c, SEV_WARNING, 0,
            "no issue date: the service period (dateFrom, dateTo) is the due date");
    if (chars(inv->customer_name) > 45)
        say(c, SEV_ERROR, 0, "customer name is over the 45 characters Rebillia takes");
    if (chars(inv->terms_conditions) > REBILLIA_COMMENTS_MAX)
        say(c, SEV_ERROR, 0, "terms are over the %d characters Rebillia takes",
            REBILLIA_COMMENTS_MAX);
}

static void check_unsent(const checker *c)
{
    const ic_invoice *inv = c->inv;
    const struct {
        const char *field;
        bool given;
    } unsent[] = {
        {"externalId", inv->external_id != NULL},
        {"externalCustomerId", inv->external_customer_id != NULL},
        {"type", inv->type != NULL},
        {"orderNumber", inv->order_number != NULL},
        {"purchaseOrderNumber", inv->purchase_order_number != NULL},
        {"externalPdfUrl", inv->external_pdf_url != NULL},
        {"channelId", inv->channel_id != NULL},
        {"source", inv->has_source},
    };
    for (size_t i = 0; i < sizeof unsent / sizeof unsent[0]; i++)
        if (unsent[i].given)
            say(c, SEV_WARNING, 0, "%s is not sent: Rebillia invoices have no such field",
                unsent[i].field);
    for (size_t i = 0; i < inv->n_extra_fields; i++)
        say(c, SEV_WARNING, 0, "extra field '%s' is not sent: Rebillia keeps no extra fields",
            inv->extra_fields[i].name);
    if (inv->has_status)
        say(c, SEV_WARNING, 0, "status is not sent: Rebillia sets it from payments");
    if (inv->has_open_balance)
        say(c, SEV_WARNING, 0,
            "openBalance is not sent: Rebillia computes balanceDue from its payments");
    money_t sub, costs, total;
    if (inv->has_original_balance && invoice_subtotal(inv, &sub) && invoice_costs(inv, &costs) &&
        money_add(sub, costs, &total) && total != inv->original_balance) {
        char a[MONEY_MAX_TEXT], b[MONEY_MAX_TEXT];
        money_format_min(inv->original_balance, a, sizeof a);
        money_format_min(total, b, sizeof b);
        say(c, SEV_WARNING, 0,
            "originalBalance %s is not sent: Rebillia computes the total from the lines (%s)", a,
            b);
    }
    if (inv->n_shipping > 1)
        say(c, SEV_WARNING, 0, "only the first of %zu shipping addresses is sent", inv->n_shipping);
}

void rebillia_check(const ic_invoice *inv, const char *file, problem_list *out)
{
    checker c = {inv, file, out, rebillia_invoice_currency(inv)};
    check_header(&c);
    check_lines(&c);
    check_address(&c, &inv->billing, "billing address");
    if (inv->n_shipping > 0)
        check_address(&c, &inv->shipping[0], "shipping address");
    check_unsent(&c);
}
