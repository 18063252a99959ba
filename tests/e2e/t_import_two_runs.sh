# Two imports of the same invoices into one store, and a journal that no longer matches the store.
#  - Runs one after the other, with different journals: the second finds the first's invoices in its plan
#    (unchanged) and sends nothing.
#  - Runs at the same time: both plan every invoice as a create (the store was empty when each listed it),
#    each invoice is created once, and the run that gets "already exists" for it does not claim it as its
#    own creation: it says it cannot tell who made it.
#  - A journal that says "done" for invoices the store does not hold (here: the store was emptied) is out
#    of date: the store has the last word, and they are created again instead of being reported as done.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
cd "$TMPD"
import_mapping map.json

note "one after the other, different journals"
sandbox_start
import_csv 40 | sed 's/INV-/Q-/' >q.csv
expect_exit 0 "$INVOICECTL" import -m map.json --yes --journal q1.journal --results rq1 q.csv
assert_eq 40 "$(summary_get rq1 'j["counts"]["created"]')" "created by the first run"
expect_exit 0 "$INVOICECTL" import -m map.json --yes --journal q2.journal --results rq2 q.csv
assert_contains "$TMPD/err" "plan: 0 to create, 0 to update, 40 unchanged"
assert_eq 0 "$(summary_get rq2 'j["counts"]["created"]')" "created by the second run"
assert_eq 0 "$(summary_get rq2 'j["requests"]["POST"]')" "POSTs of the second run"
sandbox_stop

note "at the same time, different journals: no invoice claimed by both"
# Every answer is held back 1 s and each request is carried out when it arrives, so both lists are taken
# before either run's first POST can leave: both plan 12 creates.
sandbox_start --latency 1000
import_csv 12 | sed 's/INV-/C-/' >c.csv
"$INVOICECTL" import -m map.json --yes --concurrency 4 --journal c1.journal --results rc1 c.csv >c1.out 2>c1.err &
p1=$!
sleep 0.1
"$INVOICECTL" import -m map.json --yes --concurrency 4 --journal c2.journal --results rc2 c.csv >c2.out 2>c2.err &
p2=$!
rc1=0; wait $p1 || rc1=$?
rc2=0; wait $p2 || rc2=$?
assert_eq "0 0" "$rc1 $rc2" "exits of the two runs"
assert_contains c1.err "plan: 12 to create"
assert_contains c2.err "plan: 12 to create"
assert_eq 12 "$(store_numbers | grep -c '^C-')" "invoices in the store"
assert_eq "" "$(store_numbers | grep '^C-' | uniq -d)" "invoices stored twice"
# Each invoice was made by exactly one POST; a run claims as its own only what its own answer said.
own() { jget "$1/summary.json" 'sum(1 for i in j["invoices"] if i["outcome"] == "created" and not i.get("maker_unknown"))'; }
unsure() { jget "$1/summary.json" 'sum(1 for i in j["invoices"] if i.get("maker_unknown"))'; }
assert_eq 12 "$(( $(own rc1) + $(own rc2) ))" "invoices the two runs claim as their own creation"
assert_eq 12 "$(( $(unsure rc1) + $(unsure rc2) ))" "invoices found after \"already exists\""
cat c1.err c2.err >both.err
assert_contains both.err "made by this run or by another one at the same time, which cannot be told"
sandbox_stop

note "a journal that says done for invoices the store does not hold: created again"
sandbox_start
port=$SANDBOX_PORT
import_csv 5 | sed 's/INV-/D-/' >d.csv
expect_exit 0 "$INVOICECTL" import -m map.json --yes --journal d.journal --results rd1 d.csv
sandbox_stop
sandbox_start --listen "127.0.0.1:$port" # the same address, an empty store
expect_exit 0 "$INVOICECTL" import -m map.json --yes --journal d.journal --results rd2 d.csv
assert_contains "$TMPD/err" "plan: 5 to create"
assert_contains "$TMPD/err" "records 5 invoices as done that the store does not hold as the CSV says"
assert_eq 5 "$(summary_get rd2 'j["requests"]["POST"]')" "POSTs after the store was emptied"
assert_eq 5 "$(store_numbers | grep -c '^D-')" "invoices in the store"
assert_eq 0 "$(summary_get rd2 'sum(1 for i in j["invoices"] if i.get("earlier_run"))')" "invoices said done by an earlier run"
