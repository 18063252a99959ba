# invoicectl undo against Rebillia (--api rebillia): the invoices the run created are deleted (DELETE
# /v1/invoices/{id}), those it updated are put back; the store ends as before the import.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/rebillia_helpers.sh"
. "$ROOT/tests/e2e/rebillia_import_helpers.sh"
reb_start
reb_client /v1
cd "$TMPD"
cp "$ROOT/samples/rebillia-invoices.map.json" map.json
reb_csv 12 >seed.csv
reb_csv 18 2 >run.csv # R-0 and R-5 updated, R-12..17 created
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results seed seed.csv
reb_store >before.txt
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results r1 run.csv
assert_eq 6 "$(summary_get r1 'j["counts"]["created"]')" "created"
assert_eq 2 "$(summary_get r1 'j["counts"]["updated"]')" "updated"

expect_exit 0 "$INVOICECTL" undo --yes --results u1 r1
assert_contains err "6 to delete, 2 to restore, 0 refused"
assert_contains err "deleted 6, restored 2"
reb_store >after.txt
golden before.txt after.txt
expect_exit 0 "$INVOICECTL" undo --yes --results u2 r1
assert_contains err "0 to delete, 0 to restore, 0 refused"
