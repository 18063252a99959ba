#!/usr/bin/env bash
# Hostile and broken servers (tests/tools/hostile_server.py): for each, export and import end with a
# documented exit code (never a signal), within the timeouts, with a message that says what happened, no
# file under the final export name, and no invoice reported as done that is not.  Then a real server (the
# sandbox, with its store on disk) that stops in the middle of an import and comes back: the re-run
# resumes and the store ends with every invoice exactly once.
. "$ROOT/tests/e2e/lib.sh"

cd "$TMPD"
cp "$ROOT/samples/invoices.csv" "$ROOT/samples/invoices.map.json" .
map=invoices.map.json
export B2B_AUTH_TOKEN=hostile-token B2B_STORE_HASH=hostile
TIMEOUT=2 RETRIES=1
# The longest a command may take: every attempt timing out, plus backoff and start-up slack.
BOUND=$(( (RETRIES + 1) * TIMEOUT + 8 ))

hostile_pid=
start_hostile() { # MODE
    rm -f "$1.port"
    "$PY" "$ROOT/tests/tools/hostile_server.py" "$1" "$1.port" "$1.log" >/dev/null 2>&1 &
    hostile_pid=$!
    for _ in $(seq 1 250); do [ -s "$1.port" ] && break; sleep 0.02; done
    [ -s "$1.port" ] || fail "hostile server ($1) did not start"
    export INVOICECTL_API_URL="http://127.0.0.1:$(cat "$1.port")/api/v3/io/ip"
}
stop_hostile() {
    [ -n "$hostile_pid" ] || return 0
    kill "$hostile_pid" 2>/dev/null || true
    wait "$hostile_pid" 2>/dev/null || true
    hostile_pid=
}
trap stop_hostile EXIT
# Findings that do not stop the test: every section runs, the test fails at the end with all of them.
problems=()
problem() { echo "PROBLEM: $*" >&2; problems+=("$*"); }

# timed WANT_EXITS CMD...: runs CMD; its exit must be one of WANT_EXITS ("3" or "1 3"), it must end
# within BOUND seconds.  Output in $TMPD/out, $TMPD/err.
timed() {
    local want=$1; shift
    local start rc=0
    start=$(date +%s%N)
    timeout -s KILL $((BOUND + 20)) "$@" >"$TMPD/out" 2>"$TMPD/err" || rc=$?
    local ms=$(( ($(date +%s%N) - start) / 1000000 ))
    note "  exit $rc after ${ms} ms: $(tail -n 1 "$TMPD/err")"
    [ "$rc" -lt 128 ] || { cat "$TMPD/err"; fail "killed by a signal or hung (exit $rc): $*"; }
    [[ " $want " == *" $rc "* ]] || { cat "$TMPD/err"; fail "exit $rc, wanted one of '$want': $*"; }
    [ "$ms" -le $((BOUND * 1000)) ] || fail "took ${ms} ms, more than the ${BOUND} s the timeouts allow: $*"
}

# no_export_file NAME: a failed export leaves nothing under its name, nor a temporary beside it.
no_export_file() {
    [ ! -e "$1" ] || fail "a failed export left '$1'"
    local left
    left=$(find . -maxdepth 1 -name "${1%.*}*" ! -name "*.port" ! -name "*.log" | head -n 1)
    [ -z "$left" ] || fail "a failed export left '$left'"
}

# honest_results DIR: the results account for every invoice, and every invoice reported created or
# updated has the id the API gave it (an answer without one is no proof that anything was stored).
honest_results() {
    local dir=$1
    [ -f "$dir/summary.json" ] || return 0
    "$PY" - "$dir" <<'PY' || problem "dishonest results in $1"
import csv, json, sys
d = sys.argv[1]
s = json.load(open(d + "/summary.json"))
c = s["counts"]
total = sum(v for k, v in c.items() if k != "invoices")
if total != c["invoices"]:
    sys.exit("outcomes add up to %d, not %d invoices: %s" % (total, c["invoices"], c))
bad = []
for row in csv.DictReader(open(d + "/success.csv", newline="")):
    if row.get("action") in ("created", "updated"):
        v = row.get("invoice_id", "")
        if not v.isdigit() or int(v) <= 0:
            bad.append("%s %s with invoice_id '%s'" % (row.get("Invoice Number"), row["action"], v))
for b in sorted(set(bad)):
    print("reported done without an id from the API:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}
count_created() { [ -f "$1/summary.json" ] && jget "$1/summary.json" 'j["counts"]["created"]' || echo 0; }

export_case() { # MODE WANT_EXIT TEXT...
    local mode=$1 want=$2; shift 2
    note "$mode: export"
    timed "$want" "$INVOICECTL" export -o "x-$mode.csv" --timeout $TIMEOUT --max-retries $RETRIES
    local t
    for t in "$@"; do assert_contains "$TMPD/err" "$t"; done
    [ "$want" = 0 ] || no_export_file "x-$mode.csv"
}
import_case() { # MODE WANT_EXITS TEXT...
    local mode=$1 want=$2; shift 2
    note "$mode: import"
    timed "$want" "$INVOICECTL" import -m "$map" -y --results "r-$mode" --journal "j-$mode" \
        --timeout $TIMEOUT --max-retries $RETRIES invoices.csv
    local t
    for t in "$@"; do assert_contains "$TMPD/err" "$t"; done
    honest_results "r-$mode"
}

start_hostile truncated
export_case truncated 3 "offset 0" "not JSON"
timed 3 "$INVOICECTL" export -o x-truncated.xlsx --timeout $TIMEOUT --max-retries $RETRIES
no_export_file x-truncated.xlsx
import_case truncated 3 "not JSON"
assert_eq 0 "$(count_created r-truncated)" "created against a truncating server"
stop_hostile

start_hostile code500
export_case code500 3 "HTTP 500"
import_case code500 3 "HTTP 500"
assert_eq 0 "$(count_created r-code500)" "created against a server that answers code 500"
[ "$(wc -l <code500.log)" -ge 2 ] || fail "a 500 was not retried"
stop_hostile

start_hostile wrongtypes
export_case wrongtypes 3 "'id' is not a number"
timed 3 "$INVOICECTL" export -o x-wrongtypes.json --timeout $TIMEOUT --max-retries $RETRIES
no_export_file x-wrongtypes.json
# The create answers say {"code": 200, "data": {"id": "abc"}}: not an invoice id.
import_case wrongtypes "0 1 3"
n=$(count_created r-wrongtypes)
[ "$n" = 0 ] || problem "wrongtypes: $n invoices counted as created from answers whose id is \"abc\""
stop_hostile

start_hostile huge
export_case huge 3 "offset 0"
grep -qE "not JSON|larger than" "$TMPD/err" || fail "no message about the 50 MB answer"
stop_hostile

start_hostile endless
export_case endless 3 "timed out"
stop_hostile

start_hostile redirect
export_case redirect 3 "redirected to '127.0.0.2'" "not followed"
stop_hostile

start_hostile silent
export_case silent 3 "timed out"
import_case silent 3 "timed out"
assert_eq 0 "$(count_created r-silent)" "created against a silent server"
stop_hostile

# flap: the first request (the list) is answered, then every connection is closed unanswered for 3 s.
start_hostile flap
import_case flap "1 3" "run the same command again"
assert_eq 0 "$(count_created r-flap)" "created while the server was down"
stop_hostile

note "text from the API: invalid UTF-8 and formulas; every file written stays well-formed and inert"
mkdir badtext-server
"$PY" - badtext-server/GET.body <<'PY'
import json, sys
inv = {"id": 1, "customerId": "7", "invoiceNumber": "T-1", "status": 0, "dueDate": 1790000000,
       "originalBalance": {"code": "USD", "value": "10.0000"}, "openBalance": {"code": "USD", "value": "10.0000"},
       "customerName": "=HYPERLINK(\"http://x\",\"y\")", "purchaseOrderNumber": "@SUM(A1)",
       "details": {"header": {"costLines": []}, "details": {"lineItems": []}},
       "createdAt": 1780000000, "updatedAt": 1780000000}
bad = dict(inv, id=2, invoiceNumber="T-2", customerName="MARK-A")
page = {"code": 200, "data": [inv, bad], "meta": {"message": "SUCCESS",
        "pagination": {"totalCount": 2, "limit": 250, "offset": 0}}}
# Bytes that are not UTF-8, as a broken server might send them (json.dumps cannot make them).
open(sys.argv[1], "wb").write(json.dumps(page).encode().replace(b"MARK-A", b"Caf\xe9 \xff\xfe"))
PY
"$PY" "$ROOT/tests/tools/bad_api_server.py" badtext-server badtext-server.port >/dev/null 2>&1 &
hostile_pid=$!
for _ in $(seq 1 250); do [ -s badtext-server.port ] && break; sleep 0.02; done
export INVOICECTL_API_URL="http://127.0.0.1:$(cat badtext-server.port)/api/v3/io/ip"
for ext in csv xlsx json jsonl; do
    rc=0
    "$INVOICECTL" export -o "text.$ext" --max-retries 0 >"$TMPD/out" 2>"$TMPD/err" || rc=$?
    note "  $ext: exit $rc $(tail -n 1 "$TMPD/err")"
    [ "$rc" -lt 128 ] || fail "export to $ext died of a signal"
    if [ "$rc" != 0 ]; then
        assert_eq 3 "$rc" "exit code of a refused answer"
        no_export_file "text.$ext"
        continue
    fi
    "$PY" - "text.$ext" <<'PY' || problem "text.$ext is not well-formed, or holds a live formula"
import csv, io, json, sys, zipfile
p = sys.argv[1]
if p.endswith(".xlsx"):
    import openpyxl
    wb = openpyxl.load_workbook(p)  # fails on XML that is not well-formed
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    sys.exit("%s!%s is a formula: %r" % (ws.title, c.coordinate, c.value))
    found = any(isinstance(c.value, str) and "HYPERLINK" in c.value
                for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    if not found:
        sys.exit("the customer name is missing")
    sys.exit(0)
text = open(p, "rb").read().decode("utf-8")  # strict: invalid UTF-8 fails
if p.endswith(".jsonl"):
    [json.loads(l) for l in text.splitlines() if l.strip()]
elif p.endswith(".json"):
    json.loads(text)
else:
    cells = [c for r in csv.reader(io.StringIO(text)) for c in r]
    if not any("HYPERLINK" in c for c in cells):
        sys.exit("the customer name is missing")
    live = [c for c in cells if c[:1] in ("=", "@", "+")]
    if live:
        sys.exit("cells that a spreadsheet would run: %r" % live)
PY
done
stop_hostile

note "the sandbox stops in the middle of an import and comes back on the same port"
sandbox_start --db "$TMPD/store.db" --latency 150 --concurrency-limit 64
port=$SANDBOX_PORT
"$INVOICECTL" import -m "$map" -y --results r-down --journal j-down --timeout $TIMEOUT \
    --max-retries $RETRIES --concurrency 1 invoices.csv >"$TMPD/down.out" 2>"$TMPD/down.err" &
imp=$!
for _ in $(seq 1 500); do
    n=$(grep -c '"created"' j-down 2>/dev/null) || n=0
    [ "$n" -ge 2 ] && break
    kill -0 "$imp" 2>/dev/null || break
    sleep 0.01
done
sandbox_stop
rc=0; wait "$imp" || rc=$?
note "  first run: exit $rc: $(tail -n 1 "$TMPD/down.err")"
[ "$rc" = 3 ] || { cat "$TMPD/down.err"; fail "exit $rc while the server was gone, wanted 3"; }
honest_results r-down
done_first=$(count_created r-down)
[ "$done_first" -ge 2 ] && [ "$done_first" -lt 12 ] || fail "the server did not stop mid-run ($done_first created)"
sandbox_start --db "$TMPD/store.db" --listen "127.0.0.1:$port"
expect_exit 0 "$INVOICECTL" import -m "$map" -y --results r-up --journal j-down --timeout $TIMEOUT invoices.csv
assert_contains "$TMPD/err" "resuming"
honest_results r-up
api GET "/invoices?limit=250" >list.json
assert_eq 12 "$(jget list.json 'j["meta"]["pagination"]["totalCount"]')" "invoices in the store"
assert_eq 12 "$(jget list.json 'len(set(i["invoiceNumber"] for i in j["data"]))')" "distinct invoice numbers"
sandbox_stop

if [ ${#problems[@]} -gt 0 ]; then
    printf 'problem: %s\n' "${problems[@]}" >&2
    fail "${#problems[@]} problems (above)"
fi
