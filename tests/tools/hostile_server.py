#!/usr/bin/python3
"""A deliberately broken HTTP server for the hostile-server tests.

usage: hostile_server.py MODE PORT_FILE [LOG_FILE]

Listens on 127.0.0.1 (a free port, written to PORT_FILE once listening) and answers every request
according to MODE:
  truncated   200 with a JSON body cut in the middle (Content-Length matches the cut body)
  code500     200 whose body says {"code": 500, ...}
  wrongtypes  a list page whose invoice has "id": "abc" and a balance that is an object
  huge        200 with a 50 MB body
  endless     200, chunked, a body that never ends (a few bytes every 50 ms)
  redirect    302 to http://127.0.0.2:PORT/same/path (another host)
  silent      accepts the connection and never answers
  flap        answers like the real list for 1 request, then closes every connection without an answer
              for 3 seconds, then answers again
  vanish      answers lists and lookups with no invoice; the first POST is recorded in LOG_FILE (as a
              store would commit it) and the server then exits without answering: the connection
              closes, and every later connection is refused
Each request's method, path and headers are appended to LOG_FILE (if given) so a test can check what the
client sent (for instance that no token went to the redirect target).
"""
import http.server
import json
import os
import socketserver
import sys
import threading
import time

MODE, PORT_FILE = sys.argv[1], sys.argv[2]
LOG = sys.argv[3] if len(sys.argv) > 3 else None
STATE = {"count": 0, "flap_until": 0.0}
LOCK = threading.Lock()

INVOICE = {
    "id": 1, "customerId": "7", "invoiceNumber": "H-1", "status": 0, "dueDate": 1790000000,
    "originalBalance": {"code": "USD", "value": "10.0000"},
    "openBalance": {"code": "USD", "value": "10.0000"},
    "details": {"header": {"costLines": []}, "details": {"lineItems": []}},
    "createdAt": 1780000000, "updatedAt": 1780000000,
}


def page(data, total):
    return {"code": 200, "data": data,
            "meta": {"message": "SUCCESS", "pagination": {"totalCount": total, "limit": 250, "offset": 0}}}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def record(self):
        if LOG:
            with LOCK, open(LOG, "a") as f:
                f.write(json.dumps({"method": self.command, "path": self.path,
                                    "headers": dict(self.headers.items())}) + "\n")

    def send_json(self, obj, status=200):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        self.record()
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        with LOCK:
            STATE["count"] += 1
            count = STATE["count"]
        if MODE == "truncated":
            body = json.dumps(page([INVOICE] * 3, 3)).encode()[:150]
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif MODE == "code500":
            self.send_json({"code": 500, "data": {"errMsg": "Internal error"}, "meta": {"message": "Error"}})
        elif MODE == "wrongtypes":
            bad = dict(INVOICE, id="abc", openBalance={"code": "USD", "value": {"x": 1}})
            if self.command == "POST":
                self.send_json({"code": 200, "data": {"id": "abc"}, "meta": {"message": "SUCCESS"}})
            else:
                self.send_json(page([bad], 1))
        elif MODE == "huge":
            size = 50 * 1024 * 1024
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            chunk = b" " * 65536
            try:
                for _ in range(size // len(chunk)):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif MODE == "endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                self.wfile.write(b"1\r\n[\r\n")
                while True:
                    self.wfile.write(b"1\r\n \r\n")
                    self.wfile.flush()
                    time.sleep(0.05)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif MODE == "redirect":
            port = self.server.server_address[1]
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.2:%d%s" % (port, self.path))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif MODE == "silent":
            time.sleep(3600)
        elif MODE == "flap":
            now = time.time()
            with LOCK:
                if count == 2:
                    STATE["flap_until"] = now + 3
                down = now < STATE["flap_until"]
            if down:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self.send_json(page([INVOICE], 1))
        elif MODE == "vanish":
            if self.command == "POST":
                os._exit(0)  # recorded above; no answer, and nobody listening any more
            self.send_json(page([], 0))
        else:
            self.send_json({"code": 500, "data": {"errMsg": "unknown mode"}, "meta": {"message": "x"}}, 500)

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


srv = Server(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os
os.rename(PORT_FILE + ".tmp", PORT_FILE)
srv.serve_forever()
