# Amounts as ERPs write them, end to end against the sandbox: QuickBooks Online's per-line tax summed
# into a Tax cost line ({"sum": ...}), Xero's percentage discount per line ({"percent": ...}), line
# amounts rounded to the currency's minor unit before they are summed (rounding.lines), and a totals
# check with a tolerance.  The store holds what the source system's totals say; a re-import plans
# nothing, and so does the file export --map writes back.
. "$ROOT/tests/e2e/lib.sh"
sandbox_start
cd "$TMPD"
cat >map.json <<'JSON'
{
  "target": "bigcommerce-b2b",
  "locale": { "decimal": ".", "date": "%m/%d/%Y", "timezone": "UTC" },
  "group_by": ["InvoiceNo"],
  "rounding": { "lines": "currency" },
  "checks": { "totals": "error", "tolerance": "0.01" },
  "invoice": {
    "invoiceNumber": "InvoiceNo",
    "customerId": "Customer",
    "currency": "Currency",
    "dueDate": { "column": "DueDate", "type": "date" },
    "originalBalance": { "column": "TotalAmount", "type": "money" },
    "openBalance": { "column": "Balance", "type": "money" }
  },
  "costLines": [ { "description": "Tax", "amount": { "sum": "ItemTaxAmount" } } ],
  "lineItems": {
    "sku": "Item",
    "quantity": { "column": "ItemQuantity", "type": "decimal" },
    "unitPrice": { "column": "ItemRate", "type": "money" },
    "unitDiscount": { "percent": "Discount", "optional": true }
  }
}
JSON
# 1001: 2 × 10.00 + 1 × 12.50 less 10 % (11.25) + tax 1.65 + 0.94 = 33.84
# 1002: 3 × 20.4783 = 61.4349, rounded 61.43 + tax 0 = 61.43 (the ERP's 61.44 is within 0.01)
# 1003: JPY, 3 × 33.5 = 100.5, rounded 101 yen, tax 10 = 111
cat >qbo.csv <<'CSV'
InvoiceNo,Customer,Currency,DueDate,Item,ItemQuantity,ItemRate,Discount,ItemTaxAmount,TotalAmount,Balance
1001,42,USD,12/31/2026,Widget,2,10.00,,1.65,33.84,33.84
1001,42,USD,12/31/2026,Gadget,1,12.50,10%,0.94,33.84,33.84
1002,43,USD,12/31/2026,Bolt,3,20.4783,,,61.44,20.00
1003,44,JPY,12/31/2026,Nut,3,33.5,,10,111,111
CSV
expect_exit 0 "$INVOICECTL" validate -m map.json qbo.csv
expect_exit 0 "$INVOICECTL" import -q -m map.json --yes --results r1 qbo.csv
assert_eq 3 "$(jget r1/summary.json 'j["counts"]["created"]')" "created"

note "the store holds the ERP's amounts"
api GET "/invoices?limit=250" >"$TMPD/list.json"
"$PY" - "$TMPD/list.json" <<'PY' || fail "store contents"
import json, sys
from decimal import Decimal
inv = {i["invoiceNumber"]: i for i in json.load(open(sys.argv[1]))["data"]}
def d(x): return Decimal(str(x))
a = inv["1001"]
assert d(a["originalBalance"]["value"]) == Decimal("33.84"), a["originalBalance"]
lines = a["details"]["details"]["lineItems"]
assert [d(l["unitDiscount"]["value"]) if l.get("unitDiscount") else None for l in lines][1] == Decimal("1.25"), lines
costs = a["details"]["header"]["costLines"]
assert [(c["description"], d(c["amount"]["value"])) for c in costs] == [("Tax", Decimal("2.59"))], costs
assert d(inv["1002"]["openBalance"]["value"]) == Decimal("20"), inv["1002"]
assert d(inv["1003"]["originalBalance"]["value"]) == Decimal("111"), inv["1003"]
PY

note "a re-import of the same file plans nothing"
expect_exit 0 "$INVOICECTL" import -m map.json --dry-run --results r2 qbo.csv
assert_eq 3 "$(jget r2/plan.json 'j["counts"]["unchanged"]')" "unchanged"

note "the file export --map writes reads back unchanged (the tax sum on the invoice's first row)"
expect_exit 0 "$INVOICECTL" export --map map.json -o rt.csv
expect_exit 0 "$INVOICECTL" import -m map.json --dry-run --results r3 rt.csv
assert_eq 3 "$(jget r3/plan.json 'j["counts"]["unchanged"]')" "unchanged after the round trip"

note "a real mismatch is still an error: 1002 said 61.50"
sed 's/^1002,\(.*\),61.44,20.00$/1002,\1,61.50,20.00/' qbo.csv >bad.csv
expect_exit 1 "$INVOICECTL" validate -m map.json bad.csv
assert_contains "$TMPD/err" "originalBalance 61.50 differs from the lines' total 61.43"
