#!/usr/bin/python3
"""Seeds the sandbox for the export tests and saves the API's own full list.

usage: t_export_seed.py BASE_URL AS_OF_DATE OUT.json
Environment: B2B_AUTH_TOKEN, B2B_STORE_HASH.

Invoices in USD, EUR and JPY for three customers, due dates on every aging boundary as of AS_OF_DATE
(-10, 0, 1, 30, 31, 60, 61, 90, 91 and 200 days past due, and one without a due date), line items with and
without discounts, cost lines, and texts that look like formulas.  Some are then paid in part and some in
full through POST /payments/offline, so every status exists.  OUT.json gets every invoice as the API lists
it (paged GET /invoices), the reference the tests compute from.
"""
import datetime
import http.client
import json
import os
import sys
import urllib.parse
from decimal import Decimal

base, as_of_s, out = sys.argv[1], sys.argv[2], sys.argv[3]
u = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
headers = {"X-Auth-Token": os.environ["B2B_AUTH_TOKEN"], "X-Store-Hash": os.environ["B2B_STORE_HASH"],
           "Content-Type": "application/json"}


def call(method, path, body=None):
    conn.request(method, u.path + path, json.dumps(body) if body is not None else None, headers)
    r = conn.getresponse()
    data = r.read()
    j = json.loads(data) if data else {}
    if r.status // 100 != 2 or j.get("code", 200) != 200:
        sys.exit(f"seed: {method} {path}: HTTP {r.status}: {data[:300]!r}")
    return j


as_of = datetime.date.fromisoformat(as_of_s)
midnight = lambda d: int(datetime.datetime(d.year, d.month, d.day, tzinfo=datetime.timezone.utc).timestamp())
offsets = [-10, 0, 1, 30, 31, 60, 61, 90, 91, 200, None]
currencies = [("USD", 2), ("EUR", 2), ("JPY", 0)]
customers = ["101", "102", "103"]
texts = ['=HYPERLINK("http://x","y")', "+1 555 0100", "-5% off", "@SUM(A1)", "plain PO", "Müller & Söhne"]
created = []
n = 0
for cur, dec in currencies:
    for off in offsets:
        n += 1
        cust = customers[n % len(customers)]
        q = Decimal(n % 4 + 1)
        price = (Decimal(1000 + 37 * n) / 100) if dec else Decimal(1000 + 37 * n)
        disc = (Decimal(n % 3) / 4) if n % 2 else None
        lines = [{"sku": f"SKU-{n}-{k}", "description": f"Item {k} of {n}" if k else texts[n % len(texts)],
                  "quantity": f"{q + k:.4f}", "unitPrice": {"code": cur, "value": f"{price:.4f}"},
                  **({"unitDiscount": {"code": cur, "value": f"{disc:.4f}"}} if disc is not None and k == 0 else {})}
                 for k in range(n % 3 + 1)]
        subtotal = sum(Decimal(li["quantity"]) * (Decimal(li["unitPrice"]["value"]) -
                       (Decimal(li["unitDiscount"]["value"]) if "unitDiscount" in li else 0)) for li in lines)
        freight = Decimal("7.25") if dec else Decimal(700)
        total = (subtotal + freight).quantize(Decimal(1) / (10 ** dec))
        body = {"invoiceNumber": f"EXP-{cur}-{n:03d}", "customerId": cust,
                "originalBalance": {"code": cur, "value": float(total)},
                "openBalance": {"code": cur, "value": float(total)},
                # The API keeps issuedAt as the creation time (createdAt in its answers): spread over 5 days.
                "issuedAt": midnight(as_of - datetime.timedelta(days=120 - n % 5)) + 3600,
                "purchaseOrderNumber": texts[n % len(texts)],
                "orderNumber": str(5000 + n),
                "externalId": f"ERP-{n}",
                "details": {"header": {"costLines": [
                    {"description": "Subtotal", "amount": {"code": cur, "value": f"{subtotal:.4f}"}},
                    {"description": "Freight", "amount": {"code": cur, "value": f"{freight:.4f}"}}]},
                    "details": {"lineItems": lines}}}
        if off is not None:
            # Late in the day: the due day is the civil date, not the instant.
            body["dueDate"] = midnight(as_of - datetime.timedelta(days=off)) + 22 * 3600
        r = call("POST", "/invoices", body)
        created.append((r["data"]["id"], cust, cur, dec, total))

# Every third invoice paid in part, every fourth in full (some both: paid in part, then the rest).
for i, (iid, cust, cur, dec, total) in enumerate(created):
    step = Decimal(1) / (10 ** dec)
    left = total
    if i % 3 == 1:
        part = (total / 3).quantize(step)
        left -= part
        call("POST", "/payments/offline", {"lineItems": [{"invoiceId": iid, "amount": f"{part:.{dec}f}"}],
                                           "currency": cur, "customerId": cust, "details": {"memo": "part"}})
    if i % 4 == 3:
        call("POST", "/payments/offline", {"lineItems": [{"invoiceId": iid, "amount": f"{left:.{dec}f}"}],
                                           "currency": cur, "customerId": cust, "details": {"memo": "rest"}})

everything, off = [], 0
while True:
    j = call("GET", f"/invoices?limit=250&offset={off}")
    everything += j["data"]
    off += 250
    if off >= j["meta"]["pagination"]["totalCount"]:
        break
statuses = {x["status"] for x in everything}
if statuses != {0, 1, 2}:
    sys.exit(f"seed: expected invoices in every status, got {sorted(statuses)}")
json.dump(everything, open(out, "w"))
print(f"seeded {len(created)} invoices")
