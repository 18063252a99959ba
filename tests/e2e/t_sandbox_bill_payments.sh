#!/usr/bin/env bash
# BILL v3 emulation, POST /v3/invoices/record-payment: a payment received outside BILL lowers each
# invoice's dueAmount and sets PARTIAL_PAYMENT / PAID_IN_FULL; the answer is the received payment (0rp id,
# unappliedAmount for what the invoices did not take); refused with BILL's shapes and nothing applied: a
# missing or bad field (400 array), an unknown invoice (404 BDC_1205), an archived invoice, an invoice
# amount over its dueAmount, invoices of another customer, invoice amounts over the payment's (400).
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"

bill_start
bill_login
bapi POST /v3/invoices "$(binvoice PAY-1)" >/dev/null; bstatus 201 # 79.98
A=$(jb 'j["id"]')
bapi POST /v3/invoices "$(binvoice PAY-2)" >/dev/null; bstatus 201
B=$(jb 'j["id"]')
due() { bapi GET "/v3/invoices/$1" >/dev/null; jb 'str(j["dueAmount"]) + " " + j["status"]'; }
rp() { # INVOICE AMOUNT [PAYMENT_AMOUNT]
    printf '{"customerId":"%s","paymentDate":"2026-11-03","paymentType":"CHECK","amount":%s,"description":"chk 1","invoices":[{"id":"%s","amount":%s}]}' \
        "$BILL_CUSTOMER" "${3:-$2}" "$1" "$2"
}

note "a partial payment, then the rest with an overpayment kept unapplied"
bapi POST /v3/invoices/record-payment "$(rp "$A" 30.00)" >/dev/null
bstatus 200
"$PY" - "$TMPD/body" <<'PY' || fail "answer: $(cat "$TMPD/body")"
import json, re, sys
j = json.load(open(sys.argv[1]))
assert re.fullmatch(r"0rp[0-9A-Za-z]{17}", j["id"]), j
assert j["paymentType"] == "CHECK" and j["paymentDate"] == "2026-11-03" and j["amount"] == 30, j
assert j["unappliedAmount"] == 0 and j["status"] == "PAID" and j["description"] == "chk 1", j
assert j["invoices"][0]["amount"] == 30, j
PY
assert_eq "49.98 PARTIAL_PAYMENT" "$(due "$A")"
bapi POST /v3/invoices/record-payment "$(rp "$A" 49.98 60)" >/dev/null
bstatus 200
assert_eq "10.02" "$(jb 'str(j["unappliedAmount"])')" "unapplied"
assert_eq "0 PAID_IN_FULL" "$(due "$A")"

note "refusals, nothing applied"
bapi POST /v3/invoices/record-payment "$(rp "$B" 80.00)" >/dev/null
bstatus 400
assert_contains "$TMPD/body" "the amount is more than the amount due"
bapi POST /v3/invoices/record-payment "$(rp 00e01SANDBOX99999999 1)" >/dev/null
berror BDC_1205 404
bapi POST /v3/invoices/record-payment '{"paymentType":"WIRE","amount":-1,"invoices":[]}' >/dev/null
bstatus 400
bmessages >"$TMPD/messages"
for m in "paymentDate: must not be null" "paymentType: must be one of" "amount: must be a number greater than 0" \
    "invoices: must not be empty"; do
    grep -qF "$m" "$TMPD/messages" || fail "no '$m' in $(cat "$TMPD/body")"
done
bapi POST /v3/invoices/record-payment "$(rp "$B" 10 5)" >/dev/null
bstatus 400
assert_contains "$TMPD/body" "must be at least the sum of the invoices' amounts"
bapi POST /v3/invoices/record-payment "$(rp "$B" 10 | sed 's/0cu01SANDBOX00000001/0cu01SANDBOX00000002/')" >/dev/null
bstatus 400
assert_contains "$TMPD/body" "does not belong to customer"
bapi POST "/v3/invoices/$B/archive" >/dev/null; bstatus 200
bapi POST /v3/invoices/record-payment "$(rp "$B" 10)" >/dev/null
bstatus 400
assert_contains "$TMPD/body" "is archived"
assert_eq "79.98 OPEN" "$(due "$B")" "B after the refusals"
