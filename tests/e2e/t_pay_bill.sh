# pay into BILL, against the BILL sandbox: payments recorded with POST /v3/invoices/record-payment
# (paymentType from the method, the exact amount, one invoice each), the invoices' dueAmount and status
# follow (PARTIAL_PAYMENT, PAID_IN_FULL), export shows the new open balances, an overpayment is refused
# by the plan, and the same command again records nothing (BILL cannot look a payment up: the journal
# says it).  A payment whose answer was lost is "unknown" and is not sent again without --retry-unknown.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"
cd "$TMPD"
bill_start --record-requests "$TMPD/req.jsonl" --db bill.db
bill_client_env
"$INVOICECTL" import -q -m "$ROOT/samples/bill-invoices.map.json" --yes --results seed --journal seed.journal \
    "$ROOT/samples/bill-invoices.csv" || fail "seeding BILL"
cat >map.json <<'JSON'
{ "target": "bill-v3", "locale": { "date": "%m/%d/%Y" },
  "payment": { "invoice": "Invoice", "amount": "Amount", "date": "Date", "method": "Method",
               "reference": "Check No", "payer": "Customer" } }
JSON
cat >p.csv <<'CSV'
Date,Customer,Invoice,Method,Check No,Amount
11/03/2026,Acme Supplies,BL-2001,Check,1001,1000.00
11/04/2026,Acme Supplies,BL-2001,ACH,,2658.95
11/05/2026,Globex Trading,BL-2002,Wire,FT-77,5000.00
CSV
expect_exit 1 "$INVOICECTL" pay -m map.json --yes --results r --journal j.journal p.csv
assert_contains "$TMPD/out" "refused   line 4  BL-2002  5000.00  the payment of 5000.00 is more than the open balance of invoice 'BL-2002'"
assert_contains "$TMPD/err" "pay: 2 recorded, 0 already recorded, 1 refused"
"$PY" - req.jsonl <<'PY' || fail "the record-payment bodies"
import json, sys
posts = [json.loads(l) for l in open(sys.argv[1])]
posts = [r["body"] for r in posts if r["method"] == "POST" and r["path"].endswith("/record-payment")]
assert len(posts) == 2, posts
a, b = posts
assert a["paymentType"] == "CHECK" and a["paymentDate"] == "2026-11-03" and a["amount"] == 1000, a
assert a["customerId"] == "0cu01SANDBOX00000001", a
assert a["invoices"][0]["amount"] == 1000 and a["invoices"][0]["id"].startswith("00e"), a
assert a["description"].startswith("invoicectl:") and "Check 1001 from Acme Supplies" in a["description"], a
assert b["paymentType"] == "ACH" and b["amount"] == 2658.95, b
PY
assert_eq 2 "$(jget r/summary.json 'sum(1 for p in j["payments"] if p.get("payment_id", "").startswith("0rp"))')" "payment ids"
"$INVOICECTL" export -q --target bill-v3 --format csv -o - >exp.csv
"$PY" - exp.csv <<'PY' || fail "export after the payments: $(cat exp.csv)"
import csv, sys
rows = {r["Invoice Number"]: r for r in csv.DictReader(open(sys.argv[1]))}
assert rows["BL-2001"]["Open Balance"] == "0.00" and rows["BL-2001"]["Status"] == "completed", rows["BL-2001"]
assert rows["BL-2002"]["Status"] == "open", rows["BL-2002"]
PY

note "the same command again records nothing"
expect_exit 1 "$INVOICECTL" pay -m map.json --yes --results r2 --journal j.journal p.csv
assert_contains "$TMPD/err" "pay: 0 recorded, 2 already recorded, 1 refused"

note "an answer lost: unknown, not sent again by the next run"
printf 'Date,Customer,Invoice,Method,Check No,Amount\n11/06/2026,Globex Trading,BL-2002,Cash,R9,10.00\n' >q.csv
port=$SANDBOX_PORT
sandbox_stop
# the same store at the same address (the journal is per store), now losing answers: with this seed the
# one-at-a-time requests of the run (sign-in, list, the payment) see the payment's answer dropped after
# BILL recorded it
bill_start --record-requests "$TMPD/req2.jsonl" --db bill.db --faults drop-after-commit=0.5 --seed ${PAY_SEED:-1} \
    --listen "127.0.0.1:$port"
bill_client_env
expect_exit 3 "$INVOICECTL" pay -m map.json --yes --results r3 --journal j.journal q.csv
assert_eq 1 "$(grep -c record-payment req2.jsonl)" "payments sent while answers were lost"
sandbox_stop
bill_start --record-requests "$TMPD/req3.jsonl" --db bill.db --listen "127.0.0.1:$port"
bill_client_env
assert_contains r3/errors.csv "offers no way to look it up"
expect_exit 3 "$INVOICECTL" pay -m map.json --yes --results r4 --journal j.journal q.csv
assert_contains "$TMPD/out" "unknown   line 2  BL-2002"
assert_contains "$TMPD/out" "run again with --retry-unknown"
assert_eq 0 "$(grep -c record-payment req3.jsonl || true)" "payments sent for an unknown outcome"
# it was recorded (the answer was lost after the work): sending it again would pay it twice
"$INVOICECTL" export -q --target bill-v3 --format csv -o - >exp2.csv
assert_eq "235.30" "$("$PY" -c 'import csv,sys; print([r["Open Balance"] for r in csv.DictReader(open(sys.argv[1])) if r["Invoice Number"] == "BL-2002"][0])' exp2.csv)" "BL-2002's open balance"
note "--retry-unknown: the user says it is not recorded (the plan then checks it as any other)"
expect_exit 0 "$INVOICECTL" pay -m map.json --dry-run --retry-unknown --journal j.journal q.csv
assert_contains "$TMPD/out" "record    line 2  BL-2002  10.00"
