# Faults and SIGKILLs against Rebillia: creates whose answer is lost after the invoice was stored
# (drop-after-commit), 500s, and SIGKILLs at several points of the run; the same command again finishes the
# job and the store ends exactly as an uninterrupted run leaves it: each invoice once (the lookup by the
# comments key before any retry), every amount exact.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/rebillia_helpers.sh"
. "$ROOT/tests/e2e/rebillia_import_helpers.sh"
reb_start --latency 10 --seed 7 --faults 'drop-after-commit=0.05,500=0.05'
reb_client /v1
cd "$TMPD"
cp "$ROOT/samples/rebillia-invoices.map.json" map.json
reb_csv 120 >a.csv
reb_expect a.csv >want.txt
run() { exec "$INVOICECTL" import -q -m map.json --yes --journal j.journal --results "$1" --timeout 2 a.csv; }


kill_at_lines 20
kill_at_lines $(($(wc -l <j.journal) + 30))
run kt &
pid=$!
sleep 0.4
kill -9 "$pid" 2>/dev/null || true
wait "$pid" || true
note "killed after 0.4 s at $(wc -l <j.journal) journal lines"
reb_numbers >partial.txt
assert_eq "" "$(uniq -d partial.txt)" "invoices twice after the kills"

note "the same command again finishes the job"
set +e
(run final)
rc=$?
set -e
assert_eq 0 "$rc" "final run"
assert_eq 120 "$(summary_get final 'j["counts"]["created"]')" "created, counting earlier runs"
reb_store >store.txt
golden want.txt store.txt

note "and a re-run writes nothing"
expect_exit 0 "$INVOICECTL" import -m map.json --yes --journal j2 --results again a.csv
assert_eq "0 0" "$(summary_get again '"%d %d" % (j["requests"]["POST"], j["requests"]["PUT"])')" "POST and PUT"

note "lost create answers without kills: each is looked up by its key before it is sent again"
sandbox_stop
reb_start --seed 3 --faults 'drop-after-commit=0.3'
reb_client ""
reb_csv 30 >c.csv
reb_expect c.csv >wantc.txt
expect_exit 0 "$INVOICECTL" import -q -m map.json --yes --journal jc --results rc c.csv
[ "$(summary_get rc 'j["requests"]["lookups"]')" -gt 0 ] || fail "no create answer was lost: the fault did not bite"
assert_eq 30 "$(summary_get rc 'j["requests"]["POST"]')" "POSTs (one per invoice: none sent twice)"
reb_store >storec.txt
golden wantc.txt storec.txt
