# Listing BILL's invoices (export --target bill-v3) against the BILL sandbox: pages follow `nextPage`
# until BILL gives none (BILL never tells a total), the status and customer filters are BILL's own,
# --search is refused before anything is sent, a spent hourly budget (BDC_1144) and a wrong developer
# key (BDC_1102) end the listing with what to do, and SIGINT stops it (exit 4).
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/import_helpers.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"
bill_start --record-requests "$TMPD/req.jsonl" --db "$TMPD/bill.db"
bill_client_env
cd "$TMPD"
bill_mapping map.json
bill_csv 250 >a.csv
expect_exit 0 "$INVOICECTL" import -q -m map.json --yes --results r a.csv

note "all invoices: 100 a page, nextPage followed, every invoice once"
M=$(wc -l <req.jsonl)
expect_exit 0 "$INVOICECTL" export --target bill-v3 --format csv -o all.csv
assert_eq 250 "$(($(wc -l <all.csv) - 1))" "invoices exported"
assert_eq 3 "$(bill_count <(tail -n +$((M + 1)) req.jsonl) GET /v3/invoices)" "pages"
assert_eq 250 "$(tail -n +2 all.csv | cut -d, -f2 | sort -u | grep -c '^00e')" "distinct BILL ids"
M=$(wc -l <req.jsonl)
expect_exit 0 "$INVOICECTL" export --target bill-v3 --page-size 40 --format csv -o small.csv
assert_eq 7 "$(bill_count <(tail -n +$((M + 1)) req.jsonl) GET /v3/invoices)" "pages of 40"
golden all.csv small.csv

note "filters: status (BILL's words), customer"
expect_exit 0 "$INVOICECTL" export --target bill-v3 --status open --format csv -o open.csv
assert_eq 250 "$(($(wc -l <open.csv) - 1))" "open invoices (the sandbox records no payment)"
expect_exit 0 "$INVOICECTL" export --target bill-v3 --status completed --format csv -o paid.csv
assert_eq 0 "$(($(wc -l <paid.csv) - 1))" "paid invoices"
expect_exit 0 "$INVOICECTL" export --target bill-v3 --customer 0cu01SANDBOX00000002 --format csv -o c2.csv
assert_eq 50 "$(($(wc -l <c2.csv) - 1))" "one customer's invoices"
assert_eq "0cu01SANDBOX00000002" "$(tail -n +2 c2.csv | cut -d, -f3 | sort -u)" "customer column"

note "--search: BILL has none; refused before any request"
M=$(wc -l <req.jsonl)
expect_exit 2 "$INVOICECTL" export --target bill-v3 --search BI-000001 --format csv -o s.csv
assert_contains "$TMPD/err" "--search: BILL cannot search invoices"
assert_eq 0 "$(($(wc -l <req.jsonl) - M))" "requests"

note "a wrong developer key: exit 2, named without its value"
BILL_DEV_KEY=wrong-key expect_exit 2 "$INVOICECTL" export --target bill-v3 --format csv -o k.csv
assert_contains "$TMPD/err" "BDC_1102"
assert_not_contains "$TMPD/err" "wrong-key"
sandbox_stop

note "the hourly budget spent while listing: exit 3, when to resume"
bill_start --db "$TMPD/bill.db" --hourly-limit 2
bill_client_env
expect_exit 3 "$INVOICECTL" export --target bill-v3 --format csv -o h.csv
assert_contains "$TMPD/err" "BDC_1144"
assert_contains "$TMPD/err" "until the top of the hour ("
sandbox_stop

note "SIGINT while listing: exit 4"
bill_start --db "$TMPD/bill.db" --latency 400
bill_client_env
"$INVOICECTL" export --target bill-v3 --format csv -o i.csv 2>int.err &
pid=$!
sleep 0.6
kill -INT $pid
set +e
wait $pid
rc=$?
set -e
assert_eq 4 "$rc" "exit after SIGINT"
