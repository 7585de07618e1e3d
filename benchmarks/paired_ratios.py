#!/usr/bin/env python3
"""Reads the rounds of benchmarks/paired.sh or paired_step.sh (jmh-R.json and pytorch-R-*.json in one folder) and
prints, per (loss, shape) or training step, the ratio ours / PyTorch of each round, their median and the half-width of their range relative to
the median (the spread of the paired ratio). Standard library only.

    python3 benchmarks/paired_ratios.py benchmarks/target/paired --shapes 512x128,1024x512
"""
import argparse
import glob
import json
import os
import re
import statistics

LOSS = "LossBenchmark.lossAndGradient"
STEP = "GraphStepBenchmark."
UNIT_TO_MS = {"ns/op": 1e-6, "us/op": 1e-3, "ms/op": 1.0, "s/op": 1e3}


def scores(path):
    """{(loss, shape) or (step, "batch 64"): mean ms} of the loss and graph-step benchmarks in one JMH or
    pytorch_baseline JSON file."""
    out = {}
    with open(path) as f:
        for row in json.load(f):
            name = ".".join(row["benchmark"].split(".")[-2:])
            if name == LOSS:                                             # not SameDiffLossBenchmark's
                key = (row["params"]["loss"], row["params"]["shape"])
            elif name.startswith(STEP):
                key = (name[len(STEP):], "batch 64")
            else:
                continue
            metric = row["primaryMetric"]
            out[key] = metric["score"] * UNIT_TO_MS[metric["scoreUnit"]]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder")
    ap.add_argument("--shapes", default="", help="only these shapes (comma-separated)")
    args = ap.parse_args()
    shapes = set(filter(None, args.shapes.split(",")))
    rounds = {}
    for path in glob.glob(os.path.join(args.folder, "jmh-*.json")):
        m = re.search(r"jmh-(\d+)\.json$", path)
        if not m:                                   # the .env.json beside each result
            continue
        r = int(m.group(1))
        ours = scores(path)
        theirs = {}
        for p in glob.glob(os.path.join(args.folder, "pytorch-%d-*.json" % r)):
            if not p.endswith(".env.json"):
                theirs.update(scores(p))
        for key, ms in ours.items():
            if key in theirs and (not shapes or key[1] in shapes):
                rounds.setdefault(key, []).append((r, ms, theirs[key]))
    print("| loss or step | B×D | rounds | ours ms (median) | PyTorch ms (median) | ours / PyTorch: median | range | ± of median |")
    print("|---|---|---:|---:|---:|---:|---|---:|")
    for (loss, shape), rows in sorted(rounds.items()):
        ratios = sorted(o / t for _, o, t in rows)
        med = statistics.median(ratios)
        half = (ratios[-1] - ratios[0]) / 2 / med * 100
        print("| %s | %s | %d | %.2f | %.2f | %.2f | %.2f–%.2f | %.0f%% |" % (
            loss, shape, len(rows), statistics.median(o for _, o, _ in rows),
            statistics.median(t for _, _, t in rows), med, ratios[0], ratios[-1], half))


if __name__ == "__main__":
    main()
