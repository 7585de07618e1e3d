#!/usr/bin/env python3
"""Joins the JMH result of benchmarks/run.sh and the output of pytorch_baseline.py into Markdown
ratio tables (ours / PyTorch, ours / GEMM floor, SameDiff / analytic), marking the targets of
issue 9. Standard library only.

    python3 benchmarks/join_results.py benchmarks/target/jmh-result.json \
        benchmarks/target/pytorch-result.json > benchmarks/target/ratios.md
"""
import argparse
import json
import os

LOSS = "LossBenchmark.lossAndGradient"
LOSS_NO_WS = "LossBenchmark.lossAndGradientNoWorkspaceClosed"     # no workspace open, results closed after use
SAMEDIFF = "SameDiffLossBenchmark.lossAndGradient"
GEMM = "GemmFloorBenchmark.mmul"
STEPS = ("GraphStepBenchmark.siameseStep", "GraphStepBenchmark.tripletStep")
MEMORY = "BatchAllMemoryBenchmark"
SHAPES = ["128x128", "512x128", "1024x512"]
HEAD = "HeadBenchmark.lossAndGradient"
HEAD_SHAPES = ["256x128x1000", "512x512x10000"]
TARGET_HEAD_VS_TORCH = 1.0      # issue 17: heads' loss + gradients / PyTorch

# Targets of issue 9 (item 4).
TARGET_VS_TORCH = 0.8           # analytic loss+gradient / PyTorch, at these losses and shapes:
TARGET_VS_TORCH_LOSSES = {"CONTRASTIVE", "TRIPLET", "BATCH_TRIPLET_HARD", "INFONCE"}
TARGET_VS_TORCH_SHAPES = {"512x128", "1024x512"}
TARGET_VS_GEMM = 3.0            # batch losses / GEMM floor at 1024x512
BATCH_LOSSES = {"GENERALIZED_TRIPLET", "NPAIR", "INFONCE", "BATCH_TRIPLET_ALL", "BATCH_TRIPLET_HARD",
                "BATCH_TRIPLET_SEMI_HARD", "MULTI_SIMILARITY"}
TARGET_SAMEDIFF = 2.0           # SameDiff twin / analytic
TARGET_STEP = 1.5               # Siamese CNN step / PyTorch


UNIT_TO_US = {"ns/op": 1e-3, "us/op": 1.0, "ms/op": 1e3, "s/op": 1e6}


def load(path):
    """{(short benchmark name, loss, shape): (score us/op, error)}."""
    table = {}
    if not path or not os.path.exists(path):
        return table
    with open(path) as f:
        for r in json.load(f):
            name = ".".join(r["benchmark"].split(".")[-2:])
            p = r.get("params", {})
            m = r["primaryMetric"]
            scale = UNIT_TO_US[m["scoreUnit"]]
            error = m.get("scoreError")
            error = error * scale if isinstance(error, (int, float)) and error == error else None
            key = (name, p.get("loss") or p.get("head"), p.get("shape"))
            if "workspace" in p:
                key = (name + (" (in workspace)" if p["workspace"] == "true" else ""), p.get("loss"), p.get("shape"))
            table[key] = (m["score"] * scale, error, "us/op")
    return table


def fmt_time(v):
    if v is None:
        return "–"
    us = v[0]
    if us >= 10000:
        return "%.1f ms" % (us / 1000)
    if us >= 1000:
        return "%.2f ms" % (us / 1000)
    return "%.0f µs" % us


def ratio(a, b, target=None):
    if a is None or b is None or b[0] == 0:
        return "–"
    r = a[0] / b[0]
    text = "%.2f" % r
    if target is not None:
        text += " ✓" if r <= target else " ✗"
    return text


def loss_table(ours, torch):
    losses = sorted({k[1] for k in ours if k[0] == LOSS} | {k[1] for k in torch if k[0] == LOSS},
                    key=lambda n: (n in BATCH_LOSSES, n))
    lines = ["| loss | B×D | ours (analytic) | PyTorch | ours / PyTorch | ours, no workspace | its / PyTorch "
             "| GEMM floor | ours / GEMM | SameDiff | SameDiff / analytic |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for loss in losses:
        for shape in SHAPES:
            a = ours.get((LOSS, loss, shape))
            t = torch.get((LOSS, loss, shape))
            n = ours.get((LOSS_NO_WS, loss, shape))
            g = ours.get((GEMM, None, shape))
            s = ours.get((SAMEDIFF, loss, shape))
            if a is None and t is None:
                continue
            vs_torch = TARGET_VS_TORCH if loss in TARGET_VS_TORCH_LOSSES and shape in TARGET_VS_TORCH_SHAPES else None
            vs_gemm = TARGET_VS_GEMM if loss in BATCH_LOSSES and shape == "1024x512" else None
            lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                loss, shape.replace("x", "×"), fmt_time(a), fmt_time(t), ratio(a, t, vs_torch), fmt_time(n),
                ratio(n, t), fmt_time(g),
                ratio(a, g, vs_gemm), fmt_time(s), ratio(s, a, TARGET_SAMEDIFF if s else None)))
    return "\n".join(lines)


def head_table(ours, torch):
    heads = sorted({k[1] for k in ours if k[0] == HEAD} | {k[1] for k in torch if k[0] == HEAD})
    if not heads:
        return ""
    lines = ["| head | B×D×C | ours (analytic) | PyTorch | ours / PyTorch |", "|---|---|---:|---:|---:|"]
    for head in heads:
        for shape in HEAD_SHAPES:
            a, t = ours.get((HEAD, head, shape)), torch.get((HEAD, head, shape))
            if a is None and t is None:
                continue
            lines.append("| %s | %s | %s | %s | %s |" % (head, shape.replace("x", "×"), fmt_time(a), fmt_time(t),
                                                       ratio(a, t, TARGET_HEAD_VS_TORCH)))
    return "\n".join(lines)


def gemm_table(ours, torch):
    lines = ["| B×D | ND4J GEMM | PyTorch GEMM | ND4J / PyTorch |", "|---|---:|---:|---:|"]
    for shape in SHAPES:
        a, t = ours.get((GEMM, None, shape)), torch.get((GEMM, None, shape))
        lines.append("| %s | %s | %s | %s |" % (shape.replace("x", "×"), fmt_time(a), fmt_time(t), ratio(a, t)))
    return "\n".join(lines)


def step_table(ours, torch):
    lines = ["| training step (batch 64, small CNN) | DL4J | PyTorch | DL4J / PyTorch |", "|---|---:|---:|---:|"]
    for name in STEPS:
        a, t = ours.get((name, None, None)), torch.get((name, None, None))
        target = TARGET_STEP if name.endswith("siameseStep") else None
        lines.append("| %s | %s | %s | %s |" % (name.split(".")[-1], fmt_time(a), fmt_time(t), ratio(a, t, target)))
    return "\n".join(lines)


def memory_table(ours):
    rows = [(k, v) for k, v in ours.items() if k[0].startswith(MEMORY)]
    if not rows:
        return ""
    lines = ["| memory case (off-heap capped at 1 GiB) | B×D | time per call |", "|---|---|---:|"]
    for (name, loss, shape), v in sorted(rows, key=lambda kv: str(kv[0])):
        how = "inside a workspace" if "workspace" in name else "no workspace"
        lines.append("| %s, %s | %s | %s |" % (loss or "", how, (shape or "2048x128").replace("x", "×"), fmt_time(v)))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("jmh", help="JMH JSON from benchmarks/run.sh")
    ap.add_argument("pytorch", nargs="?", help="JSON from pytorch_baseline.py")
    args = ap.parse_args()
    ours, torch = load(args.jmh), load(args.pytorch)
    print("Loss + gradient, FLOAT, mean time per call (✓/✗: target of issue 9 met/missed)\n")
    print(loss_table(ours, torch))
    print("\nGEMM floor ([B,D]×[D,B])\n")
    print(gemm_table(ours, torch))
    print()
    print(step_table(ours, torch))
    heads = head_table(ours, torch)
    if heads:
        print("\nFace-recognition heads, loss + gradients (embeddings and class weights), FLOAT (✓/✗: ≤ 1× PyTorch,"
              " target of issue 17)\n")
        print(heads)
    mem = memory_table(ours)
    if mem:
        print()
        print(mem)


if __name__ == "__main__":
    main()
