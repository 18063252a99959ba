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

# ---- importing into the BILL sandbox (t_bill_*.sh) ----

# bill_client_env: the client's BILL settings for the running sandbox.  The URL is the host alone, as
# a user may give it: the client adds BILL's own path, never B2B Edition's.
bill_client_env() {
    export BILL_USERNAME=$BILL_USER BILL_PASSWORD BILL_ORG_ID=$BILL_ORG BILL_DEV_KEY=$BILL_DEVKEY
    export INVOICECTL_API_URL=$SANDBOX_URL
}

# bill_mapping FILE: the mapping of bill_csv's files.
bill_mapping() {
    cat >"$1" <<'JSON'
{
  "target": "bill-v3",
  "locale": { "decimal": ".", "date": "%Y-%m-%d", "timezone": "UTC", "currency": "USD" },
  "group_by": ["Invoice Number"],
  "match": "invoiceNumber",
  "invoice": {
    "invoiceNumber": "Invoice Number",
    "customerId": "Customer ID",
    "issuedAt": { "column": "Invoice Date", "type": "date" },
    "dueDate": { "column": "Due Date", "type": "date" }
  },
  "lineItems": {
    "description": "Description",
    "quantity": { "column": "Quantity", "type": "decimal" },
    "unitPrice": { "column": "Unit Price", "type": "money" }
  }
}
JSON
}

# bill_csv N [CHANGED]: N invoices (1 to 3 lines each) for the sandbox's five customers on stdout.
# CHANGED: how many invoices (the first ones, every 7th) get another price on their first line.
bill_csv() {
    "$PY" - "$1" "${2:-0}" <<'PY'
import sys
n, changed = int(sys.argv[1]), int(sys.argv[2])
print("Invoice Number,Customer ID,Invoice Date,Due Date,Description,Quantity,Unit Price")
picked = set(list(range(0, n, 7))[:changed])
for i in range(n):
    for k in range(1 + i % 3):
        price = f"{10 + i % 7}.{k}5"
        if k == 0 and i in picked:
            price = f"{20 + i % 7}.99"
        print(f"BI-{i:06d},0cu01SANDBOX0000000{1 + i % 5},2026-10-{1 + i % 28:02d},2026-11-{1 + i % 28:02d},"
              f"\"Item {k}, \"\"boxed\"\"\",{1 + k},{price}")
PY
}

# bill_store FILE: every invoice in the sandbox (archived ones too) as a JSON array, in creation order.
# Pages are asked again when a fault is injected.
bill_store() {
    "$PY" - "$1" <<'PY'
import json, os, sys, time, urllib.request
base = os.environ["INVOICECTL_API_URL"]  # bill_client_env: the host alone
def call(method, path, body=None, hdr={}):
    for attempt in range(600):  # faults may be injected: ask again
        try:
            req = urllib.request.Request(base + path, method=method, headers=dict(hdr, **{"Content-Type": "application/json"}),
                                         data=json.dumps(body).encode() if body is not None else None)
            return json.load(urllib.request.urlopen(req, timeout=10))
        except Exception:
            time.sleep(0.1)
    raise SystemExit("cannot reach the sandbox: " + path)
s = call("POST", "/v3/login", {"username": os.environ["BILL_USERNAME"], "password": os.environ["BILL_PASSWORD"],
                               "organizationId": os.environ["BILL_ORG_ID"], "devKey": os.environ["BILL_DEV_KEY"]})
hdr = {"devKey": os.environ["BILL_DEV_KEY"], "sessionId": s["sessionId"]}
out, page = [], None
while True:
    p = call("GET", "/v3/invoices?max=100" + ("&page=" + page if page else ""), hdr=hdr)
    out += p["results"]
    page = p.get("nextPage")
    if not page:
        break
json.dump(out, open(sys.argv[1], "w"))
PY
}

# bill_numbers STORE_JSON: the invoice numbers of a bill_store file, one a line, sorted (duplicates kept).
bill_numbers() { jget "$1" '"\n".join(sorted(i["invoiceNumber"] for i in j))'; }

# bill_writes RECORD_FILE: how many POST and PUT requests to /v3/invoices… the sandbox recorded (sign-ins
# are not writes).
bill_writes() {
    "$PY" - "$1" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    n += r["method"] in ("POST", "PUT", "PATCH") and r["path"].startswith("/v3/invoices")
print(n)
PY
}

# bill_count RECORD_FILE METHOD PATH_PREFIX: recorded requests of that method whose path starts so.
bill_count() {
    "$PY" - "$@" <<'PY'
import json, sys
print(sum(1 for l in open(sys.argv[1]) if (r := json.loads(l))["method"] == sys.argv[2] and r["path"].startswith(sys.argv[3])))
PY
}
