#!/usr/bin/env bash
# Builds a libFuzzer harness and runs it.
# Usage: [FUZZ=mime|inbound] fuzz/run.sh [SECONDS] [extra libFuzzer flags…]
#   mime (default): FuzzMIME.swift over SmileyMIME alone: parse, compose what was read, parse again.
#   inbound: FuzzInbound.swift, everything `smiley ingest` does between the bytes and the record (SmileyMIME,
#   SmileyHTML and SmileyInbound instrumented; SmileyCore and swift-crypto linked from the release build, which
#   is made first when missing).
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
mkdir -p "$work/seeds" "$root/fuzz/artifacts"
# Seed folder: the corpus messages (copied into the git-ignored work folder, never into the repo).
if [ -z "$(ls -A "$work/seeds")" ]; then
  find "$corpus" -type f ! -path '*/expected/*' ! -name '*.txt' ! -name '*.md' ! -name 'LICENSE*' -size -2M \
    -exec cp {} "$work/seeds/" \; 2>/dev/null || true
  find "$corpus" -type f -path '*/messages/*.txt' -exec cp {} "$work/seeds/" \; 2>/dev/null || true
fi
target="${FUZZ:-mime}"
flags=(-parse-as-library -O -g -sanitize=fuzzer,address -package-name smiley)
case "$target" in
mime)
  binary="$work/fuzz-mime"
  echo "building $binary" >&2
  swiftc "${flags[@]}" -module-name SmileyMIMEFuzz "$root/fuzz/FuzzMIME.swift" "$root"/Sources/SmileyMIME/*.swift -o "$binary"
  ;;
inbound)
  binary="$work/fuzz-inbound"
  release="$root/.build/release"
  if [ ! -d "$release/SmileyCore.build" ]; then
    (cd "$root" && swift build -c release --static-swift-stdlib --product smiley >&2)
  fi
  modules="$work/modules"
  mkdir -p "$modules"
  features=(-enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility
            -enable-upcoming-feature InternalImportsByDefault)
  includes=(-I "$modules" -I "$release/Modules" -I "$root/Sources/CLibXML2" -Xcc -I/usr/include/libxml2)
  for module in SmileyMIME SmileyHTML SmileyInbound; do
    echo "building $module (instrumented)" >&2
    swiftc "${flags[@]}" "${features[@]}" "${includes[@]}" -wmo -module-name "$module" \
      -emit-module -emit-module-path "$modules/$module.swiftmodule" \
      -c "$root/Sources/$module"/*.swift -o "$work/$module.o"
  done
  linked=()
  for module in SmileyCore Crypto CryptoBoringWrapper CCryptoBoringSSL CCryptoBoringSSLShims CXKCP CXKCPShims; do
    [ -d "$release/$module.build" ] || continue
    while IFS= read -r object; do linked+=("$object"); done < <(find "$release/$module.build" -name '*.o')
  done
  echo "building $binary" >&2
  swiftc "${flags[@]}" "${includes[@]}" -module-name SmileyInboundFuzz "$root/fuzz/FuzzInbound.swift" \
    "$work"/SmileyMIME.o "$work"/SmileyHTML.o "$work"/SmileyInbound.o "${linked[@]}" -lxml2 -lstdc++ -o "$binary"
  ;;
*)
  echo "error: FUZZ must be mime or inbound, not '$target'" >&2
  exit 64
  ;;
esac
echo "running for $seconds s with $(ls "$work/seeds" | wc -l) seeds" >&2
mkdir -p "$work/generated-$target"
exec "$binary" "$work/generated-$target" "$work/seeds" \
  -max_total_time="$seconds" -max_len=262144 -timeout=10 -rss_limit_mb=4096 \
  -artifact_prefix="$root/fuzz/artifacts/" -print_final_stats=1 "$@"
