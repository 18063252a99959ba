#!/usr/bin/python3
"""Serves one case of the bad-API-answer corpus (tests/bad-api/NN-name/).

usage: bad_api_server.py CASE_DIR PORT_FILE [LOG_FILE]

Every request is answered from the case's files, chosen by method: METHOD.body (the bytes of the body,
sent as they are), METHOD.status (default 200) and METHOD.headers ("Name: value" lines).  A method without
a METHOD.body gets an empty list page (GET) or a 500 (others).  Listens on 127.0.0.1, a free port, written
to PORT_FILE once listening.  "METHOD PATH" of each request is appended to LOG_FILE when given.
"""
import http.server
import os
import socketserver
import sys

CASE, PORT_FILE = sys.argv[1], sys.argv[2]
LOG = sys.argv[3] if len(sys.argv) > 3 else None
EMPTY_PAGE = (b'{"code": 200, "data": [], "meta": {"message": "SUCCESS", '
              b'"pagination": {"totalCount": 0, "limit": 250, "offset": 0}}}')


def read(name, default=None):
    p = os.path.join(CASE, name)
    if not os.path.exists(p):
        return default
    with open(p, "rb") as f:
        return f.read()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        m = self.command
        if LOG:
            with open(LOG, "a") as f:
                f.write("%s %s\n" % (m, self.path))
        body = read(m + ".body")
        status = int((read(m + ".status", b"") or b"").strip() or 200)
        if body is None:
            body, status = (EMPTY_PAGE, 200) if m == "GET" else (b'{"code": 500}', 500)
        self.send_response(status)
        have_type = False
        for line in (read(m + ".headers", b"") or b"").decode().splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                self.send_header(k.strip(), v.strip())
                have_type |= k.strip().lower() == "content-type"
        if not have_type:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = answer


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


srv = Server(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(PORT_FILE + ".tmp", PORT_FILE)
srv.serve_forever()
