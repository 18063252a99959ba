#!/usr/bin/env bash
# A CSV that is replaced while it is being read is detected: validate and import stop with
# "'x.csv' changed while it was being read" (exit 3) instead of mixing two versions of the file, and
# import sends nothing.  The replacement is made deterministic by a tiny LD_PRELOAD shim, built here,
# that renames REPLACE_WITH over the file right after the program's first fread() from it.
. "$ROOT/tests/e2e/lib.sh"

cat >"$TMPD/replace.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int done;

size_t fread(void *ptr, size_t size, size_t n, FILE *f)
{
    static size_t (*real)(void *, size_t, size_t, FILE *);
    if (!real)
        real = (size_t(*)(void *, size_t, size_t, FILE *))dlsym(RTLD_NEXT, "fread");
    size_t got = real(ptr, size, n, f);
    const char *target = getenv("REPLACE_TARGET"), *with = getenv("REPLACE_WITH");
    if (!done && target && with) {
        char link[64], path[PATH_MAX];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fileno(f));
        ssize_t k = readlink(link, path, sizeof path - 1);
        if (k > 0) {
            path[k] = '\0';
            if (strcmp(path, target) == 0) {
                done = 1;
                if (strcmp(with, "append") == 0) {
                    FILE *a = fopen(target, "a");
                    if (a) {
                        fputs("INV-LATE,1,2026-01-01,2026-01-31,USD,,S,late,1,1.00,0,0,X,US\n", a);
                        fclose(a);
                    }
                } else {
                    rename(with, target);
                }
            }
        }
    }
    return got;
}
C
cc -shared -fPIC -o "$TMPD/replace.so" "$TMPD/replace.c" -ldl || fail "cannot build the shim"
# A sanitizer build wants its runtime first; the shim only wraps fread.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

map="$ROOT/samples/invoices.map.json"
csv="$TMPD/in.csv"
fresh() {
    cp "$ROOT/samples/invoices.csv" "$csv"
    # The replacement: the same header, one other invoice.
    head -n 1 "$ROOT/samples/invoices.csv" >"$TMPD/other.csv"
    echo "INV-OTHER,1236,2026-10-01,2026-10-31,USD,,SKU-1,Other,1,1.00,0,0,Austin,US" >>"$TMPD/other.csv"
}
run_replaced() { # MODE EXPECTED_EXIT CMD...
    local with=$1 want=$2; shift 2
    fresh
    [ "$with" = append ] || with="$TMPD/other.csv"
    expect_exit "$want" env LD_PRELOAD="$TMPD/replace.so" REPLACE_TARGET="$csv" REPLACE_WITH="$with" "$@"
}

note "validate, untouched file: reads cleanly through the shim"
fresh
expect_exit 0 env LD_PRELOAD="$TMPD/replace.so" REPLACE_TARGET="$csv" "$INVOICECTL" validate -m "$map" "$csv"

note "validate: renamed over while read"
run_replaced rename 3 "$INVOICECTL" validate -m "$map" "$csv"
assert_contains "$TMPD/err" "'$csv' changed while it was being read"
note "validate: appended to while read"
run_replaced append 3 "$INVOICECTL" validate -m "$map" "$csv"
assert_contains "$TMPD/err" "'$csv' changed while it was being read"

note "standard input is not checked (a pipe has no identity to compare)"
fresh
expect_exit 0 sh -c "cat '$csv' | '$INVOICECTL' validate -m '$map' -"

sandbox_start
note "import: renamed over while read: exit 3, nothing sent"
run_replaced rename 3 "$INVOICECTL" import -m "$map" -y --results "$TMPD/res1" --journal "$TMPD/j1" "$csv"
assert_contains "$TMPD/err" "'$csv' changed while it was being read"
api GET "/invoices?limit=250" >"$TMPD/list.json"
assert_eq 200 "$(cat "$TMPD/status")" "list status"
assert_eq 0 "$(jget "$TMPD/list.json" 'j["meta"]["pagination"]["totalCount"]')" "invoices in the store"

note "import after the file settled: imports the new version"
expect_exit 0 "$INVOICECTL" import -m "$map" -y --results "$TMPD/res2" --journal "$TMPD/j2" "$csv"
api GET "/invoices?limit=250" >"$TMPD/list.json"
assert_eq 1 "$(jget "$TMPD/list.json" 'j["meta"]["pagination"]["totalCount"]')" "invoices in the store"
assert_eq INV-OTHER "$(jget "$TMPD/list.json" 'j["data"][0]["invoiceNumber"]')" "the invoice imported"
sandbox_stop
