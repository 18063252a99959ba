#!/usr/bin/env bash
# An export as ERPs write it, imported with no edit: customer names looked up in a table next to the
# mapping, currency names, SAP's trailing minus, Excel's accounting-format zero, a currency sign; the
# store holds the ids and exact amounts, a second import plans nothing, export --map writes the names back
# and reads back unchanged; an unknown customer is one error naming it with its row count.
. "$ROOT/tests/e2e/lib.sh"
sandbox_start
cd "$TMPD"

cat >customers.csv <<'CSV'
Customer,B2B Company ID
Amy's Bird Sanctuary,1236
"Bill's Windsurf Shop",1240
Cool Cars,1259
CSV
cat >map.json <<'JSON'
{
  "target": "bigcommerce-b2b",
  "locale": { "decimal": ".", "date": "%m/%d/%Y", "timezone": "America/New_York", "currency": "USD" },
  "group_by": ["Invoice No"],
  "match": "invoiceNumber",
  "invoice": {
    "invoiceNumber": "Invoice No",
    "customerId": { "column": "Customer", "lookup": "customers.csv" },
    "dueDate": { "column": "Due Date", "type": "date" },
    "currency": "Currency",
    "originalBalance": "Amount",
    "openBalance": "Open Balance"
  }
}
JSON
# The amounts as the source systems print them: "$1,234.50", SAP's "580.20-", Excel's " $-   " for zero.
cat >a.csv <<'CSV'
Invoice No,Customer,Due Date,Currency,Amount,Open Balance
1001,Amy's Bird Sanctuary,11/30/2026,US Dollar,"$1,234.50"," $-   "
1002,  bill's windsurf shop ,11/30/2026,U.S. Dollar,580.20-,580.20-
1003,Cool Cars,11/30/2026,USD,99.99 USD,$-
1004,Cool Cars,11/30/2026,usd,$12.00,12.00$
CSV

note "the names and spellings import as they are"
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r1 a.csv
assert_eq 4 "$(jget r1/summary.json 'j["counts"]["created"]')" "created"
api GET '/invoices?limit=50' >list.json
"$PY" - list.json <<'PY'
import json, sys
got = {}
for inv in json.load(open(sys.argv[1]))["data"]:
    got[inv["invoiceNumber"]] = (inv["customerId"], inv["originalBalance"]["code"],
                                 round(float(inv["originalBalance"]["value"]) * 100),
                                 round(float(inv["openBalance"]["value"]) * 100))
want = {"1001": ("1236", "USD", 123450, 0), "1002": ("1240", "USD", -58020, -58020),
        "1003": ("1259", "USD", 9999, 0), "1004": ("1259", "USD", 1200, 1200)}
if got != want:
    sys.exit(f"store: got {got}, want {want}")
PY

note "the same file again plans nothing"
expect_exit 0 "$INVOICECTL" import -m map.json --dry-run --results r2 a.csv
assert_eq 4 "$(jget r2/plan.json 'j["counts"]["unchanged"]')" "unchanged on the second run"

note "export --map writes the names back, and the file reads back unchanged"
expect_exit 0 "$INVOICECTL" export --map map.json -o rt.csv
assert_contains rt.csv "Amy's Bird Sanctuary"
assert_contains rt.csv "Bill's Windsurf Shop"
assert_not_contains rt.csv ",1236,"
expect_exit 0 "$INVOICECTL" import -m map.json --dry-run --results r3 rt.csv
assert_eq 4 "$(jget r3/plan.json 'j["counts"]["unchanged"]')" "unchanged after the round trip"

note "an unknown customer is one error, with its row count"
cat >b.csv <<'CSV'
Invoice No,Customer,Due Date,Currency,Amount,Open Balance
2001,Dukes Basketball Camp,11/30/2026,USD,10.00,10.00
2002,Dukes Basketball Camp,11/30/2026,USD,20.00,20.00
2003,Cool Cars,11/30/2026,USD,30.00,30.00
CSV
expect_exit 1 "$INVOICECTL" validate -m map.json b.csv
assert_contains "$TMPD/err" "b.csv:2: error: column 'Customer', invoice 2001: customerId: customer 'Dukes Basketball Camp' is not in customers.csv (2 rows)"
assert_eq 1 "$(grep -c 'Dukes' "$TMPD/err")" "messages naming the unknown customer"

note "a missing table stops mapping check"
sed 's/customers.csv/no-such.csv/' map.json >m2.json
expect_exit 2 "$INVOICECTL" mapping check m2.json a.csv
assert_contains "$TMPD/err" "m2.json: invoice.customerId.lookup: cannot open 'no-such.csv': No such file or directory"
