"""Reads one composed message with Python's stdlib email parser and prints what it understood as JSON.

Usage: readback.py MESSAGE_FILE
Used by SmileyMIMETests to prove that Smiley's composer writes mail another parser reads without defects.
"""
import email
import email.policy
import json
import sys


def main() -> None:
    with open(sys.argv[1], "rb") as handle:
        raw = handle.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    defects = []
    for part in message.walk():
        defects += [type(d).__name__ + ": " + str(d) for d in part.defects]
        for name, value in part.items():
            defects += [name + ": " + type(d).__name__ for d in getattr(value, "defects", ())]

    def mailboxes(name):
        header = message[name]
        if header is None:
            return None
        return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]

    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    images = []
    for part in message.walk():
        if part.get_content_maintype() == "image":
            images.append({
                "cid": part["Content-ID"],
                "filename": part.get_filename(),
                "type": part.get_content_type(),
                "disposition": part.get_content_disposition(),
                "size": len(part.get_payload(decode=True)),
                "sha": __import__("hashlib").sha256(part.get_payload(decode=True)).hexdigest(),
            })
    lines = raw.split(b"\r\n")
    print(json.dumps({
        "defects": defects,
        "subject": message["Subject"] and str(message["Subject"]),
        "from": mailboxes("From"),
        "to": mailboxes("To"),
        "content_type": message.get_content_type(),
        "structure": [p.get_content_type() for p in message.walk()],
        # Line endings as LF: the stdlib keeps CRLF in some payloads and not in others.
        "text": text.get_content().replace("\r\n", "\n") if text is not None else None,
        "html": html.get_content().replace("\r\n", "\n") if html is not None else None,
        "images": images,
        "max_line": max(len(line) for line in lines),
        "bare_lf": raw.replace(b"\r\n", b"").count(b"\n"),
        "bare_cr": raw.replace(b"\r\n", b"").count(b"\r"),
    }))


main()
