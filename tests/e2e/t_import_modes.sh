# Per-row modes against a seeded store: a CSV with a row of every mode (mapping "mode": "Action"); the plan
# shows each invoice's mode and class; the delete is asked for and refused off a terminal without --yes;
# after the run the store holds exactly what the rows say (deleted gone, replaced lines dropped, skipped
# untouched); a second run sends nothing; a paid invoice is not deleted; bad and disagreeing modes are errors.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/modes_helpers.sh"
sandbox_start --record-requests "$TMPD/requests.jsonl"
cd "$TMPD"
import_mapping map.json
modes_mapping mmap.json
import_csv 6 >seed.csv # INV-000000 … INV-000005, 1 to 3 lines each
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r0 seed.csv
# something the file does not say, which replace drops and update keeps
for n in INV-000001 INV-000002; do
    api PUT "/invoices/$(store_id $n)" '{"extraFields":[{"fieldName":"Region","fieldValue":"North"}]}' >/dev/null
    assert_eq 200 "$(cat status)" "extra field on $n"
done
store_doc INV-000003 >skip-before.json

cat >modes.csv <<'CSV'
Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight,Action
INV-000000,,,,,,,,,Delete
INV-000001,1001,2026-11-30,USD,SKU-0,Only line,1,11.05,5.00,replace
INV-000002,1002,2026-11-30,USD,SKU-0,Changed,1,99.05,5.00,UPDATE
INV-000003,,not a date,,,,,,,skip
INV-000004,1004,2026-11-30,USD,SKU-0,"Item 0, ""boxed""",1,14.05,5.00,
INV-000004,1004,2026-11-30,USD,SKU-1,"Item 1, ""boxed""",2,14.15,5.00,
INV-000009,1009,2026-11-30,USD,SKU-0,New,1,10.00,5.00,create
CSV

note "the plan: each invoice's mode and class, counts per class"
expect_exit 0 "$INVOICECTL" import -m mmap.json --dry-run --results rd modes.csv
assert_contains out "delete     delete   INV-000000  line 2"
assert_contains out "update     replace  INV-000001  line 3"
assert_contains out "update     update   INV-000002  line 4"
assert_contains out "skip       skip     INV-000003  line 5"
assert_contains out "unchanged  upsert   INV-000004  line 6"
assert_contains out "create     create   INV-000009  line 8"
assert_contains err "plan: 1 to create, 2 to update, 1 unchanged, 0 refused, 0 invalid, 1 to delete, 1 skipped"
assert_eq "delete delete" "$(jget rd/plan.json '" ".join([j["invoices"][0]["class"], j["invoices"][0]["mode"]])')" "plan.json"
assert_eq 1 "$(jget rd/plan.json 'j["counts"]["delete"]')" "plan.json delete count"
assert_eq 1 "$(jget rd/plan.json 'j["counts"]["skip"]')" "plan.json skip count"
"$PY" - rd/plan.xlsx <<'PY' || fail "plan.xlsx: a delete and a skip sheet, each row with its mode"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheets = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
assert sheets == ["create", "update", "unchanged", "refused", "invalid", "delete", "skip"], sheets
strings = z.read("xl/sharedStrings.xml").decode()
for word in ("mode", "replace", "upsert", "delete", "skip"):
    assert f">{word}<" in strings, word
PY

note "deletes are asked for: refused off a terminal without --yes (a file without creates)"
grep -v INV-000009 modes.csv >nocreate.csv
expect_exit 2 "$INVOICECTL" import -m mmap.json --results rn nocreate.csv </dev/null
assert_contains err "refusing to delete 1 invoice from store 'sandbox' without confirmation; pass --yes"
[ "$(store_doc INV-000000)" != null ] || fail "deleted without confirmation"
command -v script >/dev/null || fail "script(1) (bsdutils) is needed"
printf -v cmd '%q ' "$INVOICECTL" import -m mmap.json --results rt nocreate.csv
set +e
printf 'n\n' | script -qec "$cmd" /dev/null >tty.out 2>&1
rc=$?
set -e
assert_eq 2 "$rc" "exit after answering n"
tr -d '\r' <tty.out >tty.txt
assert_contains tty.txt "delete 1 invoice from store 'sandbox'"
assert_contains tty.txt "nothing sent"
[ "$(store_doc INV-000000)" != null ] || fail "deleted after answering n"

note "the run: the store holds what each row says"
store_doc INV-000004 >upsert-before.json
expect_exit 0 "$INVOICECTL" import -m mmap.json --yes --results r1 modes.csv
assert_contains err "created 1, updated 2, unchanged 1, deleted 1, skipped 1,"
assert_eq 1 "$(summary_get r1 'j["counts"]["deleted"]')" "deleted"
assert_eq 1 "$(summary_get r1 'j["counts"]["skipped"]')" "skipped"
assert_eq 1 "$(summary_get r1 'j["requests"]["DELETE"]')" "DELETE requests"
assert_eq null "$(store_doc INV-000000)" "the deleted invoice"
printf 'INV-000001\nINV-000002\nINV-000003\nINV-000004\nINV-000005\nINV-000009\n' >want.txt
store_numbers >store.txt
golden want.txt store.txt
store_doc INV-000001 >replaced.json
assert_eq "['Only line']" "$(jget replaced.json '[l["description"] for l in j["details"]["details"]["lineItems"]]')" "replaced lines"
assert_eq "[]" "$(jget replaced.json 'j["extraFields"]')" "replaced extra fields"
store_doc INV-000002 >updated.json
assert_eq "['Changed']" "$(jget updated.json '[l["description"] for l in j["details"]["details"]["lineItems"]]')" "updated lines"
assert_eq "North" "$(jget updated.json 'j["extraFields"][0]["fieldValue"]')" "update keeps the extra field"
store_doc INV-000003 >skip-after.json
golden skip-before.json skip-after.json
store_doc INV-000004 >upsert-after.json
golden upsert-before.json upsert-after.json
assert_contains r1/success.csv "deleted"
assert_contains r1/success.csv "skipped"
assert_eq 1 "$(recorded DELETE '/invoices/[0-9]+' requests.jsonl)" "recorded deletes"

note "a second run sends nothing"
writes=$(grep -vc '"method":"GET"' requests.jsonl)
expect_exit 0 "$INVOICECTL" import -m mmap.json --yes --results r2 modes.csv
assert_eq "$writes" "$(grep -vc '"method":"GET"' requests.jsonl)" "writes after the second run"
assert_eq 1 "$(summary_get r2 'j["counts"]["deleted"]')" "deleted (earlier run)"
assert_eq True "$(summary_get r2 'j["invoices"][0]["earlier_run"]')" "the delete is the earlier run's"
golden want.txt <(store_numbers)

note "a delete of an invoice not in the store is refused"
printf 'Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight,Action\nINV-000077,,,,,,,,,delete\n' >gone.csv
expect_exit 1 "$INVOICECTL" import -m mmap.json --dry-run --results rg gone.csv
assert_contains out "refused    delete   INV-000077  line 2  not in the store (nothing to delete)"

note "a paid invoice is not deleted"
id5=$(store_id INV-000005)
api POST /payments/offline "{\"lineItems\":[{\"invoiceId\":$id5,\"amount\":\"5.25\"}],\"currency\":\"USD\",\"details\":{\"memo\":\"check 12\"},\"customerId\":\"1005\",\"payerName\":\"Check\",\"processingStatus\":2}" >/dev/null
assert_eq 200 "$(cat status)" "payment recorded"
printf 'Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight,Action\nINV-000005,,,,,,,,,delete\n' >paid.csv
deletes=$(recorded DELETE '/invoices/[0-9]+' requests.jsonl)
expect_exit 1 "$INVOICECTL" import -m mmap.json --dry-run --results rpd paid.csv
assert_contains out "refused    delete   INV-000005  line 2  invoice $id5  invoice $id5 cannot be deleted:"
expect_exit 1 "$INVOICECTL" import -m mmap.json --yes --results rp paid.csv
assert_eq 1 "$(summary_get rp 'j["counts"]["refused"]')" "refused"
assert_eq "$deletes" "$(recorded DELETE '/invoices/[0-9]+' requests.jsonl)" "deletes after the refusal"
[ "$(store_doc INV-000005)" != null ] || fail "the paid invoice was deleted"

note "--mode delete for rows without a mode of their own (their other cells are not read)"
printf 'Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight,Action\nINV-000009,1009,2026-11-30,USD,SKU-0,New,1,10.00,5.00,\n' >dflt.csv
expect_exit 0 "$INVOICECTL" import -m mmap.json --mode delete --yes --results rm dflt.csv
assert_eq null "$(store_doc INV-000009)" "deleted by --mode"
note "made again elsewhere, the same file in upsert mode finds it unchanged (the journal's delete is not its outcome)"
cut -d, -f1-9 dflt.csv >plain9.csv
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results rc plain9.csv
expect_exit 0 "$INVOICECTL" import -m mmap.json --mode upsert --yes --results ru dflt.csv
assert_eq unchanged "$(summary_get ru 'j["invoices"][0]["outcome"]')" "outcome after the earlier delete"

note "an unknown mode names file, line and column; rows of one invoice that disagree name both lines"
printf 'Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight,Action\nINV-000001,,,,,,,,,remove\n' >bad.csv
expect_exit 1 "$INVOICECTL" import -m mmap.json --yes --results rb bad.csv
assert_contains err "bad.csv:2: error: column 'Action', invoice INV-000001: unknown mode 'remove'"
assert_contains err "unknown mode 'remove'; expected upsert, create, update, replace, delete or skip"
printf 'Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight,Action\nINV-000001,,,,,,,,,delete\nINV-000001,,,,,,,,,update\n' >two.csv
expect_exit 1 "$INVOICECTL" import -m mmap.json --yes --results r2b two.csv
assert_contains err "rows of one invoice disagree on 'Action': 'delete' on line 2, 'update' on line 3"
expect_exit 2 "$INVOICECTL" import -m mmap.json --mode erase --yes --results rx two.csv
assert_contains err "unknown --mode 'erase'; use upsert, create, update, replace, delete or skip"

note "mapping init proposes a column called Action as the mode column when its cells are modes"
expect_exit 0 "$INVOICECTL" mapping init modes.csv
assert_contains out '"mode": "Action"'
sed 's/,Delete$/,Ship/' modes.csv >ship.csv
expect_exit 0 "$INVOICECTL" mapping init ship.csv
assert_not_contains out '"mode":'
