"""Python reference for bench/mime-parse: the same messages, the same work, email.policy.default.

Usage: bench.py CORPUS_DIR TARGET_MESSAGES  (prints one JSON line)
"""
import email
import email.policy
import json
import os
import sys
import time

corpus, target = sys.argv[1], int(sys.argv[2])
expected = os.path.join(corpus, "expected")
messages = []
for name in sorted(os.listdir(expected)):
    if not name.endswith(".jsonl"):
        continue
    with open(os.path.join(expected, name), encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            path = os.path.join(corpus, record["file"])
            if os.path.exists(path):
                with open(path, "rb") as message:
                    messages.append(message.read())

checksum = 0


def work(raw: bytes) -> None:
    global checksum
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        checksum += len(str(msg["subject"] or ""))
    except Exception:
        pass
    try:
        checksum += len(msg["from"].addresses) if msg["from"] is not None else 0
    except Exception:
        pass
    try:
        body = msg.get_body(preferencelist=("plain",))
        checksum += len(body.get_content()) if body is not None else 0
    except Exception:
        pass
    try:
        checksum += sum(1 for _ in msg.iter_attachments())
    except Exception:
        pass


for raw in messages:
    work(raw)  # warm-up: one pass
parsed = 0
total = 0
start = time.perf_counter()
while parsed < target:
    for raw in messages:
        if parsed >= target:
            break
        work(raw)
        parsed += 1
        total += len(raw)
seconds = time.perf_counter() - start
print(json.dumps({"impl": "python-email", "python": sys.version.split()[0], "distinct": len(messages), "messages": parsed,
                  "bytes": total, "seconds": seconds, "messages_per_second": parsed / seconds, "checksum": checksum}))
