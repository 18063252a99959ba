# Helpers for the pay tests (t_pay_*.sh): the sample invoices imported, and readers of the sandbox's
# payments and balances.  Source after lib.sh, with a sandbox started.

# pay_seed: imports samples/invoices.csv (12 invoices, USD and one CAD) into the sandbox.
pay_seed() {
    "$INVOICECTL" import -q -m "$ROOT/samples/invoices.map.json" --yes --results seed \
        --journal seed.journal "$ROOT/samples/invoices.csv" || fail "importing the sample invoices"
}
# store_payments: every payment the sandbox holds, one line each: "externalId invoiceNumber amount".  Pages
# are asked again when a fault is injected.
store_payments() {
    "$PY" - <<'PY'
import json, os, time, urllib.request
base = os.environ["INVOICECTL_API_URL"]
hdr = {"X-Auth-Token": os.environ["B2B_AUTH_TOKEN"], "X-Store-Hash": os.environ["B2B_STORE_HASH"]}
off = 0
while True:
    req = urllib.request.Request(f"{base}/payments?limit=250&offset={off}", headers=hdr)
    for attempt in range(600):
        try:
            page = json.load(urllib.request.urlopen(req, timeout=10))
            if page.get("code") == 200:
                break
        except Exception:
            time.sleep(0.1)
    else:
        raise SystemExit("cannot list the payments")
    for p in page["data"]:
        for l in p["lineItems"]:
            print(p["externalId"], l["invoiceNumber"], l["amount"]["value"])
    off += 250
    if off >= page["meta"]["pagination"]["totalCount"]:
        break
PY
}
# open_balances: "NUMBER STATUS OPEN" per invoice, as `export` shows them.
open_balances() {
    "$INVOICECTL" export -q --format csv -o - | "$PY" -c 'import csv,sys
for r in csv.DictReader(sys.stdin):
    print(r["Invoice Number"], r["Status"], r["Open Balance"])'
}
