#!/usr/bin/python3
"""A test webhook receiver for tests/alerts: ThreadingHTTPServer on 127.0.0.1.

Prints "PORT <n>" once listening, then one JSON line per request: time, method,
path, headers (lower-cased names), body, the status it answered and whether the
Standard Webhooks signature verified against any --secret (checked here with
hmac/hashlib/base64, independently of armwatch). Paths inject faults:
  /fail-then-ok/N      500 for the first N requests to this path, then 200
  /429-then-ok/N/S     429 with "Retry-After: S" N times, then 200
  /429-date-then-ok/S  429 once with Retry-After as an HTTP-date S seconds ahead
  /status/C            always status C (e.g. /status/410)
  /slow/S              sleeps S seconds, then 200
anything else          200
--port binds a given port (a test first lets a client fail against it).
"""
import argparse
import base64
import email.utils
import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE = 5 * 60
counts = {}
counts_lock = threading.Lock()
print_lock = threading.Lock()


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--secret", action="append", default=[])
    # Listen at once but serve only after this many seconds: LocalServer drops
    # lines printed in the same read as "PORT", so a client already retrying
    # against the port must not be answered before PORT has been read alone.
    p.add_argument("--accept-delay", type=float, default=0.0)
    return p.parse_args()


ARGS = parse_args()


def decode_secret(secret):
    if secret.startswith("whsec_"):
        secret = secret[len("whsec_"):]
    return base64.b64decode(secret)


def verify(headers, body):
    """None when no secret is configured, else True/False."""
    if not ARGS.secret:
        return None
    msg_id = headers.get("webhook-id", "")
    ts = headers.get("webhook-timestamp", "")
    sigs = headers.get("webhook-signature", "")
    try:
        if abs(time.time() - int(ts)) > TOLERANCE:
            return False
    except ValueError:
        return False
    content = f"{msg_id}.{ts}.".encode() + body
    for secret in ARGS.secret:
        expected = base64.b64encode(
            hmac.new(decode_secret(secret), content, hashlib.sha256).digest()).decode()
        for sig in sigs.split(" "):
            version, _, value = sig.partition(",")
            if version == "v1" and hmac.compare_digest(value, expected):
                return True
    return False


def bump(path):
    with counts_lock:
        counts[path] = counts.get(path, 0) + 1
        return counts[path]


def fault(path):
    """(status, extra headers, delay seconds) for a request to `path`."""
    parts = [p for p in path.split("?")[0].split("/") if p]
    n = bump(path)
    if len(parts) == 2 and parts[0] == "fail-then-ok":
        return (500 if n <= int(parts[1]) else 200), {}, 0
    if len(parts) == 3 and parts[0] == "429-then-ok":
        if n <= int(parts[1]):
            return 429, {"Retry-After": parts[2]}, 0
        return 200, {}, 0
    if len(parts) == 2 and parts[0] == "429-date-then-ok":
        if n == 1:
            when = email.utils.formatdate(time.time() + int(parts[1]), usegmt=True)
            return 429, {"Retry-After": when}, 0
        return 200, {}, 0
    if len(parts) == 2 and parts[0] == "status":
        return int(parts[1]), {}, 0
    if len(parts) == 2 and parts[0] == "slow":
        return 200, {}, float(parts[1])
    return 200, {}, 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        received = time.time()
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, extra, delay = fault(self.path)
        if delay:
            time.sleep(delay)
        reply = b"ok" if status < 400 else b"fault injected"
        self.send_response(status)
        for k, v in extra.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)
        record = {"time": received, "method": self.command, "path": self.path,
                  "headers": headers, "body": body.decode("utf-8", "replace"),
                  "status": status, "signature_ok": verify(headers, body)}
        with print_lock:
            print(json.dumps(record, ensure_ascii=False), flush=True)

    do_POST = handle_any
    do_PUT = handle_any


class Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True
    allow_reuse_address = True


def main():
    server = Server(("127.0.0.1", ARGS.port), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    time.sleep(ARGS.accept_delay)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
