#!/usr/bin/env bash
# validate throughput and memory on a generated million-row export, against the tokenizer floor.
#
#   INVOICECTL=build/invoicectl bash bench/10_validate.sh        (ROWS=N to change the size; default 1000000)
#
# Compiles bench/gen_rows.c and bench/csv_tokenize.c into build/bench/, generates build/bench/rows-N.csv (kept
# and reused), then runs each of: the tokenizer alone, `validate -q`, `validate -q --emit /dev/null` three
# times and keeps the best time and the highest peak RSS.  Prints the ratios against the targets and PASS or
# MISS for each; a MISS does not fail the script (timings are not assertions).
set -euo pipefail
. "$(dirname "$0")/lib.bash"
bin=${INVOICECTL:-$root/build/invoicectl}
rows=${ROWS:-1000000}
map=$root/samples/invoices.map.json

bench_tool gen_rows
bench_tool csv_tokenize -lcsv
csv=$out/rows-$rows.csv
if [ ! -s "$csv" ] || [ "$out/gen_rows" -nt "$csv" ]; then
    echo "generating $rows rows into $csv"
    "$out/gen_rows" -n "$rows" -o "$csv.tmp"
    mv "$csv.tmp" "$csv"
fi
size=$(stat -c %s "$csv")

timer=/usr/bin/time
[ -x "$timer" ] || { echo "note: /usr/bin/time is missing (Debian package 'time'); peak RSS not measured"; timer=; }

# best_of NAME CMD...: runs CMD three times; sets BEST (seconds) and PEAK (KiB, 0 when unknown).
best_of() {
    local name=$1; shift
    BEST= PEAK=0
    local i t m rc
    for i in 1 2 3; do
        rc=0
        if [ -n "$timer" ]; then
            "$timer" -f '%e %M' -o "$out/time.txt" "$@" >/dev/null 2>"$out/$name.err" || rc=$?
            read -r t m <"$out/time.txt"
        else
            local s e
            s=$(date +%s.%N)
            "$@" >/dev/null 2>"$out/$name.err" || rc=$?
            e=$(date +%s.%N)
            t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }')
            m=0
        fi
        if [ "$rc" -ne 0 ]; then
            echo "$name: exit $rc (see $out/$name.err)"; sed -n 1,5p "$out/$name.err"
        fi
        if [ -z "$BEST" ] || awk -v a="$t" -v b="$BEST" 'BEGIN { exit !(a < b) }'; then BEST=$t; fi
        [ "$m" -gt "$PEAK" ] && PEAK=$m
    done
    return 0
}

best_of tokenize "$out/csv_tokenize" "$csv"; t_tok=$BEST m_tok=$PEAK
best_of validate "$bin" validate -q -m "$map" "$csv"; t_val=$BEST m_val=$PEAK
best_of emit "$bin" validate -q -m "$map" --emit /dev/null "$csv"; t_emit=$BEST m_emit=$PEAK

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.01; printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t) ? "PASS" : "MISS" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

r_val=$(ratio "$t_val" "$t_tok")
r_emit=$(ratio "$t_emit" "$t_tok")
r_rss=$(ratio "$((m_val * 1024))" "$size")
r_rss_emit=$(ratio "$((m_emit * 1024))" "$size")

printf '\nvalidate benchmark: %s rows, %s MiB (%s)\n' "$rows" "$(mib $((size / 1024)))" "$csv"
printf '%-34s %8s %10s\n' "run (best of 3)" "seconds" "peak MiB"
printf '%-34s %8s %10s\n' "csv_tokenize (libcsv only)" "$t_tok" "$(mib "$m_tok")"
printf '%-34s %8s %10s\n' "validate -q" "$t_val" "$(mib "$m_val")"
printf '%-34s %8s %10s\n' "validate -q --emit /dev/null" "$t_emit" "$(mib "$m_emit")"
printf '\n%-44s %8s %8s %s\n' "target" "measured" "limit" "verdict"
printf '%-44s %8s %8s %s\n' "validate time / tokenizer time" "${r_val}x" "4x" "$(verdict "$r_val" 4)"
printf '%-44s %8s %8s %s\n' "validate --emit time / tokenizer time" "${r_emit}x" "8x" "$(verdict "$r_emit" 8)"
if [ "$m_val" -gt 0 ]; then
    printf '%-44s %8s %8s %s\n' "validate peak RSS / file size" "${r_rss}x" "1.5x" "$(verdict "$r_rss" 1.5)"
    printf '%-44s %8s %8s %s\n' "validate --emit peak RSS / file size" "${r_rss_emit}x" "1.5x" "$(verdict "$r_rss_emit" 1.5)"
fi
