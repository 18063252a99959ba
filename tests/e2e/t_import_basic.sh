# Import end to end: the dry-run plan, the confirmation, 1,000 invoices created, the same import again
# sending no write, and 10 changed rows giving exactly 10 PUTs that keep a billing address the CSV does not
# map.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
sandbox_start --latency 1
cd "$TMPD"
import_mapping map.json
import_csv 1000 >a.csv

note "dry run: a plan, files, and only list requests"
expect_exit 0 "$INVOICECTL" import -m map.json --dry-run --results dry a.csv
assert_eq 1000 "$(grep -c '^create ' "$TMPD/out")" "create lines"
assert_eq 1000 "$(jget dry/plan.json 'j["counts"]["create"]')" "plan.json creates"
assert_eq "['create', 'update', 'unchanged', 'refused', 'invalid']" \
    "$("$PY" -c 'import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1]).sheetnames)' dry/plan.xlsx)"
assert_eq "" "$(store_numbers)" "store after the dry run"

note "creating without a terminal needs --yes"
expect_exit 2 "$INVOICECTL" import -m map.json --results r0 a.csv
assert_contains "$TMPD/err" "--yes"
assert_contains "$TMPD/err" "New Invoice"
assert_eq "" "$(store_numbers)" "store after the refusal"

note "1,000 invoices created"
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r1 a.csv
assert_eq 1000 "$(summary_get r1 'j["counts"]["created"]')" "created"
assert_eq 1000 "$(summary_get r1 'j["requests"]["POST"]')" "POSTs"
store_numbers >store1.txt
csv_numbers a.csv >want.txt
golden want.txt store1.txt
assert_eq "$(($(wc -l <a.csv) - 1))" "$(($(wc -l <r1/success.csv) - 1))" "success.csv rows"
assert_eq 1 "$(wc -l <r1/errors.csv)" "errors.csv is only its header"
assert_contains r1/success.csv ",created"
# the journal holds no token
assert_not_contains "$(ls invoicectl-results/a.csv.*.journal)" "$B2B_AUTH_TOKEN"

note "the same import again sends no write"
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r2 a.csv
assert_eq 0 "$(summary_get r2 'j["requests"]["POST"] + j["requests"]["PUT"]')" "writes on the second run"

note "a billing address set through the API survives updates"
id=$("$PY" -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])' \
    < <(api GET '/invoices?searchBy=invoiceNumber&q=INV-000007&limit=10'))
api GET "/invoices/$id" >inv.json
"$PY" - inv.json >put.json <<'PY'
import json, sys
inv = json.load(open(sys.argv[1]))["data"]
inv["details"]["header"]["billingAddress"] = {"firstName": "Ann", "lastName": "Lee", "street1": "1 Elm St",
    "street2": "", "city": "Springfield", "state": "IL", "zipCode": "62701", "country": "US"}
body = {"details": inv["details"]}
print(json.dumps(body))
PY
api PUT "/invoices/$id" "$(cat put.json)" >/dev/null
assert_eq 200 "$(cat "$TMPD/status")" "PUT billing address"

note "10 changed rows: exactly 10 PUTs"
import_csv 1000 10 >a.csv # the same file name: the journal sees other content and starts anew
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r3 a.csv
assert_eq 10 "$(summary_get r3 'j["requests"]["PUT"]')" "PUTs"
assert_eq 0 "$(summary_get r3 'j["requests"]["POST"]')" "POSTs"
assert_eq 10 "$(summary_get r3 'j["counts"]["updated"]')" "updated"
assert_eq 990 "$(summary_get r3 'j["counts"]["unchanged"]')" "unchanged"
api GET "/invoices/$id" >after.json
assert_eq "Springfield" "$(jget after.json 'j["data"]["details"]["header"]["billingAddress"]["city"]')" "city"
assert_eq "20.9900" "$(jget after.json 'j["data"]["details"]["details"]["lineItems"][0]["unitPrice"]["value"]')" \
    "new unit price"
store_numbers >store3.txt
golden want.txt store3.txt
