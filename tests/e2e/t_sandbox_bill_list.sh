#!/usr/bin/env bash
# BILL v3 emulation, GET /v3/invoices: max 1..100 (default 20), opaque page tokens with nextPage absent
# at the end (over more than 100 invoices), prevPage, filters on the filterable fields only and with
# the operators each allows (eq ne gt gte lt lte in), sort on the sortable fields.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"

bill_start
bill_login

note "205 invoices, two customers, every tenth archived"
"$PY" - "$SANDBOX_URL" "$BILL_DEVKEY" "$BILL_SESSION" "$TMPD/made.json" <<'PYEOF' || fail "seeding failed"
import http.client, json, sys, urllib.parse
url, key, session, out = sys.argv[1:5]
u = urllib.parse.urlparse(url)
c = http.client.HTTPConnection(u.hostname, u.port)
h = {"devKey": key, "sessionId": session, "Content-Type": "application/json"}
made = []
for i in range(205):
    cust = "0cu01SANDBOX00000001" if i % 2 == 0 else "0cu01SANDBOX00000002"
    body = {"customer": {"id": cust}, "invoiceNumber": "N%03d" % ((i * 37) % 205),
            "invoiceDate": "2026-01-01", "dueDate": "2026-02-01",
            "invoiceLineItems": [{"quantity": 1, "price": (i % 17) + 1}]}
    c.request("POST", "/v3/invoices", json.dumps(body), h)
    r = c.getresponse(); doc = json.loads(r.read())
    assert r.status == 201, doc
    if i % 10 == 0:
        c.request("POST", "/v3/invoices/%s/archive" % doc["id"], "", h)
        r = c.getresponse(); r.read(); assert r.status == 200
    made.append(doc)
json.dump(made, open(out, "w"))
PYEOF

# pages QUERY: follows nextPage from the first page; prints "COUNT PAGES" and keeps the ids in
# $TMPD/ids, the last page in $TMPD/body.
pages() {
    local q=$1 token="" n=0 p=0
    : >"$TMPD/ids"
    while :; do
        bapi GET "/v3/invoices?$q${token:+&page=$token}" >/dev/null
        bstatus 200
        jb '"\n".join(r["id"] for r in j["results"])' | sed '/^$/d' >>"$TMPD/ids"
        p=$((p + 1))
        token=$(jb 'j.get("nextPage", "")')
        [ -n "$token" ] || break
        [ $p -lt 50 ] || fail "more than 50 pages"
    done
    echo "$(wc -l <"$TMPD/ids") $p"
}

note "paging: 100 a page, nextPage absent at the end, every invoice once"
assert_eq "205 3" "$(pages 'max=100')"
assert_eq 205 "$(sort -u "$TMPD/ids" | wc -l)"
jget "$TMPD/made.json" '"\n".join(d["id"] for d in j)' >"$TMPD/made_ids"
diff <(sort "$TMPD/made_ids") <(sort "$TMPD/ids") >/dev/null || fail "the pages do not hold the invoices made"
assert_eq 5 "$(jb 'len(j["results"])')"
[ -n "$(jb 'j.get("prevPage", "")')" ] || fail "no prevPage on the last page"
bapi GET "/v3/invoices" >/dev/null
assert_eq "20 True" "$(jb '" ".join([str(len(j["results"])), str("nextPage" in j)])')"
assert_eq False "$(jb '"prevPage" in j')"

note "max outside 1..100 and a bad page token: 400"
for m in 0 101 -1 x; do
    bapi GET "/v3/invoices?max=$m" >/dev/null
    bstatus 400
    assert_contains "$TMPD/body" "max: must be between 1 and 100"
done
bapi GET "/v3/invoices?page=nonsense" >/dev/null
bstatus 400

note "filters"
assert_eq "21 1" "$(pages 'max=100&filters=archived:eq:true')"
assert_eq "184 2" "$(pages 'max=100&filters=archived:ne:true')"
assert_eq "103 2" "$(pages 'max=100&filters=customerId:eq:0cu01SANDBOX00000001')"
assert_eq "205 3" "$(pages 'max=100&filters=customerId:in:%220cu01SANDBOX00000001,0cu01SANDBOX00000002%22')"
assert_eq "82 1" "$(pages 'max=100&filters=customerId:eq:0cu01SANDBOX00000001,archived:eq:false')"
FIRST=$(jget "$TMPD/made.json" 'j[0]["id"]')
assert_eq "1 1" "$(pages "filters=id:eq:$FIRST")"
assert_eq "0 1" "$(pages 'filters=status:ne:OPEN')"
assert_eq "205 3" "$(pages 'max=100&filters=status:eq:OPEN')"
assert_eq "205 3" "$(pages 'max=100&filters=createdTime:gte:%222020-01-01T00:00:00.000Z%22')"
assert_eq "0 1" "$(pages 'filters=createdTime:lt:%222020-01-01%22')"
# Invoice 101 (not archived; 100 was, just before it was made): at least 0..101 were last updated by then.
MID=$(jget "$TMPD/made.json" 'j[101]["updatedTime"]')
MID=${MID/+/%2B} # a "+" in a query is a space
n=$(pages "max=100&filters=updatedTime:lte:%22$MID%22" | cut -d' ' -f1)
[ "$n" -ge 102 ] && [ "$n" -lt 205 ] || fail "updatedTime:lte $MID matched $n"
for bad in 'invoiceNumber:eq:N001' 'dueDate:gt:2026-01-01' 'archived:gt:true' 'customerId:ne:x' 'createdTime:eq:2026-01-01' 'archived:eq:maybe' 'status:eq:CLOSED' 'status:eq:PEN' 'createdTime:gt:yesterday' 'id'; do
    bapi GET "/v3/invoices?filters=$bad" >/dev/null
    bstatus 400
    assert_contains "$TMPD/body" "filters"
done

note "sort"
bapi GET "/v3/invoices?max=3&sort=invoiceNumber:desc" >/dev/null
assert_eq "N204 N203 N202" "$(jb '" ".join(r["invoiceNumber"] for r in j["results"])')"
bapi GET "/v3/invoices?max=3&sort=invoiceNumber:asc" >/dev/null
assert_eq "N000 N001 N002" "$(jb '" ".join(r["invoiceNumber"] for r in j["results"])')"
bapi GET "/v3/invoices?max=100&sort=totalAmount:desc,invoiceNumber:asc" >/dev/null
jb '"\n".join("%s %s" % (r["totalAmount"], r["invoiceNumber"]) for r in j["results"])' >"$TMPD/sorted"
sort -k1,1nr -k2,2 "$TMPD/sorted" | cmp -s - "$TMPD/sorted" || fail "not sorted by totalAmount desc, invoiceNumber"
assert_eq 17 "$(head -n1 "$TMPD/sorted" | cut -d' ' -f1)"
bapi GET "/v3/invoices?max=1&sort=createdTime:desc" >/dev/null
# (invoices made in the same millisecond tie: compare times, not ids)
assert_eq "$(jget "$TMPD/made.json" 'max(d["createdTime"] for d in j)')" "$(jb 'j["results"][0]["createdTime"]')"
bapi GET "/v3/invoices?max=1&sort=createdTime:asc" >/dev/null
assert_eq "$(jget "$TMPD/made.json" 'j[0]["id"]')" "$(jb 'j["results"][0]["id"]')"
for bad in 'customerId:asc' 'invoiceNumber:up'; do
    bapi GET "/v3/invoices?sort=$bad" >/dev/null
    bstatus 400
    assert_contains "$TMPD/body" "sort"
done
note ok
