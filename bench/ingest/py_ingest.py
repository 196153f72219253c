"""The Python per-process baseline for `smiley ingest` (see run.sh): one raw message on standard input is parsed
with `email` (policy=default), its headers and text body become a JSON record, and the record is stored durably
the way Smiley's store does it: a temporary file in records/XX/, fsync, link(2) to its final name (an existing
name is a duplicate), unlink the temporary name, fsync the directory.

    py_ingest.py DATA_DIR < message.eml
"""
import email
import email.policy
import hashlib
import json
import os
import sys

data = sys.argv[1]
raw = sys.stdin.buffer.read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
body = msg.get_body(preferencelist=("plain", "html"))
message_id = str(msg["message-id"] or "").strip()
record_id = hashlib.sha256((message_id or raw.hex()).encode()).hexdigest()[:32]
record = {
    "id": record_id,
    "from": str(msg["from"] or ""),
    "to": str(msg["to"] or ""),
    "subject": str(msg["subject"] or ""),
    "messageID": message_id,
    "inReplyTo": str(msg["in-reply-to"] or ""),
    "comment": body.get_content() if body is not None else None,
}
shard = os.path.join(data, "records", record_id[:2])
if not os.path.isdir(shard):
    os.makedirs(shard, exist_ok=True)
    for folder in (os.path.dirname(shard), shard):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        os.fsync(fd)
        os.close(fd)
final = os.path.join(shard, record_id + ".json")
temporary = os.path.join(shard, f".tmp-{record_id}-{os.getpid()}")
fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
os.write(fd, json.dumps(record, ensure_ascii=False, sort_keys=True).encode())
os.fsync(fd)
os.close(fd)
try:
    os.link(temporary, final)
    stored = True
except FileExistsError:
    stored = False
os.unlink(temporary)
if stored:
    fd = os.open(shard, os.O_RDONLY | os.O_DIRECTORY)
    os.fsync(fd)
    os.close(fd)
