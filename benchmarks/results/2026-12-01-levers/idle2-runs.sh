#!/usr/bin/env bash
# After merging CacheMode HOST as the builders' default (2026-12-01 ~09:35 UTC, nothing else running): the DL4J
# graph with CacheMode NONE (DEFAULT) and HOST interleaved, then PyTorch's step, at 2 and at 1 thread.
set -uo pipefail
R=benchmarks/results/2026-12-01-levers
A=$R/ab.sh
log() { echo "== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
py() {
  THREADS=$2 OMP_NUM_THREADS=$2 OPENBLAS_NUM_THREADS=$2 flock /tmp/jmh.lock sh -c "echo \"# start \$(date -u +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\"; \
    /usr/bin/python3 benchmarks/pytorch_baseline.py --filter GraphStepBenchmark --out $R/$1.json; \
    echo \"# end \$(date -u +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\"" > $R/$1.log 2>&1
}
log idle2-ab-t2;      $A idle2-ab-t2 '' 2 siamese,triplet 8 2 DEFAULT,CACHE_HOST
log idle2-pytorch-t2-a; py idle2-pytorch-t2-a 2
log idle2-pytorch-t2-b; py idle2-pytorch-t2-b 2
log idle2-ab-t1;      $A idle2-ab-t1 '' 1 siamese,triplet 6 2 DEFAULT,CACHE_HOST
log idle2-pytorch-t1; py idle2-pytorch-t1 1
log done
