/* An invoice against BILL's own rules, before anything is sent: errors for what BILL would refuse
 * or store differently from the file (an amount with more decimals than BILL keeps, a total the
 * lines do not add up to), warnings for what BILL has no place for, each naming the field and
 * what happens to it (bill_body.c does what they say).  Nothing is dropped silently. */
#include "api/bill/bill_internal.h"

#include "model/target.h"

#include <stdio.h>
#include <string.h>

typedef struct chk {
    const ic_invoice *inv;
    const char *file;
    const char *who;
    problem_list *out;
} chk;

#define ERR(c, line, ...)                                                                          \
    problem_add((c)->out, SEV_ERROR, (c)->file, line, NULL, (c)->who, __VA_ARGS__)
#define WARN(c, line, ...)                                                                         \
    problem_add((c)->out, SEV_WARNING, (c)->file, line, NULL, (c)->who, __VA_ARGS__)

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}

static bool plausible_email(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at != s && at[1] && !strchr(at + 1, '@') && !strpbrk(s, " \t<>,;");
}

/* An amount BILL keeps: 2 decimals, within what a double carries exactly. */
static void amount_rule(chk *c, long line, const char *what, money_t m)
{
    char t[MONEY_MAX_TEXT];
    money_format_min(m, t, sizeof t);
    if (!bill_amount_fits(m))
        ERR(c, line,
            "%s %s has more than 2 decimals: BILL keeps amounts in currency units with 2 decimals "
            "(round it in the file or the mapping)",
            what, t);
    if (target_amount_too_large("bill-v3", m))
        ERR(c, line, "%s %s is more than BILL keeps exactly (9999999999999.99)", what, t);
}

static void customer_rule(chk *c)
{
    const ic_invoice *inv = c->inv;
    if (bill_is_customer_id(inv->customer_id))
        return;
    bool named = inv->customer_name && inv->customer_name[0];
    bool mail = inv->customer_email && inv->customer_email[0];
    if (named && mail) {
        if (!plausible_email(inv->customer_email))
            ERR(c, inv->first_line, "customerEmail '%.80s' is not an email address",
                inv->customer_email);
        if (inv->customer_id && inv->customer_id[0])
            WARN(c, inv->first_line,
                 "customerId '%.40s' is not a BILL customer id (0cu...): the customer is given "
                 "by customerName and customerEmail instead",
                 inv->customer_id);
        WARN(c, inv->first_line,
             "BILL creates a new customer '%.60s' <%.80s> with this invoice (map customerId to a "
             "BILL customer id, 0cu..., to use an existing one)",
             inv->customer_name, inv->customer_email);
        return;
    }
    if (inv->customer_id && inv->customer_id[0])
        ERR(c, inv->first_line,
            "customerId '%.40s' is not a BILL customer id (0cu...), and customerName with "
            "customerEmail is not given either",
            inv->customer_id);
    else
        ERR(c, inv->first_line,
            "no customer: BILL needs customerId (0cu...) or customerName and customerEmail");
}

/* An amount with 2 decimals, or with all it has when it has more. */
static void fmt2(money_t m, char *buf, size_t len)
{
    if (bill_amount_fits(m))
        money_format(m, 2, buf, len);
    else
        money_format_min(m, buf, len);
}

/* A line's amount as BILL computes it: quantity × price, rounded to cents. */
static bool line_amount_cents(const ic_line_item *li, money_t *exact, money_t *rounded)
{
    money_t price;
    return bill_line_price(li, &price) && money_mul(li->quantity, price, exact) &&
           money_round_places(*exact, BILL_AMOUNT_PLACES, rounded);
}

/* The invoice's total as BILL will hold it: the lines' amounts in cents, and the cost lines. */
static bool total_in_cents(const ic_invoice *inv, money_t *out)
{
    money_t sum = 0, exact, rounded;
    for (size_t i = 0; i < inv->n_line_items; i++)
        if (!line_amount_cents(&inv->line_items[i], &exact, &rounded) ||
            !money_add(sum, rounded, &sum))
            return false;
    for (size_t i = 0; i < inv->n_cost_lines; i++)
        if (!money_add(sum, inv->cost_lines[i].amount, &sum))
            return false;
    *out = sum;
    return true;
}

static void lines_rule(chk *c)
{
    const ic_invoice *inv = c->inv;
    char t[MONEY_MAX_TEXT], u[MONEY_MAX_TEXT];
    if (inv->n_line_items == 0 && inv->n_cost_lines == 0)
        ERR(c, inv->first_line, "no line items: BILL needs at least one");
    for (size_t i = 0; i < inv->n_line_items; i++) {
        const ic_line_item *li = &inv->line_items[i];
        char what[64];
        money_t price;
        snprintf(what, sizeof what, "lineItems[%zu].unitPrice", i);
        if (!bill_line_price(li, &price)) {
            ERR(c, li->line, "lineItems[%zu]: the price less the discount overflows", i);
            continue;
        }
        if (li->has_discount) {
            money_format_min(li->unit_discount, t, sizeof t);
            money_format_min(price, u, sizeof u);
            WARN(c, li->line,
                 "lineItems[%zu].unitDiscount %s is taken off the price (BILL lines have no "
                 "discount): the line is sent at %s",
                 i, t, u);
            snprintf(what, sizeof what, "lineItems[%zu].unitPrice less unitDiscount", i);
        }
        amount_rule(c, li->line, what, price);
        money_t exact, rounded;
        if (line_amount_cents(li, &exact, &rounded) && exact != rounded) {
            money_format_min(exact, t, sizeof t);
            money_format(rounded, 2, u, sizeof u);
            WARN(c, li->line,
                 "lineItems[%zu] amount %s (quantity × price) has more than 2 decimals: BILL "
                 "rounds it to %s",
                 i, t, u);
        }
        snprintf(what, sizeof what, "lineItems[%zu].quantity", i);
        if (target_amount_too_large("bill-v3", li->quantity))
            ERR(c, li->line, "%s is more than BILL keeps exactly", what);
        if (li->sku && li->description)
            WARN(c, li->line, "lineItems[%zu].sku '%.40s' is not sent (BILL lines have no sku)", i,
                 li->sku);
        else if (li->sku)
            WARN(c, li->line,
                 "lineItems[%zu].sku '%.40s' is sent as the line's description (BILL lines have "
                 "no sku)",
                 i, li->sku);
        if (li->type)
            WARN(c, li->line, "lineItems[%zu].type is not sent (BILL lines have no type)", i);
        if (li->comments)
            WARN(c, li->line, "lineItems[%zu].comments is not sent (BILL lines have none)", i);
    }
    for (size_t i = 0; i < inv->n_cost_lines; i++) {
        const ic_cost_line *cl = &inv->cost_lines[i];
        long line = cl->line ? cl->line : inv->first_line;
        char what[64];
        money_format(cl->amount, 2, t, sizeof t);
        WARN(c, line,
             "costLines[%zu] '%.60s' (%s) is sent as a line item with quantity 1 (BILL has no "
             "cost lines)",
             i, cl->description ? cl->description : "", t);
        snprintf(what, sizeof what, "costLines[%zu].amount", i);
        amount_rule(c, line, what, cl->amount);
    }
}

static void balance_rule(chk *c)
{
    const ic_invoice *inv = c->inv;
    char a[MONEY_MAX_TEXT], b[MONEY_MAX_TEXT];
    money_t total = 0;
    bool known = total_in_cents(inv, &total);
    if (inv->has_original_balance && known && inv->original_balance != total) {
        fmt2(inv->original_balance, a, sizeof a);
        fmt2(total, b, sizeof b);
        ERR(c, inv->first_line,
            "originalBalance %s is not the total of the lines (%s): BILL computes the total from "
            "the lines",
            a, b);
    }
    if (inv->has_open_balance) {
        money_t full = inv->has_original_balance ? inv->original_balance : total;
        fmt2(inv->open_balance, a, sizeof a);
        fmt2(full, b, sizeof b);
        if (inv->open_balance < full)
            WARN(c, inv->first_line,
                 "openBalance %s is below the total %s: BILL computes what is due from the "
                 "payments it records, so the invoice is created with %s due (record the payment "
                 "in BILL)",
                 a, b, b);
        else if (inv->open_balance > full)
            ERR(c, inv->first_line, "openBalance %s is above the total %s", a, b);
    }
}

static void unsent_rule(chk *c)
{
    const ic_invoice *inv = c->inv;
    const struct {
        bool given;
        const char *field;
    } unsent[] = {
        {inv->external_id != NULL, "externalId"},
        {inv->external_customer_id != NULL, "externalCustomerId"},
        {inv->type != NULL, "type"},
        {inv->order_number != NULL, "orderNumber"},
        {inv->purchase_order_number != NULL, "purchaseOrderNumber"},
        {inv->terms_conditions != NULL, "termsConditions"},
        {inv->external_pdf_url != NULL, "externalPdfUrl"},
        {inv->channel_id != NULL, "channelId"},
        {inv->has_source, "source"},
    };
    for (size_t i = 0; i < sizeof unsent / sizeof unsent[0]; i++)
        if (unsent[i].given)
            WARN(c, inv->first_line, "%s is not sent (BILL invoices have no such field)",
                 unsent[i].field);
    for (size_t i = 0; i < inv->n_extra_fields; i++)
        WARN(c, inv->first_line,
             "extraFields '%.60s' is not sent (BILL invoices have no extra fields)",
             inv->extra_fields[i].name ? inv->extra_fields[i].name : "");
    if (inv->has_status)
        WARN(c, inv->first_line, "status is not sent: BILL sets it from the payments it records");
    if (inv->billing.present)
        WARN(c, inv->first_line,
             "billingAddress is not sent: BILL keeps addresses on the customer, not the invoice");
    if (inv->n_shipping > 0)
        WARN(c, inv->first_line,
             "shippingAddresses is not sent: BILL keeps addresses on the customer, not the "
             "invoice");
    if (inv->currency[0] && strcmp(inv->currency, "USD") != 0)
        WARN(c, inv->first_line,
             "currency %s is not sent: a BILL invoice is in the organisation's currency",
             inv->currency);
    if (!inv->has_due_date)
        WARN(c, inv->first_line,
             "dueDate is not given: BILL sets it to the day the invoice is created");
}

static void day_rule(chk *c, const char *field, bool has, int64_t t)
{
    char buf[32];
    if (has && !bill_day_text(t, buf, sizeof buf))
        ERR(c, c->inv->first_line, "%s %s is not a day BILL takes (yyyy-MM-dd, 1900 to 9999)",
            field, buf);
}

void bill_check(const ic_invoice *inv, const char *file, problem_list *out)
{
    chk c = {inv, file, inv->key ? inv->key : inv->invoice_number, out};
    if (!inv->invoice_number || !inv->invoice_number[0])
        ERR(&c, inv->first_line,
            "no invoiceNumber: invoicectl finds BILL invoices by their number");
    else if (utf8_chars(inv->invoice_number) > BILL_INVOICE_NUMBER_MAX)
        ERR(&c, inv->first_line, "invoiceNumber has %zu characters: BILL allows at most %d",
            utf8_chars(inv->invoice_number), BILL_INVOICE_NUMBER_MAX);
    customer_rule(&c);
    day_rule(&c, "issuedAt", inv->has_issued_at, inv->issued_at);
    day_rule(&c, "dueDate", inv->has_due_date, inv->due_date);
    lines_rule(&c);
    balance_rule(&c);
    unsent_rule(&c);
}
