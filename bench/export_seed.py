#!/usr/bin/python3
"""Seeds a running sandbox with N generated invoices for bench/40_export.sh, over keep-alive connections.

usage: export_seed.py BASE_URL START COUNT [WORKERS]
Invoice k (START <= k < START+COUNT) is deterministic: 200 customers, USD/EUR/JPY, due dates over 0..200 days
before 2026-03-31, 2-6 line items (4 on average), 2 cost lines.  Environment: B2B_AUTH_TOKEN, B2B_STORE_HASH.
"""
import http.client
import json
import os
import sys
import urllib.parse
from multiprocessing import Pool

base, start, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
workers = int(sys.argv[4]) if len(sys.argv) > 4 else 4
u = urllib.parse.urlparse(base)
headers = {"X-Auth-Token": os.environ["B2B_AUTH_TOKEN"], "X-Store-Hash": os.environ["B2B_STORE_HASH"],
           "Content-Type": "application/json"}
AS_OF = 1774915200  # 2026-03-31


def body(k):
    cur, dec = (("USD", 2), ("EUR", 2), ("JPY", 0))[k % 3]
    n = 2 + k % 5
    lines = [{"sku": f"SKU-{(k * 7 + j) % 5000:05d}", "description": f"Generated item {j} of invoice {k}",
              "quantity": f"{1 + (k + j) % 9}.0000",
              "unitPrice": {"code": cur, "value": f"{(100 + (k * 31 + j * 17) % 90000) / (100 if dec else 1):.4f}"}}
             for j in range(n)]
    total = sum(float(li["quantity"]) * float(li["unitPrice"]["value"]) for li in lines)
    total = round(total, dec)
    return {"invoiceNumber": f"B-{k:07d}", "customerId": str(1000 + k % 200),
            "originalBalance": {"code": cur, "value": total}, "openBalance": {"code": cur, "value": total},
            "dueDate": AS_OF - (k % 200) * 86400, "issuedAt": AS_OF - (k % 200 + 30) * 86400,
            "purchaseOrderNumber": f"PO-{k}", "orderNumber": str(k),
            "details": {"header": {"costLines": [
                {"description": "Subtotal", "amount": {"code": cur, "value": f"{total:.4f}"}},
                {"description": "Freight", "amount": {"code": cur, "value": "0.0000"}}]},
                "details": {"lineItems": lines}}}


def run(rng):
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    for k in range(*rng):
        conn.request("POST", u.path + "/invoices", json.dumps(body(k)), headers)
        r = conn.getresponse()
        data = r.read()
        if r.status != 200:
            raise SystemExit(f"seed: invoice {k}: HTTP {r.status}: {data[:200]!r}")
    return rng[1] - rng[0]


step = max(1, count // (workers * 8))
chunks = [(s, min(s + step, start + count)) for s in range(start, start + count, step)]
with Pool(workers) as p:
    done = sum(p.map(run, chunks))
print(f"seeded {done} invoices")
