# Every command's --help, byte for byte: the option lines are generated from each command's option
# table (cmd/options.h), so a change to the table or its layout shows here.  And the one error path
# every command shares: an unknown option or a missing value says so in the same words, points at
# the command's --help, and exits 2 before anything is read or sent.
. "$ROOT/tests/e2e/lib.sh"
cd "$TMPD"

for c in validate import export sandbox mapping pay undo; do
    note "invoicectl $c --help matches tests/golden/help/$c.txt"
    expect_exit 0 "$INVOICECTL" "$c" --help
    golden "$ROOT/tests/golden/help/$c.txt" out
    expect_exit 0 "$INVOICECTL" help "$c"
    golden "$ROOT/tests/golden/help/$c.txt" out
done

for c in validate import export sandbox pay undo "mapping init" "mapping check"; do
    note "$c: an unknown option"
    # shellcheck disable=SC2086 # "mapping init" is two words
    expect_exit 2 "$INVOICECTL" $c --bogus
    assert_contains err "invoicectl: unknown option '--bogus'"
    assert_contains err "Try 'invoicectl ${c%% *} --help'."
done

for args in "validate --map" "validate -m" "import --map" "import -m" "import --api-url" "pay --map" "pay --journal" \
    "export --output" "export --customer" "sandbox --listen" "mapping init --output"; do
    note "$args: a missing value"
    # shellcheck disable=SC2086
    expect_exit 2 "$INVOICECTL" $args
    assert_contains err "invoicectl: option '${args##* }' needs a value"
    set -- $args
    assert_contains err "Try 'invoicectl $1 --help'."
done
