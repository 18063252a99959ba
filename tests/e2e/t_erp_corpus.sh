# The ERP export corpus (tests/erp/): each export, laid out as its system writes it, imports with no edit and
# the store holds exactly what tests/erp/expect.py computes from the file by the system's own rules; a
# second import of the same file plans nothing, and so does an import of the file `export --map` writes back
# (the round trip).  ERP_CASES="xero qbo" runs only those cases.
. "$ROOT/tests/e2e/lib.sh"
cd "$TMPD"
ERP="$ROOT/tests/erp"

all=$(awk '!/^#/ && NF {print $1}' "$ERP/cases.txt")
cases=${ERP_CASES:-$all}
for c in $cases; do
    grep -qE "^$c( |$)" "$ERP/cases.txt" || fail "ERP_CASES: no case '$c' in tests/erp/cases.txt"
done

failed=""
run_case() {
    local c=$1 dir="$ERP/$1" file
    file=$(ls "$dir"/export.* | head -n1)
    mkdir -p "$TMPD/$c"
    cd "$TMPD/$c"
    "$PY" "$ERP/expect.py" check "$c" || fail "$c: expected.json is not what expect.py computes"
    expect_exit 0 "$INVOICECTL" mapping check "$dir/map.json" "$file"
    assert_contains "$TMPD/out" "is valid for"
    expect_exit 0 "$INVOICECTL" validate -m "$dir/map.json" "$file"
    sandbox_start
    expect_exit 0 "$INVOICECTL" import -m "$dir/map.json" --yes --results r1 "$file"
    api GET "/invoices?limit=250" >page.json
    assert_eq 200 "$(cat "$TMPD/status")" "$c: listing the store"
    "$PY" -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["data"], open(sys.argv[2], "w"))' \
        page.json store.json
    "$PY" "$ERP/expect.py" compare "$c" store.json || fail "$c: the store differs from the expected store"
    expect_exit 0 "$INVOICECTL" import -m "$dir/map.json" --dry-run --results r2 "$file"
    assert_contains "$TMPD/err" "plan: 0 to create, 0 to update"
    # The way back: the store exported through the same mapping, in the mapping's zone, reads back to the
    # same invoices.
    local tz
    tz=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("locale", {}).get("timezone", "UTC"))' \
        "$dir/map.json")
    expect_exit 0 "$INVOICECTL" export --map "$dir/map.json" --timezone "$tz" -o back.csv
    expect_exit 0 "$INVOICECTL" import -m "$dir/map.json" --dry-run --results r3 back.csv
    assert_contains "$TMPD/err" "plan: 0 to create, 0 to update"
    sandbox_stop
    trap - EXIT
    cd "$TMPD"
}

for c in $cases; do
    needs=$(awk -v c="$c" '$1 == c {$1 = ""; sub(/^ /, ""); print}' "$ERP/cases.txt")
    note "case $c (needs: ${needs:-only the forms every mapping has})"
    # each case in a subshell, so one failure is reported and the others still run
    if ! (run_case "$c"); then
        failed="$failed $c"
        note "case $c FAILED"
    fi
done
[ -z "$failed" ] || fail "ERP cases failed:$failed"
echo "erp corpus: $(echo $cases | wc -w) cases passed"
