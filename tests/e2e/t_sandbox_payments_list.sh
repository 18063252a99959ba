#!/usr/bin/env bash
# GET /payments: the payments POST /payments/offline recorded, newest first, in the spec's answer shape
# (storeHash, moduleData, allowedStatuses…), filtered by invoiceId, by searchBy/q (externalId) and by
# customerId, paged by offset and limit with meta.pagination; bad filters are 422.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/data/sandbox/common.sh"

sandbox_start
inv() { # NUMBER CUSTOMER AMOUNT
    echo "{\"invoiceNumber\":\"$1\",\"customerId\":\"$2\",\"originalBalance\":{\"code\":\"USD\",\"value\":$3},\"openBalance\":{\"code\":\"USD\",\"value\":$3}}"
}
call POST /invoices "$(inv L-1 113 100)"; expect_status 200 # id 1
call POST /invoices "$(inv L-2 114 100)"; expect_status 200 # id 2
pay() { # INVOICE CUSTOMER AMOUNT EXTERNAL_ID
    call POST /payments/offline "{\"lineItems\":[{\"invoiceId\":$1,\"amount\":\"$3\"}],\"currency\":\"USD\",\"details\":{\"memo\":\"m$4\"},\"customerId\":\"$2\",\"externalId\":\"$4\"}"
    expect_status 200
}
call GET /payments
expect_status 200
assert_eq "0 []" "$(jb 'str(j["meta"]["pagination"]["totalCount"]) + " " + str(j["data"])')" "no payments yet"
pay 1 113 10 k1
pay 1 113 5 k2
pay 2 114 7 k3

call GET /payments
expect_status 200
spec_ok payments
assert_eq "3 2 1" "$(jb '" ".join(str(p["id"]) for p in j["data"])')" "newest first"
assert_eq "3 0 10" "$(jb '" ".join(str(j["meta"]["pagination"][k]) for k in ("totalCount", "offset", "limit"))')"
assert_eq "sandbox" "$(jb 'j["data"][0]["storeHash"]')"
assert_eq "mk3 OfflineTransaction" "$(jb 'j["data"][0]["moduleData"]["transactions"][0]["memo"] + " " + j["data"][0]["moduleData"]["transactions"][0]["type"]')"

call GET "/payments?invoiceId=1"
expect_status 200
spec_ok payments
assert_eq "k2 k1" "$(jb '" ".join(p["externalId"] for p in j["data"])')" "by invoiceId"
assert_eq "5.0000 10.0000" "$(jb '" ".join(p["lineItems"][0]["amount"]["value"] for p in j["data"])')"

call GET "/payments?invoiceId=1&limit=1&offset=1"
expect_status 200
assert_eq "k1 2" "$(jb 'j["data"][0]["externalId"] + " " + str(j["meta"]["pagination"]["totalCount"])')" "a page"

call GET "/payments?searchBy=externalId&q=k3"
expect_status 200
assert_eq "3" "$(jb '" ".join(str(p["id"]) for p in j["data"])')" "by externalId"
call GET "/payments?customerId=113"
expect_status 200
assert_eq "2 1" "$(jb '" ".join(str(p["id"]) for p in j["data"])')" "by customerId"

call GET "/payments?invoiceId=x"
expect_status 422
assert_eq True "$(jb '"invoiceId" in j["data"]')"
call GET "/payments?searchBy=memo&q=x"
expect_status 422
call GET "/payments?limit=0"
expect_status 422
