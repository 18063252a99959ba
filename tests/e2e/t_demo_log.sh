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
