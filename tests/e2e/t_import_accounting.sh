# What an import says matches what happened: the summary after a resume names the earlier run's counts
# next to their own word; a file with only a header fails as in `validate`; a run refused before sending
# leaves no journal and no results folder; the results folder is named in the machine's local time;
# input that is not a regular file (a pipe, `<(…)`, standard input, a FIFO) is read exactly once; an
# unwritable results folder is found before the first request; "results in" names only files that exist.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
sandbox_start
cd "$TMPD"
import_mapping map.json
import_csv 12 | sed 's/INV-/A-/' >a.csv

note "a resumed run: the earlier run's count is next to 'created', and agrees with the plan"
expect_exit 0 "$INVOICECTL" import -m map.json --yes --journal a.journal --results ra1 a.csv
expect_exit 0 "$INVOICECTL" import -m map.json --yes --journal a.journal --results ra2 a.csv
assert_contains "$TMPD/err" "plan: 0 to create, 0 to update, 12 unchanged"
assert_contains "$TMPD/err" "12 invoices done in an earlier run (12 created, 0 updated)"
assert_contains "$TMPD/err" "created 12 (all 12 in an earlier run), updated 0, unchanged 0"

note "a CSV with only a header: exit 1 as in validate, nothing sent"
head -n 1 a.csv >header.csv
expect_exit 1 "$INVOICECTL" validate -m map.json header.csv
expect_exit 1 "$INVOICECTL" import -m map.json --yes --results rh header.csv
assert_contains "$TMPD/err" "'header.csv' has a header but no data rows"

note "refused before sending (no --yes, not on a terminal): no journal, no results folder left"
import_csv 3 | sed 's/INV-/B-/' >b.csv
mkdir fresh && cp map.json b.csv fresh/
(cd fresh && expect_exit 2 "$INVOICECTL" import -m map.json b.csv)
assert_contains "$TMPD/err" "--yes"
left=$(cd fresh && find invoicectl-results 2>/dev/null || true)
assert_eq "" "$left" "files left by a refused import"
expect_exit 2 "$INVOICECTL" import -m map.json --journal b.journal --results rb b.csv
[ ! -e b.journal ] || fail "a refused import left its journal"
[ ! -e rb ] || fail "a refused import left its results folder"

note "the results folder is named in the machine's local time, not the mapping's zone"
# The mapping's zone is 14 hours ahead of UTC, the machine 12 hours behind: a day apart, always.
sed 's|"timezone": "UTC"|"timezone": "Pacific/Kiritimati"|' map.json >kiri.json
mkdir tz && cp b.csv tz/
(cd tz && TZ=Etc/GMT+12 expect_exit 0 "$INVOICECTL" import -m ../kiri.json --dry-run b.csv)
day=$(TZ=Etc/GMT+12 date +%Y%m%d)
got=$(ls tz/invoicectl-results)
case "$got" in b-"$day"-*) ;; *) fail "results folder '$got' is not named for the local day $day" ;; esac

note "input through a pipe, <(…) and standard input: read once, every invoice created once"
import_csv 5 | sed 's/INV-/P-/' >p.csv
expect_exit 0 "$INVOICECTL" import -m map.json --yes --journal p.journal --results rp <(cat p.csv)
assert_eq 5 "$(summary_get rp 'j["counts"]["created"]')" "created from <(…)"
assert_eq "$(wc -l <p.csv)" "$(($(wc -l <rp/success.csv)))" "rows of success.csv from <(…)"
assert_eq "$(tail -n +2 p.csv)" "$(tail -n +2 rp/success.csv | tr -d "\r" | sed "s/,[0-9]*,created$//")" "success.csv rows"
import_csv 4 | sed 's/INV-/S-/' >s.csv
expect_exit 0 "$INVOICECTL" import -m map.json --yes --journal s.journal --results rs - <s.csv
assert_eq 4 "$(summary_get rs 'j["counts"]["created"]')" "created from standard input"
# the same content again resumes the same journal
expect_exit 0 "$INVOICECTL" import -m map.json --yes --journal s.journal --results rs2 - <s.csv
assert_contains "$TMPD/err" "resuming from journal 's.journal'"
assert_eq "$(printf 'P-000000\nP-000001\nP-000002\nP-000003\nP-000004')" "$(store_numbers | grep '^P-')" "P-* in the store"
# an error in piped input names the input as given
printf 'Invoice Number,Company ID\nX-1,1\n' >bad.csv
expect_exit 2 "$INVOICECTL" import -m map.json --yes --results rbad - <bad.csv
assert_contains "$TMPD/err" "<stdin>"
assert_not_contains "$TMPD/err" "/proc/self/fd"

note "a FIFO: read once; SIGTERM while waiting for its writer is exit 4"
mkfifo f.csv
set +e
"$INVOICECTL" import -m map.json --yes --results rf f.csv >fifo.out 2>fifo.err &
pid=$!
sleep 0.5
kill -TERM $pid
wait $pid
rc=$?
set -e
assert_eq 4 "$rc" "exit after SIGTERM while waiting for the FIFO"
assert_contains fifo.err "interrupted while waiting for input on 'f.csv'"
import_csv 2 | sed 's/INV-/F-/' >f2.csv
cat f2.csv >f.csv &
expect_exit 0 "$INVOICECTL" import -m map.json --yes --journal f.journal --results rf2 f.csv
assert_eq 2 "$(summary_get rf2 'j["counts"]["created"]')" "created from a FIFO"

note "an unwritable results folder is found before the first request"
import_csv 3 | sed 's/INV-/U-/' >u.csv
cc -shared -fPIC -o faultfs.so "$ROOT/tests/tools/faultfs.c" -ldl || fail "cannot build faultfs.so"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
for mode in eacces enospc fsync; do
    expect_exit 3 env LD_PRELOAD="$TMPD/faultfs.so" FAULTFS_MODE=$mode FAULTFS_MATCH=ru-$mode \
        "$INVOICECTL" import -m map.json --yes --journal u-$mode.journal --results ru-$mode u.csv
    assert_contains "$TMPD/err" "results folder 'ru-$mode'"
    assert_contains "$TMPD/err" "nothing was sent"
    assert_eq "" "$(store_numbers | grep '^U-' || true)" "invoices sent with an unwritable results folder ($mode)"
    [ ! -e u-$mode.journal ] || fail "journal left after a refused start ($mode)"
done

note "a results folder without room for its files is found before the first request too"
expect_exit 3 env LD_PRELOAD="$TMPD/faultfs.so" FAULTFS_MODE=enospc FAULTFS_MATCH=ru-room FAULTFS_AFTER=4096 \
    "$INVOICECTL" import -m map.json --yes --journal u-room.journal --results ru-room u.csv
assert_contains "$TMPD/err" "results folder 'ru-room': No space left on device (its files need about"
assert_eq "" "$(store_numbers | grep '^U-' || true)" "invoices sent without room for the results"

note "results in: only the files that exist"
expect_exit 3 env LD_PRELOAD="$TMPD/faultfs.so" FAULTFS_MODE=eacces FAULTFS_MATCH=success.csv \
    "$INVOICECTL" import -m map.json --yes --journal u.journal --results ru u.csv
assert_contains "$TMPD/err" "results in 'ru' (summary.json)"
[ ! -e ru/success.csv ] || fail "success.csv was written"
