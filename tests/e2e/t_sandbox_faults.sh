#!/usr/bin/env bash
# Fault injection: each kind with probability 1 does what docs/sandbox.md says, bursts of 429 come in runs
# of the given length, draws repeat under the same --seed, health is never faulted, and SIGTERM stops the
# sandbox cleanly (exit 0) with a summary of the injected faults on stderr.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/data/sandbox/common.sh"

URL() { echo "$SANDBOX_URL/api/v3/io/ip$1"; }
minimal='{"invoiceNumber":"F-1","customerId":"1","originalBalance":{"code":"USD","value":5},"openBalance":{"code":"USD","value":5}}'

# 500 / 503: the envelope; 502: a gateway's HTML page.
for kind in 500 503; do
    sandbox_start --faults "$kind=1" --seed 1
    call GET /invoices
    expect_status "$kind"
    sandbox_stop
    assert_contains "$TMPD/sandbox.err" "injected faults: "
    assert_contains "$TMPD/sandbox.err" " $kind=1 "
done
sandbox_start --faults "502=1"
code=$(curl -sS -o "$TMPD/body" -D "$TMPD/headers" -w '%{http_code}' -H "X-Auth-Token: $B2B_AUTH_TOKEN" -H "X-Store-Hash: $B2B_STORE_HASH" "$(URL /invoices)")
assert_eq 502 "$code"
grep -qi '^Content-Type: text/html' "$TMPD/headers" || fail "502 is not the gateway's HTML"
assert_contains "$TMPD/body" "502 Bad Gateway"
# Faults never touch the health check.
assert_eq 200 "$(curl -sS -o /dev/null -w '%{http_code}' "$SANDBOX_URL/health")"
sandbox_stop

# reset: the connection closes with no answer at all.
sandbox_start --faults "reset=1"
rc=$(raw_curl -o /dev/null "$(URL /invoices)")
[ "$rc" = 52 ] || [ "$rc" = 56 ] || fail "reset: curl exit $rc, wanted 52 (empty reply) or 56 (reset)"
sandbox_stop
assert_contains "$TMPD/sandbox.err" "reset=1 "

# drop-after-commit: no answer, yet the invoice exists (seen after a restart without faults on the same db).
sandbox_start --db "$TMPD/drop.db" --faults "drop-after-commit=1"
rc=$(raw_curl -o /dev/null -H 'Content-Type: application/json' --data-binary "$minimal" "$(URL /invoices)")
[ "$rc" = 52 ] || [ "$rc" = 56 ] || fail "drop-after-commit: curl exit $rc"
sandbox_stop
assert_contains "$TMPD/sandbox.err" "drop-after-commit=1 "
sandbox_start --db "$TMPD/drop.db"
call GET "/invoices?searchBy=invoiceNumber&q=F-1"
assert_eq "1 F-1" "$(jb 'str(j["meta"]["pagination"]["totalCount"])+" "+j["data"][0]["invoiceNumber"]')"
sandbox_stop

# slow: slower than a client's timeout; answered in full when the client waits.
sandbox_start --faults "slow=1:1500"
rc=$(raw_curl -o /dev/null --max-time 0.5 "$(URL /invoices)")
assert_eq 28 "$rc" "slow answer vs a 0.5 s timeout"
t0=$(date +%s%N)
call GET /invoices
t1=$(date +%s%N)
expect_status 200
[ $(( (t1 - t0) / 1000000 )) -ge 1400 ] || fail "slow answer came after $(( (t1 - t0) / 1000000 )) ms"
# Slow answers hold no server thread: 6 slow requests at once finish together, not one after another.
t0=$(date +%s%N)
pids=()
for i in 1 2 3 4 5 6; do
    curl -sS -o /dev/null -H "X-Auth-Token: $B2B_AUTH_TOKEN" -H "X-Store-Hash: $B2B_STORE_HASH" "$(URL /invoices)" &
    pids+=($!)
done
wait "${pids[@]}"
t1=$(date +%s%N)
[ $(( (t1 - t0) / 1000000 )) -lt 6000 ] || fail "6 concurrent slow answers (9 s one after another) took $(( (t1 - t0) / 1000000 )) ms"
sandbox_stop
assert_contains "$TMPD/sandbox.err" "slow=8 "

# latency: added delay, answers otherwise normal; --latency adds to every answer.
sandbox_start --faults "latency=1:300"
t0=$(date +%s%N); call GET /invoices; t1=$(date +%s%N)
expect_status 200
[ $(( (t1 - t0) / 1000000 )) -ge 290 ] || fail "latency fault: $(( (t1 - t0) / 1000000 )) ms"
sandbox_stop
assert_contains "$TMPD/sandbox.err" "latency=1 "
sandbox_start --latency 250
t0=$(date +%s%N); call POST /invoices "$minimal"; t1=$(date +%s%N)
expect_status 200
[ $(( (t1 - t0) / 1000000 )) -ge 240 ] || fail "--latency: $(( (t1 - t0) / 1000000 )) ms"
sandbox_stop

# burst429: runs of exactly K 429s (adjacent bursts make multiples of K; the last may be cut short).
sandbox_start --faults "burst429=0.15:4" --seed 7
seq_codes=""
for i in $(seq 1 60); do
    call GET "/invoices?limit=1"
    seq_codes+="$(cat "$TMPD/status") "
done
sandbox_stop
"$PY" -c '
import sys
codes = sys.argv[1].split()
runs, n = [], 0
for c in codes + ["end"]:
    if c == "429":
        n += 1
    elif n:
        runs.append(n); n = 0
assert runs, "no burst in 60 requests"
cut = codes[-1] == "429"
for r in (runs[:-1] if cut else runs):
    assert r % 4 == 0, runs
assert set(codes) <= {"200", "429"}, codes' "$seq_codes" || fail "burst429 runs: $seq_codes"
n429=$(echo "$seq_codes" | tr ' ' '\n' | grep -c '^429$')
assert_contains "$TMPD/sandbox.err" "burst429=$n429 "

# --seed: the same seed gives the same faults in the same order; another seed, another order.
run_seq() { # SEED
    sandbox_start --faults "500=0.2,503=0.2,burst429=0.05:3" --seed "$1"
    local s=""
    for i in $(seq 1 40); do call GET /invoices/1; s+="$(cat "$TMPD/status")"; done
    sandbox_stop
    echo "$s"
}
a=$(run_seq 42)
b=$(run_seq 42)
c=$(run_seq 43)
assert_eq "$a" "$b" "same seed, same faults"
[ "$a" != "$c" ] || fail "seeds 42 and 43 drew the same 40 faults"
echo "$a" | grep -q 500 || fail "no 500 drawn in 40 requests at p=0.2"
# The summary counts what the client saw.
n500=$(echo "$c" | grep -o 500 | wc -l)
assert_contains "$TMPD/sandbox.err" " 500=$n500 "
assert_contains "$TMPD/sandbox.err" "seed 43"

# Mixed spec from the docs parses; bad specs are usage errors.
sandbox_start --faults "500=0.05,502=0.01,503=0.01,reset=0.01,drop-after-commit=0.02,slow=0.01:35000,latency=0.1:200,burst429=0.01:20"
sandbox_stop
for bad in "500=x" "404=0.1" "slow=0.1:fast" "500=0.6,503=0.6" "reset=0.1:5" "latency"; do
    expect_exit 2 "$INVOICECTL" sandbox --listen 127.0.0.1:0 --faults "$bad"
    assert_contains "$TMPD/err" "--faults"
done
