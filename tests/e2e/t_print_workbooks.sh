#!/usr/bin/env bash
# Every workbook invoicectl writes prints well: rendered to PDF by LibreOffice headless (as an accountant
# would print it), each page is landscape, carries the page header (title, store, as-of date and zone) and a
# footer naming its sheet and page; the export of 1,000 invoices prints its Invoices and Aging sheets one
# page wide with the header row on every page, the Summary on one page and each chart on a page of its own.
# The page counts per sheet are compared with tests/golden/print/ (UPDATE_GOLDEN=1 rewrites them: look at
# the PNGs first, PRINT_PNG_DIR=folder keeps them).
. "$ROOT/tests/e2e/lib.sh"
for tool in soffice pdfinfo pdftotext pdftoppm; do
    command -v "$tool" >/dev/null || fail "$tool is needed (Debian: libreoffice-calc-nogui poppler-utils)"
done
gold=$ROOT/tests/golden/print
pages="$PY $ROOT/tests/e2e/print_pages.py"

# to_pdf FILE.xlsx: FILE.pdf beside it, with a private LibreOffice profile and a time limit.
to_pdf() {
    timeout 300 soffice -env:UserInstallation=file://$TMPD/lo-profile --headless --convert-to pdf \
        --outdir "$(dirname "$1")" "$1" >"$TMPD/soffice.out" 2>&1 || { cat "$TMPD/soffice.out"; fail "soffice on $1"; }
    [ -s "${1%.xlsx}.pdf" ] || fail "no PDF for $1"
}
# check_pages PDF GOLDEN [print_pages.py options]: no problem on any page, page counts as the golden file.
check_pages() {
    local pdf=$1 want=$2; shift 2
    $pages "$pdf" "$@" >"$pdf.pages"
    if grep '^problem:' "$pdf.pages"; then fail "$pdf does not print well"; fi
    if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$pdf.pages" "$want"; fi
    golden "$want" "$pdf.pages"
}
png() { # png PDF PAGE NAME: the page as an image, kept in PRINT_PNG_DIR when set
    pdftoppm -r 60 -png -singlefile -f "$2" -l "$2" "$1" "$TMPD/$3"
    [ -s "$TMPD/$3.png" ] || fail "no image of page $2 of $1"
    if [ -n "${PRINT_PNG_DIR:-}" ]; then cp "$TMPD/$3.png" "$PRINT_PNG_DIR/"; fi
}

sandbox_start
cd "$TMPD"
"$PY" "$ROOT/bench/export_seed.py" "$INVOICECTL_API_URL" 0 1000 2 >/dev/null

note "export of 1,000 invoices"
expect_exit 0 "$INVOICECTL" export -o "$TMPD/open.xlsx" --as-of 2026-03-31 --timezone Europe/Paris --status unpaid
to_pdf "$TMPD/open.xlsx"
check_pages "$TMPD/open.pdf" "$gold/export-1000.txt" --header "Open balances" --header "$B2B_STORE_HASH" \
    --header "As of 2026-03-31 (Europe/Paris)" \
    --columns "Invoices=Invoice Number|ID|Customer ID|Customer Name|Status|PO Number|Order Number|Issued|Due|Days Past Due|Currency|Original Balance|Open Balance|External ID" \
    --columns "Aging=Customer ID|Customer Name|Currency|Current|1-30|31-60|61-90|Over 90|Total" \
    --columns "Summary=Status|Invoices|Currency|Current|1-30|31-60|61-90|Over 90|Total"
assert_eq "Summary 1" "$(head -1 "$TMPD/open.pdf.pages")" "the Summary: first, one page"
# Three currencies: per currency the bucket bar and the ten largest overdue balances, a page each.
assert_eq "Charts 6" "$(grep '^Charts ' "$TMPD/open.pdf.pages")" "one page per chart"
pdftotext -layout -f 1 -l 1 "$TMPD/open.pdf" "$TMPD/summary.txt"
assert_contains "$TMPD/summary.txt" "status unpaid"
assert_contains "$TMPD/summary.txt" "EUR 1,059,757.52"
png "$TMPD/open.pdf" 1 summary
png "$TMPD/open.pdf" "$(awk '$1 != "Aging" { n += $NF } $1 == "Aging" { print n + 1; exit }' "$TMPD/open.pdf.pages")" aging
png "$TMPD/open.pdf" "$(awk '$1 != "Charts" { n += $NF } $1 == "Charts" { print n + 2; exit }' "$TMPD/open.pdf.pages")" chart

note "validation report"
expect_exit 0 "$INVOICECTL" validate -q -m "$ROOT/samples/invoices.map.json" --report "$TMPD/report.xlsx" \
    "$ROOT/samples/invoices.csv"
to_pdf "$TMPD/report.xlsx"
check_pages "$TMPD/report.pdf" "$gold/report.txt" --header "Validation report" --header "invoices.csv" \
    --columns "Invoices=Key|Invoice Number|First Line|Status|Rows|Lines|Currency|Subtotal|Costs|Total"

note "import plan"
. "$ROOT/tests/e2e/import_helpers.sh"
import_mapping map.json
import_csv 300 >a.csv
expect_exit 0 "$INVOICECTL" import -m map.json --dry-run --results dry a.csv
to_pdf "$TMPD/dry/plan.xlsx"
check_pages "$TMPD/dry/plan.pdf" "$gold/plan.txt" --header "Import plan" --header "a.csv" \
    --columns "create=key|line|invoice id|reason"
