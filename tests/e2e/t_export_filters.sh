#!/usr/bin/env bash
# export's filters one by one: each result compared with filtering the API's full list here.  The API-side
# ones (status, customer, created dates, search) and the client-side ones (due dates, unpaid).
. "$ROOT/tests/e2e/lib.sh"
sandbox_start
AS_OF=2026-03-31
"$PY" "$ROOT/tests/e2e/t_export_seed.py" "$INVOICECTL_API_URL" "$AS_OF" "$TMPD/all.json" >/dev/null

# filter_check NAME PYTHON_PREDICATE EXPORT_OPTIONS...: the invoice ids exported must be exactly those of the
# full list for which the predicate (over invoice x) holds, in the API's order.
filter_check() {
    local name=$1 pred=$2; shift 2
    "$INVOICECTL" -q export -o "$TMPD/f.jsonl" --page-size 5 "$@" || fail "$name: export failed"
    "$PY" - "$TMPD/all.json" "$TMPD/f.jsonl" "$pred" "$name" <<'PYEOF' || fail "$name"
import datetime, json, sys
inv = json.load(open(sys.argv[1]))
got = [json.loads(l)["id"] for l in open(sys.argv[2])]
day = lambda t: datetime.datetime.fromtimestamp(t, datetime.timezone.utc).date()
D = datetime.date.fromisoformat
mid = lambda s: int(datetime.datetime.fromisoformat(s).replace(tzinfo=datetime.timezone.utc).timestamp())
pred = eval("lambda x: " + sys.argv[3])
want = [x["id"] for x in inv if pred(x)]
if sorted(got) != sorted(want) or len(got) != len(set(got)):
    sys.exit(f"{sys.argv[4]}: got {len(got)} {sorted(got)}\n want {len(want)} {sorted(want)}")
if len(want) == len(inv) and sys.argv[4] not in ("all", "status-all"):
    sys.exit(f"{sys.argv[4]}: the data should make this filter leave some out")
if not want and sys.argv[4] != "created-none":
    sys.exit(f"{sys.argv[4]}: the data should give a non-empty answer")
print(f"{sys.argv[4]}: {len(got)} ok")
PYEOF
}

filter_check all 'True'
filter_check status-open 'x["status"] == 0' --status open
filter_check status-partial 'x["status"] == 1' --status partial
filter_check status-completed 'x["status"] == 2' --status completed
filter_check status-unpaid 'x["status"] in (0, 1)' --status unpaid
filter_check status-all 'True' --status all
filter_check customer 'x["customerId"] == "102"' --customer 102
filter_check due-before 'x.get("dueDate") and day(x["dueDate"]) < D("2026-03-01")' --due-before 2026-03-01
filter_check due-after 'x.get("dueDate") and day(x["dueDate"]) > D("2026-03-01")' --due-after 2026-03-01
filter_check due-between 'x.get("dueDate") and D("2026-01-01") < day(x["dueDate"]) < D("2026-03-31")' \
    --due-after 2026-01-01 --due-before 2026-03-31
filter_check unpaid-and-due 'x["status"] in (0, 1) and x.get("dueDate") and day(x["dueDate"]) < D("2026-03-31")' \
    --status unpaid --due-before 2026-03-31
# Creation dates: the seed issued the invoices on 2025-12-01 .. 2025-12-05 (as_of - 120 .. - 116 days).
filter_check created-from "x[\"createdAt\"] >= mid(\"2025-12-03\")" --created-from 2025-12-03
filter_check created-to "x[\"createdAt\"] < mid(\"2025-12-03\")" --created-to 2025-12-02
filter_check created-range "mid(\"2025-12-02\") <= x[\"createdAt\"] < mid(\"2025-12-04\")" \
    --created-from 2025-12-02 --created-to 2025-12-03
filter_check created-none "x[\"createdAt\"] >= mid(\"2026-01-01\")" --created-from 2026-01-01
filter_check customer-and-status 'x["customerId"] == "101" and x["status"] == 0' --customer 101 --status open

# --search is the API's own keyword search: compare with the API's answer to the same query.
api GET '/invoices?searchBy=invoiceNumber&q=EXP-EUR&limit=250' >"$TMPD/search.json"
want=$(jget "$TMPD/search.json" 'sorted(x["id"] for x in j["data"])')
"$INVOICECTL" -q export -o "$TMPD/s.jsonl" --search EXP-EUR
got=$("$PY" -c 'import json,sys; print(sorted(json.loads(l)["id"] for l in open(sys.argv[1])))' "$TMPD/s.jsonl")
assert_eq "$want" "$got" "search"
[ "$got" != "[]" ] || fail "search should find the EUR invoices"
