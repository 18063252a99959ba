#!/usr/bin/env bash
# Hostile input stays within linear time and memory: a very wide header, a header past the column
# limit, a template that would expand a row many times over (docs/mapping.md, "Limits").
. "$ROOT/tests/e2e/lib.sh"
cd "$ROOT"

# wide N FILE: the sample's 14 columns, then filler columns up to N, and one data row.
wide() {
    "$PY" - "$1" "$2" <<'EOF'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
head = open("samples/invoices.csv").readline().rstrip("\n").split(",")
digits = "0123456789abcdefghijklmnopqrstuvwxyz"
def name(i):  # four characters, so that 200,000 names fit in one 1 MiB record
    s = ""
    for _ in range(4):
        s, i = digits[i % 36] + s, i // 36
    return s
cols = head + [name(i) for i in range(n - len(head))]
with open(path, "w") as f:
    f.write(",".join(cols) + "\n")
    f.write(",".join(["x"] * len(cols)) + "\n")
EOF
}

# --- 100,000 columns: checked in linear time (it was quadratic: 15 s) ---
wide 100000 "$TMPD/wide.csv"
SECONDS=0
expect_exit 0 timeout 20 "$INVOICECTL" mapping check samples/invoices.map.json "$TMPD/wide.csv"
assert_contains "$TMPD/out" "(14 columns used of 100000)"
[ "$SECONDS" -le 5 ] || fail "mapping check of 100,000 columns took ${SECONDS}s"

# A repeated name among them is still found, naming both columns.
sed -i '1s/,0000,/,Freight,/' "$TMPD/wide.csv"
expect_exit 2 timeout 20 "$INVOICECTL" mapping check samples/invoices.map.json "$TMPD/wide.csv"
assert_contains "$TMPD/err" "wide.csv:1: columns 11 and 15 are both named 'Freight'"

# --- past the limit: refused at once, with the number ---
wide 200000 "$TMPD/wider.csv"
SECONDS=0
expect_exit 2 timeout 20 "$INVOICECTL" mapping check samples/invoices.map.json "$TMPD/wider.csv"
assert_contains "$TMPD/err" "wider.csv: the header has 200000 columns; at most 100000 are supported"
[ "$SECONDS" -le 5 ] || fail "refusing 200,000 columns took ${SECONDS}s"
expect_exit 2 timeout 20 "$INVOICECTL" validate -m samples/invoices.map.json "$TMPD/wider.csv"
assert_contains "$TMPD/err" "the header has 200000 columns; at most 100000 are supported"

# --- templates at their limit: 4 line-item fields of 64 columns each read 258 row-level columns ---
"$PY" - "$TMPD" <<'EOF'
import json, sys
d = sys.argv[1]
m = json.load(open("samples/invoices.map.json"))
cols = ["c%d" % i for i in range(256)]
for k, f in enumerate(["sku", "description", "comments", "type"]):
    m["lineItems"][f] = {"template": "".join("{%s}" % c for c in cols[k * 64:(k + 1) * 64])}
json.dump(m, open(d + "/many.map.json", "w"))
lines = open("samples/invoices.csv").read().splitlines()
out = [lines[0] + "," + ",".join(cols)]
for l in lines[1:4]:
    out.append(l + "," + ",".join("v%d" % i for i in range(256)))
open(d + "/many.csv", "w").write("\n".join(out) + "\n")
EOF
expect_exit 0 "$INVOICECTL" validate -m "$TMPD/many.map.json" "$TMPD/many.csv"
# --emit builds each invoice from the packed row values: every column must come back, not only the
# first 256.
expect_exit 0 "$INVOICECTL" validate -m "$TMPD/many.map.json" --emit "$TMPD/many.jsonl" "$TMPD/many.csv"
want=$(printf 'v%d' $(seq 192 255))
"$PY" - "$TMPD/many.jsonl" "$want" <<'EOF'
import json, sys
items = [li for l in open(sys.argv[1]) for li in json.loads(l)["details"]["details"]["lineItems"]]
assert len(items) == 3, items
for li in items:
    assert li["type"] == sys.argv[2], li["type"][-40:]
EOF

# One more column is a mapping error, before any row is read.
sed 's/{c0}/{c0}{c1}/' "$TMPD/many.map.json" >"$TMPD/toomany.map.json"
expect_exit 2 "$INVOICECTL" mapping check "$TMPD/toomany.map.json"
assert_contains "$TMPD/err" "lineItems.sku.template: 65 placeholders; a template may name at most 64 columns"

# --- a mapping with 200,000 keys (a large lookup table, many comments) loads in linear time ---
"$PY" - "$TMPD" <<'EOF'
import json, sys
d = sys.argv[1]
m = json.load(open("samples/invoices.map.json"))
table = {"code %d" % i: 0 for i in range(100000)}
table["PO-4471"] = 2
m["invoice"]["status"] = {"column": "PO Number", "map": table}
for i in range(100000):
    m["_c%d" % i] = i
json.dump(m, open(d + "/bigmap.json", "w"))
EOF
SECONDS=0
expect_exit 0 timeout 60 "$INVOICECTL" mapping check "$TMPD/bigmap.json" samples/invoices.csv
[ "$SECONDS" -le 5 ] || fail "mapping check of a 200,000-key mapping took ${SECONDS}s"
# The table is used by key: PO-4471 gives status 2, the other rows' numbers are not in it.
expect_exit 1 "$INVOICECTL" validate -m "$TMPD/bigmap.json" --emit "$TMPD/big.jsonl" samples/invoices.csv
assert_contains "$TMPD/err" "status: 'PO-4480' is not in the map; expected 'code 0', 'code 1'"
assert_eq 2 "$("$PY" -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["status"])' "$TMPD/big.jsonl")"

# --- a mapping file of up to 64 MiB is read; one byte more is refused before parsing ---
"$PY" - "$TMPD" <<'EOF'
import sys
d = sys.argv[1]
text = open("samples/invoices.map.json", "rb").read().rstrip()
limit = 64 << 20
with open(d + "/at-limit.json", "wb") as f:
    f.write(text + b" " * (limit - len(text)))
with open(d + "/over-limit.json", "wb") as f:
    f.write(text + b" " * (limit + 1 - len(text)))
EOF
expect_exit 0 "$INVOICECTL" mapping check "$TMPD/at-limit.json"
expect_exit 2 "$INVOICECTL" mapping check "$TMPD/over-limit.json"
assert_contains "$TMPD/err" "over-limit.json' is too large for a mapping file (more than 64 MiB)"
rm -f "$TMPD/at-limit.json" "$TMPD/over-limit.json"

echo "mapping limits: ok"
