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
    mkdir "$alone/invoicectl"
    (cd "$root" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
        [ -e "$f" ] && printf '%s\0' "$f"; done | tar --null -T - -cf -) | tar -xf - -C "$alone/invoicectl"
    root="$alone/invoicectl"
    echo "e2e: running from a copy of the tree alone in $alone"
fi
# Tests run E2E_JOBS at a time (default: the number of CPUs, at least 2: most of a test's time is spent
# waiting on a sandbox's latency, a timeout or a signal); each has its own scratch folder and its own
# sandbox on a free port.  Results are printed as tests end, each test's log tail under its failure.
jobs=${E2E_JOBS:-$(nproc 2>/dev/null || echo 2)}
[ "$jobs" -ge 2 ] 2>/dev/null || jobs=2
results=$(mktemp -d)
trap 'rm -rf "$results" ${alone:+"$alone"}' EXIT

run_one() { # NAME: runs one test; writes its verdict line and log tail into $results/NAME
    local name=$1 tmpd start
    tmpd=$(mktemp -d)
    start=$(date +%s)
    if INVOICECTL="$bin" TMPD="$tmpd" ROOT="$root" bash "$root/tests/e2e/$name.sh" >"$tmpd/.log" 2>&1; then
        echo "ok   $name ($(( $(date +%s) - start ))s)" >"$results/$name.ok"
    else
        { echo "FAIL $name ($(( $(date +%s) - start ))s)"; tail -n 40 "$tmpd/.log" | sed 's/^/    /'; } \
            >"$results/$name.fail"
    fi
    rm -rf "$tmpd"
}

report() { # prints and counts the results not yet printed
    local f
    for f in "$results"/*.ok "$results"/*.fail; do
        [ -e "$f" ] || continue
        cat "$f"
        case $f in *.ok) pass=$((pass + 1)) ;; *) fail=$((fail + 1)); failed+=("$(basename "$f" .fail)") ;; esac
        rm -f "$f"
    done
}

running=0
for t in "$here"/t_*.sh; do
    [ -e "$t" ] || continue
    name=$(basename "$t" .sh)
    [ "$only" = "  " ] || case $only in *" $name "*) ;; *) continue ;; esac
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
        report
    fi
    run_one "$name" &
    running=$((running + 1))
done
wait
report
echo "e2e: $pass passed, $fail failed${failed[*]:+ (${failed[*]})}"
[ "$fail" -eq 0 ]
