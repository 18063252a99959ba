# A create whose answer never comes back, and then the server is gone (connection refused after the
# retries): the store may hold it (here it does: the server recorded the POST before it went away), so the
# import reports it "unknown", not "unreachable", keeps its intent open and says the next run looks it up.
. "$ROOT/tests/e2e/lib.sh"
cd "$TMPD"
cp "$ROOT/samples/invoices.csv" "$ROOT/samples/invoices.map.json" .
export B2B_AUTH_TOKEN=hostile-token B2B_STORE_HASH=hostile
"$PY" "$ROOT/tests/tools/hostile_server.py" vanish vanish.port vanish.log >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 250); do [ -s vanish.port ] && break; sleep 0.02; done
[ -s vanish.port ] || fail "hostile server did not start"
export INVOICECTL_API_URL="http://127.0.0.1:$(cat vanish.port)/api/v3/io/ip"

expect_exit 3 "$INVOICECTL" import -m invoices.map.json -y --concurrency 1 --max-retries 1 --timeout 2 \
    --results r --journal j.journal invoices.csv
wait $pid || true
posted=$("$PY" -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["method"] == "POST": print(r["path"]); break' vanish.log)
[ -n "$posted" ] || fail "the server saw no POST"
first=$(jget r/summary.json '[i for i in j["invoices"] if i["outcome"] != "not sent"][0]["key"]')
assert_eq unknown "$(jget r/summary.json "[i['outcome'] for i in j['invoices'] if i['key'] == '$first'][0]")" \
    "outcome of the invoice the server received"
assert_eq 0 "$(jget r/summary.json 'j["counts"]["unreachable"]')" "invoices reported unreachable"
assert_contains "$TMPD/err" "may or may not have been created"
assert_contains "$TMPD/err" "looks them up"
assert_contains r/errors.csv "whether it was created is unknown"
# its intent stays open in the journal, for the next run to look up
"$PY" - j.journal "$first" <<'PY' || fail "the intent of '$first' is not open in the journal"
import json, sys
state = None
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e.get("key") == sys.argv[2]:
        state = e["op"]
sys.exit(0 if state == "intent" else 1)
PY
