#!/usr/bin/env bash
# `validate` options and their edges: help, usage errors, -q/-v, --max-problems, standard input and output,
# reports by extension, and exit codes.
. "$ROOT/tests/e2e/lib.sh"
cd "$ROOT"
map=samples/invoices.map.json

# --- help: `validate --help` and `help validate` print the same text ---
expect_exit 0 "$INVOICECTL" validate --help
assert_contains "$TMPD/out" "usage: invoicectl validate -m MAP [--report FILE] [--emit FILE] [--sheet NAME]"
cp "$TMPD/out" "$TMPD/help1"
expect_exit 0 "$INVOICECTL" help validate
cmp "$TMPD/help1" "$TMPD/out" || fail "'help validate' differs from 'validate --help'"

# --- usage errors: exit 2, nothing read ---
expect_exit 2 "$INVOICECTL" validate samples/invoices.csv
assert_contains "$TMPD/err" "no mapping given"
assert_contains "$TMPD/err" "Try 'invoicectl validate --help'."
expect_exit 2 "$INVOICECTL" validate -m "$map"
assert_contains "$TMPD/err" "no CSV file given"
expect_exit 2 "$INVOICECTL" validate -m "$map" samples/invoices.csv samples/broken.csv
assert_contains "$TMPD/err" "one CSV file at a time"
expect_exit 2 "$INVOICECTL" validate -m "$map" --report "$TMPD/r.txt" samples/invoices.csv
assert_contains "$TMPD/err" "cannot tell the report format of '$TMPD/r.txt'"
[ ! -e "$TMPD/r.txt" ] || fail "a report with an unknown extension was written"
expect_exit 2 "$INVOICECTL" validate -m "$map" --report - --emit - samples/invoices.csv
assert_contains "$TMPD/err" "cannot both write to standard output"
expect_exit 2 "$INVOICECTL" validate -m "$map" --max-problems 0 samples/invoices.csv
assert_contains "$TMPD/err" "--max-problems wants a whole number from 1, got '0'"
expect_exit 2 "$INVOICECTL" validate -m "$map" --max-problems 12x samples/invoices.csv
expect_exit 2 "$INVOICECTL" validate -m "$map" --frobnicate samples/invoices.csv
assert_contains "$TMPD/err" "unknown option '--frobnicate'"
expect_exit 2 "$INVOICECTL" validate samples/invoices.csv -m
assert_contains "$TMPD/err" "option '-m' needs a value"

# --- a valid file: exit 0, summary on stdout, nothing on stderr ---
expect_exit 0 "$INVOICECTL" validate -m "$map" samples/invoices.csv
assert_contains "$TMPD/out" "samples/invoices.csv: 34 rows, 12 invoices"
[ ! -s "$TMPD/err" ] || fail "stderr not empty for a valid file: $(cat "$TMPD/err")"
# -q: nothing at all when everything is valid.
expect_exit 0 "$INVOICECTL" -q validate -m "$map" samples/invoices.csv
[ ! -s "$TMPD/out" ] && [ ! -s "$TMPD/err" ] || fail "-q printed something for a valid file"

# --- standard input as "-" ---
set +e
"$INVOICECTL" validate -m "$map" --report "$TMPD/stdin.json" - <samples/invoices.csv >"$TMPD/out" 2>"$TMPD/err"
rc=$?
set -e
assert_eq 0 "$rc" "exit code reading stdin"
assert_contains "$TMPD/out" "<stdin>: 34 rows, 12 invoices"
assert_eq "<stdin>" "$(jget "$TMPD/stdin.json" 'j["file"]')" "report file name for stdin"
# Every place names standard input "<stdin>" (docs/validate.md), whichever layer reports it: a row
# problem, a header the mapping does not fit, a malformed record, an empty input, no data rows.
stdin_names() { # $1: label; the stdin text comes on our stdin; args after: invoicectl's
    local label=$1
    shift
    set +e
    "$INVOICECTL" "$@" >"$TMPD/out" 2>"$TMPD/err"
    set -e
    assert_contains "$TMPD/err" "<stdin>" "$label"
    if grep -qE "(^|[ '])-:[0-9]|'-'|in '-'" "$TMPD/err"; then
        cat "$TMPD/err" >&2
        fail "$label: standard input named '-' in a message"
    fi
}
sed '2s/,2026-10-01,/,01.10.2026,/' samples/invoices.csv >"$TMPD/bad-date.csv"
grep -q '01.10.2026' "$TMPD/bad-date.csv" || fail "the bad-date fixture did not change"
stdin_names "row problem" validate -m "$map" - <"$TMPD/bad-date.csv"
assert_contains "$TMPD/err" "<stdin>:2: error: column 'Invoice Date'"
printf 'Invoice Number,Company ID\nA,1\n' | stdin_names "unknown column" validate -m "$map" -
assert_contains "$TMPD/err" "in '<stdin>'"
printf 'Invoice Number,Company ID\nA,1\n' | stdin_names "mapping check" mapping check "$map" -
{ head -n 1 samples/invoices.csv; printf 'INV-1,1\n'; } | stdin_names "short record" validate -m "$map" -
printf '' | stdin_names "empty input" validate -m "$map" -
head -n 1 samples/invoices.csv | stdin_names "header only" validate -m "$map" -

# --- --emit -: bodies on stdout, the summary moves to stderr ---
expect_exit 0 "$INVOICECTL" validate -m "$map" --emit - samples/invoices.csv
assert_eq 12 "$(wc -l <"$TMPD/out" | tr -d ' ')" "one body per line"
assert_contains "$TMPD/err" "34 rows, 12 invoices"
assert_not_contains "$TMPD/out" "rows,"
# --report -: JSON on stdout.
expect_exit 0 "$INVOICECTL" validate -m "$map" --report - samples/invoices.csv
assert_eq 12 "$("$PY" -c 'import json,sys; print(json.load(sys.stdin)["summary"]["valid"])' <"$TMPD/out")"

# --- an invalid file: exit 1, the first 20 problems, then a pointer to the rest ---
# 30 invoices with a bad date each.
{
    head -n 1 samples/invoices.csv
    for i in $(seq 1 30); do
        printf 'INV-9%04d,1236,2026-10-%02d,31.10.2026,USD,,SKU-1,Thing,1,2.00,0.00,0.00,Austin,US\n' "$i" $((i % 28 + 1))
    done
} >"$TMPD/many.csv"
expect_exit 1 "$INVOICECTL" validate -m "$map" "$TMPD/many.csv"
assert_eq 21 "$(wc -l <"$TMPD/err" | tr -d ' ')" "20 problems and one '… and N more' line"
assert_contains "$TMPD/err" "many.csv:2: error: column 'Due Date', invoice INV-90001: "
assert_contains "$TMPD/err" "got '31.10.2026'"
assert_contains "$TMPD/err" "… and 10 more (list them all with --report FILE)"
assert_contains "$TMPD/out" "  invalid:  30"
expect_exit 1 "$INVOICECTL" validate -m "$map" --report "$TMPD/many.csv.json" "$TMPD/many.csv"
assert_contains "$TMPD/err" "… and 10 more in the report '$TMPD/many.csv.json'"
# -v lists them all.
expect_exit 1 "$INVOICECTL" -v validate -m "$map" "$TMPD/many.csv"
assert_eq 30 "$(grep -c ': error: ' "$TMPD/err")" "-v lists every problem"
assert_not_contains "$TMPD/err" "… and"
# --max-problems keeps N but counts all.
expect_exit 1 "$INVOICECTL" validate -m "$map" --max-problems 5 --report "$TMPD/capped.json" "$TMPD/many.csv"
assert_eq 5 "$(jget "$TMPD/capped.json" 'len(j["problems"])')"
assert_eq 30 "$(jget "$TMPD/capped.json" 'j["summary"]["errors"]')"
assert_eq 25 "$(jget "$TMPD/capped.json" 'j["summary"]["omitted"]')"
assert_contains "$TMPD/err" "… and 25 more past --max-problems 5, counted but not kept"

# -q: errors only (the warning of the broken sample is not printed), no summary.
expect_exit 1 "$INVOICECTL" -q validate -m samples/broken.map.json samples/broken.csv
[ ! -s "$TMPD/out" ] || fail "-q printed a summary"
assert_contains "$TMPD/err" ": error: "
assert_not_contains "$TMPD/err" ": warning: "
expect_exit 1 "$INVOICECTL" validate -m samples/broken.map.json samples/broken.csv
assert_contains "$TMPD/err" ": warning: "

# --- a report that cannot be written: exit 3, no file ---
expect_exit 3 "$INVOICECTL" validate -m "$map" --report "$TMPD/no/such/dir/r.json" samples/invoices.csv
assert_contains "$TMPD/err" "no/such/dir"
# Reports are written whole: nothing but the finished files in the folder.
mkdir -p "$TMPD/clean"
expect_exit 0 "$INVOICECTL" validate -m "$map" --report "$TMPD/clean/r.xlsx" --emit "$TMPD/clean/b.jsonl" samples/invoices.csv
assert_eq "b.jsonl r.xlsx" "$(ls "$TMPD/clean" | tr '\n' ' ' | sed 's/ $//')" "files in the output folder"

# A header and no rows: exit 1 with a clear message.
head -n 1 samples/invoices.csv >"$TMPD/header-only.csv"
expect_exit 1 "$INVOICECTL" validate -m "$map" "$TMPD/header-only.csv"
assert_contains "$TMPD/err" "has a header but no data rows"

# Special files are written in place, never replaced: /dev/null stays a device.
[ -c /dev/null ] || fail "/dev/null is no longer a character device"
expect_exit 0 "$INVOICECTL" validate -m "$map" --emit /dev/null samples/invoices.csv
[ -c /dev/null ] || fail "/dev/null is no longer a character device"
mkfifo "$TMPD/fifo"
cat "$TMPD/fifo" >"$TMPD/from-fifo" &
expect_exit 0 "$INVOICECTL" validate -m "$map" --emit "$TMPD/fifo" samples/invoices.csv
wait
[ -p "$TMPD/fifo" ] || fail "the FIFO was replaced"
assert_eq 12 "$(wc -l <"$TMPD/from-fifo" | tr -d ' ')" "bodies read through the FIFO"
