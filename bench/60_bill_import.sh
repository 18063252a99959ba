#!/usr/bin/env bash
# import into BILL v3 (the BILL sandbox, `invoicectl sandbox --api bill-v3`): requests per invoice.
#
#   INVOICECTL=build/invoicectl bash bench/60_bill_import.sh
#
# 1. 2,000 new invoices into an empty store, --latency 20, BILL's 3 requests in flight: requests per created
#    invoice, sign-ins and the plan's list included (target <= 1.01).
# 2. The same file again against the 2,000: the plan's list requests (target <= ceil(2000/100) + 1) and
#    writes (target 0).
# 3. 10% of the invoices changed: requests against changed + ceil(2000/100) + 2 (the lists, a sign-in).
# Requests are counted by the sandbox (--record-requests), not by the client.  Times are printed too; on
# a loaded machine they say little.  Prints PASS or MISS per figure; a MISS does not fail the script.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
bench_sandbox_env
. "$root/tests/e2e/bill_helpers.sh"
N=${BILL_BENCH_N:-2000}
bill_mapping map.json
bill_csv "$N" >a.csv
bill_csv "$N" $((N / 10)) >changed.csv

verdict() { if "$PY" -c "import sys; sys.exit(0 if $1 else 1)"; then echo PASS; else echo MISS; fi; }
bill_start --latency 20 --record-requests "$TMPD/req.jsonl"
trap cleanup EXIT # bill_start set its own
bill_client_env

# run NAME FILE: one import; prints "requests posts puts gets logins seconds" counted from the record
run() {
    local m
    m=$(wc -l <req.jsonl)
    local t0 t1
    t0=$(date +%s.%N)
    "$INVOICECTL" import -q -m map.json --yes --results "$1" "$2"
    t1=$(date +%s.%N)
    tail -n +$((m + 1)) req.jsonl >"$1.jsonl"
    "$PY" - "$1.jsonl" "$t0" "$t1" <<'PY'
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
c = lambda m, p: sum(1 for r in rs if r["method"] == m and r["path"].startswith(p))
print(len(rs), c("POST", "/v3/invoices"), c("PUT", "/v3/invoices/"), c("GET", "/v3/invoices"),
      c("POST", "/v3/login"), f"{float(sys.argv[3]) - float(sys.argv[2]):.2f}")
PY
}

echo "== BILL import: $N new invoices, --latency 20, 3 in flight"
read -r req posts puts gets logins secs < <(run c a.csv)
per=$("$PY" -c "print(f'{$req / $N:.4f}')")
echo "created:               $posts POST in $secs s ($("$PY" -c "print(f'{$posts / $secs:.0f}')")/s); $gets GET, $logins sign-ins"
echo "requests per created:  $req / $N = $per (target <= 1.01)  $(verdict "$per <= 1.01")"

echo "== the same file again: the plan's list, no write"
read -r req posts puts gets logins secs < <(run r a.csv)
maxget=$(((N + 99) / 100 + 1))
echo "list requests:         $gets (target <= ceil($N/100) + 1 = $maxget)  $(verdict "$gets <= $maxget")"
echo "writes:                $((posts + puts)) (target 0)  $(verdict "$((posts + puts)) == 0"); $req requests in $secs s"

changed=$("$PY" -c "print(len(list(range(0, $N, 7))[:$N // 10]))")
echo "== $changed invoices changed"
read -r req posts puts gets logins secs < <(run u changed.csv)
want=$((changed + (N + 99) / 100 + 2))
echo "updated:               $puts PUT, $posts POST, $gets GET, $logins sign-ins in $secs s"
echo "requests:              $req (target <= $changed + ceil($N/100) + 2 = $want)  $(verdict "$req <= $want and $puts == $changed")"
