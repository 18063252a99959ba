#!/usr/bin/env bash
# TLS is verified by default: the sandbox with a self-signed certificate is refused without --cacert and
# accepted with it; --insecure works and warns on every run; plain http:// to a host other than loopback
# (or to a name other than "localhost" itself, such as "localhost.") is refused before any connection, and
# plain http to localhost, 127.0.0.1 and [::1] works; a redirect to another host is not followed.  (That a
# plain-http request goes out only once the peer connected to is loopback: tests/unit/test_loopback.c.)
. "$ROOT/tests/e2e/lib.sh"
command -v openssl >/dev/null || fail "openssl is needed (make deps)"

cd "$TMPD"
helpers=()
cleanup() {
    local p
    for p in "${helpers[@]}"; do kill "$p" 2>/dev/null || true; done
    sandbox_stop
}
cert() { # NAME SUBJECT_ALT_NAMES
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -keyout "$1.key" -out "$1.pem" -subj "/CN=invoicectl e2e" -addext "subjectAltName=$2" 2>/dev/null ||
        fail "openssl could not make a certificate"
}
cert good "IP:127.0.0.1,DNS:localhost"
cert other "DNS:other.example"
cp "$ROOT/samples/invoices.csv" "$ROOT/samples/invoices.map.json" .
map=invoices.map.json

sandbox_start --tls-cert good.pem --tls-key good.key
trap cleanup EXIT
https_url="https://127.0.0.1:$SANDBOX_PORT/api/v3/io/ip"
export INVOICECTL_API_URL=$https_url

note "export without --cacert: refused, the message speaks of the certificate"
expect_exit 3 "$INVOICECTL" export -o refused.csv --max-retries 2 --timeout 5
assert_contains "$TMPD/err" "certificate"
assert_contains "$TMPD/err" "--cacert"
[ ! -e refused.csv ] || fail "a refused export left refused.csv"

note "import without --cacert: refused, nothing created"
expect_exit 3 "$INVOICECTL" import -m "$map" -y --results res0 --journal j0 invoices.csv
assert_contains "$TMPD/err" "certificate"

note "with --cacert: accepted (by IP and by name)"
expect_exit 0 "$INVOICECTL" export -o before.json --cacert good.pem
assert_eq 0 "$(jget before.json 'len(j) if isinstance(j, list) else len(j["invoices"])')" "invoices before the import"
expect_exit 0 "$INVOICECTL" import -m "$map" -y --results res1 --journal j1 --cacert good.pem invoices.csv
expect_exit 0 "$INVOICECTL" export -o after.csv --cacert good.pem --api-url "https://localhost:$SANDBOX_PORT"
assert_eq 13 "$(wc -l <after.csv | tr -d ' ')" "lines of after.csv (header + 12 invoices)"

note "a certificate for another name is refused even when trusted"
sandbox_stop
sandbox_start --tls-cert other.pem --tls-key other.key
trap cleanup EXIT
export INVOICECTL_API_URL="https://127.0.0.1:$SANDBOX_PORT/api/v3/io/ip"
expect_exit 3 "$INVOICECTL" export -o other.csv --cacert other.pem --max-retries 0
assert_contains "$TMPD/err" "certificate"
[ ! -e other.csv ] || fail "a refused export left other.csv"

note "--insecure works and warns on every run"
for i in 1 2; do
    expect_exit 0 "$INVOICECTL" export -o insecure$i.csv --insecure
    assert_contains "$TMPD/err" "--insecure"
    assert_contains "$TMPD/err" "not verified"
done
expect_exit 0 "$INVOICECTL" import -m "$map" --dry-run --insecure --results res2 invoices.csv
assert_contains "$TMPD/err" "--insecure"

note "a --cacert file that does not exist is an error, not a silent fallback"
expect_exit 2 "$INVOICECTL" export -o nocert.csv --cacert "$TMPD/missing.pem" --max-retries 0
assert_contains "$TMPD/err" "missing.pem"
sandbox_stop

note "plain http to a host other than loopback: refused at once, before any connection"
# A listener on this machine's own non-loopback address (when there is one) sees whether anything came.
cat >listen.py <<'PY'
import socket, sys, threading
host, log, portfile = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((host, int(sys.argv[4]) if len(sys.argv) > 4 else 0)); s.listen(16)
open(portfile + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(portfile + ".tmp", portfile)
while True:
    c, a = s.accept()
    open(log, "a").write("connection from %s\n" % (a,))
    c.close()
PY
: >listen.log
own_ip=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+\.' | grep -v '^127\.' | head -n 1 || true)
targets=("http://192.0.2.10/api/v3/io/ip" "http://example.com" "http://[::ffff:192.0.2.10]:8080"
    "http://127.0.0.1.example.com:8080" "http://localhost@192.0.2.10/"
    # Names that DNS places, however local they look: only "localhost" itself, 127.0.0.0/8 and ::1 pass.
    "http://localhost.:9" "http://LOCALHOST.:9/api/v3/io/ip" "http://localhost.localdomain:9" "http://0.0.0.0:9")
listener=
if [ -n "$own_ip" ]; then
    "$PY" listen.py "$own_ip" listen.log listen.port &
    listener=$!
    helpers+=("$listener")
    for _ in $(seq 1 250); do [ -s listen.port ] && break; sleep 0.02; done
    targets+=("http://$own_ip:$(cat listen.port)")
fi
for u in "${targets[@]}"; do
    start=$(date +%s%N)
    expect_exit 2 "$INVOICECTL" export -o plain.csv --api-url "$u" --timeout 20
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$ms" -lt 5000 ] || fail "refusing '$u' took ${ms}ms: a connection was tried"
    grep -qE "plain http is only allowed to a loopback host|must not contain a user name" "$TMPD/err" ||
        { cat "$TMPD/err"; fail "no clear refusal for '$u'"; }
    expect_exit 2 "$INVOICECTL" import -m "$map" -y --api-url "$u" --results res3 --journal j3 invoices.csv
done
[ -n "$listener" ] && { kill "$listener"; wait "$listener" 2>/dev/null || true; }
[ ! -s listen.log ] || { cat listen.log; fail "a connection reached the non-loopback listener"; }
[ ! -e plain.csv ] || fail "a refused export left plain.csv"

note "a redirect to another host is not followed"
"$PY" "$ROOT/tests/tools/hostile_server.py" redirect redirect.port redirect.log >/dev/null 2>&1 &
hostile=$!
helpers+=("$hostile")
for _ in $(seq 1 250); do [ -s redirect.port ] && break; sleep 0.02; done
[ -s redirect.port ] || fail "hostile server did not start"
port=$(cat redirect.port)
# What the redirect points to: 127.0.0.2, same port.  Anything reaching it is logged.
: >catch.log
"$PY" listen.py 127.0.0.2 catch.log catch.port "$port" &
catcher=$!
helpers+=("$catcher")
for _ in $(seq 1 250); do [ -s catch.port ] && break; sleep 0.02; done
[ -s catch.port ] || fail "catcher did not start"
export INVOICECTL_API_URL="http://127.0.0.1:$port/api/v3/io/ip"
expect_exit 3 "$INVOICECTL" export -o redirected.csv --max-retries 1 --timeout 5
assert_contains "$TMPD/err" "redirect"
assert_contains "$TMPD/err" "127.0.0.2"
[ ! -e redirected.csv ] || fail "a failed export left redirected.csv"
expect_exit 3 "$INVOICECTL" import -m "$map" -y --max-retries 1 --timeout 5 --results res4 --journal j4 invoices.csv
assert_contains "$TMPD/err" "redirect"
kill "$hostile" "$catcher"; wait "$hostile" "$catcher" 2>/dev/null || true
[ -s redirect.log ] || fail "the redirecting server saw no request"
[ ! -s catch.log ] || { cat catch.log; fail "a request reached the redirect's target host"; }

note "plain http to localhost, 127.0.0.0/8 and [::1] works: the peer connected to is loopback"
sandbox_start
trap cleanup EXIT
expect_exit 0 "$INVOICECTL" export -o lh.csv --api-url "http://localhost:$SANDBOX_PORT"
expect_exit 0 "$INVOICECTL" export -o lh4.csv --api-url "http://127.0.0.1:$SANDBOX_PORT/api/v3/io/ip"
sandbox_stop
sandbox_start --listen '[::1]:0'
trap cleanup EXIT
expect_exit 0 "$INVOICECTL" export -o lh6.csv --api-url "http://[::1]:$SANDBOX_PORT"
