# invoicectl undo of an import killed with SIGKILL (no results folder: undo JOURNAL; intents without an
# outcome are looked up), then an undo itself killed with SIGKILL and resumed by the same command: each
# invoice deleted or restored exactly once, and the store ends exactly as before the import.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/undo_helpers.sh"
sandbox_start --latency 15 --record-requests "$TMPD/rec.jsonl"
cd "$TMPD"
import_mapping map.json
import_csv 30 >seed.csv
import_csv 300 5 >run.csv # INV-0, 7, 14, 21, 28 updated; INV-30..299 created
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results seed seed.csv
store_snapshot before.json

# signal_when FILE_GLOB LINES PID [SIGNAL]: sends SIGNAL (KILL) to PID once the file has LINES lines (or PID
# ended by itself)
signal_when() {
    local f
    for _ in $(seq 1 1500); do
        f=$(ls $1 2>/dev/null | head -1 || true)
        [ -n "$f" ] && [ "$(wc -l <"$f")" -ge "$2" ] && break
        kill -0 "$3" 2>/dev/null || break
        sleep 0.01
    done
    kill -"${4:-KILL}" "$3" 2>/dev/null || true
}
kill_when() { signal_when "$@"; wait "$3" || true; }

note "an import killed half way"
(exec "$INVOICECTL" -q import -m map.json --yes --journal j.journal --results r1 run.csv) &
kill_when j.journal 300 $!
note "killed at $(wc -l <j.journal) journal lines"
[ ! -e r1/summary.json ] || fail "the import finished before the kill"
grep -q '"op":"intent"' j.journal || fail "no create in the journal"
created=$(($(store_numbers | wc -l) - 30))
[ "$created" -gt 0 ] || fail "the killed import created nothing"

m=$(rec_mark rec.jsonl)
undo() { exec "$INVOICECTL" -q undo --yes --results "$1" j.journal; }
note "SIGINT: the requests in flight finish, results are written, exit 4"
(undo ui) &
pid=$!
signal_when 'j.*.undo' 20 "$pid" INT
set +e
wait "$pid"
rc=$?
set -e
assert_eq 4 "$rc" "exit after SIGINT"
[ "$(jget ui/summary.json 'j["counts"]["not_sent"]')" -gt 0 ] || fail "interrupted but nothing left"
[ "$(jget ui/summary.json 'j["counts"]["removed"]')" -gt 0 ] || fail "interrupted before anything was removed"
assert_contains ui/undo.csv "not sent: the undo was interrupted; resume with the same command"

note "an undo killed half way, then the same command"
(undo u1) &
kill_when 'j.*.undo' $(($(wc -l <j.*.undo) + 40)) $!
note "undo killed at $(wc -l <j.*.undo) lines of its journal"
[ ! -e u1/summary.json ] || fail "the undo finished before the kill"
set +e
(undo u2)
rc=$?
set -e
assert_eq 0 "$rc" "the resumed undo"
store_snapshot after.json
golden before.json after.json
assert_eq 1 "$(rec_max_per_path rec.jsonl DELETE "$m")" "DELETEs of one invoice"
assert_eq 1 "$(rec_max_per_path rec.jsonl PUT "$m")" "PUTs (restores) of one invoice"
assert_eq "$created" "$(rec_count rec.jsonl DELETE /invoices/ "$m")" "DELETEs: one per invoice the import created"

note "a third undo does nothing"
m=$(rec_mark rec.jsonl)
expect_exit 0 "$INVOICECTL" -q undo --yes --results u3 j.journal
assert_eq 0 "$(rec_count rec.jsonl DELETE / "$m")" "DELETEs of the third undo"
assert_eq 0 "$(rec_count rec.jsonl PUT / "$m")" "PUTs of the third undo"

note "an undo while an import holds the run's journal is refused"
flock -x j.journal sleep 3 &
holder=$!
sleep 0.3
expect_exit 3 "$INVOICECTL" -q undo --yes --results u4 j.journal
assert_contains err "journal 'j.journal' is in use by an invoicectl import"
wait "$holder"
