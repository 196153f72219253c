"""Inputs for the per-process ingest benchmark (see run.sh).

    prepare.py recipients OUT.csv COUNT [SEED]   a recipient list of COUNT distinct rows (deterministic)
    prepare.py replies OUTBOX_DIR OUT_DIR        one reply per outbox message, to its feedback+TOKEN.positive@ address

A reply is what a customer's mail client sends after clicking the "positive" smiley of a mailto survey: From the
recipient, To the `feedback+TOKEN.positive@DOMAIN` address found in the survey's decoded body, Subject "Re: …",
In-Reply-To/References naming the survey's Message-ID, a short comment (a third with an HTML alternative) and
the quoted survey text below an "On … wrote:" line, so reply extraction has real quotes to remove.
"""
import csv
import email
import email.policy
import os
import random
import re
import sys
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from datetime import datetime, timezone

FIRST = ["Anna", "Jonas", "Zoë", "Łukasz", "Mía", "Sören", "Chloé", "Pieter", "Ömer", "Li", "Ingrid", "Tomás"]
LAST = ["Schmidt", "de Vries", "García", "Müller", "Dubois", "Nowak", "O'Brien", "Kowalski", "Jansen", "Rossi"]
SUBJECTS = ["Printer prints blank pages", "VPN drops every 10 minutes", "Invoice shows wrong VAT",
            "Can't log in after password reset", "Zugang für neue Mitarbeiterin", "Problème d'impression"]
AGENTS = ["Jonas Weber", "Priya Patel", "Marco Rossi", "Sophie Martin"]
COMMENTS = ["Thanks, quick and friendly!", "Great help, the printer works again.", "Solved within the hour, thank you.",
            "Very patient with me — appreciated.", "Danke, alles funktioniert wieder.", "Merci, parfait."]
ADDRESS = re.compile(r"feedback\+[A-Za-z0-9_-]{40}\.positive@[A-Za-z0-9.-]+")


def recipients(out: str, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "name", "ticket_id", "ticket_subject", "agent", "company"])
        for n in range(count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            writer.writerow([f"customer{n}@example.org", f"{first} {last}", f"T-{100000 + n}", rng.choice(SUBJECTS),
                             rng.choice(AGENTS), "Customer GmbH"])


def decoded_text(message) -> str:
    texts = []
    for part in message.walk():
        if part.get_content_maintype() == "text":
            texts.append(part.get_content())
    return "\n".join(texts)


def replies(outbox: str, out: str) -> None:
    os.makedirs(out, exist_ok=True)
    names = sorted(name for name in os.listdir(outbox) if name.endswith(".eml"))
    if not names:
        sys.exit(f"prepare.py: no .eml files in {outbox}")
    rng = random.Random(7)
    for index, name in enumerate(names):
        with open(os.path.join(outbox, name), "rb") as handle:
            survey = email.message_from_binary_file(handle, policy=email.policy.default)
        text = decoded_text(survey)
        found = ADDRESS.search(text)
        if not found:
            sys.exit(f"prepare.py: {name} holds no feedback+TOKEN.positive@ address")
        plain = survey.get_body(preferencelist=("plain",))
        quoted = "\n".join("> " + line if line else ">" for line in (plain.get_content() if plain else text).splitlines())
        customer = parseaddr(str(survey["To"]))[1]
        comment = rng.choice(COMMENTS)
        when = format_datetime(datetime.now(timezone.utc))
        reply = EmailMessage(policy=email.policy.default)  # LF line ends, as a relay's pipe delivers
        reply["From"] = str(survey["To"])
        reply["To"] = found.group(0)
        reply["Subject"] = "Re: " + str(survey["Subject"])
        reply["Date"] = when
        reply["Message-ID"] = make_msgid(idstring=f"reply{index}", domain=customer.rpartition("@")[2] or "example.org")
        reply["In-Reply-To"] = str(survey["Message-ID"])
        reply["References"] = str(survey["Message-ID"])
        reply["MIME-Version"] = "1.0"
        body = f"{comment}\n\nOn {when}, {survey['From']} wrote:\n{quoted}\n"
        reply.set_content(body)
        if index % 3 == 0:
            reply.add_alternative(f"<html><body><p>{comment}</p><blockquote>{survey['Subject']}</blockquote></body></html>",
                                  subtype="html")
        with open(os.path.join(out, f"reply-{index:05d}.eml"), "wb") as handle:
            handle.write(reply.as_bytes())


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "recipients":
        recipients(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 42)
    elif len(sys.argv) == 4 and sys.argv[1] == "replies":
        replies(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
