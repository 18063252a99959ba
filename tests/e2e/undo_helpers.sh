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

# rec_count RECORD_FILE METHOD PATH_PREFIX: requests of that method whose path starts so.
rec_count() {
    "$PY" - "$@" <<'PY'
import json, sys
print(sum(1 for l in open(sys.argv[1]) if (r := json.loads(l))["method"] == sys.argv[2] and r["path"].startswith(sys.argv[3])))
PY
}

# rec_max_per_path RECORD_FILE METHOD: the most requests of that method any one path got (1: each once).
rec_max_per_path() {
    "$PY" - "$@" <<'PY'
import json, sys, collections
c = collections.Counter(r["path"] for l in open(sys.argv[1]) if (r := json.loads(l))["method"] == sys.argv[2])
print(max(c.values()) if c else 0)
PY
}
