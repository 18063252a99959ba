# Deletes when answers are lost: the sandbox removes the invoice, then closes the connection without an
# answer (drop-after-commit) or answers 5xx.  A DELETE is idempotent, so the engine sends it again; the 404
# that answers the resend means the lost attempt removed it, and it counts as deleted, once.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/modes_helpers.sh"
cd "$TMPD"
import_mapping map.json
modes_mapping mmap.json
import_csv 40 >seed.csv
sandbox_start --db store.db
expect_exit 0 "$INVOICECTL" import -q -m map.json --yes --results r0 seed.csv
sandbox_stop
"$PY" - <<'PY' >dels.csv
print("Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight,Action")
for i in range(40):
    print(f"INV-{i:06d},,,,,,,,,delete")
PY
sandbox_start --db store.db --seed 11 --faults 'drop-after-commit=0.3,500=0.05' --record-requests "$TMPD/requests.jsonl"
expect_exit 0 "$INVOICECTL" import -q -m mmap.json --yes --max-retries 8 --results r1 dels.csv
assert_eq 40 "$(summary_get r1 'j["counts"]["deleted"]')" "deleted"
assert_eq 0 "$(summary_get r1 'j["counts"]["rejected"]')" "rejected"
resent=$("$PY" - <<'PY'
import collections, json
n = collections.Counter(r["path"] for r in map(json.loads, open("requests.jsonl")) if r["method"] == "DELETE")
print(sum(1 for c in n.values() if c > 1))
PY
)
note "$resent deletes were sent again after a lost answer"
[ "$resent" -gt 0 ] || fail "no answer was lost: the test proves nothing (change the seed)"
assert_eq "" "$(store_numbers)" "the store after the run"
note "$(summary_get r1 'sum(1 for i in j["invoices"] if i.get("already_gone"))') answered 404 to their only engine attempt (libcurl resent them)"
expect_exit 0 "$INVOICECTL" import -q -m mmap.json --yes --results r2 dels.csv
assert_eq 40 "$(summary_get r2 'j["counts"]["deleted"]')" "deleted (earlier run) in a second run"
assert_eq 0 "$(summary_get r2 'j["requests"]["DELETE"]')" "DELETEs of a second run"
