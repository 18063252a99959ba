#!/usr/bin/env bash
# export --map: the CSV in a mapping's layout reads back through `import --dry-run` as every invoice
# unchanged (the round trip), for the sample mapping and data.
. "$ROOT/tests/e2e/lib.sh"
sandbox_start
map=$ROOT/samples/invoices.map.json
cd "$TMPD"
expect_exit 0 "$INVOICECTL" import -m "$map" -y --results "$TMPD/r1" "$ROOT/samples/invoices.csv"
n=$(api GET '/invoices?limit=1' | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["meta"]["pagination"]["totalCount"])')
[ "$n" -gt 0 ] || fail "the import created nothing"

expect_exit 0 "$INVOICECTL" export --map "$map" -o "$TMPD/rt.csv" --page-size 7
[ "$(wc -l <"$TMPD/rt.csv")" -gt "$n" ] || fail "expected a row per line item"
head -1 "$TMPD/rt.csv" | grep -q "Invoice Number" || fail "header is not the mapping's layout"

# plan_check CSV DIR WANT_UNCHANGED WANT_UPDATE: import --dry-run of CSV plans exactly that.
plan_check() {
    expect_exit 0 "$INVOICECTL" import -m "$map" --dry-run --results "$2" "$1"
    [ -s "$2/plan.json" ] || fail "no plan.json in $2"
    "$PY" - "$2/plan.json" "$3" "$4" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1]))
got = {k: p["counts"][k] for k in ("create", "update", "unchanged", "invalid", "refused")}
want = {"create": 0, "update": int(sys.argv[3]), "unchanged": int(sys.argv[2]), "invalid": 0, "refused": 0}
classes = sorted({i["class"] for i in p["invoices"]})
if got != want or len(p["invoices"]) != want["update"] + want["unchanged"]:
    sys.exit(f"round trip: planned {got} ({classes}); want {want}")
print(f"round trip: {got}")
PYEOF
}
plan_check "$TMPD/rt.csv" "$TMPD/r2" "$n" 0

# A text that looks like a formula is neutralised by default, so that invoice no longer reads back the same;
# --no-neutralise writes it exactly and the round trip holds again.
id=$(api GET '/invoices?limit=1' | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')
api PUT "/invoices/$id" '{"purchaseOrderNumber": "=HYPERLINK(\"http://x\",\"y\")"}' >/dev/null
assert_eq 200 "$(cat "$TMPD/status")" "PUT status"
expect_exit 0 "$INVOICECTL" export --map "$map" -o "$TMPD/rt2.csv"
grep -qF "'=HYPERLINK" "$TMPD/rt2.csv" || fail "the PO should be neutralised"
plan_check "$TMPD/rt2.csv" "$TMPD/r3" $((n - 1)) 1
expect_exit 0 "$INVOICECTL" export --map "$map" -o "$TMPD/rt3.csv" --no-neutralise
plan_check "$TMPD/rt3.csv" "$TMPD/r4" "$n" 0
