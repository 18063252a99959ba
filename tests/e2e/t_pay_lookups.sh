# pay's plan asks the store for an invoice's payments (GET /payments?invoiceId=) only when its journal does
# not already say that every payment of the file for that invoice is recorded: the same file again with its
# journal makes no lookup; a new row for one invoice makes one lookup, for that invoice; a new journal makes
# one per invoice again (the store's payments are what keep a fresh journal from recording twice).
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/pay_helpers.sh"
sandbox_start --record-requests "$TMPD/req.jsonl"
cd "$TMPD"
pay_seed
cp "$ROOT/samples/payments.csv" "$ROOT/samples/payments.map.json" .

# lookups N: how many GET /payments (the plan's lookups; the record keeps no query) since line N of the record
lookups() {
    tail -n +$(($1 + 1)) "$TMPD/req.jsonl" | "$PY" -c 'import json, sys
print(sum(1 for l in sys.stdin if json.loads(l)["method"] == "GET" and json.loads(l)["path"].endswith("/payments")))'
}
mark() { wc -l <"$TMPD/req.jsonl"; }

note "first run: one lookup per invoice the file pays (4 invoices, 5 payments)"
m=$(mark)
expect_exit 0 "$INVOICECTL" pay -m payments.map.json --yes --journal p.journal --results r1 payments.csv
assert_contains "$TMPD/err" "pay: 5 recorded, 0 already recorded"
assert_eq 4 "$(lookups "$m")" "lookups"

note "the same file with its journal: every payment is recorded by the journal, no lookup"
m=$(mark)
expect_exit 0 "$INVOICECTL" pay -m payments.map.json --yes --journal p.journal --results r2 payments.csv
assert_contains "$TMPD/err" "pay: 0 recorded, 5 already recorded"
assert_eq 0 "$(lookups "$m")" "lookups with a journal that knows every payment"
assert_eq 5 "$(store_payments | wc -l)" "payments in the store"

note "a new row for INV-10044: only that invoice is looked up"
cp payments.csv more.csv
echo '20/11/2026,20/11/2026,Cheque,Northern Tooling Ltd,CHQ 004498,INV-10044,10.00,CAD' >>more.csv
m=$(mark)
expect_exit 0 "$INVOICECTL" pay -m payments.map.json --yes --journal p.journal --results r3 more.csv
assert_contains "$TMPD/err" "pay: 1 recorded, 5 already recorded"
assert_eq 1 "$(lookups "$m")" "lookups for one new row"

note "a new journal: the store's payments are looked up again, nothing recorded twice"
m=$(mark)
expect_exit 0 "$INVOICECTL" pay -m payments.map.json --yes --journal fresh.journal --results r4 more.csv
assert_contains "$TMPD/err" "pay: 0 recorded, 6 already recorded"
assert_eq 4 "$(lookups "$m")" "lookups with a fresh journal"
assert_eq 6 "$(store_payments | wc -l)" "payments in the store"
