#!/usr/bin/env bash
# The checkout carries everything its tests need: a copy of the tree in a folder with nothing beside it (no
# sibling folder of any kind) passes every test that reads the official spec, and no file of the build, the
# tests or the benchmarks names a path outside the checkout.  The spec snapshot is the one its SHA256SUMS fixes.
. "$ROOT/tests/e2e/lib.sh"

# The snapshot is intact.
(cd "$ROOT/tests/data/spec" && sha256sum --quiet -c SHA256SUMS) || fail "tests/data/spec differs from its SHA256SUMS"

# Nothing reads outside the checkout.
if grep -rnE '\.\./shared|/work/shared|shared/reference' "$ROOT/GNUmakefile" "$ROOT/tests" "$ROOT/bench" "$ROOT/.ci" \
        --exclude=t_self_contained.sh >"$TMPD/outside" 2>/dev/null; then
    cat "$TMPD/outside"; fail "files above read outside the checkout"
fi

# tests/e2e/run.sh already runs the whole suite from a copy of the tree with nothing beside it; when this test
# is run that way, the copy is ROOT itself.  Run alone from a checkout, it makes such a copy and re-runs there
# every test that reads the spec.
if [ "$(ls -A "$ROOT/.." | wc -l)" = 1 ]; then
    echo "self-contained: snapshot and paths checked; this suite runs from $ROOT, alone in its folder"
    exit 0
fi

# A copy of the tree as a clone would have it (tracked and not ignored files), alone in an empty folder.
iso="$TMPD/alone/invoicectl"
mkdir -p "$iso"
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
        [ -e "$f" ] && printf '%s\0' "$f"; done | tar --null -T - -cf -) | tar -xf - -C "$iso"
else
    (cd "$ROOT" && tar --exclude=./build --exclude=./build-asan -cf - .) | tar -xf - -C "$iso"
fi
[ "$(ls -A "$TMPD/alone")" = invoicectl ] || fail "the isolated copy has something beside it"

# Every test that reads the spec, run from the copy.
n=0
for t in "$iso"/tests/e2e/t_*.sh; do
    grep -qE 'SPEC_ROOT|common\.sh|check_request_schema|tests/data/spec' "$t" || continue
    case $(basename "$t") in t_self_contained.sh) continue ;; esac
    sub="$TMPD/sub.$n"; mkdir -p "$sub"
    if ! INVOICECTL="$INVOICECTL" TMPD="$sub" ROOT="$iso" bash "$t" >"$sub/.log" 2>&1; then
        tail -n 30 "$sub/.log"; fail "$(basename "$t") fails in a checkout with nothing beside it"
    fi
    n=$((n + 1))
done
[ "$n" -ge 8 ] || fail "only $n spec-dependent tests found"
echo "self-contained: $n spec-dependent tests pass in an isolated copy"
