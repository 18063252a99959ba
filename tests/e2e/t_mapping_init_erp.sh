# `mapping init` on the ERP exports of tests/erp/: what it places unaided in each layout, what it leaves as
# "_todo" (customer names where company ids are needed), and that every column it did not place is listed.
. "$ROOT/tests/e2e/lib.sh"
cd "$TMPD"
ERP="$ROOT/tests/erp"

for c in shift excel-register excel-lines qbo qbo-invoice-list xero netsuite sage50 sap-fbl5n odoo; do
    file=$(ls "$ERP/$c"/export.* | head -n1)
    expect_exit 0 "$INVOICECTL" mapping init "$file" -o "$c.json"
done

"$PY" - "$ERP" <<'PY'
import csv, json, sys
erp = sys.argv[1]
problems = []

def load(c):
    return json.load(open(f"{c}.json", encoding="utf-8"))

def col(f):
    """The column a field form reads (None for computed/constant forms)."""
    if isinstance(f, str):
        return f
    if isinstance(f, dict):
        return f.get("column") or f.get("sum") or f.get("percent")
    return None

def want(c, what, got, expected):
    if got != expected:
        problems.append(f"{c}: {what}: expected {expected!r}, got {got!r}")

def todo_mentions(c, m, text):
    if not any(text in t for t in m.get("_todo", [])):
        problems.append(f"{c}: no _todo mentions {text!r}: {m.get('_todo')}")

def unused_note(m):
    return " ".join(n for n in m["_comment"] if n.startswith("columns not used"))

def listed_unused(c, m, names):
    note = unused_note(m)
    for n in names:
        if f"'{n}'" not in note:
            problems.append(f"{c}: column {n!r} is not listed as not used: {note!r}")

def cost(m, column):
    return [cl for cl in m.get("costLines", []) if col(cl.get("amount")) == column]

# every header column is either read by the mapping or listed as not used
def all_accounted(c, m, header):
    text = json.dumps({k: v for k, v in m.items() if k not in ("_comment", "_todo")})
    note = unused_note(m)
    for h in header:
        if json.dumps(h) not in text and f"'{h}'" not in note:
            problems.append(f"{c}: column {h!r} is neither placed nor listed as not used")

for c, enc, delim in [("shift", "utf-8", ","), ("excel-register", "utf-8", ","), ("excel-lines", "utf-8", ","),
                      ("qbo", "utf-8", ","), ("qbo-invoice-list", "utf-8", ","), ("xero", "utf-8", ","),
                      ("netsuite", "utf-8", ","), ("sage50", "cp1252", ","), ("sap-fbl5n", "utf-8", "\t"),
                      ("odoo", "utf-8", ",")]:
    name = "export.txt" if c == "sap-fbl5n" else "export.csv"
    header = next(csv.reader(open(f"{erp}/{c}/{name}", encoding=enc, newline=""), delimiter=delim))
    all_accounted(c, load(c), header)

m = load("qbo"); i = m["invoice"]
want("qbo", "invoiceNumber", col(i.get("invoiceNumber")), "InvoiceNo")
want("qbo", "customerId", i["customerId"], {"column": "Customer", "lookup": "customers.csv"})
todo_mentions("qbo", m, "invoice.customerId: 'Customer' holds names")
want("qbo", "sku", col(m.get("lineItems", {}).get("sku")), "Item(Product/Service)")
want("qbo", "description", col(m.get("lineItems", {}).get("description")), "ItemDescription")
want("qbo", "quantity", col(m.get("lineItems", {}).get("quantity")), "ItemQuantity")
want("qbo", "unitPrice", col(m.get("lineItems", {}).get("unitPrice")), "ItemRate")
want("qbo", "tax per line", [cl["amount"] for cl in cost(m, "ItemTaxAmount")], [{"sum": "ItemTaxAmount"}])
want("qbo", "termsConditions", col(i.get("termsConditions")), "Terms")
want("qbo", "date", m["locale"]["date"], "%m/%d/%Y")
listed_unused("qbo", m, ["ItemAmount", "ItemTaxCode", "Location", "Memo"])

m = load("xero"); i = m["invoice"]
want("xero", "invoiceNumber", col(i.get("invoiceNumber")), "InvoiceNumber")
want("xero", "customerId", i["customerId"], {"column": "ContactName", "lookup": "customers.csv"})
want("xero", "originalBalance", col(i.get("originalBalance")), "Total")
want("xero", "openBalance", col(i.get("openBalance")), "InvoiceAmountDue")
want("xero", "purchaseOrderNumber", col(i.get("purchaseOrderNumber")), "Reference")
want("xero", "unitPrice", col(m.get("lineItems", {}).get("unitPrice")), "UnitAmount")
want("xero", "unitDiscount", m.get("lineItems", {}).get("unitDiscount"), {"percent": "Discount"})
want("xero", "tax per line", [cl["amount"] for cl in cost(m, "TaxAmount")], [{"sum": "TaxAmount"}])
want("xero", "billing city", col(i.get("billingAddress", {}).get("city")), "POCity")
want("xero", "date", m["locale"]["date"], "%d/%m/%Y")
want("xero", "status", i.get("status", {}).get("column"), "Status")
listed_unused("xero", m, ["TaxTotal", "LineAmount", "InvoiceAmountPaid", "AccountCode", "TaxType"])

m = load("shift"); i = m["invoice"]
want("shift", "_todo", m.get("_todo"), None)
want("shift", "invoiceNumber", col(i.get("invoiceNumber")), "Invoice Number")
want("shift", "customerId", col(i.get("customerId")), "Company ID")
want("shift", "currency", col(i.get("currency")), "Original Balance Currency")
want("shift", "originalBalance", col(i.get("originalBalance")), "Original Balance Amount")
want("shift", "openBalance", col(i.get("openBalance")), "Open Balance Amount")
want("shift", "issuedAt", col(i.get("issuedAt")), "Issued At")
want("shift", "type", col(i.get("type")), "Type")
want("shift", "source", i.get("source"), {"column": "Source", "map": {"B2B Edition": 0, "External": 1}})
want("shift", "status", i.get("status"), {"column": "Status", "map": {"Open": 0, "Partially paid": 1, "Completed": 2}})
want("shift", "termsConditions", col(i.get("termsConditions")), "Terms")
want("shift", "channelId", col(i.get("channelId")), "Channel")
want("shift", "externalId", col(i.get("externalId")), "External ID")
want("shift", "date", m["locale"]["date"], "%Y-%m-%d %H:%M:%S")
listed_unused("shift", m, ["ID", "Open Balance Currency", "Customer Name"])

m = load("netsuite"); i = m["invoice"]
want("netsuite", "invoiceNumber", col(i.get("invoiceNumber")), "Document Number")
want("netsuite", "customerId", i["customerId"], {"column": "Name", "lookup": "customers.csv"})
want("netsuite", "dueDate", col(i.get("dueDate")), "Due Date/Receive By")
want("netsuite", "originalBalance", col(i.get("originalBalance")), "Amount")
want("netsuite", "openBalance", col(i.get("openBalance")), "Amount Remaining")
want("netsuite", "purchaseOrderNumber", col(i.get("purchaseOrderNumber")), "PO/Check Number")
want("netsuite", "status", i.get("status", {}).get("map"), {"Open": 0, "Paid In Full": 2})
want("netsuite", "skip", m.get("skip"), [{"column": "Internal ID", "equals": "Total"}])

m = load("sage50"); i = m["invoice"]
want("sage50", "invoiceNumber", col(i.get("invoiceNumber")), "Reference")
want("sage50", "purchaseOrderNumber", i.get("purchaseOrderNumber"), None)
want("sage50", "customerId", i["customerId"], {"column": "Account Reference", "lookup": "customers.csv"})
want("sage50", "net per row", [cl["amount"] for cl in cost(m, "Net Amount")], [{"sum": "Net Amount"}])
want("sage50", "tax per row", [cl["amount"] for cl in cost(m, "Tax Amount")], [{"sum": "Tax Amount"}])
want("sage50", "originalBalance", i["originalBalance"], {"compute": "total"})
want("sage50", "encoding", m["csv"]["encoding"], "windows-1252")
want("sage50", "date", m["locale"]["date"], "%d/%m/%Y")

m = load("sap-fbl5n"); i = m["invoice"]
want("sap", "invoiceNumber", col(i.get("invoiceNumber")), "DocumentNo")
want("sap", "dueDate", col(i.get("dueDate")), "Net due dt")
want("sap", "issuedAt", col(i.get("issuedAt")), "Doc. Date")
want("sap", "originalBalance", col(i.get("originalBalance")), "Amount in DC")
want("sap", "currency", col(i.get("currency")), "Curr.")
want("sap", "decimal", m["locale"]["decimal"], ",")
want("sap", "date", m["locale"]["date"], "%d.%m.%Y")
want("sap", "delimiter", m["csv"]["delimiter"], "\t")
want("sap", "skip", m.get("skip"), [{"blank": True}, {"repeated_header": True},
                                    {"column": "Account", "equals": ["*", "**"]}])

m = load("odoo"); i = m["invoice"]
want("odoo", "invoiceNumber", col(i.get("invoiceNumber")), "Number")
want("odoo", "customerId", i["customerId"], {"column": "Partner", "lookup": "customers.csv"})
want("odoo", "fill_down", m.get("fill_down"), ["Number", "Partner", "Invoice/Bill Date", "Due Date", "Currency",
                                               "Untaxed Amount", "Tax", "Total", "Amount Due"])
want("odoo", "issuedAt", col(i.get("issuedAt")), "Invoice/Bill Date")
want("odoo", "originalBalance", col(i.get("originalBalance")), "Total")
want("odoo", "openBalance", col(i.get("openBalance")), "Amount Due")
want("odoo", "sku", col(m.get("lineItems", {}).get("sku")), "Invoice lines/Product")
want("odoo", "description", col(m.get("lineItems", {}).get("description")), "Invoice lines/Label")
want("odoo", "unitPrice", col(m.get("lineItems", {}).get("unitPrice")), "Invoice lines/Unit Price")
want("odoo", "unitDiscount", m.get("lineItems", {}).get("unitDiscount"), {"percent": "Invoice lines/Discount (%)"})
listed_unused("odoo", m, ["Untaxed Amount", "Invoice lines/Subtotal"])

m = load("qbo-invoice-list"); i = m["invoice"]
want("qbo-invoice-list", "invoiceNumber", col(i.get("invoiceNumber")), "Num")
want("qbo-invoice-list", "openBalance", col(i.get("openBalance")), "Open balance")
want("qbo-invoice-list", "originalBalance", col(i.get("originalBalance")), "Amount")
want("qbo-invoice-list", "skip", m.get("skip"), [{"blank": True}, {"column": "Date", "equals": "TOTAL"}])
want("qbo-invoice-list", "date", m["locale"]["date"], "%m/%d/%Y")

m = load("excel-lines")
todo_mentions("excel-lines", m, "lineItems.unitDiscount: 'Discount'")
listed_unused("excel-lines", m, ["Discount"])

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
