#!/usr/bin/env bash
# --db keeps invoices across restarts (ids continue, numbers stay unique); --tls-cert/--tls-key serve
# HTTPS with a self-signed certificate made here: curl trusts it with --cacert, refuses it without.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/data/sandbox/common.sh"

inv() { echo "{\"invoiceNumber\":\"$1\",\"customerId\":\"9\",\"originalBalance\":{\"code\":\"EUR\",\"value\":12.5},\"openBalance\":{\"code\":\"EUR\",\"value\":12.5}}"; }

sandbox_start --db "$TMPD/store.db"
call POST /invoices "$(inv P-1)"; expect_status 200
call POST /invoices "$(inv P-2)"; expect_status 200
call PUT /invoices/2 '{"openBalance":{"code":"EUR","value":"2.5"}}'; expect_status 200
sandbox_stop
[ -s "$TMPD/store.db" ] || fail "no database file"

sandbox_start --db "$TMPD/store.db"
call GET "/invoices?sortBy=invoiceNumber&orderBy=ASC"
expect_status 200
assert_eq "P-1:12.5000,P-2:2.5000" "$(jb '",".join(x["invoiceNumber"]+":"+x["openBalance"]["value"] for x in j["data"])')"
call POST /invoices "$(inv P-2)"
expect_status 400
call POST /invoices "$(inv P-3)"
expect_status 200
assert_eq 3 "$(jb 'j["data"]["id"]')" "ids continue after a restart"
call DELETE /invoices/1
expect_status 200
sandbox_stop
sandbox_start --db "$TMPD/store.db"
call GET /invoices
assert_eq "2" "$(jb 'j["meta"]["pagination"]["totalCount"]')"
sandbox_stop

# An unusable --db path is an I/O error (exit 3), said plainly.
expect_exit 3 "$INVOICECTL" sandbox --listen 127.0.0.1:0 --db "$TMPD/no/such/dir/x.db"
assert_contains "$TMPD/err" "no/such/dir/x.db"

# --- TLS ---
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMPD/key.pem" -out "$TMPD/cert.pem" -days 1 \
    -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1 || fail "openssl"
sandbox_start --tls-cert "$TMPD/cert.pem" --tls-key "$TMPD/key.pem"
assert_contains "$TMPD/sandbox.out" "listening on https://127.0.0.1:$SANDBOX_PORT"
SANDBOX_URL="https://127.0.0.1:$SANDBOX_PORT"
code=$(curl -sS --cacert "$TMPD/cert.pem" -o "$TMPD/body" -w '%{http_code}' -H "X-Auth-Token: $B2B_AUTH_TOKEN" \
    -H "X-Store-Hash: $B2B_STORE_HASH" -H 'Content-Type: application/json' --data-binary "$(inv T-1)" "$SANDBOX_URL/api/v3/io/ip/invoices")
assert_eq 200 "$code" "HTTPS with --cacert"
assert_eq 1 "$(jb 'j["data"]["id"]')"
rc=$(raw_curl -o /dev/null "$SANDBOX_URL/api/v3/io/ip/invoices")
assert_eq 60 "$rc" "curl without the CA must refuse the self-signed certificate"
rc=$(raw_curl -o /dev/null --max-time 5 "http://127.0.0.1:$SANDBOX_PORT/api/v3/io/ip/invoices")
[ "$rc" != 0 ] || fail "plain HTTP to the TLS port was answered"
sandbox_stop

# TLS files that are missing or not PEM: errors, not a silent plain-HTTP server.
expect_exit 3 "$INVOICECTL" sandbox --listen 127.0.0.1:0 --tls-cert "$TMPD/none.pem" --tls-key "$TMPD/key.pem"
echo "not a certificate" >"$TMPD/bad.pem"
expect_exit 3 "$INVOICECTL" sandbox --listen 127.0.0.1:0 --tls-cert "$TMPD/bad.pem" --tls-key "$TMPD/key.pem"
