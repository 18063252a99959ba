#!/usr/bin/env bash
# Fault injection: each kind with probability 1 does what docs/sandbox.md says, bursts of 429 come in runs
# of the given length in seconds, draws repeat under the same --seed, health is never faulted, and SIGTERM stops the
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

# burst429=P:SECONDS: a span of time in which every API request answers 429, with headers that say so
# truthfully (nothing remains; the window resets when the burst ends).  Requests inside it are not drawn.
hcall() { # PATH: status on stdout, headers in $TMPD/h
    curl -sS -o /dev/null -D "$TMPD/h" -w '%{http_code}' -H "X-Auth-Token: $B2B_AUTH_TOKEN" \
        -H "X-Store-Hash: $B2B_STORE_HASH" "$(URL "$1")"
}
hval() { sed -n "s/^$1: \([0-9.]*\).*/\1/Ip" "$TMPD/h" | tr -d '\r'; }
sandbox_start --faults "burst429=1:1.5" --seed 7
assert_eq 429 "$(hcall '/invoices?limit=1')" "the request that starts a burst"
assert_eq 0 "$(hval X-Requests-Remaining)" "remaining in a burst"
r1=$(hval X-Request-Window-Resets-After)
"$PY" -c "assert 1.4 <= $r1 <= 1.5, $r1" || fail "a 1.5 s burst resets after $r1 s"
assert_eq 200 "$(curl -sS -o /dev/null -w '%{http_code}' "$SANDBOX_URL/health")" "health in a burst"
sleep 0.5
assert_eq 429 "$(hcall /invoices/1)" "a request inside the burst"
assert_eq 0 "$(hval X-Requests-Remaining)" "remaining inside the burst"
r2=$(hval X-Request-Window-Resets-After)
"$PY" -c "assert 0 < $r2 <= $r1 - 0.45, ($r1, $r2)" || fail "the burst's countdown: $r1 s, then $r2 s after 0.5 s"
sleep "$r2"
sleep 0.1
# the burst is over: the next request is drawn again (and with P=1 starts another burst, from the top)
assert_eq 429 "$(hcall /invoices/1)" "the request after the burst"
r3=$(hval X-Request-Window-Resets-After)
"$PY" -c "assert $r3 > $r2 + 0.5, ($r2, $r3)" || fail "no new burst after the first ended: $r2 s, then $r3 s"
sandbox_stop
assert_contains "$TMPD/sandbox.err" " burst429=3 "
assert_contains "$TMPD/sandbox.err" "(bursts 2; seed 7; 2 API requests drawn)"

# Short bursts among normal answers: every 429 says nothing remains and resets within the burst's
# length; every 200 has budget left.
sandbox_start --faults "burst429=0.2:0.3" --seed 7
seen=""
for i in $(seq 1 40); do
    code=$(hcall '/invoices?limit=1')
    seen+="$code "
    rem=$(hval X-Requests-Remaining)
    if [ "$code" = 429 ]; then
        assert_eq 0 "$rem" "remaining on a burst's 429"
        "$PY" -c "assert 0 < $(hval X-Request-Window-Resets-After) <= 0.3" || fail "a 0.3 s burst's reset: $(cat "$TMPD/h")"
    else
        assert_eq 200 "$code" "outside bursts"
        [ "$rem" -gt 0 ] || fail "a 200 with nothing remaining"
    fi
    sleep 0.05
done
sandbox_stop
case "$seen" in *429*200*) ;; *) fail "no burst followed by normal answers in 40 requests: $seen" ;; esac
n429=$(echo "$seen" | tr ' ' '\n' | grep -c '^429$')
assert_contains "$TMPD/sandbox.err" "burst429=$n429 "

# --seed: the same seed gives the same faults in the same order; another seed, another order.
run_seq() { # SEED
    # a burst outlasts the 40 requests, so their answers do not depend on timing
    sandbox_start --faults "500=0.2,503=0.2,burst429=0.02:60" --seed "$1"
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
sandbox_start --faults "500=0.05,502=0.01,503=0.01,reset=0.01,drop-after-commit=0.02,slow=0.01:35000,latency=0.1:200,burst429=0.01:2.5"
sandbox_stop
for bad in "500=x" "404=0.1" "slow=0.1:fast" "500=0.6,503=0.6" "reset=0.1:5" "latency" \
    "burst429=0.1:0" "burst429=0.1:-1" "burst429=0.1:3601" "burst429=0.1:2s"; do
    expect_exit 2 "$INVOICECTL" sandbox --listen 127.0.0.1:0 --faults "$bad"
    assert_contains "$TMPD/err" "--faults"
done
