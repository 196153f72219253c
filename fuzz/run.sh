#!/usr/bin/env bash
# Builds a libFuzzer harness and runs it.
# Usage: FUZZ=mime|inbound|reply|webhook fuzz/run.sh [SECONDS] [extra libFuzzer flags…]
#        fuzz/run.sh --typecheck   (every harness against the debug build, without building a fuzzer)
#        FUZZ=mime|inbound|reply|webhook fuzz/run.sh --merge [extra libFuzzer flags…]
#   mime (default): FuzzMIME.swift over SmileyMIME alone: parse, compose what was read, parse again.
#   inbound: FuzzInbound.swift, everything `smiley ingest` does between the bytes and the record (SmileyMIME,
#   SmileyHTML and SmileyInbound instrumented; SmileyCore and swift-crypto linked from the release build, which
#   is made first when missing or older than Sources/SmileyCore).
#   reply: FuzzReply.swift, a bare reply body as `smiley inspect --body` reads it (built like inbound).
#   webhook: FuzzWebhook.swift, a mail provider's webhook request as `smiley webhook` and the routes read it
#   (built like inbound; seeds: the shared payloads).
# Inputs: fuzz/corpus/<harness>/ (committed, minimized: only inputs that add coverage beyond the shared seeds)
# and the shared seeds: every message of the shared corpus for mime and inbound ($SMILEY_SHARED/corpus, default
# ../shared/corpus beside the package), every reply case for reply ($SMILEY_SHARED/replies/cases), copied at
# run time into the git-ignored fuzz/scratch/seeds-<harness> (never into the repository). New inputs go to
# fuzz/scratch/generated-<harness>/, crashes to fuzz/artifacts/ (both git-ignored). The last line printed is
# the run's executions and executions per second.
# Defaults (override by passing the flag again): -max_len=16384 (97 % of the shared messages fit whole; larger
# ones are read truncated), -timeout=5, -rss_limit_mb=4096. ASAN_OPTIONS defaults to malloc_context_size=4
# (allocation stacks of 4 frames instead of 30: unwinding each allocation was a fifth of the run time); set
# ASAN_OPTIONS=malloc_context_size=30 to reproduce a crash from fuzz/artifacts/ with full stacks.
# Refreshing the committed corpus (after a campaign): `FUZZ=mime fuzz/run.sh --merge` (and inbound, reply)
# merges fuzz/corpus/<harness>/ and fuzz/scratch/generated-<harness>/ with libFuzzer -merge=1 on top of the
# shared seeds, keeps only the inputs that add coverage beyond those seeds, drops any input byte-identical to a
# file under $SMILEY_SHARED, and replaces fuzz/corpus/<harness>/ with the result; then commit that folder.
# The merge then empties fuzz/scratch/generated-<harness>/: what it held adds no edge beyond the seeds and the
# committed corpus, and a run re-executes every input of the folders it is given before it mutates anything
# (17,000 inputs after a campaign made a 60-second run little more than that start-up).
# FUZZ_PREBUILT=1 skips the build and uses fuzz/scratch/fuzz-<harness> as it is (a merge right after the
# campaign that built it: the build links SmileyCore's release objects, remade whenever SmileyCore changed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# `fuzz/run.sh --typecheck`: type-check every harness against the debug build's modules (`swift build` first), in
# seconds, without instrumenting or running anything; scripts/test runs it so that a harness that no longer
# compiles (an enum grew a case, an API changed) fails the tests instead of the next fuzzing campaign.
if [ "${1:-}" = "--typecheck" ]; then
  modules="$root/.build/debug/Modules"
  [ -d "$modules" ] || { echo "error: $modules is missing; run swift build first" >&2; exit 1; }
  package_name="$(basename "$root" | tr '[:upper:]' '[:lower:]')"
  check=(swiftc -typecheck -parse-as-library -package-name "$package_name" -I "$modules" -Xcc -I/usr/include/libxml2)
  for map in "$root"/Sources/C*/module.modulemap; do check+=(-Xcc "-fmodule-map-file=$map"); done
  "${check[@]}" -module-name SmileyMIMEFuzz "$root/fuzz/FuzzMIME.swift" "$root"/Sources/SmileyMIME/*.swift
  for harness in Inbound Reply Webhook; do "${check[@]}" -module-name SmileyInboundFuzz "$root/fuzz/Fuzz$harness.swift"; done
  echo "fuzz harnesses type-check: mime, inbound, reply, webhook"
  exit 0
fi
merge=false
if [ "${1:-}" = "--merge" ]; then
  merge=true
  shift
  seconds=0
else
  seconds="${1:-60}"
  shift || true
fi
shared="${SMILEY_SHARED:-$root/../shared}"
target="${FUZZ:-mime}"
case "$target" in
mime | inbound) source="$shared/corpus" ;;
reply) source="$shared/replies/cases" ;;
webhook) source="$shared/payloads" ;;
*)
  echo "error: FUZZ must be mime, inbound, reply or webhook, not '$target'" >&2
  exit 64
  ;;
esac
if [ ! -d "$source" ]; then
  echo "error: shared seeds not found at $source; set SMILEY_SHARED to the folder holding corpus/ and replies/" >&2
  exit 1
fi
work="$root/fuzz/scratch"
committed="$root/fuzz/corpus/$target"
seeds="$work/seeds-$target"
mkdir -p "$work" "$committed" "$root/fuzz/artifacts"
# Seed folder: the shared messages, named after their path (several corpus folders hold a 000.eml), copied
# afresh each run into the git-ignored work folder, never into the repository. Licences, sources and expected
# results are not seeds.
rm -rf "$seeds"
mkdir -p "$seeds"
while IFS= read -r -d '' file; do
  relative="${file#"$source"/}"
  cp "$file" "$seeds/${relative//\//_}"
done < <(find "$source" -type f \( -path '*/messages/*.txt' -o -path '*/cases/*.txt' -o \( ! -path '*/expected/*' \
  ! -name '*.txt' ! -name '*.md' ! -name 'LICENSE*' \) \) -size -2M -print0)
chmod -R u+w "$seeds"

# Build in the work folder: swiftc -wmo leaves module files in the current folder.
cd "$work"
# -wmo: one module as the release build compiles it. Without it each file is optimized alone and the generic
# byte readers (QuotedPrintable.decode over a Collection, …) stay unspecialized: every byte read went through a
# witness table and a coroutine that allocates, which made the mime harness 3× slower.
# -package-name: the one SwiftPM gave the release build's modules (a root package's identity is its folder's name,
# lowercased), so `package` declarations of SmileyCore are visible to the modules built here.
package_name="$(basename "$root" | tr '[:upper:]' '[:lower:]')"
flags=(-parse-as-library -O -wmo -g -sanitize=fuzzer,address -package-name "$package_name")
if [ "${FUZZ_PREBUILT:-}" = 1 ]; then
  binary="$work/fuzz-$target"
  [ -x "$binary" ] || {
    echo "error: FUZZ_PREBUILT=1 but $binary is not built; run without it once" >&2
    exit 1
  }
  echo "using the existing $binary (FUZZ_PREBUILT=1)" >&2
  build_target=none
else
  build_target="$target"
fi
case "$build_target" in
none) ;;
mime)
  binary="$work/fuzz-mime"
  echo "building $binary" >&2
  swiftc "${flags[@]}" -module-name SmileyMIMEFuzz "$root/fuzz/FuzzMIME.swift" "$root"/Sources/SmileyMIME/*.swift \
    -o "$binary" 2> >(grep -v "warning: Cannot export local symbol" >&2)
  ;;
inbound | reply | webhook)
  binary="$work/fuzz-$target"
  harness="$root/fuzz/Fuzz$(tr '[:lower:]' '[:upper:]' <<<"${target:0:1}")${target:1}.swift"
  release="$root/.build/release"
  newest_object="$(ls -t "$release"/SmileyCore.build/*.o 2>/dev/null | head -n 1 || true)"
  if [ -z "$newest_object" ] || [ -n "$(find "$root/Sources/SmileyCore" -name '*.swift' -newer "$newest_object")" ]; then
    "$root/scripts/build-release" --product smiley >&2
  fi
  modules="$work/modules"
  mkdir -p "$modules"
  features=(-enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility
    -enable-upcoming-feature InternalImportsByDefault)
  includes=(-I "$modules" -I "$release/Modules" -I "$root/Sources/CLibXML2" -I "$root/Sources/CZlib" -Xcc -I/usr/include/libxml2)
  for module in SmileyMIME SmileyHTML SmileyInbound; do
    echo "building $module (instrumented)" >&2
    swiftc "${flags[@]}" "${features[@]}" "${includes[@]}" -module-name "$module" \
      -emit-module -emit-module-path "$modules/$module.swiftmodule" \
      -c $(find "$root/Sources/$module" -name '*.swift' | sort) -o "$work/$module.o"
  done
  linked=()
  # X509, SwiftASN1 and their crypto: SmileyInbound checks Amazon SNS signing certificates with them.
  for module in SmileyCore Crypto CryptoBoringWrapper CCryptoBoringSSL CCryptoBoringSSLShims CXKCP CXKCPShims \
    X509 SwiftASN1 _CertificateInternals _CryptoExtras CryptoExtras; do
    [ -d "$release/$module.build" ] || continue
    while IFS= read -r object; do linked+=("$object"); done < <(find "$release/$module.build" -name '*.o')
  done
  echo "building $binary" >&2
  # -static-stdlib: the release objects were compiled for the static Swift runtime (--static-swift-stdlib) and
  # ask for its libraries (CoreFoundation, _FoundationCShims…), which the shared runtime does not have.
  swiftc "${flags[@]}" "${includes[@]}" -static-stdlib -module-name SmileyInboundFuzz "$harness" \
    "$work"/SmileyMIME.o "$work"/SmileyHTML.o "$work"/SmileyInbound.o "${linked[@]}" -lxml2 -lstdc++ \
    -o "$binary" 2> >(grep -v -e "warning: Cannot export local symbol" -e "use of \`mktemp' is dangerous" >&2)
  ;;
esac
export ASAN_OPTIONS="${ASAN_OPTIONS:-malloc_context_size=4}"
# Swift's own crash backtracer would read the crashed process's memory under ASan (which reports that read and
# can hang); libFuzzer's handler prints the stack and writes the input instead.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
defaults=(-max_len=16384 -timeout=5 -rss_limit_mb=4096)

if $merge; then
  # The shared seeds go into the output folder first, so libFuzzer keeps only what adds coverage beyond them;
  # they are removed again before the result replaces the committed corpus. -use_counters=0: an input is kept
  # for a new edge, not for a new hit count of a known one (that kept 2,329 inputs, 6.1 MB, for mime instead
  # of 302 inputs, 0.3 MB, with the same edges).
  merged="$work/merged-$target"
  rm -rf "$merged"
  mkdir -p "$merged" "$work/generated-$target"
  cp "$seeds"/* "$merged/"
  "$binary" -merge=1 -use_counters=0 "${defaults[@]}" "$@" "$merged" "$committed" "$work/generated-$target" >&2
  for seed in "$seeds"/*; do rm -f "$merged/$(basename "$seed")"; done
  # No file of the shared data may end up in the repository, whatever its name.
  find "$shared" -type f -exec sha1sum {} + | cut -d' ' -f1 | sort -u >"$work/shared.sha1"
  dropped=0
  while IFS= read -r -d '' file; do
    if grep -qx "$(sha1sum "$file" | cut -d' ' -f1)" "$work/shared.sha1"; then
      rm -f "$file"
      dropped=$((dropped + 1))
    fi
  done < <(find "$merged" -type f -print0)
  rm -rf "$committed"
  mv "$merged" "$committed"
  rm -rf "$work/generated-$target"
  mkdir -p "$work/generated-$target"
  echo "fuzz/corpus/$target: $(find "$committed" -type f | wc -l) inputs, $(du -sk "$committed" | cut -f1) KB" \
    "($dropped identical to shared files dropped); commit the folder" >&2
  exit 0
fi

echo "running for $seconds s with $(find "$committed" -type f | wc -l) committed inputs and" \
  "$(find "$seeds" -type f | wc -l) shared seeds" >&2
mkdir -p "$work/generated-$target"
log="$work/last-run-$target.log"
status=0
"$binary" "$work/generated-$target" "$committed" "$seeds" "${defaults[@]}" -max_total_time="$seconds" \
  -artifact_prefix="$root/fuzz/artifacts/" -print_final_stats=1 "$@" 2>&1 | tee "$log" >&2 || status=$?
runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
echo "fuzz/run.sh: $target: ${runs:-?} executions, ${rate:-?} exec/s, exit status $status" >&2
exit "$status"
