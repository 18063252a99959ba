#!/usr/bin/env bash
# Runs every end-to-end test (tests/e2e/t_*.sh) against the invoicectl binary given as $1, or only the tests
# named after it (`run.sh build/invoicectl t_tls t_secrets`).
# Each test gets INVOICECTL, a scratch folder in TMPD, and the helpers in lib.sh; it exits non-zero on failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: run.sh /path/to/invoicectl [t_NAME...]}
shift
only=" $* "
pass=0 fail=0 failed=()

# The tests run from a copy of the tree as a clone holds it (tracked and not ignored files), alone in an empty
# folder: a test that reads anything outside the checkout (a sibling folder, a build product) fails here as it
# would on a fresh clone.  E2E_IN_PLACE=1 runs them from the tree itself.
root="$here/../.."
if [ -z "${E2E_IN_PLACE:-}" ] && git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
    alone=$(mktemp -d)
    trap 'rm -rf "$alone"' EXIT
    mkdir "$alone/invoicectl"
    (cd "$root" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
        [ -e "$f" ] && printf '%s\0' "$f"; done | tar --null -T - -cf -) | tar -xf - -C "$alone/invoicectl"
    root="$alone/invoicectl"
    echo "e2e: running from a copy of the tree alone in $alone"
fi
for t in "$here"/t_*.sh; do
    [ -e "$t" ] || continue
    name=$(basename "$t" .sh)
    [ "$only" = "  " ] || case $only in *" $name "*) ;; *) continue ;; esac
    tmpd=$(mktemp -d)
    start=$(date +%s)
    if INVOICECTL="$bin" TMPD="$tmpd" ROOT="$root" bash "$root/tests/e2e/$name.sh" >"$tmpd/.log" 2>&1; then
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
