# Helpers for the per-row mode tests (t_import_modes*.sh).  Source after lib.sh and import_helpers.sh.

# modes_mapping FILE: import_mapping with a "mode" column, "Action".
modes_mapping() {
    import_mapping "$TMPD/plain-map.json"
    "$PY" - "$TMPD/plain-map.json" "$1" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["mode"] = "Action"
json.dump(m, open(sys.argv[2], "w"), indent=1)
PY
}

# store_doc NUMBER: the stored invoice of that number, as JSON on stdout ("null" when none).
store_doc() {
    "$PY" - "$1" <<'PY'
import json, os, sys, urllib.request
base = os.environ["INVOICECTL_API_URL"]
hdr = {"X-Auth-Token": os.environ["B2B_AUTH_TOKEN"], "X-Store-Hash": os.environ["B2B_STORE_HASH"]}
req = urllib.request.Request(f"{base}/invoices?limit=250&offset=0", headers=hdr)
page = json.load(urllib.request.urlopen(req, timeout=10))
found = [i for i in page["data"] if i["invoiceNumber"] == sys.argv[1]]
if not found:
    print("null")
else:
    req = urllib.request.Request(f"{base}/invoices/{found[0]['id']}", headers=hdr)
    print(json.dumps(json.load(urllib.request.urlopen(req, timeout=10))["data"]))
PY
}

# store_id NUMBER: the store's id of that invoice number.
store_id() { store_doc "$1" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }

# recorded METHOD PATH_REGEX FILE: how many requests the sandbox recorded (--record-requests FILE).
recorded() {
    "$PY" - "$1" "$2" "$3" <<'PY'
import json, re, sys
n = 0
for line in open(sys.argv[3]):
    r = json.loads(line)
    if r["method"] == sys.argv[1] and re.fullmatch(sys.argv[2], r["path"]):
        n += 1
print(n)
PY
}
