#!/usr/bin/env python3
"""PyTorch CPU baseline for the dl4j-losses JMH benchmarks.

Times, on the CPU, forward + backward of the PyTorch equivalent of every benchmarked loss (PyTorch's
own TripletMarginLoss; the formulas of DESIGN.md written in torch for the others), the GEMM floor
([B,D] x [D,B]) and one SGD training step of the Siamese / Triplet networks with the same small CNN
tower, at the shapes, data type (float32) and thread count of the Java benchmarks. It prints (and with
--out writes) JSON in the shape of JMH's `-rf json` output, with the same benchmark and parameter
names, so that `join_results.py` can pair the two.

Needs PyTorch, which is neither a project dependency nor needed by CI. On Debian 12:

    apt-get update && apt-get install -y python3-torch libopenblas0-pthread     # PyTorch 1.13.1, OpenBLAS, OpenMP

python3-torch links the system's libblas.so.3, which apt satisfies with the reference BLAS (libblas3) unless OpenBLAS
is installed: PyTorch's products then run unvectorised (a 512→64 linear layer on 80 rows took 64 ms); the script
refuses to run on it (BLAS_CHECK=0 lets it).

Run with the system interpreter (the Debian package installs into /usr/lib/python3):

    THREADS=2 /usr/bin/python3 benchmarks/pytorch_baseline.py --out benchmarks/target/pytorch-result.json

THREADS (default: all cores) sets torch.set_num_threads, OMP_NUM_THREADS and OPENBLAS_NUM_THREADS,
as benchmarks/run.sh does for ND4J.
"""
import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

# glibc's allocator keeps freed buffers of up to 64 MB in the process, as benchmarks/run.sh sets for the JVM: with its
# defaults every large tensor freed after a call goes back to the kernel and is faulted in again page by page on the
# next (~13 µs per 4 KB page on our VM; up to 30x a loss's own time). glibc reads these at start-up, so the script
# restarts itself once with them set; each one given keeps its value, as in run.sh; GLIBC_MALLOC_DEFAULTS=1 keeps
# glibc's defaults. MALLOC_ARENA_MAX=1 as run.sh sets it for the JVM (this script allocates from its main thread, in
# the main arena, either way).
_MALLOC_DEFAULTS = {"MALLOC_MMAP_THRESHOLD_": "67108864", "MALLOC_TRIM_THRESHOLD_": "134217728",
                    "MALLOC_ARENA_MAX": "1"}
if not os.environ.get("GLIBC_MALLOC_DEFAULTS") and not _MALLOC_DEFAULTS.keys() <= os.environ.keys():
    os.environ.update({k: v for k, v in _MALLOC_DEFAULTS.items() if k not in os.environ})
    os.execv(sys.executable, [sys.executable] + sys.argv)

THREADS = int(os.environ.get("THREADS", os.cpu_count() or 1))
os.environ["OMP_NUM_THREADS"] = str(THREADS)
os.environ["OPENBLAS_NUM_THREADS"] = str(THREADS)

import torch  # noqa: E402  (threads must be set in the environment first)
import torch.nn.functional as F  # noqa: E402


def loaded_blas():
    """Path of the libblas the process mapped (after a product has loaded it), '' if none is named libblas."""
    torch.ones(2, 2) @ torch.ones(2, 2)
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "libblas" in line or "libopenblas" in line}
    return " ".join(sorted(paths))


BLAS = loaded_blas() if os.path.exists("/proc/self/maps") else ""
# Debian's reference BLAS lives in .../blas/ (OpenBLAS's libblas.so.3 in .../openblas-pthread/ or similar); another
# library (e.g. LAPACK) may map OpenBLAS beside it, so the test is for the reference one, not for OpenBLAS.
if os.environ.get("BLAS_CHECK", "1") != "0" and "/blas/libblas.so" in BLAS:
    sys.exit(f"pytorch_baseline: PyTorch runs on the reference BLAS ({BLAS}), not a tuned one; install OpenBLAS "
             "(Debian: apt-get install libopenblas0-pthread) or set BLAS_CHECK=0 to time it anyway")

SHAPES = ["128x128", "512x128", "1024x512"]
K = 4  # samples per class in a labelled (P x K) batch, as InputFamily.LABELLED
PKG = "io.github.dl4jlosses.benchmarks."


# ------------------------------------------------------------------------------------------ inputs

def make_inputs(family, b, d, gen):
    """(preOutput, labels) as benchmarks' InputFamily builds them (standard normal embeddings)."""
    blocks = {"PAIR": 2, "TRIPLET": 3, "MULTI_SAMPLE_2_2": 5, "PAIR_BATCH": 2, "LABELLED": 1}[family]
    x = torch.randn(b, blocks * d, generator=gen, dtype=torch.float32)
    i = torch.arange(b)
    labels = {"PAIR": i % 2, "PAIR_BATCH": i, "LABELLED": i // K}.get(family, torch.zeros(b, dtype=torch.long))
    return x, labels


# ------------------------------------------------------------------------------------------ losses
# Each takes the embeddings x (requires_grad) and integer labels, and returns the scalar loss.

def contrastive(x, s, m_neg=1.0):
    x1, x2 = x.chunk(2, dim=1)
    d = F.pairwise_distance(x1, x2)
    s = s.to(x.dtype)
    return (s * F.relu(d) ** 2 + (1 - s) * F.relu(m_neg - d) ** 2).mean()


_triplet_margin = torch.nn.TripletMarginLoss(margin=1.0, p=2)


def triplet(x, _labels):
    a, p, n = x.chunk(3, dim=1)
    return _triplet_margin(a, p, n)


def multi_sample_triplet(x, _labels, positives=2, negatives=2, margin=1.0):
    b = x.shape[0]
    d = x.shape[1] // (1 + positives + negatives)
    a = x[:, :d].unsqueeze(1)
    p = x[:, d:(1 + positives) * d].reshape(b, positives, d)
    n = x[:, (1 + positives) * d:].reshape(b, negatives, d)
    dp = (a - p).norm(dim=2).mean(dim=1)
    dn = (a - n).norm(dim=2).mean(dim=1)
    return F.relu(dp - dn + margin).mean()


def _squared_euclidean_matrix(x, y):
    """Squared Euclidean distance matrix from one GEMM, clamped at 0 like Distance.matrix."""
    s = (x * x).sum(1, keepdim=True) + (y * y).sum(1).unsqueeze(0) - 2.0 * (x @ y.t())
    return s.clamp_min(0.0)


def _euclidean_matrix(x, y):
    s = _squared_euclidean_matrix(x, y)
    # subgradient 0 at a zero distance, as Distance.EUCLIDEAN
    return torch.where(s > 0, s.clamp_min(1e-30).sqrt(), torch.zeros_like(s))


def generalized_triplet(x, _labels, margin=0.2):
    """LossGeneralizedTriplet defaults: squared Euclidean, margin 0.2, hardest in-batch negative."""
    a, p = x.chunk(2, dim=1)
    m = _squared_euclidean_matrix(a, p)
    eye = torch.eye(m.shape[0], dtype=torch.bool)
    hardest_neg = m.masked_fill(eye, float("inf")).min(dim=1).values
    return F.relu(m.diagonal() - hardest_neg + margin).mean()


def npair(x, _labels, reg_lambda=0.002):
    a, p = x.chunk(2, dim=1)
    logits = a @ p.t()
    target = torch.arange(a.shape[0])
    reg = reg_lambda * 0.25 * ((a * a).sum(1).mean() + (p * p).sum(1).mean())
    return F.cross_entropy(logits, target) + reg


def infonce(x, _labels, temperature=0.07, symmetric=False):
    a, p = x.chunk(2, dim=1)
    logits = F.normalize(a, dim=1) @ F.normalize(p, dim=1).t() / temperature
    target = torch.arange(a.shape[0])
    loss = F.cross_entropy(logits, target)
    if symmetric:
        loss = 0.5 * (loss + F.cross_entropy(logits.t(), target))
    return loss


def _label_masks(labels):
    same = labels.unsqueeze(0) == labels.unsqueeze(1)
    eye = torch.eye(labels.shape[0], dtype=torch.bool)
    return same & ~eye, ~same  # positive pairs (i != j), negative pairs


def batch_triplet_hard(x, labels, margin=1.0):
    m = _euclidean_matrix(x, x)
    pos, neg = _label_masks(labels)
    hardest_pos = m.masked_fill(~pos, float("-inf")).max(dim=1).values
    hardest_neg = m.masked_fill(~neg, float("inf")).min(dim=1).values
    return F.relu(hardest_pos - hardest_neg + margin).mean()


def batch_triplet_all(x, labels, margin=1.0):
    """Mean over the triplets with a positive loss; (anchor, positive) pairs x negatives: no [B,B,B]."""
    m = _euclidean_matrix(x, x)
    pos, neg = _label_masks(labels)
    ai, pi = pos.nonzero(as_tuple=True)                       # the anchor-positive pairs
    t = F.relu(m[ai, pi].unsqueeze(1) - m[ai] + margin) * neg[ai]  # [pairs, B]
    active = (t > 0).sum()
    return t.sum() / active.clamp_min(1)


def batch_triplet_semi_hard(x, labels, margin=1.0):
    """TensorFlow Addons' triplet_semihard_loss: per (a, p) the nearest negative farther than p,
    else the farthest negative; mean over the anchor-positive pairs."""
    m = _euclidean_matrix(x, x)
    pos, neg = _label_masks(labels)
    ai, pi = pos.nonzero(as_tuple=True)
    dap = m[ai, pi].unsqueeze(1)
    dan = m[ai]
    negs = neg[ai]
    outside = negs & (dan > dap)
    nearest_outside = dan.masked_fill(~outside, float("inf")).min(dim=1).values
    farthest_inside = dan.masked_fill(~negs, float("-inf")).max(dim=1).values
    chosen = torch.where(outside.any(dim=1), nearest_outside, farthest_inside)
    return F.relu(dap.squeeze(1) - chosen + margin).mean()


def multi_similarity(x, labels, alpha=2.0, beta=50.0, lam=0.5, eps=0.1):
    xn = F.normalize(x, dim=1)
    s = xn @ xn.t()
    pos, neg = _label_masks(labels)
    with torch.no_grad():  # mining selects pairs; it is not differentiated
        min_pos = s.masked_fill(~pos, float("inf")).min(dim=1, keepdim=True).values
        max_neg = s.masked_fill(~neg, float("-inf")).max(dim=1, keepdim=True).values
        keep_neg = neg & (s + eps > min_pos)
        keep_pos = pos & (s - eps < max_neg)
    pos_term = torch.log1p((torch.exp(-alpha * (s - lam)) * keep_pos).sum(1)) / alpha
    neg_term = torch.log1p((torch.exp(beta * (s - lam)) * keep_neg).sum(1)) / beta
    return (pos_term + neg_term).mean()


_EXCLUDED = -1e9  # a finite "minus infinity" for masked log-sum-exp entries (an all-masked row stays finite)


def _valid_anchors(pos, neg):
    """Anchors with a positive and a negative: the losses below average over them."""
    return pos.any(dim=1) & neg.any(dim=1)


def circle(x, labels, m=0.25, gamma=256.0):
    """LossCircle defaults (Sun 2020; pytorch-metric-learning's CircleLoss): cosine similarities, weights
    alpha detached, softplus of the two log-sum-exps, mean over valid anchors."""
    xn = F.normalize(x, dim=1)
    s = xn @ xn.t()
    pos, neg = _label_masks(labels)
    alpha_p = (1 + m - s.detach()).clamp_min(0)
    alpha_n = (s.detach() + m).clamp_min(0)
    logit_p = (-gamma * alpha_p * (s - (1 - m))).masked_fill(~pos, _EXCLUDED)
    logit_n = (gamma * alpha_n * (s - m)).masked_fill(~neg, _EXCLUDED)
    u = torch.logsumexp(logit_p, dim=1) + torch.logsumexp(logit_n, dim=1)
    return F.softplus(u)[_valid_anchors(pos, neg)].mean()


def supcon(x, labels, temperature=0.07):
    """LossSupCon defaults (Khosla 2020, L_out; pytorch-metric-learning's SupConLoss): cosine similarities / tau,
    log-sum-exp over every other row minus the mean over the positives, mean over valid anchors."""
    xn = F.normalize(x, dim=1)
    z = xn @ xn.t() / temperature
    pos, neg = _label_masks(labels)
    lse = torch.logsumexp(z.masked_fill(~(pos | neg), _EXCLUDED), dim=1)
    mean_pos = (z * pos).sum(1) / pos.sum(1).clamp_min(1)
    return (lse - mean_pos)[_valid_anchors(pos, neg)].mean()


def lifted_structure(x, labels, pos_margin=0.0, neg_margin=1.0):
    """LossLiftedStructure defaults (generalized lifted structure, Hermans 2017; pytorch-metric-learning's
    GeneralizedLiftedStructureLoss without its embedding normalisation): Euclidean distances."""
    d = _euclidean_matrix(x, x)
    pos, neg = _label_masks(labels)
    u = (torch.logsumexp((d - pos_margin).masked_fill(~pos, _EXCLUDED), dim=1)
         + torch.logsumexp((neg_margin - d).masked_fill(~neg, _EXCLUDED), dim=1))
    return F.relu(u)[_valid_anchors(pos, neg)].mean()


# LossCase name -> (input family, loss). Mirrors benchmarks' LossCase registry.
LOSSES = {
    "CONTRASTIVE": ("PAIR", contrastive),
    "TRIPLET": ("TRIPLET", triplet),
    "MULTI_SAMPLE_TRIPLET": ("MULTI_SAMPLE_2_2", multi_sample_triplet),
    "GENERALIZED_TRIPLET": ("PAIR_BATCH", generalized_triplet),
    "NPAIR": ("PAIR_BATCH", npair),
    "INFONCE": ("PAIR_BATCH", infonce),
    "BATCH_TRIPLET_ALL": ("LABELLED", batch_triplet_all),
    "BATCH_TRIPLET_HARD": ("LABELLED", batch_triplet_hard),
    "BATCH_TRIPLET_SEMI_HARD": ("LABELLED", batch_triplet_semi_hard),
    "MULTI_SIMILARITY": ("LABELLED", multi_similarity),
    "CIRCLE": ("LABELLED", circle),
    "SUPCON": ("LABELLED", supcon),
    "LIFTED_STRUCTURE": ("LABELLED", lifted_structure),
}


# ------------------------------------------------------------------------------------------ heads
# Face-recognition heads (io.github.dl4jlosses.heads, issue 17): embeddings x [B,D] and class weights
# w [D, C*K] both require grad (sub-centre k of class c in column c*K + k); labels are class ids [B].

HEAD_SHAPES = ["256x128x1000", "512x512x10000"]


def _class_cosines(x, w, k=1):
    cos = F.normalize(x, dim=1) @ F.normalize(w, dim=0)
    if k > 1:
        cos = cos.view(x.shape[0], -1, k).max(dim=2).values
    return cos


def _margin_softmax(cos, labels, s, phi_of):
    c = cos.gather(1, labels[:, None])
    logits = cos.scatter(1, labels[:, None], phi_of(c)) * s
    return F.cross_entropy(logits, labels)


def arcface(x, w, labels, s=64.0, m=0.5, k=1):
    """Deng 2019 (insightface ArcMarginProduct): s*cos(theta+m), c - m*sin(m) once theta + m > pi."""
    def phi(c):
        sin = (1.0 - c * c).clamp_min(1e-12).sqrt()
        return torch.where(c > math.cos(math.pi - m), c * math.cos(m) - sin * math.sin(m), c - m * math.sin(m))
    return _margin_softmax(_class_cosines(x, w, k), labels, s, phi)


def cosface(x, w, labels, s=64.0, m=0.35):
    """Wang 2018: s*(cos theta - m)."""
    return _margin_softmax(_class_cosines(x, w), labels, s, lambda c: c - m)


def subcenter_arcface(x, w, labels):
    """Deng 2020: K = 3 sub-centres, max over them, then ArcFace."""
    return arcface(x, w, labels, k=3)


def proxy_anchor(x, w, labels, alpha=32.0, delta=0.1):
    """Kim 2020, eq. 4 (as pytorch-metric-learning's ProxyAnchorLoss, without its mining options)."""
    cos = _class_cosines(x, w)
    classes = cos.shape[1]
    pos = F.one_hot(labels, classes).to(cos.dtype)
    neg = 1.0 - pos
    p_sum = (torch.exp(-alpha * (cos - delta)) * pos).sum(0)
    n_sum = (torch.exp(alpha * (cos + delta)) * neg).sum(0)
    with_pos = (pos.sum(0) > 0).sum()
    return torch.log1p(p_sum).sum() / with_pos + torch.log1p(n_sum).sum() / classes


# HeadBenchmark.HeadCase name -> (sub-centres K, loss)
HEADS = {
    "ARCFACE": (1, arcface),
    "COSFACE": (1, cosface),
    "SUBCENTER_ARCFACE": (3, subcenter_arcface),
    "PROXY_ANCHOR": (1, proxy_anchor),
}


def head_step(loss_fn, x, w, labels):
    def step():
        x.grad = None
        w.grad = None
        loss_fn(x, w, labels).backward()
    return step


# ------------------------------------------------------------------------------------------ CNN

def small_cnn():
    """Same tower as benchmarks' SmallCnn: 1x28x28 -> 32-d embedding."""
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(32 * 4 * 4, 64), torch.nn.ReLU(),
        torch.nn.Linear(64, 32))


def training_step(branches, batch=64):
    """One SGD step of the shared-tower graph: stack the branches, embed, split, loss, backward, update."""
    gen = torch.Generator().manual_seed(42)
    tower = small_cnn()
    opt = torch.optim.SGD(tower.parameters(), lr=0.01)
    images = [torch.rand(batch, 1, 28, 28, generator=gen) for _ in range(branches)]
    pair_labels = torch.arange(batch) % 2

    def step():
        opt.zero_grad()
        emb = tower(torch.cat(images, dim=0))
        if branches == 2:
            loss = contrastive(torch.cat(emb.chunk(2, dim=0), dim=1), pair_labels)
        else:
            a, p, n = emb.chunk(3, dim=0)
            loss = _triplet_margin(a, p, n)
        loss.backward()
        opt.step()
    return step


# ------------------------------------------------------------------------------------------ timing

# Student t quantiles for JMH's 99.9% confidence interval (two-sided), by degrees of freedom.
_T999 = {1: 636.62, 2: 31.60, 3: 12.92, 4: 8.61, 5: 6.87, 6: 5.96, 7: 5.41, 8: 5.04, 9: 4.78,
         10: 4.59, 14: 4.14, 19: 3.88, 29: 3.66}


def _t999(df):
    return _T999.get(df) or _T999[max(k for k in _T999 if k <= df)]


def one_iteration(fn, seconds):
    """Calls fn for `seconds`; the mean us per call."""
    ops = 0
    start = time.perf_counter()
    while True:
        fn()
        ops += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed / ops * 1e6


def measure(fn, warmup_iters, iters, seconds):
    """JMH-like: warm-up and measured iterations of `seconds` each; score = mean us/op per iteration."""
    for _ in range(warmup_iters):
        one_iteration(fn, seconds)
    raw = [one_iteration(fn, seconds) for _ in range(iters)]
    mean = statistics.fmean(raw)
    err = _t999(len(raw) - 1) * statistics.stdev(raw) / math.sqrt(len(raw)) if len(raw) > 1 else float("nan")
    return mean, err, raw


def result(benchmark, params, timing):
    mean, err, raw = timing
    return {"benchmark": PKG + benchmark, "mode": "avgt", "threads": 1, "forks": 1,
            "params": params,
            "primaryMetric": {"score": mean, "scoreError": err, "scoreUnit": "us/op", "rawData": [raw]}}


def loss_step(loss_fn, x, labels):
    def step():
        x.grad = None
        loss_fn(x, labels).backward()
    return step


def lockstep(folder, seconds, out):
    """Serves benchmarks/lockstep.sh: after each iteration of a JMH fork (Lockstep.java) runs one iteration of the
    same loss and shape, then hands the turn back, fork after fork, until stopped. The pipes' ends are opened in the
    order the Java side opens them (to-java, then to-python). The measured iterations are written to `out` after
    each fork, one row per JMH benchmark method and parameters (its iterations in the order of the Java side's), in
    the shape of JMH's JSON with "lockstep": true."""
    steps, raw, jvm_cpu, own_cpu = {}, {}, {}, {}
    while True:
        with open(os.path.join(folder, "to-java"), "w") as answers, \
                open(os.path.join(folder, "to-python")) as turns:
            waiting = _own_cpu()
            for line in turns:                       # "benchmark k=v,k=v TYPE index pid"; EOF when the fork ends
                idle = _own_cpu() - waiting          # our CPU while the JVM ran: ~0 unless threads spin
                benchmark, params, kind, _, pid = line.split()
                params = dict(kv.split("=", 1) for kv in params.split(","))
                key = (params["loss"], params["shape"])
                if key not in steps:                 # inputs as main() makes them for --loss (a fresh seed 42)
                    b, d = (int(v) for v in params["shape"].split("x"))
                    family, fn = LOSSES[params["loss"]]
                    x, labels = make_inputs(family, b, d, torch.Generator().manual_seed(42))
                    steps[key] = loss_step(fn, x.requires_grad_(True), labels)
                jvm_before = _process_cpu(pid)
                us = one_iteration(steps[key], seconds)
                if kind == "MEASUREMENT":
                    row = (benchmark,) + key
                    raw.setdefault(row, []).append(us)
                    jvm_cpu.setdefault(row, []).append(_process_cpu(pid) - jvm_before)
                    own_cpu.setdefault(row, []).append(idle)
                answers.write("done\n")
                answers.flush()
                waiting = _own_cpu()
        # Beside the times: the JVM's CPU seconds while we ran (its collector or ND4J's deallocator finishing the
        # work of its own second on our time would flatter it) and ours while it ran.
        rows = [{"benchmark": name, "mode": "avgt", "threads": 1, "forks": 1, "lockstep": True,
                 "params": {"loss": loss, "shape": shape},
                 "primaryMetric": {"score": statistics.fmean(r), "scoreUnit": "us/op", "rawData": [r]},
                 "jvmCpuSecondsInOurTurn": jvm_cpu[(name, loss, shape)],
                 "ourCpuSecondsInItsTurn": own_cpu[(name, loss, shape)]}
                for (name, loss, shape), r in raw.items()]
        with open(out, "w") as f:
            json.dump(rows, f, indent=2)


def _own_cpu():
    """CPU seconds this process has used, all its threads."""
    t = os.times()
    return t.user + t.system


def _process_cpu(pid):
    """CPU seconds process `pid` has used, all its threads (/proc/PID/stat's utime + stime); NaN where unreadable."""
    try:
        with open("/proc/%s/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def write_check_cases(path, b=16, d=8):
    """Small inputs (float64) and the loss each formula above gives, to check they are the Java losses."""
    cases = {}
    for name, (family, fn) in LOSSES.items():
        x, labels = make_inputs(family, b, d, torch.Generator().manual_seed(5))
        x = (0.3 * x).double()
        cases[name] = {"x": x.tolist(), "labels": labels.tolist(), "pytorch": fn(x, labels).item()}
    classes = 5
    for name, (k, fn) in HEADS.items():
        gen = torch.Generator().manual_seed(6)
        x = torch.randn(b, d, generator=gen, dtype=torch.float64)
        w = torch.randn(d, classes * k, generator=gen, dtype=torch.float64)
        labels = torch.arange(b) % classes
        cases[name] = {"x": x.tolist(), "w": w.tolist(), "classes": classes, "labels": labels.tolist(),
                       "pytorch": fn(x, w, labels).item()}
    with open(path, "w") as f:
        json.dump(cases, f)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="also write the JSON here")
    ap.add_argument("--wi", type=int, default=3, help="warm-up iterations (default 3)")
    ap.add_argument("--i", type=int, default=5, help="measured iterations (default 5)")
    ap.add_argument("--time", type=float, default=1.0, help="seconds per iteration (default 1)")
    ap.add_argument("--filter", default="", help="only benchmarks whose name or loss contains this")
    ap.add_argument("--loss", default="", help="only this loss (its exact LossCase name; no other benchmark)")
    ap.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated B x D shapes of the losses "
                    "(default: %(default)s)")
    ap.add_argument("--check-out", help="instead of timing, write small float64 inputs and PyTorch's loss values "
                    "here, for the Java cross-check (io.github.dl4jlosses.benchmarks.BaselineCrossCheck)")
    ap.add_argument("--lockstep", metavar="FOLDER", help="take turns with JMH's LossBenchmark forks through the "
                    "pipes in FOLDER, iteration by iteration, writing the measured ones to --out (benchmarks/"
                    "lockstep.sh); runs until stopped")
    args = ap.parse_args()
    if args.lockstep:
        if not args.out:
            ap.error("--lockstep needs --out, the file its measured iterations go to")
        torch.set_num_threads(THREADS)
        lockstep(args.lockstep, args.time, args.out)
        return
    if args.check_out:
        write_check_cases(args.check_out)
        return

    torch.set_num_threads(THREADS)
    torch.manual_seed(42)
    results = []

    def wanted(*names):
        if args.loss:
            return names[0] == "LossBenchmark.lossAndGradient" and names[-1] == args.loss
        return not args.filter or any(args.filter.lower() in n.lower() for n in names)

    for shape in args.shapes.split(","):
        b, d = (int(v) for v in shape.split("x"))
        gen = torch.Generator().manual_seed(42)
        if wanted("GemmFloorBenchmark.mmul"):
            x = torch.randn(b, d, generator=gen)
            y = torch.randn(b, d, generator=gen)
            results.append(result("GemmFloorBenchmark.mmul", {"shape": shape},
                                  measure(lambda: x @ y.t(), args.wi, args.i, args.time)))
        for name, (family, fn) in LOSSES.items():
            if not wanted("LossBenchmark.lossAndGradient", name):
                continue
            x, labels = make_inputs(family, b, d, gen)
            x.requires_grad_(True)
            results.append(result("LossBenchmark.lossAndGradient", {"loss": name, "shape": shape},
                                  measure(loss_step(fn, x, labels), args.wi, args.i, args.time)))
    for shape in HEAD_SHAPES:
        b, d, c = (int(v) for v in shape.split("x"))
        for name, (k, fn) in HEADS.items():
            if not wanted("HeadBenchmark.lossAndGradient", name):
                continue
            gen = torch.Generator().manual_seed(42)
            x = torch.randn(b, d, generator=gen).requires_grad_(True)
            w = torch.randn(d, c * k, generator=gen).requires_grad_(True)
            labels = torch.randint(0, c, (b,), generator=gen)
            results.append(result("HeadBenchmark.lossAndGradient", {"head": name, "shape": shape},
                                  measure(head_step(fn, x, w, labels), args.wi, args.i, args.time)))
    for bench, branches in (("GraphStepBenchmark.siameseStep", 2), ("GraphStepBenchmark.tripletStep", 3)):
        if wanted(bench):
            results.append(result(bench, {}, measure(training_step(branches), args.wi, args.i, args.time)))

    env = {"torch": torch.__version__, "python": platform.python_version(), "threads": torch.get_num_threads(),
           "cpu": platform.processor() or platform.machine(), "loadavg": os.getloadavg(),
           "openblasThreadTimeout": os.environ.get("OPENBLAS_THREAD_TIMEOUT", ""),
           "ompWaitPolicy": os.environ.get("OMP_WAIT_POLICY", ""), "blas": BLAS,
           "mallocMmapThreshold": os.environ.get("MALLOC_MMAP_THRESHOLD_", ""),
           "mallocTrimThreshold": os.environ.get("MALLOC_TRIM_THRESHOLD_", ""),
           "mallocArenaMax": os.environ.get("MALLOC_ARENA_MAX", "")}
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
        with open(os.path.splitext(args.out)[0] + ".env.json", "w") as f:
            json.dump(env, f)
    print(json.dumps(env), file=sys.stderr)


if __name__ == "__main__":
    main()
