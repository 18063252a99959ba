# The question before creating, on a terminal (a pseudo-terminal made by script(1)): it shows the plan's
# counts and the "New Invoice" email reminder; "n" sends nothing and exits 2, "y" creates.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
command -v script >/dev/null || fail "script(1) (bsdutils) is needed"
sandbox_start --latency 1
cd "$TMPD"
import_mapping map.json
import_csv 3 >a.csv
expect_exit 0 "$INVOICECTL" import -m map.json --yes --results r0 a.csv
import_csv 5 >a.csv # 3 in the store as they are, 2 new

# on_tty ANSWER OUT ARGS...: runs the import on a pseudo-terminal (stdin and stderr), typing ANSWER;
# everything the terminal shows goes to OUT; returns the import's exit code.
on_tty() {
    local answer=$1 out=$2
    shift 2
    local cmd
    printf -v cmd '%q ' "$INVOICECTL" import "$@"
    set +e
    printf '%s\n' "$answer" | script -qec "$cmd" /dev/null >"$out" 2>&1
    local rc=$?
    set -e
    tr -d '\r' <"$out" >"$out.txt"
    return $rc
}

note "answered n: nothing is sent, exit 2"
rc=0
on_tty n no.out -m map.json --results rn a.csv || rc=$?
assert_eq 2 "$rc" "exit after answering n"
assert_contains no.out.txt "about to create 2 invoices and update 0 in store '$B2B_STORE_HASH'"
assert_contains no.out.txt "; 3 unchanged"
assert_contains no.out.txt "\"New Invoice\" message"
assert_contains no.out.txt "email template off"
assert_contains no.out.txt "Continue? [y/N]"
assert_contains no.out.txt "nothing sent"
store_numbers >after_no.txt
printf 'INV-000000\nINV-000001\nINV-000002\n' >want3.txt
golden want3.txt after_no.txt
[ ! -e rn/summary.json ] || fail "a results folder was written after answering n"

note "answered y: the invoices are created"
rc=0
on_tty y yes.out -m map.json --results ry a.csv || rc=$?
assert_eq 0 "$rc" "exit after answering y"
assert_contains yes.out.txt "about to create 2 invoices"
assert_contains yes.out.txt "Continue? [y/N]"
assert_eq 2 "$(summary_get ry 'j["counts"]["created"]')" "created after y"
assert_eq 3 "$(summary_get ry 'j["counts"]["unchanged"]')" "unchanged after y"
store_numbers >after_yes.txt
csv_numbers a.csv >want5.txt
golden want5.txt after_yes.txt

note "one invoice: singular, and nothing asked when nothing is created"
import_csv 6 >a.csv
rc=0
on_tty n one.out -m map.json --results r1 a.csv || rc=$?
assert_eq 2 "$rc" "exit after answering n"
assert_contains one.out.txt "about to create 1 invoice and update 0"
import_csv 5 3 >a.csv # 1 changed, nothing new: an update run does not ask
rc=0
on_tty n upd.out -m map.json --results ru a.csv || rc=$?
assert_eq 0 "$rc" "an update-only run on a terminal"
assert_not_contains upd.out.txt "Continue?"
assert_eq 1 "$(summary_get ru 'j["counts"]["updated"]')" "updated without a question"
