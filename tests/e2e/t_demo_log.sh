# `make demo > log`: output that is not a terminal carries no escape codes (headings, progress), and the
# demo still says what each step does.
. "$ROOT/tests/e2e/lib.sh"
set +e
DEMO_OUT="$TMPD/demo" bash "$ROOT/tests/demo.sh" "$INVOICECTL" >"$TMPD/log" 2>&1
rc=$?
set -e
[ "$rc" = 0 ] || { cat "$TMPD/log"; fail "demo exited $rc"; }
assert_contains "$TMPD/log" "== import: create the invoices"
! grep -n $'\033' "$TMPD/log" || fail "escape codes in the demo's log"
[ -s "$TMPD/demo/import/summary.json" ] || fail "the demo wrote nothing under DEMO_OUT"
# the second target: the BILL sample imported into the BILL sandbox, exported back with BILL's ids
assert_contains "$TMPD/log" "== BILL: import (no email is sent to the customers)"
assert_eq 5 "$(jget "$TMPD/demo/bill/import/summary.json" 'j["counts"]["created"]')" "BILL invoices created"
assert_eq 0 "$(jget "$TMPD/demo/bill/import-again/summary.json" 'j["requests"]["POST"] - j["requests"]["sign_ins"] + j["requests"]["PUT"]')" "BILL writes on the second run"
assert_eq 5 "$(tail -n +2 "$TMPD/demo/bill/invoices.csv" | cut -d, -f2 | grep -c '^00e')" "BILL ids in the export"
# the Rebillia sample is imported, and imported again without a write
assert_contains "$TMPD/log" "== Rebillia: import samples/rebillia-invoices.csv"
assert_eq 4 "$(jget "$TMPD/demo/rebillia/import/summary.json" 'j["counts"]["created"]')" "Rebillia invoices created"
assert_eq 0 "$(jget "$TMPD/demo/rebillia/import-again/summary.json" 'j["requests"]["POST"] + j["requests"]["PUT"]')" "Rebillia writes of the re-run"
[ -s "$TMPD/demo/rebillia/rebillia-invoices.xlsx" ] || fail "no Rebillia export"
