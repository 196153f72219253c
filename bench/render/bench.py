#!/usr/bin/env python3
"""The Python side of the render benchmark: the same survey, template and recipients through chevron and
pystache, including signing each recipient's token exactly as Smiley does (HMAC-SHA256, 40-char base64url).

    bench.py TEMPLATES_DIR CSV SCALE LOCALE ENGINE LIMIT

ENGINE is chevron or pystache; LIMIT caps the recipients rendered (the rate is per message, so a cap only
shortens the run). Prints one line: `ENGINE messages seconds messages_per_second bytes`.

Both engines get the templates the way they are meant to be used: pystache parses each template once up front;
chevron's API takes the template text per call (it has no parsed form). The TEXT content-type pragma that
swift-mustache understands is removed for them (neither knows it), so their text part is HTML-escaped; the work
is the same.
"""
import base64
import csv
import hashlib
import hmac
import json
import os
import re
import struct
import sys
import time

SECRET = bytes([0x5A]) * 32
KEY_ID = 1
SURVEY_ID = "support"
BASE_URL = "https://smiley.example.com"
REPLY_DOMAIN = "reply.acme.example"
ISSUED_AT = 1_767_225_600
PRAGMA = re.compile(r"\{\{%[^}]*\}\}\n?")


def token(email, ticket):
    recipient = hashlib.sha256(SURVEY_ID.encode() + b"\0" + email.lower().encode() + b"\0" + ticket.encode() + b"\0").digest()[:8]
    body = bytes([1, KEY_ID]) + hashlib.sha256(SURVEY_ID.encode()).digest()[:4] + recipient + struct.pack(">I", ISSUED_AT)
    mac = hmac.new(SECRET, b"smiley-rating-token-v1\0" + SURVEY_ID.encode() + b"\0" + body, hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(body + mac).rstrip(b"=").decode()


def load(templates, locale, scale):
    base = os.path.join(templates, "default")
    files = {}
    for root, _, names in os.walk(base):
        for name in names:
            if name.endswith(".mustache"):
                path = os.path.join(root, name)
                key = os.path.relpath(path, base)[: -len(".mustache")]
                with open(path, encoding="utf-8") as f:
                    files[key] = PRAGMA.sub("", f.read())
    with open(os.path.join(base, "locales", "en.json"), encoding="utf-8") as f:
        en = json.load(f)
    with open(os.path.join(base, "locales", locale + ".json"), encoding="utf-8") as f:
        chosen = json.load(f)
    words = dict(en["words"])
    words.update(chosen["words"])
    words["question"] = words.get("question_" + scale, "")
    labels = dict(en.get("ratings", {}).get(scale, {}))
    labels.update(chosen.get("ratings", {}).get(scale, {}))
    return files, words, labels


def ratings(scale):
    if scale == "smiley":
        return [("positive", 3, "positive"), ("neutral", 2, "neutral"), ("negative", 1, "negative")]
    values = range(5, 0, -1) if scale == "csat5" else range(10, -1, -1)
    def sentiment(v):
        if scale == "csat5":
            return "positive" if v >= 4 else "neutral" if v == 3 else "negative"
        return "positive" if v >= 9 else "neutral" if v >= 7 else "negative"
    return [(str(v), v, sentiment(v)) for v in values]


COLORS = {"positive": "#2E7D46", "neutral": "#A15C00", "negative": "#C53030"}


def main():
    templates, csv_path, scale, locale, engine, limit = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])
    files, words, labels = load(templates, locale, scale)
    static_links = []
    for code, value, sentiment in ratings(scale):
        entry = {"code": code, "value": str(value), "sentiment": sentiment, "color": COLORS[sentiment], "label": labels.get(code, code)}
        if scale == "smiley":
            entry["width"] = "96"
            entry["image"] = f"cid:smiley-{code}@smiley"
        elif scale == "csat5":
            entry["width"] = "64"
            entry["caption"] = entry["label"]
        else:
            entry["width"] = "36"
        static_links.append(entry)
    parts = ["subject.txt", "preheader.txt", scale + ".html", scale + ".txt"]

    if engine == "pystache":
        import pystache
        partials = files  # pystache takes partials as text (it parses them when it includes them)
        html_renderer = pystache.Renderer(partials=partials, missing_tags="ignore")
        text_renderer = pystache.Renderer(partials=partials, missing_tags="ignore", escape=lambda u: u)
        parsed = {name: pystache.parse(files[name]) for name in parts}
        def render(name, data):
            renderer = html_renderer if name.endswith(".html") else text_renderer
            return renderer.render(parsed[name], data)
    else:
        import chevron
        def render(name, data):
            return chevron.render(files[name], data, partials_dict=files)

    started = time.perf_counter()
    count = 0
    total = 0
    with open(csv_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if count >= limit:
                break
            t = token(row["email"], row["ticket_id"])
            links = []
            for entry in static_links:
                link = dict(entry)
                link["url"] = f"{BASE_URL}/r/{t}/{entry['code']}"
                links.append(link)
            name = row["name"].strip()
            recipient = {"email": row["email"]}
            if name:
                recipient["name"] = name
                recipient["first_name"] = name.split(" ")[0]
            if row["company"]:
                recipient["company"] = row["company"]
            ticket = {}
            if row["ticket_id"]:
                ticket["id"] = row["ticket_id"]
            if row["ticket_subject"]:
                ticket["subject"] = row["ticket_subject"]
            data = {
                "t": words, "locale": locale, "variant": "survey", "is_reminder": False,
                "survey": {"id": SURVEY_ID, "scale": scale}, "sender": {"name": "Acme Support", "email": "support@acme.example"},
                "recipient": recipient, "ticket": ticket, "links": links, "custom": {"plan": row["plan"]},
                "unsubscribe_url": f"{BASE_URL}/u/{t}", "reply_address": f"feedback+{t}@{REPLY_DOMAIN}",
            }
            if row["agent"]:
                data["agent"] = row["agent"]
            for part in parts:
                total += len(render(part, data))
            count += 1
    seconds = time.perf_counter() - started
    print(f"{engine} {count} {seconds:.3f} {count / seconds:.1f} {total}")


if __name__ == "__main__":
    main()
