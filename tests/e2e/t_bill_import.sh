# Import into BILL end to end, against the BILL sandbox: the plan, the confirmation naming BILL's own
# behaviour, N invoices created exactly (one POST each, sendEmail false), the same import again sending no
# write, and 10 changed invoices giving exactly 10 PUTs that keep the ids of the lines they still have.
# Then export --target bill-v3 to CSV, JSON and XLSX: BILL's text ids in the ID column, the aging from
# dueAmount and dueDate.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"
bill_start --record-requests "$TMPD/req.jsonl"
bill_client_env
cd "$TMPD"
bill_mapping map.json
N=250
bill_csv $N >a.csv
csv_numbers a.csv >want.txt

note "validate: a BILL mapping is checked by BILL's rules"
expect_exit 0 "$INVOICECTL" validate -m map.json a.csv

M=0
note "dry run: a plan and only list requests (ceil(0/100) + 1 page)"
expect_exit 0 "$INVOICECTL" import -m map.json --dry-run --results dry a.csv
assert_eq $N "$(jget dry/plan.json 'j["counts"]["create"]')" "plan.json creates"
assert_eq 0 "$(bill_writes <(tail -n +$((M + 1)) req.jsonl))" "writes in a dry run"
assert_eq 1 "$(bill_count <(tail -n +$((M + 1)) req.jsonl) GET /v3/invoices)" "list requests of the plan"

note "without a terminal, --yes is needed; the refusal says what BILL does, not B2B Edition's email"
expect_exit 2 "$INVOICECTL" import -m map.json --results r0 a.csv
assert_contains "$TMPD/err" "--yes"
assert_contains "$TMPD/err" "BILL does not email the customer"
assert_not_contains "$TMPD/err" "New Invoice"

note "$N invoices created: one POST each, sign-ins counted"
M=$(wc -l <req.jsonl) # the sandbox keeps writing to it: count what comes after
expect_exit 0 "$INVOICECTL" import -m map.json --yes -v --results r1 a.csv
assert_eq $N "$(summary_get r1 'j["counts"]["created"]')" "created"
assert_eq $N "$(bill_count <(tail -n +$((M + 1)) req.jsonl) POST /v3/invoices)" "POST /v3/invoices"
assert_eq 0 "$(bill_count <(tail -n +$((M + 1)) req.jsonl) PUT /v3/invoices)" "PUTs"
signins=$(bill_count <(tail -n +$((M + 1)) req.jsonl) POST /v3/login)
[ "$signins" -ge 1 ] && [ "$signins" -le 2 ] || fail "sign-ins: $signins"
[ "$(summary_get r1 'j["requests"]["sign_ins"]')" -ge 1 ] || fail "summary.json counts no sign-in"
assert_contains "$TMPD/err" "sign-in"
"$PY" - <(tail -n +$((M + 1)) req.jsonl) <<'PY' || fail "a create asked BILL to email the customer"
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["method"] == "POST" and r["path"] == "/v3/invoices":
        assert r["body"]["processingOptions"] == {"sendEmail": False}, r["body"]
PY
bill_store s1.json
bill_numbers s1.json >got.txt
golden want.txt got.txt
# exact amounts: each invoice's total is the sum of its lines, as the file says
"$PY" - a.csv s1.json <<'PY' || fail "amounts in BILL differ from the file"
import csv, json, sys
from decimal import Decimal
want = {}
for row in csv.DictReader(open(sys.argv[1])):
    want[row["Invoice Number"]] = want.get(row["Invoice Number"], Decimal(0)) + \
        (Decimal(row["Quantity"]) * Decimal(row["Unit Price"])).quantize(Decimal("0.01"))
for inv in json.load(open(sys.argv[2]), parse_float=Decimal):
    assert Decimal(inv["totalAmount"]) == want[inv["invoiceNumber"]], inv
    assert inv["customerId"].startswith("0cu01SANDBOX"), inv
PY

note "the same import again sends no write"
M=$(wc -l <req.jsonl) # the sandbox keeps writing to it: count what comes after
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r2 a.csv
assert_eq 0 "$(bill_writes <(tail -n +$((M + 1)) req.jsonl))" "writes on the second run"
assert_eq $(((N + 99) / 100)) "$(bill_count <(tail -n +$((M + 1)) req.jsonl) GET /v3/invoices)" "list pages of the plan"

note "10 changed invoices: exactly 10 PUTs, line ids kept"
bill_csv $N 10 >a.csv
M=$(wc -l <req.jsonl) # the sandbox keeps writing to it: count what comes after
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r3 a.csv
assert_eq 10 "$(bill_count <(tail -n +$((M + 1)) req.jsonl) PUT /v3/invoices/)" "PUTs"
assert_eq 0 "$(bill_count <(tail -n +$((M + 1)) req.jsonl) POST /v3/invoices)" "POSTs"
assert_eq 10 "$(summary_get r3 'j["counts"]["updated"]')" "updated"
bill_store s2.json
"$PY" - s1.json s2.json <<'PY' || fail "line ids not kept"
import json, sys
a = {i["id"]: i for i in json.load(open(sys.argv[1]))}
b = {i["id"]: i for i in json.load(open(sys.argv[2]))}
assert a.keys() == b.keys()
changed = 0
for k, new in b.items():
    old = {(l["description"], l["quantity"], l["price"]): l["id"] for l in a[k]["invoiceLineItems"]}
    kept = [l for l in new["invoiceLineItems"] if (l["description"], l["quantity"], l["price"]) in old]
    for l in kept:  # a line the file still has keeps its id
        assert l["id"] == old[(l["description"], l["quantity"], l["price"])], (k, l)
    if len(kept) != len(new["invoiceLineItems"]):
        changed += 1
        assert len(new["invoiceLineItems"]) == len(a[k]["invoiceLineItems"]), new
assert changed == 10, changed
PY
M=$(wc -l <req.jsonl)
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r4 a.csv
assert_eq 0 "$(bill_writes <(tail -n +$((M + 1)) req.jsonl))" "writes after the update"

note "export --target bill-v3: CSV, JSON, XLSX with BILL's ids and the aging"
expect_exit 0 "$INVOICECTL" export --target bill-v3 --format csv -o e.csv
expect_exit 0 "$INVOICECTL" export --target bill-v3 --format json -o e.json
expect_exit 0 "$INVOICECTL" export --target bill-v3 -o e.xlsx
"$PY" - e.csv e.json e.xlsx s2.json <<'PY' || fail "export differs from BILL's store"
import csv, datetime, json, sys
from decimal import Decimal
import openpyxl
store = {i["invoiceNumber"]: i for i in json.load(open(sys.argv[4]), parse_float=Decimal)}
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == len(store), len(rows)
today = datetime.datetime.now(datetime.timezone.utc).date()
for r in rows:
    inv = store[r["Invoice Number"]]
    assert r["ID"] == inv["id"] and r["ID"].startswith("00e"), r
    assert Decimal(r["Open Balance"]) == inv["dueAmount"], r
    assert Decimal(r["Original Balance"]) == inv["totalAmount"], r
    assert r["Due"] == inv["dueDate"] and r["Status"] == "open", r
    due = datetime.date.fromisoformat(inv["dueDate"])
    assert int(r["Days Past Due"]) == max(0, (today - due).days) or r["Days Past Due"] == str((today - due).days), r
assert {i["id"] for i in json.load(open(sys.argv[2]))} == {i["id"] for i in store.values()}
ws = openpyxl.load_workbook(sys.argv[3])["Invoices"]
head = [c.value for c in ws[1]]
ids = {row[head.index("ID")] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]}
assert {i["id"] for i in store.values()} <= ids, sorted(ids)[:5]
PY
