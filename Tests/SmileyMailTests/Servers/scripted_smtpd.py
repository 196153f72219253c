"""A scripted SMTP server for SmileyMail's tests (aiosmtpd).

Replies depend on the recipient's local part:
  fail550 / fail553 / fail554   -> that permanent reply at RCPT
  defer451 / defer452           -> that temporary reply at RCPT, every time
  defer451xN                    -> 451 for the first N attempts of that address, then accepted
  rate421xN                     -> 421 "too many messages, slow down" for the first N attempts
  dropxN / drop                 -> the connection is closed in DATA (no reply) the first N times / always
  slow                          -> the DATA reply comes after --slow seconds
anything else                   -> accepted: "250 2.0.0 Ok: queued as Q<n>"

With --pipelining the EHLO reply lists PIPELINING (RFC 2920), and each RCPT event records whether the DATA
command had already arrived with it (the client pipelined MAIL, RCPT and DATA in one write).

Every event is appended as one JSON line to --record: connect, ehlo, accepted (with the message's
Message-ID and size). Prints "READY <port>" on stdout once listening.
"""
import argparse
import asyncio
import json
import re
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

counts = {}
accepted_total = 0
connections = 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--record", required=True)
    parser.add_argument("--slow", type=float, default=5.0)
    parser.add_argument("--auth", default=None, help="user:password to require AUTH")
    parser.add_argument("--pipelining", action="store_true", help="offer PIPELINING in the EHLO reply")
    parser.add_argument("--tls", choices=["starttls", "implicit"], default=None,
                        help="require STARTTLS, or speak TLS from the first byte (smtps)")
    parser.add_argument("--cert", default=None, help="PEM certificate for --tls")
    parser.add_argument("--key", default=None, help="PEM private key for --tls")
    args = parser.parse_args()
    record = open(args.record, "a", buffering=1)

    def log(event, **fields):
        fields["event"] = event
        record.write(json.dumps(fields) + "\n")

    def attempt(address):
        counts[address] = counts.get(address, 0) + 1
        return counts[address]

    def rule(address):
        local = address.split("@", 1)[0].lower()
        m = re.fullmatch(r"([a-z]+)(\d{3})?(?:x(\d+))?", local)
        if not m:
            return local, None, None
        return m.group(1), m.group(2), (int(m.group(3)) if m.group(3) else None)

    class Handler:
        async def handle_EHLO(self, server, session, envelope, hostname, responses):
            session.host_name = hostname
            tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
            log("ehlo", conn=session.conn_id, name=hostname, tls=tls)
            if args.pipelining:
                responses.insert(len(responses) - 1, "250-PIPELINING")
            return responses

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            kind, code, limit = rule(address)
            # What the client sent after RCPT and aiosmtpd has read but not handled yet (private, test-only).
            waiting = bytes(getattr(server._reader, "_buffer", b""))
            log("rcpt", conn=session.conn_id, to=address, data_waiting=waiting.upper().startswith(b"DATA"))
            if kind == "fail" and code:
                log("refused", conn=session.conn_id, to=address, code=int(code))
                return f"{code} 5.1.1 <{address}>: Recipient address rejected: User unknown"
            if kind in ("defer", "rate") and code:
                n = attempt(address)
                if limit is None or n <= limit:
                    log("refused", conn=session.conn_id, to=address, code=int(code))
                    if kind == "rate":
                        return f"{code} 4.7.0 Too many messages, slow down (attempt {n})"
                    return f"{code} 4.3.0 <{address}>: Temporary failure, try again (attempt {n})"
            envelope.rcpt_tos.append(address)
            return "250 2.1.5 Ok"

        async def handle_DATA(self, server, session, envelope):
            global accepted_total
            address = envelope.rcpt_tos[0]
            kind, _, limit = rule(address)
            if kind == "drop":
                n = attempt(address)
                if limit is None or n <= limit:
                    log("dropped", conn=session.conn_id, to=address)
                    server.transport.close()
                    return None
            if kind == "slow":
                await asyncio.sleep(args.slow)
            accepted_total += 1
            content = envelope.original_content or b""
            mid = re.search(rb"(?im)^message-id:\s*(\S+)", content)
            log("accepted", conn=session.conn_id, to=address, sender=envelope.mail_from,
                message_id=mid.group(1).decode() if mid else None, size=len(content))
            return f"250 2.0.0 Ok: queued as Q{accepted_total}"

    def authenticator(server, session, envelope, mechanism, auth_data):
        if args.auth and isinstance(auth_data, LoginPassword):
            user, password = args.auth.split(":", 1)
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            log("auth", conn=session.conn_id, mechanism=mechanism, ok=ok)
            return AuthResult(success=ok, handled=False)
        return AuthResult(success=False, handled=False)

    class CountingSMTP(SMTP):
        def connection_made(self, transport):
            global connections
            connections += 1
            self.session_conn = connections
            super().connection_made(transport)
            self.session.conn_id = connections
            log("connect", conn=connections)

    context = None
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    def factory():
        kwargs = dict(hostname="scripted.test", decode_data=False)
        if args.tls == "starttls":
            kwargs.update(tls_context=context, require_starttls=True)
        if args.auth:
            kwargs.update(authenticator=authenticator, auth_require_tls=False, auth_required=True)
        return CountingSMTP(Handler(), **kwargs)

    async def serve():
        loop = asyncio.get_running_loop()
        implicit = context if args.tls == "implicit" else None
        server = await loop.create_server(factory, host="127.0.0.1", port=args.port, ssl=implicit)
        port = server.sockets[0].getsockname()[1]
        print(f"READY {port}", flush=True)
        async with server:
            await server.serve_forever()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
