# Payments whose answer is lost (the sandbox's drop-after-commit fault: the payment is recorded, then the
# connection closes with no answer): each is looked up by its payment key before anything is sent again,
# found, and counted recorded once; no payment is in the store twice.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/pay_helpers.sh"
cd "$TMPD"
sandbox_start --db store.db
pay_seed
sandbox_stop
# the same store (the --db file), now losing answers; with this seed the run's requests see the drops at the
# same places every time (the sandbox draws in the order requests arrive, and the payments, several at once,
# all come before the lookups of those whose answer was lost), one of them on a payment
sandbox_start --db store.db --faults drop-after-commit=${PAY_DROP_P:-0.35} --seed ${PAY_SEED:-7}
cp "$ROOT/samples/payments.csv" "$ROOT/samples/payments.map.json" .
expect_exit 0 "$INVOICECTL" pay -v -m payments.map.json --yes --results r --timeout 5 payments.csv
by_lookup=$(jget r/summary.json 'sum(1 for p in j["payments"] if p.get("by_lookup"))')
[ "$by_lookup" -ge 1 ] || fail "no payment's answer was lost: the test tests nothing (seed ${PAY_SEED:-7})"
note "$by_lookup payment(s) found by the lookup after a lost answer"
assert_contains "$TMPD/err" "the payment whose answer was lost is recorded"
assert_eq 5 "$(jget r/summary.json 'j["counts"]["recorded"]')" "recorded"
assert_eq 0 "$(jget r/summary.json 'j["counts"]["resends"]')" "payments sent again"
store_payments >pays.txt
assert_eq 5 "$(wc -l <pays.txt)" "payments in the store"
assert_eq "" "$(cut -d' ' -f1 pays.txt | sort | uniq -d)" "payments recorded twice"
