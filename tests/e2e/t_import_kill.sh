# SIGKILL at several points of an import (after N journal lines, after some time), then the same command
# again: the store ends exactly as an uninterrupted run leaves it, each invoice created once; then SIGINT:
# exit 4, results written, resumable.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
sandbox_start --latency 15 --seed 5 --faults 'drop-after-commit=0.03,500=0.03'
cd "$TMPD"
import_mapping map.json
import_csv 300 >a.csv
csv_numbers a.csv >want.txt
# exec: so that $! of `run … &` is invoicectl itself, which the kills must reach
run() { exec "$INVOICECTL" import -q -m map.json --yes --journal j.journal --results "$1" --timeout 2 a.csv; }


kill_at_lines 40

note "SIGINT: the invoices in flight finish, results are written, exit 4"
run int &
pid=$!
sleep 0.3
kill -INT "$pid" 2>/dev/null || true
set +e
wait "$pid"
rc=$?
set -e
if [ "$rc" = 4 ]; then
    [ "$(summary_get int 'j["counts"]["not_sent"]')" -gt 0 ] || fail "interrupted but nothing left"
    assert_eq "$(($(wc -l <a.csv) - 1))" "$(($(wc -l <int/success.csv) + $(wc -l <int/errors.csv) - 2))" \
        "rows accounted for after SIGINT"
else
    assert_eq 0 "$rc" "exit after SIGINT (4, or 0 when it had finished)"
fi

kill_at_lines $(($(wc -l <j.journal) + 150))
run kt &
pid=$!
sleep 0.5
kill -9 "$pid" 2>/dev/null || true
wait "$pid" || true
note "killed after 0.5 s at $(wc -l <j.journal) journal lines"
# no invoice twice so far
store_numbers >partial.txt
assert_eq "" "$(uniq -d partial.txt)" "duplicates after the kills"

note "the same command again finishes the job"
set +e
(run final)
rc=$?
set -e
assert_eq 0 "$rc" "final run"
assert_eq 300 "$(summary_get final 'j["counts"]["created"]')" "created, counting earlier runs"
store_numbers >store.txt
golden want.txt store.txt
assert_eq "$(($(wc -l <a.csv) - 1))" "$(($(wc -l <final/success.csv) - 1))" "success.csv rows"
