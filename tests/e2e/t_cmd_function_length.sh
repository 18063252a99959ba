# Commands stay thin: no function in cmd/ is longer than 120 lines (a long command is split into
# steps in cmd/NAME_*.c, see cmd/import_internal.h).  The check itself is checked on made-up files
# first, so that a broken script cannot pass everything.
. "$ROOT/tests/e2e/lib.sh"
CHECK="$ROOT/tests/tools/check_function_length.sh"
cd "$TMPD"

# A function of n lines from '{' to '}', each at column 0.
make_fn() {
    printf 'static int\nlong_one(int x)\n{\n'
    i=2
    while [ "$i" -lt "$1" ]; do
        echo '    x++;'
        i=$((i + 1))
    done
    printf '}\n\nstatic const int table[] = {\n    1,\n};\n'
}

note "the check finds a function one line too long, and names it"
make_fn 121 >long.c
expect_exit 1 sh "$CHECK" 120 long.c
assert_contains out "long.c:3: long_one is 121 lines (at most 120)"

note "a function of exactly the limit passes; tables and structs are not functions"
make_fn 120 >ok.c
expect_exit 0 sh "$CHECK" 120 ok.c

note "no function in cmd/ is over 120 lines"
expect_exit 0 sh "$CHECK" 120 "$ROOT"/cmd/*.c
