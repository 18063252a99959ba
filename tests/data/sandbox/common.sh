# Helpers for the sandbox's end-to-end tests (tests/e2e/t_sandbox_*.sh); source after lib.sh.
SPEC_ROOT="$ROOT/tests/data/spec"
SPEC_CHECK="$ROOT/tests/data/sandbox/spec_check.py"
[ -f "$SPEC_ROOT/specs/api-v3/invoice-management.yaml" ] || fail "spec not found under $SPEC_ROOT"

# call METHOD PATH [JSON]: one request (see api in lib.sh); body in $TMPD/body, status in $TMPD/status.
call() { api "$@" >/dev/null; }
# jb EXPR: a Python expression over the last answer's JSON `j`.
jb() { jget "$TMPD/body" "$1"; }
# expect_status CODE: the last answer's HTTP status and its body's "code" are both CODE.
expect_status() {
    [ "$(cat "$TMPD/status")" = "$1" ] || { cat "$TMPD/body"; echo; fail "HTTP status $(cat "$TMPD/status"), wanted $1"; }
    assert_eq "$1" "$(jb 'j["code"]')" "body code"
}
# spec_ok KIND [--relaxed]: the last answer matches the spec's answer schema for KIND.
spec_ok() {
    "$PY" "$SPEC_CHECK" "$SPEC_ROOT" "$1" "$TMPD/body" "${@:2}" || { cat "$TMPD/body"; echo; fail "answer is not the spec's '$1' shape"; }
}
# raw_curl ARGS...: curl with the credentials against the sandbox; prints curl's exit code, never fails.
raw_curl() {
    local rc=0
    curl -sS -H "X-Auth-Token: $B2B_AUTH_TOKEN" -H "X-Store-Hash: $B2B_STORE_HASH" "$@" 2>/dev/null || rc=$?
    echo "$rc"
}
# spec_example PATH METHOD NAME: a request example from the spec, as compact JSON.
spec_example() {
    "$PY" - "$SPEC_ROOT/specs/api-v3/invoice-management.yaml" "$1" "$2" "$3" <<'PYEOF'
import json, sys, yaml
spec = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
ex = spec["paths"][sys.argv[2]][sys.argv[3]]["requestBody"]["content"]["application/json"]["examples"]
print(json.dumps(ex[sys.argv[4]]["value"], separators=(",", ":")))
PYEOF
}
