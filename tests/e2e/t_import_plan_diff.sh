# --dry-run with -v prints the field-level diff of every update: after a first import, a changed due date
# and a changed unit price show as old -> new (and the totals they move); without -v only the counts of
# changes; plan.json and plan.xlsx hold the same changes; nothing is sent.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
sandbox_start --latency 1
cd "$TMPD"
import_mapping map.json
import_csv 5 >a.csv
expect_exit 0 "$INVOICECTL" import -q -m map.json --yes --results r0 a.csv
# INV-000001: due date 2026-11-30 -> 2026-12-15; INV-000003 (one row): unit price 13.05 -> 14.50
sed -e 's/^INV-000001,1001,2026-11-30/INV-000001,1001,2026-12-15/' \
    -e 's/^\(INV-000003,.*\),13.05,5.00$/\1,14.50,5.00/' a.csv >b.csv
cmp -s a.csv b.csv && fail "the CSV was not changed"

note "dry run, verbose: each change old -> new"
expect_exit 0 "$INVOICECTL" -v import -m map.json --dry-run --results dr b.csv
cp "$TMPD/out" plan.txt
# invoice ids follow the order the first import's creates finished in
has_line() { grep -Eq -- "$2" "$1" || { cat "$1"; fail "no line matching '$2' in $1"; }; }
has_line plan.txt '^update     upsert   INV-000001  line 3  invoice [0-9]+  1 change$'
assert_contains plan.txt "    dueDate: 2026-11-30 (1795996800) -> 2026-12-15 (1797292800)"
has_line plan.txt '^update     upsert   INV-000003  line 8  invoice [0-9]+  4 changes$'
assert_contains plan.txt "    details.details.lineItems[0].unitPrice.value: 13.0500 -> 14.5000"
assert_contains plan.txt "    originalBalance.value: 18.0500 -> 19.5"
has_line plan.txt '^unchanged  upsert   INV-000000  line 2  invoice [0-9]+$'
assert_eq 5 "$(grep -c "^    " plan.txt)" "diff lines (1 + 4, none for the unchanged)"
assert_eq 2 "$(jget dr/plan.json 'j["counts"]["update"]')" "updates in plan.json"
assert_eq "dueDate 1795996800 1797292800" \
    "$(jget dr/plan.json '" ".join([[c["path"], c["stored"], c["new"]] for i in j["invoices"] if i["key"] == "INV-000001" for c in i["changes"]][0])')" \
    "plan.json change"
"$PY" - dr/plan.xlsx <<'PY' || fail "plan.xlsx update sheet"
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])["update"]
rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
text = "\n".join(" | ".join("" if c is None else str(c) for c in r) for r in rows)
assert "dueDate" in text and "details.details.lineItems[0].unitPrice.value" in text, text
assert len(rows) == 1 + 5, text  # a header and one row per changed field
PY

note "without -v: the counts only"
expect_exit 0 "$INVOICECTL" import -m map.json --dry-run --results dr2 b.csv
has_line "$TMPD/out" '^update     upsert   INV-000003  line 8  invoice [0-9]+  4 changes$'
assert_not_contains "$TMPD/out" "unitPrice"

note "nothing was sent: the store still has the old values"
expect_exit 0 "$INVOICECTL" import -m map.json --dry-run --results dr3 a.csv
assert_eq 5 "$(jget dr3/plan.json 'j["counts"]["unchanged"]')" "unchanged against the first CSV"
