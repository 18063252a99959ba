# pay and the targets: Rebillia's API has no endpoint for a payment received outside it, so pay refuses a
# payments mapping that names it (exit 2, naming the target, before any credential is asked for or any
# request sent); a target this build does not know is refused as import refuses it.
. "$ROOT/tests/e2e/lib.sh"
cd "$TMPD"
printf 'Date,Invoice,Amount\n2026-11-03,INV-1,10.00\n' >p.csv
cat >reb.json <<'JSON'
{ "target": "rebillia", "payment": { "invoice": "Invoice", "amount": "Amount", "date": "Date" } }
JSON
unset B2B_AUTH_TOKEN B2B_STORE_HASH REBILLIA_API_KEY || true
expect_exit 2 "$INVOICECTL" pay -m reb.json --yes p.csv
assert_contains "$TMPD/err" "Rebillia (target 'rebillia') cannot record payments"
assert_contains "$TMPD/err" "no endpoint for recording a payment received outside Rebillia"
assert_contains "$TMPD/err" "nothing was sent"
[ ! -e invoicectl-results ] || fail "a refused run left invoicectl-results behind"

cat >bad.json <<'JSON'
{ "target": "quickbooks", "payment": { "invoice": "Invoice", "amount": "Amount", "date": "Date" } }
JSON
expect_exit 2 "$INVOICECTL" pay -m bad.json --yes p.csv
assert_contains "$TMPD/err" "bad.json: target: 'quickbooks' is not supported"

note "the mapping's own mistakes, every one with its JSON path"
cat >m.json <<'JSON'
{ "payment": { "invoice": { "column": "Invoice", "pattern": "INV-[" }, "amout": "Amount",
               "date": { "column": "Date", "format": "%d.%m" }, "currency": { "value": "EURO" } } }
JSON
expect_exit 2 "$INVOICECTL" pay -m m.json --yes p.csv
assert_contains "$TMPD/err" "m.json: payment.amout: unknown field; did you mean 'amount'?"
assert_contains "$TMPD/err" "m.json: payment.invoice.pattern: 'INV-[' is not a valid extended regular expression"
assert_contains "$TMPD/err" "m.json: payment.amount: missing"
assert_contains "$TMPD/err" "m.json: payment.date.format: '%d.%m' has no year"
assert_contains "$TMPD/err" "m.json: payment.currency.value: expected an ISO 4217 currency code"
note "a column the file lacks"
cat >c.json <<'JSON'
{ "payment": { "invoice": "Invoice", "amount": "Amout", "date": "Date" } }
JSON
expect_exit 2 "$INVOICECTL" pay -m c.json --yes p.csv
assert_contains "$TMPD/err" "c.json: payment.amount: no column 'Amout' in 'p.csv'; nearest: 'Amount'"
