#!/usr/bin/env bash
# The inbound webhook benchmark (not a test): `smiley serve`'s POST /hooks/raw (message/rfc822 with
# Smiley-Signature, signed ahead by sign.py), /hooks/postmark (RawEmail) and /hooks/sendgrid (Inbound Parse, parsed
# mode) with ~20 KB replies, records durable before each answer, 16 connections with wrk;
# and in the same run the same messages through one in-process ingest (main.swift, `IngestWorkflow.run`), the
# reference. Target: each route at >= 0.5x the in-process rate. Writes only into bench/webhooks/results/ (and a
# temporary folder it removes).
#
#   bench/webhooks/run.sh [REPLIES=500] [SECONDS=10]
#
# A temporary installation (`smiley init`) sends a survey to REPLIES people into its outbox; each survey becomes
# the customer's reply to its feedback+TOKEN.positive@ address (bench/ingest/prepare.py), padded to about 20 KB of
# quoted history and written as the three bodies (payloads.py). Every request and every reference message gets a
# Message-ID no other has, so each is a new record (wrk's script and main.swift put a fresh number in it).
# Environment: SKIP_BUILD=1 uses the existing release build (RELEASE_DIR=path/to/release for another scratch
# folder's); KEEP=1 keeps the temporary folder.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
replies=${1:-500}
seconds=${2:-10}
here=$root/bench/webhooks
results=$here/results
python=/usr/bin/python3
command -v wrk >/dev/null || { echo "error: wrk is needed (apt-get install wrk)" >&2; exit 1; }
mkdir -p "$results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
summary=$results/summary-$stamp.txt
say() { printf '%s\n' "$*" | tee -a "$summary"; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    "$root/scripts/build-release" --product smiley >&2
    "$root/scripts/build-release" --product smiley-server >&2
fi
release=${RELEASE_DIR:-$root/.build/release}
for binary in "$release/smiley" "$release/smiley-server"; do
    [ -x "$binary" ] || { echo "error: $binary missing; build it (without SKIP_BUILD=1)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/smiley-webhook-bench.XXXXXX")
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

echo "== installation, $replies replies" >&2
export SMILEY_TEMPLATES=$root/templates
"$release/smiley" init --directory "$work/inst" --reply-domain reply.example.com > /dev/null
printf 'bench-secret\n' > "$work/inst/hook.password"
chmod 600 "$work/inst/hook.password"
"$python" - "$work/inst/smiley.json" "$port" <<'PY'
import json, sys
path, port = sys.argv[1], int(sys.argv[2])
config = json.load(open(path))
auth = {"username": "bench", "passwordFile": "hook.password"}
config["server"] = {"port": port, "webhooks": {"raw": True, "postmark": auth, "sendgrid": auth}}
json.dump(config, open(path, "w"), indent=2)
PY
"$python" "$root/bench/ingest/prepare.py" recipients "$work/recipients.csv" "$replies"
"$release/smiley" send --config "$work/inst/smiley.json" --survey support --recipients "$work/recipients.csv" \
    > "$work/send.log" 2>&1
"$python" "$root/bench/ingest/prepare.py" replies "$work/inst/outbox" "$work/replies"
"$python" "$here/payloads.py" "$work/replies" "$work/bodies"
count=$(ls "$work/bodies/messages" | wc -l)
cp -r "$work/inst" "$work/ref"

echo "== compiling main.swift against the release objects" >&2
objects=()
for build in "$release"/*.build; do
    case $(basename "$build" .build) in
    smiley | smiley_server | smiley-server | SmileyServer | NIO* | CNIO* | _NIO* | Hummingbird* | ArgumentParser* | \
        Generate* | ServiceLifecycle | UnixSignals | Metrics* | Prometheus | CoreMetrics | HTTPTypes* | Tracing* | \
        Instrumentation | ServiceContext* | *Tool | *Plugin*) continue ;;
    esac
    while IFS= read -r object; do objects+=("$object"); done < <(find "$build" -name '*.o')
done
swiftc -O -static-stdlib -o "$work/webhook-reference" "$here/main.swift" -I "$release/Modules" \
    -I "$root/Sources/CLibXML2" -I "$root/Sources/CZlib" -I "$root/Sources/CCurl" -Xcc -I/usr/include/libxml2 \
    "${objects[@]}" -lstdc++ >&2

say "bench/webhooks $stamp: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $count distinct replies of ~$(( $(cat "$work"/bodies/messages/*.eml | wc -c) / count / 1024 )) KB, ${seconds}s per route, wrk -t2 -c16"
read -r ref_count ref_seconds ref_rate ref_stored < <("$work/webhook-reference" "$work/ref/smiley.json" "$work/bodies/messages" 3000)
say "in-process ingest (reference): $ref_count messages in $ref_seconds s: $ref_rate/s, $ref_stored stored as feedback"

"$release/smiley-server" --config "$work/inst/smiley.json" --log-level warning > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/healthz" -o /dev/null 2>/dev/null && break; sleep 0.1; done
export AUTHORIZATION="Basic $(printf 'bench:bench-secret' | base64)"
read -r key_id key_hex < <("$release/smiley" webhook key --config "$work/inst/smiley.json" | sed 's/k=\([0-9]*\) key=\([0-9a-f]*\)/\1 \2/')
for route in raw postmark sendgrid; do
    export SIGNATURES=
    case $route in
    raw)
        export CONTENT_TYPE=message/rfc822 BODIES=$work/bodies/messages
        mkdir -p "$work/signatures"
        # 30,000 per wrk thread: more than a 10 s run sends (a run that used them all would show 409s).
        "$python" "$here/sign.py" "$key_id" "$key_hex" "$BODIES" raw 2 30000 "$work/signatures"
        export SIGNATURES=$work/signatures
        ;;
    postmark) export CONTENT_TYPE=application/json BODIES=$work/bodies/postmark ;;
    sendgrid) export CONTENT_TYPE="multipart/form-data; boundary=xYzZY" BODIES=$work/bodies/sendgrid ;;
    esac
    export ROUTE=/hooks/$route PREFIX=$route
    output=$(wrk -t2 -c16 -d"${seconds}s" --latency -s "$here/posts.lua" "http://127.0.0.1:$port")
    printf '%s\n' "$output" >> "$results/wrk-$stamp.txt"
    read -r rps p50 p99 bad < <(printf '%s\n' "$output" | "$python" -c '
import re, sys
text = sys.stdin.read()
def ms(label):
    m = re.search(r"^\s*" + str(label) + r"%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.0f} {ms(50):.2f} {ms(99):.2f} {bad.group(1) if bad else 0}")')
    ratio=$("$python" -c "print(f'{$rps / $ref_rate:.2f}')")
    say "POST /hooks/$route c=16: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $bad: ${ratio}x the in-process rate (target >= 0.5x)"
done
say "the server's count: $(curl -fsS "http://127.0.0.1:$port/metrics" | grep '^smiley_webhooks_total' | tr '\n' ' ')"
kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=
stored=$(find "$work/inst/data/records" -name '*.json' | wc -l)
quarantined=$( (find "$work/inst/data/quarantine" -name '*.eml' 2>/dev/null || true) | wc -l)
say "records stored by the routes: $stored; quarantined: $quarantined"
echo "summary: $summary" >&2
