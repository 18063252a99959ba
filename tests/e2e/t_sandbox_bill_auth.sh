#!/usr/bin/env bash
# BILL v3 emulation, access: login (devKey BDC_1102, credentials and organization BDC_1101), devKey and
# sessionId on every other call (BDC_1102, BDC_1109), idle expiry and its sliding window, logout,
# secrets from files and never printed, the login and hourly budgets (BDC_1144), BILL's error array,
# unknown paths (BDC_1121), both path roots, and options that belong to bill-v3 only.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"

note "BILL-only options and faults are refused for B2B"
expect_exit 2 "$INVOICECTL" sandbox --username x --listen 127.0.0.1:0
assert_contains "$TMPD/err" "--username applies to --api bill-v3"
expect_exit 2 "$INVOICECTL" sandbox --faults session-expire=0.5 --listen 127.0.0.1:0
assert_contains "$TMPD/err" "session-expire"
expect_exit 2 "$INVOICECTL" sandbox --api bill-v3 --read-only --listen 127.0.0.1:0
assert_contains "$TMPD/err" "--read-only applies to --api bigcommerce-b2b"
expect_exit 2 "$INVOICECTL" sandbox --api chargebee --listen 127.0.0.1:0
assert_contains "$TMPD/err" "--api 'chargebee'"

note "secrets from files, never printed"
printf 'pw-%s-secret\n' "$RANDOM" >"$TMPD/pw"
printf 'dk-%s-secret\n' "$RANDOM" >"$TMPD/dk"
PW=$(head -n1 "$TMPD/pw") DK=$(head -n1 "$TMPD/dk")
bill_start --password-file "$TMPD/pw" --dev-key-file "$TMPD/dk" --username ap@corp.example \
    --organization-id 00801CORPORATEORG001 --session-idle 4 --login-limit 7 --record-requests "$TMPD/rec.jsonl"
assert_not_contains "$TMPD/sandbox.err" "$PW"
assert_not_contains "$TMPD/sandbox.err" "$DK"

bill_login ap@corp.example "$PW" 00801CORPORATEORG001 wrong-key
berror BDC_1102 401
bill_login ap@corp.example wrong 00801CORPORATEORG001 "$DK"
berror BDC_1101 401
bill_login someone@else "$PW" 00801CORPORATEORG001 "$DK"
berror BDC_1101 401
bill_login ap@corp.example "$PW" 00801OTHERORG0000001 "$DK"
berror BDC_1101 401
curl -sS -o "$TMPD/body" -w '%{http_code}' -X POST -d '{"username":"ap@corp.example","devKey":"x"}' \
    "$SANDBOX_URL/v3/login" >"$TMPD/status"
bstatus 400
assert_contains "$TMPD/body" "password: must not be blank"
assert_contains "$TMPD/body" "organizationId: must not be blank"
bill_login ap@corp.example "$PW" 00801CORPORATEORG001 "$DK"
bstatus 200
[ ${#BILL_SESSION} -ge 20 ] || fail "short session id '$BILL_SESSION'"
assert_eq 00801CORPORATEORG001 "$(jb 'j["organizationId"]')"
assert_not_contains "$TMPD/sandbox.err" "$BILL_SESSION"

assert_contains "$TMPD/rec.jsonl" '"path":"/v3/login"'
assert_contains "$TMPD/rec.jsonl" '"username":"ap@corp.example"'
assert_not_contains "$TMPD/rec.jsonl" "$PW"
assert_not_contains "$TMPD/rec.jsonl" "$DK"

note "every call needs the devKey and a live session"
BILL_DEVKEY_SENT=$DK
bapi GET /v3/customers >/dev/null
bstatus 200
BILL_DEVKEY_SENT=sandbox-dev-key bapi GET /v3/customers >/dev/null
berror BDC_1102 401
curl -sS -o "$TMPD/body" -w '%{http_code}' -H "sessionId: $BILL_SESSION" "$SANDBOX_URL/v3/customers" >"$TMPD/status"
berror BDC_1102 401
S=$BILL_SESSION
BILL_SESSION=not-a-session bapi GET /v3/customers >/dev/null
berror BDC_1109 401
BILL_SESSION=$S
bapi GET /connect/v3/customers >/dev/null
bstatus 200

note "unknown paths: BDC_1121"
bapi GET /v3/bills/bulk >/dev/null
berror BDC_1121 404
bapi DELETE /v3/invoices/00e01SANDBOX00000001 >/dev/null
berror BDC_1121 405

note "idle expiry slides with use, then BDC_1109; a new login works"
for i in 1 2 3; do sleep 2; bapi GET /v3/customers >/dev/null; bstatus 200; done
sleep 5
bapi GET /v3/customers >/dev/null
berror BDC_1109 401
bapi GET /v3/customers >/dev/null
berror BDC_1109 401
bill_login ap@corp.example "$PW" 00801CORPORATEORG001 "$DK"
bstatus 200
bapi GET /v3/customers >/dev/null
bstatus 200

note "logout ends the session"
bapi POST /v3/logout >/dev/null
bstatus 200
bapi GET /v3/customers >/dev/null
berror BDC_1109 401

note "the login budget: 7 an hour here (failed ones count), the eighth is refused"
bill_login ap@corp.example "$PW" 00801CORPORATEORG001 "$DK"
bstatus 429
berror BDC_1144 429
sandbox_stop
BILL_DEVKEY_SENT=

note "the hourly budget: BDC_1144 once spent, the login counted too"
bill_start --hourly-limit 4
bill_login
bstatus 200
for i in 1 2 3; do bapi GET /v3/customers >/dev/null; bstatus 200; done
bapi GET /v3/customers >/dev/null
berror BDC_1144 429
bapi GET /v3/invoices >/dev/null
berror BDC_1144 429
sandbox_stop

note "fault session-expire=1: every session is found expired at its first use"
bill_start --faults session-expire=1 --seed 7
bill_login
bstatus 200
bapi GET /v3/customers >/dev/null
berror BDC_1109 401
bill_login
bapi GET /v3/invoices >/dev/null
berror BDC_1109 401
sandbox_stop
assert_contains "$TMPD/sandbox.err" "session-expire=2"

note "fault session-expire=0.5: some requests find it expired, others not; the same with the same seed"
run_mix() {
    bill_start --faults session-expire=0.5 --seed 42
    local out="" i
    for i in $(seq 1 12); do
        [ -n "$BILL_SESSION" ] || bill_login
        bapi GET /v3/customers >/dev/null
        out="$out$(cat "$TMPD/status") "
        [ "$(cat "$TMPD/status")" = 200 ] || BILL_SESSION=
    done
    sandbox_stop
    echo "$out"
}
A=$(run_mix); B=$(run_mix)
assert_eq "$A" "$B" "session-expire draws with one seed"
case "$A" in *200*) ;; *) fail "no request kept its session: $A" ;; esac
case "$A" in *401*) ;; *) fail "no session expired: $A" ;; esac
note ok
