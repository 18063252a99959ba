# Never twice, and sent once, with the sandbox's drop-after-commit fault (the invoice is stored, then the
# kept-alive connection is closed with no answer).  libcurl by itself resends a request whose reused
# connection closed before any answer byte; the engine sends a POST's body through a read callback that
# cannot rewind, so libcurl gives up instead (api/http.h) and the outcome is unknown: the import looks
# the number up, finds the invoice it sent, and counts it created once.  The sandbox records every
# request (--record-requests): each invoice's POST reached it exactly once, and no POST was answered
# "already exists".  One request at a time (--concurrency 1), so every connection is reused and the
# sandbox's seeded faults fall on the same requests every run.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
sandbox_start --latency 2 --seed 3 --faults drop-after-commit=0.05 --db "$TMPD/store.db" \
    --record-requests "$TMPD/requests.jsonl"
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
# no request reached the sandbox that the engine did not send itself
assert_eq "$sent" "$seen" "requests the sandbox saw (the engine sent $sent)"
assert_eq 0 "$exists" "POSTs answered 'already exists'"
assert_not_contains run.err "already exists"
assert_contains run.err "the create of unknown outcome went through"
note "the record: one POST per invoice"
$PY - "$TMPD/requests.jsonl" >posts.txt <<'PYEOF'
import collections, json, sys
n = collections.Counter()
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["method"] == "POST" and r["path"].endswith("/invoices"):
        n[r["body"]["invoiceNumber"]] += 1
for k, v in sorted(n.items()):
    print(k, v)
PYEOF
[ "$(wc -l <posts.txt)" = 200 ] || fail "POSTs recorded for $(wc -l <posts.txt) invoices, not 200"
awk '$2 != 1 { print; bad = 1 } END { exit bad }' posts.txt || fail "an invoice was POSTed more than once"
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
