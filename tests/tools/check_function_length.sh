#!/bin/sh
# Fails when a C function is longer than MAX lines (body from its opening '{' to its closing '}',
# both at column 0, as clang-format writes every function here).  Usage:
#   check_function_length.sh MAX FILE.c...
# Prints "FILE:LINE: FUNCTION is N lines (at most MAX)" for each one too long.
max=${1:?usage: check_function_length.sh MAX FILE.c...}
shift
[ $# -gt 0 ] || { echo "check_function_length.sh: no files given" >&2; exit 2; }
awk -v max="$max" '
    FNR == 1 { inside = 0; prev = "" }
    !inside && /^\{/ {
        inside = 1; start = FNR
        name = prev; sub(/\(.*/, "", name); sub(/.*[ *]/, "", name)
        next
    }
    inside && /^\}/ {
        inside = 0; n = FNR - start + 1
        if (n > max) { printf "%s:%d: %s is %d lines (at most %d)\n", FILENAME, start, name, n, max; bad = 1 }
        next
    }
    !inside && /^[A-Za-z_]/ { prev = $0 }
    END { exit bad }
' "$@"
