#!/usr/bin/env bash
# Sandbox access rules: 401/403 in the API's envelope, the deprecated authToken header, both path roots,
# 404/405, the health check, rate-limit headers on every answer, 429 past --rate-limit, 429 past
# --concurrency-limit, and the token from the environment never printed.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/data/sandbox/common.sh"

export B2B_AUTH_TOKEN="tok-$RANDOM-secret" B2B_STORE_HASH="store$RANDOM"
sandbox_start
assert_not_contains "$TMPD/sandbox.err" "$B2B_AUTH_TOKEN"
assert_contains "$TMPD/sandbox.err" "B2B_AUTH_TOKEN"
assert_contains "$TMPD/sandbox.out" "listening on http://127.0.0.1:$SANDBOX_PORT"

# req NAME HEADERS...: GET /invoices with exactly these headers; body, headers and status in $TMPD.
req() {
    curl -sS -o "$TMPD/body" -D "$TMPD/headers" -w '%{http_code}' "$@" "$SANDBOX_URL/api/v3/io/ip/invoices" >"$TMPD/status"
}
req
expect_status 401
assert_eq "Unauthorized Error" "$(jb 'j["meta"]["message"]')"
[ -n "$(jb 'j["data"]["errMsg"]')" ] || fail "401 without errMsg"
req -H "X-Auth-Token: wrong" -H "X-Store-Hash: $B2B_STORE_HASH"
expect_status 401
assert_not_contains "$TMPD/body" "$B2B_AUTH_TOKEN"
req -H "X-Auth-Token: $B2B_AUTH_TOKEN"
expect_status 403
req -H "X-Auth-Token: $B2B_AUTH_TOKEN" -H "X-Store-Hash: other"
expect_status 403
assert_eq "Forbidden Error" "$(jb 'j["meta"]["message"]')"
# Even refusals carry the rate-limit headers.
for h in X-Requests-Allocated X-Requests-Remaining X-Request-Window-Resets-After X-Requests-Window-Length; do
    grep -qi "^$h: " "$TMPD/headers" || fail "403 answer lacks $h"
done
# Header names are case-insensitive; the deprecated authToken header alone also works.
req -H "x-auth-token: $B2B_AUTH_TOKEN" -H "x-store-hash: $B2B_STORE_HASH"
expect_status 200
req -H "authToken: $B2B_AUTH_TOKEN"
expect_status 200

# Both roots serve the API.
code=$(curl -sS -o "$TMPD/body" -w '%{http_code}' -H "X-Auth-Token: $B2B_AUTH_TOKEN" -H "X-Store-Hash: $B2B_STORE_HASH" "$SANDBOX_URL/invoices?limit=1")
assert_eq 200 "$code" "GET /invoices at the root"

# Unknown path 404, known path with the wrong method 405 (with Allow).
call GET /nothing/here
expect_status 404
call GET /invoices/1/nothing
expect_status 404
call PATCH /invoices/1 '{}'
expect_status 405
call DELETE /invoices
expect_status 405
curl -sS -o /dev/null -D "$TMPD/headers" -X DELETE -H "X-Auth-Token: $B2B_AUTH_TOKEN" -H "X-Store-Hash: $B2B_STORE_HASH" "$SANDBOX_URL/invoices"
grep -qi '^Allow: GET, POST' "$TMPD/headers" || { cat "$TMPD/headers"; fail "405 without Allow"; }
call GET /payments/offline
expect_status 405

# Health needs no credentials.
code=$(curl -sS -o "$TMPD/body" -w '%{http_code}' "$SANDBOX_URL/health")
assert_eq 200 "$code" "health"
assert_eq ok "$(jb 'j["data"]["status"]')"

# No --rate-limit: generous values, counting the window's requests.
curl -sS -o /dev/null -D "$TMPD/headers" -H "X-Auth-Token: $B2B_AUTH_TOKEN" -H "X-Store-Hash: $B2B_STORE_HASH" "$SANDBOX_URL/invoices"
grep -qi '^X-Requests-Allocated: 1000000 times/60 s' "$TMPD/headers" || { cat "$TMPD/headers"; fail "unlimited allocation"; }
sandbox_stop

# --- --rate-limit 5: five answers counting down, then 429 until the window resets ---
sandbox_start --rate-limit 5
hdr() { grep -i "^$1: " "$TMPD/headers" | sed 's/^[^:]*: //; s/\r$//'; }
for i in 1 2 3 4 5; do
    curl -sS -o "$TMPD/body" -D "$TMPD/headers" -w '%{http_code}' -H "X-Auth-Token: $B2B_AUTH_TOKEN" -H "X-Store-Hash: $B2B_STORE_HASH" "$SANDBOX_URL/api/v3/io/ip/invoices" >"$TMPD/status"
    expect_status 200
    assert_eq "5 times/60 s" "$(hdr X-Requests-Allocated)"
    assert_eq "$((5 - i)) times" "$(hdr X-Requests-Remaining)" "remaining after $i"
    assert_eq "$i times" "$(hdr X-Requests-Window-Length)"
    resets=$(hdr X-Request-Window-Resets-After)
    "$PY" -c 'import sys; v=float(sys.argv[1].split()[0]); assert 50 < v <= 60, v' "$resets" || fail "resets-after '$resets'"
done
call GET /invoices
expect_status 429
curl -sS -o "$TMPD/body" -D "$TMPD/headers" -H "X-Auth-Token: $B2B_AUTH_TOKEN" -H "X-Store-Hash: $B2B_STORE_HASH" "$SANDBOX_URL/invoices"
assert_eq "0 times" "$(hdr X-Requests-Remaining)"
assert_eq 429 "$(jb 'j["code"]')"
# Health is never limited.
assert_eq 200 "$(curl -sS -o /dev/null -w '%{http_code}' "$SANDBOX_URL/health")"
sandbox_stop
assert_contains "$TMPD/sandbox.err" "rate-limited 429s 2"

# --- --concurrency-limit 2 with 1 s latency: of 5 requests at once, 2 are served and 3 refused ---
sandbox_start --concurrency-limit 2 --latency 1000
pids=()
for i in 1 2 3 4 5; do
    curl -sS -o /dev/null -w '%{http_code}\n' -H "X-Auth-Token: $B2B_AUTH_TOKEN" -H "X-Store-Hash: $B2B_STORE_HASH" "$SANDBOX_URL/invoices" >"$TMPD/c$i" &
    pids+=($!)
done
wait "${pids[@]}"
assert_eq "200:2 429:3" "$(cat "$TMPD"/c? | sort | uniq -c | awk '{printf "%s%s:%s", (NR>1?" ":""), $2, $1}')"
# Once they are done, requests are served again.
call GET /invoices
expect_status 200
sandbox_stop
assert_contains "$TMPD/sandbox.err" "concurrency 429s 3"

# --- defaults: no token in the environment means the documented default, said on stderr ---
unset B2B_AUTH_TOKEN B2B_STORE_HASH
env -u B2B_AUTH_TOKEN -u B2B_STORE_HASH "$INVOICECTL" sandbox --listen 127.0.0.1:0 --port-file "$TMPD/pf" >"$TMPD/o" 2>"$TMPD/e" &
pid=$!
for i in $(seq 1 200); do [ -s "$TMPD/pf" ] && break; sleep 0.02; done
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "X-Auth-Token: sandbox-token" -H "X-Store-Hash: sandbox" "http://127.0.0.1:$(cat "$TMPD/pf")/invoices")
kill -TERM "$pid"; wait "$pid" || fail "sandbox exit status"
assert_eq 200 "$code" "default credentials"
assert_contains "$TMPD/e" "B2B_AUTH_TOKEN is not set"

# Bad options: usage errors (exit 2).
expect_exit 2 "$INVOICECTL" sandbox --rate-limit lots
expect_exit 2 "$INVOICECTL" sandbox --listen nowhere
expect_exit 2 "$INVOICECTL" sandbox --tls-cert x.pem
expect_exit 2 "$INVOICECTL" sandbox --faults "500=2"
expect_exit 0 "$INVOICECTL" sandbox --help
assert_contains "$TMPD/out" "--faults SPEC"
