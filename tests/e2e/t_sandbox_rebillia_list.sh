#!/usr/bin/env bash
# Rebillia emulation, GET /invoices: the page envelope {currentPageNumber, itemsPerPage, totalItems,
# totalPages, data}, itemPerPage 1..250 (default 25) and pageNo from 1 (400 outside), orderBy = the
# column and sortBy = the direction (a sortBy naming a column or an orderBy naming a direction is
# refused, not ignored), newest first by default, status and query filters, lines only with
# include=detail.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/rebillia_helpers.sh"

reb_start

note "seven invoices: totals 700, 100, 600, 200, 500, 300, 400 cents"
for a in 700 100 600 200 500 300 400; do
    rapi POST /v1/invoices "$(rinvoice "{\"detail\":[{\"amount\":$a}],\"customerName\":\"Buyer $a\"}")" >/dev/null
    rstatus 201
done
ids=$(rapi GET '/v1/invoices?itemPerPage=250' | "$PY" -c 'import json,sys; print(" ".join(i["id"] for i in json.load(sys.stdin)["data"]))')
first=${ids##* }

note "default: 25 a page, newest first, no lines"
rapi GET /v1/invoices >/dev/null
rstatus 200
"$PY" - "$TMPD/body" <<'PYEOF' || fail "list: $(cat "$TMPD/body")"
import json, sys
j = json.load(open(sys.argv[1]))
assert list(j) == ["currentPageNumber", "itemsPerPage", "totalItems", "totalPages", "data"], list(j)
assert (j["currentPageNumber"], j["itemsPerPage"], j["totalItems"], j["totalPages"]) == (1, 25, 7, 1), j
assert [i["invoiceNo"] for i in j["data"]] == ["INV-00000%d" % n for n in range(7, 0, -1)], [i["invoiceNo"] for i in j["data"]]
assert all("detail" not in i for i in j["data"])
PYEOF

note "paging: itemPerPage=3, pages 1..3, past the end empty"
rapi GET '/v1/invoices?itemPerPage=3&pageNo=3&orderBy=id&sortBy=ASC' >/dev/null
assert_eq "3 3 7 3 INV-000007" "$(jb '"%d %d %d %d %s" % (j["currentPageNumber"], j["itemsPerPage"], j["totalItems"], j["totalPages"], " ".join(i["invoiceNo"] for i in j["data"]))')" "page 3"
rapi GET '/v1/invoices?itemPerPage=3&pageNo=2&orderBy=id&sortBy=asc' >/dev/null
assert_eq "INV-000004 INV-000005 INV-000006" "$(jb '" ".join(i["invoiceNo"] for i in j["data"])')" "page 2"
rapi GET '/v1/invoices?itemPerPage=3&pageNo=4' >/dev/null
assert_eq "4 0" "$(jb '"%d %d" % (j["currentPageNumber"], len(j["data"]))')" "past the end"
rapi GET '/v1/invoices?itemPerPage=250' >/dev/null
rstatus 200
for bad in itemPerPage=251 itemPerPage=0 pageNo=0 pageNo=-1 itemPerPage=x; do
    rapi GET "/v1/invoices?$bad" >/dev/null
    rerror 400 BAD_REQUEST
done

note "orderBy is the column, sortBy the direction"
rapi GET '/v1/invoices?orderBy=total&sortBy=ASC' >/dev/null
assert_eq "100 200 300 400 500 600 700" "$(jb '" ".join(str(i["total"]) for i in j["data"])')" "by total ascending"
rapi GET '/v1/invoices?orderBy=total&sortBy=DESC&itemPerPage=2' >/dev/null
assert_eq "700 600" "$(jb '" ".join(str(i["total"]) for i in j["data"])')" "by total descending"
rapi GET '/v1/invoices?orderBy=total' >/dev/null
assert_eq "700 600 500 400 300 200 100" "$(jb '" ".join(str(i["total"]) for i in j["data"])')" "by total, default direction"
rapi GET '/v1/invoices?orderBy=customerName&sortBy=asc&itemPerPage=1' >/dev/null
assert_eq "Buyer 100" "$(jb 'j["data"][0]["customerName"]')" "by customerName"
note "the names the other way round are refused"
rapi GET '/v1/invoices?sortBy=total&orderBy=ASC' >/dev/null
rerror 400 BAD_REQUEST
assert_contains "$TMPD/body" "orderBy names the column"
rapi GET '/v1/invoices?sortBy=total' >/dev/null
rerror 400 BAD_REQUEST
assert_contains "$TMPD/body" "sortBy is the direction"
rapi GET '/v1/invoices?orderBy=DESC' >/dev/null
rerror 400 BAD_REQUEST

note "status and query filters"
rapi POST "/v1/invoices/$first/charge" '{"amount":700,"paymentType":"offlinePaymentProvider"}' >/dev/null
rstatus 200
rapi GET '/v1/invoices?status=paid' >/dev/null
assert_eq "1 $first" "$(jb '"%d %s" % (j["totalItems"], j["data"][0]["id"])')" "status=paid"
rapi GET '/v1/invoices?status=posted' >/dev/null
assert_eq 6 "$(jb 'j["totalItems"]')" "status=posted"
rapi GET '/v1/invoices?status=open' >/dev/null
rerror 400 BAD_REQUEST
rapi GET '/v1/invoices?query=buyer%20300' >/dev/null
assert_eq "1 300" "$(jb '"%d %d" % (j["totalItems"], j["data"][0]["total"])')" "query on the customer name"
rapi GET '/v1/invoices?query=INV-000002' >/dev/null
assert_eq "1 INV-000002" "$(jb '"%d %s" % (j["totalItems"], j["data"][0]["invoiceNo"])')" "query on the invoiceNo"
rapi GET '/v1/invoices?filterId=3' >/dev/null
rerror 400 BAD_REQUEST

note "include=detail adds the lines"
rapi GET '/v1/invoices?include=detail&itemPerPage=2' >/dev/null
assert_eq "1 1" "$(jb '" ".join(str(len(i["detail"])) for i in j["data"])')" "lines with include=detail"
sandbox_stop
