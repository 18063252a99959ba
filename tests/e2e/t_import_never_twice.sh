# Never twice, with the sandbox's drop-after-commit fault (the invoice is stored, then the connection is
# closed with no answer).  libcurl resends a request by itself when a reused keep-alive connection closes
# without an answer, so the sandbox sees POSTs the engine never counted; the resent POST gets "The invoice
# number already exists." and the import resolves it by looking the number up.  The store ends with every
# invoice exactly once, each counted as created once.  One request at a time (--concurrency 1), so the
# sandbox's seeded faults fall on the same requests every run.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
sandbox_start --latency 2 --seed 3 --faults drop-after-commit=0.05 --db "$TMPD/store.db"
cd "$TMPD"
import_mapping map.json
import_csv 200 >a.csv
csv_numbers a.csv >want.txt

expect_exit 0 "$INVOICECTL" -v import -m map.json --yes --concurrency 1 --results r1 a.csv
cp "$TMPD/err" run.err
sandbox_stop # prints the sandbox's own count of API requests and of the faults it injected
grep -F 'injected faults' "$TMPD/sandbox.err" >faults.txt || fail "no fault summary from the sandbox"
drops=$(sed -n 's/.*drop-after-commit=\([0-9]*\).*/\1/p' faults.txt)
seen=$(sed -n 's/.*; \([0-9]*\) API requests drawn.*/\1/p' faults.txt)
sent=$(summary_get r1 'j["requests"]["total"]')
exists=$(summary_get r1 'j["requests"]["lookups_after_exists"]')
lookups=$(summary_get r1 'j["requests"]["lookups"]')
note "sandbox saw $seen API requests, the engine sent $sent; $drops dropped after commit; $lookups lookups ($exists after \"already exists\")"
[ "$drops" -ge 3 ] || fail "too few drops injected ($drops) for the test to mean anything"
# every request the sandbox saw beyond the engine's count is a resend libcurl made by itself
[ "$seen" -gt "$sent" ] || fail "no transparent resend seen (sandbox $seen, engine $sent)"
[ "$((seen - sent))" -le "$drops" ] || fail "more resends ($((seen - sent))) than dropped answers ($drops)"
# each such resend was answered "already exists" and resolved by one lookup
[ "$exists" -ge 1 ] || fail "no POST answered 'already exists'"
assert_eq "$((seen - sent))" "$exists" "lookups after 'already exists' (one per transparent resend)"
assert_contains run.err "already exists.\" (HTTP 400); looking it up"
assert_contains run.err "the create of unknown outcome went through"
# every drop was resolved by exactly one lookup, and no POST was sent again by the import
assert_eq "$drops" "$lookups" "lookups"
assert_eq 0 "$(summary_get r1 'j["requests"]["resends"]')" "resends by the import"
assert_eq 200 "$(summary_get r1 'j["requests"]["POST"]')" "POSTs counted by the engine"
assert_eq 200 "$(summary_get r1 'j["counts"]["created"]')" "created"
assert_eq "$drops" "$(summary_get r1 'sum(1 for i in j["invoices"] if i.get("confirmed_by_lookup"))')" \
    "created, confirmed by lookup"

note "the store: every invoice once"
sandbox_start --db "$TMPD/store.db" # the same store, without faults, to read it
store_numbers >store.txt
golden want.txt store.txt
