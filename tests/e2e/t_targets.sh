# Target selection (docs/connection.md): a mapping's "target" names the API an import writes to,
# `export --target` or the profile's "target" the one an export reads.  Another target checks the
# invoices by its own rules and wants its own credentials before anything is sent; an unknown name is
# a mapping error listing the known ones; bigcommerce-b2b, named or not, behaves as always.
. "$ROOT/tests/e2e/lib.sh"
cd "$TMPD"
cp "$ROOT/samples/invoices.csv" "$ROOT/samples/invoices.map.json" .
sandbox_start --record-requests "$TMPD/requests.jsonl"

note "an unknown target is a mapping error naming the known ones"
sed 's/"target": *"bigcommerce-b2b"/"target": "nope"/' invoices.map.json >nope.map.json
grep -q '"nope"' nope.map.json || fail "the sample mapping names no target to replace"
expect_exit 2 "$INVOICECTL" validate -m nope.map.json invoices.csv
assert_contains "$TMPD/err" "'nope' is not supported; expected \"bigcommerce-b2b\", \"bill-v3\" or \"rebillia\""

note "another target checks by its own rules: B2B Edition's sample is not a Rebillia file, nothing is sent"
sed 's/"target": *"bigcommerce-b2b"/"target": "rebillia"/' invoices.map.json >rb.map.json
expect_exit 1 "$INVOICECTL" validate -m rb.map.json invoices.csv
assert_contains "$TMPD/err" "billing address: Rebillia needs the street1 of an address"
assert_contains "$TMPD/err" "is not sent (Rebillia lines have a description only)"
REBILLIA_API_KEY= expect_exit 1 "$INVOICECTL" import -m rb.map.json --yes invoices.csv
assert_contains "$TMPD/err" "12 of 12 invoices are invalid; nothing was sent"
[ ! -s "$TMPD/requests.jsonl" ] || { cat "$TMPD/requests.jsonl"; fail "a request reached the API"; }

note "export --target: another target wants its own credentials; bigcommerce-b2b is the default"
REBILLIA_API_KEY= expect_exit 2 "$INVOICECTL" export --target rebillia --format csv
assert_contains "$TMPD/err" "REBILLIA_API_KEY"
[ ! -s "$TMPD/requests.jsonl" ] || fail "a request reached the API"
expect_exit 0 "$INVOICECTL" import -q -m invoices.map.json --yes --results r1 invoices.csv
expect_exit 0 "$INVOICECTL" export --target bigcommerce-b2b --format csv -o named.csv
expect_exit 0 "$INVOICECTL" export --format csv -o default.csv
cmp named.csv default.csv || fail "export --target bigcommerce-b2b differs from the default"
[ "$(wc -l <named.csv)" -gt 1 ] || fail "the export is empty"

note "the profile's target is used when the command names none"
mkdir -p cfg && chmod 700 cfg
printf '{"profiles": {"p": {"target": "rebillia"}}, "default": "p"}\n' >cfg/config.json
chmod 600 cfg/config.json
REBILLIA_API_KEY= INVOICECTL_CONFIG="$TMPD/cfg/config.json" expect_exit 2 "$INVOICECTL" export --format csv
assert_contains "$TMPD/err" "REBILLIA_API_KEY"
INVOICECTL_CONFIG="$TMPD/cfg/config.json" expect_exit 0 "$INVOICECTL" export --target bigcommerce-b2b --format csv -o p.csv
cmp p.csv default.csv || fail "--target did not win over the profile's target"

note "--password-file is a connection option (read only for targets with a password)"
printf 'pw\n' >pw && chmod 600 pw
expect_exit 0 "$INVOICECTL" export --password-file pw --format csv -o pw.csv
cmp pw.csv default.csv || fail "--password-file changed a B2B Edition export"
note "ok"
