# An archived BILL invoice holds its number: the plan (which lists archived:eq:false) does not see it, so
# the create is answered 422 (BILL's duplicate number, an error array without code), the run looks the
# invoice up, does not find it among the active ones, and reports the invoice rejected with BILL's message,
# saying an archived invoice may hold the number; one resend after the lookup, never a loop.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"
bill_start --record-requests "$TMPD/req.jsonl"
bill_client_env
cd "$TMPD"
bill_mapping map.json
bill_csv 3 >a.csv
bill_login
bapi POST /v3/invoices "$(binvoice BI-000001)" >/dev/null
bstatus 201
id=$(jb 'j["id"]')
bapi POST "/v3/invoices/$id/archive" >/dev/null
bstatus 200
M=$(wc -l <req.jsonl)

expect_exit 1 "$INVOICECTL" import -m map.json --yes --results r a.csv
assert_eq 2 "$(summary_get r 'j["counts"]["created"]')" "created"
assert_eq 1 "$(summary_get r 'j["counts"]["rejected"]')" "rejected"
assert_contains r/errors.csv "BI-000001"
assert_contains r/errors.csv "HTTP 422"
assert_contains r/errors.csv "an archived BILL invoice may hold the number"
# one create each, and for the refused one a single resend after its lookup found nothing
assert_eq 4 "$(bill_count <(tail -n +$((M + 1)) req.jsonl) POST /v3/invoices)" "creates"
bill_store s.json
assert_eq 3 "$(jget s.json 'len(j)')" "invoices in BILL"
