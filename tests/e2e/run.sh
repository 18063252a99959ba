#!/usr/bin/env bash
# Runs every end-to-end test (tests/e2e/t_*.sh) against the invoicectl binary given as $1.
# Each test gets INVOICECTL, a scratch folder in TMPD, and the helpers in lib.sh; it exits non-zero on failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: run.sh /path/to/invoicectl}
pass=0 fail=0 failed=()
for t in "$here"/t_*.sh; do
    [ -e "$t" ] || continue
    name=$(basename "$t" .sh)
    tmpd=$(mktemp -d)
    start=$(date +%s)
    if INVOICECTL="$bin" TMPD="$tmpd" ROOT="$here/../.." bash "$t" >"$tmpd/.log" 2>&1; then
        pass=$((pass + 1)); echo "ok   $name ($(( $(date +%s) - start ))s)"
        rm -rf "$tmpd"
    else
        fail=$((fail + 1)); failed+=("$name"); echo "FAIL $name ($(( $(date +%s) - start ))s)"
        tail -n 40 "$tmpd/.log" | sed 's/^/    /'
        rm -rf "$tmpd"
    fi
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
