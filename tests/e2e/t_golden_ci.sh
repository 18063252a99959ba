# Golden-file tests cannot pass by rewriting their own expectations in CI: with CI set, UPDATE_GOLDEN is
# refused by the end-to-end tests (lib.sh) and by the unit test that keeps golden files, and the golden files
# stay as they were.  Without CI, UPDATE_GOLDEN still rewrites them (which shows the refusal is what stops it).
# Runs in a copy of the tree, so the real golden files are never touched.
. "$ROOT/tests/e2e/lib.sh"
cd "$TMPD"
top=$TMPD # (an assignment prefix sees the TMPD assigned before it: keep this one apart)
mkdir tree inner
(cd "$ROOT" && tar cf - --exclude=./.git --exclude='./build*' .) | (cd tree && tar xf -)
vgold=tree/tests/golden/validate/invoices.txt
xgold=tree/tests/golden/export/invoices.xml
echo "a line no run produces" >>"$vgold"
echo "<a line no run produces/>" >>"$xgold"
cp "$vgold" vgold.before
cp "$xgold" xgold.before

note "end-to-end: CI=true UPDATE_GOLDEN=1 fails and rewrites nothing"
set +e
CI=true UPDATE_GOLDEN=1 INVOICECTL="$INVOICECTL" TMPD="$top/inner" ROOT="$top/tree" \
    bash "$top/tree/tests/e2e/t_validate_samples.sh" >e2e.out 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] || { cat e2e.out; fail "t_validate_samples.sh passed with CI and UPDATE_GOLDEN set"; }
assert_contains e2e.out "UPDATE_GOLDEN is refused when CI is set"
cmp -s vgold.before "$vgold" || fail "a golden file was rewritten under CI"

note "unit: test_xlsx_export with CI=true UPDATE_GOLDEN=1 fails and rewrites nothing"
LIB=$(dirname "$INVOICECTL")/libinvoicectl.a
[ -f "$LIB" ] || fail "no '$LIB' next to the binary"
SAN=()
if nm "$LIB" 2>/dev/null | grep '__asan_init' >/dev/null; then SAN=(-fsanitize=address,undefined); fi
# shellcheck disable=SC2046
(cd tree && cc -D_GNU_SOURCE -I. -DINVOICECTL_VERSION='"test"' -std=c11 -O1 -g "${SAN[@]}" \
    $(pkg-config --cflags libcjson xlsxwriter) -o "$TMPD/test_xlsx_export" tests/unit/test_xlsx_export.c "$LIB" \
    $(pkg-config --libs libcurl libcjson xlsxwriter libmicrohttpd sqlite3) -lcsv -lpthread -lm -lcmocka) ||
    fail "cannot compile test_xlsx_export"
set +e
(cd tree && CI=true UPDATE_GOLDEN=1 "$TMPD/test_xlsx_export") >unit.out 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] || { cat unit.out; fail "test_xlsx_export passed with CI and UPDATE_GOLDEN set"; }
assert_contains unit.out "UPDATE_GOLDEN is refused when CI is set"
cmp -s xgold.before "$xgold" || fail "an export golden file was rewritten under CI"

note "without CI, UPDATE_GOLDEN=1 does rewrite them"
(cd tree && env -u CI UPDATE_GOLDEN=1 "$TMPD/test_xlsx_export") >unit2.out 2>&1 || { cat unit2.out; fail "unit update failed"; }
! cmp -s xgold.before "$xgold" || fail "UPDATE_GOLDEN=1 without CI did not rewrite the export golden file"
rm -rf inner && mkdir inner
env -u CI UPDATE_GOLDEN=1 INVOICECTL="$INVOICECTL" TMPD="$top/inner" ROOT="$top/tree" \
    bash "$top/tree/tests/e2e/t_validate_samples.sh" >e2e2.out 2>&1 || { tail -n 20 e2e2.out; fail "e2e update failed"; }
! cmp -s vgold.before "$vgold" || fail "UPDATE_GOLDEN=1 without CI did not rewrite the validate golden file"
cmp -s "$ROOT/tests/golden/validate/invoices.txt" "$vgold" || fail "the rewritten golden file differs from the real one"
echo ok
