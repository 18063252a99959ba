# invoicectl undo of an import whose delete rows removed Rebillia invoices (DELETE is for good): undo creates
# them again from the documents its journal recorded before the removal (the ids the create body needs —
# currency, customer, gateway — resolved as import resolves them), with the same totals, lines and status;
# a second undo does nothing.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/rebillia_helpers.sh"
. "$ROOT/tests/e2e/rebillia_import_helpers.sh"
reb_start
reb_client /v1
cd "$TMPD"
"$PY" - "$ROOT/samples/rebillia-invoices.map.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
json.dump(m, open("map.json", "w"), indent=1)
m["mode"] = "Action"
json.dump(m, open("mmap.json", "w"), indent=1)
PY
reb_csv 9 >seed.csv
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results r0 seed.csv
reb_store >before.txt
"$PY" - seed.csv >del.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(rows[0] + ["Action"])
for n in ("R-00001", "R-00002", "R-00004"): # customers by id and by email, 2 and 3 lines
    out.writerow([n] + [""] * (len(rows[0]) - 1) + ["delete"])
PY
expect_exit 0 "$INVOICECTL" -q import -m mmap.json --yes --results r1 del.csv
assert_eq 3 "$(summary_get r1 'j["counts"]["deleted"]')" "deleted"
assert_eq 6 "$(reb_numbers | wc -l)" "invoices left"

expect_exit 0 "$INVOICECTL" undo --yes --results u1 r1
assert_contains err "0 to delete, 0 to restore, 3 to recreate, 0 refused"
assert_contains err "recreated 3,"
assert_eq 3 "$(summary_get u1 'j["requests"]["POST"]')" "POSTs"
reb_store >after.txt
golden before.txt after.txt

expect_exit 0 "$INVOICECTL" undo --yes --results u2 r1
assert_eq 0 "$(summary_get u2 'j["requests"]["POST"]')" "POSTs of the second undo"
assert_contains err "3 undone earlier"
