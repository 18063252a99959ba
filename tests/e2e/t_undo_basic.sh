# invoicectl undo after an import that created some invoices and updated others: the plan, the question, the
# store exactly as before the import, each request once, a second undo that does nothing; then the same
# command imported again and undone again, and a run whose journal was replaced since (other CSV content).
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/undo_helpers.sh"
sandbox_start --record-requests "$TMPD/rec.jsonl"
cd "$TMPD"
import_mapping map.json
import_csv 20 >seed.csv
import_csv 25 3 >run.csv # INV-0, 7 and 14 changed (updates), INV-20..24 new (creates)
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results seed seed.csv
store_snapshot before.json
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results r1 run.csv
assert_eq 5 "$(summary_get r1 'j["counts"]["created"]')" "created by the run"
assert_eq 3 "$(summary_get r1 'j["counts"]["updated"]')" "updated by the run"

note "the dry run prints the plan and sends nothing but the list"
m=$(rec_mark rec.jsonl)
expect_exit 0 "$INVOICECTL" undo --dry-run r1
assert_contains out "delete     INV-000020"
assert_contains out "restore    INV-000007"
assert_contains err "5 to delete, 3 to restore, 0 refused"
assert_eq 0 "$(rec_count rec.jsonl DELETE / "$m")" "DELETEs of the dry run"
assert_eq 0 "$(rec_count rec.jsonl PUT / "$m")" "PUTs of the dry run"

note "without a terminal, no --yes: refused, nothing sent"
expect_exit 2 "$INVOICECTL" undo r1 </dev/null
assert_contains err "refusing to delete 5 invoices and restore 3 without confirmation"
assert_eq 0 "$(rec_count rec.jsonl DELETE / "$m")" "DELETEs without confirmation"

note "undo: the store is as before the import, each invoice touched once"
expect_exit 0 "$INVOICECTL" undo --yes --results u1 r1
store_snapshot after.json
golden before.json after.json
assert_eq 5 "$(rec_count rec.jsonl DELETE /invoices/ "$m")" "DELETEs"
assert_eq 3 "$(rec_count rec.jsonl PUT /invoices/ "$m")" "PUTs"
assert_eq 1 "$(rec_max_per_path rec.jsonl DELETE "$m")" "DELETEs per invoice"
assert_eq 5 "$(jget u1/summary.json 'j["counts"]["removed"]')" "removed"
assert_eq 3 "$(jget u1/summary.json 'j["counts"]["restored"]')" "restored"
grep -qE '^INV-000020,[0-9]+,created,delete,removed,' u1/undo.csv || fail "undo.csv: $(cat u1/undo.csv)"

note "a second undo does nothing"
m=$(rec_mark rec.jsonl)
expect_exit 0 "$INVOICECTL" undo --yes --results u2 r1
assert_contains err "0 to delete, 0 to restore, 0 refused"
assert_eq 0 "$(rec_count rec.jsonl DELETE / "$m")" "DELETEs of the second undo"
assert_eq 0 "$(rec_count rec.jsonl PUT / "$m")" "PUTs of the second undo"
assert_eq 8 "$(jget u2/summary.json 'j["counts"]["undone_earlier"]')" "undone earlier"

note "the same command again, then undo again: its journal grew, and undo follows it"
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results r2 run.csv
expect_exit 0 "$INVOICECTL" undo --yes --results u3 r2
store_snapshot after2.json
golden before.json after2.json

note "a run whose journal was replaced since (the CSV changed) is still undone from its results folder"
expect_exit 0 "$INVOICECTL" -q import -m map.json --yes --results r3 run.csv
import_csv 27 3 >run.csv # two more invoices: another journal in the same place
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r4 run.csv
assert_contains err "the journal replaced is kept as"
expect_exit 0 "$INVOICECTL" undo --yes --results u4 r4 # INV-25, 26 only
assert_eq 2 "$(jget u4/summary.json 'j["counts"]["removed"]')" "removed by undoing the newer run"
expect_exit 0 "$INVOICECTL" undo --yes --results u5 r3
assert_eq 5 "$(jget u5/summary.json 'j["counts"]["removed"]')" "removed by undoing the older run"
store_snapshot after3.json
golden before.json after3.json

note "undo JOURNAL works as well (nothing left to do)"
expect_exit 0 "$INVOICECTL" undo --yes --results u6 "$(summary_get r3 'j["journal_file"]')"
expect_exit 2 "$INVOICECTL" undo --yes seed/success.csv
assert_contains err "is not an invoicectl journal"
