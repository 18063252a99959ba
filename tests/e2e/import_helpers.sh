# Helpers for the import tests (t_import_*.sh): a mapping, a CSV generator, and a reader of the store.
# Source after lib.sh.

# import_mapping FILE: a mapping that does not map the billing address (so one set through the API is
# something the CSV does not say, and must survive updates).
import_mapping() {
    cat >"$1" <<'JSON'
{
  "target": "bigcommerce-b2b",
  "locale": { "decimal": ".", "date": "%Y-%m-%d", "timezone": "UTC", "currency": "USD" },
  "group_by": ["Invoice Number"],
  "match": "invoiceNumber",
  "invoice": {
    "invoiceNumber": "Invoice Number",
    "customerId": "Company ID",
    "dueDate": { "column": "Due Date", "type": "date" },
    "currency": "Currency",
    "originalBalance": { "compute": "total" },
    "openBalance": { "compute": "total" }
  },
  "costLines": [
    { "description": "Subtotal", "amount": { "compute": "subtotal" } },
    { "description": "Freight", "amount": { "column": "Freight", "type": "money" } }
  ],
  "lineItems": {
    "sku": "SKU",
    "description": "Description",
    "quantity": { "column": "Quantity", "type": "decimal" },
    "unitPrice": { "column": "Unit Price", "type": "money" },
    "type": { "value": "physical" }
  }
}
JSON
}

# import_csv N [CHANGED] [BAD]: N invoices (1 to 3 rows each) on stdout.  CHANGED: how many invoices (the
# first ones, every 7th) get another unit price on their first row.  BAD: comma-separated invoice indices
# whose due date is impossible (2026-02-31).
import_csv() {
    "$PY" - "$1" "${2:-0}" "${3:-}" <<'PY'
import sys
n, changed, bad = int(sys.argv[1]), int(sys.argv[2]), {int(x) for x in sys.argv[3].split(",") if x}
print("Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight")
picked = set(list(range(0, n, 7))[:changed])
for i in range(n):
    due = "2026-02-31" if i in bad else "2026-11-30"
    for k in range(1 + i % 3):
        price = f"{10 + i % 7}.{k}5"
        if k == 0 and i in picked:
            price = f"{20 + i % 7}.99"
        print(f"INV-{i:06d},{1000 + i % 50},{due},USD,SKU-{k},\"Item {k}, \"\"boxed\"\"\",{1 + k},{price},5.00")
PY
}

# store_numbers: every invoice number in the sandbox store, one a line, sorted (duplicates kept).  Pages are
# asked again when a fault is injected.
store_numbers() {
    "$PY" - <<'PY'
import json, os, time, urllib.request
base = os.environ["INVOICECTL_API_URL"]
hdr = {"X-Auth-Token": os.environ["B2B_AUTH_TOKEN"], "X-Store-Hash": os.environ["B2B_STORE_HASH"]}
out, off = [], 0
while True:
    req = urllib.request.Request(f"{base}/invoices?limit=250&offset={off}", headers=hdr)
    # the sandbox may be injecting faults, or refusing with 429 until its rate window (seconds long)
    # reopens: a GET is simply asked again, for up to a minute
    for attempt in range(600):
        try:
            page = json.load(urllib.request.urlopen(req, timeout=10))
            if page.get("code") == 200:
                break
        except Exception:
            time.sleep(0.1)
    else:
        raise SystemExit("cannot list the store")
    out += [i["invoiceNumber"] for i in page["data"]]
    off += 250
    if off >= page["meta"]["pagination"]["totalCount"]:
        break
print("\n".join(sorted(out)))
PY
}

# csv_numbers FILE: the distinct invoice numbers of a CSV made by import_csv, sorted.
csv_numbers() { tail -n +2 "$1" | cut -d, -f1 | sort -u; }

# summary_get DIR EXPR: a value from DIR/summary.json.
summary_get() { jget "$1/summary.json" "$2"; }
