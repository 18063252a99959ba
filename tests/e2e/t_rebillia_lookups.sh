# Rebillia's lookups before anything is sent: every value that does not resolve (customer by id and by
# email, currency, country, a customer without a payment method on the gateway) is reported once, by name,
# and nothing is sent (no POST); a missing gateway setting stops the run (exit 2); REBILLIA_PAYMENT_METHOD_ID
# is used for every invoice when given.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/rebillia_helpers.sh"
. "$ROOT/tests/e2e/rebillia_import_helpers.sh"
reb_start --record-requests "$TMPD/rec.jsonl"
reb_client /v1
cd "$TMPD"
cp "$ROOT/samples/rebillia-invoices.map.json" map.json
head -1 "$ROOT/samples/rebillia-invoices.csv" >bad.csv
tail -n +2 "$ROOT/samples/rebillia-invoices.csv" | sed \
    -e 's/^RB-1001,517,/RB-1001,999,/' \
    -e 's/^RB-1002,grace@example.com,\(.*\),EUR,/RB-1002,nobody@example.com,\1,CHF,/' \
    -e 's/,MK3 6EB,GB$/,MK3 6EB,XX/' >>bad.csv
# two more invoices use the unknown customer 999 and one more the unknown currency: each is reported once
echo 'RB-2001,999,2026-10-01,2026-10-31,CHF,Thing,1,1.00,0,A,B,S,C,1,US' >>bad.csv
echo 'RB-2002,999,2026-10-01,2026-10-31,USD,Thing,1,1.00,0,A,B,S,C,1,US' >>bad.csv

expect_exit 1 "$INVOICECTL" import -m map.json --yes --results r1 bad.csv
assert_contains "$TMPD/err" "invoice RB-1001: customer '999' is not a Rebillia customer id (used by 3 invoices)"
assert_contains "$TMPD/err" "invoice RB-1002: customer 'nobody@example.com' matches no Rebillia customer's email"
assert_contains "$TMPD/err" "invoice RB-1002: currency 'CHF' is not one of the company's currencies in Rebillia (used by 2 invoices)"
assert_contains "$TMPD/err" "invoice RB-1003: country 'XX' is not in Rebillia's country list"
assert_eq 1 "$(grep -c "customer '999'" "$TMPD/err")" "reports of customer 999"
assert_eq 1 "$(grep -c "currency 'CHF'" "$TMPD/err")" "reports of CHF"
assert_eq 4 "$(grep -c 'error: invoice' "$TMPD/err")" "errors reported"
assert_eq 0 "$(grep -c '"POST"' rec.jsonl || true)" "POSTs sent"

note "a customer without a payment method on the gateway: named, nothing sent"
REBILLIA_GATEWAY_ID=10 expect_exit 1 "$INVOICECTL" import -m map.json --yes --results r2 \
    "$ROOT/samples/rebillia-invoices.csv"
assert_contains "$TMPD/err" "customer 'grace@example.com' has no payment method on gateway 10 in Rebillia"
assert_contains "$TMPD/err" "customer 'alan@example.com' has no payment method on gateway 10 in Rebillia"
assert_not_contains "$TMPD/err" "customer '517'"
assert_eq 0 "$(grep -c '"POST"' rec.jsonl || true)" "POSTs sent"

note "no gateway: exit 2, named"
REBILLIA_GATEWAY_ID= expect_exit 2 "$INVOICECTL" import -m map.json --yes --results r3 \
    "$ROOT/samples/rebillia-invoices.csv"
assert_contains "$TMPD/err" "REBILLIA_GATEWAY_ID is not set"
assert_eq 0 "$(grep -c '"POST"' rec.jsonl || true)" "POSTs sent"

note "each customer's own payment method (Ada on gateway 10: 1068), or the one configured for all"
grep -E '^(Invoice|RB-1001|RB-1004)' "$ROOT/samples/rebillia-invoices.csv" >ada.csv
REBILLIA_GATEWAY_ID=10 expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r4 ada.csv
rapi GET "/v1/invoices?itemPerPage=250" - >/dev/null
assert_eq "1068 1068" "$(jb '" ".join(sorted(i["customerPaymentMethod"]["id"] for i in j["data"]))')" "payment methods"
assert_eq 2 "$(grep -c "\"POST\"" rec.jsonl)" "POSTs of the last run"

note "the gateway and payment method from the profile's keys (the environment wins over them)"
cat >cfg.json <<JSON
{"profiles": {"reb": {"target": "rebillia", "rebillia_gateway_id": 10, "rebillia_payment_method_id": "1068"}},
 "default": "reb"}
JSON
chmod 600 cfg.json
grep -E '^(Invoice|RB-1001)' "$ROOT/samples/rebillia-invoices.csv" | sed 's/RB-1001/RB-3001/' >p.csv
REBILLIA_GATEWAY_ID= expect_exit 0 "$INVOICECTL" import --config cfg.json -m map.json --yes --results r5 p.csv
rapi GET "/v1/invoices?itemPerPage=250" - >/dev/null
assert_eq "10 1068" "$(jb '" ".join(next((i["companyGateway"]["id"], i["customerPaymentMethod"]["id"]) for i in j["data"] if i["comments"] == "invoicectl:RB-3001"))')" "gateway and method of RB-3001"
sed -i 's/RB-3001/RB-3002/' p.csv
expect_exit 0 "$INVOICECTL" import --config cfg.json -m map.json --yes --results r6 p.csv
sed -i 's/RB-3002/RB-3003/' p.csv
REBILLIA_PAYMENT_METHOD_ID=1067 expect_exit 0 "$INVOICECTL" import --config cfg.json -m map.json --yes --results r7 p.csv
rapi GET "/v1/invoices?itemPerPage=250" - >/dev/null
assert_eq "9 1068" "$(jb '" ".join(next((i["companyGateway"]["id"], i["customerPaymentMethod"]["id"]) for i in j["data"] if i["comments"] == "invoicectl:RB-3002"))')" "gateway and method of RB-3002"
assert_eq "9 1067" "$(jb '" ".join(next((i["companyGateway"]["id"], i["customerPaymentMethod"]["id"]) for i in j["data"] if i["comments"] == "invoicectl:RB-3003"))')" "gateway and method of RB-3003"
