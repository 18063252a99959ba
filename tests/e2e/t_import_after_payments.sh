# Importing the invoice file again after payments were recorded: the sample mapping computes the open
# balance from the lines, which says nothing of payments, so the paid invoices stay paid (the plan finds
# every invoice unchanged); a changed line on a partly paid invoice moves both balances by the same amount
# and keeps its status; an open balance read from a column is the file's word and is sent as it is.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/pay_helpers.sh"
sandbox_start --record-requests "$TMPD/req.jsonl"
cd "$TMPD"
pay_seed
"$INVOICECTL" pay -q -m "$ROOT/samples/payments.map.json" --yes --journal pay.journal --results paid \
    "$ROOT/samples/payments.csv" || fail "recording the sample payments"
open_balances >before.txt
assert_contains before.txt "INV-10041 completed 0.00"
assert_contains before.txt "INV-10044 partially paid 2082.18"

note "the same invoice file again: nothing to change, nothing sent"
puts() { grep -c '"method":"PUT"' req.jsonl || true; }
expect_exit 0 "$INVOICECTL" import -m "$ROOT/samples/invoices.map.json" --yes --results again \
    "$ROOT/samples/invoices.csv"
assert_contains "$TMPD/err" "plan: 0 to create, 0 to update, 12 unchanged"
assert_eq 0 "$(puts)" "PUT requests"
open_balances >after.txt
assert_eq "$(cat before.txt)" "$(cat after.txt)" "balances after importing the same file"

note "a line changed on a partly paid invoice: 1,500.00 paid stays paid"
"$PY" - "$ROOT/samples/invoices.csv" >changed.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
for r in rows[1:]:
    if r[0] == "INV-10044" and r[6] == "SKU-41510":
        r[8] = str(int(r[8]) + 2)  # 2 more wire decks at 64.75
csv.writer(sys.stdout, lineterminator="\n").writerows(rows)
PY
expect_exit 0 "$INVOICECTL" import -m "$ROOT/samples/invoices.map.json" --yes --results changed changed.csv
assert_contains "$TMPD/err" "plan: 0 to create, 1 to update, 11 unchanged"
open_balances >changed.txt
assert_contains changed.txt "INV-10044 partially paid 2211.68"
assert_contains changed.txt "INV-10041 completed 0.00"

note "an open balance from a column is the file's word"
"$PY" - "$ROOT/samples/invoices.map.json" >col.map.json <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["invoice"]["openBalance"] = {"column": "Open", "type": "money"}
print(json.dumps(m))
PY
"$PY" - changed.csv >col.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
out = [rows[0] + ["Open"]] + [r + ["3711.68"] for r in rows[1:] if r[0] == "INV-10044"]
csv.writer(sys.stdout, lineterminator="\n").writerows(out)
PY
expect_exit 0 "$INVOICECTL" import -m col.map.json --yes --results col col.csv
assert_contains "$TMPD/err" "plan: 0 to create, 1 to update, 0 unchanged"
open_balances | grep -F "INV-10044" >col.txt || true
assert_contains col.txt " 3711.68"
