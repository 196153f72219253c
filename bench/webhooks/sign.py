"""Signatures for bench/webhooks' POST /hooks/raw (see run.sh): the raw route checks Smiley-Signature
(t=UNIX-TIME,k=KEY-ID,v1=HEX, HMAC-SHA256 of "UNIX-TIME." + body under the key `smiley webhook key` prints) and
refuses a replayed signature, so every request needs its own. HMAC-SHA256 over 20 KB is too slow in wrk's Lua;
this signs ahead, in wrk's own order, the bodies posts.lua will send.

    sign.py KEY-ID KEY-HEX BODIES_DIR PREFIX THREADS COUNT OUT_DIR

For wrk thread i (0-based) and its k-th request (1-based), posts.lua sends body number (i * 10000000 + k) modulo
the number of bodies, with "@@N@@" replaced by PREFIX and that number; OUT_DIR/signatures-i holds one line per
request: "Smiley-Signature" value. Signed with the current time: the run must start within the freshness window.
"""
import hashlib
import hmac
import sys
import time


def main(key_id: str, key_hex: str, folder: str, prefix: str, threads: int, count: int, out: str) -> None:
    key = bytes.fromhex(key_hex)
    names = [line.strip() for line in open(f"{folder}/index") if line.strip()]
    bodies = [open(f"{folder}/{name}", "rb").read() for name in names]
    now = str(int(time.time()))
    for thread in range(threads):
        with open(f"{out}/signatures-{thread}", "w") as sink:
            for k in range(1, count + 1):
                counter = thread * 10000000 + k
                body = bodies[counter % len(bodies)].replace(b"@@N@@", (prefix + str(counter)).encode(), 1)
                mac = hmac.new(key, now.encode() + b"." + body, hashlib.sha256).hexdigest()
                sink.write(f"t={now},k={key_id},v1={mac}\n")


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], a[1], a[2], a[3], int(a[4]), int(a[5]), a[6])
