#!/usr/bin/env bash
# SMTP send throughput on loopback: Smiley's BulkSender against reference senders, all into Postfix's
# smtp-sink. Not a test: prints messages per second and ratios.
#
#   bash bench/smtp/run.sh [COUNT]     (default 20000; needs postfix (smtp-sink, smtp-source), libcurl4-openssl-dev)
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${1:-20000}
OUT=${SMILEY_BENCH_DIR:-${TMPDIR:-/tmp}/smiley-smtp-bench}
PY=${SMILEY_BENCH_PYTHON:-/usr/bin/python3}
mkdir -p "$OUT/logging"

# A survey-sized message (~4 KB, CRLF) and an LF copy for smtp-source (it adds CR itself).
"$PY" - "$OUT/message.eml" "$OUT/message.lf" <<'PYEOF'
import sys
lines = ["From: Smiley <survey@example.org>", "To: <sink@example.org>", "Subject: How did we do?",
         "Message-ID: <bench@smiley.test>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", ""]
lines += ["Line %03d of a survey message body, long enough to look like real text." % i for i in range(52)]
open(sys.argv[1], "wb").write(("\r\n".join(lines) + "\r\n").encode())
open(sys.argv[2], "wb").write(("\n".join(lines) + "\n").encode())
PYEOF
SIZE=$(stat -c %s "$OUT/message.eml")

echo "building the reference C sender and Smiley's bench binary (release)..." >&2
cc -O2 -o "$OUT/curl_sender" bench/smtp/curl_sender.c $(pkg-config --cflags --libs libcurl)
[ -d .build/checkouts/swift-log ] || swift package resolve >&2
swiftc -O -parse-as-library -package-name swift_log -module-name Logging -emit-module -emit-module-path "$OUT/logging/Logging.swiftmodule" \
  -emit-library -static -o "$OUT/logging/libLogging.a" $(find .build/checkouts/swift-log/Sources/Logging -name "*.swift")
cp bench/smtp/SmileyBench.swift "$OUT/main.swift"
swiftc -O -module-name SmileyBench -swift-version 6 -enable-upcoming-feature ExistentialAny \
  -enable-upcoming-feature MemberImportVisibility -enable-upcoming-feature InternalImportsByDefault \
  -I Sources/CCurl -I "$OUT/logging" -L "$OUT/logging" -lLogging -ldl \
  "$OUT/main.swift" Sources/SmileyMail/*.swift -o "$OUT/smiley_bench"

PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/sbin/smtp-sink -u nobody 127.0.0.1:$PORT 1000 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true' EXIT
for _ in $(seq 50); do "$PY" -c "import socket; socket.create_connection(('127.0.0.1',$PORT)).recv(10)" 2>/dev/null && break; sleep 0.1; done
URL="smtp://127.0.0.1:$PORT"

declare -A RATE
run() { # name, then a command printing "sent seconds"
  local name=$1; shift
  local result; result=$("$@")
  local sent=${result%% *} secs=${result##* }
  RATE[$name]=$("$PY" -c "print(f'{$sent/$secs:.0f}')")
  printf "%-28s %6s msgs in %7.2f s  = %6s msgs/s\n" "$name" "$sent" "$secs" "${RATE[$name]}"
}
smtp_source() { # sessions
  local start end; start=$(date +%s.%N)
  /usr/sbin/smtp-source -d -s "$1" -m "$COUNT" -F "$OUT/message.lf" -f bench@example.org -t sink@example.org 127.0.0.1:$PORT
  end=$(date +%s.%N)
  echo "$COUNT $("$PY" -c "print($end-$start)")"
}

echo "$COUNT messages of $SIZE bytes to smtp-sink on loopback, $(nproc) cores"
run "curl C, 1 connection"     "$OUT/curl_sender" "$URL" "$COUNT" 1 "$OUT/message.eml"
run "curl C multi, 4 conn."    "$OUT/curl_sender" "$URL" "$COUNT" 4 "$OUT/message.eml"
run "smtp-source, 1 session"   smtp_source 1
run "smtp-source, 4 sessions"  smtp_source 4
run "python smtplib, 1 conn."  "$PY" bench/smtp/smtplib_sender.py "$PORT" "$COUNT" "$OUT/message.eml"
run "Smiley BulkSender, 1 conn." "$OUT/smiley_bench" "$URL" "$COUNT" 1 "$OUT/message.eml" "$OUT/journal1.jsonl"
run "Smiley BulkSender, 4 conn." "$OUT/smiley_bench" "$URL" "$COUNT" 4 "$OUT/message.eml" "$OUT/journal4.jsonl"

ratio() { "$PY" -c "print(f'{${RATE[$1]}/${RATE[$2]}:.2f}')"; }
echo
echo "Smiley 1 conn. / curl C 1 conn.:     $(ratio 'Smiley BulkSender, 1 conn.' 'curl C, 1 connection')"
echo "Smiley 4 conn. / curl C multi 4:     $(ratio 'Smiley BulkSender, 4 conn.' 'curl C multi, 4 conn.')"
echo "Smiley 1 conn. / python smtplib:     $(ratio 'Smiley BulkSender, 1 conn.' 'python smtplib, 1 conn.')"
echo "Smiley 4 conn. / smtp-source 4 sess: $(ratio 'Smiley BulkSender, 4 conn.' 'smtp-source, 4 sessions')"
echo "journal lines (queued+accepted, 1 conn.): $(wc -l < "$OUT/journal1.jsonl")"
