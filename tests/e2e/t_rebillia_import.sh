# Rebillia end to end through `invoicectl import` and `export`, as a user runs them on the sample:
#  - the sample imports exactly (cents in the store are the file's amounts, digit for digit), with the
#    base URL at the root and under /v1;
#  - a re-run sends nothing (no POST, no PUT);
#  - a changed invoice is updated in place; changed invoices that are paid or voided in Rebillia are
#    planned "refused" with the reason and not sent;
#  - export --target rebillia writes CSV, JSON and XLSX with the same amounts.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/rebillia_helpers.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/rebillia_import_helpers.sh"

reb_start --db "$TMPD/reb.db"
cd "$TMPD"
cp "$ROOT/samples/rebillia-invoices.csv" a.csv
cp "$ROOT/samples/rebillia-invoices.map.json" map.json

note "the sample, base URL at the root"
reb_client ""
expect_exit 0 "$INVOICECTL" import -m map.json --yes --journal j1 --results r1 a.csv
assert_eq 4 "$(summary_get r1 'j["counts"]["created"]')" "created"
reb_expect a.csv >want.txt
reb_store >store.txt
golden want.txt store.txt

note "a re-run, base URL under /v1: nothing is written"
reb_client /v1
expect_exit 0 "$INVOICECTL" import -m map.json --yes --journal j2 --results r2 a.csv
assert_contains "$TMPD/err" "plan: 0 to create, 0 to update, 4 unchanged"
assert_eq "0 0" "$(summary_get r2 '"%d %d" % (j["requests"]["POST"], j["requests"]["PUT"])')" "POST and PUT of a re-run"
reb_store >store.txt
golden want.txt store.txt

note "export to CSV, JSON and XLSX: the same amounts"
expect_exit 0 "$INVOICECTL" export --target rebillia --status all -o all.csv
expect_exit 0 "$INVOICECTL" export --target rebillia --status all -o all.json
expect_exit 0 "$INVOICECTL" export --target rebillia --status all -o all.xlsx
"$PY" - all.csv all.json all.xlsx want.txt <<'PY' || fail "exported amounts differ from the store's"
import csv, json, sys, zipfile
from decimal import Decimal
want = {l.split()[0]: int(l.split()[2]) for l in open(sys.argv[4])}
rows = {r["Invoice Number"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
assert set(rows) == set(want), (set(rows), set(want))
for k, cents in want.items():
    assert Decimal(rows[k]["Original Balance"]) * 100 == cents, (k, rows[k]["Original Balance"], cents)
    assert Decimal(rows[k]["Open Balance"]) * 100 == cents, (k, rows[k]["Open Balance"], cents)
docs = json.load(open(sys.argv[2]))
got = {d["comments"][len("invoicectl:"):]: d["total"] for d in docs}
assert got == want, (got, want)
z = zipfile.ZipFile(sys.argv[3])
assert any(n.startswith("xl/worksheets/") for n in z.namelist())
text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
for k in want:
    assert k in text, k
PY

note "RB-1002 paid and RB-1004 voided in Rebillia, then the file changes RB-1001, RB-1002 and RB-1004"
ids=$(rapi GET "/v1/invoices?itemPerPage=250" - | "$PY" -c '
import json, sys
d = {i["comments"]: (i["id"], i["balanceDue"]) for i in json.load(sys.stdin)["data"]}
print(*d["invoicectl:RB-1002"], d["invoicectl:RB-1004"][0])')
read -r paid_id paid_due void_id <<<"$ids"
rapi POST "/v1/invoices/$paid_id/charge" "{\"amount\": $paid_due, \"paymentType\": \"otherPayment\"}" >/dev/null
rstatus 200
rapi PUT "/v1/invoices/$void_id/void" - >/dev/null
rstatus 200
reb_store >before.txt
sed -e 's/,5,703.39,/,6,703.39,/' -e 's/,12,18.90,/,13,18.90,/' -e 's/,1,0.01,/,2,0.01,/' a.csv >b.csv
expect_exit 1 "$INVOICECTL" import -m map.json --yes --journal j3 --results r3 b.csv
assert_contains "$TMPD/err" "plan: 0 to create, 1 to update, 1 unchanged, 2 refused"
assert_eq "0 1" "$(summary_get r3 '"%d %d" % (j["requests"]["POST"], j["requests"]["PUT"])')" "POST and PUT"
assert_eq "1 2" "$(summary_get r3 '"%d %d" % (j["counts"]["updated"], j["counts"]["refused"])')" "updated, refused"
assert_contains r3/errors.csv "RB-1002"
assert_contains r3/errors.csv "this one is 'paid'"
assert_contains r3/errors.csv "RB-1004"
assert_contains r3/errors.csv "this one is 'voided'"
reb_expect b.csv | grep '^RB-1001 ' >want1.txt
reb_store | grep '^RB-1001 ' >got1.txt
golden want1.txt got1.txt
assert_eq "$(grep -v '^RB-1001 ' before.txt)" "$(reb_store | grep -v '^RB-1001 ')" "the refused and unchanged invoices"
