#!/usr/bin/env bash
# The web side's benchmark (not a test): `smiley serve` answering rating links, against Hummingbird's hello world
# on the same machine in the same run. Writes only into bench/serve/results/ (and a temporary folder it removes).
#
#   bench/serve/run.sh [RECIPIENTS=10000] [SECONDS=10]
#
# A temporary installation (`smiley init`, https links) sends a survey to RECIPIENTS people into its outbox; the
# rating tokens are read back from the messages. Then wrk (Debian's) requests GET /r/TOKEN/RATING with distinct
# valid tokens (clicks.lua cycles through them, a browser's User-Agent, so every request stores a click: the
# record is appended to the record log and fdatasync'ed, a group commit, before the response), at 2 and at 64
# connections, and the same
# wrk requests GET / of a minimal Hummingbird hello world built here (hello/), and — at 64 connections — the
# same clicks of hello/'s /r/ route, which answers with the page smiley serve gave (same parameters, header fields
# and bytes) but verifies, stores and renders nothing: the HTTP server's ceiling for this answer. Printed:
# requests/s, p50/p99 latency, the ratios, and the records stored (every 200 must be one record or a same-second
# duplicate).
# Targets on a 2-core machine: >= 0.5x hello world's throughput, p99 <= 20 ms at 64 connections.
#
# Environment: SKIP_BUILD=1 uses the existing release build (RELEASE_DIR=path/to/release for another scratch
# folder's); THREADS (wrk threads, default 2); PROFILE=1 records the server's CPU with `perf record -g` during the
# 64-connection run into results/perf-STAMP.data (`perf report -i` it; the figures of such a run are not quoted).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
recipients=${1:-10000}
seconds=${2:-10}
threads=${THREADS:-2}
here=$root/bench/serve
results=$here/results
python=/usr/bin/python3
command -v wrk >/dev/null || { echo "error: wrk is needed (apt-get install wrk)" >&2; exit 1; }
mkdir -p "$results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
summary=$results/summary-$stamp.txt
say() { printf '%s\n' "$*" | tee -a "$summary"; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "== swift build -c release (smiley, smiley-server, hello)" >&2
    "$root/scripts/build-release" --product smiley >&2
    "$root/scripts/build-release" --product smiley-server >&2
    (cd "$here/hello" && swift build -c release --static-swift-stdlib >&2)
fi
release=${RELEASE_DIR:-$root/.build/release}  # RELEASE_DIR: another build's release folder (with SKIP_BUILD=1)
hello=$here/hello/.build/release/hello
for binary in "$release/smiley" "$release/smiley-server" "$hello"; do
    [ -x "$binary" ] || { echo "error: $binary missing; build it (without SKIP_BUILD=1)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/smiley-serve-bench.XXXXXX")
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() {
    for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$1$2" -o /dev/null 2>/dev/null && return 0; sleep 0.1; done
    echo "error: nothing answers on port $1" >&2; exit 1
}

echo "== installation, $recipients recipients, send to outbox" >&2
export SMILEY_TEMPLATES=$root/templates
port=$(free_port)
"$release/smiley" init --directory "$work/inst" --reply-domain reply.example.com > /dev/null
config=$work/inst/smiley.json
"$python" - "$config" "$port" <<'PY'
import json, sys
path, port = sys.argv[1], int(sys.argv[2])
config = json.load(open(path))
config["baseURL"] = f"http://127.0.0.1:{port}"
config["surveys"][0]["links"] = "https"
config["server"] = {"port": port}
json.dump(config, open(path, "w"), indent=2)
PY
"$python" "$root/bench/ingest/prepare.py" recipients "$work/recipients.csv" "$recipients"
"$release/smiley" send --config "$config" --survey support --recipients "$work/recipients.csv" > "$work/send.log" 2>&1
"$python" - "$work/inst/outbox" "$work/tokens.txt" <<'PY'
import email, email.policy, glob, re, sys
tokens = set()
for path in glob.glob(sys.argv[1] + "/*.eml"):
    message = email.message_from_binary_file(open(path, "rb"), policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            tokens.update(re.findall(r"/r/([A-Za-z0-9_-]{40})/", part.get_content()))
open(sys.argv[2], "w").write("\n".join(sorted(tokens)) + "\n")
print(f"{len(tokens)} tokens", file=sys.stderr)
PY
export TOKENS=$work/tokens.txt
export WRK_THREADS=$threads  # clicks.lua splits the tokens between the threads

# wrk's summary → "requests_per_second p50_ms p99_ms non2xx requests"
measure() {
    local output
    output=$(wrk -t"$threads" -c"$1" -d"${seconds}s" --latency "${@:2}")
    printf '%s\n' "$output" >> "$results/wrk-$stamp.txt"
    printf '%s\n' "$output" | "$python" -c '
import re, sys
text = sys.stdin.read()
def ms(label):
    m = re.search(r"^\s*" + str(label) + r"%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
total = int(re.search(r"(\d+) requests in", text).group(1))
print(f"{rps:.0f} {ms(50):.2f} {ms(99):.2f} {bad.group(1) if bad else 0} {total}")'
}

say "bench/serve $stamp: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${seconds}s per run, wrk -t$threads"
declare -A smiley_rps smiley_p50 smiley_p99 hello_rps hello_p50 hello_p99
"$release/smiley-server" --config "$config" --log-level warning > "$work/server.log" 2>&1 &
server_pid=$!
wait_for "$port" /healthz
answered=0
for connections in 2 64; do
    profiler=
    if [ "${PROFILE:-0}" = 1 ] && [ "$connections" = 64 ]; then
        perf record -F 499 -g -p "$server_pid" -o "$results/perf-$stamp.data" -- sleep "$seconds" > "$work/perf.log" 2>&1 &
        profiler=$!
    fi
    # Each run starts on another rating (64 % 3 = 1, 2 % 3 = 2): its first clicks are not the last run's.
    read -r rps p50 p99 bad total < <(WRK_ROUND=$connections measure "$connections" -s "$here/clicks.lua" "http://127.0.0.1:$port")
    if [ -n "$profiler" ]; then wait "$profiler" || cat "$work/perf.log" >&2; fi
    answered=$((answered + total - bad))
    smiley_rps[$connections]=$rps; smiley_p50[$connections]=$p50; smiley_p99[$connections]=$p99
    say "smiley serve  GET /r/TOKEN/RATING  c=$connections: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $bad"
done
# One thank-you page as a browser gets it, for hello world's same-page route below.
curl -fsS -A "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0" -H "Accept-Language: en" \
    "http://127.0.0.1:$port/r/$(head -1 "$TOKENS")/positive" -o "$work/page.html"
kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=
stored=$(( $(find "$work/inst/data/records" -name '*.json' | wc -l) + $(cat "$work"/inst/data/records/log/*.jsonl 2>/dev/null | wc -l) ))
say "records stored durably: $stored for $answered answered clicks (fewer only by same-second duplicates)"

hello_port=$(free_port)
"$hello" "$hello_port" "$work/page.html" > "$work/hello.log" 2>&1 &
server_pid=$!
wait_for "$hello_port" /
for connections in 2 64; do
    read -r rps p50 p99 bad _ < <(measure "$connections" "http://127.0.0.1:$hello_port/")
    hello_rps[$connections]=$rps; hello_p50[$connections]=$p50; hello_p99[$connections]=$p99
    say "hello world   GET /                c=$connections: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $bad"
done
# The same answer as a click's, without the click (hello/'s /r/ route: same parameters, header fields and page).
read -r page_rps page_p50 page_p99 bad _ < <(measure 64 -s "$here/clicks.lua" "http://127.0.0.1:$hello_port")
say "hello, same page GET /r/TOKEN/RATING c=64: $page_rps req/s, p50 $page_p50 ms, p99 $page_p99 ms, non-2xx $bad"
kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=

for connections in 2 64; do
    ratio=$("$python" -c "print(f'{${smiley_rps[$connections]} / ${hello_rps[$connections]}:.2f}')")
    say "ratio c=$connections: ${ratio}x hello world's throughput (target >= 0.5x); smiley p99 ${smiley_p99[$connections]} ms (target at c=64: <= 20 ms)"
done
ceiling=$("$python" -c "print(f'{$page_rps / ${hello_rps[64]}:.2f} {${smiley_rps[64]} / $page_rps:.2f}')")
say "the same page without the click: ${ceiling% *}x hello world's throughput at c=64 (the HTTP server's ceiling for this answer); smiley serve ${ceiling#* }x of it"
echo "summary: $summary" >&2
