#!/usr/bin/env bash
# The request-body schema checker (tests/tools/check_request_schema.py) accepts the official spec's own
# Create Invoice examples and refuses bodies that break the schema, naming the line, so it can be trusted
# when other tests feed it the bodies invoicectl sends.
. "$ROOT/tests/e2e/lib.sh"

tool="$ROOT/tests/tools/check_request_schema.py"
spec="$ROOT/tests/data/spec/specs/api-v3/invoice-management.yaml"
[ -f "$spec" ] || fail "spec not found at $spec"

# The examples of POST /invoices, one per line, taken from the spec itself.
$PY - "$spec" >"$TMPD/examples.jsonl" <<'PYEOF'
import json, sys, yaml
spec = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
ex = spec["paths"]["/invoices"]["post"]["requestBody"]["content"]["application/json"]["examples"]
for name in sorted(ex):
    print(json.dumps(ex[name]["value"]))
PYEOF
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

# A spec that cannot be read is a usage error, not a pass.
expect_exit 2 "$PY" "$tool" --spec "$TMPD/missing.yaml" </dev/null
echo "request schema tool: ok"
