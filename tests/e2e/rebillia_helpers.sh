# Helpers for the tests of the Rebillia emulation (`invoicectl sandbox --api rebillia`).
# Source after lib.sh: `. "$ROOT/tests/e2e/rebillia_helpers.sh"`.

REB_KEY=${REB_KEY:-sandbox-rebillia-key}

jb() { jget "$TMPD/body" "$1"; }

# reb_start [options...]: sandbox_start --api rebillia with the options.
reb_start() { sandbox_start --api rebillia "$@"; }

# rapi METHOD PATH [JSON]: one request with X-AUTH-TOKEN (REB_KEY_SENT, else REB_KEY), PATH taken as
# is (give /v1/... or /globals/...); body in $TMPD/body (and on stdout), status in $TMPD/status.
# JSON "-" sends no body at all.
rapi() {
    local m=$1 p=$2 d=${3:-}
    local args=(-sS -X "$m" -H "X-AUTH-TOKEN: ${REB_KEY_SENT-$REB_KEY}" -H 'Content-Type: application/json'
        -o "$TMPD/body" -w '%{http_code}')
    [ -n "$d" ] && [ "$d" != - ] && args+=(--data-binary "$d")
    curl "${args[@]}" "$SANDBOX_URL$p" >"$TMPD/status"
    cat "$TMPD/body"
}

# rstatus CODE: the last answer's HTTP status.
rstatus() { assert_eq "$1" "$(cat "$TMPD/status")" "HTTP status (body: $(head -c 600 "$TMPD/body"))"; }

# rerror STATUS CODE [FIELD...]: the last answer is STATUS with Rebillia's error object {code, message,
# details?, timestamp}, code CODE, and (for a 422) details naming exactly the FIELDs given.
rerror() {
    rstatus "$1"
    local want=$2; shift 2
    "$PY" - "$TMPD/body" "$want" "$@" <<'PYEOF' || fail "not Rebillia's error with $want $*: $(cat "$TMPD/body")"
import json, re, sys
j = json.load(open(sys.argv[1]))
assert isinstance(j, dict), j
assert set(j) <= {"code", "message", "details", "timestamp"} and {"code", "message", "timestamp"} <= set(j), j
assert j["code"] == sys.argv[2] and j["message"], j
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", j["timestamp"]), j
fields = sys.argv[3:]
if fields:
    assert sorted(j["details"]) == sorted(fields), (sorted(j["details"]), sorted(fields))
PYEOF
}

# rinvoice [EXTRA_JSON_MEMBERS]: a valid create body (customer 517, method 1067, USD 144, gateway 9),
# with members added or replaced by the object EXTRA (null removes a member).
rinvoice() {
    local extra=${1:-}
    [ -n "$extra" ] || extra='{}'
    "$PY" - "$extra" <<'PYEOF'
import json, sys
b = {"companyCurrencyId": 144, "companyGatewayId": 9, "customerId": 517, "paymentMethodId": 1067,
     "dateDue": "2026-03-18", "dateFrom": "2026-03-01", "dateTo": "2026-03-31",
     "detail": [{"description": "item 1", "qty": 2, "amount": 4100}, {"description": "item 2", "qty": 1, "amount": 200}]}
for k, v in json.loads(sys.argv[1]).items():
    if v is None:
        b.pop(k, None)
    else:
        b[k] = v
print(json.dumps(b))
PYEOF
}
