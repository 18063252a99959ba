# The shape check (tests/tools/check_layers.py, `make layers`): the tree passes it, and in a scratch copy
# it catches a planted upward include, a sibling or sandbox include, an include cycle between two headers
# and, given objects, two files that call each other; each named by file and line.
. "$ROOT/tests/e2e/lib.sh"
cd "$TMPD"
check="$ROOT/tests/tools/check_layers.py"
folders="util model formats mapping api import export sandbox cmd"

note "the tree as it is passes"
"$check" --root "$ROOT" >ok.txt 2>&1 || { cat ok.txt; fail "the tree does not pass the layer check"; }

copy() {
    rm -rf src && mkdir src
    for d in $folders; do [ -d "$ROOT/$d" ] && cp -r "$ROOT/$d" src/; done
    "$check" --root src >/dev/null 2>&1 || fail "a fresh copy does not pass"
}
# plant FILE 'TEXT': a line after the first #include of FILE; prints the planted line's number.
plant() {
    local at
    at=$(grep -n '^#include' "src/$1" | head -n 1 | cut -d: -f1)
    sed -i "${at}a $2" "src/$1"
    echo $((at + 1))
}

note "an upward include: formats/ using mapping/"
copy
line=$(plant formats/csv_write.h '#include "mapping/mapping.h"')
expect_exit 1 "$check" --root src
assert_contains out "formats/csv_write.h:$line: upward include \"mapping/mapping.h\": formats/ may not use mapping/"
assert_contains out "folder cycle: formats -> mapping -> formats"

note "util/ may use nothing above it"
copy
line=$(plant util/sbuf.c '#include "model/money.h"')
expect_exit 1 "$check" --root src
assert_contains out "util/sbuf.c:$line: upward include \"model/money.h\": util/ may not use model/"

note "import/ and export/ are siblings: neither uses the other"
copy
mkdir -p src/export
printf '#include "import/plan.h"\n' >src/export/zz_probe.c
expect_exit 1 "$check" --root src
assert_contains out 'export/zz_probe.c:1: upward include "import/plan.h": export/ may not use import/'

note "sandbox/ uses util/ and model/ only, and only cmd/ uses it"
copy
line=$(plant sandbox/store.c '#include "formats/csv_write.h"')
printf '#include "sandbox/sandbox.h"\n' >src/api/zz_probe.c
expect_exit 1 "$check" --root src
assert_contains out "sandbox/store.c:$line: upward include \"formats/csv_write.h\": sandbox/ may not use formats/"
assert_contains out 'api/zz_probe.c:1: upward include "sandbox/sandbox.h": api/ may not use sandbox/'

note "a sub-folder counts as its folder: sandbox/bill/ is sandbox/"
copy
mkdir -p src/sandbox/zz
printf '#include "api/http.h"\n' >src/sandbox/zz/probe.c
printf '#include "sandbox/zz/probe.h"\n#include "model/money.h"\n' >src/sandbox/zz/ok.c
expect_exit 1 "$check" --root src
assert_contains out 'sandbox/zz/probe.c:1: upward include "api/http.h": sandbox/ may not use api/'
assert_not_contains out 'sandbox/zz/ok.c'

note "two headers that include each other"
copy
printf '#include "util/zz_b.h"\n' >src/util/zz_a.h
printf '/* b */\n#include "util/zz_a.h"\n' >src/util/zz_b.h
expect_exit 1 "$check" --root src
assert_contains out 'util/zz_a.h:1: include cycle: util/zz_a.h -> util/zz_b.h -> util/zz_a.h'

note "with objects: two files that each call the other"
rm -rf calls && mkdir -p calls/mapping calls/build/mapping
printf 'int zz_b(int);\nint zz_a(int n);\nint zz_a(int n) { return n ? zz_b(n - 1) : 0; }\n' >calls/mapping/a.c
printf 'int zz_a(int);\nint zz_b(int n);\nint zz_b(int n) { return n ? zz_a(n - 1) : 1; }\n' >calls/mapping/b.c
cc -c -o calls/build/mapping/a.o calls/mapping/a.c
cc -c -o calls/build/mapping/b.o calls/mapping/b.c
"$check" --root calls >calls.txt 2>&1 || { cat calls.txt; fail "includes alone show no cycle here"; }
expect_exit 1 "$check" --root calls --objects calls/build
assert_contains out 'mapping/a.c: file cycle: calls zz_b() of mapping/b.c, which calls zz_a() of mapping/a.c'

note "with objects: files of a sub-folder are read too"
rm -rf calls && mkdir -p calls/sandbox/zz calls/build/sandbox/zz
printf 'int zz_b(int);\nint zz_a(int n);\nint zz_a(int n) { return n ? zz_b(n - 1) : 0; }\n' >calls/sandbox/zz/a.c
printf 'int zz_a(int);\nint zz_b(int n);\nint zz_b(int n) { return n ? zz_a(n - 1) : 1; }\n' >calls/sandbox/zz/b.c
cc -c -o calls/build/sandbox/zz/a.o calls/sandbox/zz/a.c
cc -c -o calls/build/sandbox/zz/b.o calls/sandbox/zz/b.c
expect_exit 1 "$check" --root calls --objects calls/build
assert_contains out 'sandbox/zz/a.c: file cycle: calls zz_b() of sandbox/zz/b.c, which calls zz_a() of sandbox/zz/a.c'
note "ok"
