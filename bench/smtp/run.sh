#!/usr/bin/env bash
# SMTP send throughput on loopback: the real `smiley send` (CSV row -> render -> compose -> sent index ->
# BulkSender -> SMTP -> journal) against reference senders, all into Postfix's smtp-sink. Not a test: prints
# messages per second, each sender's CPU time per message, and the ratios of the three targets.
#
#   bash bench/smtp/run.sh [COUNT] [ROUNDS]      (default 20000 3; needs postfix (smtp-sink, smtp-source),
#                                                  libcurl4-openssl-dev, and a release build:
#                                                  scripts/build-release --product smiley)
# Every sender runs once per round, interleaved; what counts is the median of the rounds (never the best), so one
# round caught by stolen CPU time on a shared machine cannot decide. CPU time (user + system, from /usr/bin/time)
# is the sender process's own, not smtp-sink's. SMILEY_BASELINE_BIN=path/to/older/smiley also runs that build's
# `smiley send` in every round, so a change is compared with the code before it on the same machine, same run.
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${1:-20000}
REPEATS=${2:-3}
OUT=${SMILEY_BENCH_DIR:-${TMPDIR:-/tmp}/smiley-smtp-bench}
PY=${SMILEY_BENCH_PYTHON:-/usr/bin/python3}
SMILEY=${SMILEY_BIN:-$PWD/.build/release/smiley}
[ -x "$SMILEY" ] || { echo "error: $SMILEY is missing; run: scripts/build-release --product smiley" >&2; exit 1; }
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

PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/sbin/smtp-sink -u nobody 127.0.0.1:$PORT 1000 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true' EXIT
for _ in $(seq 50); do "$PY" -c "import socket; socket.create_connection(('127.0.0.1',$PORT)).recv(10)" 2>/dev/null && break; sleep 0.1; done
URL="smtp://127.0.0.1:$PORT"

declare -A RATE RATES CPUS
timed() { /usr/bin/time -o "$OUT/cpu.txt" -f "%U %S" "$@"; }
run() { # name, then a command printing "sent seconds"; its CPU time is read from $OUT/cpu.txt
  local name=$1; shift
  local result; result=$("$@") || echo "  ($name reported failures; the rate counts accepted messages only)" >&2
  local sent=${result%% *} secs=${result##* }
  local cpu; cpu=$("$PY" -c "u,s=open('$OUT/cpu.txt').read().split()[-2:]; print(f'{(float(u)+float(s))/$sent*1e6:.0f}')")
  RATE[$name]=$("$PY" -c "print(f'{$sent/$secs:.0f}')")
  RATES[$name]="${RATES[$name]:-} ${RATE[$name]}"
  CPUS[$name]="${CPUS[$name]:-} $cpu"
  printf "%-28s %6s msgs in %7.2f s = %6s msgs/s, %4s µs CPU/msg\n" "$name" "$sent" "$secs" "${RATE[$name]}" "$cpu"
}
elapsed() { "$PY" -c "print(f'{$2-$1:.3f}')"; }
smtp_source() { # sessions
  local start end; start=$(date +%s.%N)
  timed /usr/sbin/smtp-source -d -s "$1" -m "$COUNT" -F "$OUT/message.lf" -f bench@example.org -t sink@example.org 127.0.0.1:$PORT
  end=$(date +%s.%N)
  echo "$COUNT $(elapsed "$start" "$end")"
}
smiley_send() { # connections [binary]: the whole `smiley send`, process start to exit, with a fresh data folder
  rm -rf "$OUT/install/data"
  local start end; start=$(date +%s.%N)
  timed "${2:-$SMILEY}" send --config "$CONFIG" --survey support --recipients "$OUT/recipients.csv" --to "$URL" \
    --connections "$1" > "$OUT/send-$1.txt" 2>&1
  end=$(date +%s.%N)
  local journal; journal=$(ls "$OUT"/install/data/journals/*.jsonl)
  local accepted; accepted=$(grep -c '"event":"accepted"' "$journal")
  [ "$accepted" = "$COUNT" ] || { echo "error: $accepted of $COUNT accepted; see $OUT/send-$1.txt" >&2; exit 1; }
  cp "$journal" "$OUT/journal-$1.jsonl"
  echo "$accepted $(elapsed "$start" "$end")"
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$COUNT survey messages of $SIZE bytes to smtp-sink on loopback, $(nproc) cores, $REPEATS round(s)"
NAMES=("curl C, 1 connection" "curl C multi, 4 conn." "smtp-source, 1 session" "smtp-source, 4 sessions"
       "python smtplib, 1 conn." "smiley send, 1 conn." "smiley send, 4 conn.")
[ -z "${SMILEY_BASELINE_BIN:-}" ] || NAMES+=("baseline send, 1 conn." "baseline send, 4 conn.")
for round in $(seq "$REPEATS"); do
  [ "$REPEATS" = 1 ] || echo "-- round $round"
  run "curl C, 1 connection"     timed "$OUT/curl_sender" "$URL" "$COUNT" 1 "$OUT/message.eml"
  run "curl C multi, 4 conn."    timed "$OUT/curl_sender" "$URL" "$COUNT" 4 "$OUT/message.eml"
  run "smtp-source, 1 session"   smtp_source 1
  run "smtp-source, 4 sessions"  smtp_source 4
  run "python smtplib, 1 conn."  timed "$PY" bench/smtp/smtplib_sender.py "$PORT" "$COUNT" "$OUT/message.eml"
  run "smiley send, 1 conn."     smiley_send 1
  run "smiley send, 4 conn."     smiley_send 4
  if [ -n "${SMILEY_BASELINE_BIN:-}" ]; then
    run "baseline send, 1 conn."  smiley_send 1 "$SMILEY_BASELINE_BIN"
    run "baseline send, 4 conn."  smiley_send 4 "$SMILEY_BASELINE_BIN"
  fi
done

median() { "$PY" -c "import statistics,sys; print(f'{statistics.median(float(x) for x in sys.argv[1:]):.0f}')" $1; }
declare -A MEDIAN
echo
echo "median of $REPEATS round(s) (rates of each round in brackets):"
for name in "${NAMES[@]}"; do
  MEDIAN[$name]=$(median "${RATES[$name]}")
  printf "  %-28s %6s msgs/s  %4s µs CPU/msg   [%s ]\n" "$name" "${MEDIAN[$name]}" "$(median "${CPUS[$name]}")" "${RATES[$name]}"
done
# The ratio of the medians, then (in brackets) the median of each round's own ratio: the two senders of one round
# ran minutes apart at most, so that one moves less with the machine's load.
ratio() {
  "$PY" -c "import statistics,sys; a=[float(x) for x in sys.argv[1].split()]; b=[float(x) for x in sys.argv[2].split()]; print(f'{${MEDIAN[$1]}/${MEDIAN[$2]}:.2f} (per round {statistics.median(x/y for x,y in zip(a,b)):.2f})')" "${RATES[$1]}" "${RATES[$2]}"
}
echo "target  smiley 4 conn. / smtp-source 4 sess.  >= 0.6:  $(ratio 'smiley send, 4 conn.' 'smtp-source, 4 sessions')"
echo "target  smiley 4 conn. / curl C multi 4       >= 0.9:  $(ratio 'smiley send, 4 conn.' 'curl C multi, 4 conn.')"
echo "target  smiley 1 conn. / python smtplib       >= 1.3:  $(ratio 'smiley send, 1 conn.' 'python smtplib, 1 conn.')"
echo "also    smiley 1 conn. / curl C 1 conn.:               $(ratio 'smiley send, 1 conn.' 'curl C, 1 connection')"
if [ -n "${SMILEY_BASELINE_BIN:-}" ]; then
  echo "change  smiley / baseline, 1 conn.:                     $(ratio 'smiley send, 1 conn.' 'baseline send, 1 conn.')"
  echo "change  smiley / baseline, 4 conn.:                     $(ratio 'smiley send, 4 conn.' 'baseline send, 4 conn.')"
fi
echo "journal lines (queued+accepted, 1 conn.): $(wc -l < "$OUT/journal-1.jsonl"); sent index: $(find "$OUT/install/data/sent" -type f | wc -l) file(s)"
