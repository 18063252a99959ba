#!/usr/bin/python3
"""A list endpoint behind a short fixed rate window, for testing the client's rate governor in seconds
rather than the API's 60-second windows.

usage: rate_server.py PORT_FILE LIMIT WINDOW_S TOTAL [STEAL]

Serves GET .../invoices?limit=&offset= over TOTAL invoices (INV-00001…, ascending) on 127.0.0.1.  Every
answer carries X-Requests-Allocated / X-Requests-Remaining / X-Request-Window-Resets-After like B2B
Edition; past LIMIT requests in a window it answers 429.  The window starts with the first request after
the previous one ended.  STEAL requests of each window are spent by "another integration" sharing the
budget, all at once when 30 % of the window has passed: the client's picture of the budget goes stale and
its next request draws a 429 with "remaining 0", after which it must wait for the reset.  On SIGTERM it prints
"served=N rejected=M windows=W" to stdout and exits.
"""
import http.server
import json
import signal
import socketserver
import sys
import threading
import time
from urllib.parse import parse_qs, urlparse

PORT_FILE, LIMIT, WINDOW, TOTAL = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
STEAL = int(sys.argv[5]) if len(sys.argv) > 5 else 0
LOCK = threading.Lock()
ST = {"start": None, "used": 0, "served": 0, "rejected": 0, "windows": 0, "stolen": False}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_GET(self):
        now = time.monotonic()
        with LOCK:
            if ST["start"] is None or now >= ST["start"] + WINDOW:
                ST["start"], ST["used"], ST["stolen"] = now, 0, False
                ST["windows"] += 1
            if STEAL and not ST["stolen"] and now >= ST["start"] + 0.3 * WINDOW:
                ST["used"] = min(LIMIT, ST["used"] + STEAL)
                ST["stolen"] = True
            ok = ST["used"] < LIMIT
            if ok:
                ST["used"] += 1
                ST["served"] += 1
            else:
                ST["rejected"] += 1
            remaining = LIMIT - ST["used"]
            resets = ST["start"] + WINDOW - now
        if ok:
            q = parse_qs(urlparse(self.path).query)
            lim, off = int(q.get("limit", ["10"])[0]), int(q.get("offset", ["0"])[0])
            data = [{"id": i + 1, "invoiceNumber": "INV-%05d" % (i + 1)} for i in range(off, min(TOTAL, off + lim))]
            body = {"code": 200, "data": data,
                    "meta": {"message": "SUCCESS", "pagination": {"totalCount": TOTAL, "limit": lim, "offset": off}}}
            status = 200
        else:
            body = {"code": 429, "data": {"errMsg": "Too many requests."}, "meta": {"message": "Too Many Requests"}}
            status = 429
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("X-Requests-Allocated", "%d times/%g s" % (LIMIT, WINDOW))
        self.send_header("X-Requests-Remaining", "%d times" % remaining)
        self.send_header("X-Request-Window-Resets-After", "%.4f s" % resets)
        self.end_headers()
        self.wfile.write(raw)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def stop(*_):
    print("served=%d rejected=%d windows=%d" % (ST["served"], ST["rejected"], ST["windows"]), flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
srv = Server(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os
os.rename(PORT_FILE + ".tmp", PORT_FILE)
srv.serve_forever()
