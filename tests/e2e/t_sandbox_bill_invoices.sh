#!/usr/bin/env bash
# BILL v3 emulation, invoices: POST answers 201 with the stored invoice (00e/00f ids of 20 characters,
# amount = quantity × price exact, totals, OPEN, ACTIVE, times with milliseconds, unset fields left
# out), a duplicate number 422, validation 400s (BILL's per-field array, or one object for a body that
# cannot be read), customers (unknown id refused, {name, email} makes one), GET 404 BDC_1205, PUT
# (customer and lines required; line ids kept, added, removed), PATCH (partial), archive/restore
# (idempotent), and the store surviving a restart with --db.
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/e2e/bill_helpers.sh"

bill_start --db "$TMPD/bill.db"
bill_login

note "create: 201 with the stored invoice"
bapi POST /v3/invoices "$(binvoice INV-1001 '[{"quantity":2,"price":39.99,"description":"Widget"},{"quantity":3,"price":0.1},{"quantity":1.5,"price":19.99,"taxable":true}]')" >"$TMPD/created.json"
bstatus 201
"$PY" - "$TMPD/created.json" <<'PYEOF' || fail "created invoice: $(cat "$TMPD/created.json")"
import json, re, sys
text = open(sys.argv[1]).read()
j = json.loads(text)
assert re.fullmatch(r"00e[0-9A-Za-z]{17}", j["id"]), j["id"]
assert j["customerId"] == "0cu01SANDBOX00000001" and "customer" not in j
assert j["invoiceNumber"] == "INV-1001" and j["invoiceDate"] == "2026-03-01" and j["dueDate"] == "2026-03-31"
assert j["status"] == "OPEN" and j["archived"] is False and j["recordStatus"] == "ACTIVE"
for k in ("createdTime", "updatedTime"):
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", j[k]), j[k]
lines = j["invoiceLineItems"]
assert [re.fullmatch(r"00f[0-9A-Za-z]{17}", l["id"]) is not None for l in lines] == [True] * 3, lines
assert len({l["id"] for l in lines}) == 3
# Exact decimals, written as JSON numbers: 3 x 0.1 is 0.3, 1.5 x 19.99 = 29.985 -> 29.99 (cents,
# half away from zero), total 79.98 + 0.3 + 29.99 = 110.27.
assert '"amount":79.98' in text and '"amount":0.3}' in text and '"amount":29.99' in text, text
assert '"totalAmount":110.27' in text and '"dueAmount":110.27' in text, text
assert '"price":0.1,' in text and '"quantity":1.5' in text, text
# Unset fields are left out, never null or empty.
assert "null" not in text and '""' not in text, text
assert "description" not in lines[1] and "taxable" not in lines[0] and lines[2]["taxable"] is True
assert "classifications" not in j and "payToChartOfAccountId" not in j
PYEOF
ID=$(jget "$TMPD/created.json" 'j["id"]')
L1=$(jget "$TMPD/created.json" 'j["invoiceLineItems"][0]["id"]')
L2=$(jget "$TMPD/created.json" 'j["invoiceLineItems"][1]["id"]')
L3=$(jget "$TMPD/created.json" 'j["invoiceLineItems"][2]["id"]')

note "GET answers the same document; an unknown id is 404 BDC_1205"
bapi GET "/v3/invoices/$ID" >"$TMPD/got.json"
bstatus 200
cmp -s "$TMPD/created.json" "$TMPD/got.json" || fail "GET differs from the POST answer"
bapi GET /v3/invoices/00e01SANDBOX99999999 >/dev/null
berror BDC_1205 404

note "a duplicate invoiceNumber: 422, nothing stored"
bapi POST /v3/invoices "$(binvoice INV-1001)" >/dev/null
bstatus 422
assert_contains "$TMPD/body" "INV-1001"
jb 'j[0]["severity"]' >/dev/null

note "validation: BILL's per-field array"
long=$(printf 'N%.0s' $(seq 1 101))
bapi POST /v3/invoices "$(binvoice "$long")" >/dev/null
bstatus 400
assert_contains "$TMPD/body" "invoiceNumber: size must be between 0 and 100"
bapi POST /v3/invoices "$(binvoice "$(printf 'N%.0s' $(seq 1 100))")" >/dev/null
bstatus 201
bapi POST /v3/invoices '{"customer":{"id":"0cu01SANDBOX00000001"},"invoiceDate":"03/01/2026","dueDate":"2026-02-30","invoiceLineItems":[{"quantity":1,"price":"12.00"},{"quantity":1,"price":1.23456}]}' >/dev/null
bstatus 400
bmessages >"$TMPD/msgs"
assert_contains "$TMPD/msgs" "invoiceDate: must be a date in the format yyyy-MM-dd"
assert_contains "$TMPD/msgs" "dueDate: must be a date in the format yyyy-MM-dd"
assert_contains "$TMPD/msgs" "invoiceLineItems[0].price: must be a number"
assert_contains "$TMPD/msgs" "invoiceLineItems[1].price: must be a number"
"$PY" -c 'import json,sys; j=json.load(open(sys.argv[1])); assert len(j)==4 and all(set(e)=={"timestamp","severity","message"} for e in j), j' "$TMPD/body" \
    || fail "validation array: $(cat "$TMPD/body")"
bapi POST /v3/invoices '{"customerId":"0cu01SANDBOX00000001","invoiceLineItems":[{"price":1}]}' >/dev/null
bstatus 400
assert_contains "$TMPD/body" "customer: The customer field is required"
bapi POST /v3/invoices '{"customer":{"id":"0cu01SANDBOX00000001"}}' >/dev/null
bstatus 400
assert_contains "$TMPD/body" "invoiceLineItems: must not be null"

note "a body that cannot be read: one object"
bapi POST /v3/invoices '{"customer":"0cu01SANDBOX00000001","invoiceLineItems":[{"price":1}]}' >/dev/null
bstatus 400
assert_eq dict "$(jb 'type(j).__name__')"
assert_contains "$TMPD/body" "InvoiceCustomer"
bapi POST /v3/invoices '{"customer":' >/dev/null
bstatus 400
assert_eq dict "$(jb 'type(j).__name__')"

note "customers: an unknown id is refused; {name, email} makes a new one"
bapi POST /v3/invoices '{"customer":{"id":"0cu01SANDBOX00000099"},"invoiceLineItems":[{"price":1}]}' >/dev/null
bstatus 400
assert_contains "$TMPD/body" "customer.id: no customer with id '0cu01SANDBOX00000099'"
bapi POST /v3/invoices '{"customer":{"name":"New Buyer Ltd","email":"ap@newbuyer.example"},"invoiceLineItems":[{"price":5}]}' >/dev/null
bstatus 201
NEWC=$(jb 'j["customerId"]')
[ ${#NEWC} = 20 ] && [ "${NEWC:0:3}" = 0cu ] || fail "new customer id '$NEWC'"
AUTO=$(jb 'j["invoiceNumber"]')
[ -n "$AUTO" ] || fail "no invoice number generated"
bapi GET "/v3/customers/$NEWC" >/dev/null
bstatus 200
assert_eq "New Buyer Ltd" "$(jb 'j["name"]')"
bapi GET "/v3/customers?max=100" >/dev/null
assert_eq 6 "$(jb 'len(j["results"])')"

note "PUT: customer and lines required"
bapi PUT "/v3/invoices/$ID" '{"invoiceNumber":"INV-1001"}' >/dev/null
bstatus 400
bmessages >"$TMPD/msgs"
assert_contains "$TMPD/msgs" "customer: must not be null"
assert_contains "$TMPD/msgs" "invoiceLineItems: must not be null"
bapi PUT /v3/invoices/00e01SANDBOX99999999 "$(binvoice X)" >/dev/null
berror BDC_1205 404

note "PUT: a known line id is kept, a line without id added, an omitted one removed"
bapi PUT "/v3/invoices/$ID" "{\"customer\":{\"id\":\"0cu01SANDBOX00000002\"},\"invoiceNumber\":\"INV-1001\",\"invoiceLineItems\":[{\"id\":\"$L2\",\"quantity\":4,\"price\":0.25},{\"quantity\":1,\"price\":7}]}" >"$TMPD/put.json"
bstatus 200
"$PY" - "$TMPD/put.json" "$L1" "$L2" "$L3" <<'PYEOF' || fail "PUT answer: $(cat "$TMPD/put.json")"
import json, sys
j = json.load(open(sys.argv[1]))
l1, l2, l3 = sys.argv[2:5]
ids = [l["id"] for l in j["invoiceLineItems"]]
assert len(ids) == 2 and ids[0] == l2 and ids[1] not in (l1, l2, l3), ids
assert j["customerId"] == "0cu01SANDBOX00000002"
assert str(j["totalAmount"]) == "8" and j["invoiceLineItems"][0]["amount"] == 1
assert j["invoiceDate"] == "2026-03-01"  # not given: kept
PYEOF
bapi PUT "/v3/invoices/$ID" "{\"customer\":{\"id\":\"0cu01SANDBOX00000002\"},\"invoiceLineItems\":[{\"id\":\"$L1\",\"price\":1}]}" >/dev/null
bstatus 400
assert_contains "$TMPD/body" "invoiceLineItems[0].id: no line item '$L1' on this invoice"

note "PATCH: partial; lines not named stay, named ones change in place"
NEWL=$(jget "$TMPD/put.json" 'j["invoiceLineItems"][1]["id"]')
bapi PATCH "/v3/invoices/$ID" '{"dueDate":"2026-04-30"}' >"$TMPD/patch.json"
bstatus 200
assert_eq "2026-04-30 INV-1001 2 8" "$(jget "$TMPD/patch.json" '" ".join([j["dueDate"], j["invoiceNumber"], str(len(j["invoiceLineItems"])), str(j["totalAmount"])])')"
bapi PATCH "/v3/invoices/$ID" "{\"invoiceLineItems\":[{\"id\":\"$NEWL\",\"quantity\":3}]}" >"$TMPD/patch.json"
bstatus 200
assert_eq "$L2 $NEWL 21 22" "$(jget "$TMPD/patch.json" '" ".join([j["invoiceLineItems"][0]["id"], j["invoiceLineItems"][1]["id"], str(j["invoiceLineItems"][1]["amount"]), str(j["totalAmount"])])')"
bapi PATCH "/v3/invoices/$ID" "{\"invoiceNumber\":\"$AUTO\"}" >/dev/null
bstatus 422
bapi PATCH "/v3/invoices/$ID" '{"invoiceDate":"2026-13-01"}' >/dev/null
bstatus 400

note "archive and restore: idempotent, status kept"
for i in 1 2; do
    bapi POST "/v3/invoices/$ID/archive" >/dev/null
    bstatus 200
    assert_eq "True INACTIVE OPEN" "$(jb '" ".join([str(j["archived"]), j["recordStatus"], j["status"]])')"
done
bapi GET "/v3/invoices/$ID" >/dev/null
assert_eq True "$(jb 'j["archived"]')"
for i in 1 2; do
    bapi POST "/v3/invoices/$ID/restore" >/dev/null
    bstatus 200
    assert_eq "False ACTIVE" "$(jb '" ".join([str(j["archived"]), j["recordStatus"]])')"
done
bapi POST /v3/invoices/00e01SANDBOX99999999/archive >/dev/null
berror BDC_1205 404

note "the store survives a restart with --db (sessions do not)"
bapi GET "/v3/invoices/$ID" >"$TMPD/before.json"
sandbox_stop
bill_start --db "$TMPD/bill.db"
bapi GET "/v3/invoices/$ID" >/dev/null
berror BDC_1109 401
bill_login
bapi GET "/v3/invoices/$ID" >"$TMPD/after.json"
bstatus 200
cmp -s "$TMPD/before.json" "$TMPD/after.json" || fail "the invoice changed across the restart"
bapi POST /v3/invoices "$(binvoice INV-1001)" >/dev/null
bstatus 422
bapi POST /v3/invoices "$(binvoice INV-2002)" >/dev/null
bstatus 201
[ "$(jb 'j["id"]')" != "$ID" ] || fail "an id was given twice"
bapi GET "/v3/customers/$NEWC" >/dev/null
bstatus 200
note ok
