#!/usr/bin/env python3
"""Prints the JMH results of this directory as one markdown table (ms ± JMH's 99.9% error), with each run's
natives (from its log), threads and load average at start and end."""
import glob
import json
import os
import re

here = os.path.dirname(os.path.abspath(__file__))
rows = []
for path in sorted(glob.glob(os.path.join(here, "*.json"))):
    if path.endswith(".env.json") or "pytorch" in os.path.basename(path):
        continue
    name = os.path.basename(path)[:-5]
    env = json.load(open(path[:-5] + ".env.json"))
    log = open(path[:-5] + ".log").read() if os.path.exists(path[:-5] + ".log") else ""
    natives = sorted(set(re.findall(r"natives=(\S+)", log))) or ["?"]
    end = re.findall(r"load average at the end: ([\d. ]+)", log)
    try:
        results = json.load(open(path))
    except ValueError:
        continue  # a run still going
    for r in results:
        p = r["primaryMetric"]
        rows.append((name, r["benchmark"].rsplit(".", 1)[1], r["params"].get("graph"), r["params"].get("lever"),
                     ",".join(natives), env["threads"], p["score"] / 1e3, p["scoreError"] / 1e3,
                     env["loadAvgAtStart"], end[0].strip() if end else "?"))
print("| run | method | graph | lever | natives | threads | ms | ± | load at start | load at end |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print("| %s | %s | %s | %s | %s | %s | %.1f | %.1f | %s | %s |" % r)

# The interleaved LeverAB runs (ab-*.txt): median step time [p25–p75], min, and the paired ratio to DEFAULT
# (median over rounds, [p10–p90]).
print()
print("| LeverAB run | natives | threads | load start → end | graph | lever | median ms [p25–p75] | min ms |"
      " ratio vs DEFAULT [p10–p90] |")
print("|---|---|---|---|---|---|---|---|---|")
for path in sorted(glob.glob(os.path.join(here, "*ab-*.txt"))):
    text = open(path).read()
    head = re.search(r"# LeverAB(.*?)graphs=\S+ rounds=(\d+) steps=(\d+) natives=(\S+) OMP_NUM_THREADS=(\S+)", text)
    if not head:
        continue
    start = re.search(r"load at start: ([\d. ]+)", text)
    end = re.search(r"# load at end: ([\d. ]+)", text)
    load = "%s → %s" % (start.group(1).split()[0] if start else "?", end.group(1).split()[0] if end else "?")
    name = os.path.basename(path)[:-4] + (" (inference)" if "inference" in head.group(1) else "")
    for line in text.splitlines():
        f = line.split("\t")
        if len(f) == 9 and f[0] in ("siamese", "triplet"):
            print("| %s | %s | %s | %s | %s | %s | %s [%s–%s] | %s | %s [%s–%s] |" % (
                name, head.group(4), head.group(5), load, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]))
