# SIGKILL in the middle of recording payments, twice, then the same command again: every payment of the
# file is recorded exactly once (the journal's intents, up to --concurrency of them open at a kill, are
# resolved by looking the payments up), and a run after that records nothing.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/pay_helpers.sh"
sandbox_start --latency 40
cd "$TMPD"
import_mapping inv.json
import_csv 40 >inv.csv
"$INVOICECTL" import -q -m inv.json --yes --journal inv.journal --results seed inv.csv || fail "seeding"
cat >map.json <<'JSON'
{ "payment": { "invoice": "Invoice", "amount": "Amount", "date": "Date", "reference": "Ref" } }
JSON
# two payments for each invoice
"$PY" - >p.csv <<'PY'
print("Date,Invoice,Amount,Ref")
for i in range(40):
    for k in ("A", "B"):
        print(f"2026-11-2{i % 9},INV-{i:06d},1.{i % 10}0,{k}-{i}")
PY
run() { exec "$INVOICECTL" pay -q -m map.json --yes --journal j.journal --results "$1" --timeout 2 p.csv; }

kill_at_lines 31
kill_at_lines 90
store_payments >partial.txt
assert_eq "" "$(cut -d' ' -f1 partial.txt | sort | uniq -d)" "payments recorded twice after the kills"
[ "$(wc -l <partial.txt)" -lt 80 ] || fail "the kills came too late to test anything"

note "SIGINT: the payments in flight finish, the rest is not sent, results are written, exit 4"
# once the run has started sending (the journal grows), not while it reads the store
at=$(($(wc -l <j.journal) + 8))
run int &
pid=$!
for _ in $(seq 1 1500); do
    [ "$(wc -l <j.journal)" -ge "$at" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
done
kill -INT "$pid" 2>/dev/null || true
set +e
wait "$pid"
rc=$?
set -e
note "exit $rc after SIGINT"
if [ "$rc" = 4 ]; then
    [ "$(jget int/summary.json 'j["counts"]["not_sent"]')" -gt 0 ] || fail "interrupted but nothing left"
    assert_eq 80 "$(($(wc -l <int/success.csv) + $(wc -l <int/errors.csv) - 2))" "rows accounted for after SIGINT"
    assert_contains int/errors.csv "not sent: the run was interrupted; resume with the same command"
else
    assert_eq 0 "$rc" "exit after SIGINT (4, or 0 when it had finished)"
fi
store_payments >partial2.txt
assert_eq "" "$(cut -d' ' -f1 partial2.txt | sort | uniq -d)" "payments recorded twice after SIGINT"

note "the same command again finishes the job"
set +e
(run final)
rc=$?
set -e
assert_eq 0 "$rc" "final run"
store_payments >pays.txt
assert_eq 80 "$(wc -l <pays.txt)" "payments in the store"
assert_eq "" "$(cut -d' ' -f1 pays.txt | sort | uniq -d)" "payments recorded twice"
assert_eq 80 "$(($(jget final/summary.json 'j["counts"]["recorded"]') + $(jget final/summary.json 'j["counts"]["already_recorded"]')))" "recorded, counting earlier runs"
expect_exit 0 "$INVOICECTL" pay -m map.json --yes --journal j.journal --results again p.csv
assert_contains "$TMPD/err" "pay: 0 recorded, 80 already recorded"
assert_eq 80 "$(store_payments | wc -l)" "payments after one more run"
