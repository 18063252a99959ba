# The journal's group commit, seen from outside (tests/tools/syncwatch.c, an LD_PRELOAD shim): every POST
# leaves only after its intent is on disk (fdatasync returned for a size that includes the intent line),
# even with a slow disk; and the journal ends fully synced, every outcome in it.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
cd "$TMPD"
cc -shared -fPIC -o syncwatch.so "$ROOT/tests/tools/syncwatch.c" -ldl -lpthread || fail "cannot build syncwatch.so"
# A sanitizer build wants its runtime first in the library list; the shim only wraps fdatasync and send.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
sandbox_start --latency 5 --seed 7 --faults drop-after-commit=0.03
import_mapping map.json
import_csv 80 >a.csv

watched() { # LOG SLOW_MS ARGS...: the import under the shim
    local log=$1 slow=$2
    shift 2
    expect_exit 0 env LD_PRELOAD="$TMPD/syncwatch.so" SYNCWATCH_JOURNAL="$TMPD/j.journal" \
        SYNCWATCH_LOG="$TMPD/$log" SYNCWATCH_SLOW_MS="$slow" "$INVOICECTL" import -q -m map.json --yes \
        --journal j.journal "$@" a.csv
}

note "80 creates, each fdatasync 20 ms slower: no POST before its intent is on disk"
watched creates.log 20 --results r1
assert_eq 80 "$(summary_get r1 'j["counts"]["created"]')" "created"
posts=$(summary_get r1 'j["requests"]["POST"]')
[ "$(grep -c '^ok ' creates.log)" -ge "$posts" ] || { cat creates.log; fail "POSTs not seen by the shim"; }
assert_eq 0 "$(grep -c '^EARLY ' creates.log || true)" "POSTs sent before their intent was durable"
# every invoice has its intent and its outcome in the journal
assert_eq 80 "$(grep -c '"op":"intent"' j.journal)" "intents"
assert_eq 80 "$(grep -c '"op":"done","key":"INV-[0-9]*","action":"created"' j.journal)" "outcomes"

note "an update run (5 changed): its outcomes are in the journal too"
import_csv 80 5 >a.csv
watched updates.log 20 --results r2
assert_eq 5 "$(summary_get r2 'j["counts"]["updated"]')" "updated"
assert_eq 5 "$(grep -c '"action":"updated"' j.journal)" "update outcomes"
[ ! -e updates.log ] || assert_eq 0 "$(grep -c '^EARLY ' updates.log || true)" "early POSTs in the update run"
