#!/usr/bin/env bash
# export --map writes the file the mapping reads, for every sample: each sample is imported into its own
# sandbox, exported with --map, and the exported file imported back with the same mapping plans nothing
# (0 to create, 0 to update, nothing invalid).  The bytes are checked too: the mapping's encoding
# (windows-1252 stays windows-1252), its delimiter, and amounts in its decimal separator, never neutralised
# as formulas (a credit line of -25,29 stays -25,29), while a text cell that starts with = + - @ still is.
. "$ROOT/tests/e2e/lib.sh"
cd "$TMPD"

# The European sample with one more invoice: a credit line (a negative price) and characters windows-1252
# has beyond latin-1 ("€", "–").
"$PY" - "$ROOT/samples/european.csv" european.csv <<'PYEOF'
import sys
data = open(sys.argv[1], "rb").read()
row = ("RE-2026-0899;1301;09.10.2026;08.11.2026;;ART-9001;Gutschrift – 25 € Rabatt;1;-25,29;0,00;0,00;"
       "Königstraße 12;70173;Stuttgart;DE\r\n"
       "RE-2026-0899;1301;09.10.2026;08.11.2026;;ART-9002;Rücksendung;2;100,00;0,00;0,00;"
       "Königstraße 12;70173;Stuttgart;DE\r\n")
open(sys.argv[2], "wb").write(data + row.encode("cp1252"))
PYEOF

# roundtrip NAME CSV: import, export --map, import the export back (dry run) and check its plan.
roundtrip() {
    local name=$1 csv=$2 map=$ROOT/samples/$1.map.json
    note "$name"
    mkdir "$name"
    sandbox_start
    expect_exit 0 "$INVOICECTL" import -m "$map" -y --results "$name/r1" "$csv"
    local n
    n=$(api GET '/invoices?limit=1' | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["meta"]["pagination"]["totalCount"])')
    [ "$n" -gt 0 ] || fail "$name: the import created nothing"
    # No --timezone and a machine in another zone: the mapping's zone is the one written.
    TZ=Pacific/Kiritimati expect_exit 0 "$INVOICECTL" export --map "$map" -o "$name/rt.csv"
    expect_exit 0 "$INVOICECTL" import -m "$map" --dry-run --results "$name/r2" "$name/rt.csv"
    "$PY" - "$name/r2/plan.json" "$n" "$name" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1]))
got = {k: p["counts"][k] for k in ("create", "update", "unchanged", "invalid", "refused")}
want = {"create": 0, "update": 0, "unchanged": int(sys.argv[2]), "invalid": 0, "refused": 0}
if got != want:
    sys.exit(f"{sys.argv[3]}: the round trip planned {got}; want {want}")
PYEOF
    sandbox_stop
}

# check_bytes NAME: the exported file in the mapping's encoding, delimiter and decimal separator.
check_bytes() {
    "$PY" - "$ROOT/samples/$1.map.json" "$1/rt.csv" "$1" <<'PYEOF'
import csv, io, json, re, sys
m = json.load(open(sys.argv[1]))
raw = open(sys.argv[2], "rb").read()
name = sys.argv[3]
enc = {"utf-8": "utf-8", "windows-1252": "cp1252"}[m["csv"]["encoding"]]
delim, dec = m["csv"]["delimiter"], m["locale"]["decimal"]
errors = []
try:
    text = raw.decode(enc)
except UnicodeDecodeError as e:
    sys.exit(f"{name}: not {enc}: {e}")
if enc != "utf-8":
    try:
        raw.decode("utf-8")
        if any(b >= 0x80 for b in raw):
            errors.append("the file is UTF-8, not " + enc)
    except UnicodeDecodeError:
        pass
rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
head, body = rows[0], rows[1:]
if any(len(r) != len(head) for r in body):
    errors.append(f"rows do not all have {len(head)} fields split on {delim!r}")
# Every amount column: digits in the mapping's decimal separator, an optional minus, no apostrophe.
money = set()
def walk(o):
    if isinstance(o, dict):
        if o.get("type") in ("money", "decimal") and "column" in o:
            money.add(o["column"])
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(m)
num = re.compile(r"^-?[0-9]+(" + re.escape(dec) + r"[0-9]+)?$")
for col in sorted(money & set(head)):
    i = head.index(col)
    for r in body:
        if r[i] and not num.match(r[i]):
            errors.append(f"column {col!r}: {r[i]!r} is not a number written with {dec!r}")
print(f"{name}: {len(body)} rows, {len(head)} columns, amounts in {sorted(money & set(head))}")
if errors:
    sys.exit(f"{name}: " + "\n".join(errors[:10]))
PYEOF
}

roundtrip invoices "$ROOT/samples/invoices.csv"
check_bytes invoices
roundtrip costlines-as-rows "$ROOT/samples/costlines-as-rows.csv"
check_bytes costlines-as-rows
roundtrip european "$TMPD/european.csv"
check_bytes european
# The European file, byte for byte where it matters: windows-1252 names and texts, ';', the credit line.
grep -q $'^Rechnungsnr\\.;Kundennr\\.;.*;F\xe4llig am;' european/rt.csv || fail "the header is not windows-1252"
grep -q $';Gutschrift \x96 25 \x80 Rabatt;1;-25,29' european/rt.csv || fail "the credit line is not written as read"
grep -q $'\r$' european/rt.csv || fail "lines should end in CRLF"
# Its dates are the mapping's format in its zone (Europe/Berlin), whatever the machine's zone.
grep -q ';05\.10\.2026;04\.11\.2026;' european/rt.csv || fail "dates are not the days the file said"

note "a text that starts with '-' is still neutralised; the amounts beside it are not"
sandbox_start
expect_exit 0 "$INVOICECTL" import -m "$ROOT/samples/european.map.json" -y --results r3 "$TMPD/european.csv"
id=$(api GET '/invoices?limit=1' | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')
num=$(api GET "/invoices/$id" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["data"]["invoiceNumber"])')
api PUT "/invoices/$id" '{"purchaseOrderNumber": "-Rücksendung"}' >/dev/null
assert_eq 200 "$(cat "$TMPD/status")" "PUT status"
expect_exit 0 "$INVOICECTL" export --map "$ROOT/samples/european.map.json" -o neut.csv
grep -q "^$num;[0-9]*;'-R"$'\xfc'"cksendung;" neut.csv || { cat neut.csv; fail "a text starting with '-' must be neutralised"; }
grep -q $';Gutschrift \x96 25 \x80 Rabatt;1;-25,29' neut.csv || fail "the credit line's amount was neutralised"

note "a character the mapping's encoding has no byte for is an error naming it, nothing written"
api PUT "/invoices/$id" '{"purchaseOrderNumber": "Łódź-1"}' >/dev/null
assert_eq 200 "$(cat "$TMPD/status")" "PUT status"
expect_exit 2 "$INVOICECTL" export --map "$ROOT/samples/european.map.json" -o bad.csv
assert_contains "$TMPD/err" "invoice '$num': 'Ł' in column 'Bestellnr.' cannot be written in windows-1252 (the mapping's csv.encoding)"
[ ! -e bad.csv ] || fail "a file was written"
echo ok
