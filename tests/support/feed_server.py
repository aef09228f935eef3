#!/usr/bin/python3
"""A loopback HTTP server for armwatch's feed tests (Python 3 stdlib only).

Serves files under --root (.xml as application/xml, .json as application/feed+json)
with ETag and Last-Modified, answering 304 to matching conditional requests, plus
fault endpoints under /fault/ that misbehave on purpose:

  /fault/status/<code>[?retry_after=N]    any status (500, 410, 429 + Retry-After)
  /fault/redirect?to=URL&code=301          a redirect (301, 302, 303, 307, 308)
  /fault/loop[?code=302]                   redirects to itself, forever
  /fault/drip?bytes_per_sec=1[&total=N]    a body sent a few bytes per second
  /fault/huge-length[?gb=10]               declares a Content-Length of that many GiB
  /fault/endless                           a chunked body that never ends
  /fault/gzip-bomb[?mb=1024]               gzip of that many MiB of zeros, streamed
  /fault/truncated                         an RSS document cut off mid-item
  /fault/html                              an HTML page served as a feed
  /fault/invalid-utf8                      an RSS title with bytes invalid in UTF-8
  /fault/cp949-as-utf8                     a Korean RSS feed in CP949, served as UTF-8
                                           (Content-Type and XML declaration), its
                                           dates without a zone
  /fault/billion-laughs                    nested entity expansion (XML bomb)
  /fault/xxe?file=PATH                     an external entity naming a local file
  /fault/slow?ms=N[&id=X]                  a small RSS feed, answered after N ms

  /stats[?reset=1]                         text: the most requests seen in flight at
                                           once, per local address and in total:
                                           "host 127.0.0.1 2", "total 8", "requests 50"

With --extra-hosts N the server also listens on 127.0.0.2 .. 127.0.0.(N+1), on
the same port, so that tests can reach "different hosts" on loopback only.
A request counts as in flight from when its request line is read until just
before its response is written (never after the client can have seen it), so
the counts are never above what the client really ran at once.

Prints "PORT <n>" once listening, then one line per request:
  REQ <method> <path> <If-None-Match or -> <If-Modified-Since or ->
and stops cleanly on SIGTERM.
"""

import argparse
import email.utils
import hashlib
import os
import signal
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CONTENT_TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".json": "application/feed+json",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}

RSS_HEAD = (b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            b"<title>fault</title><link>http://127.0.0.1/</link>")

TRUNCATED = RSS_HEAD + (b"<item><title>first</title><guid>t-1</guid></item>"
                        b"<item><title>second</title><guid>t-2</gu")

HTML_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Not a feed</title></head>"
             b"<body><p>Welcome to our homepage.</p></body></html>")

INVALID_UTF8 = RSS_HEAD + (b"<item><title>caf\xe9 \xff\xfe ok</title><guid>u-1</guid>"
                           b"</item></channel></rss>")

CP949_AS_UTF8 = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                 "<title>속보</title><link>http://127.0.0.1/</link>"
                 "<item><title>북한 탄도미사일 발사</title><guid>k-1</guid>"
                 "<pubDate>2024.10.15 오후 1:10</pubDate></item>"
                 "<item><title>군사분계선 침범</title><guid>k-2</guid>"
                 "<pubDate>2024년 10월 15일 13시 10분</pubDate></item>"
                 "</channel></rss>").encode("cp949")

BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
                  + b"".join(b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1
                                                               else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b"]>\n<rss version=\"2.0\"><channel><title>bomb</title>"
                  b"<item><title>&lol9;</title><guid>b-1</guid></item></channel></rss>")


def xxe_document(path):
    return (b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY secret SYSTEM "file://'
            + path.encode() + b'">\n]>\n<rss version="2.0"><channel><title>xxe</title>'
            b"<item><title>leak: &secret;</title><guid>x-1</guid></item></channel></rss>")


LOG_LOCK = threading.Lock()


def log_line(line):
    # One locked write per line: print() from several handler threads can
    # interleave a line with another's newline.
    with LOG_LOCK:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "armwatch-feed-server/1"

    def log_message(self, fmt, *args):  # keep stderr quiet; REQ lines go to stdout
        pass

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        inm = self.headers.get("If-None-Match") or "-"
        ims = self.headers.get("If-Modified-Since") or "-"
        log_line("REQ %s %s %s %s" % (self.command, self.path, inm, ims))
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/stats":
            return self.send_stats(query)
        self.counted = self.server.stats.enter(self.connection.getsockname()[0])
        try:
            if parts.path.startswith("/fault/"):
                self.fault(parts.path[len("/fault/"):], query)
            else:
                self.serve_file(parts.path)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self.uncount()

    def uncount(self):
        if getattr(self, "counted", None):
            self.server.stats.leave(self.counted)
            self.counted = None

    def send_stats(self, query):
        snap = self.server.stats.snapshot(query.get("reset") == "1")
        lines = ["host %s %d" % hp for hp in sorted(snap["max_in_flight"].items())]
        lines += ["total %d" % snap["max_total"], "requests %d" % snap["requests"]]
        self.send_body(200, ("\n".join(lines) + "\n").encode(), "text/plain")

    # ---- plain files ----

    def serve_file(self, path):
        root = os.path.realpath(self.server.root)
        full = os.path.realpath(os.path.join(root, path.lstrip("/")))
        if not full.startswith(root + os.sep) or not os.path.isfile(full):
            return self.send_body(404, b"not found\n", "text/plain")
        with open(full, "rb") as f:
            data = f.read()
        mtime = int(os.path.getmtime(full))
        etag = '"%s"' % hashlib.sha1(data).hexdigest()[:16]
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        headers = {"ETag": etag, "Last-Modified": last_modified,
                   "Cache-Control": "max-age=300"}
        if self.not_modified(etag, mtime):
            return self.send_body(304, b"", None, headers)
        ctype = CONTENT_TYPES.get(os.path.splitext(full)[1], "application/octet-stream")
        self.send_body(200, data, ctype, headers)

    def not_modified(self, etag, mtime):
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims is not None:
            try:
                return mtime <= email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def send_body(self, status, data, ctype, headers=None):
        self.uncount()
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            self.wfile.write(data)

    # ---- faults ----

    def fault(self, name, q):
        if name.startswith("status/"):
            code = int(name.split("/", 1)[1])
            headers = {"Retry-After": q["retry_after"]} if "retry_after" in q else {}
            return self.send_body(code, b"status %d\n" % code, "text/plain", headers)
        simple = {
            "truncated": (TRUNCATED, "application/rss+xml"),
            "html": (HTML_PAGE, "text/html; charset=utf-8"),
            "invalid-utf8": (INVALID_UTF8, "application/rss+xml; charset=utf-8"),
            "cp949-as-utf8": (CP949_AS_UTF8, "application/rss+xml; charset=utf-8"),
            "billion-laughs": (BILLION_LAUGHS, "application/xml"),
        }
        if name in simple:
            return self.send_body(200, simple[name][0], simple[name][1])
        if name == "xxe":
            return self.send_body(200, xxe_document(q.get("file", "/etc/passwd")),
                                  "application/xml")
        handler = getattr(self, "fault_" + name.replace("-", "_"), None)
        if handler is None:
            return self.send_body(404, b"no such fault\n", "text/plain")
        handler(q)

    def fault_redirect(self, q):
        self.send_body(int(q.get("code", "302")), b"", "text/plain",
                       {"Location": q.get("to", "/")})

    def fault_slow(self, q):
        time.sleep(int(q.get("ms", "100")) / 1000.0)
        body = RSS_HEAD + (b"<item><title>slow %s</title><guid>s-%s</guid></item></channel></rss>"
                           % (q.get("id", "0").encode(), q.get("id", "0").encode()))
        self.send_body(200, body, "application/rss+xml")

    def fault_loop(self, q):
        n = int(q.get("n", "0")) + 1
        code = int(q.get("code", "302"))
        self.send_body(code, b"", "text/plain",
                       {"Location": "/fault/loop?code=%d&n=%d" % (code, n)})

    def fault_drip(self, q):
        rate = max(1, int(q.get("bytes_per_sec", "1")))
        total = int(q.get("total", "100000"))
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(total))
        self.end_headers()
        sent = 0
        while sent < total and not self.server.stopping.is_set():
            self.wfile.write(b" " * rate)
            self.wfile.flush()
            sent += rate
            time.sleep(1.0)

    def fault_huge_length(self, q):
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(int(q.get("gb", "10")) * 1024 ** 3))
        self.end_headers()
        chunk = b" " * 65536
        for _ in range(16 * 1024):  # up to 1 GiB, unless the client hangs up first
            if self.server.stopping.is_set():
                break
            self.wfile.write(chunk)
        self.close_connection = True

    def write_chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def fault_endless(self, q):
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.write_chunk(RSS_HEAD)
        chunk = b"<item><title>again</title></item>" * 2000
        while not self.server.stopping.is_set():
            self.write_chunk(chunk)

    def fault_gzip_bomb(self, q):
        # Compresses zeros on the fly: 1 GiB of zeros is about 1 MB of gzip, and
        # the client is expected to hang up long before the end.
        mib = int(q.get("mb", "1024"))
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        gz = zlib.compressobj(9, zlib.DEFLATED, 31)
        zeros = bytes(1024 * 1024)
        for _ in range(mib):
            if self.server.stopping.is_set():
                return
            data = gz.compress(zeros)
            if data:
                self.write_chunk(data)
        self.write_chunk(gz.flush())
        self.wfile.write(b"0\r\n\r\n")


class Stats:
    """Requests in flight, per local address and in total, and their peaks."""

    def __init__(self):
        self.lock = threading.Lock()
        self.now = {}
        self.peak = {}
        self.total = 0
        self.peak_total = 0
        self.requests = 0

    def enter(self, host):
        with self.lock:
            self.now[host] = self.now.get(host, 0) + 1
            self.peak[host] = max(self.peak.get(host, 0), self.now[host])
            self.total += 1
            self.peak_total = max(self.peak_total, self.total)
            self.requests += 1
        return host

    def leave(self, host):
        with self.lock:
            self.now[host] -= 1
            self.total -= 1

    def snapshot(self, reset):
        with self.lock:
            out = {"max_in_flight": dict(self.peak), "max_total": self.peak_total,
                   "requests": self.requests}
            if reset:
                self.peak = dict(self.now)
                self.peak_total = self.total
                self.requests = 0
            return out


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # server_close() must not wait for endless handlers
    request_queue_size = 256
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--extra-hosts", type=int, default=0,
                        help="also listen on 127.0.0.2 .. 127.0.0.(N+1), same port")
    args = parser.parse_args()

    server = Server(("127.0.0.1", args.port), Handler)
    port = server.server_address[1]
    servers = [server] + [Server(("127.0.0.%d" % (2 + i), port), Handler)
                          for i in range(args.extra_hosts)]
    stopping = threading.Event()
    stats = Stats()
    for s in servers:
        s.root = args.root
        s.stopping = stopping
        s.stats = stats

    def stop(signum, frame):
        stopping.set()
        for s in servers:
            threading.Thread(target=s.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.1},
                         daemon=True).start()
    print("PORT %d" % port, flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        for s in servers:
            s.server_close()
        sys.stdout.flush()
    # Handler threads may be mid-write on an endless body: do not wait for them.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
