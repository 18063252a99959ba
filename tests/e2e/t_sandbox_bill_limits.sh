#!/usr/bin/env bash
# BILL v3 emulation, limits and faults: 3 requests in flight per organization (the 4th and 5th of five
# slow parallel requests answer 429 BDC_1322), --concurrency-limit to change or lift it, and the
# shared fault kinds answered in BILL's error shape (500, 503, burst429) or as a dropped connection.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"

# parallel N PATH: N GETs at once; prints their statuses sorted, bodies in $TMPD/par.N.
parallel() {
    local i pids=()
    for i in $(seq 1 "$1"); do
        curl -sS -o "$TMPD/par.$i" -w '%{http_code}\n' -H "devKey: $BILL_DEVKEY" -H "sessionId: $BILL_SESSION" \
            "$SANDBOX_URL$2" >"$TMPD/par.$i.status" &
        pids+=($!)
    done
    wait "${pids[@]}"
    cat "$TMPD"/par.*.status | sort | tr '\n' ' '
}

note "3 in flight: of five slow parallel requests, two answer BDC_1322"
bill_start --latency 1500
bill_login
assert_eq "200 200 200 429 429 " "$(parallel 5 /v3/customers)"
for i in 1 2 3 4 5; do
    if [ "$(cat "$TMPD/par.$i.status")" = 429 ]; then
        cp "$TMPD/par.$i" "$TMPD/body"; echo 429 >"$TMPD/status"
        berror BDC_1322 429
        assert_contains "$TMPD/body" "Max number of concurrent requests per organization reached."
    fi
done
rm -f "$TMPD"/par.*
sandbox_stop
assert_contains "$TMPD/sandbox.err" "concurrency 429s 2"

note "--concurrency-limit 0 lifts it"
bill_start --latency 1000 --concurrency-limit 0
bill_login
assert_eq "200 200 200 200 200 " "$(parallel 5 /v3/customers)"
rm -f "$TMPD"/par.*
sandbox_stop

note "faults answer in BILL's shape"
bill_start --faults 500=1
bill_login
berror BDC_1000 500
sandbox_stop
bill_start --faults 503=1
bill_login
berror BDC_1000 503
sandbox_stop
bill_start --faults burst429=1:30
bill_login
berror BDC_1144 429
bill_login
berror BDC_1144 429
sandbox_stop

note "drop-after-commit: the work is done, the connection closes with no answer"
bill_start --faults drop-after-commit=1
set +e
curl -sS -o /dev/null -X POST -H 'Content-Type: application/json' \
    --data-binary "{\"username\":\"$BILL_USER\",\"password\":\"$BILL_PASSWORD\",\"organizationId\":\"$BILL_ORG\",\"devKey\":\"$BILL_DEVKEY\"}" \
    "$SANDBOX_URL/v3/login" 2>"$TMPD/curl.err"
rc=$?
set -e
[ $rc != 0 ] || fail "the login was answered under drop-after-commit=1"
sandbox_stop
assert_contains "$TMPD/sandbox.err" "drop-after-commit=1"
note ok
