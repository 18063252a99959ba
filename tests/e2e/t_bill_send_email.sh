# import --send-email: off by default (t_bill_import checks sendEmail false); asked for, BILL's create
# bodies carry processingOptions.sendEmail true, with a warning naming the emails before they go, and the
# refusal without --yes says so.  A target that cannot be asked per invoice (B2B Edition) refuses it.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"
cd "$TMPD"
import_mapping b2b.json
import_csv 2 >b.csv
expect_exit 2 "$INVOICECTL" import -m b2b.json --yes --send-email --results rb b.csv
assert_contains "$TMPD/err" "--send-email: BigCommerce B2B Edition cannot be asked to email the customer per invoice"
assert_contains "$TMPD/err" "nothing was sent"

bill_start --record-requests "$TMPD/req.jsonl"
bill_client_env
bill_mapping map.json
bill_csv 3 >a.csv
note "without --yes: the refusal names the emails"
expect_exit 2 "$INVOICECTL" import -m map.json --send-email --results r0 a.csv
assert_contains "$TMPD/err" "--send-email: BILL emails the customer each invoice created (3 emails)"
assert_eq 0 "$(bill_writes req.jsonl)" "writes"

note "with --yes: a warning, and every create asks BILL for the email"
expect_exit 0 "$INVOICECTL" import -m map.json --yes --send-email --results r1 a.csv
assert_contains "$TMPD/err" "warning: --send-email: BILL emails the customer each invoice created (3 emails)"
"$PY" - req.jsonl <<'PY' || fail "a create did not ask for the email"
import json, sys
n = 0
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["method"] == "POST" and r["path"] == "/v3/invoices":
        assert r["body"]["processingOptions"] == {"sendEmail": True}, r["body"]
        n += 1
assert n == 3, n
PY
