/* mapping_init_from_csv: a starter mapping from a CSV header and its first rows.
 *
 * Header names are recognised case-, space- and punctuation-insensitively against the names common
 * exports use (QuickBooks, Xero, typical ERPs).  The delimiter, the date format and the decimal
 * separator are sniffed from the first rows.  What cannot be placed or decided safely goes into a
 * "_todo" list, which mapping_load refuses until the user has dealt with it: the starter never
 * guesses silently.
 */
#include "mapping/init_internal.h"
#include "mapping/mapping_internal.h"
#include "model/date.h"
#include "util/common.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLE_ROWS 200

typedef init_sample sample;

static int sample_row(void *ctx, const csv_record *rec)
{
    sample *s = ctx;
    char **row = xcalloc(s->ncols ? s->ncols : 1, sizeof *row);
    for (size_t i = 0; i < s->ncols; i++) {
        const char *v = i < rec->nfields ? rec->fields[i] : "";
        size_t n = i < rec->nfields ? rec->lens[i] : 0;
        trim_span(&v, &n);
        row[i] = xstrndup(v, n);
    }
    s->vals = xrealloc(s->vals, (s->nrows + 1) * sizeof *s->vals);
    s->vals[s->nrows++] = row;
    return s->nrows >= SAMPLE_ROWS ? 1 : 0;
}

static void sample_release(sample *s)
{
    for (size_t r = 0; r < s->nrows; r++) {
        for (size_t i = 0; i < s->ncols; i++)
            free(s->vals[r][i]);
        free(s->vals[r]);
    }
    free(s->vals);
    for (size_t i = 0; i < s->ncols; i++)
        free(s->header[i]);
    free(s->header);
    free(s->sheet);
    memset(s, 0, sizeof *s);
}

static int read_sample(const char *path, enum csv_encoding enc, const table_options *topt,
                       sample *s, ic_err *err)
{
    table_options o = {
        {0, enc, 0}, topt ? topt->sheet : NULL, topt ? topt->header_row : 0, NULL, NULL, 0};
    table_reader *r = table_reader_open(path, &o, err);
    if (!r)
        return err->code ? err->code : IC_EXIT_IO;
    if (table_reader_sheet(r)) {
        s->sheet = xstrdup(table_reader_sheet(r));
        s->header_row = o.header_row > 1 ? o.header_row : 0;
    }
    s->ncols = table_reader_ncols(r);
    if (s->ncols > IC_ARRAY_LEN(s->used))
        s->ncols = IC_ARRAY_LEN(s->used);
    s->header = xcalloc(s->ncols ? s->ncols : 1, sizeof *s->header);
    const char *const *h = table_reader_header(r);
    for (size_t i = 0; i < s->ncols; i++)
        s->header[i] = xstrdup(h[i] ? h[i] : "");
    s->delimiter = table_reader_delimiter(r);
    int rc = table_reader_run(r, sample_row, s, err);
    table_reader_free(r);
    if (rc == 1) /* stopped after enough rows */
        rc = 0;
    if (rc == 0)
        ic_err_clear(err);
    return rc;
}

/* A header's squashed name, without the "Invoice lines/" prefix of Odoo's one-to-many exports. */
static void header_key(const char *h, char *sq, size_t size)
{
    mapping_squash(h, sq, size);
    static const char prefix[] = "invoicelines";
    size_t n = sizeof prefix - 1;
    if (strncmp(sq, prefix, n) == 0 && sq[n])
        memmove(sq, sq + n, strlen(sq + n) + 1);
}

/* The first column (not yet used) whose squashed name is one of `names` (tried in order); -1 when
 * none. */
static int find(sample *s, const char *const *names)
{
    for (const char *const *n = names; *n; n++)
        for (size_t i = 0; i < s->ncols; i++) {
            char sq[256];
            header_key(s->header[i], sq, sizeof sq);
            if (!s->used[i] && strcmp(sq, *n) == 0) {
                s->used[i] = true;
                return (int)i;
            }
        }
    return -1;
}

/* The names common exports give each field, squashed (lower-case letters and digits), most specific
 * first.  Where the systems are named, the spelling is theirs: QuickBooks Online (InvoiceNo,
 * Item(Product/Service), ItemRate, ItemTaxAmount), Xero (ContactName, InvoiceAmountDue, UnitAmount,
 * TaxAmount), Shift's B2B Edition export (Original Balance Amount, Open Balance Amount, Issued At),
 * NetSuite (Document Number, Due Date/Receive By, Amount Remaining), Sage 50 (Account Reference,
 * Reference, Net Amount, Tax Amount), SAP FBL5N (DocumentNo, Doc. Date, Net due dt, Amount in DC,
 * Curr.), Odoo (Number, Partner, Invoice/Bill Date, Invoice lines/...). */
static const char *const n_invoice[] = {
    "invoicenumber", "invoiceno", "invoicenum", "invoice", "invoiceid", "num", "number", "docno",
    "documentno", "documentnumber", "docnumber", "billno", "rechnungsnr", "rechnungsnummer",
    /* Sage 50 writes the invoice number as the transaction's Reference: only when nothing else is
     */
    "reference", "ref", NULL};
static const char *const n_customer[] = {
    "customerid",   "companyid",   "customerno",    "customernumber", "customer",
    "company",      "contactname", "accountnumber", "accountno",      "accountreference",
    "acref",        "account",     "clientid",      "client",         "kundennr",
    "kundennummer", "partner",     "customername",  "name",           NULL};
static const char *const n_issued[] = {"invoicedate", "invoicebilldate", "date",    "issuedate",
                                       "issuedat",    "documentdate",    "docdate", "txndate",
                                       "billdate",    "rechnungsdatum",  NULL};
static const char *const n_due[] = {
    "duedate", "datedue", "duedatereceiveby", "netduedt", "netduedate", "paymentdue", "due", NULL};
static const char *const n_currency[] = {
    "currency", "currencycode", "originalbalancecurrency", "originalbalancecode", "curr", "ccy",
    NULL};
static const char *const n_po[] = {
    "ponumber",   "pono",          "po",        "purchaseorder", "purchaseordernumber",
    "customerpo", "pochecknumber", "pocheckno", "reference",     "bestellnr",
    NULL};
static const char *const n_order[] = {"ordernumber", "orderno", "orderid", "salesorder", NULL};
static const char *const n_extid[] = {"externalid", NULL};
static const char *const n_extcust[] = {"externalcustomerid", NULL};
static const char *const n_total[] = {"total",
                                      "invoicetotal",
                                      "totalamount",
                                      "grandtotal",
                                      "originalbalance",
                                      "originalbalanceamount",
                                      "originalbalancevalue",
                                      "invoiceamount",
                                      "amountindc",
                                      "amountindoccurr",
                                      "amount",
                                      NULL};
static const char *const n_open[] = {"openbalance",      "openbalanceamount", "openbalancevalue",
                                     "invoiceamountdue", "amountdue",         "amountremaining",
                                     "balance",          "balancedue",        "outstanding",
                                     "openamount",       "amountresidual",    NULL};
static const char *const n_status[] = {"status", "invoicestatus", NULL};
static const char *const n_type[] = {"type", "invoicetype", "transactiontype", NULL};
static const char *const n_source[] = {"source", NULL};
/* import's per-row mode (upsert, create, update, replace, delete, skip) */
static const char *const n_mode[] = {"mode", "action", "operation", "importmode", NULL};
static const char *const n_terms[] = {"terms", "termsconditions", "termsandconditions",
                                      "paymentterms", NULL};
static const char *const n_channel[] = {"channel", "channelid", NULL};
static const char *const n_sku[] = {
    "sku",         "itemcode",       "inventoryitemcode", "itemproductservice", "item",
    "productcode", "productservice", "product",           "itemnumber",         "itemno",
    "partnumber",  "partno",         "articlenumber",     "artikelnr",          NULL};
static const char *const n_desc[] = {"description",
                                     "itemdescription",
                                     "productdescription",
                                     "linedescription",
                                     "label",
                                     "details",
                                     "memo",
                                     "bezeichnung",
                                     NULL};
static const char *const n_qty[] = {"quantity", "itemquantity", "qty", "units", "menge", NULL};
static const char *const n_price[] = {"unitprice", "unitamount", "itemrate",    "rate",
                                      "price",     "unitcost",   "einzelpreis", NULL};
static const char *const n_discount[] = {"unitdiscount", "discountamount", NULL};
static const char *const n_discount_pct[] = {"discountpercent", "discountrate", "discountpct",
                                             "discount", NULL};
static const char *const n_net[] = {"netamount", "net", "untaxedamount", "subtotal", NULL};
static const char *const n_freight[] = {
    "freight", "shipping", "shippingamount", "shippingcost", "delivery", "versand", NULL};
static const char *const n_handling[] = {"handling", "handlingfee", NULL};
static const char *const n_tax[] = {"salestax", "tax",       "taxamount", "itemtaxamount",
                                    "vat",      "vatamount", "mwst",      "gst",
                                    "taxtotal", "totaltax",  NULL};

/* Why a column that is recognised is still left out. */
static const struct {
    const char *name, *why;
} not_needed[] = {
    {"itemamount", "a line amount: lines are quantity x unit price"},
    {"lineamount", "a line amount: lines are quantity x unit price"},
    {"subtotal", "a line amount: lines are quantity x unit price"},
    {"taxtotal", "the tax is read per line"},
    {"invoiceamountpaid", "paid so far: the open balance column says what is left"},
    {"amountpaid", "paid so far: the open balance column says what is left"},
    {"paid", "paid so far: the open balance column says what is left"},
    {"openbalancecurrency", "the currency is read from the original balance's"},
    {"openbalancecode", "the currency is read from the original balance's"},
    {"untaxedamount", "the subtotal is computed from the lines"},
    {"netamount", "the subtotal is computed from the lines"},
};

/* Address columns: a prefix naming the address, then the part. */
static const char *const bill_prefixes[] = {"billto", "billing", "bill", "po", "", NULL};
static const char *const ship_prefixes[] = {"shipto", "shipping", "ship", "delivery", NULL};
static const char *const addr_suffixes[AF__COUNT][7] = {
    [AF_FIRST_NAME] = {"firstname", NULL},
    [AF_LAST_NAME] = {"lastname", "surname", NULL},
    [AF_STREET1] = {"street1", "street", "address1", "addressline1", "line1", "address", NULL},
    [AF_STREET2] = {"street2", "address2", "addressline2", "line2", NULL},
    [AF_CITY] = {"city", "town", "ort", NULL},
    [AF_STATE] = {"state", "region", "province", "county", NULL},
    [AF_ZIP] = {"zipcode", "zip", "postalcode", "postcode", "plz", NULL},
    [AF_COUNTRY] = {"country", "countrycode", "land", NULL},
};

static int find_address_part(sample *s, const char *const *prefixes, int part)
{
    char names[32][48];
    const char *list[33];
    size_t n = 0;
    for (const char *const *p = prefixes; *p; p++)
        for (size_t k = 0; addr_suffixes[part][k] && n < 32; k++) {
            snprintf(names[n], sizeof names[n], "%s%s", *p, addr_suffixes[part][k]);
            list[n] = names[n];
            n++;
        }
    list[n] = NULL;
    return find(s, list);
}

static cJSON *col_form(const char *column, const char *type, bool optional)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "column", column);
    if (type)
        cJSON_AddStringToObject(o, "type", type);
    if (optional)
        cJSON_AddBoolToObject(o, "optional", 1);
    return o;
}

static cJSON *value_form(const char *v)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "value", v);
    return o;
}

static cJSON *compute_form(const char *what)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "compute", what);
    return o;
}

/* Date formats tried on the sampled dates, most specific first. */
static const char *const date_formats[] = {
    "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y", "%m/%d/%Y", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y",
    "%m-%d-%Y", "%d.%m.%y",          "%m/%d/%y", "%d/%m/%y", "iso",      "excel",    NULL};

static bool all_parse(const sample *s, const int *cols, size_t ncols, const char *fmt, size_t *seen)
{
    *seen = 0;
    for (size_t r = 0; r < s->nrows; r++)
        for (size_t c = 0; c < ncols; c++) {
            const char *v = s->vals[r][cols[c]];
            if (!v || !*v)
                continue;
            int64_t t;
            if (date_parse(v, strlen(v), fmt, "UTC", &t) != DATE_OK)
                return false;
            (*seen)++;
        }
    return true;
}

/* Swaps %d and %m: the other reading of an all-numeric date. */
static void swap_dm(const char *fmt, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = fmt; *p && n + 1 < size; p++) {
        char c = *p;
        if (p > fmt && p[-1] == '%' && (c == 'd' || c == 'm'))
            c = c == 'd' ? 'm' : 'd';
        out[n++] = c;
    }
    out[n] = '\0';
}

/* Picks the date format; an ambiguity or an unknown spelling becomes a to-do. */
static const char *sniff_dates(const sample *s, const int *cols, size_t ncols, cJSON *todo)
{
    char msg[512];
    size_t seen = 0;
    if (ncols == 0)
        return "%Y-%m-%d";
    for (const char *const *f = date_formats; *f; f++) {
        if (!all_parse(s, cols, ncols, *f, &seen))
            continue;
        if (seen == 0)
            return "%Y-%m-%d";
        char other[32];
        swap_dm(*f, other, sizeof other);
        size_t seen2;
        if (strcmp(other, *f) != 0 && all_parse(s, cols, ncols, other, &seen2)) {
            snprintf(msg, sizeof msg,
                     "locale.date: the dates in '%s' read both as '%s' and as '%s' (no day above "
                     "12 in the first "
                     "rows); set the one your export uses",
                     s->header[cols[0]], *f, other);
            cJSON_AddItemToArray(todo, cJSON_CreateString(msg));
        }
        return *f;
    }
    const char *example = "";
    for (size_t r = 0; r < s->nrows && !*example; r++)
        if (s->vals[r][cols[0]] && *s->vals[r][cols[0]])
            example = s->vals[r][cols[0]];
    snprintf(msg, sizeof msg,
             "locale.date: could not recognise dates such as '%s' in '%s'; write their format",
             example, s->header[cols[0]]);
    cJSON_AddItemToArray(todo, cJSON_CreateString(msg));
    return "%Y-%m-%d";
}

/* ',' when the amounts are written like "1.234,50" or "12,5", '.' otherwise. */
static char sniff_decimal(const sample *s, const int *cols, size_t ncols)
{
    size_t comma = 0, dot = 0;
    for (size_t r = 0; r < s->nrows; r++)
        for (size_t c = 0; c < ncols; c++) {
            const char *v = s->vals[r][cols[c]];
            if (!v)
                continue;
            const char *lc = strrchr(v, ','), *ld = strrchr(v, '.');
            const char *last = lc > ld ? lc : ld;
            if (!last)
                continue;
            size_t digits = 0;
            for (const char *p = last + 1; isdigit((unsigned char)*p); p++)
                digits++;
            /* three digits after the last separator may be thousands grouping: no vote */
            if (digits == 0 || digits == 3)
                continue;
            if (last == lc)
                comma++;
            else
                dot++;
        }
    return comma > 0 && dot == 0 ? ',' : '.';
}

/* A status map when every sampled status is a word we know. */
static cJSON *sniff_status(const sample *s, int col)
{
    cJSON *map = cJSON_CreateObject();
    for (size_t r = 0; r < s->nrows; r++) {
        const char *v = s->vals[r][col];
        if (!v || !*v || cJSON_GetObjectItemCaseSensitive(map, v))
            continue;
        char sq[64];
        mapping_squash(v, sq, sizeof sq);
        int code;
        if (!strcmp(sq, "open") || !strcmp(sq, "unpaid") || !strcmp(sq, "due") ||
            !strcmp(sq, "outstanding") || !strcmp(sq, "sent") || !strcmp(sq, "awaitingpayment") ||
            !strcmp(sq, "overdue"))
            code = 0;
        else if (!strcmp(sq, "partiallypaid") || !strcmp(sq, "partlypaid") ||
                 !strcmp(sq, "partial"))
            code = 1;
        else if (!strcmp(sq, "paid") || !strcmp(sq, "closed") || !strcmp(sq, "completed") ||
                 !strcmp(sq, "paidinfull"))
            code = 2;
        else {
            cJSON_Delete(map);
            return NULL;
        }
        cJSON_AddNumberToObject(map, v, code);
    }
    if (!map->child) {
        cJSON_Delete(map);
        return NULL;
    }
    return map;
}

static void placeholder(cJSON *obj, const char *field, cJSON *todo, const char *why)
{
    char col[128], msg[512];
    snprintf(col, sizeof col, "<<choose a column for %s>>", field);
    cJSON_AddStringToObject(obj, field, col);
    snprintf(msg, sizeof msg, "%s: %s", field, why);
    cJSON_AddItemToArray(todo, cJSON_CreateString(msg));
}

static cJSON *address(sample *s, const char *const *prefixes, bool *found)
{
    int cols[AF__COUNT];
    *found = false;
    for (int i = 0; i < AF__COUNT; i++) {
        cols[i] = find_address_part(s, prefixes, i);
        *found |= cols[i] >= 0;
    }
    if (!*found) {
        return NULL;
    }
    cJSON *a = cJSON_CreateObject();
    for (int i = 0; i < AF__COUNT; i++)
        cJSON_AddItemToObject(a, addr_field_names[i],
                              cols[i] >= 0 ? col_form(s->header[cols[i]], NULL, true)
                                           : value_form(""));
    return a;
}

/* A source map when every sampled value is a name the API's source codes have; NULL otherwise. */
static cJSON *sniff_source(const sample *s, int col)
{
    cJSON *map = cJSON_CreateObject();
    for (size_t r = 0; r < s->nrows; r++) {
        const char *v = s->vals[r][col];
        if (!*v || cJSON_GetObjectItemCaseSensitive(map, v))
            continue;
        char sq[64];
        mapping_squash(v, sq, sizeof sq);
        if (!strcmp(sq, "b2bedition") || !strcmp(sq, "b2b")) {
            cJSON_AddNumberToObject(map, v, 0);
        } else if (!strcmp(sq, "external")) {
            cJSON_AddNumberToObject(map, v, 1);
        } else {
            cJSON_Delete(map);
            return NULL;
        }
    }
    if (!map->child) {
        cJSON_Delete(map);
        return NULL;
    }
    return map;
}

static cJSON *sum_form(const char *column)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "sum", column);
    return o;
}

/* A cost line from a column: {"sum": C} when the column differs between rows of one invoice (tax
 * per line), else the column itself. */
static cJSON *cost_from(const sample *s, int col, int inv, const char *description)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "description", description);
    if (init_varies(s, col, inv))
        cJSON_AddItemToObject(e, "amount", sum_form(s->header[col]));
    else
        cJSON_AddItemToObject(e, "amount", col_form(s->header[col], "money", true));
    return e;
}

static void add_note(cJSON *arr, const char *msg)
{
    cJSON_AddItemToArray(arr, cJSON_CreateString(msg));
}

/* "columns not used: 'A', 'B' (why), ...": every column not placed, none left out. */
static void unused_note(const sample *s, cJSON *notes)
{
    size_t cap = 64, len = 0;
    char *text = xmalloc(cap);
    len = (size_t)snprintf(text, cap, "columns not used: ");
    bool any = false;
    for (size_t i = 0; i < s->ncols; i++) {
        if (s->used[i])
            continue;
        char sq[256];
        header_key(s->header[i], sq, sizeof sq);
        const char *why = NULL;
        for (size_t k = 0; k < IC_ARRAY_LEN(not_needed); k++)
            if (!strcmp(sq, not_needed[k].name))
                why = not_needed[k].why;
        size_t need = strlen(s->header[i]) + (why ? strlen(why) : 0) + 16;
        if (len + need >= cap) {
            cap = (len + need) * 2;
            text = xrealloc(text, cap);
        }
        len += (size_t)snprintf(text + len, cap - len, "%s'%s'%s%s%s", any ? ", " : "",
                                s->header[i], why ? " (" : "", why ? why : "", why ? ")" : "");
        any = true;
    }
    if (any)
        add_note(notes, text);
    free(text);
}

static cJSON *build(sample *s, const char *encoding)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *todo = cJSON_CreateArray();
    cJSON *notes = cJSON_CreateArray();
    cJSON *inv = cJSON_CreateObject();
    char msg[1024];

    /* rows that are not data go first, so they do not spoil the sniffing of dates and amounts */
    cJSON *skip = init_skip_rules(s);
    int c_inv = find(s, n_invoice);
    cJSON *fill = init_fill_down(s, c_inv);
    int c_mode = init_mode_column(s, find(s, n_mode));
    int c_cust = find(s, n_customer), c_issued = find(s, n_issued);
    int c_due = find(s, n_due), c_cur = find(s, n_currency), c_po = find(s, n_po),
        c_order = find(s, n_order);
    int c_extid = find(s, n_extid), c_extcust = find(s, n_extcust), c_total = find(s, n_total);
    int c_open = find(s, n_open), c_status = find(s, n_status), c_type = find(s, n_type),
        c_source = find(s, n_source), c_terms = find(s, n_terms), c_channel = find(s, n_channel);
    int c_sku = find(s, n_sku), c_desc = find(s, n_desc);
    int c_qty = find(s, n_qty), c_price = find(s, n_price), c_disc = find(s, n_discount);
    int c_pct = c_disc < 0 ? find(s, n_discount_pct) : -1;
    int c_freight = find(s, n_freight), c_handling = find(s, n_handling), c_tax = find(s, n_tax);
    int c_net = find(s, n_net);
    bool items = c_sku >= 0 && c_qty >= 0 && c_price >= 0;
    if (!items && c_desc >= 0) /* not a line-item export: give the column back */
        s->used[c_desc] = false;
    /* A "total" that differs between the rows of one invoice is a line amount, not the invoice's.
     */
    if (c_total >= 0 && init_varies(s, c_total, c_inv)) {
        s->used[c_total] = false;
        c_total = -1;
    }
    if (c_open >= 0 && init_varies(s, c_open, c_inv)) {
        s->used[c_open] = false;
        c_open = -1;
    }
    /* Net amounts only make the invoice when there are no line items and no total. */
    if (c_net >= 0 && (items || c_total >= 0)) {
        s->used[c_net] = false;
        c_net = -1;
    }
    bool costs_only = !items && c_total < 0 && (c_net >= 0 || c_tax >= 0);
    bool percent = false;
    if (c_pct >= 0) {
        /* "Discount" alone is a percent in Xero (beside UnitAmount) and Odoo ("Discount (%)"), an
         * amount in many registers: only a header or cells that say so decide it */
        bool says = strchr(s->header[c_pct], '%') != NULL;
        char sq[256];
        header_key(s->header[c_pct], sq, sizeof sq);
        says |= strcmp(sq, "discount") != 0;
        for (size_t r = 0; r < s->nrows && !says; r++)
            says = strchr(s->vals[r][c_pct], '%') != NULL;
        for (size_t i = 0; i < s->ncols && !says; i++) {
            header_key(s->header[i], sq, sizeof sq);
            says = strcmp(sq, "unitamount") == 0;
        }
        if (says && items) {
            percent = true;
        } else {
            s->used[c_pct] = false;
            if (items) {
                snprintf(msg, sizeof msg,
                         "lineItems.unitDiscount: '%s' was not placed: add \"unitDiscount\": "
                         "{\"column\": \"%s\", \"type\": \"money\"} if it is an amount off each "
                         "unit, or {\"percent\": \"%s\"} if it is a percent",
                         s->header[c_pct], s->header[c_pct], s->header[c_pct]);
                add_note(todo, msg);
            }
            c_pct = -1;
        }
    }

    bool bill_found, ship_found;
    cJSON *ship = address(s, ship_prefixes, &ship_found);
    cJSON *bill = address(s, bill_prefixes, &bill_found);

    int date_cols[2];
    size_t ndate = 0;
    if (c_issued >= 0)
        date_cols[ndate++] = c_issued;
    if (c_due >= 0)
        date_cols[ndate++] = c_due;
    const char *date_fmt = sniff_dates(s, date_cols, ndate, todo);
    int money_cols[12];
    size_t nmoney = 0;
    int mc[] = {c_price, c_total, c_open, c_freight, c_tax, c_handling, c_disc, c_net};
    for (size_t i = 0; i < IC_ARRAY_LEN(mc); i++)
        if (mc[i] >= 0)
            money_cols[nmoney++] = mc[i];
    char decimal = sniff_decimal(s, money_cols, nmoney);

    cJSON_AddStringToObject(root, "target", "bigcommerce-b2b");
    if (s->sheet) {
        /* a workbook has no delimiter or encoding to tell, but its sheet and header row */
        cJSON_AddStringToObject(root, "sheet", s->sheet);
        if (s->header_row)
            cJSON_AddNumberToObject(root, "header_row", (double)s->header_row);
    } else {
        cJSON *csv = cJSON_AddObjectToObject(root, "csv");
        char delim[2] = {s->delimiter ? s->delimiter : ',', 0};
        cJSON_AddStringToObject(csv, "delimiter", delim);
        cJSON_AddStringToObject(csv, "encoding", encoding);
    }
    cJSON *loc = cJSON_AddObjectToObject(root, "locale");
    cJSON_AddStringToObject(loc, "decimal", decimal == ',' ? "," : ".");
    cJSON_AddStringToObject(loc, "date", date_fmt);
    cJSON_AddStringToObject(loc, "timezone", "UTC");
    add_note(notes, "locale.timezone: dates become midnight in this zone; set "
                    "your own (an IANA name such as America/Chicago)");
    if (c_cur < 0) {
        cJSON_AddStringToObject(loc, "currency", "USD");
        add_note(todo, "locale.currency: no currency column was found; set the "
                       "ISO 4217 code of the amounts (USD is only a placeholder)");
    }
    if (skip) {
        cJSON_AddItemToObject(root, "skip", skip);
        add_note(notes, "skip: rows that are not invoices were seen in the first rows (blank rows, "
                        "the header repeated, totals); check that the rules match only those");
    }
    if (fill) {
        cJSON_AddItemToObject(root, "fill_down", fill);
        add_note(notes,
                 "fill_down: the invoice columns are written on an invoice's first row only; "
                 "these columns carry down to the rows below until the next value");
    }
    cJSON *gb = cJSON_AddArrayToObject(root, "group_by");
    cJSON_AddItemToArray(gb,
                         cJSON_CreateString(c_inv >= 0 ? s->header[c_inv]
                                                       : "<<choose a column for invoiceNumber>>"));
    cJSON_AddStringToObject(root, "match", "invoiceNumber");
    if (c_mode >= 0) {
        cJSON_AddStringToObject(root, "mode", s->header[c_mode]);
        snprintf(msg, sizeof msg,
                 "mode: column '%s' says what import does with each row (upsert, create, update, "
                 "replace, delete or skip; a blank cell: the --mode given)",
                 s->header[c_mode]);
        add_note(notes, msg);
    }
    if (percent) {
        cJSON *rd = cJSON_AddObjectToObject(root, "rounding");
        cJSON_AddStringToObject(rd, "lines", "currency");
        add_note(notes, "rounding: a discount in percent gives lines with fractions of a cent; "
                        "they are rounded to the currency's minor unit as the ERP does");
    }

    if (c_inv >= 0)
        cJSON_AddStringToObject(inv, "invoiceNumber", s->header[c_inv]);
    else
        placeholder(inv, "invoiceNumber", todo,
                    "no invoice number column was recognised; name it here and in "
                    "group_by");
    if (c_cust >= 0 && init_all_digits(s, c_cust)) {
        cJSON_AddStringToObject(inv, "customerId", s->header[c_cust]);
        snprintf(msg, sizeof msg,
                 "invoice.customerId: '%s' must hold the B2B Edition company id; if it holds "
                 "your own customer numbers, add \"lookup\": a table of them to company ids",
                 s->header[c_cust]);
        add_note(notes, msg);
    } else if (c_cust >= 0) {
        /* names (or the ERP's own account codes) where the API needs a company id: a lookup table
         */
        const char *example = "";
        for (size_t r = 0; r < s->nrows && !*example; r++)
            example = s->vals[r][c_cust];
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "column", s->header[c_cust]);
        cJSON_AddStringToObject(f, "lookup", "customers.csv");
        cJSON_AddItemToObject(inv, "customerId", f);
        snprintf(msg, sizeof msg,
                 "invoice.customerId: '%s' holds names such as '%s', not B2B Edition company "
                 "ids: write customers.csv beside the mapping (a header, then one line a customer: "
                 "the name as in '%s', the company id)",
                 s->header[c_cust], example, s->header[c_cust]);
        add_note(todo, msg);
    } else {
        placeholder(inv, "customerId", todo,
                    "no customer column was recognised; it must hold the B2B Edition "
                    "company id");
    }
    if (c_extid >= 0)
        cJSON_AddItemToObject(inv, "externalId", col_form(s->header[c_extid], NULL, true));
    if (c_extcust >= 0)
        cJSON_AddItemToObject(inv, "externalCustomerId",
                              col_form(s->header[c_extcust], NULL, true));
    if (c_type >= 0)
        cJSON_AddItemToObject(inv, "type", col_form(s->header[c_type], NULL, true));
    if (c_order >= 0)
        cJSON_AddItemToObject(inv, "orderNumber", col_form(s->header[c_order], NULL, true));
    if (c_po >= 0)
        cJSON_AddItemToObject(inv, "purchaseOrderNumber", col_form(s->header[c_po], NULL, true));
    if (c_issued >= 0)
        cJSON_AddItemToObject(inv, "issuedAt", col_form(s->header[c_issued], "date", false));
    if (c_due >= 0)
        cJSON_AddItemToObject(inv, "dueDate", col_form(s->header[c_due], "date", false));
    if (c_cur >= 0) {
        cJSON_AddStringToObject(inv, "currency", s->header[c_cur]);
        if (init_has_long_values(s, c_cur)) {
            snprintf(msg, sizeof msg,
                     "invoice.currency: '%s' holds currency names (\"US Dollar\"), read through "
                     "the built-in table of names; an unknown name is an error",
                     s->header[c_cur]);
            add_note(notes, msg);
        }
    }
    if (c_terms >= 0)
        cJSON_AddItemToObject(inv, "termsConditions", col_form(s->header[c_terms], NULL, true));
    if (c_channel >= 0 && init_all_digits(s, c_channel)) {
        cJSON_AddItemToObject(inv, "channelId", col_form(s->header[c_channel], "integer", true));
    } else if (c_channel >= 0) {
        s->used[c_channel] = false;
        snprintf(msg, sizeof msg,
                 "invoice.channelId: '%s' was not mapped: its values are not channel ids",
                 s->header[c_channel]);
        add_note(notes, msg);
    }
    if (c_status >= 0) {
        cJSON *map = sniff_status(s, c_status);
        if (map) {
            cJSON *st = cJSON_CreateObject();
            cJSON_AddStringToObject(st, "column", s->header[c_status]);
            cJSON_AddItemToObject(st, "map", map);
            cJSON_AddItemToObject(inv, "status", st);
        } else {
            s->used[c_status] = false;
            snprintf(msg, sizeof msg,
                     "invoice.status: '%s' was not mapped (its values are not all open/partially "
                     "paid/paid "
                     "words); add {\"column\": \"%s\", \"map\": {…: 0, …: 1, …: 2}} if you need it",
                     s->header[c_status], s->header[c_status]);
            add_note(notes, msg);
        }
    }
    if (c_source >= 0) {
        cJSON *map = sniff_source(s, c_source);
        if (map) {
            cJSON *so = cJSON_CreateObject();
            cJSON_AddStringToObject(so, "column", s->header[c_source]);
            cJSON_AddItemToObject(so, "map", map);
            cJSON_AddItemToObject(inv, "source", so);
        } else if (init_all_digits(s, c_source)) {
            cJSON_AddItemToObject(inv, "source", col_form(s->header[c_source], "integer", true));
        } else {
            s->used[c_source] = false;
        }
    }
    const char *nothing_paid = "the open balance is the invoice total (nothing paid yet)";
    if (c_total >= 0) {
        cJSON_AddItemToObject(inv, "originalBalance", col_form(s->header[c_total], "money", false));
    } else if (items || costs_only) {
        cJSON_AddItemToObject(inv, "originalBalance", compute_form("total"));
    } else {
        placeholder(inv, "originalBalance", todo,
                    "no total column was recognised and there are no line items "
                    "to add up");
    }
    if (c_open >= 0) {
        cJSON_AddItemToObject(inv, "openBalance", col_form(s->header[c_open], "money", false));
    } else if (c_total >= 0) {
        cJSON_AddItemToObject(inv, "openBalance", col_form(s->header[c_total], "money", false));
        snprintf(msg, sizeof msg, "invoice.openBalance: no open-balance column was found, so %s",
                 nothing_paid);
        add_note(notes, msg);
    } else if (items || costs_only) {
        cJSON_AddItemToObject(inv, "openBalance", compute_form("total"));
        snprintf(msg, sizeof msg, "invoice.openBalance: no open-balance column was found, so %s",
                 nothing_paid);
        add_note(notes, msg);
    } else {
        placeholder(inv, "openBalance", todo, "no open-balance column was recognised");
    }
    if (bill_found)
        cJSON_AddItemToObject(inv, "billingAddress", bill);
    else
        cJSON_Delete(bill);
    if (ship_found) {
        cJSON *arr = cJSON_CreateArray();
        cJSON_AddItemToArray(arr, ship);
        cJSON_AddItemToObject(inv, "shippingAddresses", arr);
    } else {
        cJSON_Delete(ship);
    }
    cJSON_AddItemToObject(root, "invoice", inv);

    if (items || costs_only) {
        int ccols[3] = {c_freight, c_handling, c_tax};
        if (c_net >= 0 || c_freight >= 0 || c_handling >= 0 || c_tax >= 0) {
            cJSON *cl = cJSON_AddArrayToObject(root, "costLines");
            if (items) {
                cJSON *sub = cJSON_CreateObject();
                cJSON_AddStringToObject(sub, "description", "Subtotal");
                cJSON_AddItemToObject(sub, "amount", compute_form("subtotal"));
                cJSON_AddItemToArray(cl, sub);
            } else if (c_net >= 0) {
                cJSON_AddItemToArray(cl, cost_from(s, c_net, c_inv, s->header[c_net]));
            }
            for (int i = 0; i < 3; i++)
                if (ccols[i] >= 0)
                    cJSON_AddItemToArray(cl, cost_from(s, ccols[i], c_inv, s->header[ccols[i]]));
        }
    } else if (c_freight >= 0 || c_handling >= 0 || c_tax >= 0) {
        /* amounts beside a total column: the total already holds them */
        int ccols[3] = {c_freight, c_handling, c_tax};
        for (int i = 0; i < 3; i++)
            if (ccols[i] >= 0)
                s->used[ccols[i]] = false;
    }
    if (items) {
        cJSON *li = cJSON_AddObjectToObject(root, "lineItems");
        cJSON_AddStringToObject(li, "sku", s->header[c_sku]);
        if (c_desc >= 0)
            cJSON_AddItemToObject(li, "description", col_form(s->header[c_desc], NULL, true));
        cJSON_AddItemToObject(li, "quantity", col_form(s->header[c_qty], "decimal", false));
        cJSON_AddItemToObject(li, "unitPrice", col_form(s->header[c_price], "money", false));
        if (c_disc >= 0)
            cJSON_AddItemToObject(li, "unitDiscount", col_form(s->header[c_disc], "money", true));
        if (percent) {
            cJSON *pf = cJSON_CreateObject();
            cJSON_AddStringToObject(pf, "percent", s->header[c_pct]);
            cJSON_AddItemToObject(li, "unitDiscount", pf);
        }
        cJSON_AddItemToObject(li, "type", value_form("physical"));
    } else {
        int lcols[] = {c_sku, c_qty, c_price, c_disc};
        for (size_t i = 0; i < IC_ARRAY_LEN(lcols); i++)
            if (lcols[i] >= 0)
                s->used[lcols[i]] = false;
        if (c_sku >= 0 || c_qty >= 0 || c_price >= 0)
            add_note(notes, "lineItems: not mapped, because no SKU, quantity and unit "
                            "price columns were all recognised");
    }
    unused_note(s, notes);
    if (cJSON_GetArraySize(todo) > 0)
        cJSON_AddItemToObject(root, "_todo", todo);
    else
        cJSON_Delete(todo);
    cJSON_AddItemToObject(root, "_comment", notes);
    return root;
}

int mapping_init_from_csv(const char *csv_path, FILE *out, ic_err *err)
{
    return mapping_init_from_table(csv_path, NULL, out, err);
}

int mapping_init_from_table(const char *csv_path, const table_options *opt, FILE *out, ic_err *err)
{
    sample s;
    memset(&s, 0, sizeof s);
    const char *encoding = "utf-8";
    ic_err first;
    ic_err_clear(&first);
    int rc = read_sample(csv_path, CSV_ENC_UTF8, opt, &s, &first);
    /* Not UTF-8?  Windows-1252 decodes any byte: try it before giving up.  Standard input cannot
     * be read a second time, so there the first error stands; nor has a workbook an encoding. */
    if (rc && rc != IC_EXIT_IO && strcmp(csv_path, "-") != 0 && !table_path_is_workbook(csv_path)) {
        sample_release(&s);
        ic_err e2;
        ic_err_clear(&e2);
        rc = read_sample(csv_path, CSV_ENC_WINDOWS_1252, opt, &s, &e2);
        encoding = "windows-1252";
        if (rc)
            sample_release(&s);
    }
    if (rc) {
        *err = first;
        return rc;
    }
    cJSON *root = build(&s, encoding);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    sample_release(&s);
    if (!text)
        return ic_err_set(err, IC_EXIT_INTERNAL, "cannot write the mapping: out of memory");
    /* Two-space indentation reads better than cJSON's tabs in a file people edit. */
    rc = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '\t' && p > text && p[-1] == ':') {
            if (fputc(' ', out) == EOF)
                rc = IC_EXIT_IO;
        } else if (*p == '\t') {
            if (fputs("  ", out) == EOF)
                rc = IC_EXIT_IO;
        } else if (fputc(*p, out) == EOF) {
            rc = IC_EXIT_IO;
        }
    }
    if (fputc('\n', out) == EOF)
        rc = IC_EXIT_IO;
    cJSON_free(text);
    if (rc)
        return ic_err_set(err, IC_EXIT_IO, "cannot write the mapping: %s", strerror(errno));
    return 0;
}
