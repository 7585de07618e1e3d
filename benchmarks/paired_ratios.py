#!/usr/bin/env python3
"""Reads the rounds of benchmarks/paired.sh or paired_step.sh (jmh-R.json and pytorch-R-*.json in one folder) and
prints, per (loss, shape) or training step, the ratio ours / PyTorch of each round, their median and range, and the
error bar of the ratio: the 95% confidence interval of the rounds' geometric mean (Student's t over the logarithms of
the paired ratios), whose half-width shrinks with more rounds where a range does not. Our loss is timed in a training
workspace (lossAndGradient) and, when the rounds ran them, with no workspace open (NoWorkspace: the results left to the
garbage collector; NoWorkspaceClosed: closed after use, as PyTorch frees a tensor when its last reference goes);
PyTorch's one time per (loss, shape) is the denominator of each. Standard library only.

    python3 benchmarks/paired_ratios.py benchmarks/target/paired --shapes 512x128,1024x512

Several folders pool their rounds (runs of the same code under the same settings); FOLDER:LOSS,LOSS takes only
those losses' rounds from a folder, e.g. to leave out a loss whose code changed between the runs:

    python3 benchmarks/paired_ratios.py old-rounds:CONTRASTIVE,TRIPLET new-rounds
"""
import argparse
import glob
import json
import math
import os
import re
import statistics
import sys

LOSS = "LossBenchmark.lossAndGradient"
STEP = "GraphStepBenchmark."
# How our loss was called (LossBenchmark's method suffix) → the label's suffix; PyTorch's rows have none.
WAYS = {"": "", "NoWorkspace": " (no workspace)", "NoWorkspaceClosed": " (no workspace, results closed)"}
# Two-sided 95% quantiles of Student's t by degrees of freedom (1..30); 1.96 beyond.
T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
       2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
UNIT_TO_MS = {"ns/op": 1e-6, "us/op": 1e-3, "ms/op": 1.0, "s/op": 1e3}


def scores(path, geometric=False):
    """{(loss, shape) or (step, "batch 64"): mean ms} of the loss and graph-step benchmarks in one JMH or
    pytorch_baseline JSON file; with `geometric`, the geometric mean of the measured iterations (lockstep.sh's rounds,
    whose iterations pair one to one, so that the ratio of the two geometric means is the geometric mean of the
    iterations' ratios)."""
    out = {}
    for key, row in keyed_rows(path):
        if geometric:
            out[key] = math.exp(statistics.fmean(math.log(x) for x in iterations_ms(row)))
        else:
            out[key] = row["primaryMetric"]["score"] * UNIT_TO_MS[row["primaryMetric"]["scoreUnit"]]
    return out


def keyed_rows(path):
    """(key, row) of the loss and graph-step benchmarks in one JMH or pytorch_baseline JSON file: (loss and way,
    shape) or (step, "batch 64"); none from a file still being written."""
    with open(path) as f:
        try:
            rows = json.load(f)
        except json.JSONDecodeError:                 # a run still writing (JMH writes its JSON at the end)
            print("skipped (not complete): " + path, file=sys.stderr)
            return
    for row in rows:
        name = ".".join(row["benchmark"].split(".")[-2:])
        if name.startswith(LOSS):                                        # not SameDiffLossBenchmark's
            yield (row["params"]["loss"] + WAYS[name[len(LOSS):]], row["params"]["shape"]), row
        elif name.startswith(STEP):
            yield (name[len(STEP):], "batch 64"), row


def iterations_ms(row):
    """A row's measured iterations, in ms."""
    metric = row["primaryMetric"]
    return [x * UNIT_TO_MS[metric["scoreUnit"]] for fork in metric["rawData"] for x in fork]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+", metavar="FOLDER[:LOSS,...]")
    ap.add_argument("--shapes", default="", help="only these shapes (comma-separated)")
    ap.add_argument("--wide", action="store_true", help="one row per loss, one column per shape and way of calling "
                    "it, each cell the geometric mean [95%% CI] (the README's table)")
    ap.add_argument("--iterations", action="store_true", help="lockstep.sh's rounds: each round's ratio with the "
                    "95%% CI over its paired iterations, beside the rounds' own spread (how much of the noise is "
                    "within a JVM and how much between JVMs)")
    args = ap.parse_args()
    shapes = set(filter(None, args.shapes.split(",")))
    if args.iterations:
        for spec in args.folders:
            print_iterations(spec.partition(":")[0], shapes)
        return
    rounds = {}
    for spec in args.folders:
        folder, _, only = spec.partition(":")
        losses = set(filter(None, only.split(",")))
        for key, row in paired_rounds(folder).items():
            if (not shapes or key[1] in shapes) and (not losses or key[0].split(" (")[0] in losses):
                rounds.setdefault(key, []).extend(row)
    if args.wide:
        print_wide(rounds)
        return
    print("| loss or step | B×D | rounds | ours ms (median) | PyTorch ms (median) | ours / PyTorch: median | range "
          "| geometric mean [95% CI] | ± of CI |")
    print("|---|---|---:|---:|---:|---:|---|---|---:|")
    for (loss, shape), rows in sorted(rounds.items()):
        ratios = sorted(o / t for _, o, t in rows)
        mean, low, high = geometric_ci(ratios)
        ci = "%.2f [%.2f–%.2f]" % (mean, low, high) if len(ratios) > 1 else "%.2f" % mean
        half = "%.0f%%" % ((high - low) / 2 / mean * 100) if len(ratios) > 1 else "–"
        print("| %s | %s | %d | %.2f | %.2f | %.2f | %.2f–%.2f | %s | %s |" % (
            loss, shape, len(rows), statistics.median(o for _, o, _ in rows),
            statistics.median(t for _, _, t in rows), statistics.median(ratios), ratios[0], ratios[-1], ci, half))


def paired_rounds(folder):
    """{(label, shape): [(round, ours ms, PyTorch ms), ...]} of the rounds in one folder."""
    rounds = {}
    ours_by_round = {}
    lockstep = lockstep_rounds(folder)
    for path in glob.glob(os.path.join(folder, "jmh-*.json")):
        # jmh-R.json (a round's one JMH run) or jmh-R-LOSS.json (paired.sh: one per loss); not the .env.json beside
        m = re.search(r"jmh-(\d+)(-[A-Z_]+)?\.json$", path)
        if m:
            ours_by_round.setdefault(int(m.group(1)), {}).update(scores(path, geometric=int(m.group(1)) in lockstep))
    for r, ours in ours_by_round.items():
        theirs = {}
        for p in glob.glob(os.path.join(folder, "pytorch-%d-*.json" % r)):
            if not p.endswith(".env.json"):
                theirs.update(scores(p, geometric=r in lockstep))
        for (label, shape), ms in ours.items():
            loss = label.split(" (")[0]
            # lockstep.sh: PyTorch's iterations were run for each way of calling ours, and are keyed by it
            mine = (label, shape) if r in lockstep else (loss, shape)
            if mine in theirs:
                rounds.setdefault((label, shape), []).append((r, ms, theirs[mine]))
    return rounds


def lockstep_rounds(folder):
    """The rounds of a folder that benchmarks/lockstep.sh ran (PyTorch's rows marked "lockstep"): both sides' scores
    are then the geometric means of their measured iterations."""
    found = set()
    for p in glob.glob(os.path.join(folder, "pytorch-*.json")):
        m = re.search(r"pytorch-(\d+)-[A-Z_]+\.json$", p)
        if m:
            try:
                with open(p) as f:
                    if any(row.get("lockstep") for row in json.load(f)):
                        found.add(int(m.group(1)))
            except json.JSONDecodeError:
                pass
    return found


def print_iterations(folder, shapes):
    """Per (label, shape) and lockstep round: the geometric mean of the iterations' ratios and its 95% CI."""
    pairs = {}
    for r in sorted(lockstep_rounds(folder)):
        theirs, cpu = {}, {}
        for p in glob.glob(os.path.join(folder, "pytorch-%d-*.json" % r)):
            for key, row in keyed_rows(p):
                theirs[key] = iterations_ms(row)
                cpu[key] = row.get("jvmCpuSecondsInOurTurn")
        for p in glob.glob(os.path.join(folder, "jmh-%d-*.json" % r)):
            if p.endswith(".env.json"):
                continue
            for key, row in keyed_rows(p):
                ours = iterations_ms(row)
                if key in theirs and (not shapes or key[1] in shapes) and len(ours) == len(theirs[key]):
                    pairs.setdefault(key, []).append((r, [o / t for o, t in zip(ours, theirs[key])], cpu.get(key)))
    print("| loss | B×D | round | pairs | ours / PyTorch [95% CI over the pairs] | the JVM's CPU in PyTorch's turns |")
    print("|---|---|---:|---:|---|---|")
    for (label, shape), rounds in sorted(pairs.items()):
        for r, ratios, jvm in rounds:
            mean, low, high = geometric_ci(ratios)
            used = "%.0f ms a turn (max %.0f)" % (1e3 * statistics.fmean(jvm), 1e3 * max(jvm)) if jvm else "–"
            print("| %s | %s | %d | %d | %.2f [%.2f–%.2f] | %s |" % (label, shape, r, len(ratios), mean, low, high,
                                                                   used))


def print_wide(rounds):
    """Loss × (shape, way) table of geometric means [95% CI], rounds in brackets when they differ."""
    columns = sorted({(shape, label[len(label.split(" (")[0]):]) for label, shape in rounds},
                     key=lambda c: (int(c[0].split("x")[0]) if c[0][0].isdigit() else 0, c[0], c[1]))
    losses = sorted({label.split(" (")[0] for label, _ in rounds})
    print("| loss | " + " | ".join("%s%s" % (shape.replace("x", "×"), way or " (in a workspace)")
                                   for shape, way in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for loss in losses:
        cells = []
        for shape, way in columns:
            rows = rounds.get((loss + way, shape))
            if not rows:
                cells.append("–")
                continue
            mean, low, high = geometric_ci([o / t for _, o, t in rows])
            cells.append("%.2f [%.2f–%.2f]" % (mean, low, high) if len(rows) > 1 else "%.2f (1 round)" % mean)
        print("| %s | %s |" % (loss, " | ".join(cells)))


def geometric_ci(ratios):
    """(geometric mean, low, high) of the ratios: the 95% t-interval of their logarithms' mean, exponentiated.
    Ratios of times are skewed (a stall doubles a time, nothing halves it), so their logarithms are averaged."""
    logs = [math.log(x) for x in ratios]
    mean = statistics.fmean(logs)
    if len(logs) < 2:
        return math.exp(mean), math.exp(mean), math.exp(mean)
    n = len(logs)
    half = (T95[n - 2] if n - 1 <= len(T95) else 1.96) * statistics.stdev(logs) / math.sqrt(n)
    return math.exp(mean), math.exp(mean - half), math.exp(mean + half)


if __name__ == "__main__":
    main()
