#!/usr/bin/env bash
# export: workbook writing time against bare libxlsxwriter, and peak memory 100,000 vs 10,000 invoices.
#
#   INVOICECTL=build/invoicectl bash bench/40_export.sh        (N_SMALL / N_LARGE change the sizes,
#                                                               CONCURRENCY the --concurrency, default 4)
#
# Seeds sandboxes (SQLite files kept in build/bench/ and reused while bench/export_seed.py and the sandbox's
# store are unchanged) with N_SMALL and N_LARGE generated invoices (4 line items each on average) through
# HTTP keep-alive, then for each size runs `invoicectl -v export -o FILE.xlsx --concurrency N` (N: $CONCURRENCY,
# default 4, the command's own default) against it three times, keeping
# the best writer time (the time inside the workbook writer, which export -v prints apart from the API's, as
# wall-clock and as CPU time of the writing thread) and the highest peak RSS.  bench/xlsx_bare.c writes the
# same cells with bare libxlsxwriter (constant_memory) from a JSON Lines export of the large set, also best of
# three.  The time target is judged on CPU time: during the export the sandbox serves pages on the same
# machine and takes CPU from the writer, which inflates its wall-clock time but not its CPU time.  Prints
# PASS or MISS against the targets (writer <= 1.5x bare; peak RSS large/small <= 1.3x); a MISS does not fail
# the script.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
bin=${INVOICECTL:-$root/build/invoicectl}
small=${N_SMALL:-10000}
large=${N_LARGE:-100000}
# The listing keeps one page requested ahead per connection, so peak memory grows with --concurrency.
conc=${CONCURRENCY:-4}
PY=/usr/bin/python3
AS_OF=2026-03-31
as_of_day=$(( $(date -u -d "$AS_OF" +%s) / 86400 ))

# shellcheck disable=SC2046
bench_tool xlsx_bare $(pkg-config --cflags --libs libcjson xlsxwriter)
timer=/usr/bin/time
[ -x "$timer" ] || { echo "note: /usr/bin/time is missing (Debian package 'time'); peak RSS not measured"; timer=; }

export B2B_AUTH_TOKEN=bench-token B2B_STORE_HASH=bench
SB_PID=
sb_start() { # sb_start DB: a sandbox on a free port serving DB; sets INVOICECTL_API_URL
    local pf=$out/export-sandbox.port
    rm -f "$pf"
    "$bin" sandbox --listen 127.0.0.1:0 --port-file "$pf" --db "$1" >"$out/export-sandbox.log" 2>&1 &
    SB_PID=$!
    for _ in $(seq 1 500); do [ -s "$pf" ] && break; sleep 0.02; done
    [ -s "$pf" ] || { cat "$out/export-sandbox.log"; echo "sandbox did not start"; exit 1; }
    export INVOICECTL_API_URL="http://127.0.0.1:$(cat "$pf")/api/v3/io/ip"
}
sb_stop() { [ -n "$SB_PID" ] && { kill -TERM "$SB_PID" 2>/dev/null || true; wait "$SB_PID" || true; }; SB_PID=; }
trap sb_stop EXIT

# seeded DB N: the SQLite file with invoices 0..N-1, seeded (or grown from the small one) when missing or stale.
seeded() {
    local n=$1 db=$out/export-$1.db
    if [ -s "$db" ] && [ "$db" -nt "$root/bench/export_seed.py" ] && [ "$db" -nt "$root/sandbox/store.c" ]; then
        echo "$db"; return
    fi
    local from=0
    rm -f "$db" "$db.tmp"
    if [ "$n" -gt "$small" ] && [ -s "$out/export-$small.db" ]; then
        cp "$out/export-$small.db" "$db.tmp"; from=$small
    fi
    sb_start "$db.tmp"
    local s e
    s=$(date +%s.%N)
    "$PY" "$root/bench/export_seed.py" "$INVOICECTL_API_URL" "$from" $((n - from)) 4 >&2
    e=$(date +%s.%N)
    sb_stop
    awk -v s="$s" -v e="$e" -v n=$((n - from)) 'BEGIN { printf "seeded %d invoices in %.1f s (%.0f a second)\n", n, e - s, n / (e - s) }' >&2
    mv "$db.tmp" "$db"
    echo "$db"
}

# best VAR VALUE: keeps the smaller of $VAR and VALUE in VAR.
best() { if [ -z "${!1}" ] || awk -v a="$2" -v b="${!1}" 'BEGIN { exit !(a < b) }'; then printf -v "$1" %s "$2"; fi; }

# export_run N: best writer seconds (WRITER, WCPU), best total (TOTAL) and highest peak KiB (PEAK) over
# three exports to XLSX.
export_run() {
    local n=$1 i t m w c
    WRITER= WCPU= PEAK=0 TOTAL=
    sb_start "$(seeded "$n")"
    for i in 1 2 3; do
        rm -f "$out/export-$n.xlsx"
        if [ -n "$timer" ]; then
            "$timer" -f '%e %M' -o "$out/export-time.txt" "$bin" -v export -o "$out/export-$n.xlsx" \
                --as-of "$AS_OF" --concurrency "$conc" 2>"$out/export-$n.err" || { cat "$out/export-$n.err"; exit 1; }
            read -r t m <"$out/export-time.txt"
        else
            "$bin" -v export -o "$out/export-$n.xlsx" --as-of "$AS_OF" --concurrency "$conc" 2>"$out/export-$n.err"
            t=0 m=0
        fi
        w=$(sed -n 's/.*export: writer \([0-9.]*\) s.*/\1/p' "$out/export-$n.err")
        c=$(sed -n 's/.*export: writer .*, cpu \([0-9.]*\) s.*/\1/p' "$out/export-$n.err")
        grep -q "exported $n invoices" "$out/export-$n.err" || { cat "$out/export-$n.err"; echo "expected $n invoices"; exit 1; }
        best WRITER "$w"; best WCPU "$c"; best TOTAL "$t"
        [ "$m" -gt "$PEAK" ] && PEAK=$m
    done
    if [ "$n" = "$large" ]; then
        "$bin" -q export -o "$out/export-$n.jsonl" --concurrency "$conc"
    fi
    sb_stop
}

export_run "$small"; w_small=$WRITER c_small=$WCPU m_small=$PEAK t_small=$TOTAL
export_run "$large"; w_large=$WRITER c_large=$WCPU m_large=$PEAK t_large=$TOTAL

BARE= BCPU=
for i in 1 2 3; do
    line=$("$out/xlsx_bare" "$out/export-$large.jsonl" "$out/bare-$large.xlsx" "$as_of_day")
    best BARE "$(sed -n 's/^bare_write_s=\([0-9.]*\).*/\1/p' <<<"$line")"
    best BCPU "$(sed -n 's/.*bare_cpu_s=\([0-9.]*\).*/\1/p' <<<"$line")"
done
rm -f "$out/export-$large.jsonl" "$out/bare-$large.xlsx"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.001; printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t) ? "PASS" : "MISS" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
r_time=$(ratio "$c_large" "$BCPU")
r_wall=$(ratio "$w_large" "$BARE")
r_rss=$(ratio "$m_large" "$m_small")

printf '\nexport benchmark: %s and %s invoices from the sandbox to XLSX, --concurrency %s\n' "$small" "$large" "$conc"
printf '%-34s %9s %10s %12s %9s\n' "run (best of 3)" "total s" "writer s" "writer cpu s" "peak MiB"
printf '%-34s %9s %10s %12s %9s\n' "export $small invoices" "$t_small" "$w_small" "$c_small" "$(mib "$m_small")"
printf '%-34s %9s %10s %12s %9s\n' "export $large invoices" "$t_large" "$w_large" "$c_large" "$(mib "$m_large")"
printf '%-34s %9s %10s %12s %9s\n' "xlsx_bare, same cells ($large)" "" "$BARE" "$BCPU" ""
printf '\n%-44s %8s %8s %s\n' "target" "measured" "limit" "verdict"
printf '%-44s %8s %8s %s\n' "workbook writing / bare libxlsxwriter (CPU)" "${r_time}x" "1.5x" "$(verdict "$r_time" 1.5)"
printf '%-44s %8s %8s %s\n' "  the same, wall-clock (for reference)" "${r_wall}x" "" ""
if [ "$m_small" -gt 0 ]; then
    printf '%-44s %8s %8s %s\n' "peak RSS $large / $small invoices" "${r_rss}x" "1.3x" "$(verdict "$r_rss" 1.3)"
fi
