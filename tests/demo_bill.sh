#!/usr/bin/env bash
# `make demo`, second target: samples/bill-invoices.csv imported into BILL v3, against the BILL sandbox
# (`invoicectl sandbox --api bill-v3`) that this script starts and stops, then exported back.
# Usage: demo_bill.sh /path/to/invoicectl OUTDIR (run from the repository root; tests/demo.sh calls it).
set -euo pipefail
bin=${1:?usage: demo_bill.sh /path/to/invoicectl OUTDIR}
out=${2:?usage: demo_bill.sh /path/to/invoicectl OUTDIR}
mkdir -p "$out"
if [ -t 1 ]; then
    step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
    step() { printf '\n== %s\n' "$*"; }
fi

step "BILL: starting the BILL v3 sandbox (its five customers 0cu01SANDBOX00000001…5 built in)"
"$bin" sandbox --api bill-v3 --listen 127.0.0.1:0 --port-file "$out/sandbox.port" --db "$out/sandbox.db" \
    >"$out/sandbox.log" 2>&1 &
sandbox=$!
trap 'kill -TERM $sandbox 2>/dev/null; wait $sandbox 2>/dev/null || true' EXIT
for _ in $(seq 1 250); do [ -s "$out/sandbox.port" ] && break; sleep 0.02; done
[ -s "$out/sandbox.port" ] || { cat "$out/sandbox.log"; echo "demo: the BILL sandbox did not start" >&2; exit 3; }
# the sandbox's default credentials (docs/sandbox.md); against BILL, set your own (docs/bill.md)
export BILL_USERNAME=sandbox@example.com BILL_PASSWORD=sandbox-password
export BILL_ORG_ID=00801SANDBOXORG00001 BILL_DEV_KEY=sandbox-dev-key
export INVOICECTL_API_URL="http://127.0.0.1:$(cat "$out/sandbox.port")"
echo "BILL sandbox at $INVOICECTL_API_URL"

step "BILL: validate samples/bill-invoices.csv with samples/bill-invoices.map.json"
"$bin" validate -m samples/bill-invoices.map.json samples/bill-invoices.csv

step "BILL: import (no email is sent to the customers)"
"$bin" import -m samples/bill-invoices.map.json --yes -v --results "$out/import" \
    --journal "$out/import.journal" samples/bill-invoices.csv

step "BILL: import again: the same file changes nothing"
"$bin" import -m samples/bill-invoices.map.json --yes --results "$out/import-again" \
    --journal "$out/import-again.journal" samples/bill-invoices.csv

step "BILL: export the open balances, with the aging from dueAmount and dueDate"
"$bin" export --target bill-v3 -o "$out/open-balances.xlsx"
"$bin" export --target bill-v3 --format csv -o "$out/invoices.csv"
cat "$out/invoices.csv"
