#!/usr/bin/env bash
# The sandbox's request throughput with keep-alive connections.
#
#   INVOICECTL=build/invoicectl bash bench/20_sandbox.sh          (DURATION=SECONDS, default 5)
#
# Starts `invoicectl sandbox` (in memory, no faults, no rate limit), seeds 20 invoices with full details,
# then runs `wrk -t2 -c16 -d5s` with the auth headers against
#   1. GET /api/v3/io/ip/invoices/1           (one invoice)
#   2. GET /api/v3/io/ip/invoices?limit=5     (a small list)
# and prints requests/s for each against the target (>= 5,000 req/s), PASS or MISS; a MISS does not fail the
# script (timings are not assertions).  Any non-2xx answer or socket error during a run is reported.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
bench_sandbox_env
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk); skipping"; exit 0; }
duration=${DURATION:-5}
target=5000

sandbox_start
for i in $(seq 1 20); do
    api POST /invoices "{\"invoiceNumber\":\"B-$i\",\"customerId\":\"$((i % 4 + 1))\",\"originalBalance\":{\"code\":\"USD\",\"value\":400},\"openBalance\":{\"code\":\"USD\",\"value\":400},\"details\":{\"header\":{\"costLines\":[{\"amount\":{\"code\":\"USD\",\"value\":\"400.00\"},\"description\":\"Subtotal\"},{\"amount\":{\"code\":\"USD\",\"value\":\"0\"},\"description\":\"Freight\"}],\"billingAddress\":{\"city\":\"Montreal\",\"state\":\"Quebec\",\"country\":\"Canada\",\"street1\":\"123 Main Street\",\"street2\":\"Suite 200\",\"zipCode\":\"H2X 1Y4\",\"lastName\":\"Doe\",\"firstName\":\"John\"}},\"details\":{\"lineItems\":[{\"sku\":\"CLC\",\"quantity\":\"2\",\"unitPrice\":{\"code\":\"USD\",\"value\":\"200.00\"},\"description\":\"Canvas Laundry Cart\"}]}}}" >/dev/null
    [ "$(cat "$TMPD/status")" = 200 ] || { cat "$TMPD/body"; echo "seeding failed"; exit 1; }
done

echo "sandbox on $SANDBOX_URL, $(nproc) CPUs, wrk -t2 -c16 -d${duration}s, keep-alive"
run() { # NAME PATH
    local out
    out=$(wrk -t2 -c16 -d"${duration}s" -H "X-Auth-Token: $B2B_AUTH_TOKEN" -H "X-Store-Hash: $B2B_STORE_HASH" \
        "$SANDBOX_URL/api/v3/io/ip$2")
    local rps lat bad errs
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    lat=$(awk '/^ +Latency/ {print $2; exit}' <<<"$out")
    bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
    errs=$(awk '/Socket errors:/ {sub(/^ *Socket errors: */, ""); print}' <<<"$out")
    local size
    size=$(curl -sS -o /dev/null -w '%{size_download}' -H "X-Auth-Token: $B2B_AUTH_TOKEN" \
        -H "X-Store-Hash: $B2B_STORE_HASH" "$SANDBOX_URL/api/v3/io/ip$2")
    local verdict=MISS
    awk -v r="$rps" -v t="$target" 'BEGIN { exit !(r >= t) }' && verdict=PASS
    printf '%-24s %6d-byte answers %10.0f req/s  avg latency %-8s target >= %d req/s  %s\n' "$1" "$size" \
        "$rps" "$lat" "$target" "$verdict"
    [ -z "$bad" ] || echo "  non-2xx answers: $bad"
    [ -z "$errs" ] || echo "  socket errors: $errs"
}
run "GET /invoices/1" "/invoices/1"
run "GET /invoices?limit=5" "/invoices?limit=5"
