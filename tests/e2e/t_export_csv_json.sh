#!/usr/bin/env bash
# CSV (RFC 4180, UTF-8, formula neutralisation of text cells only, exact amounts), CSV on standard output,
# and JSON / JSON Lines in the API's own shape.
. "$ROOT/tests/e2e/lib.sh"
sandbox_start
AS_OF=2026-03-31
"$PY" "$ROOT/tests/e2e/t_export_seed.py" "$INVOICECTL_API_URL" "$AS_OF" "$TMPD/all.json" >/dev/null

expect_exit 0 "$INVOICECTL" export -o "$TMPD/out.csv" --as-of "$AS_OF" --page-size 4
"$INVOICECTL" -q export --as-of "$AS_OF" >"$TMPD/stdout.csv"
cmp "$TMPD/out.csv" "$TMPD/stdout.csv" || fail "'-' should write the same CSV to standard output"
"$INVOICECTL" -q export -o "$TMPD/raw.csv" --as-of "$AS_OF" --no-neutralise

"$PY" - "$TMPD/all.json" "$TMPD/out.csv" "$TMPD/raw.csv" "$AS_OF" <<'PYEOF'
import csv, datetime, json, sys
from decimal import Decimal
inv = {x["invoiceNumber"]: x for x in json.load(open(sys.argv[1]))}
data = open(sys.argv[2], "rb").read()
assert data.count(b"\r\n") >= len(inv) + 1, "CRLF line ends"
data.decode("utf-8")
rows = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8")))
raw = list(csv.reader(open(sys.argv[3], newline="", encoding="utf-8")))
as_of = datetime.date.fromisoformat(sys.argv[4])
assert rows[0] == ["Invoice Number", "ID", "Customer ID", "Customer Name", "Status", "PO Number", "Order Number",
                   "Issued", "Due", "Days Past Due", "Currency", "Original Balance", "Open Balance", "External ID"], rows[0]
assert len(rows) == len(inv) + 1, len(rows)
DEC = {"USD": 2, "EUR": 2, "JPY": 0}
day = lambda t: datetime.datetime.fromtimestamp(t, datetime.timezone.utc).date().isoformat()
neutralised = 0
for r, rr in zip(rows[1:], raw[1:]):
    x = inv[r[0]]
    po = x.get("purchaseOrderNumber") or ""
    assert rr[5] == po, (rr[5], po)
    if po[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert r[5] == "'" + po, f"{r[0]}: PO {r[5]!r} not neutralised"
        neutralised += 1
    else:
        assert r[5] == po, (r[5], po)
    cur = x["openBalance"]["code"]
    for col, key in ((11, "originalBalance"), (12, "openBalance")):
        v = Decimal(x[key]["value"])
        assert Decimal(r[col]) == v, (r[0], key, r[col], v)
        places = len(r[col].split(".")[1]) if "." in r[col] else 0
        assert places >= DEC[cur], (r[0], r[col])
        assert not r[col].startswith("'"), "numbers are never neutralised"
    assert r[7] == day(x.get("issuedAt") or x["createdAt"]), (r[7],)
    assert r[8] == (day(x["dueDate"]) if x.get("dueDate") else ""), (r[8],)
    if x["status"] == 2 or not x.get("dueDate"):
        assert r[9] == "", r[9]
    else:
        assert int(r[9]) == max(0, (as_of - datetime.date.fromisoformat(r[8])).days), r[9]
    assert r[4] == {0: "open", 1: "partially paid", 2: "completed"}[x["status"]]
assert neutralised >= 3, neutralised
print("csv ok")
PYEOF

# JSON: an array of the API's own objects, unchanged; JSON Lines: one per line.
expect_exit 0 "$INVOICECTL" export -o "$TMPD/out.json" --page-size 6
expect_exit 0 "$INVOICECTL" export -o "$TMPD/out.jsonl"
"$INVOICECTL" -q export -o - --format jsonl >"$TMPD/stdout.jsonl"
cmp "$TMPD/out.jsonl" "$TMPD/stdout.jsonl" || fail "--format jsonl on standard output differs"
"$PY" - "$TMPD/all.json" "$TMPD/out.json" "$TMPD/out.jsonl" <<'PYEOF'
import json, sys
full = json.load(open(sys.argv[1]))
arr = json.load(open(sys.argv[2]))
# Export lists oldest first (createdAt ascending), so that invoices created meanwhile do not shift pages.
by_id = lambda xs: sorted(xs, key=lambda x: x["id"])
assert isinstance(arr, list) and by_id(arr) == by_id(full), "JSON array differs from the API's list"
assert [x["createdAt"] for x in arr] == sorted(x["createdAt"] for x in arr), "not oldest first"
lines = open(sys.argv[3]).read().split("\n")
assert lines[-1] == "" and len(lines) == len(full) + 1, len(lines)
assert [json.loads(l) for l in lines[:-1]] == arr, "JSON Lines differ from the JSON array"
print("json ok")
PYEOF

# An empty result is still a valid file.
expect_exit 0 "$INVOICECTL" export -o "$TMPD/none.json" --customer no-such-customer
assert_eq "[]" "$(cat "$TMPD/none.json")" "empty JSON"
expect_exit 0 "$INVOICECTL" export -o "$TMPD/none.csv" --customer no-such-customer
assert_eq 1 "$(wc -l <"$TMPD/none.csv")" "empty CSV has the header only"
