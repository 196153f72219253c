#!/usr/bin/env bash
# SMTP send throughput on loopback: the real `smiley send` (CSV row -> render -> compose -> sent index ->
# BulkSender -> SMTP -> journal) against reference senders, all into Postfix's smtp-sink. Not a test: prints
# messages per second and the ratios of the three targets (issue 3).
#
#   bash bench/smtp/run.sh [COUNT] [REPEATS]     (default 20000 1; needs postfix (smtp-sink, smtp-source),
#                                                  libcurl4-openssl-dev, and a release build:
#                                                  swift build -c release --product smiley)
# SMILEY_BENCH_BARE=1 also measures BulkSender alone on a pre-rendered message (bench/smtp/SmileyBench.swift).
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${1:-20000}
REPEATS=${2:-1}
OUT=${SMILEY_BENCH_DIR:-${TMPDIR:-/tmp}/smiley-smtp-bench}
PY=${SMILEY_BENCH_PYTHON:-/usr/bin/python3}
SMILEY=${SMILEY_BIN:-$PWD/.build/release/smiley}
[ -x "$SMILEY" ] || { echo "error: $SMILEY is missing; run: swift build -c release --product smiley" >&2; exit 1; }
rm -rf "$OUT"
mkdir -p "$OUT/logging" "$OUT/install"

# A fresh installation with the default survey, and a recipient list of COUNT distinct rows in five languages.
"$SMILEY" init --directory "$OUT/install" >/dev/null
CONFIG="$OUT/install/smiley.json"
"$PY" - "$OUT/recipients.csv" "$COUNT" <<'PYEOF'
import csv, sys
path, count = sys.argv[1], int(sys.argv[2])
first = ["Ana", "Bo", "Chloé", "Dieter", "Émile", "Fatima", "Grace", "Hiro", "Inès", "Jürgen"]
agents = ["Marta", "Ken", "Sofia", "Luis"]
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["email", "name", "ticket_id", "ticket_subject", "agent", "company", "locale"])
    for i in range(count):
        name = first[i % len(first)]
        w.writerow([f"customer{i:06d}@example.net", f"{name} Customer{i}", f"T-{100000 + i}",
                    f"Printer #{i % 97} will not print after the update", agents[i % len(agents)],
                    f"Company {i % 311} GmbH", "en"])
PYEOF

# One real survey message (outbox) is the message every reference sender sends: same size, same bytes.
"$PY" - "$OUT/recipients.csv" "$OUT/one.csv" <<'PYEOF'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines(True)
open(sys.argv[2], "w", encoding="utf-8").write("".join(lines[:2]))
PYEOF
"$SMILEY" send --config "$CONFIG" --survey support --recipients "$OUT/one.csv" --to "outbox:$OUT/outbox" >/dev/null
cp "$(ls "$OUT"/outbox/*.eml | head -1)" "$OUT/message.eml"
sed 's/\r$//' "$OUT/message.eml" > "$OUT/message.lf" # smtp-source adds the CR itself
SIZE=$(stat -c %s "$OUT/message.eml")

echo "building the reference C sender..." >&2
cc -O2 -o "$OUT/curl_sender" bench/smtp/curl_sender.c $(pkg-config --cflags --libs libcurl)
if [ "${SMILEY_BENCH_BARE:-0}" = 1 ]; then
  echo "building the bare BulkSender bench (release)..." >&2
  [ -d .build/checkouts/swift-log ] || swift package resolve >&2
  swiftc -O -parse-as-library -package-name swift_log -module-name Logging -emit-module \
    -emit-module-path "$OUT/logging/Logging.swiftmodule" -emit-library -static -o "$OUT/logging/libLogging.a" \
    $(find .build/checkouts/swift-log/Sources/Logging -name "*.swift")
  cp bench/smtp/SmileyBench.swift "$OUT/main.swift"
  swiftc -O -module-name SmileyBench -swift-version 6 -enable-upcoming-feature ExistentialAny \
    -enable-upcoming-feature MemberImportVisibility -enable-upcoming-feature InternalImportsByDefault \
    -I Sources/CCurl -I "$OUT/logging" -L "$OUT/logging" -lLogging -ldl \
    "$OUT/main.swift" Sources/SmileyMail/*.swift -o "$OUT/smiley_bench"
fi

PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/sbin/smtp-sink -u nobody 127.0.0.1:$PORT 1000 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true' EXIT
for _ in $(seq 50); do "$PY" -c "import socket; socket.create_connection(('127.0.0.1',$PORT)).recv(10)" 2>/dev/null && break; sleep 0.1; done
URL="smtp://127.0.0.1:$PORT"

declare -A RATE
run() { # name, then a command printing "sent seconds"
  local name=$1; shift
  local result; result=$("$@") || echo "  ($name reported failures; the rate counts accepted messages only)" >&2
  local sent=${result%% *} secs=${result##* }
  RATE[$name]=$("$PY" -c "print(f'{$sent/$secs:.0f}')")
  printf "%-32s %6s msgs in %7.2f s  = %6s msgs/s\n" "$name" "$sent" "$secs" "${RATE[$name]}"
}
elapsed() { "$PY" -c "print(f'{$2-$1:.3f}')"; }
smtp_source() { # sessions
  local start end; start=$(date +%s.%N)
  /usr/sbin/smtp-source -d -s "$1" -m "$COUNT" -F "$OUT/message.lf" -f bench@example.org -t sink@example.org 127.0.0.1:$PORT
  end=$(date +%s.%N)
  echo "$COUNT $(elapsed "$start" "$end")"
}
smiley_send() { # connections: the whole `smiley send`, process start to exit, with a fresh data folder
  rm -rf "$OUT/install/data"
  local start end; start=$(date +%s.%N)
  "$SMILEY" send --config "$CONFIG" --survey support --recipients "$OUT/recipients.csv" --to "$URL" \
    --connections "$1" > "$OUT/send-$1.txt" 2>&1
  end=$(date +%s.%N)
  local journal; journal=$(ls "$OUT"/install/data/journals/*.jsonl)
  local accepted; accepted=$(grep -c '"event":"accepted"' "$journal")
  [ "$accepted" = "$COUNT" ] || { echo "error: $accepted of $COUNT accepted; see $OUT/send-$1.txt" >&2; exit 1; }
  cp "$journal" "$OUT/journal-$1.jsonl"
  echo "$accepted $(elapsed "$start" "$end")"
}

echo "$COUNT survey messages of $SIZE bytes to smtp-sink on loopback, $(nproc) cores, $REPEATS round(s)"
best() { # keep the best rate of the rounds per name
  local name=$1 rate=$2
  if [ -z "${BEST[$name]:-}" ] || [ "$rate" -gt "${BEST[$name]}" ]; then BEST[$name]=$rate; fi
}
declare -A BEST
NAMES=("curl C, 1 connection" "curl C multi, 4 conn." "smtp-source, 1 session" "smtp-source, 4 sessions"
       "python smtplib, 1 conn." "smiley send, 1 conn." "smiley send, 4 conn.")
for round in $(seq "$REPEATS"); do
  [ "$REPEATS" = 1 ] || echo "-- round $round"
  run "curl C, 1 connection"     "$OUT/curl_sender" "$URL" "$COUNT" 1 "$OUT/message.eml"
  run "curl C multi, 4 conn."    "$OUT/curl_sender" "$URL" "$COUNT" 4 "$OUT/message.eml"
  run "smtp-source, 1 session"   smtp_source 1
  run "smtp-source, 4 sessions"  smtp_source 4
  run "python smtplib, 1 conn."  "$PY" bench/smtp/smtplib_sender.py "$PORT" "$COUNT" "$OUT/message.eml"
  run "smiley send, 1 conn."     smiley_send 1
  run "smiley send, 4 conn."     smiley_send 4
  if [ "${SMILEY_BENCH_BARE:-0}" = 1 ]; then
    run "BulkSender alone, 1 conn." "$OUT/smiley_bench" "$URL" "$COUNT" 1 "$OUT/message.eml" "$OUT/bare1.jsonl"
    run "BulkSender alone, 4 conn." "$OUT/smiley_bench" "$URL" "$COUNT" 4 "$OUT/message.eml" "$OUT/bare4.jsonl"
  fi
  for name in "${NAMES[@]}"; do best "$name" "${RATE[$name]}"; done
done

ratio() { "$PY" -c "print(f'{${BEST[$1]}/${BEST[$2]}:.2f}')"; }
echo
[ "$REPEATS" = 1 ] || { echo "best of $REPEATS rounds:"; for name in "${NAMES[@]}"; do printf "  %-30s %6s msgs/s\n" "$name" "${BEST[$name]}"; done; }
echo "target  smiley 4 conn. / smtp-source 4 sess.  >= 0.6:  $(ratio 'smiley send, 4 conn.' 'smtp-source, 4 sessions')"
echo "target  smiley 4 conn. / curl C multi 4       >= 0.9:  $(ratio 'smiley send, 4 conn.' 'curl C multi, 4 conn.')"
echo "target  smiley 1 conn. / python smtplib       >= 1.3:  $(ratio 'smiley send, 1 conn.' 'python smtplib, 1 conn.')"
echo "also    smiley 1 conn. / curl C 1 conn.:               $(ratio 'smiley send, 1 conn.' 'curl C, 1 connection')"
echo "journal lines (queued+accepted, 1 conn.): $(wc -l < "$OUT/journal-1.jsonl"); sent index: $(find "$OUT/install/data/sent" -type f | wc -l) file(s)"
