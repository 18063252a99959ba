# Per-row modes into Rebillia: a delete row sends DELETE /invoices/{id} and the invoice is gone; a replace
# row is refused naming Rebillia (its update lays the file's lines over the stored ones: no whole
# replacement), and nothing is sent for it; a second run sends nothing.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/rebillia_helpers.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/rebillia_import_helpers.sh"

reb_start --db "$TMPD/reb.db"
reb_client ""
cd "$TMPD"
cp "$ROOT/samples/rebillia-invoices.csv" a.csv
cp "$ROOT/samples/rebillia-invoices.map.json" map.json
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r0 a.csv
"$PY" - <<'PY'
import csv, json
m = json.load(open("map.json"))
m["mode"] = "Action"
json.dump(m, open("mmap.json", "w"), indent=1)
rows = list(csv.reader(open("a.csv")))
out = csv.writer(open("modes.csv", "w", newline=""), lineterminator="\n")
out.writerow(rows[0] + ["Action"])
numbers = []
for r in rows[1:]:
    if r[0] not in numbers:
        numbers.append(r[0])
for r in rows[1:]:
    mode = {numbers[0]: "delete", numbers[1]: "replace"}.get(r[0], "")
    if mode == "delete":
        r = [r[0]] + [""] * (len(r) - 1)
    out.writerow(r + [mode])
open("numbers.txt", "w").write("\n".join(numbers[:2]) + "\n")
PY
first=$(sed -n 1p numbers.txt) second=$(sed -n 2p numbers.txt)
reb_numbers >before.txt

expect_exit 1 "$INVOICECTL" import -m mmap.json --dry-run --results rd modes.csv
assert_contains out "delete     delete   $first"
assert_contains out "refused    replace  $second"
assert_contains out "Rebillia cannot replace an invoice whole (replace mode)"

expect_exit 1 "$INVOICECTL" import -m mmap.json --yes --results r1 modes.csv
assert_eq 1 "$(summary_get r1 'j["counts"]["deleted"]')" "deleted"
assert_eq 1 "$(summary_get r1 'j["counts"]["refused"]')" "refused"
assert_eq "1 0 0" "$(summary_get r1 '"%d %d %d" % (j["requests"]["DELETE"], j["requests"]["PUT"], j["requests"]["POST"])')" "DELETE, PUT and POST"
grep -v "^$first\$" before.txt >want.txt
reb_numbers >after.txt
golden want.txt after.txt

expect_exit 1 "$INVOICECTL" import -m mmap.json --yes --results r2 modes.csv
assert_eq "0 0 0" "$(summary_get r2 '"%d %d %d" % (j["requests"]["DELETE"], j["requests"]["PUT"], j["requests"]["POST"])')" "writes of a second run"
assert_eq 1 "$(summary_get r2 'j["counts"]["deleted"]')" "deleted (earlier run)"
