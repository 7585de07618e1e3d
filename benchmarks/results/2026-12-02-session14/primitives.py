#!/usr/bin/env python3
"""The kernels of Primitives.java in PyTorch (float32, torch.set_num_threads(THREADS)): median µs of 400 calls after
100. Run: OMP_NUM_THREADS=2 THREADS=2 /usr/bin/python3 primitives.py"""
import os
import statistics
import time

import torch

torch.set_num_threads(int(os.environ.get("THREADS", "2")))


def time_it(shape, name, f):
    t = []
    for _ in range(500):
        s = time.perf_counter()
        f()
        t.append((time.perf_counter() - s) * 1e6)
    print(f"{shape}\t{name}\t{statistics.median(t[100:]):.1f}")


torch.manual_seed(1)
for b, d in ((512, 128), (1024, 512)):
    shape = f"{b}x{d}"
    x, y, g, column = torch.randn(b, d), torch.randn(b, d), torch.rand(b, b), torch.rand(b, 1)
    time_it(shape, "gemm [B,D]x[D,B]", lambda: x @ y.t())
    time_it(shape, "gemm [B,B]x[B,D]", lambda: g @ x)
    time_it(shape, "exp [B,B]", lambda: torch.exp(g))
    time_it(shape, "row sums [B,B]", lambda: g.sum(1, keepdim=True))
    time_it(shape, "column sums [B,B]", lambda: g.sum(0, keepdim=True))
    time_it(shape, "row max [B,B]", lambda: g.max(1, keepdim=True))
    time_it(shape, "sum of all [B,B]", lambda: g.sum())
    time_it(shape, "add [B,B]+[B,B]", lambda: g + g)
    time_it(shape, "add [B,B]+[B,B]^T", lambda: g + g.t())
    time_it(shape, "broadcast multiply [B,B]*[B,1]", lambda: g * column)
    time_it(shape, "scalar add on [B,1]", lambda: column + 1.0)
