#!/usr/bin/python3
"""A test SMTP server for tests/alerts: aiosmtpd on 127.0.0.1, an ephemeral port.

Prints "PORT <n>" once listening, then one JSON line per message received:
envelope sender and recipients, whether TLS and AUTH were used, the decoded
headers (Subject via email.policy.default), the raw Subject as sent, and each
leaf part's content type, transfer encoding and decoded text.

Modes: plain (default), --starttls (offer and require STARTTLS), --tls
(implicit TLS, smtps). --auth USER:PASS requires AUTH PLAIN/LOGIN with those
credentials (allowed over plain connections too, for tests).
"""
import argparse
import asyncio
import email
import email.policy
import json
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--starttls", action="store_true")
    p.add_argument("--tls", action="store_true")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--auth", help="USER:PASS")
    return p.parse_args()


def raw_header(raw: bytes, name: str) -> str:
    """The header as it was on the wire, folding included."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace")
    lines = head.split("\r\n")
    out, grab = [], False
    for line in lines:
        if line[:1] in (" ", "\t") and grab:
            out.append(line)
            continue
        grab = line.lower().startswith(name.lower() + ":")
        if grab:
            out.append(line)
    return "\r\n".join(out)


def describe(raw: bytes) -> dict:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "cte": part.get("Content-Transfer-Encoding", ""),
            "text": part.get_content(),
        })
    return {
        "subject": str(msg["Subject"]),
        "raw_subject": raw_header(raw, "Subject"),
        "from": str(msg["From"]),
        "to": str(msg["To"]),
        "date": str(msg["Date"]),
        "message_id": str(msg["Message-ID"]),
        "in_reply_to": str(msg.get("In-Reply-To", "")),
        "auto_submitted": str(msg.get("Auto-Submitted", "")),
        "content_type": msg.get_content_type(),
        "defects": [type(d).__name__ for d in msg.defects],
        "max_line": max(len(line) for line in raw.split(b"\r\n")),
        "parts": parts,
    }


class Handler:
    async def handle_DATA(self, server, session, envelope):
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None or ARGS.tls,
            "authenticated": bool(session.authenticated),
        }
        record.update(describe(envelope.original_content or envelope.content))
        print(json.dumps(record, ensure_ascii=False), flush=True)
        return "250 Message accepted"


def make_authenticator(creds):
    user, _, password = creds.partition(":")

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False)

    return authenticator


def tls_context(args):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    return ctx


ARGS = None


async def main():
    global ARGS
    args = ARGS = parse_args()
    loop = asyncio.get_running_loop()
    kwargs = {"hostname": "armwatch-test", "enable_SMTPUTF8": True}
    if args.starttls:
        kwargs.update(tls_context=tls_context(args), require_starttls=True)
    if args.auth:
        kwargs.update(authenticator=make_authenticator(args.auth), auth_required=True,
                      auth_require_tls=False)
    server = await loop.create_server(
        lambda: SMTP(Handler(), loop=loop, **kwargs), host="127.0.0.1", port=args.port,
        ssl=tls_context(args) if args.tls else None)
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
