# pay sends up to --concurrency payments at once (each POST leaves once its intent is on disk), several of
# one invoice included: 16 payments of one invoice at --latency 250 take about two round trips, not 16
# (one at a time, the POSTs alone take 4 s).  With answers lost under that window, every payment is still
# recorded exactly once: each lost one is looked up by its key once the window is empty, found, and not
# sent again.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/pay_helpers.sh"
cd "$TMPD"
sandbox_start --db store.db --latency 250
import_mapping inv.json
import_csv 4 >inv.csv
"$INVOICECTL" import -q -m inv.json --yes --journal inv.journal --results seed inv.csv || fail "seeding"
cat >map.json <<'JSON'
{ "payment": { "invoice": "Invoice", "amount": "Amount", "date": "Date", "reference": "Ref" } }
JSON
# pays FIRST COUNT INVOICES...: COUNT payments of 0.01 for each invoice, references from FIRST on
pays() {
    "$PY" - "$@" <<'PY'
import sys
first, count, invs = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
print("Date,Invoice,Amount,Ref")
for inv in invs:
    for k in range(count):
        print(f"2026-11-20,{inv},0.01,R-{first + k}")
PY
}

note "16 payments of one invoice, 8 at once"
pays 0 16 INV-000000 >one.csv
t0=$(date +%s.%N)
expect_exit 0 "$INVOICECTL" pay -m map.json --yes --concurrency 8 --journal j.journal --results r1 one.csv
t1=$(date +%s.%N)
assert_contains "$TMPD/err" "pay: 16 recorded, 0 already recorded"
secs=$("$PY" -c "print(f'{$t1 - $t0:.2f}')")
note "$secs s"
"$PY" -c "import sys; sys.exit(0 if $secs < 3.5 else 1)" ||
    fail "16 payments took $secs s: sent one at a time (>= 4 s), not 8 at once"
store_payments >pays.txt
assert_eq 16 "$(wc -l <pays.txt)" "payments in the store"
assert_eq "" "$(cut -d' ' -f1 pays.txt | sort | uniq -d)" "payments recorded twice"
sandbox_stop

note "answers lost while 6 are in flight: looked up once the window is empty, each recorded once"
sandbox_start --db store.db --faults drop-after-commit=0.3 --seed ${PAY_SEED:-3}
pays 100 6 INV-000000 INV-000001 INV-000002 INV-000003 >many.csv
expect_exit 0 "$INVOICECTL" pay -v -m map.json --yes --concurrency 6 --journal j.journal --results r2 \
    --timeout 5 many.csv
by_lookup=$(jget r2/summary.json 'sum(1 for p in j["payments"] if p.get("by_lookup"))')
[ "$by_lookup" -ge 1 ] || fail "no payment's answer was lost: the test tests nothing (seed ${PAY_SEED:-3})"
note "$by_lookup payment(s) found by the lookup after a lost answer"
assert_eq 24 "$(jget r2/summary.json 'j["counts"]["recorded"]')" "recorded"
assert_eq 0 "$(jget r2/summary.json 'j["counts"]["resends"]')" "payments sent again"
store_payments >pays.txt
assert_eq 40 "$(wc -l <pays.txt)" "payments in the store"
assert_eq "" "$(cut -d' ' -f1 pays.txt | sort | uniq -d)" "payments recorded twice"

note "the same file again records nothing"
expect_exit 0 "$INVOICECTL" pay -m map.json --yes --concurrency 6 --journal j.journal --results r3 many.csv
assert_contains "$TMPD/err" "pay: 0 recorded, 24 already recorded"
assert_eq 40 "$(store_payments | wc -l)" "payments after one more run"
