#!/usr/bin/env bash
# `invoicectl mapping init` and `mapping check`: starting a mapping from a header, refusing to overwrite,
# refusing an unfinished one, and checking a mapping against a file.
. "$ROOT/tests/e2e/lib.sh"
cd "$ROOT"

# --- help and usage ---
expect_exit 0 "$INVOICECTL" mapping --help
assert_contains "$TMPD/out" "usage: invoicectl mapping init FILE [-o MAP.json]"
expect_exit 0 "$INVOICECTL" help mapping
assert_contains "$TMPD/out" "invoicectl mapping check MAP [FILE] [--sheet NAME]"
expect_exit 2 "$INVOICECTL" mapping
assert_contains "$TMPD/err" "usage: invoicectl mapping"
expect_exit 2 "$INVOICECTL" mapping frobnicate
assert_contains "$TMPD/err" "'frobnicate' is not a mapping command"
expect_exit 2 "$INVOICECTL" mapping init
assert_contains "$TMPD/err" "init needs a CSV file"
expect_exit 2 "$INVOICECTL" mapping check
assert_contains "$TMPD/err" "check needs a mapping file"
expect_exit 2 "$INVOICECTL" mapping init samples/invoices.csv --bogus
assert_contains "$TMPD/err" "unknown option '--bogus'"

# --- check: the samples' mappings fit their files ---
expect_exit 0 "$INVOICECTL" mapping check samples/invoices.map.json
assert_eq "mapping 'samples/invoices.map.json' is valid" "$(cat "$TMPD/out")"
expect_exit 0 "$INVOICECTL" mapping check samples/invoices.map.json samples/invoices.csv
assert_eq "mapping 'samples/invoices.map.json' is valid for 'samples/invoices.csv' (14 columns used of 14)" \
    "$(cat "$TMPD/out")"
expect_exit 0 "$INVOICECTL" mapping check samples/costlines-as-rows.map.json samples/costlines-as-rows.csv
# "Amount" is read only by cost rows and "Price" only by item rows: all 13 columns are used.
assert_eq "mapping 'samples/costlines-as-rows.map.json' is valid for 'samples/costlines-as-rows.csv' (13 columns used of 13)" \
    "$(cat "$TMPD/out")"
for s in european broken; do
    expect_exit 0 "$INVOICECTL" mapping check "samples/$s.map.json" "samples/$s.csv"
    assert_contains "$TMPD/out" "is valid for 'samples/$s.csv'"
done

# A column the file does not have: exit 2, the JSON path, the nearest header names.
sed 's/"Due Date"/"Due date"/' samples/invoices.map.json >"$TMPD/typo.json"
expect_exit 0 "$INVOICECTL" mapping check "$TMPD/typo.json"
expect_exit 2 "$INVOICECTL" mapping check "$TMPD/typo.json" samples/invoices.csv
assert_contains "$TMPD/err" "invoice.dueDate"
assert_contains "$TMPD/err" "'Due date'"
assert_contains "$TMPD/err" "'Due Date'"
# A mapping that is not valid on its own.
printf '{ "target": "bigcommerce-b2b",\n  "invoice": { "invoiceNumber": "A", }\n}\n' >"$TMPD/syntax.json"
expect_exit 2 "$INVOICECTL" mapping check "$TMPD/syntax.json"
assert_contains "$TMPD/err" "syntax.json:2:"
# A file that cannot be read: exit 3.
expect_exit 3 "$INVOICECTL" mapping check samples/invoices.map.json "$TMPD/nope.csv"
assert_contains "$TMPD/err" "nope.csv"
expect_exit 3 "$INVOICECTL" mapping check "$TMPD/nope.json"
assert_contains "$TMPD/err" "nope.json"

# --- init ---
expect_exit 0 "$INVOICECTL" mapping init samples/invoices.csv
"$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMPD/out" || fail "init wrote no valid JSON"
cp "$TMPD/out" "$TMPD/init-stdout.json"
assert_contains "$TMPD/out" '"Invoice Number"'
assert_contains "$TMPD/out" '"Unit Price"'

# -o writes the file (the same text as standard output) and refuses to overwrite it without --force.
expect_exit 0 "$INVOICECTL" mapping init samples/invoices.csv -o "$TMPD/start.json"
cmp "$TMPD/start.json" "$TMPD/init-stdout.json" || fail "init -o differs from init to stdout"
assert_contains "$TMPD/err" "mapping check $TMPD/start.json samples/invoices.csv"
echo "keep me" >"$TMPD/existing.json"
expect_exit 2 "$INVOICECTL" mapping init samples/invoices.csv -o "$TMPD/existing.json"
assert_contains "$TMPD/err" "'$TMPD/existing.json' already exists; use --force"
assert_eq "keep me" "$(cat "$TMPD/existing.json")" "the existing file is untouched"
expect_exit 0 "$INVOICECTL" mapping init samples/invoices.csv -o "$TMPD/existing.json" --force
cmp "$TMPD/existing.json" "$TMPD/init-stdout.json" || fail "--force did not overwrite"
# A complete starter mapping is not said to have anything marked "_todo".
assert_contains "$TMPD/err" "wrote '$TMPD/existing.json'; review it, then run 'invoicectl mapping check"
assert_not_contains "$TMPD/err" "_todo"

# A header init cannot place: the result is marked "_todo", and check and validate refuse it.
printf 'Doc,Cust,Thing,Widget Count,Cost Each\nA-1,1236,x,2,3.50\n' >"$TMPD/odd.csv"
expect_exit 0 "$INVOICECTL" mapping init "$TMPD/odd.csv" -o "$TMPD/odd.json"
assert_contains "$TMPD/odd.json" '"_todo"'
assert_contains "$TMPD/err" 'fill in what is marked "_todo" and delete that list'
expect_exit 2 "$INVOICECTL" mapping check "$TMPD/odd.json" "$TMPD/odd.csv"
assert_contains "$TMPD/err" "_todo"
expect_exit 2 "$INVOICECTL" validate -m "$TMPD/odd.json" "$TMPD/odd.csv"
assert_contains "$TMPD/err" "_todo"

# mapping check lists every independent error of a hand-written mapping, one line each, not only the first.
"$PY" - samples/invoices.map.json "$TMPD/several.json" <<'PYEOF'
import json, sys
m = json.load(open(sys.argv[1]))
m["locale"]["date"] = "%d/%m"
m["invoice"]["dueDate"]["type"] = "Date"
m["lineItems"]["quantity"] = {"column": "Quantity", "type": "decimal", "optional": "yes"}
m["lineItems"]["unitPrice"]["column"] = "Unit price"
json.dump(m, open(sys.argv[2], "w"), indent=2)
PYEOF
expect_exit 2 "$INVOICECTL" mapping check "$TMPD/several.json" samples/invoices.csv
assert_contains "$TMPD/err" "several.json: locale.date: '%d/%m' has no year"
assert_contains "$TMPD/err" "several.json: invoice.dueDate.type: unknown type 'Date'; did you mean 'date'?"
assert_contains "$TMPD/err" "several.json: lineItems.quantity.optional: expected true or false"
assert_eq 3 "$(grep -c '^invoicectl: error: ' "$TMPD/err")" "one line per error"
# Once the mapping loads, every column the file lacks is listed, each with its nearest names.
"$PY" - "$TMPD/several.json" <<'PYEOF'
import json, sys
m = json.load(open(sys.argv[1]))
m["locale"]["date"] = "%Y-%m-%d"
m["invoice"]["dueDate"]["type"] = "date"
del m["lineItems"]["quantity"]["optional"]
m["lineItems"]["sku"] = "Sku"
json.dump(m, open(sys.argv[1], "w"), indent=2)
PYEOF
expect_exit 2 "$INVOICECTL" mapping check "$TMPD/several.json" samples/invoices.csv
assert_contains "$TMPD/err" "lineItems.sku: no column 'Sku' in 'samples/invoices.csv'; nearest: 'SKU'"
assert_contains "$TMPD/err" "lineItems.unitPrice.column: no column 'Unit price' in 'samples/invoices.csv'; nearest: 'Unit Price'"
assert_eq 2 "$(grep -c '^invoicectl: error: ' "$TMPD/err")" "one line per unknown column"

# A missing CSV: exit 3 and no output file left behind.
expect_exit 3 "$INVOICECTL" mapping init "$TMPD/missing.csv" -o "$TMPD/never.json"
assert_contains "$TMPD/err" "missing.csv"
[ ! -e "$TMPD/never.json" ] || fail "init left a file behind after failing"
