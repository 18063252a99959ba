#!/usr/bin/env bash
# Every request body of an import (creates), an update run (the CSV changed, imported again) and a payment is
# recorded by the sandbox (--record-requests) and validated against its own operation's request schema in the
# official spec (tests/data/spec): POST /invoices, PUT /invoices/{invoiceId}, POST /payments/offline.  The
# update bodies carry their balances as strings with 4 decimals and no empty top-level strings; only their
# `details` (the API's own answer, sent back whole as its docs say) needs the documented leniency.
# invoicectl sends no payments: the payment is sent here with curl, and covers the sandbox's side.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/data/sandbox/common.sh"
tool="$ROOT/tests/tools/check_request_schema.py"

sandbox_start --record-requests "$TMPD/requests.jsonl"
cd "$TMPD"
import_mapping map.json
import_csv 4 >a.csv
expect_exit 0 "$INVOICECTL" import -q -m map.json --yes --results r1 a.csv
# INV-000001: another due date; INV-000003: another unit price (so its balances and cost lines change too)
sed -e 's/^INV-000001,1001,2026-11-30/INV-000001,1001,2026-12-15/' \
    -e 's/^\(INV-000003,.*\),13.05,5.00$/\1,14.50,5.00/' a.csv >b.csv
cmp -s a.csv b.csv && fail "the CSV was not changed"
expect_exit 0 "$INVOICECTL" import -q -m map.json --yes --results r2 b.csv
assert_eq 2 "$(summary_get r2 'j["counts"]["updated"]')" "updates"

# A payment of the first invoice, as BigCommerce's own training sends it.
call GET "/invoices?limit=1&sortBy=invoiceNumber&orderBy=ASC"
id=$(jb 'j["data"][0]["id"]')
call POST /payments/offline "{\"lineItems\":[{\"invoiceId\":$id,\"amount\":\"5.25\"}],\"currency\":\"USD\",\"details\":{\"memo\":\"check 12\"},\"customerId\":\"1000\",\"payerName\":\"Check\",\"processingStatus\":2}"
expect_status 200

sandbox_stop
count() { "$PY" - "$1" "$2" <<'PY'
import json, re, sys
n = 0
for line in open("requests.jsonl"):
    r = json.loads(line)
    if r["method"] == sys.argv[1] and re.fullmatch(sys.argv[2], r["path"]):
        n += 1
print(n)
PY
}
assert_eq 4 "$(count POST /invoices)" "recorded creates"
assert_eq 2 "$(count PUT '/invoices/[0-9]+')" "recorded updates"
assert_eq 1 "$(count POST /payments/offline)" "recorded payments"

note "every body valid against its operation's schema (details of a PUT under the Create rules)"
expect_exit 0 "$PY" "$tool" --records --lenient-details <requests.jsonl
assert_contains "$TMPD/out" "7 bodies valid"

note "the update bodies as the Update schema wants them: 4-decimal strings, no empty top-level strings"
"$PY" - <<'PY' || fail "update bodies"
import json, re
for line in open("requests.jsonl"):
    r = json.loads(line)
    if r["method"] != "PUT":
        continue
    b = r["body"]
    for k in ("originalBalance", "openBalance"):
        v = b[k]["value"]
        assert isinstance(v, str) and re.fullmatch(r"-?[0-9]+\.[0-9]{4}", v), (k, v)
    for k, v in b.items():
        assert v != "" and v is not None, ("empty top-level field", k)
    assert b["details"]["header"]["billingAddress"]["city"] == "", "details are sent back as answered"
PY

note "without the leniency, only details are refused"
expect_exit 1 "$PY" "$tool" --records <requests.jsonl
assert_contains "$TMPD/err" "2 of 7 bodies invalid"
if grep -v "bodies invalid" "$TMPD/err" | grep -v ": details/"; then fail "a PUT fails outside details"; fi
echo "request bodies schema: ok"
