# invoicectl undo of an import whose delete rows removed invoices (B2B Edition deletes for good): undo creates
# them again from the documents its journal recorded before the removal, under new ids, with the same values
# (an export before the import and after the undo agree but for ids and timestamps); the plan and results
# name the new id; a second undo does nothing; an invoice whose number is in the store again is refused.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/modes_helpers.sh"
. "$ROOT/tests/e2e/undo_helpers.sh"
sandbox_start --record-requests "$TMPD/rec.jsonl"
cd "$TMPD"
import_mapping map.json
modes_mapping mmap.json
import_csv 6 >seed.csv # INV-000000 … INV-000005, 1 to 3 lines each
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results r0 seed.csv
# something the file never said (an extra field set in the store) comes back too
api PUT "/invoices/$(store_id INV-000002)" '{"extraFields":[{"fieldName":"Region","fieldValue":"North"}]}' >/dev/null
assert_eq 200 "$(cat status)" "extra field on INV-000002"
old2=$(store_id INV-000002)

# snapshot FILE: the store without what a new create stamps (ids, times); amounts compared as values (a
# discount the store defaulted to "0" is sent as "0.0000" by the recreate, as by any create)
snapshot() {
    store_snapshot "$TMPD/.raw.json"
    "$PY" - "$TMPD/.raw.json" "$1" <<'PY'
import decimal, json, re, sys
def clean(o):
    if isinstance(o, dict):
        return {k: clean(v) for k, v in o.items()
                if k not in ("id", "invoiceId", "createdAt", "updatedAt", "created_at", "updated_at")}
    if isinstance(o, list):
        return [clean(v) for v in o]
    if isinstance(o, str) and re.fullmatch(r"-?[0-9]+\.[0-9]+", o):
        return str(decimal.Decimal(o).normalize())
    return o
rows = sorted((clean(r) for r in json.load(open(sys.argv[1]))), key=lambda r: json.dumps(r, sort_keys=True))
json.dump(rows, open(sys.argv[2], "w"), indent=1, sort_keys=True)
PY
}
snapshot before.json

cat >del.csv <<'CSV'
Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight,Action
INV-000000,,,,,,,,,delete
INV-000002,,,,,,,,,delete
INV-000004,,,,,,,,,delete
CSV
expect_exit 0 "$INVOICECTL" -q import -m mmap.json --yes --results r1 del.csv
assert_eq 3 "$(summary_get r1 'j["counts"]["deleted"]')" "deleted"
assert_eq null "$(store_doc INV-000002)" "INV-000002 after the delete"

note "the plan: recreate, naming the old id as gone for good"
expect_exit 0 "$INVOICECTL" undo --dry-run r1
assert_contains out "recreate   INV-000002  invoice $old2  (the run: deleted)  invoice $old2 is gone for good: created anew, under a new id"
assert_contains err "0 to delete, 0 to restore, 3 to recreate, 0 refused"
expect_exit 2 "$INVOICECTL" undo r1 </dev/null
assert_contains err "refusing to delete 0 invoices, restore 0 and recreate 3 without confirmation"

m=$(rec_mark rec.jsonl)
expect_exit 0 "$INVOICECTL" undo --yes --results u1 r1
assert_contains err "recreated 3,"
assert_eq 3 "$(rec_count rec.jsonl POST /invoices "$m")" "POSTs: one per invoice deleted"
assert_eq 3 "$(summary_get u1 'j["counts"]["recreated"]')" "recreated"
new2=$(store_id INV-000002)
[ "$new2" != "$old2" ] || fail "INV-000002 has its old id"
assert_contains u1/undo.csv "INV-000002,$new2,deleted,recreate,recreated,recreated as invoice $new2 (invoice $old2 is gone for good)"
undo_journal=$(jget u1/summary.json 'j["undo_journal"]')
grep -q "\"action\":\"recreated\",\"id\":$new2" "$undo_journal" || fail "undo's journal lacks the recreate of INV-000002"
snapshot after.json
golden before.json after.json

note "a second undo does nothing"
m=$(rec_mark rec.jsonl)
expect_exit 0 "$INVOICECTL" undo --yes --results u2 r1
assert_eq 0 "$(rec_count rec.jsonl POST / "$m")" "POSTs of the second undo"
assert_eq 0 "$(rec_count rec.jsonl DELETE / "$m")" "DELETEs of the second undo"
assert_contains err "0 to delete, 0 to restore, 0 refused, 0 gone, 0 untouched, 3 undone earlier"

note "an invoice whose number is in the store again is not recreated"
expect_exit 0 "$INVOICECTL" -q import -m mmap.json --yes --results r2 del.csv
"$PY" - seed.csv >again.csv <<'PY'
import sys
rows = open(sys.argv[1]).read().splitlines()
print(rows[0])
print("\n".join(r for r in rows[1:] if r.startswith("INV-000004,")))
PY
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results r3 again.csv
id4=$(store_id INV-000004)
m=$(rec_mark rec.jsonl)
expect_exit 1 "$INVOICECTL" undo --yes --results u3 r2
assert_contains out "refused    INV-000004"
assert_contains out "an invoice numbered INV-000004 is in the store again (invoice $id4): not recreated"
assert_eq 2 "$(rec_count rec.jsonl POST /invoices "$m")" "POSTs: the two others only"
