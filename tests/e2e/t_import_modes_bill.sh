# Per-row modes into BILL: a delete row archives (BILL has no delete), named so in the plan, the refusal
# without --yes and the results; a replace row is BILL's update (its PUT replaces the invoice: the file's
# lines only); a skip row is left alone; a second run sends nothing (an archived invoice is not listed, and
# the journal says this command archived it).
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"
bill_start --record-requests "$TMPD/req.jsonl"
bill_client_env
cd "$TMPD"
bill_mapping map.json
"$PY" - <<'PY'
import json
m = json.load(open("map.json"))
m["mode"] = "Action"
json.dump(m, open("mmap.json", "w"), indent=1)
PY
bill_csv 4 >seed.csv # BI-000000 … BI-000003; BI-000001 has 2 lines
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r0 seed.csv
cat >modes.csv <<'CSV'
Invoice Number,Customer ID,Invoice Date,Due Date,Description,Quantity,Unit Price,Action
BI-000000,,,,,,,archive-me
CSV
expect_exit 1 "$INVOICECTL" import -m mmap.json --dry-run --results rbad modes.csv
assert_contains err "unknown mode 'archive-me'"
cat >modes.csv <<'CSV'
Invoice Number,Customer ID,Invoice Date,Due Date,Description,Quantity,Unit Price,Action
BI-000000,,,,,,,delete
BI-000001,0cu01SANDBOX00000002,2026-10-02,2026-11-02,Only line,1,11.05,Replace
BI-000002,,,,,,,skip
BI-000003,0cu01SANDBOX00000004,2026-10-04,2026-11-04,"Item 0, ""boxed""",1,13.05,
CSV

note "the plan says archive"
expect_exit 0 "$INVOICECTL" import -m mmap.json --dry-run --results rd modes.csv
assert_contains out "delete     delete   BI-000000  line 2"
assert_contains out "update     replace  BI-000001  line 3"
assert_contains out "skip       skip     BI-000002  line 4"
assert_contains out "unchanged  upsert   BI-000003  line 5"
assert_contains err "0 invalid, 1 to archive, 1 skipped"

note "without --yes off a terminal: refused, named archive"
expect_exit 2 "$INVOICECTL" import -m mmap.json --results rn modes.csv </dev/null
assert_contains err "refusing to archive 1 invoice from store '$BILL_ORG' without confirmation"
assert_eq 0 "$(bill_count req.jsonl POST /v3/invoices/)" "archives before --yes"

note "the run"
M=$(wc -l <req.jsonl)
expect_exit 0 "$INVOICECTL" import -m mmap.json --yes --results r1 modes.csv
assert_contains err "archived 1, skipped 1"
assert_eq 1 "$(summary_get r1 'j["counts"]["deleted"]')" "archived"
assert_eq 1 "$(summary_get r1 'j["counts"]["updated"]')" "replaced"
assert_eq 1 "$(bill_count <(tail -n +$((M + 1)) req.jsonl) POST /v3/invoices/)" "archive requests"
assert_contains r1/success.csv "archived"
bill_store store.json
assert_eq True "$(jget store.json '[i for i in j if i["invoiceNumber"] == "BI-000000"][0]["archived"]')" "BI-000000 archived"
assert_eq "['Only line']" "$(jget store.json '[l["description"] for i in j if i["invoiceNumber"] == "BI-000001" for l in i["invoiceLineItems"]]')" "replaced lines"
assert_eq 1 "$(jget store.json 'len([l for i in j if i["invoiceNumber"] == "BI-000002" for l in i["invoiceLineItems"]]) // 3')" "skipped invoice's 3 lines kept"

note "a second run sends nothing"
M=$(wc -l <req.jsonl)
expect_exit 0 "$INVOICECTL" import -m mmap.json --yes --results r2 modes.csv
assert_eq 0 "$(bill_writes <(tail -n +$((M + 1)) req.jsonl))" "writes in the second run"
assert_eq 1 "$(summary_get r2 'j["counts"]["deleted"]')" "archived (earlier run)"
