#!/usr/bin/env bash
# Rebillia emulation, invoices: POST makes a `posted` invoice with the server's invoiceNo (INV-000001,
# …) and exact integer cents (per-unit amount × qty, shipping, subtotals, total, balanceDue); every
# required id missing or unknown is refused by name, the payment method must be the customer's,
# amounts must be whole cents (41.00, 1e3, -1 refused), lengths count characters; GET shows the lines
# only with include=detail; PUT needs a body (even {}), refuses billingAddress and terms, replaces the
# lines and recomputes; an invoice charged to paid or voided can no longer be updated; DELETE 204.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/rebillia_helpers.sh"

reb_start

note "create: 201, posted, INV-000001, cents exact"
rapi POST /v1/invoices "$(rinvoice '{"shippingAmount":150,"customerName":"Ada L.","comments":"first",
  "billingAddress":{"contactName":"Ada","street1":"1 Main St","city":"Springfield","zip":"12345","countryId":230,"type":"commercial"}}')" >/dev/null
rstatus 201
"$PY" - "$TMPD/body" <<'PYEOF' || fail "created invoice: $(cat "$TMPD/body")"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["status"] == "posted" and j["invoiceNo"] == "INV-000001", j
assert isinstance(j["id"], str) and j["id"].isdigit(), j["id"]
# 2 x 4100 + 1 x 200 = 8400, + 150 shipping = 8550, all integers.
for k, v in {"total": 8550, "balanceDue": 8550, "subtotalTaxExc": 8400, "subtotalTaxInc": 8400,
             "shippingAmount": 150, "taxAmount": 0}.items():
    assert j[k] == v and type(j[k]) is int, (k, j[k])
assert [(l["qty"], l["amount"], l["totalTaxExc"]) for l in j["detail"]] == [(2, 4100, 8200), (1, 200, 200)], j["detail"]
assert j["currency"]["iso3"] == "USD" and j["customer"]["id"] == "517" and j["customer"]["email"] == "ada@example.com"
assert j["companyGateway"]["id"] == "9" and j["customerPaymentMethod"]["id"] == "1067"
assert j["billingAddress"]["country"]["alpha2Code"] == "US" and j["billingAddress"]["street2"] is None
assert j["shippingAddress"] is None and j["customerName"] == "Ada L." and j["comments"] == "first"
assert (j["dateDue"], j["dateFrom"], j["dateTo"]) == ("2026-03-18", "2026-03-01", "2026-03-31")
assert j["datePaid"] is None and j["dateVoid"] is None
PYEOF
ID=$(jb 'j["id"]')

note "large amounts stay exact (no double rounding)"
rapi POST /v1/invoices "$(rinvoice '{"detail":[{"amount":99999999999,"qty":90000},{"amount":1,"qty":1}],"shippingAmount":99999999999}')" >/dev/null
rstatus 201
# 99999999999 x 90000 + 1 + 99999999999 = 9000099999910000, just under 2^53: every digit counts.
assert_eq 9000099999910000 "$(jb 'j["total"]')" "total"
assert_eq INV-000002 "$(jb 'j["invoiceNo"]')" "second invoiceNo"
grep -q '"total":9000099999910000,' "$TMPD/body" || fail "total not written as an exact integer: $(cat "$TMPD/body")"
note "a total past 2^53 - 1 is refused"
rapi POST /v1/invoices "$(rinvoice '{"detail":[{"amount":99999999999,"qty":1000000}]}')" >/dev/null
rerror 422 VALIDATION_ERROR detail

note "every required field missing"
rapi POST /v1/invoices '{}' >/dev/null
rerror 422 VALIDATION_ERROR companyCurrencyId companyGatewayId customerId paymentMethodId dateDue dateFrom dateTo detail

note "each id unknown or not an id"
for f in companyCurrencyId companyGatewayId customerId paymentMethodId; do
    rapi POST /v1/invoices "$(rinvoice "{\"$f\":999999}")" >/dev/null
    rerror 422 VALIDATION_ERROR "$f"
    rapi POST /v1/invoices "$(rinvoice "{\"$f\":\"abc\"}")" >/dev/null
    rerror 422 VALIDATION_ERROR "$f"
    rapi POST /v1/invoices "$(rinvoice "{\"$f\":0}")" >/dev/null
    rerror 422 VALIDATION_ERROR "$f"
done
note "a payment method of another customer"
rapi POST /v1/invoices "$(rinvoice '{"paymentMethodId":1069}')" >/dev/null
rerror 422 VALIDATION_ERROR paymentMethodId
assert_contains "$TMPD/body" "does not belong to customer 517"
note "ids as strings of digits are taken"
rapi POST /v1/invoices "$(rinvoice '{"customerId":"518","paymentMethodId":"1069"}')" >/dev/null
rstatus 201
assert_eq INV-000003 "$(jb 'j["invoiceNo"]')" "invoiceNo after refusals"

note "amounts are whole cents; qty a whole number >= 1; detail not empty"
for d in '[{"amount":41.00}]' '[{"amount":4.1e3}]' '[{"amount":-1}]' '[{"amount":"4100"}]' '[{"qty":1}]'; do
    rapi POST /v1/invoices "$(rinvoice "{\"detail\":$d}")" >/dev/null
    rerror 422 VALIDATION_ERROR 'detail[0].amount'
done
for q in 0 1.5 '"2"' 1000001; do
    rapi POST /v1/invoices "$(rinvoice "{\"detail\":[{\"amount\":100,\"qty\":$q}]}")" >/dev/null
    rerror 422 VALIDATION_ERROR 'detail[0].qty'
done
rapi POST /v1/invoices "$(rinvoice '{"detail":[]}')" >/dev/null
rerror 422 VALIDATION_ERROR detail
rapi POST /v1/invoices "$(rinvoice '{"shippingAmount":1.5}')" >/dev/null
rerror 422 VALIDATION_ERROR shippingAmount
note "qty defaults to 1"
rapi POST /v1/invoices "$(rinvoice '{"detail":[{"amount":1234}]}')" >/dev/null
rstatus 201
assert_eq "1 1234" "$(jb '"%d %d" % (j["detail"][0]["qty"], j["total"])')" "qty and total"

note "dates yyyy-MM-dd and real"
for d in '"2026-02-30"' '"18/03/2026"' '"2026-3-1"' '20260318'; do
    rapi POST /v1/invoices "$(rinvoice "{\"dateDue\":$d}")" >/dev/null
    rerror 422 VALIDATION_ERROR dateDue
done

note "lengths in characters: 45 / 200 / 255"
ok45=$("$PY" -c 'print("é" * 45)') long46=$("$PY" -c 'print("x" * 46)')
rapi POST /v1/invoices "$(rinvoice "{\"customerName\":\"$ok45\",\"customerEmail\":\"$ok45\",\"customerPhone\":\"$ok45\",\"terms\":\"$("$PY" -c 'print("t" * 200)')\",\"detail\":[{\"amount\":1,\"description\":\"$("$PY" -c 'print("ü" * 255)')\"}]}")" >/dev/null
rstatus 201
rapi POST /v1/invoices "$(rinvoice "{\"customerName\":\"$long46\",\"customerEmail\":\"$long46\",\"customerPhone\":\"$long46\",\"terms\":\"$("$PY" -c 'print("t" * 201)')\",\"comments\":\"$("$PY" -c 'print("c" * 201)')\",\"detail\":[{\"amount\":1,\"description\":\"$("$PY" -c 'print("d" * 256)')\"}]}")" >/dev/null
rerror 422 VALIDATION_ERROR customerName customerEmail customerPhone terms comments 'detail[0].description'

note "addresses: required parts, a known countryId, the type"
rapi POST /v1/invoices "$(rinvoice '{"shippingAddress":{"street1":"x","city":"y","zip":"1","countryId":99999,"type":"home"}}')" >/dev/null
rerror 422 VALIDATION_ERROR shippingAddress.contactName shippingAddress.countryId shippingAddress.type
note "an unknown field and a bad paymentType"
rapi POST /v1/invoices "$(rinvoice '{"invoiceNo":"MINE-1","paymentType":"cash"}')" >/dev/null
rerror 422 VALIDATION_ERROR invoiceNo paymentType

note "no body, or not an object: 400"
rapi POST /v1/invoices - >/dev/null
rerror 400 BAD_REQUEST
rapi POST /v1/invoices '[1]' >/dev/null
rerror 400 BAD_REQUEST

note "GET: lines only with include=detail; unknown id 404"
rapi GET "/v1/invoices/$ID" >/dev/null
rstatus 200
assert_eq False "$(jb '"detail" in j')" "detail without include"
assert_eq 8550 "$(jb 'j["total"]')" "total read back"
rapi GET "/v1/invoices/$ID?include=transactions,detail" >/dev/null
assert_eq 2 "$(jb 'len(j["detail"])')" "detail with include"
rapi GET /invoices/999999 >/dev/null
rerror 404 NOT_FOUND

note "PUT needs a body, even {}"
rapi PUT "/v1/invoices/$ID" - >/dev/null
rerror 400 BAD_REQUEST
assert_contains "$TMPD/body" "send {}"
rapi PUT "/v1/invoices/$ID" '{}' >/dev/null
rstatus 200
assert_eq 8550 "$(jb 'j["total"]')" "total after {}"
note "billingAddress and terms are refused on update; companyCurrencyId too"
rapi PUT "/v1/invoices/$ID" '{"billingAddress":{"contactName":"A","street1":"x","city":"y","zip":"1","countryId":230,"type":"commercial"},"terms":"t","companyCurrencyId":145}' >/dev/null
rerror 422 VALIDATION_ERROR billingAddress terms companyCurrencyId
note "PUT detail replaces the lines and recomputes; otherPayment is for create only"
rapi PUT "/v1/invoices/$ID" '{"detail":[{"amount":333,"qty":3}],"shippingAmount":1,"comments":null,"dateDue":"2026-04-01"}' >/dev/null
rstatus 200
assert_eq "1000 1000 999 1 None 2026-04-01 1" "$(jb '" ".join(str(x) for x in (j["total"], j["balanceDue"], j["subtotalTaxExc"], len(j["detail"]), j["comments"], j["dateDue"], j["shippingAmount"]))')" "after update"
rapi PUT "/v1/invoices/$ID" '{"paymentType":"otherPayment"}' >/dev/null
rerror 422 VALIDATION_ERROR paymentType
note "changing the customer needs a payment method of theirs"
rapi PUT "/v1/invoices/$ID" '{"customerId":518}' >/dev/null
rerror 422 VALIDATION_ERROR paymentMethodId
rapi PUT "/v1/invoices/$ID" '{"customerId":518,"customerPaymentMethodId":1069}' >/dev/null
rstatus 200
assert_eq "518 1069" "$(jb 'j["customer"]["id"] + " " + j["customerPaymentMethod"]["id"]')" "customer changed"

note "a partial charge keeps it updatable? no: partialPaid is refused; paid too"
rapi POST "/v1/invoices/$ID/charge" '{"amount":400,"paymentType":"offlinePaymentProvider"}' >/dev/null
rstatus 200
assert_eq "partialPaid 600" "$(jb 'j["status"] + " " + str(j["balanceDue"])')" "after a partial charge"
rapi PUT "/v1/invoices/$ID" '{}' >/dev/null
rerror 422 INVALID_STATUS
assert_contains "$TMPD/body" "posted or requestPayment"
rapi POST "/v1/invoices/$ID/charge" '{"amount":601,"paymentType":"offlinePaymentProvider"}' >/dev/null
rerror 422 VALIDATION_ERROR amount
rapi POST "/v1/invoices/$ID/charge" '{"amount":600,"paymentType":"offlinePaymentProvider"}' >/dev/null
assert_eq "paid 0 True" "$(jb 'j["status"] + " " + str(j["balanceDue"]) + " " + str(j["datePaid"] is not None)')" "after paying"
rapi PUT "/v1/invoices/$ID" '{"comments":"late"}' >/dev/null
rerror 422 INVALID_STATUS
rapi DELETE "/v1/invoices/$ID" >/dev/null
rerror 422 INVALID_STATUS

note "void: a voided invoice cannot be updated either"
rapi POST /v1/invoices "$(rinvoice)" >/dev/null
V=$(jb 'j["id"]')
rapi PUT "/v1/invoices/$V/void" - >/dev/null
rstatus 200
assert_eq "voided True" "$(jb 'j["status"] + " " + str(j["dateVoid"] is not None)')" "voided"
rapi PUT "/v1/invoices/$V" '{}' >/dev/null
rerror 422 INVALID_STATUS
rapi PUT "/v1/invoices/$V/void" - >/dev/null
rerror 422 INVALID_STATUS

note "DELETE: 204 without a body, then 404"
rapi DELETE "/v1/invoices/$V" >/dev/null
rstatus 204
[ ! -s "$TMPD/body" ] || fail "204 with a body: $(cat "$TMPD/body")"
rapi GET "/v1/invoices/$V" >/dev/null
rerror 404 NOT_FOUND
rapi DELETE "/v1/invoices/$V" >/dev/null
rerror 404 NOT_FOUND
sandbox_stop
