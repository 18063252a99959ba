#!/usr/bin/env bash
# `validate` on every sample: the terminal text, the JSON and CSV reports and the emitted request bodies are
# compared byte for byte with tests/golden/validate/; the bodies are also checked against the official
# request schema; the XLSX report is opened with openpyxl.
#
# To regenerate the golden files after an intended change (then read every diff before committing; refused
# when CI is set, see lib.sh):
#   UPDATE_GOLDEN=1 INVOICECTL=$PWD/build/invoicectl TMPD=$(mktemp -d) ROOT=$PWD bash tests/e2e/t_validate_samples.sh
. "$ROOT/tests/e2e/lib.sh"

gold=$ROOT/tests/golden/validate
export SOURCE_DATE_EPOCH=1793491200 # 2026-11-01T00:00:00Z: fixes the workbook's creation time

# compare GOLDEN ACTUAL: golden comparison, or refresh the golden file with UPDATE_GOLDEN=1.
compare() {
    if [ -n "${UPDATE_GOLDEN:-}" ]; then
        cp "$2" "$1"
        note "updated $1"
    else
        [ -f "$1" ] || fail "missing golden file $1 (run with UPDATE_GOLDEN=1 to create it)"
        golden "$1" "$2"
    fi
}

# Paths in reports and messages are the ones given on the command line: run from the tree's root.
cd "$ROOT"

# sample name, expected exit code
for spec in invoices:0 european:0 costlines-as-rows:0 broken:1; do
    s=${spec%%:*} code=${spec##*:}
    csv=samples/$s.csv map=samples/$s.map.json
    note "sample $s"

    # The terminal: problems (stderr) then the summary (stdout), as a user sees them.
    expect_exit "$code" "$INVOICECTL" validate -m "$map" "$csv"
    cat "$TMPD/err" "$TMPD/out" >"$TMPD/$s.txt"
    compare "$gold/$s.txt" "$TMPD/$s.txt"

    expect_exit "$code" "$INVOICECTL" validate -q -m "$map" --report "$TMPD/$s.json" "$csv"
    compare "$gold/$s.report.json" "$TMPD/$s.json"
    # The report is JSON with the documented shape, and its counts agree with each other.
    "$PY" - "$TMPD/$s.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["version"] == 1, r["version"]
s = r["summary"]
for k in ("rows", "invoices", "valid", "invalid", "warned", "errors", "warnings", "omitted"):
    assert isinstance(s[k], int), k
assert s["valid"] + s["invalid"] <= s["invoices"], s
rc = s["row_counts"]
assert rc["read"] == s["rows"] == rc["used"] + rc["skipped"] + rc["error"], rc
assert len(r["invoices"]) == s["invoices"], "one entry per invoice"
assert sum(i["status"] != "invalid" for i in r["invoices"]) == s["valid"], "statuses agree with the counts"
assert len(r["problems"]) == s["errors"] + s["warnings"] - s["omitted"]
for i in r["invoices"]:
    for k in ("subtotal", "costs", "total"):
        v = i[k]
        assert v is None or (isinstance(v, str) and len(v.split(".")[1]) == 4), (k, v)
for p in r["problems"]:
    assert p["severity"] in ("error", "warning") and p["message"], p
PY

    expect_exit "$code" "$INVOICECTL" validate -q -m "$map" --report "$TMPD/$s.csv" "$csv"
    compare "$gold/$s.report.csv" "$TMPD/$s.csv"

    expect_exit "$code" "$INVOICECTL" validate -q -m "$map" --emit "$TMPD/$s.jsonl" "$csv"
    compare "$gold/$s.bodies.jsonl" "$TMPD/$s.jsonl"
    if [ -s "$TMPD/$s.jsonl" ]; then
        "$PY" "$ROOT/tests/tools/check_request_schema.py" <"$TMPD/$s.jsonl" \
            || fail "$s: emitted bodies do not match the request schema"
    fi
    # One body per valid invoice, in the order the invoices first appear.
    "$PY" - "$TMPD/$s.json" "$TMPD/$s.jsonl" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
want = [i["invoiceNumber"] for i in r["invoices"] if i["status"] != "invalid"]
got = [json.loads(l)["invoiceNumber"] for l in open(sys.argv[2]) if l.strip()]
assert got == want, (got, want)
PY

    expect_exit "$code" "$INVOICECTL" validate -q -m "$map" --report "$TMPD/$s.xlsx" "$csv"
    "$PY" - "$TMPD/$s.xlsx" "$TMPD/$s.json" <<'PY'
import datetime, json, sys
from decimal import Decimal
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
r = json.load(open(sys.argv[2]))
assert wb.sheetnames == ["Summary", "Problems", "Invoices"], wb.sheetnames
assert wb.properties.creator == "invoicectl", wb.properties.creator
assert wb.properties.created == datetime.datetime(2026, 11, 1, 0, 0), wb.properties.created
summ = {row[0].value: row[1].value for row in wb["Summary"].iter_rows(min_row=3) if row[0].value}
assert summ["Invoices"] == r["summary"]["invoices"] and summ["Errors"] == r["summary"]["errors"], summ
for name, ncols in (("Problems", "F"), ("Invoices", "J")):
    ws = wb[name]
    assert ws.freeze_panes == "A2", (name, ws.freeze_panes)
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:" + ncols), (name, ws.auto_filter.ref)
    for col in "ABC":
        assert ws.column_dimensions[col].width and ws.column_dimensions[col].width > 4, (name, col)
probs = wb["Problems"]
assert probs.max_row - 1 == len(r["problems"]), (probs.max_row, len(r["problems"]))
msgs = [probs.cell(row=i + 2, column=6).value for i in range(len(r["problems"]))]
assert msgs == [p["message"] for p in r["problems"]]
# Message widths fit (up to the cap) the longest message.
if msgs:
    assert probs.column_dimensions["F"].width >= min(max(len(m) for m in msgs), 88), "message column too narrow"
inv = wb["Invoices"]
assert [c.value for c in inv[1]] == ["Key", "Invoice Number", "First Line", "Status", "Rows", "Lines",
                                     "Currency", "Subtotal", "Costs", "Total"]
checked = 0
for i, want in enumerate(r["invoices"]):
    row = inv[i + 2]
    assert row[0].value == want["key"] and row[3].value == want["status"], (row[0].value, want)
    cur = want["currency"]
    for col, key in ((7, "subtotal"), (8, "costs"), (9, "total")):
        cell = row[col]
        if want[key] is None:
            assert cell.value is None, (want["key"], key, cell.value)
            continue
        assert isinstance(cell.value, (int, float)), (want["key"], key, cell.value)
        assert abs(Decimal(repr(cell.value)) - Decimal(want[key])) < Decimal("0.00005"), (cell.value, want[key])
        fmt = cell.number_format
        # The export's formats (formats/xlsx_style.h): the same amounts read the same in every workbook.
        if cur == "JPY":
            assert fmt == '[$JPY] #,##0', fmt
        elif cur:
            assert fmt == '[$%s] #,##0.00' % cur, fmt
        checked += 1
assert checked > 0 or not r["invoices"], "no money cell checked"
PY
done

# The samples differ in what they exercise; make sure each does what its README line says.
assert_eq 12 "$(jget "$gold/invoices.report.json" 'j["summary"]["invoices"]')" "invoices: invoice count"
assert_contains "$gold/invoices.report.json" '"currency":"CAD"'
assert_contains "$gold/european.report.json" '"currency":"EUR"'
assert_contains "$gold/costlines-as-rows.bodies.jsonl" '"description":"Handling"'
for kind in "expected a date like" "no such day" "expected an amount like" "not in the map" \
    "ISO 4217" "SKU"; do
    assert_contains "$gold/broken.txt" "$kind"
done
