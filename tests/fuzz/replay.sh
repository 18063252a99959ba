#!/usr/bin/env bash
# Replays every kept fuzz input (tests/fuzz/corpus/TARGET/*) through its target built as a plain program.
set -u
dir=${1:?usage: replay.sh BUILD/fuzz-replay}
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
for bin in "$dir"/fuzz_*; do
    case $bin in *.d) continue ;; esac
    name=$(basename "$bin"); target=${name#fuzz_}
    files=("$here/corpus/$target"/*)
    [ -e "${files[0]}" ] || { echo "fuzz replay: no corpus for $target" >&2; fail=$((fail + 1)); continue; }
    if "$bin" "${files[@]}" >/dev/null; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $name" >&2; fi
done
echo "fuzz replay: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
