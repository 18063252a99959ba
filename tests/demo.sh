#!/usr/bin/env bash
# `make demo`: the whole product on the samples, against a sandbox on loopback that this script starts and
# stops.  Everything it writes goes under build/demo/ (or $DEMO_OUT).
set -euo pipefail
bin=${1:?usage: demo.sh /path/to/invoicectl}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${DEMO_OUT:-$root/build/demo}
rm -rf "$out"
mkdir -p "$out"
cd "$root"

# bold headings on a terminal only: a log (`make demo > log`) gets no escape codes
if [ -t 1 ]; then
    step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
    step() { printf '\n== %s\n' "$*"; }
fi

export B2B_AUTH_TOKEN=sandbox-token B2B_STORE_HASH=sandbox
step "starting the sandbox (a local B2B Edition invoice API) on a free loopback port"
"$bin" sandbox --listen 127.0.0.1:0 --port-file "$out/sandbox.port" --db "$out/sandbox.db" \
    >"$out/sandbox.log" 2>&1 &
sandbox=$!
trap 'kill -TERM $sandbox 2>/dev/null; wait $sandbox 2>/dev/null || true' EXIT
for _ in $(seq 1 250); do [ -s "$out/sandbox.port" ] && break; sleep 0.02; done
[ -s "$out/sandbox.port" ] || { cat "$out/sandbox.log"; echo "demo: the sandbox did not start" >&2; exit 3; }
export INVOICECTL_API_URL="http://127.0.0.1:$(cat "$out/sandbox.port")"
echo "sandbox at $INVOICECTL_API_URL"

step "validate: samples/invoices.csv with samples/invoices.map.json"
"$bin" validate -m samples/invoices.map.json --report "$out/validation.xlsx" samples/invoices.csv

step "validate: a broken file, to show what the report says (exit 1 is expected here)"
"$bin" validate -m samples/broken.map.json --report "$out/broken-report.xlsx" samples/broken.csv || true

step "import --dry-run: the plan (nothing is written)"
"$bin" import -m samples/invoices.map.json --dry-run --results "$out/plan" samples/invoices.csv

step "import: create the invoices"
"$bin" import -m samples/invoices.map.json --yes --results "$out/import" \
    --journal "$out/import.journal" samples/invoices.csv

step "import again: the same file changes nothing"
"$bin" import -m samples/invoices.map.json --yes --results "$out/import-again" \
    --journal "$out/import-again.journal" samples/invoices.csv

step "pay --dry-run: the plan of the payments received (a bank statement export)"
"$bin" pay -m samples/payments.map.json --dry-run samples/payments.csv

step "pay: record them, each exactly once"
"$bin" pay -m samples/payments.map.json --yes --results "$out/payments" \
    --journal "$out/payments.journal" samples/payments.csv

step "export: open and partly paid invoices to XLSX, with an aging sheet"
"$bin" export --status unpaid -o "$out/open-balances.xlsx"
"$bin" export --status all -o "$out/all-invoices.csv"

# the second target: BILL v3 (its own sandbox, script and sample)
bash tests/demo_bill.sh "$bin" "$out/bill"
# the third target: Rebillia (its own sandbox, script and sample)
bash tests/demo_rebillia.sh "$bin" "$out"

step "files"
echo "validation report   $out/validation.xlsx"
echo "broken-file report  $out/broken-report.xlsx"
echo "import plan         $out/plan/plan.json, $out/plan/plan.xlsx"
echo "import results      $out/import/success.csv, errors.csv, summary.json"
echo "payment results     $out/payments/success.csv, errors.csv, summary.json"
echo "open balances       $out/open-balances.xlsx"
echo "all invoices (CSV)  $out/all-invoices.csv"
echo "BILL import, export $out/bill/import/, $out/bill/open-balances.xlsx"
echo "Rebillia            $out/rebillia/import/, $out/rebillia/rebillia-invoices.xlsx"
