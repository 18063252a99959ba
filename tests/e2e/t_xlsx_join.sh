#!/usr/bin/env bash
# Several sheets joined into invoices.  Our own export workbook (Invoices, Line Items, Cost Lines) read back
# with samples/export-workbook.map.json: export -> import with no edits changes nothing, and one quantity
# edited in Excel is one update of that field.  A Shift-style workbook (a Basic sheet of invoices, Line Items
# and Cost Lines joined on External ID) validates to the same invoices as one flat sheet of the same data; a
# child row whose key is on no invoice stops the read naming its sheet and row.
. "$ROOT/tests/e2e/lib.sh"
sandbox_start
cd "$TMPD"
MAP="$ROOT/samples/export-workbook.map.json"

note "export -> import, no edits: every invoice unchanged"
expect_exit 0 "$INVOICECTL" import -m "$ROOT/samples/invoices.map.json" --yes --results r0 "$ROOT/samples/invoices.csv"
expect_exit 0 "$INVOICECTL" export -o book.xlsx
expect_exit 0 "$INVOICECTL" validate -m "$MAP" book.xlsx
assert_contains out "12 invoices"
assert_contains out "valid:    12"
expect_exit 0 "$INVOICECTL" import -m "$MAP" --dry-run --results dry book.xlsx
assert_eq 12 "$(jget dry/plan.json 'j["counts"]["unchanged"]')" "unchanged after the round trip"
assert_eq 0 "$(jget dry/plan.json 'j["counts"]["update"]')" "updates after the round trip"

note "one quantity edited in the Line Items sheet: one update, of that field"
"$PY" - book.xlsx edited.xlsx <<'PYEOF'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Line Items"]
for row in ws.iter_rows(min_row=2):
    if row[0].value == "INV-10041" and row[1].value == "SKU-10017":
        row[3].value = row[3].value + 1
        break
else:
    sys.exit("no INV-10041 / SKU-10017 line in the export")
wb.save(sys.argv[2])
PYEOF
expect_exit 0 "$INVOICECTL" import -m "$MAP" --yes --results r1 edited.xlsx
assert_eq 1 "$(jget r1/summary.json 'j["counts"]["updated"]')" "updated"
assert_eq 11 "$(jget r1/summary.json 'j["counts"]["unchanged"]')" "unchanged"
expect_exit 0 "$INVOICECTL" export -o again.xlsx
"$PY" - edited.xlsx again.xlsx <<'PYEOF'
import openpyxl, sys
# every column but Line Total, which the edit left as it was and the store computes again
rows = lambda p: sorted(tuple(r[:6]) for r in openpyxl.load_workbook(p)["Line Items"].iter_rows(min_row=2, values_only=True))
assert rows(sys.argv[1]) == rows(sys.argv[2]), "the store's line items are not the edited sheet's"
PYEOF

note "a Shift-style workbook: Basic, Line Items and Cost Lines joined on External ID"
"$PY" - "$ROOT/samples/invoices.csv" shift.xlsx flat.csv <<'PYEOF'
import csv, sys, openpyxl
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
wb = openpyxl.Workbook()
basic = wb.active
basic.title = "Basic"
basic.append(["Invoice Number", "External ID", "Company ID", "Issued At", "Due Date", "Currency", "PO Number"])
items = wb.create_sheet("Line Items")
items.append(["External ID", "SKU", "Description", "Quantity", "Unit Price"])
costs = wb.create_sheet("Cost Lines")
costs.append(["External ID", "Description", "Amount"])
flat = csv.writer(open(sys.argv[3], "w", newline=""))
flat.writerow(["Invoice Number", "External ID", "Company ID", "Issued At", "Due Date", "Currency", "PO Number",
               "Kind", "SKU", "Description", "Quantity", "Unit Price", "Amount"])
seen = []
for r in rows:
    ext = "ERP-" + r["Invoice Number"]
    head = [r["Invoice Number"], ext, r["Company ID"], r["Invoice Date"], r["Due Date"], r["Currency"], r["PO Number"]]
    if r["Invoice Number"] not in seen:
        seen.append(r["Invoice Number"])
        basic.append(head)
        for d in ("Freight", "Sales Tax"):
            costs.append([ext, d, float(r[d])])
            flat.writerow(head + ["cost", "", d, "", "", r[d]])
    items.append([ext, r["SKU"], r["Description"], float(r["Quantity"]), float(r["Unit Price"])])
    flat.writerow(head + ["item", r["SKU"], r["Description"], r["Quantity"], r["Unit Price"], ""])
wb.save(sys.argv[2])
PYEOF
cat >flat.map.json <<'JSON'
{
  "target": "bigcommerce-b2b",
  "locale": { "decimal": ".", "date": "%Y-%m-%d", "timezone": "UTC" },
  "group_by": ["Invoice Number"],
  "invoice": {
    "invoiceNumber": "Invoice Number", "externalId": "External ID", "customerId": "Company ID",
    "issuedAt": "Issued At", "dueDate": "Due Date", "currency": "Currency",
    "purchaseOrderNumber": { "column": "PO Number", "optional": true },
    "originalBalance": { "compute": "total" }, "openBalance": { "compute": "total" }
  },
  "lineItems": {
    "when": { "column": "Kind", "equals": "item" },
    "sku": "SKU", "description": "Description",
    "quantity": { "column": "Quantity", "type": "decimal" }, "unitPrice": { "column": "Unit Price", "type": "money" }
  },
  "costLines": {
    "when": { "column": "Kind", "equals": "cost" },
    "description": "Description", "amount": { "column": "Amount", "type": "money" }
  }
}
JSON
"$PY" - flat.map.json shift.map.json <<'PYEOF'
import json, sys
m = json.load(open(sys.argv[1]))
m["sheet"] = "Basic"
m["join"] = {"column": "External ID", "sheets": ["Line Items", "Cost Lines"]}
m["lineItems"].update({"when": {"column": "_sheet", "equals": "Line Items"}, "sku": "Line Items/SKU",
                       "description": "Line Items/Description"})
m["lineItems"]["quantity"]["column"] = "Line Items/Quantity"
m["lineItems"]["unitPrice"]["column"] = "Line Items/Unit Price"
m["costLines"] = {"when": {"column": "_sheet", "equals": "Cost Lines"}, "description": "Cost Lines/Description",
                  "amount": {"column": "Cost Lines/Amount", "type": "money"}}
json.dump(m, open(sys.argv[2], "w"))
PYEOF
expect_exit 0 "$INVOICECTL" validate -m flat.map.json --emit flat.jsonl flat.csv
expect_exit 0 "$INVOICECTL" validate -m shift.map.json --emit shift.jsonl shift.xlsx
assert_contains out "12 invoices"
cmp <(sort flat.jsonl) <(sort shift.jsonl) || fail "the joined workbook's invoices differ from the flat file's"

note "a child row of no invoice, and a problem in a child sheet, are placed in their sheet"
"$PY" - shift.xlsx orphan.xlsx <<'PYEOF'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
wb["Line Items"]["E3"] = "12.3x"
wb["Cost Lines"].append(["ERP-NOPE", "Freight", 5])
wb.save(sys.argv[2])
PYEOF
expect_exit 2 "$INVOICECTL" validate -m shift.map.json orphan.xlsx
assert_contains err "orphan.xlsx:Cost Lines!A26: 'ERP-NOPE' (column 'External ID') is on no row of sheet 'Basic'"
"$PY" -c 'import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); wb["Line Items"]["E3"]="12.3x"; wb.save(sys.argv[2])' \
    shift.xlsx badcell.xlsx
expect_exit 1 "$INVOICECTL" validate -m shift.map.json badcell.xlsx
assert_contains err "badcell.xlsx:Line Items!E3: error: column 'Line Items/Unit Price', invoice INV-10041"
echo "ok"
