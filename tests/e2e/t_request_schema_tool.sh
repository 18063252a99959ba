#!/usr/bin/env bash
# The request-body schema checker (tests/tools/check_request_schema.py) accepts the official spec's own
# examples of Create Invoice, Update Invoice and Create Offline Payment, and refuses bodies that break the
# schema of the operation named with --op, naming the line, so it can be trusted when other tests feed it
# the bodies invoicectl sends (or the sandbox recorded, with --records).
. "$ROOT/tests/e2e/lib.sh"

tool="$ROOT/tests/tools/check_request_schema.py"
spec="$ROOT/tests/data/spec/specs/api-v3/invoice-management.yaml"
[ -f "$spec" ] || fail "spec not found at $spec"

# examples PATH METHOD: the request examples of one operation, one per line, taken from the spec itself.
examples() {
    $PY - "$spec" "$1" "$2" <<'PYEOF'
import json, sys, yaml
spec = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
ex = spec["paths"][sys.argv[2]][sys.argv[3]]["requestBody"]["content"]["application/json"]["examples"]
for name in sorted(ex):
    print(json.dumps(ex[name]["value"]))
PYEOF
}
examples /invoices post >"$TMPD/examples.jsonl"
assert_eq 2 "$(wc -l <"$TMPD/examples.jsonl" | tr -d ' ')" "spec examples"
# First with the default spec path (relative to the tree), then naming it.
expect_exit 0 "$PY" "$tool" <"$TMPD/examples.jsonl"
expect_exit 0 "$PY" "$tool" --spec "$spec" <"$TMPD/examples.jsonl"

# A valid body with every optional part, as invoicectl writes it (balances as numbers, amounts as strings).
cat >"$TMPD/full.jsonl" <<'JSON'
{"invoiceNumber":"INV-1","customerId":"7","originalBalance":{"code":"EUR","value":1.2345},"openBalance":{"code":"EUR","value":0},"dueDate":253402214400,"issuedAt":1700000000,"status":1,"source":1,"type":"Invoice","orderNumber":"132","purchaseOrderNumber":"PO","externalId":"E1","externalCustomerId":"C1","channelId":1,"externalPdfUrl":"https://example.com/a.pdf","termsConditions":"Net 30","extraFields":[{"fieldName":"Region","fieldValue":"Nord"}],"details":{"header":{"costLines":[{"amount":{"code":"EUR","value":"1.0000"},"description":"Freight"}],"billingAddress":{"firstName":"","lastName":"","street1":"","street2":"","city":"","state":"","zipCode":"","country":""}},"details":{"lineItems":[{"sku":"S","quantity":"1.25","unitPrice":{"code":"EUR","value":"19.9900"},"unitDiscount":{"code":"EUR","value":"0.0005"}}]}}}
JSON
expect_exit 0 "$PY" "$tool" <"$TMPD/full.jsonl"

# Wrong bodies: each must be reported with its own line number.  Line 1 is valid.
{
    head -n 1 "$TMPD/examples.jsonl"
    echo '{"invoiceNumber":"1","originalBalance":{"code":"USD","value":100},"openBalance":{"code":"USD","value":100}}'
    echo '{"invoiceNumber":"2","customerId":"1","originalBalance":{"code":"USD","value":"100"},"openBalance":{"code":"USD","value":100}}'
    echo '{"invoiceNumber":"3","customerId":"1","originalBalance":{"code":"USD","value":1},"openBalance":{"code":"USD","value":1},"status":5}'
    echo '{"invoiceNumber":"4","customerId":"1","originalBalance":{"code":"USD","value":1},"openBalance":{"code":"USD","value":1},"channelId":"1"}'
    echo '{"invoiceNumber":"5","customerId":"1","originalBalance":{"code":"USD","value":1},"openBalance":{"code":"USD","value":1},"details":{"header":{"costLines":[{"amount":{"code":"USD","value":"1"}}]}}}'
    echo '{"invoiceNumber":"6","customerId":"1","originalBalance":{"code":"USD","value":1},"openBalance":{"code":"USD","value":1},"details":{"header":{"billingAddress":{"city":"x"}}}}'
    echo '{"invoiceNumber":"7","customerId":"1","originalBalance":{"code":"USD","value":1},"openBalance":{"code":"USD","value":1},"extraFields":[{"fieldName":"a"}]}'
    echo '{"invoiceNumber":"8","customerId":"1","originalBalance":{"code":"USD","value":1},"openBalance":{"code":"USD","value":1},"details":{"details":{"lineItems":[{"sku":"a","quantity":2,"unitPrice":{"code":"USD","value":"1"}}]}}}'
    echo 'not json'
} >"$TMPD/wrong.jsonl"
expect_exit 1 "$PY" "$tool" <"$TMPD/wrong.jsonl"
assert_not_contains "$TMPD/err" "line 1:"
assert_contains "$TMPD/err" "line 2: (body): 'customerId' is a required property"
assert_contains "$TMPD/err" "line 3: originalBalance/value: '100' is not of type 'number'"
assert_contains "$TMPD/err" "line 4: status: 5 is not one of [0, 1, 2]"
assert_contains "$TMPD/err" "line 5: channelId: '1' is not of type 'integer'"
assert_contains "$TMPD/err" "line 6: details/header/costLines/0: 'description' is a required property"
assert_contains "$TMPD/err" "line 7: details/header/billingAddress: 'state' is a required property"
assert_contains "$TMPD/err" "line 8: extraFields/0: 'fieldValue' is a required property"
assert_contains "$TMPD/err" "line 9: details/details/lineItems/0/quantity: 2 is not of type 'string'"
assert_contains "$TMPD/err" "line 10: not JSON"
assert_contains "$TMPD/err" "9 of 10 bodies invalid"

# A spec that cannot be read is a usage error, not a pass; so is an operation the tool does not know.
expect_exit 2 "$PY" "$tool" --spec "$TMPD/missing.yaml" </dev/null
expect_exit 2 "$PY" "$tool" --op "DELETE /invoices/{invoiceId}" </dev/null
assert_contains "$TMPD/err" "expected one of POST /invoices, PUT /invoices/{invoiceId}, POST /payments/offline"

# --- PUT /invoices/{invoiceId}: the Update schema (balances' values strings, top-level strings non-empty) ---
put_op="PUT /invoices/{invoiceId}"
examples "/invoices/{invoiceId}" put >"$TMPD/put-examples.jsonl"
assert_eq 2 "$(wc -l <"$TMPD/put-examples.jsonl" | tr -d ' ')" "spec update examples"
expect_exit 0 "$PY" "$tool" --op "$put_op" <"$TMPD/put-examples.jsonl"
# The Create examples are not update bodies (their balances are numbers).
expect_exit 1 "$PY" "$tool" --op "$put_op" <"$TMPD/examples.jsonl"
assert_contains "$TMPD/err" "line 1: openBalance/value: 100 is not of type 'string'"
# An echoed answer: details in the shape the API answers them (empty address fields, customFields {}).
echoed='{"invoiceNumber":"INV-1","openBalance":{"code":"USD","value":"12.0000"},"details":{"header":{"costLines":[{"amount":{"code":"USD","value":"1.0000"},"description":""}],"billingAddress":{"firstName":"","lastName":"","street1":"","street2":"","city":"","state":"","zipCode":"","country":"","customFields":{}},"shippingAddresses":[]},"details":{"shipments":[],"lineItems":[{"sku":"S","quantity":"1","unitPrice":{"code":"USD","value":"1.0000"},"type":"","comments":"","customFields":{}}]}}}'
{
    echo '{"openBalance":{"code":"USD","value":"12.0000"}}'
    echo '{"openBalance":{"code":"USD","value":12}}'
    echo '{"originalBalance":{"code":"USD","value":""}}'
    echo '{"externalCustomerId":""}'
    echo '{"invoiceNumber":"","customerId":"","type":"","externalId":"","purchaseOrderNumber":""}'
    echo "$echoed"
} >"$TMPD/put.jsonl"
expect_exit 1 "$PY" "$tool" --op "$put_op" <"$TMPD/put.jsonl"
assert_not_contains "$TMPD/err" "line 1:"
assert_contains "$TMPD/err" "line 2: openBalance/value: 12 is not of type 'string'"
assert_contains "$TMPD/err" "line 3: originalBalance/value: '' is too short"
assert_contains "$TMPD/err" "line 4: externalCustomerId: '' is too short"
for f in invoiceNumber customerId type externalId purchaseOrderNumber; do
    assert_contains "$TMPD/err" "line 5: $f: '' is too short"
done
assert_contains "$TMPD/err" "line 6: details/header/billingAddress/customFields: {} is not of type 'string'"
assert_contains "$TMPD/err" "line 6: details/header/billingAddress/city: '' is too short"
assert_contains "$TMPD/err" "line 6: details/details/shipments: [] is too short"
assert_contains "$TMPD/err" "5 of 6 bodies invalid"
# --lenient-details: the same details under the Create schema's rules pass; the rest is still checked.
expect_exit 1 "$PY" "$tool" --op "$put_op" --lenient-details <"$TMPD/put.jsonl"
assert_not_contains "$TMPD/err" "line 6:"
assert_contains "$TMPD/err" "line 2: openBalance/value: 12 is not of type 'string'"
assert_contains "$TMPD/err" "4 of 6 bodies invalid"
echo '{"details":{"header":{"costLines":[{"amount":{"code":"USD","value":"1"}}]}}}' >"$TMPD/put2.jsonl"
expect_exit 1 "$PY" "$tool" --op "$put_op" --lenient-details <"$TMPD/put2.jsonl"
assert_contains "$TMPD/err" "line 1: details/header/costLines/0: 'description' is a required property"

# --- POST /payments/offline ---
pay_op="POST /payments/offline"
examples /payments/offline post >"$TMPD/pay-examples.jsonl"
expect_exit 0 "$PY" "$tool" --op "$pay_op" <"$TMPD/pay-examples.jsonl"
{
    echo '{"lineItems":[{"invoiceId":1,"amount":"5.25"}],"currency":"USD","details":{"memo":"m"},"customerId":"1","processingStatus":2}'
    echo '{"lineItems":[{"invoiceId":1,"amount":5.25}],"currency":"USD","details":{},"customerId":"1"}'
    echo '{"lineItems":[{"invoiceId":1,"amount":"1"}],"details":{},"customerId":"1"}'
    echo '{"lineItems":[{"invoiceId":1,"amount":"1"}],"currency":"USD","details":{},"customerId":"1","processingStatus":7}'
} >"$TMPD/pay.jsonl"
expect_exit 1 "$PY" "$tool" --op "$pay_op" <"$TMPD/pay.jsonl"
assert_not_contains "$TMPD/err" "line 1:"
assert_contains "$TMPD/err" "line 2: lineItems/0/amount: 5.25 is not of type 'string'"
assert_contains "$TMPD/err" "line 3: (body): 'currency' is a required property"
assert_contains "$TMPD/err" "line 4: processingStatus: 7 is not one of [1, 2, 3, 4]"

# --- --records: what `invoicectl sandbox --record-requests` writes; each body against its own operation ---
{
    echo "{\"method\":\"POST\",\"path\":\"/invoices\",\"body\":$(head -n 1 "$TMPD/examples.jsonl")}"
    echo '{"method":"PUT","path":"/invoices/12","body":{"openBalance":{"code":"USD","value":"12.0000"}}}'
    echo '{"method":"GET","path":"/invoices","body":null}'
    echo "{\"method\":\"POST\",\"path\":\"/payments/offline\",\"body\":$(head -n 1 "$TMPD/pay-examples.jsonl")}"
} >"$TMPD/records.jsonl"
expect_exit 0 "$PY" "$tool" --records <"$TMPD/records.jsonl"
assert_contains "$TMPD/out" "3 bodies valid"
{
    cat "$TMPD/records.jsonl"
    echo '{"method":"PUT","path":"/invoices/12","body":{"openBalance":{"code":"USD","value":12}}}'
    echo '{"method":"POST","path":"/invoices","body":{"invoiceNumber":"1"}}'
    echo '{"method":"POST","path":"/nowhere","body":{}}'
    echo '{"method":"POST","path":"/invoices","bodyText":"not json"}'
} >"$TMPD/records-bad.jsonl"
expect_exit 1 "$PY" "$tool" --records <"$TMPD/records-bad.jsonl"
assert_contains "$TMPD/err" "line 5: PUT /invoices/12: openBalance/value: 12 is not of type 'string'"
assert_contains "$TMPD/err" "line 6: POST /invoices: (body): 'customerId' is a required property"
assert_contains "$TMPD/err" "line 7: POST /nowhere: no such operation in the spec"
assert_contains "$TMPD/err" "line 8: POST /invoices: the body is not JSON"
assert_contains "$TMPD/err" "4 of 7 bodies invalid"
echo "request schema tool: ok"
