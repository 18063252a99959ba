#!/usr/bin/env bash
# An interrupted export (SIGINT, SIGTERM) exits 4 and leaves no file under the final name and no temporary
# file beside it; a failing API exits 3 the same way.
. "$ROOT/tests/e2e/lib.sh"
sandbox_start --latency 300
"$PY" "$ROOT/tests/e2e/t_export_seed.py" "$INVOICECTL_API_URL" 2026-03-31 "$TMPD/all.json" >/dev/null
mkdir "$TMPD/dest"

# interrupt SIGNAL FILE: starts an export of small pages (about 7 pages at 300 ms each, two at a time), sends
# SIGNAL once it is under way, and checks the exit code and the folder.
interrupt() {
    local sig=$1 file=$2
    "$INVOICECTL" export -o "$TMPD/dest/$file" --page-size 5 --concurrency 2 2>"$TMPD/int.err" &
    local pid=$!
    sleep 0.8
    kill -0 "$pid" 2>/dev/null || fail "$sig: the export ended before the signal; cannot test"
    kill "-$sig" "$pid"
    local rc=0
    wait "$pid" || rc=$?
    assert_eq 4 "$rc" "$sig: exit code"
    assert_contains "$TMPD/int.err" "interrupted"
    [ -z "$(ls -A "$TMPD/dest")" ] || { ls -la "$TMPD/dest"; fail "$sig: files left behind"; }
}
interrupt INT out.xlsx
interrupt TERM out.csv
interrupt INT out.json

# A previous file under the final name is kept as it was.
echo "previous" >"$TMPD/dest/keep.csv"
"$INVOICECTL" export -o "$TMPD/dest/keep.csv" --page-size 5 --concurrency 2 2>/dev/null &
pid=$!
sleep 0.8
kill -INT "$pid"
rc=0; wait "$pid" || rc=$?
assert_eq 4 "$rc" "exit code"
assert_eq previous "$(cat "$TMPD/dest/keep.csv")" "the previous file"
assert_eq 1 "$(ls -A "$TMPD/dest" | wc -l)" "only the previous file"
rm "$TMPD/dest/keep.csv"

# The API unreachable (the sandbox stopped): exit 3, no file.
sandbox_stop
expect_exit 3 "$INVOICECTL" export -o "$TMPD/dest/x.xlsx" --max-retries 1 --timeout 2
[ -z "$(ls -A "$TMPD/dest")" ] || fail "files left behind after an API failure"
