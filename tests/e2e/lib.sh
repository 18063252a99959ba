# Shared helpers for the end-to-end tests.  Source it: `. "$ROOT/tests/e2e/lib.sh"`.
# Every test runs with INVOICECTL (the binary), TMPD (a scratch folder removed afterwards) and ROOT (the tree).
set -euo pipefail
PY=/usr/bin/python3
# Expected dates are computed in UTC, and export's default zone is the machine's: pin it, so the tests
# mean the same on a machine in Sydney (t_export_timezone.sh sets TZ where it tests that default).
export TZ=UTC

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "# $*"; }

# Golden files are expectations: in CI they are only compared, so no test can pass by rewriting its own.
if [ -n "${UPDATE_GOLDEN:-}" ] && [ -n "${CI:-}" ]; then
    fail "UPDATE_GOLDEN is refused when CI is set: update golden files on a workstation and review the diff"
fi

# assert_eq EXPECTED ACTUAL [WHAT]
assert_eq() { [ "$1" = "$2" ] || fail "${3:-value}: expected '$1', got '$2'"; }
# assert_contains FILE TEXT
assert_contains() { grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "'$1' does not contain '$2'"; }; }
assert_not_contains() { ! grep -qF -- "$2" "$1" || fail "'$1' contains '$2'"; }
# expect_exit CODE CMD...: runs CMD, stdout/stderr to $TMPD/out and $TMPD/err, checks the exit code.
expect_exit() {
    local want=$1; shift
    set +e; "$@" >"$TMPD/out" 2>"$TMPD/err"; local got=$?; set -e
    [ "$got" = "$want" ] || { echo "--- stdout:"; cat "$TMPD/out"; echo "--- stderr:"; cat "$TMPD/err"; fail "exit $got, wanted $want: $*"; }
}
# golden EXPECTED_FILE ACTUAL_FILE: byte comparison with a readable diff.
golden() { diff -u "$1" "$2" || fail "differs from golden file $1"; }

# sandbox_start [sandbox options...]: starts `invoicectl sandbox` on a free loopback port and waits for it.
# Sets SANDBOX_PID, SANDBOX_PORT, SANDBOX_URL and exports the connection variables the client reads.
sandbox_start() {
    local pf="$TMPD/sandbox.port.$$.$RANDOM"
    rm -f "$pf"
    export B2B_AUTH_TOKEN=${B2B_AUTH_TOKEN:-sandbox-token} B2B_STORE_HASH=${B2B_STORE_HASH:-sandbox}
    "$INVOICECTL" sandbox --listen 127.0.0.1:0 --port-file "$pf" "$@" >"$TMPD/sandbox.out" 2>"$TMPD/sandbox.err" &
    SANDBOX_PID=$!
    local i
    for i in $(seq 1 500); do
        [ -s "$pf" ] && break
        kill -0 "$SANDBOX_PID" 2>/dev/null || { cat "$TMPD/sandbox.err" >&2; fail "sandbox exited at start"; }
        sleep 0.02
    done
    [ -s "$pf" ] || fail "sandbox did not start"
    SANDBOX_PORT=$(cat "$pf")
    SANDBOX_URL="http://127.0.0.1:$SANDBOX_PORT"
    export INVOICECTL_API_URL="$SANDBOX_URL/api/v3/io/ip"
    trap sandbox_stop EXIT
}
# sandbox_stop: SIGTERM, then waits; the sandbox must exit 0.
sandbox_stop() {
    [ -n "${SANDBOX_PID:-}" ] || return 0
    kill -TERM "$SANDBOX_PID" 2>/dev/null || true
    local rc=0; wait "$SANDBOX_PID" || rc=$?
    SANDBOX_PID=
    return $rc
}
# api METHOD PATH [JSON]: one raw request to the running sandbox; body on stdout, status in $TMPD/status.
api() {
    local m=$1 p=$2 d=${3:-}
    local args=(-sS -X "$m" -H "X-Auth-Token: $B2B_AUTH_TOKEN" -H "X-Store-Hash: $B2B_STORE_HASH"
        -H 'Content-Type: application/json' -o "$TMPD/body" -w '%{http_code}')
    [ -n "$d" ] && args+=(--data-binary "$d")
    curl "${args[@]}" "$SANDBOX_URL/api/v3/io/ip$p" >"$TMPD/status"
    cat "$TMPD/body"
}
# jget JSON_FILE PYTHON_EXPR: evaluates an expression over the parsed JSON `j`.
jget() { "$PY" -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# kill_at_lines N: starts the test's `run kN` in the background (run must exec invoicectl, so that $! is
# invoicectl itself) and SIGKILLs it once j.journal has N lines, or when it ends by itself first.
kill_at_lines() {
    run "k$1" &
    local pid=$!
    for _ in $(seq 1 1500); do
        [ "$(cat j.journal 2>/dev/null | wc -l)" -ge "$1" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.01
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" || true
    note "killed at $(wc -l <j.journal) journal lines"
}
