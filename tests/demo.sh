#!/usr/bin/env bash
# `make demo`: the product end to end on the samples.  Filled in as the commands land.
set -euo pipefail
bin=${1:?usage: demo.sh /path/to/invoicectl}
"$bin" --version
