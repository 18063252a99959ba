# pay reads a bank file that is a workbook, and names the place of a row in error as validate and import
# do for a workbook: its sheet and cell (bank.xlsx:Statement!G7), the sheet and row when the problem is the
# row's.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/pay_helpers.sh"
sandbox_start
cd "$TMPD"
pay_seed
cp "$ROOT/samples/payments.map.json" .
# the sample bank export as a workbook (every cell text, as the bank wrote it), sheet "Statement", with two
# rows in error: a bad amount (row 7, column G) and a remittance text naming no invoice (row 8, column F)
"$PY" - "$ROOT/samples/payments.csv" bank.xlsx <<'PY'
import csv, sys
import openpyxl
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
rows.append(["14/11/2026", "14/11/2026", "ACH", "Denver Safety Supply", "ACH-781005", "INV-10042 X", "12.5x", "USD"])
rows.append(["14/11/2026", "14/11/2026", "ACH", "Denver Safety Supply", "ACH-781006", "NOTHING", "12.50", "USD"])
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Statement"
for r in rows:
    ws.append(r)
wb.save(sys.argv[2])
PY

note "the plan of a workbook: the valid rows, and each row in error at its cell"
expect_exit 1 "$INVOICECTL" pay -m payments.map.json --dry-run bank.xlsx
assert_contains "$TMPD/err" "rows: 7 payments read, 2 invalid"
assert_contains "$TMPD/err" "bank.xlsx:Statement!G7: error: column 'Amount': amount: '12.5x' is not an amount"
assert_contains "$TMPD/err" "bank.xlsx:Statement!F8: error: column 'Remittance Info': invoice: no invoice matching 'INV-[0-9]+' in 'NOTHING'"
assert_contains "$TMPD/err" "5 to record, 0 recorded already, 0 refused, 2 invalid"

note "recorded from the workbook; errors.csv names the rows as import's does"
expect_exit 1 "$INVOICECTL" pay -m payments.map.json --yes --results r bank.xlsx
assert_contains "$TMPD/err" "pay: 5 recorded, 0 already recorded, 0 refused, 2 invalid"
assert_contains r/errors.csv "line 7, column 'Amount'"
assert_eq 5 "$(store_payments | wc -l)" "payments in the store"
