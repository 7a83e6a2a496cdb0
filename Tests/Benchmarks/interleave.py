#!/usr/bin/env python3
"""Times commands interleaved: round after round, each command once per round, so that a
noisy host's slow minutes fall on every tool alike (hyperfine runs one command's runs, then
the next's). Wall time from the fork to the exit, peak resident memory from wait4's rusage.

usage: interleave.py RUNS WARMUP OUT.json [--prepare 'CMD'] NAME COMMAND [NAME COMMAND ...]
Commands are split on spaces (no shell); stdout goes to /dev/null. Writes, per command,
its times (s) and peak memories (KB) to OUT.json. Standard library only.
"""
import json, os, subprocess, sys, time

def main():
    runs, warmup, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    args = sys.argv[4:]
    prepare = None
    if args and args[0] == "--prepare":
        prepare, args = args[1], args[2:]
    commands = list(zip(args[0::2], args[1::2]))
    results = {name: {"command": name, "times": [], "memory_kb": []} for name, _ in commands}
    for round in range(warmup + runs):
        for name, command in commands:
            if prepare:
                subprocess.run(prepare, shell=True, check=True)
            start = time.monotonic()
            with open(os.devnull, "wb") as null:
                process = subprocess.Popen(command.split(), stdout=null, stderr=null)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.monotonic() - start
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"interleave: {name} failed ({command})")
            if round >= warmup:
                results[name]["times"].append(elapsed)
                results[name]["memory_kb"].append(usage.ru_maxrss)
    for r in results.values():
        times = sorted(r["times"])
        middle = len(times) // 2
        r["median"] = times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2
        r["min"], r["max"] = times[0], times[-1]
        memory = sorted(r["memory_kb"])
        r["memory_median_kb"] = memory[len(memory) // 2]
    json.dump({"results": list(results.values())}, open(out, "w"), indent=1)

main()
