# invoicectl undo under faults: answers lost after the store committed (drop-after-commit) and 500s.  DELETE and
# PUT are retried by the engine, a 404 to a delete already carried out counts as done, and the store ends exactly
# as before the import.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/undo_helpers.sh"
sandbox_start --seed 7 --faults 'drop-after-commit=0.08,500=0.08' --record-requests "$TMPD/rec.jsonl"
cd "$TMPD"
import_mapping map.json
import_csv 40 >seed.csv
import_csv 120 6 >run.csv # 6 updated, 80 created

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
until_ok "$INVOICECTL" -q import -m map.json --yes --results seed seed.csv
store_snapshot before.json
until_ok "$INVOICECTL" -q import -m map.json --yes --results r1 run.csv

m=$(rec_mark rec.jsonl)
until_ok "$INVOICECTL" undo --yes --results u1 r1
store_snapshot after.json
golden before.json after.json
deletes=$(rec_count rec.jsonl DELETE /invoices/ "$m")
note "$deletes DELETE requests for 80 invoices"
[ "$deletes" -ge 80 ] || fail "fewer DELETEs than invoices: $deletes"

note "a second undo does nothing"
m=$(rec_mark rec.jsonl)
until_ok "$INVOICECTL" undo --yes --results u2 r1
assert_eq 0 "$(rec_count rec.jsonl DELETE / "$m")" "DELETEs of the second undo"
assert_eq 0 "$(rec_count rec.jsonl PUT / "$m")" "PUTs of the second undo"
