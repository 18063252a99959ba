# README.md as a user meets it, in a fresh git checkout of a copy of the tree: the walkthrough ("A first
# import, step by step") runs as written and leaves nothing that git sees as new or changed (what it writes
# is covered by .gitignore); the manual page command it gives works, `make deps` installs what that command
# needs, and the manual's ENVIRONMENT names every variable the program reads.
. "$ROOT/tests/e2e/lib.sh"
command -v git >/dev/null || fail "git is needed (make deps)"
command -v man >/dev/null || fail "man is needed (make deps installs man-db)"
cd "$TMPD"
mkdir tree
(cd "$ROOT" && tar cf - --exclude=./.git --exclude='./build*' --exclude=./out --exclude=./invoicectl-results .) |
    (cd tree && tar xf -)
cd tree
git init -q . && git add -A && git -c user.name=t -c user.email=t@example.invalid commit -q -m tree ||
    fail "cannot make a git checkout of the copy"
mkdir -p build && cp "$INVOICECTL" build/invoicectl

note "the walkthrough, as written (the build step aside, on a free port instead of 8080)"
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The fenced block after the heading, without the `make` line (the binary is already built).
awk '/^## A first import, step by step/ {on = 1; next} on && /^```sh/ {inb = 1; next} inb && /^```/ {exit}
     inb {print}' README.md >"$TMPD/walk.sh"
[ "$(grep -c 'invoicectl ' "$TMPD/walk.sh")" -ge 6 ] || { cat "$TMPD/walk.sh"; fail "no walkthrough in README.md"; }
grep -q '^make ' "$TMPD/walk.sh" || fail "the walkthrough no longer starts with make"
# Wait for the sandbox after starting it, so the steps never race it.
sed -e '/^make /d' -e "s/8080/$port/g" \
    -e "/^invoicectl sandbox .*&\$/a for i in \$(seq 1 250); do curl -s -o /dev/null http://127.0.0.1:$port/ \&\& break; sleep 0.02; done" \
    "$TMPD/walk.sh" >"$TMPD/walk.run.sh"
# A failing step must not leave the sandbox running.
sed -i '1i trap '"'"'kill $(jobs -p) 2>/dev/null || true'"'"' EXIT' "$TMPD/walk.run.sh"
set +e
env -u INVOICECTL_API_URL -u B2B_STORE_HASH -u B2B_AUTH_TOKEN -u INVOICECTL_CONFIG -u INVOICECTL_PROFILE \
    HOME="$TMPD/home" bash -e "$TMPD/walk.run.sh" >"$TMPD/walk.out" 2>&1
rc=$?
set -e
[ "$rc" = 0 ] || { cat "$TMPD/walk.run.sh" "$TMPD/walk.out"; fail "the README walkthrough failed (exit $rc)"; }
[ -s out/open-balances.xlsx ] || fail "the walkthrough's export is missing"
git status --porcelain --untracked-files=all >"$TMPD/status"
[ ! -s "$TMPD/status" ] || { cat "$TMPD/status"; fail "the walkthrough left files .gitignore does not cover"; }

note "the manual page command from the README works"
mancmd=$(grep -o '`man [^`]*`' README.md | head -n 1 | tr -d '`')
[ -n "$mancmd" ] || fail "README.md gives no man command"
# shellcheck disable=SC2086
MANPAGER=cat MANWIDTH=100 $mancmd >"$TMPD/man.txt" 2>"$TMPD/man.err" || { cat "$TMPD/man.err"; fail "'$mancmd' failed"; }
assert_contains "$TMPD/man.txt" "ENVIRONMENT"
MANWIDTH=100 man --warnings -l -P cat docs/invoicectl.1 >/dev/null 2>"$TMPD/man.warn"
[ ! -s "$TMPD/man.warn" ] || { cat "$TMPD/man.warn"; fail "the manual page draws warnings"; }
# grep reads all of make's output: with -q it could exit first, and make's SIGPIPE would fail the pipe.
make -n deps | grep -w man-db >/dev/null || fail "make deps does not install man-db, which provides man"

note "the manual's ENVIRONMENT names every variable the program reads"
sed -n '/^ENVIRONMENT/,/^FILES/p' "$TMPD/man.txt" >"$TMPD/env.txt"
vars=$(grep -rhoE '(getenv|env_nonempty)\("[A-Za-z_][A-Za-z_0-9]*"\)' util model formats mapping api import export sandbox cmd |
    sed -E 's/.*\("(.*)"\)/\1/' | sort -u)
[ "$(echo "$vars" | wc -l)" -ge 8 ] || fail "too few variables found in the source: $vars"
for v in $vars; do
    grep -qw -- "$v" "$TMPD/env.txt" || { cat "$TMPD/env.txt"; fail "ENVIRONMENT does not name $v"; }
done
echo ok
