# Helpers for the import and export tests against the Rebillia emulation (t_rebillia_*.sh).
# Source after lib.sh and rebillia_helpers.sh.

# reb_client [URL_SUFFIX]: the client's settings for the running Rebillia sandbox; the base URL is the
# sandbox's root plus URL_SUFFIX ("" or "/v1": both must work).
reb_client() {
    export SANDBOX_URL REB_KEY
    export REBILLIA_API_KEY=$REB_KEY REBILLIA_GATEWAY_ID=9
    unset REBILLIA_PAYMENT_METHOD_ID
    export INVOICECTL_API_URL="$SANDBOX_URL${1:-}"
}

# reb_store: every invoice in the sandbox, one a line, sorted by key: "KEY STATUS TOTAL BALANCE SHIPPING
# LINES" with amounts as the integers the API holds (KEY: the comments' invoicectl:NUMBER, or "-" for none;
# LINES: qty x amount joined by "+").  Pages are asked again when a fault is injected.
reb_store() {
    "$PY" - <<'PY'
import json, os, time, urllib.request
base = os.environ["SANDBOX_URL"]
hdr = {"X-AUTH-TOKEN": os.environ["REB_KEY"]}
out, page = [], 1
while True:
    req = urllib.request.Request(f"{base}/v1/invoices?include=detail&itemPerPage=250&pageNo={page}", headers=hdr)
    for _ in range(600):
        try:
            j = json.load(urllib.request.urlopen(req, timeout=10))
            break
        except Exception:
            time.sleep(0.1)
    else:
        raise SystemExit("cannot list the store")
    for i in j["data"]:
        c = i.get("comments") or ""
        key = c[len("invoicectl:"):] if c.startswith("invoicectl:") else "-"
        lines = "+".join(f"{d['qty']}x{d['amount']}" for d in i["detail"])
        out.append(f"{key} {i['status']} {i['total']} {i['balanceDue']} {i.get('shippingAmount') or 0} {lines}")
    if page >= j["totalPages"]:
        break
    page += 1
print("\n".join(sorted(out)))
PY
}

# reb_expect CSV: what reb_store must show after importing CSV (made like samples/rebillia-invoices.csv or by
# reb_csv: columns Invoice Number, Quantity, Unit Price, Shipping; 2 decimals), computed exactly with Decimal.
reb_expect() {
    "$PY" - "$1" <<'PY'
import csv, sys
from decimal import Decimal
inv = {}
for r in csv.DictReader(open(sys.argv[1], newline="")):
    i = inv.setdefault(r["Invoice Number"], {"ship": int(Decimal(r["Shipping"]) * 100), "lines": []})
    i["lines"].append((int(Decimal(r["Quantity"])), int(Decimal(r["Unit Price"]) * 100)))
for k in sorted(inv):
    i = inv[k]
    total = sum(q * a for q, a in i["lines"]) + i["ship"]
    print(f"{k} posted {total} {total} {i['ship']} " + "+".join(f"{q}x{a}" for q, a in i["lines"]))
PY
}

# reb_csv N [CHANGED]: N invoices (1 to 3 rows each) for the built-in customers, currencies and countries.
# CHANGED: how many invoices (the first ones, every 5th) get another unit price on their first row.
reb_csv() {
    "$PY" - "$1" "${2:-0}" <<'PY'
import sys
n, changed = int(sys.argv[1]), int(sys.argv[2])
picked = set(list(range(0, n, 5))[:changed])
cust = [("517", "USD", "US"), ("grace@example.com", "EUR", "DE"), ("alan@example.com", "GBP", "GB")]
print("Invoice Number,Customer,Invoice Date,Due Date,Currency,Description,Quantity,Unit Price,Shipping,"
      "Contact First Name,Contact Last Name,Street,City,Postcode,Country")
for i in range(n):
    c, cur, country = cust[i % 3]
    for k in range(1 + i % 3):
        price = f"{10 + i % 7}.{k}{i % 10}"
        if k == 0 and i in picked:
            price = f"{900 + i % 7}.99"
        ship = "0" if i % 4 == 0 else f"{i % 9}.{i % 10}5"
        print(f"R-{i:05d},{c},2026-10-01,2026-10-31,{cur},\"Item {k}, \"\"boxed\"\"\",{1 + k},{price},{ship},"
              f"Ann,Lee,1 Main St,Town,12345,{country}")
PY
}

# reb_numbers: the keys in the store, one a line, sorted (duplicates kept).
reb_numbers() { reb_store | cut -d' ' -f1; }
