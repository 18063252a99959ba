# Invalid rows stop an import unless --skip-invalid; errors.csv keeps the input layout plus error and
# error_place, and once fixed it imports cleanly.  The modes refuse what they must not do.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
sandbox_start --latency 1
cd "$TMPD"
import_mapping map.json
import_csv 30 0 3,8,20 >a.csv

note "invalid invoices stop the import"
expect_exit 1 "$INVOICECTL" import -m map.json --yes --results r0 a.csv
assert_contains "$TMPD/err" "--skip-invalid"
assert_eq "" "$(store_numbers)" "store after the refusal"

note "--skip-invalid imports the rest; errors.csv holds the bad rows"
expect_exit 1 "$INVOICECTL" import -m map.json --yes --skip-invalid --results r1 a.csv
assert_eq 27 "$(summary_get r1 'j["counts"]["created"]')" "created"
assert_eq 3 "$(summary_get r1 'j["counts"]["invalid"]')" "invalid"
head -1 r1/errors.csv >hdr.txt
assert_eq "$(head -1 a.csv | tr -d '\r'),error,error_place" "$(tr -d '\r' <hdr.txt)" "errors.csv header"
# rows of invoices 3 (1 row), 8 (3 rows) and 20 (3 rows), cells as in the input
assert_eq 7 "$(($(wc -l <r1/errors.csv) - 1))" "errors.csv rows"
grep -F 'INV-000008,' a.csv | tr -d '\r' >want8.txt
grep -F 'INV-000008,' r1/errors.csv | tr -d '\r' | cut -d, -f1-10 >got8.txt
golden want8.txt got8.txt
assert_contains r1/errors.csv "column 'Due Date'"

note "errors.csv, fixed, imports cleanly"
sed 's/2026-02-31/2026-12-15/' r1/errors.csv >fixed.csv
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r2 fixed.csv
assert_eq 3 "$(summary_get r2 'j["counts"]["created"]')" "created from errors.csv"
store_numbers >store.txt
csv_numbers a.csv >want.txt
golden want.txt store.txt

note "create mode refuses to change, update mode refuses to create"
# 5 changed invoices, the 3 fixed ones (another due date than b.csv says), and one new
import_csv 31 5 >b.csv
expect_exit 1 "$INVOICECTL" import -m map.json --mode create --yes --results r3 b.csv
assert_eq 8 "$(summary_get r3 'j["counts"]["refused"]')" "refused in create mode"
assert_eq 1 "$(summary_get r3 'j["counts"]["created"]')" "created in create mode"
assert_eq 0 "$(summary_get r3 'j["requests"]["PUT"]')" "PUTs in create mode"
import_csv 32 5 >c.csv
expect_exit 1 "$INVOICECTL" import -m map.json --mode update --results r4 c.csv
assert_eq 1 "$(summary_get r4 'j["counts"]["refused"]')" "refused in update mode"
assert_eq 8 "$(summary_get r4 'j["counts"]["updated"]')" "updated in update mode"
assert_eq 0 "$(summary_get r4 'j["requests"]["POST"]')" "POSTs in update mode"

# A hand-written mapping with several mistakes: every one is listed before anything is listed or sent.
printf '%s' '{"target":"bigcommerce-b2b","group_by":["Invoice Number"],"invoice":{"invoiceNumbr":"Invoice Number","customerId":"Company ID"},"lineItems":{"sku":"SKU"}}' >"$TMPD/bad.map.json"
expect_exit 2 "$INVOICECTL" import -m "$TMPD/bad.map.json" --dry-run "$ROOT/samples/invoices.csv"
assert_contains "$TMPD/err" "invoice.invoiceNumbr: unknown field; did you mean 'invoiceNumber'?"
assert_contains "$TMPD/err" "lineItems.unitPrice: missing"
