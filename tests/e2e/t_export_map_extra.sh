#!/usr/bin/env bash
# export --map with a mapping that reads extra fields: the API lists them only when asked
# (isIncludeExtraFields=1), so the export must ask, write them back in their column, and the file must read
# back through `import --dry-run` as every invoice unchanged.
. "$ROOT/tests/e2e/lib.sh"
sandbox_start
cd "$TMPD"
# The sample with a "Region" column, the same on every row of an invoice (it is invoice-level).
"$PY" - "$ROOT/samples/invoices.csv" in.csv <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
regions = ["North", "South", "East", "West"]
keys = {}
out = csv.writer(open(sys.argv[2], "w", newline=""))
out.writerow(rows[0] + ["Region"])
for r in rows[1:]:
    keys.setdefault(r[0], regions[len(keys) % 4])
    out.writerow(r + [keys[r[0]]])
PYEOF
"$PY" - "$ROOT/samples/invoices.map.json" map.json <<'PYEOF'
import json, sys
m = json.load(open(sys.argv[1]))
m["invoice"]["extraFields"] = {"Region": "Region"}
json.dump(m, open(sys.argv[2], "w"), indent=2)
PYEOF
expect_exit 0 "$INVOICECTL" import -m map.json -y --results r1 in.csv
n=$(api GET '/invoices?limit=1' | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["meta"]["pagination"]["totalCount"])')
[ "$n" -gt 0 ] || fail "the import created nothing"

expect_exit 0 "$INVOICECTL" export --map map.json -o rt.csv --page-size 5
# Every invoice's region is back in its column, on each of its rows.
"$PY" - in.csv rt.csv <<'PYEOF'
import csv, sys
def regions(path):
    got = {}
    for r in csv.DictReader(open(path, newline="")):
        got.setdefault(r["Invoice Number"], set()).add(r["Region"])
    return got
want, got = regions(sys.argv[1]), regions(sys.argv[2])
if want != got:
    sys.exit(f"regions differ:\n want {sorted(want.items())}\n got  {sorted(got.items())}")
PYEOF

expect_exit 0 "$INVOICECTL" import -m map.json --dry-run --results r2 rt.csv
"$PY" - r2/plan.json "$n" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1]))
got = {k: p["counts"][k] for k in ("create", "update", "unchanged", "invalid", "refused")}
want = {"create": 0, "update": 0, "unchanged": int(sys.argv[2]), "invalid": 0, "refused": 0}
if got != want:
    sys.exit(f"round trip with extra fields: planned {got}; want {want}")
PYEOF
