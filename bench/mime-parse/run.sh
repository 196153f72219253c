#!/usr/bin/env bash
# Parse benchmark: SmileyMIME (compiled -O from Sources/SmileyMIME) against Python's email package
# (policy=default) on the same corpus messages, repeated to at least N messages, in the same run.
# Usage: bench/mime-parse/run.sh [N=10000]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
count="${1:-10000}"
shared="${SMILEY_SHARED:-$root/../shared}"
corpus="$shared/corpus"
if [ ! -d "$corpus/expected" ]; then
  echo "error: corpus not found at $corpus; set SMILEY_SHARED to the folder holding corpus/" >&2
  exit 1
fi
python="python3"
[ -x /usr/bin/python3 ] && python=/usr/bin/python3
build="$root/.build/mime-bench"
mkdir -p "$build"
echo "building (swiftc -O)…" >&2
swiftc -O -wmo -module-name MIMEBench -package-name smiley \
  "$root/bench/mime-parse/main.swift" "$root"/Sources/SmileyMIME/*.swift -o "$build/mime-bench"
swift_line="$("$build/mime-bench" "$corpus" "$count")"
python_line="$("$python" "$root/bench/mime-parse/bench.py" "$corpus" "$count")"
echo "$swift_line"
echo "$python_line"
"$python" - "$swift_line" "$python_line" <<'PY'
import json, sys
s, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"SmileyMIME:   {s['messages']} messages ({s['distinct']} distinct, {s['bytes']/1e6:.1f} MB) in {s['seconds']:.2f} s = {s['messages_per_second']:.0f} msg/s")
print(f"Python email: {p['messages']} messages in {p['seconds']:.2f} s = {p['messages_per_second']:.0f} msg/s (Python {p['python']})")
print(f"ratio: SmileyMIME is {s['messages_per_second']/p['messages_per_second']:.1f}x Python's email (policy=default)")
PY
