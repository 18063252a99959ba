#!/usr/bin/env bash
# Installs the Debian packages named in the arguments and in $DEB_EXTRA that are not installed yet.
# Quiet when nothing is missing; needs root (or sudo) only when something is.
set -euo pipefail
want=("$@")
# shellcheck disable=SC2206
[ -n "${DEB_EXTRA:-}" ] && want+=(${DEB_EXTRA})
missing=()
for p in "${want[@]}"; do
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$st" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}" >&2
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
        echo "deps: missing Debian packages: ${missing[*]} (run 'make deps' as root)" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/invoicectl-deps.log 2>&1; then
    "${sudo[@]}" apt-get update -qq >>/tmp/invoicectl-deps.log 2>&1
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >>/tmp/invoicectl-deps.log 2>&1 || {
        echo "deps: apt-get failed; see /tmp/invoicectl-deps.log" >&2
        tail -n 20 /tmp/invoicectl-deps.log >&2
        exit 1
    }
fi
