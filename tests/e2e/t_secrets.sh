#!/usr/bin/env bash
# The API token never shows: every command runs at -vv with a recognisable token (and its error paths
# with a wrong one), and all output and every file written is searched for it, inside XLSX files too.
# Also: no --token option (and its value is not echoed), nothing in /proc/PID/cmdline, and a config file
# readable by others is refused with the chmod fix.
. "$ROOT/tests/e2e/lib.sh"

TOKEN=tok-7f3a9c-SECRET-e2e
WRONG=tok-d41b07-WRONG-e2e
ARGV_SECRET=tok-55e1aa-ARGV-e2e
export B2B_AUTH_TOKEN=$TOKEN B2B_STORE_HASH=store-e2e
export HOME="$TMPD/home"
unset XDG_CONFIG_HOME INVOICECTL_CONFIG INVOICECTL_PROFILE
mkdir -p "$HOME" "$TMPD/work" "$TMPD/logs"
cd "$TMPD/work"
cp "$ROOT/samples/invoices.csv" "$ROOT/samples/invoices.map.json" .

sandbox_start -vv
n=0
# run WANT_EXIT CMD...: runs CMD in the work folder, keeps its output.  WANT_EXIT may be "0|1".
run() {
    local want=$1; shift
    n=$((n + 1))
    if [ "$want" = "0|1" ]; then
        local rc=0
        "$@" >"$TMPD/out" 2>"$TMPD/err" || rc=$?
        [ "$rc" -le 1 ] || { cat "$TMPD/err"; fail "exit $rc, wanted 0 or 1: $*"; }
    else
        expect_exit "$want" "$@"
    fi
    cp "$TMPD/out" "$TMPD/logs/$n.out"
    cp "$TMPD/err" "$TMPD/logs/$n.err"
}

note "validate, mapping"
run 0 "$INVOICECTL" -vv validate -m invoices.map.json --report report.json --emit emit.jsonl invoices.csv
run 0 "$INVOICECTL" -vv validate -m invoices.map.json --report report.xlsx invoices.csv
run 0 "$INVOICECTL" -vv validate -m invoices.map.json --report report.csv invoices.csv
run 0 "$INVOICECTL" -vv mapping init invoices.csv -o init.map.json
run 0 "$INVOICECTL" -vv mapping check invoices.map.json invoices.csv

note "import: dry run, then real, with results and journal"
run 0 "$INVOICECTL" -vv import -m invoices.map.json --dry-run --results dry invoices.csv
run 0 "$INVOICECTL" -vv import -m invoices.map.json -y --results res --journal run.journal invoices.csv
assert_eq 12 "$(jget res/summary.json 'j["counts"]["created"]' 2>/dev/null || jget res/summary.json 'j["created"]')" "created"
run 0 "$INVOICECTL" -vv import -m invoices.map.json -y --results res2 --journal run.journal invoices.csv
# Default results and journal places; a fresh journal, so the plan compares with the store.
run "0|1" "$INVOICECTL" -vv import -m invoices.map.json -y invoices.csv

note "export: xlsx, csv, json, jsonl, stdout"
run 0 "$INVOICECTL" -vv export -o all.xlsx
run 0 "$INVOICECTL" -vv export -o all.csv
run 0 "$INVOICECTL" -vv export -o all.json
run 0 "$INVOICECTL" -vv export -o all.jsonl --status open
run 0 "$INVOICECTL" -vv export

note "--token-file instead of the environment"
printf '%s\n' "$TOKEN" >"$TMPD/token"
chmod 600 "$TMPD/token"
run 0 env -u B2B_AUTH_TOKEN "$INVOICECTL" -vv export --token-file "$TMPD/token" -o tf.csv
run 0 env -u B2B_AUTH_TOKEN "$INVOICECTL" -vv import -m invoices.map.json --dry-run --token-file "$TMPD/token" \
    --results dry-tf invoices.csv

note "error paths: a wrong token (401) and a wrong store hash (403): configuration errors, exit 2"
run 2 env B2B_AUTH_TOKEN=$WRONG "$INVOICECTL" -vv export -o wrong.csv --max-retries 1
assert_contains "$TMPD/err" "401"
[ ! -e wrong.csv ] || fail "an export that failed left wrong.csv"
run 2 env B2B_AUTH_TOKEN=$WRONG "$INVOICECTL" -vv import -m invoices.map.json -y --max-retries 1 \
    --results wrong-res --journal wrong.journal invoices.csv
printf '%s\n' "$WRONG" >"$TMPD/wrong-token"
chmod 600 "$TMPD/wrong-token"
run 2 env -u B2B_AUTH_TOKEN "$INVOICECTL" -vv export --token-file "$TMPD/wrong-token" -o wrong2.csv --max-retries 1
run 2 env B2B_STORE_HASH=not-this-store "$INVOICECTL" -vv export -o wrong3.csv --max-retries 1
assert_contains "$TMPD/err" "403"
run 2 env B2B_STORE_HASH=not-this-store "$INVOICECTL" -vv import -m invoices.map.json -y --max-retries 1 \
    --results wrong-res2 --journal wrong2.journal invoices.csv
note "a token with a control character is refused without being shown"
run 2 env B2B_AUTH_TOKEN="$WRONG"$'\r'"x" "$INVOICECTL" -vv export -o ctl.csv

note "--token VALUE is refused and VALUE is not echoed"
run 2 "$INVOICECTL" -vv export --token "$ARGV_SECRET" -o argv.csv
assert_contains "$TMPD/err" "--token"
assert_contains "$TMPD/err" "--token-file"
run 2 "$INVOICECTL" -vv import -m invoices.map.json --token="$ARGV_SECRET" invoices.csv
run 2 "$INVOICECTL" -vv export --tok "$ARGV_SECRET" -o argv.csv

note "config profiles: refused when readable by others, with the chmod fix; used when private"
mkdir -p "$HOME/.config/invoicectl"
cfg="$HOME/.config/invoicectl/config.json"
printf '{"profiles": {"e2e": {"api_url": "%s", "store_hash": "store-e2e", "token": "%s"}}, "default": "e2e"}\n' \
    "$INVOICECTL_API_URL" "$TOKEN" >"$cfg"
chmod 644 "$cfg"
run 2 env -u B2B_AUTH_TOKEN -u B2B_STORE_HASH -u INVOICECTL_API_URL "$INVOICECTL" -vv export -o cfg.csv
assert_contains "$TMPD/err" "chmod 600"
assert_contains "$TMPD/err" "$cfg"
[ ! -e cfg.csv ] || fail "export ran with an unsafe config"
chmod 640 "$cfg"
run 2 env -u B2B_AUTH_TOKEN -u B2B_STORE_HASH -u INVOICECTL_API_URL "$INVOICECTL" -vv export -o cfg.csv
assert_contains "$TMPD/err" "chmod 600"
chmod 600 "$cfg"
run 0 env -u B2B_AUTH_TOKEN -u B2B_STORE_HASH -u INVOICECTL_API_URL "$INVOICECTL" -vv export -o cfg.csv
[ -s cfg.csv ] || fail "export with a private config profile wrote nothing"
cp "$cfg" "$TMPD/other-config.json"
chmod 604 "$TMPD/other-config.json"
run 2 env -u B2B_AUTH_TOKEN "$INVOICECTL" -vv export --config "$TMPD/other-config.json" --profile e2e -o cfg2.csv
assert_contains "$TMPD/err" "chmod 600"

note "the token is not in the command line of a running import"
"$PY" "$ROOT/tests/tools/hostile_server.py" silent "$TMPD/silent.port" >/dev/null 2>&1 &
silent_pid=$!
trap 'kill "$silent_pid" 2>/dev/null || true; sandbox_stop' EXIT
for _ in $(seq 1 250); do [ -s "$TMPD/silent.port" ] && break; sleep 0.02; done
[ -s "$TMPD/silent.port" ] || fail "hostile server did not start"
env INVOICECTL_API_URL="http://127.0.0.1:$(cat "$TMPD/silent.port")" "$INVOICECTL" -vv import \
    -m invoices.map.json -y --timeout 20 --max-retries 0 --results silent-res --journal silent.journal \
    invoices.csv >"$TMPD/logs/silent.out" 2>"$TMPD/logs/silent.err" &
imp=$!
sleep 0.5
kill -0 "$imp" 2>/dev/null || fail "the import against a silent server ended at once"
tr '\0' ' ' <"/proc/$imp/cmdline" >"$TMPD/logs/cmdline.txt"
assert_contains "$TMPD/logs/cmdline.txt" "import"
kill -INT "$imp"
rc=0; wait "$imp" || rc=$?
[ "$rc" -lt 128 ] || fail "import died of a signal ($rc)"
kill "$silent_pid"; wait "$silent_pid" 2>/dev/null || true

sandbox_stop
cp "$TMPD/sandbox.out" "$TMPD/sandbox.err" "$TMPD/logs/"
# The token files and the config hold the token on purpose; everything else must not.
rm -f "$TMPD/token" "$TMPD/wrong-token" "$cfg" "$TMPD/other-config.json"

note "searching every output and every written file (zip members too)"
nfiles=$("$PY" - "$TMPD" "$TOKEN" "$WRONG" "$ARGV_SECRET" <<'PYEOF'
import os, sys, zipfile
root, secrets = sys.argv[1], [s.encode() for s in sys.argv[2:]]
# Distinctive middles too, to catch a token that is shown cut or partly masked.
needles = secrets + [s.split(b"-")[1] for s in secrets]
found, n = [], 0
for d, _, files in os.walk(root):
    for f in files:
        p = os.path.join(d, f)
        if p.endswith((".c", ".so")):
            continue
        n += 1
        blobs = [(p, open(p, "rb").read())]
        if zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as z:
                blobs += [(p + ":" + m, z.read(m)) for m in z.namelist()]
        for name, data in blobs:
            for s in needles:
                if s in data:
                    found.append("%s contains %s" % (name, s.decode()))
for f in found:
    print("LEAK:", f, file=sys.stderr)
print(n)
sys.exit(1 if found else 0)
PYEOF
) || fail "a secret leaked (see above)"
note "searched $nfiles files"
[ "$nfiles" -ge 60 ] || fail "only $nfiles files searched; the runs wrote less than expected"
