#!/usr/bin/env bash
# Workbooks written by an independent writer: LibreOffice converts the CSV samples (soffice --headless
# --convert-to xlsx, with a private profile), and each workbook validates to the same invoices and the same
# problems as the CSV it came from (only the places differ: book.xlsx:Sheet!C14 for file:line).  Then an
# import from the workbook fills the sandbox, and the CSV imported after it finds every invoice unchanged;
# the results files hold the sheet's rows.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
command -v soffice >/dev/null || fail "soffice is missing: make check installs libreoffice-calc-nogui (DEB_TEST)"
cd "$TMPD"
samples=(invoices costlines-as-rows broken)
for s in "${samples[@]}"; do cp "$ROOT/samples/$s.csv" .; done
soffice -env:UserInstallation="file://$TMPD/lo-profile" --headless --convert-to xlsx --outdir "$TMPD" \
    "${samples[@]/%/.csv}" >lo.out 2>&1 || { cat lo.out; fail "soffice could not convert the samples"; }
# problems without their place, and the summary without the file name
strip() { sed -E 's/^[^ ]*(\.csv:[0-9]+|\.xlsx:[^!]*![A-Z]*[0-9]+): //; s/^[^ ]*\.(csv|xlsx): //' "$1"; }
for s in "${samples[@]}"; do
    [ -s "$s.xlsx" ] || fail "no $s.xlsx from soffice"
    set +e
    "$INVOICECTL" validate -m "$ROOT/samples/$s.map.json" --emit "$s-csv.jsonl" "$s.csv" >csv.out 2>&1
    c1=$?
    "$INVOICECTL" validate -m "$ROOT/samples/$s.map.json" --emit "$s-xlsx.jsonl" "$s.xlsx" >xlsx.out 2>&1
    c2=$?
    set -e
    assert_eq "$c1" "$c2" "$s: exit code of the workbook"
    [ -s "$s-csv.jsonl" ] || { cat csv.out; ls; fail "$s: no valid invoice"; }
    cmp "$s-csv.jsonl" "$s-xlsx.jsonl" || fail "$s: the workbook's invoices differ from the CSV's"
    diff -u <(strip csv.out) <(strip xlsx.out) || fail "$s: the workbook's problems differ from the CSV's"
    note "ok $s (exit $c1)"
done
grep -q "broken.xlsx:broken!N16: warning: column 'Open Balance', invoice INV-20011" xlsx.out ||
    { cat xlsx.out; fail "a problem's place does not name the cell"; }

sandbox_start
expect_exit 0 "$INVOICECTL" import -m "$ROOT/samples/invoices.map.json" --yes --results r1 invoices.xlsx
assert_eq 12 "$(summary_get r1 'j["counts"]["created"]')" "created from the workbook"
assert_eq 35 "$("$PY" -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1])))))' r1/success.csv)" \
    "success.csv: the header and the sheet's 34 rows"
head -n 1 r1/success.csv | grep -q '^Invoice Number,Company ID,' || fail "success.csv lacks the sheet's header"
expect_exit 0 "$INVOICECTL" import -m "$ROOT/samples/invoices.map.json" --yes --results r2 invoices.csv
assert_eq 12 "$(summary_get r2 'j["counts"]["unchanged"]')" "the CSV finds the workbook's invoices unchanged"
echo "ok"
