# invoicectl undo refuses what changed in the store since the run: an invoice the run created and then edited
# (PUT), one it created and then paid (POST /payments/offline), one it updated and then paid, one it updated
# and then edited.  Those four are named with the reason and left exactly as they are (exit 1); the others are
# undone.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/undo_helpers.sh"
sandbox_start
cd "$TMPD"
import_mapping map.json
import_csv 20 >seed.csv
import_csv 25 3 >run.csv # INV-0, 7 and 14 updated, INV-20..24 created
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results seed seed.csv
store_snapshot before.json
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results r1 run.csv
id_of() { summary_get r1 "[i['id'] for i in j['invoices'] if i['key'] == '$1'][0]"; }

note "after the run: two edited, two paid"
edit() {
    api PUT "/invoices/$(id_of "$1")" '{"dueDate": 1800000000}' >/dev/null
    assert_eq 200 "$(cat status)" "PUT $1"
}
pay() {
    api POST /payments/offline "{\"lineItems\":[{\"invoiceId\":$(id_of "$1"),\"amount\":\"1.00\"}],\"currency\":\"USD\",\"details\":{},\"customerId\":\"$2\"}" >/dev/null
    assert_eq 200 "$(cat status)" "payment of $1 ($(cat body))"
}
edit INV-000020
pay INV-000021 1021
pay INV-000007 1007
edit INV-000014
store_snapshot touched.json

expect_exit 1 "$INVOICECTL" undo --dry-run r1 # refused: as import's dry run
assert_contains out "refused    INV-000020"
assert_contains out "changed in the store since the run (1 field: dueDate: 1800000000, the run left"
assert_contains out "refused    INV-000021"
assert_contains out "it has payments: open balance"
assert_contains out "refused    INV-000007"
assert_contains out "paid since the run: 1.00 paid now, 0.00 before the update"
assert_contains out "refused    INV-000014"

expect_exit 1 "$INVOICECTL" undo --yes --results u1 r1
assert_contains err "deleted 3, restored 1, undone earlier 0, nothing to do 0, refused 4"
assert_contains err "4 invoices left as they are"
assert_contains u1/undo.csv "INV-000021,"
assert_eq 4 "$(jget u1/summary.json 'j["counts"]["refused"]')" "refused"

note "the four refused are as they were before the undo; the others as before the import"
store_snapshot after.json
"$PY" - before.json touched.json after.json <<'PY'
import json, sys
before, touched, after = (json.load(open(f)) for f in sys.argv[1:])
by = lambda rows: {r["invoiceNumber"]: r for r in rows}
b, t, a = by(before), by(touched), by(after)
refused = {"INV-000020", "INV-000021", "INV-000007", "INV-000014"}
for n in refused:
    assert a[n] == t[n], f"{n} was changed by the undo"
for n in set(b) | set(a):
    if n not in refused:
        assert a.get(n) == b.get(n), f"{n} is not as before the import"
assert set(a) == set(b) | {"INV-000020", "INV-000021"}, sorted(set(a) ^ set(b))
PY
