# Importing into BILL through faults: 500s, 503s, resets, answers lost after the write
# (drop-after-commit), sessions expiring mid-run (BDC_1109) and three SIGKILLs; the same command again
# ends with BILL's store exactly as the file says, each invoice created once, and the sign-ins counted.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"
bill_start --latency 15 --seed 7 --record-requests "$TMPD/req.jsonl" \
    --faults 'drop-after-commit=0.03,500=0.03,503=0.02,reset=0.02,session-expire=0.03'
bill_client_env
cd "$TMPD"
bill_mapping map.json
bill_csv 200 >a.csv
csv_numbers a.csv >want.txt
# exec: so that $! of `run … &` is invoicectl itself, which the kills must reach
run() { exec "$INVOICECTL" import -q -m map.json --yes --journal j.journal --results "$1" --timeout 2 a.csv; }

kill_at_lines 30
kill_at_lines $(($(wc -l <j.journal) + 60))
kill_at_lines $(($(wc -l <j.journal) + 60))
bill_store partial.json
bill_numbers partial.json >partial.txt
assert_eq "" "$(uniq -d partial.txt)" "duplicates after the kills"
[ -s partial.txt ] || fail "nothing was created before the kills"

note "the same command again finishes the job"
set +e
(run final)
rc=$?
set -e
assert_eq 0 "$rc" "final run"
assert_eq 200 "$(summary_get final 'j["counts"]["created"]')" "created, counting earlier runs"
bill_store s.json
bill_numbers s.json >got.txt
golden want.txt got.txt

note "a run over a store that matches sends no write, even through the faults"
M=$(wc -l <req.jsonl)
expect_exit 0 "$INVOICECTL" import -q -m map.json --yes --results again a.csv
assert_eq 0 "$(bill_writes <(tail -n +$((M + 1)) req.jsonl))" "writes"

note "sessions expired mid-run and were signed in again"
sandbox_stop # the fault summary comes at the end
grep -q 'session-expire=[1-9]' "$TMPD/sandbox.err" || { cat "$TMPD/sandbox.err"; fail "no session expired"; }
[ "$(bill_count req.jsonl POST /v3/login)" -ge 5 ] || fail "sign-ins: $(bill_count req.jsonl POST /v3/login)"
