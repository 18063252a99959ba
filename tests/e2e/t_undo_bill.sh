# invoicectl undo against BILL (--api bill-v3), which has no delete: the invoices the run created are archived
# (POST /v3/invoices/{id}/archive, once each), those it updated are put back (a line the run replaced comes
# back with a new id: BILL has no way to revive the old one); a second undo does nothing.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"
. "$ROOT/tests/e2e/undo_helpers.sh"
bill_start --record-requests "$TMPD/rec.jsonl"
bill_client_env
cd "$TMPD"
bill_mapping map.json
bill_csv 10 >seed.csv
bill_csv 15 2 >run.csv # BI-0 and BI-7 updated, BI-10..14 created
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results seed seed.csv
bill_store before.json
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results r1 run.csv
assert_eq 5 "$(summary_get r1 'j["counts"]["created"]')" "created"
assert_eq 2 "$(summary_get r1 'j["counts"]["updated"]')" "updated"

expect_exit 0 "$INVOICECTL" undo --dry-run r1
assert_contains out "archive    BI-000010"
assert_contains out "restore    BI-000007"
assert_contains err "5 to archive, 2 to restore, 0 refused"
expect_exit 2 "$INVOICECTL" undo r1 </dev/null
assert_contains err "refusing to archive 5 invoices and restore 2 without confirmation"

m=$(rec_mark rec.jsonl)
expect_exit 0 "$INVOICECTL" undo --yes --results u1 r1
assert_contains err "archived 5, restored 2"
assert_eq 5 "$(rec_count rec.jsonl POST /v3/invoices/ "$m")" "archive requests"
assert_eq 1 "$(rec_max_per_path rec.jsonl POST "$m")" "archive requests per invoice (sign-ins aside)"
bill_store after.json
"$PY" - before.json after.json <<'PY'
import json, sys
before, after = (json.load(open(f)) for f in sys.argv[1:])
def clean(o):
    if isinstance(o, dict):
        # a line the run replaced comes back as a new line: BILL gives it a new id
        return {k: clean(v) for k, v in o.items() if k not in ("updatedTime", "updatedAt") and not (k == "id" and "amount" in o)}
    if isinstance(o, list):
        return [clean(v) for v in o]
    return o
b = {i["invoiceNumber"]: clean(i) for i in before}
a = {i["invoiceNumber"]: clean(i) for i in after}
for n in a:
    if n in b:
        assert a[n] == b[n], f"{n}: {json.dumps(b[n])}\n!=\n{json.dumps(a[n])}"
    else:
        assert a[n]["archived"] is True and a[n]["recordStatus"] == "INACTIVE", f"{n} is not archived"
assert set(a) - set(b) == {f"BI-{i:06d}" for i in range(10, 15)}, sorted(set(a) - set(b))
PY

m=$(rec_mark rec.jsonl)
expect_exit 0 "$INVOICECTL" undo --yes --results u2 r1
assert_eq 0 "$(rec_count rec.jsonl POST /v3/invoices/ "$m")" "archive requests of the second undo"
assert_eq 0 "$(rec_count rec.jsonl PUT /v3/invoices/ "$m")" "PUTs of the second undo"
