# The HTTP engine (api/http.c, api/b2b.c, api/conn.c) against the sandbox and against deliberately broken
# servers: ordered parallel listing, retries under injected 5xx, the rate governor under a small budget,
# TLS verification, timeouts, redirects.
#
# It drives the engine through tests/tools/http_driver.c, compiled here against the build's
# libinvoicectl.a (next to $INVOICECTL; with the sanitizers when that library was built with them).
. "$ROOT/tests/e2e/lib.sh"

LIB=$(dirname "$INVOICECTL")/libinvoicectl.a
[ -f "$LIB" ] || fail "no '$LIB' next to the binary"
SAN=()
# (grep -q would stop reading early and fail the pipeline with nm's SIGPIPE under pipefail)
if nm "$LIB" 2>/dev/null | grep '__asan_init' >/dev/null; then SAN=(-fsanitize=address,undefined); fi
DRIVER="$TMPD/http_driver"
# shellcheck disable=SC2046
cc -D_GNU_SOURCE -I"$ROOT" -DINVOICECTL_VERSION='"test"' -std=c11 -O1 -g "${SAN[@]}" \
    $(pkg-config --cflags libcurl libcjson) -o "$DRIVER" "$ROOT/tests/tools/http_driver.c" "$LIB" \
    $(pkg-config --libs libcurl libcjson xlsxwriter libmicrohttpd sqlite3) -lcsv -lpthread -lm \
    || fail "cannot compile the driver"

export B2B_AUTH_TOKEN=e2e-secret-token-value B2B_STORE_HASH=sandbox
export HOME="$TMPD/home" # no user config file gets in the way
mkdir -p "$HOME"

# hostile MODE: starts tests/tools/hostile_server.py; sets HOSTILE_PID and HOSTILE_URL; requests in $TMPD/hostile.log
hostile() {
    rm -f "$TMPD/hostile.port" "$TMPD/hostile.log"
    "$PY" "$ROOT/tests/tools/hostile_server.py" "$1" "$TMPD/hostile.port" "$TMPD/hostile.log" &
    HOSTILE_PID=$!
    local i
    for i in $(seq 1 250); do [ -s "$TMPD/hostile.port" ] && break; sleep 0.02; done
    [ -s "$TMPD/hostile.port" ] || fail "hostile server did not start"
    HOSTILE_URL="http://127.0.0.1:$(cat "$TMPD/hostile.port")"
}
hostile_stop() { kill "$HOSTILE_PID" 2>/dev/null || true; wait "$HOSTILE_PID" 2>/dev/null || true; }
# secrets_absent FILE...: the token never shows in what the engine printed
secrets_absent() { local f; for f in "$@"; do assert_not_contains "$f" "$B2B_AUTH_TOKEN"; done; }

note "a server that never answers: the request fails at the timeout"
hostile silent
start=$(date +%s%N)
INVOICECTL_API_URL=$HOSTILE_URL expect_exit 3 "$DRIVER" --timeout 1 --max-retries 0 list
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
hostile_stop
assert_contains "$TMPD/err" "cannot list invoices at offset 0: GET /invoices: Operation timed out after"
[ "$elapsed_ms" -lt 5000 ] || fail "a 1 s timeout took ${elapsed_ms} ms"
secrets_absent "$TMPD/out" "$TMPD/err"

note "a redirect to another host is not followed, and names that host"
hostile redirect
INVOICECTL_API_URL=$HOSTILE_URL expect_exit 3 "$DRIVER" list
hostile_stop
assert_contains "$TMPD/err" "redirected to '127.0.0.2' (HTTP 302); redirects are not followed"
assert_eq 1 "$(wc -l <"$TMPD/hostile.log")" "requests the redirecting server saw"
assert_contains "$TMPD/hostile.log" '"X-Auth-Token": "e2e-secret-token-value"' # sent to the configured host
secrets_absent "$TMPD/out" "$TMPD/err"

note "a 200 whose body says code 500 is a 5xx: retried, then failed with the count"
hostile code500
INVOICECTL_API_URL=$HOSTILE_URL expect_exit 3 "$DRIVER" --max-retries 2 list
hostile_stop
assert_contains "$TMPD/err" "GET /invoices: HTTP 500 after 3 attempts"
assert_eq 3 "$(wc -l <"$TMPD/hostile.log")" "attempts the server saw"
note "... and a POST is never retried on a 5xx: the caller gets the answer"
hostile code500
INVOICECTL_API_URL=$HOSTILE_URL expect_exit 0 "$DRIVER" post /invoices '{"invoiceNumber":"X"}'
hostile_stop
assert_contains "$TMPD/out" "outcome=answered status=500 attempts=1 ok=0"
assert_contains "$TMPD/out" "message=Internal error"
assert_eq 1 "$(wc -l <"$TMPD/hostile.log")" "POSTs the server saw"

note "a body that never ends hits the timeout; a POST whose answer never comes is 'unknown'"
hostile endless
INVOICECTL_API_URL=$HOSTILE_URL expect_exit 3 "$DRIVER" --timeout 1 --max-retries 0 list
assert_contains "$TMPD/err" "Operation timed out"
INVOICECTL_API_URL=$HOSTILE_URL expect_exit 3 "$DRIVER" --timeout 1 post /invoices '{"invoiceNumber":"X"}'
hostile_stop
assert_contains "$TMPD/out" "outcome=unknown"
assert_contains "$TMPD/out" "the request may have been processed"

note "connection refused is retried, then fails naming the attempts"
hostile silent
port=$(cat "$TMPD/hostile.port")
hostile_stop
INVOICECTL_API_URL=http://127.0.0.1:$port expect_exit 3 "$DRIVER" --max-retries 1 list
assert_contains "$TMPD/err" "(after 2 attempts)"

note "plain http to a non-loopback host and --token are refused before any request"
INVOICECTL_API_URL=http://example.com expect_exit 2 "$DRIVER" list
assert_contains "$TMPD/err" "plain http is only allowed to a loopback host"
expect_exit 2 "$DRIVER" --token abc list
assert_contains "$TMPD/err" "--token is not accepted"
assert_not_contains "$TMPD/err" "abc"

# ---- against the sandbox ----
seed_invoices() { # N: creates INV-00001..INV-N through the API, over one keep-alive connection
    "$PY" - "$SANDBOX_PORT" "$1" <<'PY'
import http.client, json, os, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
c = http.client.HTTPConnection("127.0.0.1", port)
h = {"X-Auth-Token": os.environ["B2B_AUTH_TOKEN"], "X-Store-Hash": os.environ["B2B_STORE_HASH"],
     "Content-Type": "application/json"}
for i in range(1, n + 1):
    body = {"invoiceNumber": "INV-%05d" % i, "customerId": "7",
            "originalBalance": {"code": "USD", "value": 10}, "openBalance": {"code": "USD", "value": 10}}
    c.request("POST", "/api/v3/io/ip/invoices", json.dumps(body), h)
    r = c.getresponse(); data = r.read()
    if r.status != 200:
        sys.exit("seeding invoice %d: HTTP %d %s" % (i, r.status, data[:200]))
PY
}
expected() { seq -f "INV-%05g" 1 "$1"; }
# same EXPECTED ACTUAL: the listed numbers are exactly the expected ones, in order (a short diff otherwise)
same() { cmp -s "$1" "$2" || { diff "$1" "$2" | head -20; fail "the list differs from $1"; }; }

note "600 invoices listed in 3 pages, in offset order"
sandbox_start --db "$TMPD/sb.db"
seed_invoices 600
expected 600 >"$TMPD/expected.txt"
expect_exit 0 "$DRIVER" list 250 invoiceNumber ASC
same "$TMPD/expected.txt" "$TMPD/out"
assert_contains "$TMPD/err" "stats: requests=3 "
note "... and in 60 pages of 10 with 8 in flight (out-of-order arrivals are held until their turn)"
expect_exit 0 "$DRIVER" --concurrency 8 list 10 invoiceNumber ASC
same "$TMPD/expected.txt" "$TMPD/out"
note "find by number: an exact match, and none for a prefix"
expect_exit 0 "$DRIVER" find INV-00417
[ "$(cat "$TMPD/out")" != none ] || fail "INV-00417 not found"
expect_exit 0 "$DRIVER" find INV-0041
assert_eq none "$(cat "$TMPD/out")" "find of a prefix"
sandbox_stop

note "injected 503s (30 %) are retried: the list is still complete and in order"
sandbox_start --db "$TMPD/sb.db" --faults 503=0.3 --seed 1
expect_exit 0 "$DRIVER" --concurrency 4 list 25 invoiceNumber ASC
same "$TMPD/expected.txt" "$TMPD/out"
grep -Eq 'retries=[1-9]' "$TMPD/err" || fail "no retries under 30 % 503s: $(cat "$TMPD/err")"
sandbox_stop

note "a small budget (--rate-limit 30): no 429, the list complete"
sandbox_start --db "$TMPD/sb.db" --rate-limit 30
expect_exit 0 "$DRIVER" list 150 invoiceNumber ASC
same "$TMPD/expected.txt" "$TMPD/out"
assert_contains "$TMPD/err" " 429=0 "
assert_contains "$TMPD/err" "allocated=30 "
sandbox_stop
assert_contains "$TMPD/sandbox.err" "rate-limited 429s 0,"

note "429 bursts and a concurrency limit: backed off and retried, nothing lost"
sandbox_start --db "$TMPD/sb.db" --faults burst429=0.1:3 --seed 2 --concurrency-limit 2
expect_exit 0 "$DRIVER" --concurrency 8 list 25 invoiceNumber ASC
same "$TMPD/expected.txt" "$TMPD/out"
grep -Eq ' 429=[1-9]' "$TMPD/err" || fail "no 429 seen: $(cat "$TMPD/err")"
sandbox_stop

note "the budget spent within a window: the governor waits for the reset instead of drawing 429s"
rate_server() { # LIMIT WINDOW_S TOTAL [STEAL]
    rm -f "$TMPD/rate.port"
    "$PY" "$ROOT/tests/tools/rate_server.py" "$TMPD/rate.port" "$@" >"$TMPD/rate.out" &
    RATE_PID=$!
    local i
    for i in $(seq 1 250); do [ -s "$TMPD/rate.port" ] && break; sleep 0.02; done
    [ -s "$TMPD/rate.port" ] || fail "rate server did not start"
}
rate_stop() { kill -TERM "$RATE_PID"; wait "$RATE_PID" || true; }
rate_server 10 1.5 600
INVOICECTL_API_URL=http://127.0.0.1:$(cat "$TMPD/rate.port") expect_exit 0 "$DRIVER" --concurrency 4 list 20 invoiceNumber ASC
rate_stop
same "$TMPD/expected.txt" "$TMPD/out"
assert_contains "$TMPD/rate.out" "served=30 rejected=0"
note "... and when another integration spends the budget mid-window, the 429 pauses everyone until the reset"
rate_server 10 1.5 600 7
INVOICECTL_API_URL=http://127.0.0.1:$(cat "$TMPD/rate.port") expect_exit 0 "$DRIVER" --concurrency 4 list 50 invoiceNumber ASC
rate_stop
same "$TMPD/expected.txt" "$TMPD/out"
assert_contains "$TMPD/rate.out" "served=12 "
rejected=$(sed -n 's/.*rejected=\([0-9]*\).*/\1/p' "$TMPD/rate.out")
windows=$(sed -n 's/.*windows=\([0-9]*\).*/\1/p' "$TMPD/rate.out")
[ "$rejected" -ge 1 ] || fail "the stolen budget never drew a 429: $(cat "$TMPD/rate.out")"
# Without the pause every request in flight until the reset would be rejected; with it, at most one a window.
[ "$rejected" -le "$windows" ] || fail "$rejected 429s in $windows windows: $(cat "$TMPD/rate.out")"
grep -Eq "429=$rejected " "$TMPD/err" || fail "the engine's 429 count differs from the server's: $(cat "$TMPD/err")"

note "TLS: a self-signed sandbox is refused, accepted with --cacert, and --insecure warns"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMPD/key.pem" -out "$TMPD/cert.pem" -days 2 \
    -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null || fail "openssl failed"
sandbox_start --db "$TMPD/sb.db" --tls-cert "$TMPD/cert.pem" --tls-key "$TMPD/key.pem"
export INVOICECTL_API_URL="https://127.0.0.1:$SANDBOX_PORT"
expect_exit 3 "$DRIVER" list 250 invoiceNumber ASC
assert_contains "$TMPD/err" "GET /invoices: TLS: "
assert_contains "$TMPD/err" "use --cacert FILE"
expect_exit 0 "$DRIVER" --cacert "$TMPD/cert.pem" list 250 invoiceNumber ASC
same "$TMPD/expected.txt" "$TMPD/out"
assert_not_contains "$TMPD/err" "insecure"
expect_exit 0 "$DRIVER" --insecure list 250 invoiceNumber ASC
same "$TMPD/expected.txt" "$TMPD/out"
assert_contains "$TMPD/err" "warning: --insecure: TLS certificates are not verified"
secrets_absent "$TMPD/out" "$TMPD/err"
sandbox_stop
