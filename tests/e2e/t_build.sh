# The build, in a copy of the tree with a scratch BUILD folder: user CFLAGS/CPPFLAGS/LDLIBS add to the
# required flags and never replace them; a changed VERSION rebuilds what prints it; install and uninstall
# leave nothing behind.
. "$ROOT/tests/e2e/lib.sh"
cd "$TMPD"
mkdir tree
(cd "$ROOT" && tar cf - --exclude=./.git --exclude='./build*' .) | (cd tree && tar xf -)
cd tree
printf '0.1.0\n' >VERSION
touch -d '2020-01-01' VERSION

note "make CFLAGS=... keeps -std=c11, the warnings, the pkg-config paths and the dependency files"
make -n V=1 BUILD=b CFLAGS=-O0 CPPFLAGS=-DUSER_CPP LDLIBS=-lz b/invoicectl >plan.txt
grep -- ' -c -o b/cmd/main.o cmd/main.c' plan.txt >cc.txt || { cat plan.txt; fail "no compile line for main.c"; }
for flag in -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla \
    -Wformat=2 -Werror -MMD -MP -D_GNU_SOURCE -I. -DINVOICECTL_VERSION -O0 -DUSER_CPP \
    $(pkg-config --cflags libcurl libcjson xlsxwriter libmicrohttpd sqlite3); do
    grep -qF -- " $flag" cc.txt || { cat cc.txt; fail "the compile line lost '$flag'"; }
done
# The user's -O0 comes after the default -O2, so it is the one that counts.
sed 's/.* -O2 //' cc.txt | grep -q -- ' -O0 ' || { cat cc.txt; fail "-O0 does not follow -O2"; }
grep -- '-o b/invoicectl ' plan.txt >ld.txt || { cat plan.txt; fail "no link line"; }
for lib in -lcsv -lm -lz $(pkg-config --libs libcurl libcjson); do
    grep -qF -- " $lib" ld.txt || { cat ld.txt; fail "the link line lost '$lib'"; }
done

note "a real build with user CFLAGS: warnings stay errors, dependency files are written"
make -j2 BUILD=b CFLAGS='-O0 -g0' b/invoicectl >build.log 2>&1 || { tail -n 30 build.log; fail "build failed"; }
[ -s b/cmd/main.d ] || fail "no dependency file b/cmd/main.d"
assert_eq "invoicectl 0.1.0" "$(b/invoicectl --version)" "version"
printf 'int unused_function_warns(void) { int x; return 0; }\n' >util/zz_warn_probe.c
if make BUILD=b CFLAGS=-O0 b/util/zz_warn_probe.o >warn.log 2>&1; then
    cat warn.log; fail "a warning did not fail the build under user CFLAGS"
fi
rm util/zz_warn_probe.c

note "a changed VERSION rebuilds what prints it, and only that"
make -q BUILD=b CFLAGS='-O0 -g0' b/invoicectl || fail "the build is not up to date right after building"
printf '9.8.7\n' >VERSION
make -n BUILD=b CFLAGS='-O0 -g0' b/invoicectl >rebuild.txt
for src in cmd/main.c api/http.c formats/report_xlsx.c; do
    grep -q "CC *$src" rebuild.txt || { cat rebuild.txt; fail "$src is not rebuilt for the new VERSION"; }
done
! grep -q "CC *util/" rebuild.txt || { cat rebuild.txt; fail "files that do not use VERSION are rebuilt"; }
make -j2 BUILD=b CFLAGS='-O0 -g0' b/invoicectl >>build.log 2>&1 || { tail -n 30 build.log; fail "rebuild failed"; }
assert_eq "invoicectl 9.8.7" "$(b/invoicectl --version)" "version after the change"

note "make install, then make uninstall, leaves the prefix as it was"
dest="$TMPD/dest"
make BUILD=b CFLAGS='-O0 -g0' DESTDIR="$dest" PREFIX=/usr install >/dev/null
[ -x "$dest/usr/bin/invoicectl" ] || fail "install did not install the binary"
[ -f "$dest/usr/share/man/man1/invoicectl.1" ] || fail "install did not install the man page"
make BUILD=b CFLAGS='-O0 -g0' DESTDIR="$dest" PREFIX=/usr uninstall >/dev/null
left=$(find "$dest" -type f)
[ -z "$left" ] || fail "uninstall left: $left"
echo ok
