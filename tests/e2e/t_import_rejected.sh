# Invoices valid here but refused by the API: the sandbox's extra-field configs limit "Cost Center" to 10
# characters, which the client cannot know.  The import exits 1; errors.csv carries the API's message and
# its place; summary.json counts them; every other invoice is created; the fixed errors.csv imports.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
cd "$TMPD"
cat >extra.json <<'JSON'
[{"id": 2, "fieldName": "Cost Center", "fieldType": 0, "isRequired": false, "isUnique": false,
  "visibleToEnduser": false, "configType": 2, "defaultValue": "", "maximumLength": "10"}]
JSON
sandbox_start --latency 1 --extra-fields "$TMPD/extra.json"
import_mapping base.json
"$PY" - base.json >map.json <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["invoice"]["extraFields"] = {"Cost Center": "Cost Center"}
print(json.dumps(m, indent=2))
PY
# 10 invoices; those at indices 2 (3 rows, lines 5-7) and 6 (1 row, line 14) have a cost center the API
# finds too long
import_csv 10 | "$PY" -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(rows[0] + ["Cost Center"])
for r in rows[1:]:
    n = int(r[0][4:])
    w.writerow(r + ["CC-EAST-NORTH-12" if n in (2, 6) else "CC-%d" % n])
' >a.csv
rows=$(($(wc -l <a.csv) - 1))

expect_exit 0 "$INVOICECTL" validate -m map.json a.csv # valid here

note "the API refuses two invoices: exit 1, the others created"
expect_exit 1 "$INVOICECTL" import -m map.json --yes --results r1 a.csv
assert_contains "$TMPD/err" "2 invoices were not imported"
assert_eq 8 "$(summary_get r1 'j["counts"]["created"]')" "created"
assert_eq 2 "$(summary_get r1 'j["counts"]["rejected"]')" "rejected"
assert_eq 10 "$(summary_get r1 'j["requests"]["POST"]')" "POSTs (a rejection is not retried)"
assert_eq "INV-000002 INV-000006" \
    "$(summary_get r1 '" ".join(i["key"] for i in j["invoices"] if i["outcome"] == "rejected")')" "rejected keys"
summary_get r1 '[i["error"] for i in j["invoices"] if i["key"] == "INV-000002"][0]' >msg.txt
assert_contains msg.txt "Extra field 'Cost Center' is longer than 10 characters."
assert_contains msg.txt "extraFields"
# errors.csv: the input's rows of the two invoices, the API's message and its place
assert_eq "$(head -1 a.csv),error,error_place" "$(head -1 r1/errors.csv | tr -d '\r')" "errors.csv header"
assert_eq 4 "$(($(wc -l <r1/errors.csv) - 1))" "errors.csv rows"
"$PY" - r1/errors.csv <<'PY' || fail "errors.csv"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert [r["Invoice Number"] for r in rows] == ["INV-000002"] * 3 + ["INV-000006"], rows
for r in rows:
    assert "Extra field 'Cost Center' is longer than 10 characters." in r["error"], r
    assert "POST /invoices, HTTP 4" in r["error_place"], r
    assert r["error_place"].startswith("line "), r
assert rows[0]["error_place"] == "line 5, POST /invoices, HTTP 422", rows[0]
assert rows[3]["error_place"] == "line 14, POST /invoices, HTTP 422", rows[3]
PY
assert_eq "$rows" "$(($(wc -l <r1/success.csv) + $(wc -l <r1/errors.csv) - 2))" "rows accounted for"
store_numbers >store.txt
csv_numbers a.csv | grep -v -e INV-000002 -e INV-000006 >want8.txt
golden want8.txt store.txt

note "errors.csv, fixed, imports cleanly"
sed 's/CC-EAST-NORTH-12/CC-EAST/' r1/errors.csv >fixed.csv
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r2 fixed.csv
assert_eq 2 "$(summary_get r2 'j["counts"]["created"]')" "created from errors.csv"
store_numbers >store2.txt
csv_numbers a.csv >want10.txt
golden want10.txt store2.txt

note "an update the API refuses: exit 1, the stored invoice unchanged"
sed -e 's/CC-EAST-NORTH-12/CC-EAST/' -e 's/^\(INV-000003,.*\),CC-3$/\1,CC-3-TOO-LONG/' a.csv >b.csv
expect_exit 1 "$INVOICECTL" import -m map.json --yes --results r3 b.csv
assert_eq 1 "$(summary_get r3 'j["counts"]["rejected"]')" "rejected update"
assert_eq 9 "$(summary_get r3 'j["counts"]["unchanged"]')" "unchanged"
assert_eq 1 "$(summary_get r3 'j["requests"]["PUT"]')" "PUTs"
summary_get r3 '[i["error"] + " @ " + i["error_place"] for i in j["invoices"] if i["outcome"] == "rejected"][0]' >put.txt
assert_contains put.txt "Extra field 'Cost Center' is longer than 10 characters."
assert_contains put.txt "PUT /invoices, HTTP 422"
assert_eq 1 "$(($(wc -l <r3/errors.csv) - 1))" "errors.csv rows after the refused update"
