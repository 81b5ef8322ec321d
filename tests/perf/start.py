#!/usr/bin/env python3
"""Start-up time and memory of the release app beside a bare Tauri window.

Run by tests/perf/start.sh (under Xvfb and a private session bus). Each
app is started RUNS times; "ready" is when its page says the first data
is painted (Netra: the event list, via the `app_ready` command with
NETRA_TIMING set; the bare window: its one page), measured from the
launch here. Memory is PSS (proportional set size, shared pages split
between the processes that share them) summed over the app and every
process it started (WebKitWebProcess, WebKitNetworkProcess), read from
/proc/<pid>/smaps_rollup 3 s after ready, once the page has settled.
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import time

RUNS = int(os.environ.get("RUNS", "5"))
SETTLE_S = 3.0
TIMEOUT_S = 30.0


def children_of(root):
    """Every process whose parent chain reaches `root`, with root."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                # comm may hold spaces: the ppid is after the closing paren.
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            parents[int(entry)] = ppid
        except (OSError, IndexError, ValueError):
            pass
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return tree


def pss_mb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def once(cmd, env):
    t0 = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    ready = None
    deadline = t0 + TIMEOUT_S
    try:
        for line in proc.stderr:
            if line.startswith("netra-ready"):
                ready = (time.monotonic() - t0) * 1000
                break
            if time.monotonic() > deadline:
                break
        if ready is None:
            raise RuntimeError(f"{cmd[0]} never reported ready")
        time.sleep(SETTLE_S)
        parts = {}
        for pid in children_of(proc.pid):
            name = comm(pid)
            parts[name] = parts.get(name, 0.0) + pss_mb(pid)
        return ready, parts
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def measure(label, cmd, env):
    once(cmd, env)  # warm the page cache, as a second start would
    times, totals, breakdowns = [], [], []
    for _ in range(RUNS):
        ready, parts = once(cmd, env)
        times.append(ready)
        totals.append(sum(parts.values()))
        breakdowns.append(parts)
    median_run = breakdowns[totals.index(sorted(totals)[len(totals) // 2])]
    result = {
        "app": label,
        "runs": RUNS,
        "ready_ms_median": round(statistics.median(times)),
        "ready_ms_all": [round(t) for t in times],
        "pss_mb_median": round(statistics.median(totals), 1),
        "pss_mb_by_process": {k: round(v, 1) for k, v in sorted(median_run.items())},
    }
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def main():
    netra, db, bare, out = sys.argv[1:5]
    env = dict(os.environ, NETRA_TIMING="1", NO_AT_BRIDGE="1")
    results = [
        measure("netra (event list of a 5,000-person event)", [netra, "--db", db], env),
        measure("bare Tauri 2 window", [bare], env),
    ]
    with open(out, "w") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    main()
