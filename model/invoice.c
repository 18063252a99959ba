#include "model/invoice.h"
#include "util/common.h"

#include <stdlib.h>
#include <string.h>

void invoice_init(ic_invoice *inv)
{
    memset(inv, 0, sizeof *inv);
}

void invoice_set_str(char **slot, const char *s)
{
    free(*slot);
    *slot = s ? xstrdup(s) : NULL;
}

void address_release(ic_address *a)
{
    free(a->first_name);
    free(a->last_name);
    free(a->street1);
    free(a->street2);
    free(a->city);
    free(a->state);
    free(a->zip_code);
    free(a->country);
    memset(a, 0, sizeof *a);
}

void invoice_release(ic_invoice *inv)
{
    if (!inv)
        return;
    char **strs[] = {&inv->invoice_number,       &inv->customer_id,
                     &inv->customer_name,        &inv->external_id,
                     &inv->external_customer_id, &inv->type,
                     &inv->order_number,         &inv->purchase_order_number,
                     &inv->terms_conditions,     &inv->external_pdf_url,
                     &inv->channel_id,           &inv->key,
                     &inv->customer_email,       &inv->text_id};
    for (size_t i = 0; i < IC_ARRAY_LEN(strs); i++)
        free(*strs[i]);
    address_release(&inv->billing);
    for (size_t i = 0; i < inv->n_shipping; i++)
        address_release(&inv->shipping[i]);
    free(inv->shipping);
    for (size_t i = 0; i < inv->n_cost_lines; i++)
        free(inv->cost_lines[i].description);
    free(inv->cost_lines);
    for (size_t i = 0; i < inv->n_line_items; i++) {
        ic_line_item *li = &inv->line_items[i];
        free(li->sku);
        free(li->description);
        free(li->type);
        free(li->comments);
    }
    free(inv->line_items);
    for (size_t i = 0; i < inv->n_extra_fields; i++) {
        free(inv->extra_fields[i].name);
        free(inv->extra_fields[i].value);
    }
    free(inv->extra_fields);
    free(inv->records);
    invoice_init(inv);
}

/* Grows an array by one zeroed element; capacity doubles at powers of two so no separate field is
 * needed. */
static void *grow(void *arr, size_t *n, size_t elem)
{
    size_t cur = *n;
    /* Room for four first (an invoice has a few lines, cost lines and records: one allocation
     * where doubling from one took three), then doubling. */
    if (cur == 0 || (cur >= 4 && (cur & (cur - 1)) == 0)) {
        size_t cap = cur ? cur * 2 : 4;
        arr = xrealloc(arr, cap * elem);
    }
    memset((char *)arr + cur * elem, 0, elem);
    (*n)++;
    return arr;
}

ic_line_item *invoice_add_line_item(ic_invoice *inv)
{
    inv->line_items = grow(inv->line_items, &inv->n_line_items, sizeof *inv->line_items);
    return &inv->line_items[inv->n_line_items - 1];
}

ic_cost_line *invoice_add_cost_line(ic_invoice *inv)
{
    inv->cost_lines = grow(inv->cost_lines, &inv->n_cost_lines, sizeof *inv->cost_lines);
    return &inv->cost_lines[inv->n_cost_lines - 1];
}

ic_address *invoice_add_shipping(ic_invoice *inv)
{
    inv->shipping = grow(inv->shipping, &inv->n_shipping, sizeof *inv->shipping);
    return &inv->shipping[inv->n_shipping - 1];
}

ic_extra_field *invoice_add_extra_field(ic_invoice *inv, const char *name, const char *value)
{
    inv->extra_fields = grow(inv->extra_fields, &inv->n_extra_fields, sizeof *inv->extra_fields);
    ic_extra_field *f = &inv->extra_fields[inv->n_extra_fields - 1];
    f->name = xstrdup(name);
    f->value = xstrdup(value ? value : "");
    return f;
}

void invoice_add_record(ic_invoice *inv, size_t record)
{
    inv->records = grow(inv->records, &inv->n_records, sizeof *inv->records);
    inv->records[inv->n_records - 1] = record;
}

bool invoice_subtotal(const ic_invoice *inv, money_t *out)
{
    money_t sum = 0;
    for (size_t i = 0; i < inv->n_line_items; i++) {
        const ic_line_item *li = &inv->line_items[i];
        money_t net = li->unit_price, line;
        if (li->has_discount && !money_sub(li->unit_price, li->unit_discount, &net))
            return false;
        if (!money_mul(li->quantity, net, &line) || !money_add(sum, line, &sum))
            return false;
    }
    *out = sum;
    return true;
}

bool invoice_costs(const ic_invoice *inv, money_t *out)
{
    money_t sum = 0;
    for (size_t i = 0; i < inv->n_cost_lines; i++)
        if (!money_add(sum, inv->cost_lines[i].amount, &sum))
            return false;
    *out = sum;
    return true;
}

const char *invoice_status_word(int status)
{
    switch (status) {
    case 0:
        return "open";
    case 1:
        return "partially paid";
    case 2:
        return "completed";
    default:
        return "unknown";
    }
}
