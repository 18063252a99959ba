# invoicectl undo recreating the invoices an import deleted, under lost answers (drop-after-commit: the
# store made the invoice, the answer never came) and killed with SIGKILL half way, then resumed by the same
# command: each invoice is recreated exactly once (one POST per invoice number in the sandbox's record: a
# lost answer is looked up by number, an intent the kill left open is settled from the store's list, and
# neither sends the POST again), and the store holds every number once.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/modes_helpers.sh"
. "$ROOT/tests/e2e/undo_helpers.sh"
sandbox_start --latency 15 --seed 11 --faults 'drop-after-commit=0.15' --record-requests "$TMPD/rec.jsonl"
cd "$TMPD"
import_mapping map.json
modes_mapping mmap.json
import_csv 80 >seed.csv

# until_ok CMD...: runs CMD until it exits 0 (at most 6 times): a run may end with exit 3 under faults
until_ok() {
    local rc
    for _ in 1 2 3 4 5 6; do
        set +e; "$@" >"$TMPD/out" 2>"$TMPD/err"; rc=$?; set -e
        [ "$rc" = 0 ] && return 0
        [ "$rc" = 3 ] || { cat "$TMPD/err"; fail "exit $rc: $*"; }
    done
    cat "$TMPD/err"; fail "still failing: $*"
}
until_ok "$INVOICECTL" -q import -m map.json --yes --results r0 seed.csv
store_numbers >before.txt
{
    echo "Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight,Action"
    for i in $(seq 0 69); do printf 'INV-%06d,,,,,,,,,delete\n' "$i"; done
} >del.csv
until_ok "$INVOICECTL" -q import -m mmap.json --yes --results r1 del.csv
assert_eq 10 "$(store_numbers | wc -l)" "invoices left after the deletes"

m=$(rec_mark rec.jsonl)
note "an undo killed half way"
("$INVOICECTL" -v undo --yes --results u1 r1 >u1.out 2>u1.err) &
pid=$!
for _ in $(seq 1 1500); do
    f=$(ls invoicectl-results/del.csv.*.undo 2>/dev/null | head -1 || true)
    [ -n "$f" ] && [ "$(grep -c '"op":"done"' "$f")" -ge 20 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
done
kill -KILL "$pid" 2>/dev/null || true
wait "$pid" || true
[ ! -e u1/summary.json ] || fail "the undo finished before the kill"
note "killed after $(store_numbers | wc -l) invoices in the store"

note "the same command resumes"
until_ok "$INVOICECTL" -v undo --yes --results u2 r1
cat u1.err err >both.err
# a lost answer (drop-after-commit) was settled by a lookup, not by a second POST (checked below)
assert_contains both.err "the recreate of unknown outcome went through"
store_numbers >after.txt
golden before.txt after.txt
"$PY" - rec.jsonl "$m" <<'PY' || fail "POSTs per invoice number"
import collections, json, sys
lines = open(sys.argv[1]).read().splitlines()[int(sys.argv[2]):]
posts = collections.Counter(r["body"]["invoiceNumber"] for l in lines
                            if (r := json.loads(l))["method"] == "POST" and r["path"].endswith("/invoices"))
want = {f"INV-{i:06d}" for i in range(70)}
assert set(posts) == want, sorted(set(posts) ^ want)
twice = {n: k for n, k in posts.items() if k != 1}
assert not twice, f"POSTed more than once: {twice}"
PY

note "a third undo does nothing"
m=$(rec_mark rec.jsonl)
until_ok "$INVOICECTL" -q undo --yes --results u3 r1
assert_eq 0 "$(rec_count rec.jsonl POST / "$m")" "POSTs of the third undo"
