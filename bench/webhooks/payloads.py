"""Bodies for bench/webhooks (see run.sh): each reply of REPLIES_DIR padded to about 20 KB of quoted history, its
Message-ID made "<@@N@@.…>" (the wrk script and the reference put a fresh number there), written three ways:

    payloads.py REPLIES_DIR OUT_DIR

    OUT_DIR/messages/NNNN.eml    the message (the in-process reference reads these; POST /hooks/raw posts them)
    OUT_DIR/postmark/NNNN.json   Postmark's inbound JSON with RawEmail
    OUT_DIR/sendgrid/NNNN.form   SendGrid Inbound Parse, parsed mode: multipart/form-data (boundary xYzZY) with
                                 headers, text, charsets, envelope
"""
import email
import email.policy
import json
import os
import re
import sys

TARGET = 20 * 1024
QUOTE = "> Thank you for contacting support. Your ticket was resolved; tell us how we did by clicking a smiley.\n"


def main(replies: str, out: str) -> None:
    for kind in ("messages", "postmark", "sendgrid"):
        os.makedirs(f"{out}/{kind}", exist_ok=True)
    names = sorted(n for n in os.listdir(replies) if n.endswith(".eml"))
    for number, name in enumerate(names):
        raw = open(f"{replies}/{name}", "rb").read().decode("utf-8")
        raw = re.sub(r"(?im)^Message-ID: <([^>]*)>", r"Message-ID: <@@N@@.\1>", raw, count=1)
        head, _, body = raw.partition("\n\n") if "\r\n\r\n" not in raw else raw.partition("\r\n\r\n")
        message = email.message_from_string(raw, policy=email.policy.default)
        if message.is_multipart():
            continue  # keep the bench to text replies: the same message in all three forms
        padding = QUOTE * max(0, (TARGET - len(raw)) // len(QUOTE))
        body = body + ("\n" if not body.endswith("\n") else "") + ">\n" + padding
        whole = head + "\n\n" + body
        tag = f"{number:04d}"
        open(f"{out}/messages/{tag}.eml", "w").write(whole)
        json.dump({"RawEmail": whole, "OriginalRecipient": message["To"]}, open(f"{out}/postmark/{tag}.json", "w"))
        headers = "\n".join(line for line in head.splitlines() if not line.lower().startswith("content-"))
        parts = {"headers": headers, "text": body, "charsets": json.dumps({"text": "utf-8", "headers": "utf-8"}),
                 "envelope": json.dumps({"to": [str(message["To"])], "from": str(message["From"])})}
        form = "".join(f'--xYzZY\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in parts.items())
        open(f"{out}/sendgrid/{tag}.form", "w", newline="").write(form + "--xYzZY--\r\n")
    for kind in ("messages", "postmark", "sendgrid"):
        listing = sorted(os.listdir(f"{out}/{kind}"))
        open(f"{out}/{kind}/index", "w").write("\n".join(listing) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
