#!/usr/bin/env bash
# Local faults while writing (tests/tools/faultfs.c, an LD_PRELOAD shim): a full disk (ENOSPC), an
# unwritable folder (EACCES; permission bits would not stop root) and a failing fsync (EIO), hitting the
# journal, the results, an export and a validate report.  Each: exit 3, a message naming the file, no
# half-written file under the final name, and for the import a journal a re-run resumes from, ending with
# every invoice in the store exactly once.  A results folder that cannot be written at all is found before
# the import's first request.
. "$ROOT/tests/e2e/lib.sh"

cd "$TMPD"
# Findings about messages do not stop the test: every section runs, and it fails at the end with all of them.
problems=()
says() { # TEXT: the last command's stderr must contain TEXT
    grep -qF -- "$1" "$TMPD/err" || { echo "PROBLEM: no '$1' in: $(tail -n 2 "$TMPD/err")" >&2; problems+=("no '$1' in: $(tail -n 1 "$TMPD/err")"); }
}
cc -shared -fPIC -o faultfs.so "$ROOT/tests/tools/faultfs.c" -ldl || fail "cannot build faultfs.so"
# A sanitizer build wants its runtime first in the library list; the shim only wraps file calls.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
cp "$ROOT/samples/invoices.map.json" .
map=invoices.map.json

# faulty MODE MATCH AFTER CMD...: runs CMD with the shim; expects exit 3.
faulty() {
    local mode=$1 match=$2 after=$3; shift 3
    expect_exit 3 env LD_PRELOAD="$TMPD/faultfs.so" FAULTFS_MODE="$mode" FAULTFS_MATCH="$match" \
        FAULTFS_AFTER="$after" "$@"
}
errtext() { case $1 in enospc) echo "No space left on device" ;; eacces) echo "Permission denied" ;;
    fsync) echo "Input/output error" ;; esac; }
# nothing_left DIR NAME: neither NAME nor a temporary of it (".NAME.XXXXXX.tmp") is in DIR.
nothing_left() {
    [ ! -e "$1/$2" ] || fail "'$1/$2' exists after a failed write"
    local t
    t=$(find "$1" -maxdepth 1 -name ".$2.*" | head -n 1)
    [ -z "$t" ] || fail "a temporary file was left: '$t'"
}
# csv_for PREFIX: the sample invoices renumbered, so each scenario has its own invoices in the store.
csv_for() { sed "s/INV-100/$1-/" "$ROOT/samples/invoices.csv" >"$1.csv"; }
# in_store PREFIX: how many invoices with that prefix the store holds; fails on a duplicate.
in_store() {
    api GET "/invoices?limit=250&searchBy=invoiceNumber&q=$1" >"$TMPD/list.json"
    "$PY" - "$TMPD/list.json" "$1" <<'PY'
import collections, json, sys
j = json.load(open(sys.argv[1]))
assert j["meta"]["pagination"]["totalCount"] <= 250
c = collections.Counter(i["invoiceNumber"] for i in j["data"] if i["invoiceNumber"].startswith(sys.argv[2] + "-"))
dup = [k for k, v in c.items() if v > 1]
if dup:
    sys.exit("stored twice: %s" % dup)
print(len(c))
PY
}
rows() { "$PY" -c 'import csv,sys; print(sum(1 for r in csv.reader(open(sys.argv[1], newline="")) if r) - 1)' "$1"; }
journal_parses() {
    "$PY" -c 'import json,sys
for n, l in enumerate(open(sys.argv[1]), 1):
    try: json.loads(l)
    except Exception as e: sys.exit("%s:%d: %s" % (sys.argv[1], n, e))' "$1" || fail "journal '$1' is damaged"
}
# rerun PREFIX JOURNAL: the same import without faults resumes and ends with all 12 invoices, once each.
rerun() {
    expect_exit 0 "$INVOICECTL" import -m "$map" -y --results "$1-again" --journal "$2" "$1.csv"
    assert_eq 12 "$(in_store "$1")" "invoices $1-* in the store after the re-run"
    assert_eq 12 "$(jget "$1-again/summary.json" 'j["counts"]["created"] + j["counts"]["unchanged"]')" \
        "invoices done after the re-run"
}

sandbox_start

note "journal: full disk at the first write: nothing sent"
csv_for JA
faulty enospc JA.journal 0 "$INVOICECTL" import -m "$map" -y --results JA-res --journal JA.journal JA.csv
assert_contains "$TMPD/err" "journal 'JA.journal'"
assert_contains "$TMPD/err" "No space left on device"
assert_eq 0 "$(in_store JA)" "invoices sent without a journal"
rerun JA JA.journal

note "journal: full disk in the middle of the run"
csv_for JB
faulty enospc JB.journal 6000 "$INVOICECTL" import -m "$map" -y --concurrency 1 --results JB-res --journal JB.journal JB.csv
assert_contains "$TMPD/err" "journal 'JB.journal'"
assert_contains "$TMPD/err" "No space left on device"
journal_parses JB.journal
sent=$(in_store JB)
[ "$sent" -ge 1 ] && [ "$sent" -lt 12 ] || fail "the disk did not fill in the middle of the run ($sent sent)"
rerun JB JB.journal

note "journal: unwritable folder, failing fsync"
csv_for JC
faulty eacces JC.journal 0 "$INVOICECTL" import -m "$map" -y --results JC-res --journal JC.journal JC.csv
assert_contains "$TMPD/err" "journal 'JC.journal'"
assert_contains "$TMPD/err" "Permission denied"
assert_eq 0 "$(in_store JC)" "invoices sent without a journal"
faulty fsync JC.journal 0 "$INVOICECTL" import -m "$map" -y --results JC-res2 --journal JC.journal JC.csv
assert_contains "$TMPD/err" "journal 'JC.journal'"
assert_contains "$TMPD/err" "Input/output error"
assert_eq 0 "$(in_store JC)" "invoices sent with a journal that cannot be synced"
rerun JC JC.journal

note "journal in the default place, its folder unwritable"
mkdir dflt && cp JA.csv dflt/JD.csv && sed -i 's/JA-/JD-/' dflt/JD.csv
(cd dflt && faulty eacces invoicectl-results 0 "$INVOICECTL" import -m "../$map" -y JD.csv)
assert_contains "$TMPD/err" "invoicectl-results"
assert_contains "$TMPD/err" "Permission denied"
assert_eq 0 "$(in_store JD)" "invoices sent without a journal"

note "results folder: full disk, unwritable, failing fsync at the start: found before the first request"
for mode in enospc eacces fsync; do
    p=S${mode:0:2}
    p=${p^^}
    csv_for "$p"
    faulty "$mode" "$p-res" 0 "$INVOICECTL" import -m "$map" -y --results "$p-res" --journal "$p.journal" "$p.csv"
    assert_contains "$TMPD/err" "results folder '$p-res'"
    assert_contains "$TMPD/err" "$(errtext "$mode")"
    assert_contains "$TMPD/err" "nothing was sent"
    assert_eq 0 "$(in_store "$p")" "invoices sent with a results folder that cannot be written"
    [ ! -e "$p.journal" ] || fail "a journal was left by a run that sent nothing"
done

note "results: full disk, unwritable folder, failing fsync when success.csv is written; the re-run resumes and writes them"
for mode in enospc eacces fsync; do
    p=R${mode:0:2}
    p=${p^^}
    csv_for "$p"
    faulty "$mode" ".success.csv" 0 "$INVOICECTL" import -m "$map" -y --results "$p-res" --journal "$p.journal" "$p.csv"
    assert_contains "$TMPD/err" "'$p-res/success.csv'"
    assert_contains "$TMPD/err" "$(errtext "$mode")"
    assert_contains "$TMPD/err" "results in '$p-res' (summary.json)"
    [ ! -e "$p-res/success.csv" ] || fail "half-written $p-res/success.csv"
    for f in success.csv errors.csv summary.json; do
        [ -z "$(find "$p-res" -name ".$f.*" 2>/dev/null | head -n 1)" ] || fail "a temporary of $f was left"
    done
    journal_parses "$p.journal"
    expect_exit 0 "$INVOICECTL" import -m "$map" -y --results "$p-again" --journal "$p.journal" "$p.csv"
    assert_contains "$TMPD/err" "resuming"
    assert_eq 12 "$(in_store "$p")" "invoices $p-* in the store"
    assert_eq "$(rows "$p.csv")" "$(rows "$p-again/success.csv")" "rows of $p-again/success.csv"
done

note "export: xlsx, csv and json; full disk, unwritable folder, failing fsync"
for ext in xlsx csv json; do
    for mode in enospc eacces fsync; do
        faulty "$mode" "out.$ext" 0 "$INVOICECTL" export -o "out.$ext"
        says "'out.$ext'"
        says "$(errtext "$mode")"
        nothing_left . "out.$ext"
    done
    expect_exit 0 "$INVOICECTL" export -o "out.$ext"
    [ -s "out.$ext" ] || fail "export without faults wrote no out.$ext"
done
sandbox_stop

note "validate report: json, csv and xlsx; full disk, unwritable folder, failing fsync"
for ext in json csv xlsx; do
    for mode in enospc eacces fsync; do
        faulty "$mode" "rep.$ext" 0 "$INVOICECTL" validate -m "$ROOT/samples/broken.map.json" \
            --report "rep.$ext" "$ROOT/samples/broken.csv"
        says "'rep.$ext'"
        says "$(errtext "$mode")"
        nothing_left . "rep.$ext"
    done
done

if [ ${#problems[@]} -gt 0 ]; then
    printf 'problem: %s\n' "${problems[@]}" >&2
    fail "${#problems[@]} problems (above)"
fi
