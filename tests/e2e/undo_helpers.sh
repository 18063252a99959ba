# Helpers for the undo tests (t_undo*.sh).  Source after lib.sh and import_helpers.sh.

# store_snapshot FILE: the whole store as `export --format json` writes it, sorted by invoice number, without
# what the store itself stamps on every write (updatedAt): two snapshots are equal when the invoices are.
store_snapshot() {
    "$INVOICECTL" -q export --format json -o "$TMPD/.snap.json"
    "$PY" - "$TMPD/.snap.json" "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
rows = doc if isinstance(doc, list) else doc.get("invoices", doc.get("data", doc))
def clean(o):
    if isinstance(o, dict):
        return {k: clean(v) for k, v in o.items() if k not in ("updatedAt", "updated_at", "exportedAt", "generatedAt")}
    if isinstance(o, list):
        return [clean(v) for v in o]
    return o
rows = sorted((clean(r) for r in rows), key=lambda r: json.dumps(r, sort_keys=True))
json.dump(rows, open(sys.argv[2], "w"), indent=1, sort_keys=True)
PY
}

# rec_mark RECORD_FILE: the number of requests recorded so far (the sandbox keeps the file open: it is not
# truncated between steps, the counts start after a mark instead).
rec_mark() { wc -l <"$1" | tr -d ' '; }
# rec_count RECORD_FILE METHOD PATH_PREFIX [MARK]: requests of that method whose path starts so, after MARK.
rec_count() {
    "$PY" - "$1" "$2" "$3" "${4:-0}" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()[int(sys.argv[4]):]
print(sum(1 for l in lines if (r := json.loads(l))["method"] == sys.argv[2] and r["path"].startswith(sys.argv[3])))
PY
}

# rec_max_per_path RECORD_FILE METHOD [MARK]: the most requests of that method any one path got after MARK
# (1: each once).
rec_max_per_path() {
    "$PY" - "$1" "$2" "${3:-0}" <<'PY'
import json, sys, collections
lines = open(sys.argv[1]).read().splitlines()[int(sys.argv[3]):]
c = collections.Counter(r["path"] for l in lines if (r := json.loads(l))["method"] == sys.argv[2])
print(max(c.values()) if c else 0)
PY
}
