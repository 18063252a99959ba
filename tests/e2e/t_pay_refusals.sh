# A payments file with duplicates, overpayments and bad rows: the plan refuses each, naming its line (and
# the earlier line it repeats or shares the open balance with), records the rest once, and errors.csv
# lists every refused row; exit 1.  A later payment for an invoice paid in full is refused as paid.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/pay_helpers.sh"
sandbox_start
cd "$TMPD"
pay_seed
cat >map.json <<'JSON'
{ "target": "bigcommerce-b2b", "locale": { "date": "%Y-%m-%d" },
  "payment": { "invoice": "Invoice", "amount": "Amount", "date": "Value Date", "currency": "Currency",
               "reference": "Reference", "method": "Method" } }
JSON
cat >p.csv <<'CSV'
Value Date,Invoice,Amount,Currency,Reference,Method
2026-11-03,INV-10043,100.00,USD,R1,wire
2026-11-03,INV-10043,100.00,USD,R1,wire
2026-11-04,INV-10043,29.04,USD,R2,wire
2026-11-04,INV-10043,29.03,USD,R3,wire
2026-11-05,INV-10045,500.00,USD,R4,wire
2026-11-05,INV-99999,10,USD,R5,wire
2026-11-05,INV-10046,10,CAD,R6,wire
2026-11-05,INV-10046,12.5x,USD,R7,wire
2026-11-05,INV-10046,-5,USD,R8,wire
2026-31-05,INV-10046,5,USD,R9,wire
2026-11-06,,5,USD,R10,wire
2026-11-06,INV-10046,0,USD,R11,wire
2026-11-06,INV-10046,200.02,usd,R12,ach
CSV
expect_exit 1 "$INVOICECTL" pay -m map.json --yes --results r p.csv
cp "$TMPD/out" plan.txt
cp "$TMPD/err" err.txt
assert_contains err.txt "p.csv:9: error: column 'Amount': amount: '12.5x' is not an amount"
assert_contains err.txt "p.csv:10: error: column 'Amount': amount: -5 is not a payment received"
assert_contains err.txt "p.csv:11: error: column 'Value Date': date: '2026-31-05'"
assert_contains err.txt "p.csv:12: error: column 'Invoice': invoice: the cell is blank"
assert_contains err.txt "p.csv:13: error: column 'Amount': amount: 0 is not a payment received"
assert_contains err.txt "plan: 3 to record, 0 recorded already, 5 refused, 5 invalid"
assert_contains plan.txt "refused   line 3  INV-10043  100.00 USD  the same payment as line 2 (same invoice, amount, date and reference): recorded once"
assert_contains plan.txt "refused   line 4  INV-10043  29.04 USD  the payment of 29.04 is more than the open balance of invoice 'INV-10043' (129.03 USD) less the 100.00 the rows from line 2 take"
assert_contains plan.txt "refused   line 6  INV-10045  500.00 USD  the payment of 500.00 is more than the open balance of invoice 'INV-10045' (425.40 USD)"
assert_contains plan.txt "refused   line 7  INV-99999  10.00 USD  invoice 'INV-99999' is not in the store"
assert_contains plan.txt "the payment is in CAD but invoice 'INV-10046' is in USD"
assert_contains err.txt "pay: 3 recorded, 0 already recorded, 5 refused, 5 invalid, 0 rejected"

note "the store: three payments, the balances they leave"
store_payments | sort -k2 >pays.txt
assert_eq 3 "$(wc -l <pays.txt)" "payments"
assert_eq "INV-10043 100.0000
INV-10043 29.0300
INV-10046 200.0200" "$(cut -d' ' -f2- pays.txt | sort)" "payments recorded"
open_balances >bal.txt
assert_contains bal.txt "INV-10043 completed 0.00"
assert_contains bal.txt "INV-10045 open 425.40"
assert_contains bal.txt "INV-10046 completed 0.00"

note "errors.csv: every refused or invalid row, in the file's layout, with its error and line"
assert_eq 10 "$(($("$PY" -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1])))))' r/errors.csv) - 1))" "errors.csv rows"
"$PY" - r/errors.csv <<'PY' || fail "errors.csv"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
by_ref = {r["Reference"]: r for r in rows}
assert by_ref["R1"]["error_place"] == "line 3", by_ref["R1"]
assert "the same payment as line 2" in by_ref["R1"]["error"]
assert by_ref["R7"]["error_place"] == "line 9, column 'Amount'", by_ref["R7"]
assert set(by_ref) == {"R1", "R2", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11"}, sorted(by_ref)
PY
assert_eq 3 "$(($(wc -l <r/success.csv) - 1))" "success.csv rows"

note "a payment for an invoice paid in full is refused"
printf 'Value Date,Invoice,Amount,Currency,Reference,Method\n2026-11-09,INV-10043,1.00,USD,R20,wire\n' >late.csv
expect_exit 1 "$INVOICECTL" pay -m map.json --yes --results r2 late.csv
assert_contains "$TMPD/out" "invoice 'INV-10043' is paid already (completed, open balance 0.00)"
assert_eq 3 "$(store_payments | wc -l)" "payments after the late one"
