# Credit notes are ordinary invoices: a negative invoice imports without an "open balance is more than
# original balance" warning, and a re-import of the same unchanged file plans nothing, even when the mapping
# sends a status: the API sets status 2 (paid) whenever the open balance is <= 0, so the plan compares
# knowing that rule instead of planning an update the API would undo on every run.
. "$ROOT/tests/e2e/lib.sh"
sandbox_start
cd "$TMPD"
cat >map.json <<'JSON'
{
  "target": "bigcommerce-b2b",
  "locale": { "decimal": ".", "date": "%Y-%m-%d", "timezone": "UTC", "currency": "USD" },
  "group_by": ["Number"],
  "invoice": {
    "invoiceNumber": "Number",
    "customerId": "Company",
    "type": "Type",
    "status": { "value": 0 },
    "originalBalance": { "column": "Total", "type": "money" },
    "openBalance": { "column": "Due", "type": "money" }
  },
  "lineItems": {
    "sku": "SKU",
    "quantity": { "column": "Qty", "type": "decimal" },
    "unitPrice": { "column": "Price", "type": "money" }
  }
}
JSON
cat >a.csv <<'CSV'
Number,Company,Type,SKU,Qty,Price,Total,Due
CN-1001,1001,Credit Note,RET-1,-2,12.50,-25.00,-25.00
CN-1002,1001,Credit Note,RET-2,-1,40.00,-40.00,-15.00
INV-1003,1002,Invoice,SKU-1,3,10.00,30.00,30.00
CSV

note "validate: no warning for the credit notes"
expect_exit 0 "$INVOICECTL" validate -m map.json a.csv
assert_not_contains "$TMPD/out" "is more than originalBalance"
assert_not_contains "$TMPD/err" "is more than originalBalance"

note "first import creates all three"
expect_exit 0 "$INVOICECTL" import -q -m map.json --yes --results r1 a.csv
assert_eq 3 "$(jget r1/summary.json 'j["counts"]["created"]')" "created"

note "the store applied its rule: the credit notes are status 2, the invoice 0"
api GET "/invoices?limit=250" >"$TMPD/list.json"
assert_eq "2 2 0" "$(jget "$TMPD/list.json" '" ".join(str(i["status"]) for n in ("CN-1001", "CN-1002", "INV-1003") for i in j["data"] if i["invoiceNumber"] == n)')" "statuses"

note "re-import of the same file: nothing to update"
expect_exit 0 "$INVOICECTL" import -m map.json --dry-run --results r2 a.csv
assert_eq 0 "$(jget r2/plan.json 'j["counts"]["update"]')" "updates planned"
assert_eq 3 "$(jget r2/plan.json 'j["counts"]["unchanged"]')" "unchanged"

note "a real change to a credit note is still an update"
sed 's/^CN-1002,1001,Credit Note,RET-2,-1,40.00,-40.00,-15.00$/CN-1002,1001,Credit Note,RET-2,-1,40.00,-40.00,-10.00/' a.csv >b.csv
expect_exit 0 "$INVOICECTL" -v import -m map.json --dry-run --results r3 b.csv
assert_eq 1 "$(jget r3/plan.json 'j["counts"]["update"]')" "updates planned"
assert_contains "$TMPD/out" "openBalance.value: -15.0000 -> -10"
assert_not_contains "$TMPD/out" "status:"
