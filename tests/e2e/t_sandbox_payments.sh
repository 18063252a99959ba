#!/usr/bin/env bash
# POST /payments/offline (balances and statuses follow, all or nothing, the spec's 422s),
# POST /orders/{orderId}/invoices, GET /invoices/{id}/download-pdf and GET /invoices/extra-fields.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/data/sandbox/common.sh"

sandbox_start --extra-fields "$ROOT/tests/data/sandbox/extra-fields.json"
inv() { # NUMBER CUSTOMER CURRENCY AMOUNT
    echo "{\"invoiceNumber\":\"$1\",\"customerId\":\"$2\",\"originalBalance\":{\"code\":\"$3\",\"value\":$4},\"openBalance\":{\"code\":\"$3\",\"value\":$4}}"
}
call POST /invoices "$(inv PAY-1 113 USD 100)"; expect_status 200   # id 1
call POST /invoices "$(inv PAY-2 113 USD 50)"; expect_status 200    # id 2
call POST /invoices "$(inv PAY-3 200 EUR 10)"; expect_status 200    # id 3
state() { call GET "/invoices/$1"; jb 'j["data"]["openBalance"]["value"]+" "+str(j["data"]["status"])+" "+str(j["data"]["isPendingPayment"])'; }

# The spec's example body, pointed at invoice 1.
body=$(spec_example /payments/offline post example | "$PY" -c 'import json,sys; b=json.load(sys.stdin); b["lineItems"][0]["invoiceId"]=1; print(json.dumps(b))')
call POST /payments/offline "$body"
expect_status 200
spec_ok payment
assert_eq 1 "$(jb 'j["data"]["paymentId"]')"
assert_eq "80.0000 1 1" "$(state 1)" "partially paid"

# Two lines in one payment; the second settles invoice 2 exactly.
call POST /payments/offline '{"lineItems":[{"invoiceId":1,"amount":"30.50"},{"invoiceId":2,"amount":"50"}],"currency":"USD","details":{"memo":"check 7"},"customerId":"113"}'
expect_status 200
assert_eq 2 "$(jb 'j["data"]["paymentId"]')"
assert_eq "49.5000 1 1" "$(state 1)"
assert_eq "0.0000 2 0" "$(state 2)" "completed"
# Overpaying drives the balance below zero: completed.
call POST /payments/offline '{"lineItems":[{"invoiceId":1,"amount":"60.00"}],"currency":"USD","details":{},"customerId":"113"}'
expect_status 200
assert_eq "-10.5000 2 0" "$(state 1)"

# A payment that leaves a positive balance marks the invoice partially paid (1), even when its open
# balance had been raised above the original one.
call POST /invoices '{"invoiceNumber":"PAY-4","customerId":"113","status":0,"originalBalance":{"code":"USD","value":10},"openBalance":{"code":"USD","value":50}}'
expect_status 200
pay4=$(jb 'j["data"]["id"]')
call POST /payments/offline "{\"lineItems\":[{\"invoiceId\":$pay4,\"amount\":\"5\"}],\"currency\":\"USD\",\"details\":{},\"customerId\":\"113\"}"
expect_status 200
assert_eq "45.0000 1 1" "$(state "$pay4")" "partially paid above the original balance"
call DELETE "/invoices/$pay4"
expect_status 200

# --- errors: 422 in the Payment422 shape, nothing applied ---
call POST /payments/offline '{}'
expect_status 422
spec_ok payment422
assert_eq "currency,customerId,details,lineItems" "$(jb '",".join(sorted(j["data"]))')"
assert_eq "This field is required." "$(jb 'j["data"]["lineItems"][0]')"
call POST /payments/offline '{"lineItems":[],"currency":"USD","details":{},"customerId":"113"}'
expect_status 422
call POST /payments/offline '{"lineItems":[{"invoiceId":3}],"currency":"EUR","details":{},"customerId":"200"}'
expect_status 422
assert_eq True "$(jb '"lineItems[0].amount" in j["data"]')"
call POST /payments/offline '{"lineItems":[{"invoiceId":3,"amount":"-1"}],"currency":"EUR","details":{},"customerId":"200"}'
expect_status 422
call POST /payments/offline '{"lineItems":[{"invoiceId":3,"amount":"1"}],"currency":"ZZZ","details":{},"customerId":"200"}'
expect_status 422
spec_ok payment422
assert_eq "Invalid currency code" "$(jb 'j["data"]["errMsg"]')"
call POST /payments/offline '{"lineItems":[{"invoiceId":99,"amount":"1"}],"currency":"EUR","details":{},"customerId":"200"}'
expect_status 422
assert_contains "$TMPD/body" "does not exist"
call POST /payments/offline '{"lineItems":[{"invoiceId":3,"amount":"1"}],"currency":"EUR","details":{},"customerId":"113"}'
expect_status 422
assert_contains "$TMPD/body" "does not belong"
call POST /payments/offline '{"lineItems":[{"invoiceId":3,"amount":"1"}],"currency":"USD","details":{},"customerId":"200"}'
expect_status 422
call POST /payments/offline '{"lineItems":[{"invoiceId":2,"amount":"1"}],"currency":"USD","details":{},"customerId":"113"}'
expect_status 422
assert_contains "$TMPD/body" "already paid"
# All or nothing: a good first line is not applied when the second fails.
call POST /payments/offline '{"lineItems":[{"invoiceId":3,"amount":"4"},{"invoiceId":99,"amount":"1"}],"currency":"EUR","details":{},"customerId":"200"}'
expect_status 422
assert_eq "10.0000 0 1" "$(state 3)"
call POST /payments/offline 'oops'
expect_status 400
call POST /payments/offline '{"lineItems":[{"invoiceId":3,"amount":"4"}],"currency":"EUR","details":{},"customerId":"200"}'
expect_status 200
assert_eq 5 "$(jb 'j["data"]["paymentId"]')" "failed payments take no id"

# --- invoice from an order ---
call POST /orders/36/invoices
expect_status 200
spec_ok order
oid=$(jb 'j["data"]["invoiceId"]')
assert_eq "$(printf '%08d' "$oid")" "$(jb 'j["data"]["invoiceNumber"]')" "number is the padded id"
call GET "/invoices/$oid"
spec_ok get --relaxed
assert_eq "36|1|100.0000|SANDBOX-ITEM|0" "$(jb '"|".join([j["data"]["orderNumber"], j["data"]["customerId"], j["data"]["openBalance"]["value"], j["data"]["details"]["details"]["lineItems"][0]["sku"], str(j["data"]["source"])])')"
call POST /orders/36/invoices
expect_status 400
# The existing invoice is named by id and number, the fields of the spec's error example for this path.
assert_eq "$oid $(printf '%08d' "$oid")" "$(jb 'str(j["data"]["invoiceId"])+" "+j["data"]["invoiceNumber"]')"
call POST /orders/abc/invoices
expect_status 404
assert_eq "Order does not exist" "$(jb 'j["data"]["errMsg"]')"
call GET /orders/36/invoices
expect_status 405

# --- download-pdf ---
call GET /invoices/1/download-pdf
expect_status 200
spec_ok pdf
assert_eq "True|" "$(jb 'str(j["data"]["url"].endswith("PAY-1.pdf"))+"|"+j["data"]["externalPdfUrl"]')"
call PUT /invoices/1 '{"externalPdfUrl":"https://files.example.com/pay-1.pdf"}'
call GET /invoices/1/download-pdf
assert_eq "https://files.example.com/pay-1.pdf" "$(jb 'j["data"]["externalPdfUrl"]')"
call GET /invoices/77/download-pdf
expect_status 404
assert_eq "Invoice does not exist" "$(jb 'j["data"]["errMsg"]')"

# --- extra-field configs, paginated ---
call GET /invoices/extra-fields
expect_status 200
spec_ok extra
assert_eq "4|Region,Cost Center,Priority,Notes" "$(jb 'str(j["meta"]["pagination"]["totalCount"])+"|"+",".join(x["fieldName"] for x in j["data"])')"
call GET "/invoices/extra-fields?limit=2&offset=1"
assert_eq "Cost Center,Priority|2|1" "$(jb '",".join(x["fieldName"] for x in j["data"])+"|"+str(j["meta"]["pagination"]["limit"])+"|"+str(j["meta"]["pagination"]["offset"])')"
call GET "/invoices/extra-fields?limit=300"
expect_status 413
sandbox_stop

# Without --extra-fields: no configs, and any extra field is accepted.
sandbox_start
call GET /invoices/extra-fields
expect_status 200
assert_eq "0 []" "$(jb 'str(j["meta"]["pagination"]["totalCount"])+" "+json.dumps(j["data"])')"
call POST /invoices '{"invoiceNumber":"X","customerId":"1","originalBalance":{"code":"USD","value":1},"openBalance":{"code":"USD","value":1},"extraFields":[{"fieldName":"Anything","fieldValue":"goes"}]}'
expect_status 200
sandbox_stop

# A required extra field must be sent on create.
echo '[{"fieldName":"PO Approver","fieldType":0,"isRequired":true}]' >"$TMPD/req.json"
sandbox_start --extra-fields "$TMPD/req.json"
call POST /invoices '{"invoiceNumber":"R","customerId":"1","originalBalance":{"code":"USD","value":1},"openBalance":{"code":"USD","value":1}}'
expect_status 422
assert_contains "$TMPD/body" "PO Approver"
call POST /invoices '{"invoiceNumber":"R","customerId":"1","originalBalance":{"code":"USD","value":1},"openBalance":{"code":"USD","value":1},"extraFields":[{"fieldName":"PO Approver","fieldValue":"Kim"}]}'
expect_status 200
sandbox_stop
echo '{"fieldName": 3}' >"$TMPD/bad.json"
expect_exit 2 "$INVOICECTL" sandbox --listen 127.0.0.1:0 --extra-fields "$TMPD/bad.json"
