# The lookup after a create of unknown outcome reads every page of the keyword search: the API's
# searchBy=invoiceNumber&q=… matches substrings, so a short number ("7") can have more than a page of
# other matches ("70", "171", …) before its own.  A server (below) stores the POST, drops the connection
# without an answer, answers any resend "already exists", and lists the exact match on the second page.
# The invoice must count as created once, not as rejected.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
cd "$TMPD"
export B2B_AUTH_TOKEN=e2e-secret-token-value B2B_STORE_HASH=sandbox
export HOME="$TMPD/home"
mkdir -p "$HOME"
cat >server.py <<'PY'
import http.server, json, sys, urllib.parse
stored = {}
log = open(sys.argv[2], "a", buffering=1)
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def send(self, status, obj):
        b = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)
    def do_GET(self):
        u = urllib.parse.urlparse(self.path)
        q = dict(urllib.parse.parse_qsl(u.query))
        log.write("GET %s\n" % self.path)
        off, lim = int(q.get("offset", 0)), int(q.get("limit", 250))
        rows = []
        if q.get("searchBy") == "invoiceNumber":
            others = [n for n in (str(i) for i in range(1, 2000)) if q["q"] in n and n not in stored]
            for n in others[:300]:
                rows.append({"id": 100000 + int(n), "invoiceNumber": n, "customerId": "1"})
            rows[280:280] = list(stored.values())
        self.send(200, {"code": 200, "data": rows[off:off + lim],
                        "meta": {"pagination": {"totalCount": len(rows), "offset": off, "limit": lim}}})
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        log.write("POST %s\n" % body["invoiceNumber"])
        if body["invoiceNumber"] in stored:
            self.send(400, {"code": 400, "data": {"errMsg": "The invoice number already exists."},
                            "meta": {"message": "The invoice number already exists."}})
            return
        body["id"] = 42
        stored[body["invoiceNumber"]] = body
        self.close_connection = True  # committed; the answer is never sent
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_address[1]))
s.serve_forever()
PY
"$PY" server.py port log &
SRV=$!
trap 'kill $SRV 2>/dev/null || true' EXIT
for _ in $(seq 1 250); do [ -s port ] && break; sleep 0.02; done
[ -s port ] || fail "server did not start"
export INVOICECTL_API_URL="http://127.0.0.1:$(cat port)"
import_mapping map.json
printf 'Invoice Number,Company ID,Due Date,Currency,SKU,Description,Quantity,Unit Price,Freight\n7,1000,2026-11-30,USD,SKU-0,Item,1,10.50,5.00\n' >a.csv
expect_exit 0 "$INVOICECTL" -v import -m map.json --yes --concurrency 1 --max-retries 1 --results r1 a.csv
# libcurl itself resends the dropped POST once (answered "already exists"); the import sends no other
posts=$(grep -c '^POST' log)
[ "$posts" -le 2 ] || fail "the import sent the create again ($posts POSTs)"
assert_contains log "searchBy=invoiceNumber&q=7&limit=250&offset=250"
assert_eq 1 "$(summary_get r1 'j["counts"]["created"]')" "created"
assert_eq 42 "$(summary_get r1 'j["invoices"][0]["id"]')" "invoice id"
assert_contains "$TMPD/err" "the create of unknown outcome went through"
