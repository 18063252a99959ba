# Shared set-up of the benchmarks (sourced, not run: `make bench` runs bench/*.sh only).
#
#   . "$(dirname "$0")/lib.bash"
#   bench_sandbox_env            # INVOICECTL, ROOT, TMPD, the e2e helpers, cleanup on exit, cd TMPD
#                                # (cleanup: stops the sandbox, removes TMPD)
#   bench_tool NAME [LIBS...]    # compiles bench/NAME.c into build/bench/NAME unless up to date
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$root/build/bench
mkdir -p "$out"

# A benchmark that runs the sandbox: the same environment as the end-to-end tests, in a temporary
# folder removed on exit with the sandbox stopped.
cleanup() {
    sandbox_stop || true
    rm -rf "$TMPD"
}

bench_sandbox_env() {
    export INVOICECTL=${INVOICECTL:-$root/build/invoicectl}
    export ROOT=$root
    TMPD=$(mktemp -d)
    export TMPD
    . "$root/tests/e2e/lib.sh"
    . "$root/tests/e2e/import_helpers.sh"
    trap cleanup EXIT # scripts set it again after sandbox_start, which sets its own
    cd "$TMPD"
}

bench_tool() {
    local name=$1
    shift
    if [ ! -x "$out/$name" ] || [ "$root/bench/$name.c" -nt "$out/$name" ]; then
        cc -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -o "$out/$name" "$root/bench/$name.c" "$@"
    fi
}
