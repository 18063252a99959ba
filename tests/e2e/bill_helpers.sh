# Helpers for the tests of the BILL v3 emulation (`invoicectl sandbox --api bill-v3`).
# Source after lib.sh: `. "$ROOT/tests/e2e/bill_helpers.sh"`.

jb() { jget "$TMPD/body" "$1"; }

BILL_USER=sandbox@example.com BILL_PASSWORD=sandbox-password
BILL_ORG=00801SANDBOXORG00001 BILL_DEVKEY=sandbox-dev-key
BILL_CUSTOMER=0cu01SANDBOX00000001

# bill_start [options...]: sandbox_start --api bill-v3 with the options.
bill_start() { sandbox_start --api bill-v3 "$@"; }

# bill_login [USER PASSWORD ORG DEVKEY]: POST /v3/login; sets BILL_SESSION on success.  Body in
# $TMPD/body, status in $TMPD/status.
bill_login() {
    local body
    body=$("$PY" -c 'import json,sys; print(json.dumps(dict(zip(["username","password","organizationId","devKey"], sys.argv[1:]))))' \
        "${1:-$BILL_USER}" "${2:-$BILL_PASSWORD}" "${3:-$BILL_ORG}" "${4:-$BILL_DEVKEY}")
    curl -sS -o "$TMPD/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        --data-binary "$body" "$SANDBOX_URL/v3/login" >"$TMPD/status"
    BILL_SESSION=
    if [ "$(cat "$TMPD/status")" = 200 ]; then BILL_SESSION=$(jb 'j["sessionId"]'); fi
}

# bapi METHOD PATH [JSON]: one request with devKey and sessionId (BILL_DEVKEY_SENT and BILL_SESSION);
# body in $TMPD/body (and on stdout), status in $TMPD/status.
bapi() {
    local m=$1 p=$2 d=${3:-}
    local args=(-sS -X "$m" -H "devKey: ${BILL_DEVKEY_SENT:-$BILL_DEVKEY}" -H "sessionId: ${BILL_SESSION:-}"
        -H 'Content-Type: application/json' -o "$TMPD/body" -w '%{http_code}')
    [ -n "$d" ] && args+=(--data-binary "$d")
    curl "${args[@]}" "$SANDBOX_URL$p" >"$TMPD/status"
    cat "$TMPD/body"
}

# bstatus CODE: the last answer's HTTP status.
bstatus() { assert_eq "$1" "$(cat "$TMPD/status")" "HTTP status (body: $(head -c 400 "$TMPD/body"))"; }

# berror CODE STATUS: the last answer is STATUS with BILL's error array, its first element with
# timestamp, code CODE, severity, category and message.
berror() {
    bstatus "$2"
    "$PY" - "$TMPD/body" "$1" <<'PYEOF' || fail "not BILL's error array with $1: $(cat "$TMPD/body")"
import json, re, sys
j = json.load(open(sys.argv[1]))
assert isinstance(j, list) and j, j
e = j[0]
assert set(e) == {"timestamp", "code", "severity", "category", "message"}, e
assert e["code"] == sys.argv[2] and e["severity"] == "ERROR" and e["message"], e
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", e["timestamp"]), e
PYEOF
}

# bmessages: the messages of the last answer's error array, one a line.
bmessages() { jb '"\n".join(e["message"] for e in j)'; }

# an invoice body: binvoice NUMBER [LINES_JSON]
binvoice() {
    local lines='[{"quantity":2,"price":39.99,"description":"Widget"}]'
    [ $# -ge 2 ] && lines=$2
    printf '{"customer":{"id":"%s"},"invoiceNumber":"%s","invoiceDate":"2026-03-01","dueDate":"2026-03-31","invoiceLineItems":%s}' \
        "$BILL_CUSTOMER" "$1" "$lines"
}
