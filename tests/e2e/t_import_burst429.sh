# An import under 429 bursts of time (burst429=P:SECONDS, headers saying nothing remains until the burst
# ends) and a concurrency limit (429s that leave budget) finishes in bounded time: the client waits out each
# burst as long as its headers say, and a 429 that leaves budget makes it send fewer at once and back off
# that request briefly instead of pausing the run.  Every invoice is created exactly once.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
cd "$TMPD"
import_mapping map.json
import_csv 300 >a.csv
csv_numbers a.csv >want.txt
secs() { "$PY" -c "import sys; print(f'{(int(sys.argv[2]) - int(sys.argv[1])) / 1e9:.2f}')" "$@"; }

# the same import without faults, for the time it takes here (the machine may be busy)
sandbox_start --latency 10
t0=$(date +%s%N)
expect_exit 0 "$INVOICECTL" import -q -m map.json --yes --concurrency 8 --results clean a.csv
clean=$(secs "$t0" "$(date +%s%N)")
sandbox_stop

sandbox_start --latency 10 --seed 4 --concurrency-limit 2 --faults burst429=0.02:1.5
t0=$(date +%s%N)
set +e
timeout 300 "$INVOICECTL" import -m map.json --yes --concurrency 8 --results r a.csv >out 2>err
rc=$?
set -e
faulty=$(secs "$t0" "$(date +%s%N)")
tail -n 3 err
assert_eq 0 "$rc" "import under bursts and a concurrency limit"
assert_eq 300 "$(summary_get r 'j["counts"]["created"]')" "created"
n429=$(summary_get r 'j["requests"]["answered_429"]')
store_numbers >store.txt
sandbox_stop
golden want.txt store.txt # every invoice once
bursts=$(sed -n 's/.*(bursts \([0-9]*\);.*/\1/p' "$TMPD/sandbox.err")
conc=$(sed -n 's/.*concurrency 429s \([0-9]*\).*/\1/p' "$TMPD/sandbox.err")
note "clean ${clean} s; under faults ${faulty} s with $bursts bursts of 1.5 s, $conc concurrency 429s ($n429 429s seen)"
[ "$bursts" -ge 2 ] || fail "only $bursts bursts were injected"
[ "$conc" -ge 10 ] || fail "only $conc concurrency 429s were drawn"
# The bursts cost their length each; everything else must stay close to the clean run.  Generous for a busy
# machine, yet a client that pauses everyone for each 429's growing backoff takes several times longer.
"$PY" -c "import sys; f, c, b = map(float, sys.argv[1:]); sys.exit(0 if f <= 1.5 * (c + b * 1.5) + 5 else 1)" \
    "$faulty" "$clean" "$bursts" || fail "took ${faulty} s against ${clean} s clean plus $bursts bursts of 1.5 s"
