# validate and import with a BILL mapping report BILL's own rules (the connector's check): amounts with
# more than 2 decimals, no customer, an invoice number over 100 characters, a new customer made from a
# name and an email; import sends only the invoices BILL can hold.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"
cd "$TMPD"
bill_mapping map.json
long=$(printf 'L%.0s' $(seq 1 101))
cat >bad.csv <<EOF
Invoice Number,Customer ID,Invoice Date,Due Date,Description,Quantity,Unit Price
BX-1,0cu01SANDBOX00000001,2026-10-01,2026-10-31,Widget,1,10.125
BX-2,0cu01SANDBOX00000003,2026-10-01,2026-10-31,Widget,1,10.00
$long,0cu01SANDBOX00000001,2026-10-01,2026-10-31,Widget,1,10.00
BX-4,0cu01SANDBOX00000002,2026-10-01,2026-10-31,Widget,3,10.00
EOF

note "validate: BILL's rules, naming line and invoice"
expect_exit 1 "$INVOICECTL" validate -m map.json bad.csv
assert_contains "$TMPD/err" "bad.csv:2: error: invoice BX-1: lineItems[0].unitPrice 10.125 has more than 2 decimals: BILL keeps amounts"
assert_contains "$TMPD/err" "bad.csv:4: error: invoice $long: "
assert_contains "$TMPD/err" "invoiceNumber has 101 characters: BILL allows at most 100"
assert_contains "$TMPD/out" "valid:    2"

note "a customer given by name and email: BILL makes a new one (a warning)"
sed 's/"customerId": "Customer ID",/"customerName": "Customer ID", "customerEmail": { "value": "ap@example.com" },/' \
    map.json >named.json
head -1 bad.csv >one.csv
tail -1 bad.csv >>one.csv
expect_exit 0 "$INVOICECTL" validate -m named.json one.csv
assert_contains "$TMPD/err" "warning"
assert_contains "$TMPD/err" "new customer"

note "import: the plan refuses what BILL cannot hold, only the rest is sent"
bill_start --record-requests "$TMPD/req.jsonl"
bill_client_env
expect_exit 1 "$INVOICECTL" import -m map.json --yes --results r bad.csv
assert_contains "$TMPD/err" "nothing was sent"
assert_eq 0 "$(bill_count req.jsonl POST /v3/invoices)" "creates without --skip-invalid"
expect_exit 1 "$INVOICECTL" import -m map.json --yes --skip-invalid --results r2 bad.csv
assert_eq 2 "$(bill_count req.jsonl POST /v3/invoices)" "creates"
bill_store s.json
assert_eq "BX-2
BX-4" "$(bill_numbers s.json)" "stored"
