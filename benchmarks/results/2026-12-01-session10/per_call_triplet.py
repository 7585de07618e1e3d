#!/usr/bin/env python3
"""Per-call times of PyTorch's triplet loss + backward at 512x128 (pytorch_baseline.py's inputs), 3,000 calls after
200 warm-up calls: min, percentiles, max and mean in ms. Session 10 ran it with glibc's allocator settings varied:

    GLIBC_MALLOC_DEFAULTS=1 OMP_WAIT_POLICY=PASSIVE OPENBLAS_THREAD_TIMEOUT=4 /usr/bin/python3 per_call_triplet.py
    MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=134217728 OMP_WAIT_POLICY=PASSIVE ... per_call_triplet.py

(importing pytorch_baseline restarts the script with its allocator settings unless GLIBC_MALLOC_DEFAULTS=1 or
MALLOC_MMAP_THRESHOLD_ is set). T (default 2) is the thread count.
"""
import importlib.util
import os
import statistics
import time

import torch

torch.set_num_threads(int(os.environ.get("T", "2")))
here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("pb", os.path.join(here, "..", "..", "pytorch_baseline.py"))
pb = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pb)
x, labels = pb.make_inputs("TRIPLET", 512, 128, torch.Generator().manual_seed(1))
x.requires_grad_(True)
step = pb.loss_step(pb.triplet, x, labels)
for _ in range(200):
    step()
ts = []
for _ in range(3000):
    t0 = time.perf_counter()
    step()
    ts.append((time.perf_counter() - t0) * 1e3)
ts.sort()
q = lambda p: ts[int(p * len(ts))]  # noqa: E731
print("min %.2f p10 %.2f p50 %.2f p90 %.2f p99 %.2f max %.2f mean %.2f"
      % (ts[0], q(.1), q(.5), q(.9), q(.99), ts[-1], statistics.fmean(ts)))
