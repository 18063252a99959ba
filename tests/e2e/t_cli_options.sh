# The command line: -q/-v are global options before the command or the command's own options, never taken
# out of another option's value; an unknown option before the command is refused; a mistyped command gets
# the nearest one.
. "$ROOT/tests/e2e/lib.sh"
cd "$TMPD"

note "a value that looks like -q or -v stays the value of its option"
sandbox_start
expect_exit 0 "$INVOICECTL" export --customer -q --format csv
assert_not_contains "$TMPD/err" "unexpected argument"
head -n 1 "$TMPD/out" | grep -q '^Invoice' || { cat "$TMPD/out"; fail "export --customer -q wrote no CSV header"; }
expect_exit 0 "$INVOICECTL" export --search -v --format csv -o s.csv
[ -s s.csv ] || fail "export --search -v wrote nothing"
cp "$ROOT/samples/invoices.csv" "$ROOT/samples/invoices.map.json" .
expect_exit 0 "$INVOICECTL" mapping init invoices.csv -o -q
[ -s ./-q ] || fail "mapping init -o -q did not write the mapping to the file '-q'"
expect_exit 2 "$INVOICECTL" validate -m invoices.map.json --report -v invoices.csv
assert_contains "$TMPD/err" "cannot tell the report format of '-v'"

note "-q and -v work before the command and as each command's own option, anywhere among its arguments"
for cmd in "export -o q1.csv -q" "-q export -o q2.csv" "export --quiet -o q3.csv" \
    "validate -m invoices.map.json -q invoices.csv" "mapping init -q invoices.csv -o q.map.json"; do
    # shellcheck disable=SC2086
    expect_exit 0 "$INVOICECTL" $cmd
    [ ! -s "$TMPD/err" ] || { cat "$TMPD/err"; fail "'$cmd' wrote to standard error"; }
done
expect_exit 0 "$INVOICECTL" export -o v1.csv -v
assert_contains "$TMPD/err" "export: writer"
expect_exit 0 "$INVOICECTL" -vv export -o v2.csv
assert_contains "$TMPD/err" "export: writer"
expect_exit 0 "$INVOICECTL" import -m invoices.map.json --dry-run --verbose invoices.csv
expect_exit 0 "$INVOICECTL" sandbox --help -q
assert_contains "$TMPD/out" "usage: invoicectl sandbox"

note "only -q/-v/--help/--version come before the command"
expect_exit 2 "$INVOICECTL" --customer 5 export
assert_contains "$TMPD/err" "unknown option '--customer'"
assert_contains "$TMPD/err" "Try 'invoicectl --help'"
expect_exit 0 "$INVOICECTL" -q --version
assert_contains "$TMPD/out" "invoicectl "

note "a mistyped command gets the nearest one"
expect_exit 2 "$INVOICECTL" imprt a.csv
assert_contains "$TMPD/err" "invoicectl: 'imprt' is not a command; did you mean 'import'?"
expect_exit 2 "$INVOICECTL" -q exprot
assert_contains "$TMPD/err" "did you mean 'export'?"
expect_exit 2 "$INVOICECTL" help valdate
assert_contains "$TMPD/err" "did you mean 'validate'?"
expect_exit 2 "$INVOICECTL" Sandbox
assert_contains "$TMPD/err" "did you mean 'sandbox'?"
expect_exit 2 "$INVOICECTL" frobnicate
assert_contains "$TMPD/err" "invoicectl: 'frobnicate' is not a command; see 'invoicectl --help'"
assert_not_contains "$TMPD/err" "did you mean"
echo "ok"
