#!/usr/bin/env bash
# The export progress line: on a terminal one line redrawn in place ("\r…\e[K") at least twice during a
# slow export, ending with a newline; nothing with -q; when standard error is not a terminal, plain
# "invoicectl: export: …" lines every INVOICECTL_PROGRESS_INTERVAL seconds (default 10) and no control
# characters.  The terminal is a pseudo-terminal from script(1); the sandbox answers slowly (--latency)
# and small pages make about nine of them, one at a time, so each export lasts about five seconds.
. "$ROOT/tests/e2e/lib.sh"
command -v script >/dev/null || fail "script(1) (util-linux) is needed for this test"
# Seeded at full speed into a file, then served again from it, slowly.
sandbox_start --db "$TMPD/store.db"
"$PY" "$ROOT/tests/e2e/t_export_seed.py" "$INVOICECTL_API_URL" 2026-03-31 "$TMPD/all.json" >/dev/null
sandbox_stop || fail "the sandbox did not stop cleanly"
sandbox_start --db "$TMPD/store.db" --latency 500
total=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$TMPD/all.json")
[ "$total" -ge 30 ] || fail "the seed made $total invoices; the test needs at least 30"
slow=(export --page-size 4 --concurrency 1)

# count FILE PATTERN: how many times an extended regular expression matches (byte-wise).
count() { LC_ALL=C grep -aoE -- "$2" "$1" | wc -l | tr -d ' '; }

# --- on a terminal ---
script -qec "'$INVOICECTL' ${slow[*]} -o '$TMPD/tty.csv'" /dev/null >"$TMPD/tty.out" </dev/null
[ -s "$TMPD/tty.csv" ] || fail "the export on a terminal wrote no file"
cr=$'\r' esc=$'\033'
# Every drawing starts with a carriage return and clears the rest of the line.
draws=$(count "$TMPD/tty.out" "${cr}export: [0-9]+/[0-9]+ pages, [0-9]+ invoices[^${cr}]*${esc}\[K")
etas=$(count "$TMPD/tty.out" "${cr}export: [0-9]+/[0-9]+ pages, [0-9]+ invoices, ETA [0-9hms]+${esc}\[K")
if [ "$etas" -lt 2 ] || [ "$draws" -lt 3 ]; then
    cat -A "$TMPD/tty.out" >&2
    fail "expected at least two redraws with an ETA and a final one; got $etas and $draws in all"
fi
# The last drawing is the final count, and the line is then ended (script turns \n into \r\n).
final=$(count "$TMPD/tty.out" "${cr}export: ([0-9]+)/\\1 pages, $total invoices${esc}\[K${cr}?\$")
[ "$final" = 1 ] || { cat -A "$TMPD/tty.out" >&2; fail "no final progress line with $total invoices"; }
assert_not_contains "$TMPD/tty.out" "invoicectl: export:"
assert_contains "$TMPD/tty.out" "exported $total invoices"

# --- -q on a terminal: no progress at all ---
script -qec "'$INVOICECTL' -q ${slow[*]} -o '$TMPD/q.csv'" /dev/null >"$TMPD/q.out" </dev/null
[ -s "$TMPD/q.csv" ] || fail "the quiet export wrote no file"
[ "$(count "$TMPD/q.out" "export:")" = 0 ] || { cat -A "$TMPD/q.out" >&2; fail "-q drew progress"; }
[ "$(count "$TMPD/q.out" "$esc")" = 0 ] || fail "-q wrote control characters"

# --- standard error not a terminal: plain lines at the configured period ---
INVOICECTL_PROGRESS_INTERVAL=1 "$INVOICECTL" "${slow[@]}" -o "$TMPD/plain.csv" 2>"$TMPD/plain.err"
plain=$(count "$TMPD/plain.err" "^invoicectl: export: [0-9]+/[0-9]+ pages, [0-9]+ invoices, ETA [0-9hms]+\$")
[ "$plain" -ge 2 ] || { cat -A "$TMPD/plain.err" >&2; fail "expected at least two plain progress lines, got $plain"; }
[ "$(count "$TMPD/plain.err" "[${cr}${esc}]")" = 0 ] || fail "control characters in plain progress"
assert_contains "$TMPD/plain.err" "exported $total invoices"
# The default period (10 s) is longer than this export: no progress line, only the result.
"$INVOICECTL" "${slow[@]}" -o "$TMPD/plain10.csv" 2>"$TMPD/plain10.err"
[ "$(count "$TMPD/plain10.err" "export: [0-9]+/")" = 0 ] || { cat "$TMPD/plain10.err" >&2; fail "a progress line before 10 s"; }
assert_contains "$TMPD/plain10.err" "exported $total invoices"
# -q: nothing but errors.
"$INVOICECTL" -q "${slow[@]}" -o "$TMPD/plainq.csv" 2>"$TMPD/plainq.err"
[ ! -s "$TMPD/plainq.err" ] || { cat "$TMPD/plainq.err" >&2; fail "-q wrote to standard error"; }
# A period that is not a number of seconds is refused before anything is fetched.
INVOICECTL_PROGRESS_INTERVAL=soon expect_exit 2 "$INVOICECTL" export -o "$TMPD/never.csv"
assert_contains "$TMPD/err" "INVOICECTL_PROGRESS_INTERVAL: 'soon' is not a number of seconds"
[ ! -e "$TMPD/never.csv" ] || fail "a file was written despite the bad period"
