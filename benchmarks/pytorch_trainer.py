#!/usr/bin/env python3
"""The example trainer's default run, in PyTorch: the examples/s to put beside `dl4j-losses train`'s.

`examples/bin/dl4j-losses train` with its defaults trains the CNN tower of examples' `Towers` (conv 5x5x16 ReLU,
max-pool 2, conv 3x3x32 ReLU, max-pool 2, dense 512 ReLU, dense 256) with multi-similarity (alpha 2, beta 50,
lambda 0.5, epsilon 0.1, mining on) for one epoch of 63 P x K batches (P = 5 classes x K = 16 images) drawn with
replacement from Fashion-MNIST classes 0-4 of the bundled test split, Adam lr 3e-5, FLOAT, and prints
"epoch 1: N batches, M images in S s (R img/s)" with the batch assembly inside the timed loop. This script does
the same in PyTorch on the same files and prints the same line, so the two rates compare one to one. DL4J's
default weight initialisation (Xavier: normal, std sqrt(2 / (fan_in + fan_out)), zero biases) is used. As a check
that the network trains alike it also prints Recall@1 (cosine, leave-one-out) over the 5,000 unseen images of
classes 5-9 before and after training (the trainer's README table: 92.86% after its default run).

Needs PyTorch (Debian 12: apt-get install python3-torch libopenblas0-pthread; see pytorch_baseline.py), which is neither a project dependency nor used by CI:

    THREADS=2 /usr/bin/python3 benchmarks/pytorch_trainer.py [--epochs 1] [--repeats 3] [--out result.json]

THREADS (default: all cores) sets torch.set_num_threads, OMP_NUM_THREADS and OPENBLAS_NUM_THREADS, as
benchmarks/run.sh does for ND4J. --repeats trains that many fresh networks (same seed) and reports each run's rate.
"""
import argparse
import gzip
import json
import os
import platform
import time

THREADS = int(os.environ.get("THREADS", os.cpu_count() or 1))
os.environ["OMP_NUM_THREADS"] = str(THREADS)
os.environ["OPENBLAS_NUM_THREADS"] = str(THREADS)

import torch  # noqa: E402  (threads must be set in the environment first)
import torch.nn.functional as F  # noqa: E402

from pytorch_baseline import multi_similarity  # noqa: E402  (the formula BaselineCrossCheck holds to ours)
# (importing pytorch_baseline restarts this script once with glibc's allocator settings, see there)

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "src", "main", "resources",
                    "fashion-mnist")
P, K, BATCHES, LR, SEED = 5, 16, 63, 3e-5, 42


def read_idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return torch.frombuffer(bytearray(raw[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def tower():
    """examples' Towers.build(CNN, 1, 28, 28, 256, 0, false, 0) with DL4J's Xavier initialisation."""
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2, 2),
        torch.nn.Conv2d(16, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2, 2),
        torch.nn.Flatten(),
        torch.nn.Linear(32 * 5 * 5, 512), torch.nn.ReLU(),
        torch.nn.Linear(512, 256))
    for m in net:
        if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            torch.nn.init.xavier_normal_(m.weight)  # std sqrt(2 / (fan_in + fan_out)), receptive field included
            torch.nn.init.zeros_(m.bias)
    return net


def recall_at_1(net, images, labels):
    with torch.no_grad():
        e = F.normalize(net(images), dim=1)
        s = e @ e.t()
        s.fill_diagonal_(float("-inf"))
        return (labels[s.argmax(1)] == labels).float().mean().item()


def train_once(train_by_class, test_x, test_y, epochs, seed):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    net = tower()
    before = recall_at_1(net, test_x, test_y)
    opt = torch.optim.Adam(net.parameters(), lr=LR)
    classes = list(train_by_class)
    epoch_lines = []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        images = 0
        total = 0.0
        for _ in range(BATCHES):
            # P classes (all five here) x K images each, drawn with replacement, as PKBatchIterator does
            chosen = torch.randperm(len(classes), generator=gen)[:P]
            xs, ys = [], []
            for c in chosen.tolist():
                pool = train_by_class[classes[c]]
                xs.append(pool[torch.randint(len(pool), (K,), generator=gen)])
                ys.append(torch.full((K,), classes[c]))
            x = torch.cat(xs).float().div_(255.0).unsqueeze(1)
            y = torch.cat(ys)
            opt.zero_grad()
            loss = multi_similarity(net(x), y)
            loss.backward()
            opt.step()
            total += loss.item()
            images += x.shape[0]
        seconds = time.perf_counter() - start
        line = "epoch %d: %d batches, %s images in %.1f s (%.1f img/s)" % (
            epoch, BATCHES, format(images, ","), seconds, images / seconds)
        print(line, flush=True)
        epoch_lines.append({"epoch": epoch, "images": images, "seconds": seconds, "images_per_second": images / seconds,
                            "mean_loss": total / BATCHES})
    after = recall_at_1(net, test_x, test_y)
    print("Recall@1 on classes 5-9: untrained %.2f%%, trained %.2f%%" % (100 * before, 100 * after), flush=True)
    return {"epochs": epoch_lines, "recall_at_1_untrained": before, "recall_at_1_trained": after}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--out")
    args = ap.parse_args()
    torch.set_num_threads(THREADS)
    x = read_idx("t10k-images-idx3-ubyte.gz")
    y = read_idx("t10k-labels-idx1-ubyte.gz").long()
    train_by_class = {c: x[y == c] for c in range(5)}
    unseen = y >= 5
    test_x = x[unseen].float().div_(255.0).unsqueeze(1)
    test_y = y[unseen]
    runs = [train_once(train_by_class, test_x, test_y, args.epochs, SEED) for _ in range(args.repeats)]
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"torch": torch.__version__, "python": platform.python_version(), "threads": THREADS,
                       "cpu": platform.processor() or platform.machine(), "load_average": os.getloadavg(),
                       "p": P, "k": K, "batches": BATCHES, "lr": LR, "runs": runs}, f, indent=2)


if __name__ == "__main__":
    main()
