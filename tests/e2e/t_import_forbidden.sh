# A token without write scope: the sandbox's --read-only answers 403 to every write, as B2B Edition does
# when the API account lacks the scope.  The import stops at the first 403 with exit 2 and a message about
# the token's scope, instead of sending every invoice to be refused one by one.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
cd "$TMPD"
import_mapping map.json
import_csv 20 >a.csv

note "the sandbox: reads answer, writes answer 403 in the API's error envelope"
sandbox_start --db store.db --read-only
api GET '/invoices?limit=1' >/dev/null
assert_eq 200 "$(cat "$TMPD/status")" "GET with a read-only token"
api POST /invoices '{"invoiceNumber":"X-1"}' >body.json
assert_eq 403 "$(cat "$TMPD/status")" "POST with a read-only token"
assert_eq 403 "$(jget body.json 'j["code"]')" "code in the body"
assert_eq "Forbidden Error" "$(jget body.json 'j["meta"]["message"]')" "meta.message"
jget body.json 'j["data"]["errMsg"]' >errmsg.txt
assert_contains errmsg.txt "scope"

note "creates: stop at the first 403, exit 2"
expect_exit 2 "$INVOICECTL" import -m map.json --yes --concurrency 1 --results r1 --journal j1 a.csv
assert_contains "$TMPD/err" "HTTP 403"
assert_contains "$TMPD/err" "the token is not allowed to change invoices"
assert_contains "$TMPD/err" "scope"
assert_eq 1 "$(summary_get r1 'j["requests"]["POST"]')" "POSTs sent"
assert_eq 1 "$(summary_get r1 'j["counts"]["rejected"]')" "invoices refused"
assert_eq 19 "$(summary_get r1 'j["counts"]["not_sent"]')" "invoices not sent"
assert_eq 2 "$(summary_get r1 'j["exit"]')" "exit in summary.json"
assert_not_contains r1/errors.csv "interrupted"
sandbox_stop

note "updates: the same"
sandbox_start --db store.db
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r2 --journal j2 a.csv
sandbox_stop
import_csv 20 5 >a.csv
sandbox_start --db store.db --read-only
expect_exit 2 "$INVOICECTL" import -m map.json --yes --concurrency 1 --results r3 --journal j3 a.csv
assert_contains "$TMPD/err" "refused to update invoice"
assert_contains "$TMPD/err" "the token is not allowed to change invoices"
assert_eq 1 "$(summary_get r3 'j["requests"]["PUT"]')" "PUTs sent"

note "deletes: the same, named as a delete, with the request's place"
. "$ROOT/tests/e2e/modes_helpers.sh"
modes_mapping mmap.json
"$PY" - <<'PY' >dels.csv
print("Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight,Action")
for i in range(5):
    print(f"INV-{i:06d},,,,,,,,,delete")
PY
expect_exit 2 "$INVOICECTL" import -m mmap.json --yes --concurrency 1 --results r4 --journal j4 dels.csv
assert_contains "$TMPD/err" "refused to delete invoice"
assert_contains "$TMPD/err" "the token is not allowed to change invoices"
assert_eq 1 "$(summary_get r4 'j["requests"]["DELETE"]')" "DELETEs sent"
assert_eq 4 "$(summary_get r4 'j["counts"]["not_sent"]')" "deletes not sent"
"$PY" - r4/summary.json <<'PY' || fail "the refused delete's place"
import json, re, sys
j = json.load(open(sys.argv[1]))
places = [i.get("error_place", "") for i in j["invoices"] if i["outcome"] == "rejected"]
assert len(places) == 1 and re.fullmatch(r"line \d+, DELETE /invoices/\d+, HTTP 403", places[0]), places
PY
