#!/usr/bin/env bash
# Amounts beyond what B2B Edition keeps exactly (99,999,999,999.9999: its balances travel as JSON numbers,
# read as doubles) are refused before anything is sent, with the limit in the message; an amount at the
# limit is created, stored exactly, and the next import finds it unchanged (compared at 4 decimals).
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
sandbox_start
cd "$TMPD"
import_mapping map.json
cat >a.csv <<'CSV'
Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight
BIG-1,7,2026-11-30,USD,A,At the limit,1,99999999999.9999,0
BIG-2,7,2026-11-30,USD,A,Beyond it,1,12345678901234.5678,0
CSV
expect_exit 1 "$INVOICECTL" import -m map.json --yes --results r1 a.csv
assert_contains "$TMPD/err" "nothing was sent"
assert_eq "" "$(store_numbers)" "the store before --skip-invalid"
expect_exit 1 "$INVOICECTL" import -m map.json --yes --skip-invalid --results r1 a.csv
assert_contains "$TMPD/err" "'12345678901234.5678' is more than bigcommerce-b2b keeps exactly (amounts up to 99999999999.9999)"
assert_eq 1 "$(summary_get r1 'j["counts"]["created"]')" "created"
assert_eq "BIG-1" "$(store_numbers)" "the store"
"$PY" - <<'PY' || fail "the amount at the limit is stored exactly"
import json, os, urllib.request
hdr = {"X-Auth-Token": os.environ["B2B_AUTH_TOKEN"], "X-Store-Hash": os.environ["B2B_STORE_HASH"]}
page = json.load(urllib.request.urlopen(urllib.request.Request(os.environ["INVOICECTL_API_URL"] + "/invoices", headers=hdr)))
inv = page["data"][0]
assert inv["originalBalance"]["value"] == "99999999999.9999", inv["originalBalance"]
assert inv["openBalance"]["value"] == "99999999999.9999", inv["openBalance"]
PY

note "the next import: unchanged, nothing sent"
expect_exit 1 "$INVOICECTL" import -m map.json --dry-run --skip-invalid --results r2 a.csv
assert_eq 1 "$(jget r2/plan.json 'j["counts"]["unchanged"]')" "unchanged"
assert_eq 0 "$(jget r2/plan.json 'j["counts"]["update"]')" "updates"
echo "import amount limit: ok"
