#!/usr/bin/env bash
# The bad-API-answer corpus: every case in tests/bad-api/NN-name/ is served by tests/tools/bad_api_server.py
# and must make invoicectl fail the way its `expect` file says.
#
# A case folder holds:
#   METHOD.body     the body answered to every METHOD request (GET: the list and the look-ups); without
#                   one, GET answers an empty list page and other methods a 500
#   METHOD.status   optional: its HTTP status (default 200)
#   METHOD.headers  optional: "Name: value" lines added to the answer
#   args            optional: the command line after `invoicectl`, one line of words (default:
#                   `export -o out.csv --max-retries 0 --timeout 5`); it runs in a scratch folder holding
#                   in.csv and map.json (the samples/invoices pair)
#   expect          first line: the exit code; each further line one check:
#                     TEXT            standard error contains TEXT
#                     !TEXT           standard error does not contain TEXT
#                     @FILE: TEXT     FILE (in the scratch folder) contains TEXT
#                     !@FILE: TEXT    FILE does not contain TEXT (a missing FILE passes)
#                   requests.log in the scratch folder lists "METHOD PATH" of every request received.
# Whatever the case, a command that fails leaves no file under the name given to -o.
. "$ROOT/tests/e2e/lib.sh"

export B2B_AUTH_TOKEN=bad-api-token B2B_STORE_HASH=bad-api
cases=0 bad=0 failed_cases=
for dir in "$ROOT"/tests/bad-api/*/; do
    name=$(basename "$dir")
    [ -f "$dir/expect" ] || fail "$name: no expect file"
    cases=$((cases + 1))
    work="$TMPD/$name"
    mkdir -p "$work"
    cp "$ROOT/samples/invoices.csv" "$work/in.csv"
    cp "$ROOT/samples/invoices.map.json" "$work/map.json"
    "$PY" "$ROOT/tests/tools/bad_api_server.py" "$dir" "$work/port" "$work/requests.log" &
    server=$!
    for _ in $(seq 1 250); do [ -s "$work/port" ] && break; sleep 0.02; done
    [ -s "$work/port" ] || fail "$name: the server did not start"
    export INVOICECTL_API_URL="http://127.0.0.1:$(cat "$work/port")/api/v3/io/ip"
    if [ -f "$dir/args" ]; then
        read -r -a args <"$dir/args"
    else
        args=(export -o out.csv --max-retries 0 --timeout 5)
    fi
    set +e
    (cd "$work" && timeout -s KILL 60 "$INVOICECTL" "${args[@]}" </dev/null >"$work/.out" 2>"$work/.err")
    got=$?
    set -e
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true

    problems=()
    want_code=$(head -n 1 "$dir/expect")
    [ "$got" = "$want_code" ] || problems+=("exit $got, wanted $want_code")
    while IFS= read -r want || [ -n "$want" ]; do
        [ -n "$want" ] || continue
        neg=
        [ "${want:0:1}" = "!" ] && { neg=1; want=${want:1}; }
        file="$work/.err"
        if [ "${want:0:1}" = "@" ]; then
            file="$work/${want%%: *}"
            file=${file/\/@//}
            want=${want#*: }
        fi
        if [ -n "$neg" ]; then
            [ ! -f "$file" ] || ! grep -qF -- "$want" "$file" || problems+=("$(basename "$file") has '$want'")
        else
            [ -f "$file" ] && grep -qF -- "$want" "$file" || problems+=("$(basename "$file") lacks '$want'")
        fi
    done < <(tail -n +2 "$dir/expect")
    if [ "$got" != 0 ]; then
        for ((i = 0; i < ${#args[@]}; i++)); do
            if [ "${args[$i]}" = -o ] && [ -e "$work/${args[$((i + 1))]}" ]; then
                problems+=("a failed command left '${args[$((i + 1))]}'")
            fi
        done
    fi
    if [ ${#problems[@]} -eq 0 ]; then
        echo "ok   $name (exit $got)"
    else
        bad=$((bad + 1))
        failed_cases="$failed_cases $name (${problems[*]});"
        echo "FAIL $name: ${problems[*]}"
        sed 's/^/     stderr: /' "$work/.err" | head -n 8
    fi
done
echo "bad API answers: $cases cases, $bad failed"
[ "$cases" -ge 25 ] || fail "the corpus has $cases cases; it should have at least 25"
[ "$bad" -eq 0 ] || fail "$bad of $cases bad-API-answer cases did not fail as expected:$failed_cases"
