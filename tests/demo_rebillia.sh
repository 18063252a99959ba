#!/usr/bin/env bash
# The Rebillia part of `make demo` (tests/demo.sh runs it): the Rebillia sample imported into a local
# Rebillia sandbox, imported again (nothing changes), and exported.  Usage: demo_rebillia.sh BIN OUT,
# with step() defined by the caller when sourced; writes under OUT/rebillia/.
set -euo pipefail
bin=${1:?usage: demo_rebillia.sh /path/to/invoicectl OUT}
out=$2/rebillia
mkdir -p "$out"
declare -F step >/dev/null || step() { printf '\n== %s\n' "$*"; }

step "Rebillia: a local Rebillia sandbox (customers, currencies, gateways and countries built in)"
"$bin" sandbox --api rebillia --listen 127.0.0.1:0 --port-file "$out/sandbox.port" --db "$out/sandbox.db" \
    >"$out/sandbox.log" 2>&1 &
reb_sandbox=$!
trap 'kill -TERM $reb_sandbox 2>/dev/null; wait $reb_sandbox 2>/dev/null || true' EXIT
for _ in $(seq 1 250); do [ -s "$out/sandbox.port" ] && break; sleep 0.02; done
[ -s "$out/sandbox.port" ] || { cat "$out/sandbox.log"; echo "demo: the Rebillia sandbox did not start" >&2; exit 3; }
url="http://127.0.0.1:$(cat "$out/sandbox.port")/v1"
echo "Rebillia sandbox at $url"
# The sandbox's key when REBILLIA_API_KEY is unset; gateway 9 is its card gateway (each customer's own
# payment method on it is looked up).
export REBILLIA_API_KEY=sandbox-rebillia-key REBILLIA_GATEWAY_ID=9

step "Rebillia: import samples/rebillia-invoices.csv (customers by id and by email, USD, EUR, GBP)"
"$bin" import -m samples/rebillia-invoices.map.json --api-url "$url" --yes --results "$out/import" \
    --journal "$out/import.journal" samples/rebillia-invoices.csv

step "Rebillia: import again: the same file changes nothing"
"$bin" import -m samples/rebillia-invoices.map.json --api-url "$url" --yes --results "$out/import-again" \
    --journal "$out/import-again.journal" samples/rebillia-invoices.csv

step "Rebillia: export every invoice to XLSX"
"$bin" export --target rebillia --api-url "$url" --status all -o "$out/rebillia-invoices.xlsx"
