#!/usr/bin/env bash
# pay against the B2B Edition sandbox: requests per payment, and what a second run of the same file costs.
#
#   INVOICECTL=build/invoicectl bash bench/70_pay.sh          (PAY_BENCH_N=N payments, default 500)
#
# N invoices are imported into a sandbox with --latency 20, then a bank file paying each of them once (a
# partial payment) is recorded.  Requests are counted by the sandbox (--record-requests).  The plan lists the
# store once (ceil(N/250) pages) and asks each paid invoice's payments once (GET /payments?invoiceId=, to find
# a payment recorded earlier without this journal); then one POST per payment.  Target: requests <=
# 2N + ceil(N/250) + 1.  The same file again with its journal: no POST (target 0), and no GET /payments
# either (target 0: the journal says every payment is recorded, so the plan asks only for the list).  Times
# are printed too; on a loaded machine they say little.  Prints PASS or MISS per figure; a MISS does not
# fail the script.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
bench_sandbox_env
. "$root/tests/e2e/pay_helpers.sh"
N=${PAY_BENCH_N:-500}

verdict() { if "$PY" -c "import sys; sys.exit(0 if $1 else 1)"; then echo PASS; else echo MISS; fi; }
sandbox_start --latency 20 --record-requests "$TMPD/req.jsonl"
trap cleanup EXIT # sandbox_start set its own
import_mapping inv.json
import_csv "$N" >inv.csv
"$INVOICECTL" import -q -m inv.json --yes --journal inv.journal --results seed inv.csv
cat >map.json <<'JSON'
{ "payment": { "invoice": "Invoice", "amount": "Amount", "date": "Date", "reference": "Ref" } }
JSON
"$PY" - "$N" >p.csv <<'PY'
import sys
print("Date,Invoice,Amount,Ref")
for i in range(int(sys.argv[1])):
    print(f"2026-11-{1 + i % 28:02d},INV-{i:06d},1.{i % 10}0,BANK-{i}")
PY

# run NAME: one pay run; prints "requests posts payment-gets list-gets seconds" counted from the record
run() {
    local m t0 t1
    m=$(wc -l <req.jsonl)
    t0=$(date +%s.%N)
    "$INVOICECTL" pay -q -m map.json --yes --journal p.journal --results "$1" p.csv
    t1=$(date +%s.%N)
    tail -n +$((m + 1)) req.jsonl >"$1.jsonl"
    "$PY" - "$1.jsonl" "$t0" "$t1" <<'PY'
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
c = lambda m, p: sum(1 for r in rs if r["method"] == m and r["path"].split("?")[0].endswith(p))
print(len(rs), c("POST", "/payments/offline"), c("GET", "/payments"), c("GET", "/invoices"),
      f"{float(sys.argv[3]) - float(sys.argv[2]):.2f}")
PY
}

echo "== pay: $N payments against $N invoices, --latency 20"
read -r req posts pgets lgets secs < <(run a)
limit=$((2 * N + (N + 249) / 250 + 1))
echo "recorded:              $posts POST in $secs s ($("$PY" -c "print(f'{$posts / $secs:.0f}')")/s); $pgets GET /payments, $lgets list pages"
echo "requests:              $req (target <= 2*$N + ceil($N/250) + 1 = $limit)  $(verdict "$req <= $limit")"
echo "payments in the store: $(store_payments | wc -l) (target $N)  $(verdict "$(store_payments | wc -l) == $N")"

echo "== the same file again, with its journal"
read -r req posts pgets lgets secs < <(run b)
echo "writes:                $posts (target 0)  $(verdict "$posts == 0"); $req requests ($pgets GET /payments, $lgets list pages) in $secs s"
echo "lookups:               $pgets GET /payments (target 0: the journal knows every payment)  $(verdict "$pgets == 0")"
