# Nothing is dropped silently: every input row is in an invoice, skipped by a rule the mapping states, or
# an error.  A row with a blank group_by cell stops `import` as it fails `validate` (exit 1, nothing
# sent); with --skip-invalid it is in errors.csv and `rows read = used + skipped + in error` adds up in
# the summary and summary.json.  A "Grand Total" row is skipped by a rule (counted, listed with -v); an
# Odoo-like one-to-many export imports with "fill_down"; costLines and lineItems that can both claim a row
# are a mapping error naming both rules.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
sandbox_start
cd "$TMPD"
import_mapping map.json

# import_csv's layout: Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight
import_csv 3 | sed 's/INV-/K-/' >k.csv
printf ',1001,2026-11-30,USD,SKU-9,Stray row,1,9.99,0\n' >>k.csv
rows=$(($(wc -l <k.csv) - 1))

note "a row with a blank group_by cell: validate says exit 1, and import refuses and sends nothing"
expect_exit 1 "$INVOICECTL" validate -m map.json k.csv
assert_contains "$TMPD/err" "k.csv:8: error: column 'Invoice Number': no invoice key"
assert_contains "$TMPD/out" "rows: $rows read = $((rows - 1)) used + 0 skipped + 1 in error"
expect_exit 1 "$INVOICECTL" import -m map.json --yes --results rk k.csv
assert_contains "$TMPD/err" "1 row belongs to no invoice; nothing was sent"
assert_contains "$TMPD/err" "rows: $rows read = $((rows - 1)) used + 0 skipped + 1 in error"
assert_eq "" "$(store_numbers | grep '^K-' || true)" "invoices sent by a refused import"
expect_exit 1 "$INVOICECTL" import -m map.json --yes --dry-run --results rkd k.csv
[ ! -e rkd/plan.json ] || fail "a refused dry run wrote a plan"

note "--skip-invalid: the valid invoices are sent, the row is in errors.csv, and the rows add up"
expect_exit 1 "$INVOICECTL" import -m map.json --yes --skip-invalid --results rk k.csv
assert_eq "$(printf 'K-000000\nK-000001\nK-000002')" "$(store_numbers | grep '^K-')" "K-* in the store"
assert_contains rk/errors.csv ",1001,2026-11-30,USD,SKU-9,Stray row,1,9.99,0,"
assert_contains rk/errors.csv "no invoice key: column 'Invoice Number' (group_by) is blank"
assert_contains rk/errors.csv "line 8"
assert_eq "$rows" "$(($(wc -l <rk/success.csv) - 1 + $(wc -l <rk/errors.csv) - 1))" "rows in success.csv + errors.csv"
assert_eq "$rows $((rows - 1)) 0 1" "$(summary_get rk '" ".join(str(j["rows"][k]) for k in ("read", "used", "skipped", "error"))')" "summary.json rows"
assert_contains "$TMPD/err" "1 row belongs to no invoice and was not imported; see 'rk/errors.csv'"

note "a Grand Total row: an error without a rule, skipped (counted, listed with -v) with one"
import_csv 2 | sed 's/INV-/G-/' >g.csv
printf ',,,,,Grand Total,,,10.00\n' >>g.csv
rows=$(($(wc -l <g.csv) - 1))
expect_exit 1 "$INVOICECTL" import -m map.json --yes --skip-invalid --results rg0 g.csv
assert_contains rg0/errors.csv "Grand Total"
assert_eq "$(printf 'G-000000\nG-000001')" "$(store_numbers | grep '^G-')" "G-* in the store"
"$PY" - map.json gskip.json <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["skip"] = [{"blank": True}, {"column": "Description", "matches": "^(Grand )?Total"}]
json.dump(m, open(sys.argv[2], "w"), indent=2)
PY
expect_exit 0 "$INVOICECTL" validate -m gskip.json g.csv
assert_contains "$TMPD/out" "rows: $rows read = $((rows - 1)) used + 1 skipped + 0 in error"
assert_not_contains "$TMPD/err" "skipped:"
expect_exit 0 "$INVOICECTL" validate -v -m gskip.json g.csv
assert_contains "$TMPD/err" "g.csv:$((rows + 1)): skipped: skip[1]: column 'Description' matches '^(Grand )?Total'"
import_csv 2 | sed 's/INV-/H-/' >h.csv
printf ',,,,,Grand Total,,,10.00\n' >>h.csv
expect_exit 0 "$INVOICECTL" import -v -m gskip.json --yes --results rh h.csv
assert_contains "$TMPD/err" "h.csv:$((rows + 1)): skipped: skip[1]: column 'Description' matches"
assert_eq "$rows $((rows - 1)) 1 0" "$(summary_get rh '" ".join(str(j["rows"][k]) for k in ("read", "used", "skipped", "error"))')" "summary.json rows"
assert_eq "$(printf 'H-000000\nH-000001')" "$(store_numbers | grep '^H-')" "H-* in the store"

note "fill_down: an Odoo-like export with the invoice columns on each invoice's first row only"
cat >odoo.csv <<'CSV'
Number,Partner ID,Due Date,Currency,Invoice lines/Product,Invoice lines/Label,Invoice lines/Quantity,Invoice lines/Unit Price
INV/2026/0001,1001,2026-11-30,USD,FURN_0096,Desk Organizer,2,10.00
,,,,FURN_0097,Desk Lamp,1,5.50
INV/2026/0002,1002,2026-12-15,USD,E-COM11,Cabinet with Doors,3,1.25
,,,,E-COM12,Conference Chair,1,2.00
,,,,E-COM13,Drawer Black,4,0.50
CSV
cat >odoo.json <<'JSON'
{
  "locale": { "date": "%Y-%m-%d", "timezone": "UTC" },
  "group_by": ["Number"],
  "fill_down": ["Number", "Partner ID", "Due Date", "Currency"],
  "invoice": {
    "invoiceNumber": "Number",
    "customerId": "Partner ID",
    "dueDate": { "column": "Due Date", "type": "date" },
    "currency": "Currency",
    "originalBalance": { "compute": "total" },
    "openBalance": { "compute": "total" }
  },
  "lineItems": {
    "sku": "Invoice lines/Product",
    "description": "Invoice lines/Label",
    "quantity": { "column": "Invoice lines/Quantity", "type": "decimal" },
    "unitPrice": { "column": "Invoice lines/Unit Price", "type": "money" }
  }
}
JSON
expect_exit 0 "$INVOICECTL" mapping check odoo.json odoo.csv
expect_exit 0 "$INVOICECTL" validate -m odoo.json odoo.csv
assert_contains "$TMPD/out" "rows: 5 read = 5 used + 0 skipped + 0 in error"
expect_exit 0 "$INVOICECTL" import -m odoo.json --yes --results ro odoo.csv
"$PY" - <<'PY' || fail "the store holds the Odoo invoices with every line"
import json, os, urllib.request
base = os.environ["INVOICECTL_API_URL"]
hdr = {"X-Auth-Token": os.environ["B2B_AUTH_TOKEN"], "X-Store-Hash": os.environ["B2B_STORE_HASH"]}
page = json.load(urllib.request.urlopen(urllib.request.Request(f"{base}/invoices?limit=250", headers=hdr)))
got = {i["invoiceNumber"]: i for i in page["data"] if i["invoiceNumber"].startswith("INV/")}
assert sorted(got) == ["INV/2026/0001", "INV/2026/0002"], sorted(got)
def detail(n):
    r = urllib.request.Request(f"{base}/invoices/{got[n]['id']}", headers=hdr)
    return json.load(urllib.request.urlopen(r))["data"]
a, b = detail("INV/2026/0001"), detail("INV/2026/0002")
assert a["customerId"] == "1001" and b["customerId"] == "1002", (a["customerId"], b["customerId"])
skus = lambda d: [l["sku"] for l in d["details"]["details"]["lineItems"]]
assert skus(a) == ["FURN_0096", "FURN_0097"], skus(a)
assert skus(b) == ["E-COM11", "E-COM12", "E-COM13"], skus(b)
assert a["originalBalance"]["value"] == "25.5000", a["originalBalance"]
assert b["originalBalance"]["value"] == "7.7500", b["originalBalance"]
PY

note "costLines.when and lineItems.when that can match the same row: a mapping error naming both"
"$PY" - <<'PY'
import json
m = json.load(open("map.json"))
m["costLines"] = {"when": {"column": "Description", "equals": ["Freight", "Tax"]},
                  "description": "Description", "amount": {"column": "Unit Price", "type": "money"}}
m["lineItems"]["when"] = {"column": "Description", "equals": ["Item", "Tax"]}
json.dump(m, open("overlap.json", "w"), indent=2)
m["lineItems"]["when"] = {"column": "SKU", "equals": ["SKU-0"]}
json.dump(m, open("apart.json", "w"), indent=2)
PY
expect_exit 2 "$INVOICECTL" mapping check overlap.json
assert_contains "$TMPD/err" "overlap.json: lineItems.when: matches the same rows as costLines.when (column 'Description' equals 'Tax' in both)"
expect_exit 2 "$INVOICECTL" validate -m overlap.json k.csv
printf 'Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight\nW-1,1001,2026-11-30,USD,SKU-0,Item,1,5.00,0\nW-1,1001,2026-11-30,USD,SKU-0,Freight,,2.00,0\n' >w.csv
expect_exit 0 "$INVOICECTL" mapping check apart.json w.csv
expect_exit 1 "$INVOICECTL" validate -m apart.json w.csv
assert_contains "$TMPD/err" "w.csv:3: error: column 'SKU', invoice W-1: the row matches both costLines.when (column 'Description' is 'Freight') and lineItems.when (column 'SKU' is 'SKU-0')"
expect_exit 1 "$INVOICECTL" import -m apart.json --yes --results rw w.csv
assert_eq "" "$(store_numbers | grep '^W-' || true)" "invoices sent with a row claimed twice"

note "a file whose every row is skipped says so (exit 1, nothing sent)"
printf 'Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight\n,,,,,,,,\n,,,,,Grand Total,,,0\n' >allskip.csv
expect_exit 1 "$INVOICECTL" validate -m gskip.json allskip.csv
assert_contains "$TMPD/err" "'allskip.csv' has a header but no data rows (all its rows are blank or skipped by a rule)"
assert_contains "$TMPD/out" "rows: 2 read = 0 used + 2 skipped + 0 in error"
expect_exit 1 "$INVOICECTL" import -m gskip.json --yes --results ra allskip.csv
assert_contains "$TMPD/err" "(all its rows are blank or skipped by a rule); nothing was sent"
