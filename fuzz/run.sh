#!/usr/bin/env bash
# Builds the SmileyMIME libFuzzer harness and runs it.
# Usage: fuzz/run.sh [SECONDS] [extra libFuzzer flags…]
# Seeds: every message of the shared corpus ($SMILEY_SHARED/corpus, default ../shared/corpus beside the package).
# Crashes are written to fuzz/artifacts/; fuzz/scratch/ holds the build, seeds and generated inputs (both git-ignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
shift || true
shared="${SMILEY_SHARED:-$root/../shared}"
corpus="$shared/corpus"
if [ ! -d "$corpus" ]; then
  echo "error: corpus not found at $corpus; set SMILEY_SHARED to the folder holding corpus/" >&2
  exit 1
fi
work="$root/fuzz/scratch"
mkdir -p "$work/seeds" "$work/generated" "$root/fuzz/artifacts"
# Seed folder: the corpus messages (copied into the git-ignored work folder, never into the repo).
if [ -z "$(ls -A "$work/seeds")" ]; then
  find "$corpus" -type f ! -path '*/expected/*' ! -name '*.txt' ! -name '*.md' ! -name 'LICENSE*' -size -2M \
    -exec cp {} "$work/seeds/" \; 2>/dev/null || true
  find "$corpus" -type f -path '*/messages/*.txt' -exec cp {} "$work/seeds/" \; 2>/dev/null || true
fi
binary="$work/fuzz-mime"
echo "building $binary" >&2
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
  -module-name SmileyMIMEFuzz -package-name smiley \
  "$root/fuzz/FuzzMIME.swift" "$root"/Sources/SmileyMIME/*.swift \
  -o "$binary"
echo "running for $seconds s with $(ls "$work/seeds" | wc -l) seeds" >&2
exec "$binary" "$work/generated" "$work/seeds" \
  -max_total_time="$seconds" -max_len=262144 -timeout=10 -rss_limit_mb=4096 \
  -artifact_prefix="$root/fuzz/artifacts/" -print_final_stats=1 "$@"
