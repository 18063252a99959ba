#!/usr/bin/env bash
# `mapping check` on very wide headers: time must grow linearly with the number of columns.
#
#   INVOICECTL=build/invoicectl bash bench/15_mapping_check.sh
#
# Generates build/bench/wide-N.csv (the samples/invoices.csv columns, then four-character filler names up to N
# columns, one data row) for N = 50,000, 100,000 and 200,000, and runs `mapping check samples/invoices.map.json`
# on each three times, keeping the best time and the highest peak RSS.  100,000 columns is the limit
# (docs/mapping.md, "Limits"): the 200,000-column file is refused, and the figure is how long refusing takes.
# Target: 100,000 columns at most 2.5x the time of 50,000 (linear, with room for noise); a MISS does not fail.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${INVOICECTL:-$root/build/invoicectl}
out=$root/build/bench
map=$root/samples/invoices.map.json
mkdir -p "$out"

timer=/usr/bin/time
[ -x "$timer" ] || { echo "note: /usr/bin/time is missing (Debian package 'time'); peak RSS not measured"; timer=; }

# gen N FILE: the sample's header, then filler columns "0000", "0001", … (base 36) up to N columns.
gen() {
    awk -v n="$1" -v head="$(head -n 1 "$root/samples/invoices.csv")" 'BEGIN {
        d = "0123456789abcdefghijklmnopqrstuvwxyz"
        k = split(head, h, ",")
        line = head; row = "x"
        for (i = 2; i <= k; i++) row = row ",x"
        for (i = 0; i < n - k; i++) {
            v = i; s = ""
            for (j = 0; j < 4; j++) { s = substr(d, v % 36 + 1, 1) s; v = int(v / 36) }
            line = line "," s; row = row ",x"
        }
        print line; print row
    }' >"$2"
}

# best_of NAME CMD...: three runs; sets BEST (seconds), PEAK (KiB, 0 when unknown) and RC (last exit code).
best_of() {
    local name=$1; shift
    BEST= PEAK=0 RC=0
    local i t m
    for i in 1 2 3; do
        RC=0
        if [ -n "$timer" ]; then
            "$timer" -f '%e %M' -o "$out/time.txt" "$@" >/dev/null 2>"$out/$name.err" || RC=$?
            # (on a non-zero exit, time writes "Command exited with …" first)
            read -r t m < <(tail -n 1 "$out/time.txt")
        else
            local s e
            s=$(date +%s.%N)
            "$@" >/dev/null 2>"$out/$name.err" || RC=$?
            e=$(date +%s.%N)
            t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }')
            m=0
        fi
        if [ -z "$BEST" ] || awk -v a="$t" -v b="$BEST" 'BEGIN { exit !(a < b) }'; then BEST=$t; fi
        [ "$m" -gt "$PEAK" ] && PEAK=$m
    done
    return 0
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

printf '\nmapping check on wide headers (best of 3)\n'
printf '%-10s %8s %10s %5s  %s\n' "columns" "seconds" "peak MiB" "exit" "message"
declare -A T
for n in 50000 100000 200000; do
    csv=$out/wide-$n.csv
    [ -s "$csv" ] || gen "$n" "$csv"
    best_of "wide-$n" "$bin" mapping check "$map" "$csv"
    T[$n]=$BEST
    msg=$(sed -n 1p "$out/wide-$n.err")
    printf '%-10s %8s %10s %5s  %s\n' "$n" "$BEST" "$(mib "$PEAK")" "$RC" "${msg:-valid}"
done
r=$(awk -v a="${T[100000]}" -v b="${T[50000]}" 'BEGIN { if (b <= 0) b = 0.01; printf "%.2f", a / b }')
v=$(awk -v r="$r" 'BEGIN { print (r <= 2.5) ? "PASS" : "MISS" }')
printf '\n%-44s %8s %8s %s\n' "target" "measured" "limit" "verdict"
printf '%-44s %8s %8s %s\n' "time, 100,000 / 50,000 columns" "${r}x" "2.5x" "$v"
