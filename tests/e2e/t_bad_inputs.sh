#!/usr/bin/env bash
# The bad-input corpus: every case in tests/bad/NN-name/ must fail the way its `expect` file says.
#
# A case folder holds:
#   input.csv   the CSV given to `validate` (or `stdin`: given on standard input as "-")
#   map.json    the mapping (a case may name another with `args`)
#   args        optional: the command line after `invoicectl`, one line of words (default:
#               `validate -m map.json input.csv`, or `… -` with `stdin`)
#   expect      first line: the exit code; each further line: a text that must appear in stderr
# The command runs inside the case folder, so places read "input.csv:7".
. "$ROOT/tests/e2e/lib.sh"

cases=0 bad=0
for dir in "$ROOT"/tests/bad/*/; do
    name=$(basename "$dir")
    [ -f "$dir/expect" ] || fail "$name: no expect file"
    cases=$((cases + 1))
    want_code=$(head -n 1 "$dir/expect")
    if [ -f "$dir/args" ]; then
        read -r -a args <"$dir/args"
    elif [ -f "$dir/stdin" ]; then
        args=(validate -m map.json -)
    else
        args=(validate -m map.json input.csv)
    fi
    stdin=/dev/null
    [ -f "$dir/stdin" ] && stdin="$dir/stdin"
    set +e
    (cd "$dir" && "$INVOICECTL" "${args[@]}" <"$stdin" >"$TMPD/out" 2>"$TMPD/err")
    got=$?
    set -e
    problems=()
    [ "$got" = "$want_code" ] || problems+=("exit $got, wanted $want_code")
    while IFS= read -r want || [ -n "$want" ]; do
        [ -n "$want" ] || continue
        grep -qF -- "$want" "$TMPD/err" || problems+=("stderr lacks '$want'")
    done < <(tail -n +2 "$dir/expect")
    if [ ${#problems[@]} -eq 0 ]; then
        echo "ok   $name (exit $got)"
    else
        bad=$((bad + 1))
        echo "FAIL $name: ${problems[*]}"
        sed 's/^/     stderr: /' "$TMPD/err" | head -n 8
    fi
done
echo "bad inputs: $cases cases, $bad failed"
[ "$cases" -ge 35 ] || fail "the corpus has $cases cases; it should have at least 35"
[ "$bad" -eq 0 ] || fail "$bad of $cases bad-input cases did not fail as expected"
