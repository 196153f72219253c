#!/usr/bin/env bash
# Render benchmark (not a test): complete personalized surveys — subject, preheader, HTML and text, each with a
# freshly signed rating token and its links — for COUNT recipients streamed from a generated CSV, through
#   1. Smiley's compiled renderer (SurveyRenderer.render),
#   2. swift-mustache run per recipient (SurveyRenderer.referenceRender), to show what compiling saves,
#   3. Python chevron and 4. Python pystache on the same templates, words and recipients (bench.py),
# then prints messages per second and the ratios. Targets: Smiley >= 5x chevron and >= 2x pystache.
#
#   bench/render/run.sh [COUNT=100000] [SCALE=smiley] [LOCALE=en]
#
# Environment: PY_LIMIT caps the recipients the Python engines render (default: all; the rate is per message).
# The Swift side is `main.swift` beside this script, compiled with `swiftc -O` against the package's release
# build (a package cannot gain an executable target for it). Python runs in bench/.venv (made on first run).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
count=${1:-100000}
scale=${2:-smiley}
locale=${3:-en}
py_limit=${PY_LIMIT:-$count}
python=/usr/bin/python3
[ -x "$python" ] || python=python3
results="$root/bench/results"
mkdir -p "$results"

csv="$results/recipients-$count.csv"
[ -f "$csv" ] || "$python" "$root/bench/render/make-recipients.py" "$csv" "$count"

echo "== building the Swift side (release)" >&2
"$root/scripts/build-release" --target SmileyTemplates >&2
release="$root/.build/release"
objects=()
for target in SmileyTemplates SmileyCore SmileyMIME SmileyHTML Mustache Crypto CryptoBoringWrapper \
              CCryptoBoringSSL CCryptoBoringSSLShims CXKCP CXKCPShims; do
    [ -d "$release/$target.build" ] || continue
    while IFS= read -r object; do objects+=("$object"); done < <(find "$release/$target.build" -name '*.o')
done
binary="$results/render-bench"
swiftc -O -o "$binary" "$root/bench/render/main.swift" -I "$release/Modules" -I "$root/Sources/CLibXML2" \
    -Xcc -I/usr/include/libxml2 "${objects[@]}" -lxml2 -lstdc++ >&2

venv="$root/bench/.venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import chevron, pystache' 2>/dev/null; then
    echo "== preparing $venv (chevron, pystache)" >&2
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet chevron pystache >&2
fi

echo "== rendering $count recipients ($scale, $locale); Python engines: $py_limit" >&2
templates="$root/templates"
lines=()
lines+=("$("$binary" "$templates" "$csv" "$scale" "$locale" compiled)")
lines+=("$("$binary" "$templates" "$csv" "$scale" "$locale" mustache)")
lines+=("$("$venv/bin/python" "$root/bench/render/bench.py" "$templates" "$csv" "$scale" "$locale" chevron "$py_limit")")
lines+=("$("$venv/bin/python" "$root/bench/render/bench.py" "$templates" "$csv" "$scale" "$locale" pystache "$py_limit")")

printf '%s\n' "${lines[@]}" > "$results/render-$count-$scale-$locale.txt"
printf '%s\n' "${lines[@]}" | awk '
    { engine[NR] = $1; messages[NR] = $2; seconds[NR] = $3; rate[NR] = $4; bytes[NR] = $5 }
    END {
        printf "%-16s %10s %9s %12s %14s\n", "engine", "messages", "seconds", "messages/s", "output bytes"
        for (i = 1; i <= NR; i++) printf "%-16s %10d %9.2f %12.0f %14d\n", engine[i], messages[i], seconds[i], rate[i], bytes[i]
        printf "\nsmiley compiled vs swift-mustache per recipient: %.1fx\n", rate[1] / rate[2]
        chevron_ok = (rate[1] >= 5 * rate[3]) ? "ok" : "MISSED"
        pystache_ok = (rate[1] >= 2 * rate[4]) ? "ok" : "MISSED"
        printf "smiley compiled vs chevron:  %.1fx (target >= 5x)  %s\n", rate[1] / rate[3], chevron_ok
        printf "smiley compiled vs pystache: %.1fx (target >= 2x)  %s\n", rate[1] / rate[4], pystache_ok
    }'
