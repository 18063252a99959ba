#!/usr/bin/env bash
# GET /invoices on the sandbox: pagination (default 10, 413 past 250), every sortBy in both directions,
# searchBy + q (keyword search, and across all fields without searchBy), and each filter.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/data/sandbox/common.sh"

sandbox_start --extra-fields "$ROOT/tests/data/sandbox/extra-fields.json"

# 12 invoices: i = 1..12, created at 1700000000 + i*1000 (issuedAt), customers c1..c3, open balance
# i*10 (0 for i = 12: completed), original 200, channel 1 or 2, PO numbers only on even i.
for i in $(seq 1 12); do
    body=$("$PY" -c '
import json, sys
i = int(sys.argv[1])
b = {"invoiceNumber": "INV-%03d" % i, "customerId": "c%d" % (i % 3 + 1), "externalId": "ext-%d" % i,
     "externalCustomerId": "X%02d" % (13 - i), "issuedAt": 1700000000 + i * 1000,
     "dueDate": 1800000000 - i * 7, "type": "Invoice" if i % 4 else "Credit Memo",
     "originalBalance": {"code": "USD", "value": 200}, "openBalance": {"code": "USD", "value": (i * 10) % 120},
     "status": 1 if i in (3, 4) else 0, "channelId": 1 + i % 2, "orderNumber": "ORD%d" % (100 + i),
     "extraFields": [{"fieldName": "Region", "fieldValue": "North"}]}
if i % 2 == 0:
    b["purchaseOrderNumber"] = "PO-special-%d" % i
print(json.dumps(b))' "$i")
    call POST /invoices "$body"
    expect_status 200
done

# ids EXPR: the invoice numbers of the last list answer, comma-separated.
nums() { jb '",".join(x["invoiceNumber"][4:] for x in j["data"])'; }

# --- pagination ---
call GET /invoices
expect_status 200
spec_ok list --relaxed
assert_eq "12 10 0 10" "$(jb '" ".join(str(x) for x in (j["meta"]["pagination"]["totalCount"], j["meta"]["pagination"]["limit"], j["meta"]["pagination"]["offset"], len(j["data"])))')"
# Default order: newest first (createdAt DESC).
assert_eq "012,011,010,009,008,007,006,005,004,003" "$(nums)"
# Full invoices with details, balances as 4-decimal strings; no extraFields unless asked.
assert_eq "0.0000|False" "$(jb 'j["data"][0]["openBalance"]["value"]+"|"+str("extraFields" in j["data"][0])')"
call GET "/invoices?offset=10"
assert_eq "002,001" "$(nums)"
assert_eq "12 10" "$(jb 'str(j["meta"]["pagination"]["totalCount"])+" "+str(j["meta"]["pagination"]["offset"])')"
call GET "/invoices?offset=4&limit=3"
assert_eq "008,007,006" "$(nums)"
call GET "/invoices?offset=50"
expect_status 200
assert_eq "0 12" "$(jb 'str(len(j["data"]))+" "+str(j["meta"]["pagination"]["totalCount"])')"
call GET "/invoices?limit=250"
expect_status 200
assert_eq 12 "$(jb 'len(j["data"])')"
# Past the maximum: 413, as the status-code page says of the limit parameter.
call GET "/invoices?limit=251"
expect_status 413
assert_contains "$TMPD/body" "250"
for bad in "limit=0" "limit=x" "offset=-1" "offset=1.5"; do
    call GET "/invoices?$bad"
    expect_status 422
    assert_eq "Parameter Error" "$(jb 'j["meta"]["message"]')"
done

# --- sorting: every sortBy, both directions, checked against the data itself ---
for key in invoiceNumber createdAt customerId externalCustomerId dueDate updatedAt isPendingPayment openBalance originalBalance status; do
    for dir in ASC DESC; do
        call GET "/invoices?limit=250&sortBy=$key&orderBy=$dir"
        expect_status 200
        "$PY" -c '
import json, sys
from decimal import Decimal
j = json.load(open(sys.argv[1])); key, d = sys.argv[2], sys.argv[3]
def v(x):
    y = x[key]
    if isinstance(y, dict):
        return Decimal(y["value"])
    return y
vals = [v(x) for x in j["data"]]
want = sorted(vals, reverse=(d == "DESC"))
assert vals == want, (key, d, vals)
assert len(vals) == 12' "$TMPD/body" "$key" "$dir" || fail "sortBy=$key orderBy=$dir is not sorted"
    done
done
call GET "/invoices?sortBy=invoiceNumber&orderBy=ASC&limit=3"
assert_eq "001,002,003" "$(nums)"
call GET "/invoices?sortBy=invoiceNumber&orderBy=asc&limit=3"
assert_eq "001,002,003" "$(nums)" "orderBy is case-insensitive"
call GET "/invoices?sortBy=externalCustomerId&orderBy=ASC&limit=2"
assert_eq "012,011" "$(nums)"
call GET "/invoices?sortBy=total"
expect_status 422
call GET "/invoices?orderBy=UP"
expect_status 422

# --- search ---
call GET "/invoices?searchBy=invoiceNumber&q=inv-01&sortBy=invoiceNumber&orderBy=ASC"
assert_eq "010,011,012" "$(nums)" "keyword search is a case-insensitive substring match"
call GET "/invoices?searchBy=purchaseOrderNumber&q=SPECIAL-1&sortBy=invoiceNumber&orderBy=ASC"
assert_eq "010,012" "$(nums)"
call GET "/invoices?searchBy=orderNumber&q=ORD105"
assert_eq "005" "$(nums)"
call GET "/invoices?searchBy=type&q=credit&sortBy=invoiceNumber&orderBy=ASC"
assert_eq "004,008,012" "$(nums)"
call GET "/invoices?searchBy=customerId&q=C2&sortBy=invoiceNumber&orderBy=ASC"
assert_eq "001,004,007,010" "$(nums)"
call GET "/invoices?searchBy=externalCustomerId&q=x0&sortBy=invoiceNumber&orderBy=ASC"
assert_eq "004,005,006,007,008,009,010,011,012" "$(nums)"
# Without searchBy, q searches every searchBy field: "special-6" is only in a PO number.
call GET "/invoices?q=special-6"
assert_eq "006" "$(nums)"
call GET "/invoices?q=nothing-matches"
assert_eq "0" "$(jb 'j["meta"]["pagination"]["totalCount"]')"
call GET "/invoices?searchBy=amount&q=1"
expect_status 422

# --- filters ---
call GET "/invoices?status=1&sortBy=invoiceNumber&orderBy=ASC"
assert_eq "003,004" "$(nums)"
call GET "/invoices?status=2"
assert_eq "012" "$(nums)" "open balance 0 makes status 2"
call GET "/invoices?status=7"
expect_status 422
call GET "/invoices?customerId=c3&sortBy=invoiceNumber&orderBy=ASC"
assert_eq "002,005,008,011" "$(nums)"
call GET "/invoices?customerId=c"
assert_eq "0" "$(jb 'j["meta"]["pagination"]["totalCount"]')" "customerId is exact"
call GET "/invoices?customerName=company%20C1&sortBy=invoiceNumber&orderBy=ASC"
assert_eq "003,006,009,012" "$(nums)"
call GET "/invoices?beginDateAt=1700003000&endDateAt=1700005000&sortBy=invoiceNumber&orderBy=ASC"
assert_eq "003,004,005" "$(nums)" "creation-time bounds are inclusive"
call GET "/invoices?beginDateAt=1700011000&sortBy=invoiceNumber&orderBy=ASC"
assert_eq "011,012" "$(nums)"
call GET "/invoices?endDateAt=1700001999"
assert_eq "001" "$(nums)"
call GET "/invoices?beginDateAt=yesterday"
expect_status 422
call GET "/invoices?externalId%5B%5D=ext-3&externalId%5B%5D=ext-7&externalId%5B%5D=ext-99&sortBy=invoiceNumber&orderBy=ASC"
assert_eq "003,007" "$(nums)"
call GET "/invoices?channelIds=1&sortBy=invoiceNumber&orderBy=ASC"
assert_eq "002,004,006,008,010,012" "$(nums)"
call GET "/invoices?channelIds=1,2"
assert_eq 12 "$(jb 'j["meta"]["pagination"]["totalCount"]')"
call GET "/invoices?channelIds=one"
expect_status 422
# Filters combine.
call GET "/invoices?customerId=c1&channelIds=1&q=special"
assert_eq "006,012" "$(jb '",".join(sorted(x["invoiceNumber"][4:] for x in j["data"]))')"

# --- extra fields in lists only when asked ---
call GET "/invoices?isIncludeExtraFields=1&limit=1"
assert_eq '[{"fieldName": "Region", "fieldValue": "North"}]' "$(jb 'json.dumps(j["data"][0]["extraFields"])')"
spec_ok list --relaxed
call GET "/invoices?isIncludeExtraFields=0&limit=1"
assert_eq False "$(jb '"extraFields" in j["data"][0]')"
call GET "/invoices?isIncludeExtraFields=yes"
expect_status 422

sandbox_stop
