#!/usr/bin/env bash
# Rebillia emulation, access and lookups: X-AUTH-TOKEN (missing or wrong: 401 in Rebillia's error
# shape; REBILLIA_API_KEY replaces the default), versioned paths under /v1 and at the root, the
# globals at the root only, 404/405; the built-in lookups (currencies with JPY's 0 decimals,
# gateways, global gateways, customers with query/email search, payment methods, countries);
# --lookups FILE (and its errors, exit 2), the store kept with --db across a restart,
# --record-requests, and a 500 fault in Rebillia's shape.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/rebillia_helpers.sh"

reb_start --db "$TMPD/reb.db" --record-requests "$TMPD/rec.jsonl"
assert_contains "$TMPD/sandbox.err" "clients must send the API key 'sandbox-rebillia-key'"

note "auth: X-AUTH-TOKEN, 401 otherwise"
REB_KEY_SENT= rapi GET /v1/invoices >/dev/null
rerror 401 UNAUTHORIZED
REB_KEY_SENT=wrong rapi GET /v1/invoices >/dev/null
rerror 401 UNAUTHORIZED
REB_KEY_SENT=wrong rapi GET /globals/countries >/dev/null
rerror 401 UNAUTHORIZED
curl -sS -o "$TMPD/body" -w '%{http_code}' -H "x-auth-token: $REB_KEY" "$SANDBOX_URL/v1/currencies" >"$TMPD/status"
rstatus 200

note "paths: /v1 and the root; the globals at the root only"
rapi GET /v1/invoices >/dev/null
rstatus 200
rapi GET /invoices >/dev/null
rstatus 200
rapi GET /v1/globals/countries >/dev/null
rerror 404 NOT_FOUND
rapi GET /v1/nothing >/dev/null
rerror 404 NOT_FOUND
rapi PATCH /v1/invoices/1 '{}' >/dev/null
rerror 405 METHOD_NOT_ALLOWED

note "currencies: company currencies with the global currency's iso3"
rapi GET /v1/currencies >/dev/null
rstatus 200
"$PY" - "$TMPD/body" <<'PYEOF' || fail "currencies: $(cat "$TMPD/body")"
import json, sys
j = json.load(open(sys.argv[1]))
assert (j["currentPageNumber"], j["itemsPerPage"], j["totalItems"], j["totalPages"]) == (1, 25, 4, 1), j
by = {c["currency"]["iso3"]: c for c in j["data"]}
assert by["USD"]["id"] == "144" and by["USD"]["decimalPlaces"] == 2, by["USD"]
assert by["JPY"]["decimalPlaces"] == 0 and "EUR" in by and "GBP" in by, by
assert set(by["USD"]["currency"]) == {"id", "iso3", "name", "symbol", "flag", "numericCode"}
PYEOF
note "gateways and global gateways"
rapi GET /v1/gateways >/dev/null
assert_eq "9 10" "$(jb '" ".join(g["id"] for g in j["data"])')" "company gateways"
rapi GET /globals/gateways >/dev/null
rstatus 200
assert_eq "1 3" "$(jb '" ".join(str(g["id"]) for g in j)')" "global gateways"
note "countries: id, alpha2Code, name"
rapi GET /globals/countries >/dev/null
"$PY" - "$TMPD/body" <<'PYEOF' || fail "countries: $(cat "$TMPD/body")"
import json, sys
j = json.load(open(sys.argv[1]))
codes = {c["alpha2Code"]: c for c in j}
for c in ("US", "CA", "GB", "DE", "FR", "JP", "ES", "MX"):
    assert c in codes, c
assert codes["US"]["id"] == "230" and codes["US"]["name"] == "United States"
PYEOF
note "customers: query and email search, one customer, payment methods"
rapi GET '/v1/customers?query=hop' >/dev/null
assert_eq "1 518" "$(jb '"%d %s" % (j["totalItems"], j["data"][0]["id"])')" "query=hop"
rapi GET '/v1/customers?email=ADA@example.com' >/dev/null
assert_eq "1 517" "$(jb '"%d %s" % (j["totalItems"], j["data"][0]["id"])')" "email search"
rapi GET '/v1/customers?email=ada@example' >/dev/null
assert_eq 0 "$(jb 'j["totalItems"]')" "email is the whole address"
rapi GET '/v1/customers?itemPerPage=2&pageNo=2' >/dev/null
assert_eq "3 2 519" "$(jb '"%d %d %s" % (j["totalItems"], j["totalPages"], j["data"][0]["id"])')" "customers page 2"
rapi GET /v1/customers/517 >/dev/null
assert_eq "Ada Lovelace" "$(jb 'j["firstName"] + " " + j["lastName"]')" "customer 517"
rapi GET /v1/customers/9999 >/dev/null
rerror 404 NOT_FOUND
rapi GET /v1/customers/517/paymentmethods >/dev/null
assert_eq "1067:9 1068:10" "$(jb '" ".join(p["id"] + ":" + p["companyGateway"]["id"] for p in j["data"])')" "payment methods"
rapi GET /v1/customers/9999/paymentmethods >/dev/null
rerror 404 NOT_FOUND

note "an invoice survives a restart with --db; the numbering goes on"
rapi POST /v1/invoices "$(rinvoice)" >/dev/null
rstatus 201
ID=$(jb 'j["id"]')
sandbox_stop
reb_start --db "$TMPD/reb.db"
rapi GET "/v1/invoices/$ID?include=detail" >/dev/null
assert_eq "INV-000001 8400 2" "$(jb '"%s %d %d" % (j["invoiceNo"], j["total"], len(j["detail"]))')" "kept invoice"
rapi POST /v1/invoices "$(rinvoice)" >/dev/null
assert_eq INV-000002 "$(jb 'j["invoiceNo"]')" "numbering after a restart"
note "--record-requests wrote what reached a handler (not the 401s, 404s or 405)"
assert_eq 16 "$(wc -l <"$TMPD/rec.jsonl" | tr -d ' ')" "recorded requests"
assert_contains "$TMPD/rec.jsonl" '"method":"POST","path":"/v1/invoices"'
assert_not_contains "$TMPD/rec.jsonl" "$REB_KEY"
sandbox_stop

note "REBILLIA_API_KEY replaces the default"
REBILLIA_API_KEY=from-env reb_start
assert_contains "$TMPD/sandbox.err" "API key from REBILLIA_API_KEY"
assert_not_contains "$TMPD/sandbox.err" "from-env"
rapi GET /v1/invoices >/dev/null
rerror 401 UNAUTHORIZED
REB_KEY_SENT=from-env rapi GET /v1/invoices >/dev/null
rstatus 200
sandbox_stop

note "--lookups FILE: sections given replace the built-in ones, the others stay"
cat >"$TMPD/lookups.json" <<'JSON'
{"currencies": [{"id": 7, "currencyId": 8, "iso3": "CHF", "name": "Swiss Franc", "decimals": 2}],
 "customers": [{"id": 42, "firstName": "Zed", "lastName": "Zero", "email": "zed@example.com",
                "paymentMethods": [{"id": 4242, "companyGatewayId": 10, "type": "offline"}]}]}
JSON
reb_start --lookups "$TMPD/lookups.json"
rapi GET /v1/currencies >/dev/null
assert_eq "7:CHF" "$(jb '" ".join(c["id"] + ":" + c["currency"]["iso3"] for c in j["data"])')" "currencies from the file"
rapi GET /globals/countries >/dev/null
assert_eq True "$(jb 'any(c["alpha2Code"] == "JP" for c in j)')" "built-in countries kept"
rapi POST /v1/invoices "$(rinvoice '{"companyCurrencyId":7,"customerId":42,"paymentMethodId":4242,"companyGatewayId":10}')" >/dev/null
rstatus 201
assert_eq "CHF zed@example.com" "$(jb 'j["currency"]["iso3"] + " " + j["customer"]["email"]')" "invoice with file lookups"
rapi POST /v1/invoices "$(rinvoice)" >/dev/null
rerror 422 VALIDATION_ERROR companyCurrencyId customerId
sandbox_stop

note "lookups are seeded once: a kept store with an empty section restarts as it was"
echo '{"currencies": []}' >"$TMPD/nocur.json"
reb_start --db "$TMPD/nocur.db" --lookups "$TMPD/nocur.json"
sandbox_stop
reb_start --db "$TMPD/nocur.db"
rapi GET /v1/currencies >/dev/null
assert_eq 0 "$(jb 'j["totalItems"]')" "no currencies after a restart"
rapi GET /v1/customers >/dev/null
assert_eq 3 "$(jb 'j["totalItems"]')" "customers not seeded twice"
sandbox_stop

note "bad --lookups files and misplaced options: exit 2"
echo '[]' >"$TMPD/bad1.json"
expect_exit 2 "$INVOICECTL" sandbox --api rebillia --listen 127.0.0.1:0 --lookups "$TMPD/bad1.json"
assert_contains "$TMPD/err" "expected a JSON object"
echo '{"customers":[{"id":1,"firstName":"A","lastName":"B","email":"e","paymentMethods":[{"id":2,"companyGatewayId":77,"type":"card"}]}]}' >"$TMPD/bad2.json"
expect_exit 2 "$INVOICECTL" sandbox --api rebillia --listen 127.0.0.1:0 --lookups "$TMPD/bad2.json"
assert_contains "$TMPD/err" "companyGatewayId that no gateway has"
echo '{"currencies":[{"id":"x","currencyId":1,"iso3":"USD","name":"D","decimals":2}]}' >"$TMPD/bad3.json"
expect_exit 2 "$INVOICECTL" sandbox --api rebillia --listen 127.0.0.1:0 --lookups "$TMPD/bad3.json"
assert_contains "$TMPD/err" "currencies 1: \"id\": expected a positive whole number"
expect_exit 2 "$INVOICECTL" sandbox --listen 127.0.0.1:0 --lookups "$TMPD/lookups.json"
assert_contains "$TMPD/err" "--lookups applies to --api rebillia"
expect_exit 2 "$INVOICECTL" sandbox --api rebilia --listen 127.0.0.1:0
assert_contains "$TMPD/err" "expected bigcommerce-b2b, bill-v3 or rebillia"

note "a 500 fault answers in Rebillia's shape"
reb_start --faults 500=1 --seed 1
rapi GET /v1/invoices >/dev/null
rerror 500 INTERNAL_ERROR
sandbox_stop
assert_contains "$TMPD/sandbox.err" "500=1 "
