"""Per-process timing driver for run.sh: wall time from posix_spawn to wait4 of each command, interleaved.

    spawn.py SPEC.json OUT.json

SPEC: {"rounds": N, "commands": [{"label": L, "argv": [...], "stdin": [FILE, ...] | null, "stderr": LOG}]}.
Wall time is what a relay waits for; the child's user+system CPU time (wait4's rusage) is reported too, because
on a shared machine wall time includes waiting for a core. Round r runs every command once (the order rotates each round so neither side always goes first), command c
with standard input from stdin[r % len(stdin)] (or /dev/null), standard output to /dev/null and standard error
appended to its log. A non-zero exit status is a failure: the driver stops and names the command and input.
OUT gets every time in milliseconds; standard output gets one JSON line per command with n, median, p90,
mean, min, max and cpu_median (ms); p90 is the nearest-rank 90th percentile.
"""
import json
import math
import os
import statistics
import sys
import time


def main() -> int:
    spec = json.load(open(sys.argv[1]))
    commands = spec["commands"]
    times = {command["label"]: [] for command in commands}
    cpu = {command["label"]: [] for command in commands}
    null = os.open(os.devnull, os.O_RDWR)
    logs = {c["label"]: os.open(c["stderr"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644) for c in commands}
    for round_number in range(spec["rounds"]):
        shift = round_number % len(commands)
        for command in commands[shift:] + commands[:shift]:
            stdin = command.get("stdin")
            path = stdin[round_number % len(stdin)] if stdin else None
            fd = os.open(path, os.O_RDONLY) if path else null
            actions = [(os.POSIX_SPAWN_DUP2, fd, 0), (os.POSIX_SPAWN_DUP2, null, 1),
                       (os.POSIX_SPAWN_DUP2, logs[command["label"]], 2)]
            start = time.perf_counter_ns()
            pid = os.posix_spawn(command["argv"][0], command["argv"], os.environ, file_actions=actions)
            _, status, usage = os.wait4(pid, 0)
            elapsed = (time.perf_counter_ns() - start) / 1e6
            if path:
                os.close(fd)
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                print(f"spawn.py: {command['label']} exited {code} on {path or '/dev/null'} "
                      f"(round {round_number}); see {command['stderr']}", file=sys.stderr)
                return 1
            times[command["label"]].append(elapsed)
            cpu[command["label"]].append((usage.ru_utime + usage.ru_stime) * 1e3)
    json.dump({"wall_ms": times, "cpu_ms": cpu}, open(sys.argv[2], "w"))
    for label, values in times.items():
        ordered = sorted(values)
        print(json.dumps({"label": label, "n": len(values), "median": statistics.median(values),
                          "p90": ordered[math.ceil(0.9 * len(ordered)) - 1],
                          "mean": statistics.fmean(values), "min": ordered[0], "max": ordered[-1],
                          "cpu_median": statistics.median(cpu[label])}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
