"""Python side of the in-process ingest benchmark (see run.sh): the same corpus messages, repeated to TARGET.

    bench.py ORACLE_PY CORPUS_DIR TARGET MODE

MODE `oracle`: the shared oracle's full extraction (`parse_message`: email with policy=default, decoded headers
and addresses, date, plain body else HTML converted to text, attachments, defects), then email_reply_parser on
the text — the oracle's own reference path.
MODE `lean`: only what a reply ingest needs, so the comparison cannot flatter Smiley: email with
policy=default, From/To/Subject/Message-ID/In-Reply-To, the plain body else the HTML body through the oracle's
HTML-to-text, then email_reply_parser. Exceptions on one message are counted, not fatal (as in the oracle).
Prints one JSON line (wall and CPU seconds).
"""
import email
import email.policy
import importlib.util
import json
import os
import sys
import time

from email_reply_parser import EmailReplyParser

oracle_path, corpus, target, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
spec = importlib.util.spec_from_file_location("oracle", oracle_path)
oracle = importlib.util.module_from_spec(spec)
spec.loader.exec_module(oracle)

expected = os.path.join(corpus, "expected")
messages = []
for name in sorted(os.listdir(expected)):
    if name.endswith(".jsonl"):
        with open(os.path.join(expected, name), encoding="utf-8") as handle:
            for line in handle:
                with open(os.path.join(corpus, json.loads(line)["file"]), "rb") as message:
                    messages.append(message.read())

failures = 0
reply_bytes = 0


def full(raw: bytes) -> None:
    global reply_bytes
    text = oracle.parse_message(raw)["text"]
    if text is not None:
        reply_bytes += len(EmailReplyParser.parse_reply(text).encode("utf-8", "surrogatepass"))


def lean(raw: bytes) -> None:
    global reply_bytes
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for name in ("from", "to", "subject", "message-id", "in-reply-to"):
        str(msg[name] or "")
    body = msg.get_body(preferencelist=("plain",))
    if body is not None:
        text = body.get_content()
    else:
        body = msg.get_body(preferencelist=("html",))
        text = oracle.html_to_text(body.get_content()) if body is not None else None
    if text is not None:
        reply_bytes += len(EmailReplyParser.parse_reply(text).encode("utf-8", "surrogatepass"))


work = {"oracle": full, "lean": lean}[mode]


def run(raw: bytes) -> None:
    global failures
    try:
        work(raw)
    except Exception:
        failures += 1


for raw in messages:
    run(raw)  # warm-up pass, not timed
failures = reply_bytes = 0
done = total = 0
start, cpu_start = time.perf_counter(), time.process_time()
while done < target:
    for raw in messages:
        if done >= target:
            break
        run(raw)
        done += 1
        total += len(raw)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
print(json.dumps({"impl": "python-" + mode, "python": sys.version.split()[0], "distinct": len(messages), "messages": done,
                  "bytes": total, "seconds": seconds, "messages_per_second": done / seconds,
                  "cpu_seconds": cpu, "messages_per_cpu_second": done / cpu, "failures": failures,
                  "reply_utf8_bytes": reply_bytes}))
