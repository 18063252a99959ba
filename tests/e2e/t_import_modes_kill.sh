# SIGKILL during an import that deletes (--mode delete), then the same command again: every invoice is
# deleted, each with one DELETE, and the resumed run counts those the killed one removed (its journal holds
# their "before" lines, or their outcome) as deleted rather than refuse them as "not in the store".
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/modes_helpers.sh"
sandbox_start --latency 20 --record-requests "$TMPD/requests.jsonl"
cd "$TMPD"
import_mapping map.json
modes_mapping mmap.json
import_csv 80 >seed.csv
expect_exit 0 "$INVOICECTL" import -q -m map.json --yes --results r0 seed.csv
"$PY" - <<'PY' >dels.csv
print("Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight,Action")
for i in range(80):
    print(f"INV-{i:06d},,,,,,,,,")
PY
run() { exec "$INVOICECTL" import -q -m mmap.json --mode delete --yes --journal j.journal --results "$1" dels.csv; }

run k1 &
pid=$!
for _ in $(seq 1 1500); do
    [ "$(grep -c '"op":"done"' j.journal 2>/dev/null || true)" -ge 20 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" || true
left=$(store_numbers | grep -c INV- || true)
inflight=$(($(grep -c '"op":"before"' j.journal) - $(grep -c '"op":"done"' j.journal)))
note "in flight at the kill (a \"before\" line and no outcome): $inflight"
note "killed with $left invoices left in the store"
[ "$left" -gt 0 ] || fail "the run finished before the kill: nothing to resume"
[ "$left" -lt 80 ] || fail "nothing was deleted before the kill"

note "the same command again finishes the job"
set +e
(run final)
rc=$?
set -e
assert_eq 0 "$rc" "final run"
assert_eq 80 "$(summary_get final 'j["counts"]["deleted"]')" "deleted, counting the killed run"
assert_eq 0 "$(summary_get final 'j["counts"]["refused"]')" "refused"
assert_eq "" "$(store_numbers)" "the store after the resume"
"$PY" - <<'PY'
import collections, json, re
n = collections.Counter(r["path"] for r in map(json.loads, open("requests.jsonl"))
                        if r["method"] == "DELETE" and re.fullmatch(r"/invoices/[0-9]+", r["path"]))
assert len(n) == 80, f"{len(n)} invoices deleted"
twice = [p for p, c in n.items() if c != 1]
assert not twice, f"deleted more than once: {twice}"
PY
note "and once more: nothing is sent"
writes=$(grep -vc '"method":"GET"' requests.jsonl)
set +e
(run again)
rc=$?
set -e
assert_eq 0 "$rc" "run after the end"
assert_eq "$writes" "$(grep -vc '"method":"GET"' requests.jsonl)" "writes after the end"
