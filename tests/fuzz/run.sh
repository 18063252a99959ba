#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets with clang (address + undefined sanitizers) and runs each for
# FUZZ_SECONDS (default 60).  New crashes land in build-fuzz/crashes/TARGET/; copy each into
# tests/fuzz/corpus/TARGET/ once fixed, so `make check` replays it from then on.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
secs=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"csv mapping money date api bill xlsx"}
make --no-print-directory BUILD=build-fuzz CC=clang SAN=fuzz WERROR= OPT='-O1 -g' build-fuzz/libinvoicectl.a >/dev/null
libs=$(make --no-print-directory -s print-ldlibs)
for t in $targets; do
    out=build-fuzz/fuzz_$t
    clang -D_GNU_SOURCE -I. $(pkg-config --cflags libcjson) -g -O1 -fsanitize=fuzzer,address,undefined \
        -o "$out" "tests/fuzz/fuzz_$t.c" tests/fuzz/memfile.c build-fuzz/libinvoicectl.a $libs
    work=build-fuzz/corpus/$t; crashes=build-fuzz/crashes/$t
    mkdir -p "$work" "$crashes"
    echo "== fuzz $t for ${secs}s"
    "$out" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$crashes/" -print_final_stats=1 "$work" "tests/fuzz/corpus/$t" 2>&1 |
        grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)' || true
    n=$(find "$crashes" -type f | wc -l)
    echo "fuzz $t: $n crash inputs in $crashes"
done
