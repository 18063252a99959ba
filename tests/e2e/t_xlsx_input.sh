#!/usr/bin/env bash
# Workbooks as input: a sheet validated to exactly the invoices of the CSV it came from, whoever wrote
# it (openpyxl here; LibreOffice in t_xlsx_libreoffice.sh): typed cells, custom date formats, the 1904
# date system, merged cells, shared and inline strings, rich text, a formula's cached value, a sheet chosen by name
# with its header on row 3, a hidden row, empty trailing rows, float noise; and the cells that stop a
# read (an error value, a formula without a value, Excel's 1900-02-29), each named by its place.
. "$ROOT/tests/e2e/lib.sh"
MAP="$ROOT/samples/invoices.map.json"
CSV="$ROOT/samples/invoices.csv"
make_book() { "$PY" "$ROOT/tests/e2e/t_xlsx_make.py" "$1" "${3:-$CSV}" "$2"; }

expect_exit 0 "$INVOICECTL" validate -m "$MAP" --emit "$TMPD/csv.jsonl" "$CSV"
[ -s "$TMPD/csv.jsonl" ] || fail "no invoices from the CSV"

for c in typed custom-date 1904 shared-strings formula-cached; do
    make_book "$c" "$TMPD/$c.xlsx"
    expect_exit 0 "$INVOICECTL" validate -m "$MAP" --emit "$TMPD/$c.jsonl" "$TMPD/$c.xlsx"
    assert_contains "$TMPD/out" "34 rows, 12 invoices"
    cmp "$TMPD/csv.jsonl" "$TMPD/$c.jsonl" || fail "$c: the workbook's invoices differ from the CSV's"
    note "ok $c"
done

# The sheet by name, its header on row 3 (a title above it), a hidden row, formatted empty rows below.
make_book layout "$TMPD/layout.xlsx"
"$PY" - "$MAP" "$TMPD/layout.map.json" <<'PYEOF'
import json, sys
m = json.load(open(sys.argv[1]))
m["sheet"] = "Invoices"
m["header_row"] = 3
json.dump(m, open(sys.argv[2], "w"))
PYEOF
expect_exit 0 "$INVOICECTL" validate -m "$TMPD/layout.map.json" --emit "$TMPD/layout.jsonl" "$TMPD/layout.xlsx"
assert_contains "$TMPD/out" "34 rows, 12 invoices"
cmp "$TMPD/csv.jsonl" "$TMPD/layout.jsonl" || fail "layout: invoices differ from the CSV's"
# the first sheet by default: there the columns are not found
expect_exit 2 "$INVOICECTL" validate -m "$MAP" "$TMPD/layout.xlsx"
assert_contains "$TMPD/err" "no column 'Invoice Number'"
# --sheet overrides the mapping; a sheet that is not there is named with the ones that are
expect_exit 2 "$INVOICECTL" validate -m "$TMPD/layout.map.json" --sheet Invoice "$TMPD/layout.xlsx"
assert_contains "$TMPD/err" "has no sheet 'Invoice' (its sheets: 'Notes', 'Invoices')"
expect_exit 0 "$INVOICECTL" mapping check "$TMPD/layout.map.json" "$TMPD/layout.xlsx"
assert_contains "$TMPD/out" "is valid for"
note "ok layout"

# Merged cells: each invoice's number, customer and dates merged down over its rows read as on screen.
make_book merged "$TMPD/merged.xlsx"
expect_exit 0 "$INVOICECTL" validate -m "$MAP" --emit "$TMPD/merged.jsonl" "$TMPD/merged.xlsx"
assert_contains "$TMPD/out" "34 rows, 12 invoices"
cmp <(sort "$TMPD/csv.jsonl") <(sort "$TMPD/merged.jsonl") || fail "merged: invoices differ from the CSV's"
note "ok merged"

# 0.30000000000000004 in the file is 0.3 (Excel's 15 digits, by decimal arithmetic), 4.5E1 is 45.
make_book float-noise "$TMPD/noise.xlsx"
"$PY" - "$CSV" "$TMPD/noise.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
rows[1][rows[0].index("Unit Price")] = "0.30"
csv.writer(open(sys.argv[2], "w", newline="")).writerows(rows)
PYEOF
expect_exit 0 "$INVOICECTL" validate -m "$MAP" --emit "$TMPD/noise-csv.jsonl" "$TMPD/noise.csv"
expect_exit 0 "$INVOICECTL" validate -m "$MAP" --emit "$TMPD/noise.jsonl" "$TMPD/noise.xlsx"
cmp "$TMPD/noise-csv.jsonl" "$TMPD/noise.jsonl" || fail "float noise: invoices differ"
grep -q '"unitPrice":{"code":"USD","value":"0.3000"}' "$TMPD/noise.jsonl" || fail "0.30000000000000004 is not 0.3000"
note "ok float noise"

# Cells that stop the read, each named by file, sheet and cell.
make_book formula-no-value "$TMPD/nofx.xlsx"
expect_exit 2 "$INVOICECTL" validate -m "$MAP" "$TMPD/nofx.xlsx"
assert_contains "$TMPD/err" "nofx.xlsx:Invoices!I2: the formula has no computed value"
make_book error-cell "$TMPD/na.xlsx"
expect_exit 2 "$INVOICECTL" validate -m "$MAP" "$TMPD/na.xlsx"
assert_contains "$TMPD/err" "na.xlsx:Invoices!J3: the cell holds the error #N/A"
make_book leap-1900 "$TMPD/leap.xlsx"
expect_exit 2 "$INVOICECTL" validate -m "$MAP" "$TMPD/leap.xlsx"
assert_contains "$TMPD/err" "leap.xlsx:Invoices!C2: the date is 1900-02-29, a day that never was"
note "ok stopping cells"

# A problem in a row names the cell: book.xlsx:Sheet!C14, with the invoice key.
"$PY" - "$TMPD/typed.xlsx" "$TMPD/bad.xlsx" <<'PYEOF'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
wb.active["C14"] = "31.02.2026"
wb.save(sys.argv[2])
PYEOF
expect_exit 1 "$INVOICECTL" validate -m "$MAP" "$TMPD/bad.xlsx"
assert_contains "$TMPD/err" "bad.xlsx:Invoices!C14: error: column 'Invoice Date', invoice INV-10046: issuedAt: expected a date"
expect_exit 1 "$INVOICECTL" validate -m "$MAP" --report "$TMPD/bad.json" "$TMPD/bad.xlsx"
"$PY" - "$TMPD/bad.json" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1]))["problems"][0]
want = {"file": sys.argv[1].rsplit("/", 1)[0] + "/bad.xlsx", "line": 14, "cell": "Invoices!C14",
        "column": "Invoice Date", "invoice": "INV-10046"}
assert all(p[k] == v for k, v in want.items()), p
PYEOF

# mapping init reads a workbook and names its sheet; the mapping it writes reads it back.
expect_exit 0 "$INVOICECTL" mapping init --sheet Invoices "$TMPD/typed.xlsx" -o "$TMPD/init.map.json"
"$PY" -c 'import json,sys; m=json.load(open(sys.argv[1])); assert m["sheet"] == "Invoices" and "csv" not in m, m' \
    "$TMPD/init.map.json"
echo "ok"
