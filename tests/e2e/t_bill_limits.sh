# BILL's limits during an import, against the BILL sandbox: more than the organisation's requests in
# flight (BDC_1322, HTTP 429) is retried and ends exact; the hourly budget spent (BDC_1144, HTTP 429)
# stops the run with exit 3 and the time to resume, and the same command resumes once BILL accepts again.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"
cd "$TMPD"
bill_mapping map.json
bill_csv 60 >a.csv
csv_numbers a.csv >want.txt

note "one request in flight at a time: BDC_1322 answers are retried, the store ends exact"
bill_start --concurrency-limit 1 --latency 20
bill_client_env
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results c1 a.csv
[ "$(summary_get c1 'j["requests"]["answered_busy"]')" -gt 0 ] || fail "no BDC_1322 answer was met"
assert_eq 60 "$(summary_get c1 'j["counts"]["created"]')" "created"
bill_store s.json
bill_numbers s.json >got.txt
golden want.txt got.txt
sandbox_stop
grep -q 'concurrency 429s [1-9]' "$TMPD/sandbox.err" || { cat "$TMPD/sandbox.err"; fail "the sandbox refused nothing"; }

note "the hourly budget spent: exit 3, the time to resume, nothing lost"
bill_start --db bill.db --hourly-limit 25
bill_client_env
bill_csv 80 >b.csv
csv_numbers b.csv >wantb.txt
expect_exit 3 "$INVOICECTL" import -m map.json --yes --results h1 --journal h.journal b.csv
assert_contains "$TMPD/err" "BDC_1144"
next=$(date -u -d "@$(( $(date -u +%s) / 3600 * 3600 + 3600 ))" +%H:00)
assert_contains "$TMPD/err" "until the top of the hour ($next UTC); resume then"
assert_contains "$TMPD/err" "resume"
sandbox_stop
note "BILL accepts again (a new hour): the same command finishes"
bill_start --db bill.db
bill_client_env
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results h2 --journal h.journal b.csv
bill_store s2.json
bill_numbers s2.json >gotb.txt
golden wantb.txt gotb.txt
