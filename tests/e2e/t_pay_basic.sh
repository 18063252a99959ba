# pay end to end against the sandbox: the sample bank export pays five invoices (two payments for one of
# them); the dry run sends nothing, the run without --yes off a terminal records nothing, the run records
# each payment once, `export` shows the lowered open balances, and the same command again records nothing.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/pay_helpers.sh"
sandbox_start
cd "$TMPD"
pay_seed
cp "$ROOT/samples/payments.csv" "$ROOT/samples/payments.map.json" .

note "mapping check knows a payments mapping"
expect_exit 0 "$INVOICECTL" mapping check payments.map.json payments.csv
assert_eq "payments mapping 'payments.map.json' is valid for 'payments.csv'" "$(cat "$TMPD/out")"
expect_exit 2 "$INVOICECTL" mapping check payments.map.json "$ROOT/samples/invoices.csv"
assert_contains "$TMPD/err" "payments.map.json: payment.amount: no column 'Amount'"

note "dry run: the plan, nothing sent"
expect_exit 0 "$INVOICECTL" pay -m payments.map.json --dry-run payments.csv
assert_eq 5 "$(grep -c '^record ' "$TMPD/out")" "record lines"
assert_contains "$TMPD/err" "5 to record, 0 recorded already, 0 refused, 0 invalid"
assert_eq "" "$(store_payments)" "payments after the dry run"

note "no terminal, no --yes: refused, with the count and totals per currency"
expect_exit 2 "$INVOICECTL" pay -m payments.map.json --results r0 payments.csv
assert_contains "$TMPD/err" "refusing to record 5 payments (8364.54 USD and 1500.00 CAD)"
assert_eq "" "$(store_payments)" "payments after the refusal"

note "recorded"
expect_exit 0 "$INVOICECTL" pay -m payments.map.json --yes --results r1 payments.csv
assert_contains "$TMPD/err" "pay: 5 recorded, 0 already recorded, 0 refused"
assert_eq 5 "$(jget r1/summary.json 'j["counts"]["recorded"]')" "recorded"
assert_eq 5 "$(($(wc -l <r1/success.csv) - 1))" "success.csv rows"
assert_eq 1 "$(wc -l <r1/errors.csv)" "errors.csv is a header alone"
head -1 r1/success.csv | grep -q '^Booking Date,.*,invoice_id,action' || fail "success.csv header: $(head -1 r1/success.csv)"
store_payments >pays.txt
assert_eq 5 "$(wc -l <pays.txt)" "payments in the store"
assert_eq "" "$(cut -d' ' -f1 pays.txt | sort | uniq -d)" "payment keys recorded twice"
grep -q '^invoicectl:[0-9a-f]\{16\} INV-10044 1500.0000$' pays.txt || fail "the CAD payment: $(cat pays.txt)"
# the day, method and reference travel in the memo
api GET "/payments?searchBy=externalId&q=$(grep INV-10044 pays.txt | cut -d' ' -f1)" >p.json
assert_eq "2026-11-10 Cheque CHQ 004412" "$(jget p.json 'j["data"][0]["details"]["memo"]')" "memo"
assert_eq "Northern Tooling Ltd" "$(jget p.json 'j["data"][0]["payerName"]')" "payer"

note "export shows the new open balances"
open_balances >balances.txt
assert_contains balances.txt "INV-10041 completed 0.00"
assert_contains balances.txt "INV-10042 completed 0.00"
assert_contains balances.txt "INV-10044 partially paid 2082.18"
assert_contains balances.txt "INV-10047 completed 0.00"
assert_contains balances.txt "INV-10043 open 129.03"

note "the same command again records nothing"
expect_exit 0 "$INVOICECTL" pay -m payments.map.json --yes --results r2 payments.csv
assert_contains "$TMPD/err" "pay: 0 recorded, 5 already recorded"
assert_eq 5 "$(store_payments | wc -l)" "payments after the second run"

note "without the journal, the store's payments say it: found by their keys, nothing recorded twice"
expect_exit 0 "$INVOICECTL" pay -m payments.map.json --yes --journal other.journal --results r3 payments.csv
assert_contains "$TMPD/err" "pay: 0 recorded, 5 already recorded"
assert_eq 5 "$(store_payments | wc -l)" "payments after a run with a new journal"
