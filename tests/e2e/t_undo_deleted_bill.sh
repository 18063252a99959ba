# invoicectl undo of an import whose delete rows archived BILL invoices (BILL has no delete): undo unarchives
# them (POST /v3/invoices/{id}/restore, once each): the very same ids come back active with the same values;
# named "unarchive" in the plan, the refusal without --yes and the results; a second undo does nothing.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"
. "$ROOT/tests/e2e/undo_helpers.sh"
bill_start --record-requests "$TMPD/rec.jsonl"
bill_client_env
cd "$TMPD"
bill_mapping map.json
"$PY" - <<'PY'
import json
m = json.load(open("map.json"))
m["mode"] = "Action"
json.dump(m, open("mmap.json", "w"), indent=1)
PY
bill_csv 4 >seed.csv # BI-000000 … BI-000003
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results r0 seed.csv
bill_store before.json
cat >del.csv <<'CSV'
Invoice Number,Customer ID,Invoice Date,Due Date,Description,Quantity,Unit Price,Action
BI-000000,,,,,,,delete
BI-000001,,,,,,,delete
CSV
expect_exit 0 "$INVOICECTL" -q import -m mmap.json --yes --results r1 del.csv
assert_eq 2 "$(summary_get r1 'j["counts"]["deleted"]')" "archived"
id1=$(jget before.json '[i["id"] for i in j if i["invoiceNumber"] == "BI-000001"][0]')

note "the plan says unarchive"
expect_exit 0 "$INVOICECTL" undo --dry-run r1
assert_contains out "unarchive  BI-000001  invoice $id1  (the run: archived)"
assert_contains err "0 to archive, 0 to restore, 2 to unarchive, 0 refused"
expect_exit 2 "$INVOICECTL" undo r1 </dev/null
assert_contains err "refusing to archive 0 invoices, restore 0 and unarchive 2 without confirmation"

m=$(rec_mark rec.jsonl)
expect_exit 0 "$INVOICECTL" undo --yes --results u1 r1
assert_contains err "unarchived 2,"
assert_eq 2 "$(rec_count rec.jsonl POST /v3/invoices/ "$m")" "POSTs: one restore per invoice archived"
assert_eq 1 "$(rec_max_per_path rec.jsonl POST "$m")" "restores per invoice (sign-ins aside)"
assert_eq 2 "$(summary_get u1 'j["counts"]["unarchived"]')" "unarchived"
assert_contains u1/undo.csv "BI-000001,$id1,archived,unarchive,unarchived,"
bill_store after.json
"$PY" - before.json after.json <<'PY'
import json, sys
before, after = (json.load(open(f)) for f in sys.argv[1:])
clean = lambda i: {k: v for k, v in i.items() if k not in ("updatedTime", "updatedAt")}
b = {i["id"]: clean(i) for i in before}
a = {i["id"]: clean(i) for i in after}
assert a == b, f"{json.dumps(b, sort_keys=True)}\n!=\n{json.dumps(a, sort_keys=True)}"
PY

note "a second undo does nothing"
m=$(rec_mark rec.jsonl)
expect_exit 0 "$INVOICECTL" undo --yes --results u2 r1
assert_eq 0 "$(rec_count rec.jsonl POST /v3/invoices/ "$m")" "POSTs of the second undo"
assert_contains err "0 to archive, 0 to restore, 0 refused, 0 gone, 0 untouched, 2 undone earlier"
